import rule from '../../../src/rules/row-misestimate.js';
import { planRuleTester } from '../plan-rule-tester.js';

planRuleTester(rule, {
  valid: [
    { plan: 'examples/row-misestimate.good-1', name: 'extended statistics: 199 estimated, 200 returned' },
    { plan: 'misestimate-small', name: '1 estimated, 20 returned: too few rows to matter' },
    { plan: 'misestimate-estimate-only', name: 'no ANALYZE, nothing to compare' },
    { plan: 'examples/unbounded-result.good-1', name: 'an index scan stopped early by a Limit returns fewer rows than estimated' },
    { plan: 'examples/row-misestimate.bad-1', name: 'a larger factor required', options: { factor: 100 } },
    { plan: 'examples/row-misestimate.bad-1', name: 'more rows required', options: { minRows: 500 } },
    'examples/cartesian-product.bad-1',
    'lossy-brin',
  ],
  invalid: [
    {
      plan: 'examples/row-misestimate.bad-1',
      name: 'underestimate: 4 estimated, 200 returned',
      findings: [
        {
          node: 'Seq Scan on public.addresses',
          message:
            'Seq Scan on public.addresses returned 200 rows where the planner expected 4 (50x more): the statistics misjudge how many rows match ' +
            '((addresses.city_id = 14) AND (addresses.zip_code = 140)), so what the planner built on this estimate was sized for the wrong amount of data.',
          help: /ANALYZE on public\.addresses/,
          evidence: { estimatedRows: 4, actualRows: 200, factor: 50, direction: 'under' },
        },
      ],
    },
    {
      plan: 'misestimate-overestimate',
      name: 'overestimate: 25,070 estimated, none returned',
      findings: [{ node: 'Seq Scan on public.addresses', message: /returned 0 rows where the planner expected 25,070 \(25070x fewer\)/, evidence: { direction: 'over' } }],
    },
    {
      plan: 'misestimate-below-join',
      name: 'reported at the index scan (11 estimated, 1,000 returned), not at the join that inherits it',
      findings: [{ node: 'Index Scan using orders_pkey on public.orders o', message: /returned 1,000 rows where the planner expected 11 \(91x more\)/ }],
    },
  ],
});
