import { definePlanRule } from '../core/rule.js';
import { formatCount, nodeLabel } from '../plan/text.js';
import { isAnalyzed, type PlanVisit } from '../plan/walk.js';

// Default from postgres.ai Joe's ADD_LIMIT tip: more than 10,000 rows and the top node is not a Limit (research
// notes, dynamic.md §2.5).
const defaultOptions = { maxRows: 10_000 };

/** Nodes that hand their single input's rows up unchanged in number (or nearly), so a Limit below them still bounds the result. */
const PASS_THROUGH = new Set(['Sort', 'Incremental Sort', 'Result', 'Unique', 'Subquery Scan', 'LockRows', 'Gather', 'Gather Merge', 'Materialize', 'ProjectSet', 'WindowAgg']);

export default definePlanRule({
  meta: {
    id: 'unbounded-result',
    category: 'plan',
    severity: 'warning',
    needsAnalyze: false,
    summary: 'A query returns very many rows and has no LIMIT.',
    why:
      'Every returned row is read, sent over the network and held by the client, and without a LIMIT the count grows ' +
      'with the table: a list that shows 20 items fetches all of them, and an endpoint that was fast on a small ' +
      'database times out or runs out of memory on a large one.',
    safeAlternative:
      'Add a LIMIT and paginate. Keyset pagination (`WHERE id > $1 ORDER BY id LIMIT 100`) stays fast on later ' +
      'pages, unlike a growing OFFSET. If the caller really needs every row (an export), stream them with a cursor ' +
      'in batches.',
    defaultOptions,
    optionDocs: {
      maxRows: 'Flag a query returning more rows than this (actual with ANALYZE, estimated without).',
    },
    examples: {
      existing:
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  status text NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\n' +
        "INSERT INTO orders\nSELECT g, CASE WHEN g % 1000 = 0 THEN 'late' ELSE 'delivered' END, g % 500 + 0.99\n" +
        'FROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE orders;',
      bad: ["SELECT id, total FROM orders WHERE status = 'delivered';"],
      good: ["SELECT id, total FROM orders WHERE status = 'delivered' ORDER BY id LIMIT 100;"],
    },
    references: ['https://www.postgresql.org/docs/current/queries-limit.html', 'https://www.postgresql.org/docs/current/sql-declare.html'],
  },
  check(plan, context) {
    const root = context.nodes[0];
    // INSERT, UPDATE and DELETE take no LIMIT; what they return is their RETURNING list for the rows they changed.
    if (!root || root.node['Node Type'] === 'ModifyTable' || limited(root)) return;
    const analyzed = isAnalyzed(plan);
    const rows = analyzed ? (root.node['Actual Rows'] ?? 0) * (root.node['Actual Loops'] ?? 0) : (root.node['Plan Rows'] ?? 0);
    if (rows <= context.options.maxRows) return;
    context.report({
      node: plan.Plan,
      message:
        `The query ${analyzed ? 'returned' : 'is estimated to return'} ${formatCount(rows)} rows (${nodeLabel(plan.Plan)}) and has no LIMIT: ` +
        'the client receives and holds all of them, and their number grows with the table.',
      evidence: { rows: Math.round(rows), estimated: !analyzed },
    });
  },
});

function limited(root: PlanVisit): boolean {
  for (let visit: PlanVisit | undefined = root; visit; ) {
    if (visit.node['Node Type'] === 'Limit') return true;
    if (!PASS_THROUGH.has(visit.node['Node Type'])) return false;
    const inputs: PlanVisit[] = visit.children.filter((c) => c.node['Parent Relationship'] !== 'InitPlan' && c.node['Parent Relationship'] !== 'SubPlan');
    visit = inputs.length === 1 ? inputs[0] : undefined;
  }
  return false;
}
