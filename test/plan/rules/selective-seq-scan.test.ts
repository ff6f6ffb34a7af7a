import rule from '../../../src/rules/selective-seq-scan.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/selective-seq-scan.good-1', name: 'an index scan instead' },
    { plan: 'examples/selective-seq-scan.good-2', name: 'keeps 99,900 of 100,000 rows' },
    { plan: 'seq-scan-small-table', name: 'keeps 1 of 2,000 rows: the table is small' },
    { plan: 'seq-scan-estimate', name: 'estimate only, table size unknown' },
    { plan: 'seq-scan-estimate', name: 'estimate only, a small table', tableRows: { orders: 40_000 } },
    { plan: 'orders-all-estimate', name: 'no filter', tableRows: { orders: 100_000 } },
    { plan: 'examples/selective-seq-scan.bad-1', name: 'a higher share allowed', options: { maxKeptShare: 0.001 } },
    { plan: 'examples/selective-seq-scan.bad-1', name: 'a larger table required', options: { minRows: 200_000 } },
  ],
  invalid: [
    {
      plan: 'examples/selective-seq-scan.bad-1',
      name: 'reads 100,000 rows (100 kept + 99,900 removed) to return 100',
      findings: [
        {
          node: 'Seq Scan on public.orders',
          message: "Seq Scan on public.orders read 100,000 rows to return 100 (0.1%): the filter (orders.status = 'late'::text) is checked on every row of the table.",
          help: /CREATE INDEX CONCURRENTLY ON public\.orders \(status\);/,
          lines: [
            'Seq Scan on public.orders  (cost=0.00..1986.00 rows=110 width=14) (actual time=0.325..10.583 rows=100 loops=1)',
            "  Filter: (orders.status = 'late'::text)",
            '  Rows Removed by Filter: 99900',
            '  Buffers: shared hit=736',
          ],
          evidence: { rowsRead: 100_000, rowsReturned: 100, estimated: false },
        },
      ],
    },
    {
      plan: 'seq-scan-two-columns',
      name: 'two equality columns in the suggested index',
      findings: [
        {
          node: 'Seq Scan on public.orders',
          message: /read 100,000 rows to return 50 \(0\.05%\)/,
          help: /CREATE INDEX CONCURRENTLY ON public\.orders \(status, customer_id\);/,
        },
      ],
    },
    {
      plan: 'seq-scan-small-table',
      name: 'a small table counts with a lower minRows',
      options: { minRows: 1000 },
      findings: [{ node: 'Seq Scan on public.customers', message: /read 2,000 rows to return 1 \(0\.05%\)/ }],
    },
    {
      plan: 'seq-scan-estimate',
      name: 'estimate only: 100 of the 100,000 rows the caller says the table has',
      tableRows: { orders: 100_000 },
      findings: [
        {
          node: 'Seq Scan on public.orders',
          message: /would read 100,000 rows to return about 100 \(0\.1%\)/,
          evidence: { estimated: true },
        },
      ],
    },
    {
      plan: 'correlated-subquery',
      name: 'a scan repeated 20 times: 2,000,000 rows read for 1,000 returned',
      findings: [{ node: 'Seq Scan on public.orders o', message: /read 2,000,000 rows to return 1,000 \(0\.05%\)/, help: /\(customer_id\)/ }],
    },
  ],
});
