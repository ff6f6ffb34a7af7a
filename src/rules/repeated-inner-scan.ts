import { definePlanRule } from '../core/rule.js';
import { comparedColumns } from '../plan/conditions.js';
import type { Explain, PlanNode } from '../plan/model.js';
import { formatCount, formatShare, nodeLabel, relationName } from '../plan/text.js';
import { inclusiveTime, isAnalyzed, workShare, type PlanVisit } from '../plan/walk.js';

// Defaults from ExplainSQL's ES005 (expensive nested loop inner): the inner side runs at least twice, the repeated
// runs take at least 50% of the loop's time, the loop at least 10% of the runtime, and the inner side is a seq scan
// or removes at least 10x the rows it keeps; quiet when Materialize or Memoize caches the inner side (research
// notes, dynamic.md §3.3 and §3.6). The same reasoning applies to a correlated subquery's SubPlan.
const defaultOptions = { minLoops: 2, minRepeatedShare: 0.5, minRuntimeShare: 0.1, minRemovedRatio: 10 };

const CACHES = new Set(['Materialize', 'Memoize']);

export default definePlanRule({
  meta: {
    id: 'repeated-inner-scan',
    category: 'plan',
    severity: 'warning',
    needsAnalyze: false,
    summary: 'A nested loop or correlated subquery scans its inner side again for every outer row.',
    why:
      'A Nested Loop runs its inner side once per row of its outer side, and a correlated subquery (SubPlan) runs once ' +
      'per row it is evaluated for. That is fast when each run is an index lookup; when each run scans a table or ' +
      'throws most of what it reads away, the work is outer rows × table size, and it grows with both tables.',
    safeAlternative:
      'Give the inner side an index on the columns it compares with the outer row, so each run is a lookup (with ' +
      'CREATE INDEX CONCURRENTLY in a migration). If the outer side returns far more rows than the planner expected, ' +
      'fix that estimate (ANALYZE, extended statistics) so it can choose a hash join; rewrite a correlated subquery ' +
      'as a join with GROUP BY so it runs once.',
    defaultOptions,
    optionDocs: {
      minLoops: 'Only inner sides that ran (or are estimated to run) at least this many times.',
      minRepeatedShare: "Flag when the repeated runs take at least this share of the loop's time (of its cost without ANALYZE).",
      minRuntimeShare: 'Only loops that take at least this share of the execution time (of the estimated cost without ANALYZE).',
      minRemovedRatio: 'An inner side that is not a seq scan counts when it reads and discards this many rows for each row it keeps.',
    },
    examples: {
      existing:
        'CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  name text NOT NULL\n);\n' +
        "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 2000) AS g;\n" +
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers,\n  created_at timestamptz NOT NULL\n);\n' +
        "INSERT INTO orders\nSELECT g, 1 + g % 2000, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'\n" +
        'FROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE customers;\nVACUUM ANALYZE orders;',
      bad: [
        '-- The latest order of each of 20 customers.\nSELECT c.id, c.name, latest.created_at\nFROM customers c\nCROSS JOIN LATERAL (\n' +
          '  SELECT o.created_at FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 1\n) latest\nWHERE c.id <= 20;',
      ],
      good: [
        'CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);\n' +
          'SELECT c.id, c.name, latest.created_at\nFROM customers c\nCROSS JOIN LATERAL (\n' +
          '  SELECT o.created_at FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 1\n) latest\nWHERE c.id <= 20;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/planner-optimizer.html',
      'https://www.postgresql.org/docs/current/using-explain.html#USING-EXPLAIN-BASICS',
    ],
  },
  check(plan, context) {
    const { options } = context;
    for (const inner of context.nodes) {
      const driver = inner.parent;
      if (!driver) continue;
      const relationship = inner.node['Parent Relationship'];
      const subplan = relationship === 'SubPlan';
      if (!subplan && !(relationship === 'Inner' && driver.node['Node Type'] === 'Nested Loop')) continue;
      if (CACHES.has(inner.node['Node Type'])) continue;

      const repeated = isAnalyzed(plan) ? measured(inner, driver) : estimated(plan, inner, driver, subplan);
      if (!repeated || repeated.loops < options.minLoops || repeated.share < options.minRepeatedShare) continue;
      if (workShare(plan, driver, false) < options.minRuntimeShare) continue;
      const culprit = findCulprit(inner, options.minRemovedRatio, repeated.estimated);
      if (!culprit) continue;

      const { node } = culprit;
      const table = relationName(node) ?? nodeLabel(node);
      const side = subplan ? (inner.node['Subplan Name'] ?? 'its subquery') : 'its inner side';
      const perRun =
        node['Node Type'] === 'Seq Scan'
          ? `scans all of ${table}`
          : `reads ${formatCount(removedPerLoop(node) + (node['Actual Rows'] ?? 0))} rows of ${table} to keep ${formatCount(node['Actual Rows'] ?? 0)}`;
      const columns = comparedColumns([node.Filter, node['Join Filter']].filter(Boolean).join(' AND '), node.Alias).map((c) => c.column);
      const tableName = relationName(node);
      context.report({
        node: driver.node,
        quote: pathTo(inner, culprit),
        message:
          `${nodeLabel(driver.node)} runs ${side} ${repeated.estimated ? 'an estimated ' : ''}${formatCount(repeated.loops)} times, once per ` +
          `${subplan ? 'row' : 'outer row'}, and each run ${perRun}: ${formatShare(repeated.share)} of its ${repeated.estimated ? 'cost' : 'time'} goes into repeating it.`,
        help:
          columns.length && tableName
            ? `Index the columns each run looks up, so a run is an index lookup: CREATE INDEX CONCURRENTLY ON ${tableName} (${columns.join(', ')}); ` +
              `(in a migration).${subplan ? ' Or rewrite the subquery as a join with GROUP BY so it runs once.' : ' If the outer side returned more rows than estimated, fix that estimate so the planner can pick a hash join.'}`
            : undefined,
        evidence: { loops: Math.round(repeated.loops), repeatedShare: Number(repeated.share.toFixed(3)), estimated: repeated.estimated },
      });
    }
  },
});

interface Repeated {
  loops: number;
  /** The share of the driving node's time (or cost) spent in the second and later runs. */
  share: number;
  estimated: boolean;
}

function measured(inner: PlanVisit, driver: PlanVisit): Repeated | undefined {
  const loops = (inner.node['Actual Loops'] ?? 0) / inner.processes;
  const innerTime = inclusiveTime(inner);
  const driverTime = inclusiveTime(driver);
  if (innerTime === undefined || !driverTime || loops < 1) return undefined;
  return { loops, share: (innerTime * (loops - 1)) / loops / driverTime, estimated: false };
}

function estimated(plan: Explain, inner: PlanVisit, driver: PlanVisit, subplan: boolean): Repeated | undefined {
  const outer = driver.children.find((c) => c.node['Parent Relationship'] === 'Outer');
  const loops = subplan ? driver.node['Plan Rows'] : outer?.node['Plan Rows'];
  const innerCost = inner.node['Total Cost'];
  const driverCost = driver.node['Total Cost'];
  if (loops === undefined || innerCost === undefined || !driverCost || plan.Plan['Total Cost'] === undefined) return undefined;
  return { loops, share: (innerCost * Math.max(0, loops - 1)) / driverCost, estimated: true };
}

/**
 * The node in the inner side that makes each run expensive: a Seq Scan, or (with ANALYZE) a scan that discards at
 * least `ratio` rows per row it keeps. Caches stop the search: below them the work is not repeated.
 */
function findCulprit(inner: PlanVisit, ratio: number, estimated: boolean): PlanVisit | undefined {
  const stack = [inner];
  while (stack.length) {
    const visit = stack.shift()!;
    const { node } = visit;
    if (CACHES.has(node['Node Type']) || node['Actual Loops'] === 0) continue;
    if (node['Node Type'] === 'Seq Scan') return visit;
    if (!estimated && removedPerLoop(node) >= ratio * Math.max(node['Actual Rows'] ?? 0, 1)) return visit;
    stack.push(...visit.children);
  }
  return undefined;
}

function removedPerLoop(node: PlanNode): number {
  return (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
}

/** The nodes from the inner side's top down to the culprit, to quote under the loop. */
function pathTo(inner: PlanVisit, culprit: PlanVisit): PlanNode[] {
  const path: PlanNode[] = [];
  for (let v: PlanVisit | undefined = culprit; v && v !== inner.parent; v = v.parent) path.unshift(v.node);
  return path;
}
