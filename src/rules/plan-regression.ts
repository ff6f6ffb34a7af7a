import { defineRule } from '../core/rule.js';
import { DEFAULT_COMPARE_OPTIONS, type CompareOptions } from '../explain/compare.js';

/** Reported by `check`'s explain phase, which plans each query before and after the change and compares the plans. */
export default defineRule<CompareOptions>({
  meta: {
    id: 'plan-regression',
    category: 'plan',
    severity: 'warning',
    summary: "A query's plan gets worse on the schema after the change: an index scan is lost or the estimated cost rises.",
    why:
      'The change removes or alters something the planner relied on: a dropped or rebuilt index, a column whose new ' +
      'type no longer matches the index or the comparison, statistics that a rewrite threw away. A query that found ' +
      'its rows through an index now reads the whole table, on every call, from the moment the migration commits; on ' +
      'a large table that is a slow query for every user and more load on the server, and it does not show up in ' +
      'review because the query itself did not change.',
    safeAlternative:
      'Keep an index the query needs, or create its replacement (CREATE INDEX CONCURRENTLY) in an earlier migration ' +
      'than the one that drops the old one. After a change that rewrites a table (ALTER COLUMN ... TYPE), run ANALYZE ' +
      'on it in the migration so the planner has statistics again. If the new plan is expected, raise `costIncrease` ' +
      'or ignore the finding.',
    postgres: {
      note:
        'Costs are the planner\'s estimates and their scale differs between major versions; both plans come from the ' +
        'same server and the same seeded data, so they compare with each other, not with production figures.',
    },
    defaultOptions: DEFAULT_COMPARE_OPTIONS,
    optionDocs: {
      costIncrease: "Report a rise of the query's total estimated cost above this share of the cost before the change.",
      trivialCost:
        'Never report a plan whose total estimated cost after the change is below this: it reads a handful of pages ' +
        'whatever the change did (RegreSQL uses the same gate).',
    },
    examples: {
      existing:
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\n' +
        'CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n' +
        'INSERT INTO orders SELECT g, 1 + g % 2000, g % 500 + 0.99 FROM generate_series(1, 100000) AS g;\n' +
        'VACUUM ANALYZE orders;\n-- queries/orders.sql:\n-- SELECT id, total FROM orders WHERE customer_id = $1;',
      bad: ['DROP INDEX CONCURRENTLY orders_customer_id_idx;'],
      good: [
        'ALTER TABLE orders ADD COLUMN note text;',
        'CREATE INDEX CONCURRENTLY orders_customer_id_total_idx ON orders (customer_id) INCLUDE (total);\nDROP INDEX CONCURRENTLY orders_customer_id_idx;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/using-explain.html',
      'https://www.postgresql.org/docs/current/planner-stats.html',
      'https://www.postgresql.org/docs/current/sql-dropindex.html',
    ],
  },
  create: () => ({}),
});
