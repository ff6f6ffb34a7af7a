import { definePlanRule } from '../core/rule.js';
import type { PlanNode } from '../plan/model.js';
import { formatCount, nodeLabel } from '../plan/text.js';
import { relationsBelow, type PlanVisit } from '../plan/walk.js';

// Defaults: a factor of 10 is where pev2, explain.depesz.com and ExplainSQL's ES002 start flagging; ES002 ignores
// counts below 100 rows per loop on both sides unless 10,000 rows in total (research notes, dynamic.md §3.6).
const defaultOptions = { factor: 10, minRows: 100, minTotalRows: 10_000 };

// Their row counts are not estimates of their own: bitmap index scans count pages or TIDs loosely (BRIN reports
// ten rows per page, BitmapAnd/Or report none), and a recursive union's estimate is a guess by design.
const SKIPPED = new Set(['Bitmap Index Scan', 'BitmapAnd', 'BitmapOr', 'Recursive Union', 'WorkTable Scan']);

const CONDITION_KEYS = ['Hash Cond', 'Merge Cond', 'Join Filter', 'Index Cond', 'Recheck Cond', 'Filter'] as const;

export default definePlanRule({
  meta: {
    id: 'row-misestimate',
    category: 'plan',
    severity: 'notice',
    needsAnalyze: true,
    summary: "The planner's row estimate for a plan node is off by 10x or more.",
    why:
      'The planner chooses join methods, join order and memory use from its row estimates. When a node returns ten ' +
      'times more (or fewer) rows than estimated, every decision above it was made for the wrong amount of data: a ' +
      'nested loop that runs a hundred thousand times instead of ten, a hash table that spills, an index ignored. ' +
      'The usual causes are statistics gathered before the data changed and columns whose values depend on each ' +
      'other, which the planner treats as independent.',
    safeAlternative:
      'Run ANALYZE on the tables involved (and check that autovacuum analyzes them often enough). For columns that ' +
      'are correlated, create extended statistics: CREATE STATISTICS ... (dependencies, ndistinct, mcv) ON a, b FROM t; ' +
      'then ANALYZE. For skewed columns, raise the statistics target (ALTER TABLE ... ALTER COLUMN ... SET STATISTICS 1000).',
    defaultOptions,
    optionDocs: {
      factor: 'Flag a node whose actual rows differ from the estimate by this factor or more, either way.',
      minRows: 'Ignore a node whose estimated and actual rows per loop are both below this, unless `minTotalRows` is reached.',
      minTotalRows: 'Check a node that returned at least this many rows over all its loops, however few per loop.',
    },
    examples: {
      existing:
        'CREATE TABLE addresses (\n  id bigint PRIMARY KEY,\n  zip_code int NOT NULL,\n  city_id int NOT NULL\n);\n' +
        '-- The zip code decides the city: 500 zip codes in 50 cities.\n' +
        'INSERT INTO addresses\nSELECT g, g % 500, g % 500 / 10\nFROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE addresses;',
      bad: ['SELECT id FROM addresses WHERE city_id = 14 AND zip_code = 140;'],
      good: [
        'CREATE STATISTICS addresses_zip_city (dependencies) ON zip_code, city_id FROM addresses;\nANALYZE addresses;\n' +
          'SELECT id FROM addresses WHERE city_id = 14 AND zip_code = 140;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/planner-stats.html',
      'https://www.postgresql.org/docs/current/multivariate-statistics-examples.html',
      'https://www.postgresql.org/docs/current/sql-createstatistics.html',
    ],
  },
  check(_plan, context) {
    const { factor, minRows, minTotalRows } = context.options;
    for (const visit of context.nodes) {
      const { node } = visit;
      const loops = node['Actual Loops'];
      const estimate = node['Plan Rows'];
      if (!loops || estimate === undefined || SKIPPED.has(node['Node Type'])) continue;
      const actual = node['Actual Rows'] ?? 0;
      if (estimate < minRows && actual < minRows && actual * loops < minTotalRows) continue;
      const ratio = errorRatio(node);
      if (Math.max(ratio, 1 / ratio) < factor || (ratio < 1 && stoppedEarly(visit))) continue;
      // Report where the error starts: a node that only passes on its inputs' errors is not the place to fix.
      const own = ratio / inputError(visit);
      if (Math.max(own, 1 / own) < factor) continue;

      const more = ratio > 1;
      const times = Math.round(more ? ratio : 1 / ratio);
      const perLoop = loops > 1 ? ' per loop' : '';
      const conditions = CONDITION_KEYS.map((key) => node[key]).filter((c): c is string => typeof c === 'string');
      const misjudged = conditions.length
        ? `how many rows match ${conditions.join(' and ')}`
        : node['Group Key']
          ? `how many distinct (${node['Group Key'].join(', ')}) there are`
          : undefined;
      const tables = relationsBelow(visit);
      context.report({
        node,
        message:
          `${nodeLabel(node)} returned ${formatCount(actual)} rows${perLoop} where the planner expected ${formatCount(estimate)} ` +
          `(${times}x ${more ? 'more' : 'fewer'})${misjudged ? `: the statistics misjudge ${misjudged}` : ''}, so what the planner built on this estimate was sized for the wrong amount of data.`,
        help: tables.length
          ? `Run ANALYZE on ${tables.join(', ')}; if the conditions involve columns that depend on each other, create extended statistics on them ` +
            '(CREATE STATISTICS ... (dependencies, mcv) ON a, b FROM t) and ANALYZE again.'
          : undefined,
        evidence: { estimatedRows: estimate, actualRows: actual, loops, factor: times, direction: more ? 'under' : 'over' },
      });
    }
  },
});

/** Actual over estimated rows per loop, each at least 1 so that empty results compare sensibly. */
function errorRatio(node: PlanNode): number {
  return Math.max(node['Actual Rows'] ?? 0, 1) / Math.max(node['Plan Rows'] ?? 0, 1);
}

/**
 * True when something above the node may stop reading from it before it is done: a Limit, a merge join (which stops
 * when either side runs out), or the inner side of a semi or anti join (which stops at the first match). The
 * estimate is for a complete run, so fewer actual rows say nothing about the statistics.
 */
function stoppedEarly(visit: PlanVisit): boolean {
  for (let child = visit, parent = visit.parent; parent; child = parent, parent = parent.parent) {
    const { node } = parent;
    if (node['Node Type'] === 'Limit' || node['Node Type'] === 'Merge Join') return true;
    const join = node['Join Type'];
    if ((join === 'Semi' || join === 'Anti') && child.node['Parent Relationship'] === 'Inner') return true;
  }
  return false;
}

const JOINS = new Set(['Nested Loop', 'Hash Join', 'Merge Join']);

/**
 * How far off the node's inputs already were: a join's estimate multiplies its sides' estimates, so their errors
 * multiply; any other node (Append, Aggregate, Limit, ...) works on the sum of its inputs' rows. InitPlans and
 * SubPlans feed values, not rows. A Bitmap Heap Scan counts as a leaf: its bitmap's count is not comparable.
 */
function inputError(visit: PlanVisit): number {
  if (visit.node['Node Type'] === 'Bitmap Heap Scan') return 1;
  const inputs = visit.children.filter((c) => {
    const relationship = c.node['Parent Relationship'];
    return relationship !== 'InitPlan' && relationship !== 'SubPlan' && (c.node['Actual Loops'] ?? 0) > 0;
  });
  if (inputs.length === 0) return 1;
  if (JOINS.has(visit.node['Node Type'])) return inputs.reduce((product, child) => product * errorRatio(child.node), 1);
  const actual = inputs.reduce((sum, child) => sum + (child.node['Actual Rows'] ?? 0), 0);
  const estimate = inputs.reduce((sum, child) => sum + (child.node['Plan Rows'] ?? 0), 0);
  return Math.max(actual, 1) / Math.max(estimate, 1);
}
