import rule from '../../../src/rules/repeated-inner-scan.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/repeated-inner-scan.good-1', name: 'an index lookup per outer row, a small share of the runtime' },
    { plan: 'nested-loop-index-lookups', name: 'a Memoize caches the inner side' },
    { plan: 'examples/cartesian-product.bad-1', name: 'a Materialize caches the inner side' },
    { plan: 'cross-join-single-row', name: 'the inner side runs once' },
    { plan: 'examples/repeated-inner-scan.bad-1', name: 'more loops required', options: { minLoops: 21 } },
    { plan: 'examples/repeated-inner-scan.bad-1', name: 'a larger repeated share required', options: { minRepeatedShare: 0.96 } },
  ],
  invalid: [
    {
      plan: 'examples/repeated-inner-scan.bad-1',
      name: 'a Seq Scan of orders 20 times under a Limit and a Sort',
      findings: [
        {
          node: 'Nested Loop',
          message: 'Nested Loop runs its inner side 20 times, once per outer row, and each run scans all of public.orders: 95% of its time goes into repeating it.',
          help: /CREATE INDEX CONCURRENTLY ON public\.orders \(customer_id\);/,
          lines: [
            'Nested Loop  (cost=1887.53..37753.88 rows=20 width=29) (actual time=5.096..89.053 rows=20 loops=1)',
            '  Buffers: shared hit=12743',
            '  ->  Limit  (cost=1887.25..1887.25 rows=1 width=8) (actual time=4.444..4.445 rows=1 loops=20)',
            '        Buffers: shared hit=12740',
            '        ->  Sort  (cost=1887.25..1887.38 rows=50 width=8) (actual time=4.442..4.442 rows=1 loops=20)',
            '              Sort Key: o.created_at DESC',
            '              Sort Method: top-N heapsort  Memory: 16kB',
            '              Buffers: shared hit=12740',
            '              ->  Seq Scan on public.orders o  (cost=0.00..1887.00 rows=50 width=8) (actual time=0.008..4.374 rows=50 loops=20)',
            '                    Filter: (o.customer_id = c.id)',
            '                    Rows Removed by Filter: 99950',
            '                    Buffers: shared hit=12740',
          ],
          evidence: { loops: 20, estimated: false },
        },
      ],
    },
    {
      plan: 'lateral-estimate',
      name: 'estimate only: 20 outer rows × an inner side costing 2,185.25',
      findings: [{ node: 'Nested Loop', message: /runs its inner side an estimated 20 times.*95% of its cost/, evidence: { estimated: true } }],
    },
    {
      plan: 'correlated-subquery',
      name: 'a SubPlan scanning orders for each of 20 customers',
      findings: [
        {
          node: 'Index Scan using customers_pkey on public.customers c',
          message: /runs SubPlan 1 20 times, once per row, and each run scans all of public\.orders: 95% of its time/,
          help: /rewrite the subquery as a join/,
          lines: [
            'Index Scan using customers_pkey on public.customers c  (cost=0.28..43712.58 rows=20 width=16) (actual time=9.922..144.452 rows=20 loops=1)',
            '  Index Cond: (c.id <= 80)',
            "  Filter: (c.country = 'JP'::text)",
            '  Rows Removed by Filter: 60',
            '  Index Searches: 1',
            '  Buffers: shared hit=18703',
            '  SubPlan 1',
            '    ->  Aggregate  (cost=2185.12..2185.14 rows=1 width=8) (actual time=7.211..7.211 rows=1 loops=20)',
            '          Buffers: shared hit=18700',
            '          ->  Seq Scan on public.orders o  (cost=0.00..2185.00 rows=50 width=0) (actual time=0.004..7.141 rows=50 loops=20)',
            '                Filter: (o.customer_id = c.id)',
            '                Rows Removed by Filter: 99950',
            '                Buffers: shared hit=18700',
          ],
        },
      ],
    },
  ],
});
