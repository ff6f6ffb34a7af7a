import { defineRule } from '../core/rule.js';

/** Reported by `check`'s explain phase for an index its advisor created on the seeded data and measured. */
export default defineRule({
  meta: {
    id: 'index-suggestion',
    category: 'plan',
    severity: 'notice',
    summary: 'An index would at least halve the estimated cost of a query, as measured on the seeded database.',
    why:
      'The query reads a table through a sequential scan, a join or a sort that an index would serve. sql-preflight ' +
      'created the index on the throwaway database with seeded data, planned the query again, and the estimated cost ' +
      'fell by half or more; a second column is suggested only when it halves the cost again. Without the index the ' +
      'query reads every row of the table on each call, and its cost grows with the table.',
    safeAlternative:
      'Create the suggested index in a migration with CREATE INDEX CONCURRENTLY (outside a transaction block), which ' +
      'does not block writes while it builds. Weigh its size and the cost it adds to every INSERT and UPDATE of the ' +
      "table against how often the query runs; the seeded data is not production's, so check the plan there too.",
    examples: {
      existing:
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\n' +
        'INSERT INTO orders SELECT g, 1 + g % 2000, g % 500 + 0.99 FROM generate_series(1, 100000) AS g;\n' +
        'CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);\n' +
        "INSERT INTO countries VALUES ('DE', 'Germany'), ('FR', 'France'), ('JP', 'Japan');\n" +
        'VACUUM ANALYZE orders;\nVACUUM ANALYZE countries;',
      bad: ['SELECT id, total FROM orders WHERE customer_id = 42;'],
      good: ['SELECT id, total FROM orders WHERE id = 42;', "SELECT code FROM countries WHERE name = 'Japan';"],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
      'https://www.postgresql.org/docs/current/indexes-multicolumn.html',
      'https://www.postgresql.org/docs/current/using-explain.html',
    ],
  },
  create: () => ({}),
});
