import rule from '../../../src/rules/lossy-bitmap-scan.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/lossy-bitmap-scan.good-1', name: 'all 3,031 blocks exact with 4MB' },
    { plan: 'lossy-brin', name: 'a BRIN bitmap: lossy by design, no exact block' },
    { plan: 'examples/lossy-bitmap-scan.bad-1', name: 'more lossy blocks required', options: { minLossyBlocks: 3000 } },
  ],
  invalid: [
    {
      plan: 'examples/lossy-bitmap-scan.bad-1',
      name: '2,362 lossy and 669 exact blocks with work_mem 64kB',
      findings: [
        {
          node: 'Bitmap Heap Scan on public.readings',
          message:
            'Bitmap Heap Scan on public.readings kept 2,362 of its 3,031 heap blocks as lossy page numbers because the bitmap did not fit in ' +
            'work_mem (64kB), so it rechecked every row on them and discarded 70,007.',
          lines: [
            'Bitmap Heap Scan on public.readings  (cost=117.41..4181.15 rows=9950 width=216) (actual time=0.956..12.173 rows=10000 loops=1)',
            '  Recheck Cond: (readings.sensor < 10)',
            '  Rows Removed by Index Recheck: 70007',
            '  Heap Blocks: exact=669 lossy=2362',
            '  Buffers: shared hit=3031 read=10',
          ],
          evidence: { lossyBlocks: 2362, exactBlocks: 669, rowsRemovedByRecheck: 70007 },
        },
      ],
    },
  ],
});
