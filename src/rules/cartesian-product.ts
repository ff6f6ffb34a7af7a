import { definePlanRule } from '../core/rule.js';
import { formatCount, nodeLabel, quote } from '../plan/text.js';
import { isAnalyzed, type PlanVisit } from '../plan/walk.js';

// Defaults from ExplainSQL's ES010 (cartesian product): a Nested Loop without join filter whose output is at least
// 90% of outer × inner rows and at least 1,000 rows; quiet when one side is a single row, the inner side is
// parameterized by the outer row, or the join is a semi or anti join (research notes, dynamic.md §3.3).
const defaultOptions = { minRows: 1000 };

/** Its output is at least this share of outer × inner rows: every pair survives. */
const PRODUCT_SHARE = 0.9;

const CONDITION_KEYS = ['Index Cond', 'Recheck Cond', 'Filter', 'Join Filter', 'Hash Cond', 'Merge Cond', 'TID Cond', 'Cache Key', 'One-Time Filter'];

export default definePlanRule({
  meta: {
    id: 'cartesian-product',
    category: 'plan',
    severity: 'warning',
    needsAnalyze: false,
    summary: 'A join pairs every row of one side with every row of the other: no join condition links them.',
    why:
      'Without a condition between two tables, Postgres returns every combination of their rows: the result has ' +
      'outer × inner rows, so it grows with the product of both tables. It is nearly always a forgotten ON or WHERE ' +
      'clause (often after a refactoring of a comma-separated FROM list), and it shows up as a query that was fast ' +
      'on a small database and becomes impossible on a real one.',
    safeAlternative:
      'Add the missing join condition (`JOIN ... ON a.x = b.y`, or the WHERE clause that links the tables). If the ' +
      'product is intended, write it as an explicit CROSS JOIN and keep both sides small (and turn this rule off for ' +
      'the query with an ignore comment).',
    defaultOptions,
    optionDocs: {
      minRows: 'Only flag products of at least this many rows (actual with ANALYZE, estimated without).',
    },
    examples: {
      existing:
        'CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  country text NOT NULL\n);\n' +
        "INSERT INTO customers SELECT g, (ARRAY['DE', 'FR', 'JP', 'US'])[1 + g % 4] FROM generate_series(1, 2000) AS g;\n" +
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers,\n  status text NOT NULL\n);\n' +
        "INSERT INTO orders\nSELECT g, 1 + g % 2000, CASE WHEN g % 1000 = 0 THEN 'late' ELSE 'delivered' END\n" +
        'FROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE customers;\nVACUUM ANALYZE orders;',
      bad: ["SELECT c.id, o.id\nFROM customers c, orders o\nWHERE c.country = 'JP' AND o.status = 'late';"],
      good: ["SELECT c.id, o.id\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nWHERE c.country = 'JP' AND o.status = 'late';"],
    },
    references: ['https://www.postgresql.org/docs/current/queries-table-expressions.html#QUERIES-JOIN'],
  },
  check(plan, context) {
    const { minRows } = context.options;
    const analyzed = isAnalyzed(plan);
    for (const visit of context.nodes) {
      const { node } = visit;
      if (node['Node Type'] !== 'Nested Loop' || node['Join Filter'] || node['Join Type'] === 'Semi' || node['Join Type'] === 'Anti') continue;
      const outer = visit.children.find((c) => c.node['Parent Relationship'] === 'Outer');
      const inner = visit.children.find((c) => c.node['Parent Relationship'] === 'Inner');
      if (!outer || !inner || parameterized(inner, outer)) continue;
      const outerRows = analyzed ? (outer.node['Actual Rows'] ?? 0) * (outer.node['Actual Loops'] ?? 0) : (outer.node['Plan Rows'] ?? 0);
      // The inner side's rows per run: each outer row meets all of them.
      const innerRows = analyzed ? (inner.node['Actual Rows'] ?? 0) : (inner.node['Plan Rows'] ?? 0);
      const output = analyzed ? (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 0) : (node['Plan Rows'] ?? 0);
      if (outerRows <= 1 || innerRows <= 1 || output < minRows || output < PRODUCT_SHARE * outerRows * innerRows) continue;
      const sides = [outer, inner].map((side) => nodeLabel(source(side).node));
      context.report({
        node,
        quote: [outer.node, inner.node],
        message:
          `${nodeLabel(node)} pairs each of ${analyzed ? '' : 'an estimated '}${formatCount(outerRows)} rows from ${sides[0]} with all ${formatCount(innerRows)} rows ` +
          `from ${sides[1]} (${formatCount(output)} rows) without a join condition between them.`,
        evidence: { outerRows: Math.round(outerRows), innerRows: Math.round(innerRows), rows: Math.round(output), estimated: !analyzed },
      });
    }
  },
});

/** True when a condition inside the inner side refers to a table of the outer side: the inner runs per outer row. */
function parameterized(inner: PlanVisit, outer: PlanVisit): boolean {
  const aliases = new Set<string>();
  const collect = (v: PlanVisit): void => {
    if (v.node.Alias) aliases.add(v.node.Alias);
    v.children.forEach(collect);
  };
  collect(outer);
  const conditions: string[] = [];
  const gather = (v: PlanVisit): void => {
    for (const key of CONDITION_KEYS) if (typeof v.node[key] === 'string') conditions.push(v.node[key] as string);
    v.children.forEach(gather);
  };
  gather(inner);
  return conditions.some((condition) => [...aliases].some((alias) => referencesAlias(condition, alias)));
}

function referencesAlias(condition: string, alias: string): boolean {
  const escaped = quote(alias).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$."])${escaped}\\.`).test(condition);
}

/** The node that produces a side's rows, looking through a Materialize that only caches them. */
function source(side: PlanVisit): PlanVisit {
  let visit = side;
  while (visit.node['Node Type'] === 'Materialize' && visit.children[0]) visit = visit.children[0];
  return visit;
}
