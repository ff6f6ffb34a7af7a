import rule from '../../../src/rules/index-only-heap-fetches.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/index-only-heap-fetches.good-1', name: 'no heap fetches after VACUUM' },
    { plan: 'heap-fetches-few', name: '23 heap fetches for 2,000 rows' },
    { plan: 'examples/repeated-inner-scan.good-1', name: 'an index-only scan in a loop without heap fetches' },
    { plan: 'examples/index-only-heap-fetches.bad-1', name: 'more fetches required', options: { minFetches: 3000 } },
    { plan: 'examples/index-only-heap-fetches.bad-1', name: 'a larger share required', options: { minShare: 1.5 } },
  ],
  invalid: [
    {
      plan: 'examples/index-only-heap-fetches.bad-1',
      name: '2,667 heap fetches for 2,000 rows',
      findings: [
        {
          node: 'Index Only Scan using events_kind_id_idx on public.events',
          message:
            'Index Only Scan using events_kind_id_idx on public.events fetched 2,667 rows from public.events to return 2,000: ' +
            'their pages are not marked all-visible, so the index-only scan read the table anyway.',
          help: /^VACUUM public\.events/,
          evidence: { heapFetches: 2667, rows: 2000 },
        },
      ],
    },
    {
      plan: 'heap-fetches-few',
      name: 'any fetch counts with lower thresholds',
      options: { minFetches: 1, minShare: 0, minRuntimeShare: 0 },
      findings: [{ node: 'Index Only Scan using events_kind_id_idx on public.events', message: /fetched 23 rows/ }],
    },
  ],
});
