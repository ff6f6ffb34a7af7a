import rule from '../../../src/rules/unbounded-result.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/unbounded-result.good-1', name: 'LIMIT 100' },
    { plan: 'orders-by-status', name: 'an aggregate returning 2 rows' },
    { plan: 'orders-archive-insert', name: 'INSERT ... SELECT without RETURNING returns nothing' },
    { plan: 'seq-scan-estimate', name: 'about 100 rows estimated' },
    { plan: 'examples/unbounded-result.bad-1', name: 'a higher limit', options: { maxRows: 100_000 } },
  ],
  invalid: [
    {
      plan: 'examples/unbounded-result.bad-1',
      name: '99,900 rows without LIMIT',
      findings: [
        {
          node: 'Seq Scan on public.orders',
          message:
            'The query returned 99,900 rows (Seq Scan on public.orders) and has no LIMIT: the client receives and holds all of them, and their number grows with the table.',
          evidence: { rows: 99_900, estimated: false },
        },
      ],
    },
    {
      plan: 'orders-all-estimate',
      name: 'estimate only: 100,000 rows',
      findings: [{ node: 'Seq Scan on public.orders', message: /is estimated to return 100,000 rows/ }],
    },
    {
      plan: 'examples/spill-to-disk.bad-1',
      name: 'a Sort is no Limit',
      findings: [{ node: 'Sort', message: /returned 200,000 rows \(Sort\)/ }],
    },
  ],
});
