import rule from '../../../src/rules/cartesian-product.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/cartesian-product.good-1', name: 'a hash join on the foreign key' },
    { plan: 'cross-join-single-row', name: 'one side is a single row' },
    { plan: 'cross-join-small', name: '5 × 100 = 500 rows' },
    { plan: 'nested-loop-index-lookups', name: 'the inner side looks up each outer row (Cache Key, Index Cond)' },
    { plan: 'examples/repeated-inner-scan.bad-1', name: 'the inner side filters on the outer row' },
    { plan: 'lateral-estimate', name: 'estimate only, the inner side filters on the outer row' },
    { plan: 'examples/cartesian-product.bad-1', name: 'a larger product required', options: { minRows: 60_000 } },
  ],
  invalid: [
    {
      plan: 'examples/cartesian-product.bad-1',
      name: '500 customers × 100 orders = 50,000 rows',
      findings: [
        {
          node: 'Nested Loop',
          message:
            'Nested Loop pairs each of 500 rows from Seq Scan on public.customers c with all 100 rows from Seq Scan on public.orders o ' +
            '(50,000 rows) without a join condition between them.',
          lines: [
            'Nested Loop  (cost=0.00..2565.97 rows=43500 width=16) (actual time=0.165..25.219 rows=50000 loops=1)',
            '  Buffers: shared hit=747',
            '  ->  Seq Scan on public.customers c  (cost=0.00..36.00 rows=500 width=8) (actual time=0.015..0.458 rows=500 loops=1)',
            "        Filter: (c.country = 'JP'::text)",
            '        Rows Removed by Filter: 1500',
            '        Buffers: shared hit=11',
            '  ->  Materialize  (cost=0.00..1986.43 rows=87 width=8) (actual time=0.000..0.022 rows=100 loops=500)',
            '        Storage: Memory  Maximum Storage: 20kB',
            '        Buffers: shared hit=736',
          ],
          evidence: { outerRows: 500, innerRows: 100, rows: 50_000, estimated: false },
        },
      ],
    },
    {
      plan: 'cross-join-estimate',
      name: 'estimate only: 500 × 100',
      findings: [{ node: 'Nested Loop', message: /pairs each of an estimated 500 rows .* with all 100 rows .* \(50,000 rows\)/ }],
    },
  ],
});
