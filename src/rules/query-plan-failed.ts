import { defineRule } from '../core/rule.js';

/** Reported by `check`'s explain phase for a query of the change that PostgreSQL rejects on the schema after the change. */
export default defineRule({
  meta: {
    id: 'query-plan-failed',
    category: 'plan',
    severity: 'error',
    summary: 'A query of the change cannot be planned on the schema the migrations build.',
    why:
      'sql-preflight replayed the migrations, ran the change and asked PostgreSQL to plan the query (EXPLAIN, with a ' +
      'generic plan for its parameters), and PostgreSQL rejected it: a misspelt column or table, a table that no ' +
      'migration creates, a type mismatch, a syntax error. The application would get the same error on its first ' +
      'call. Queries that worked before the change and fail after it are reported as query-broken-by-change instead.',
    safeAlternative:
      'Fix the query so that it matches the schema, or add the migration that creates what it needs to the same change. ' +
      'If the object comes from outside the migrations (an extension, a role, a schema), list the SQL that creates it ' +
      'under `setup` in .sql-preflight.yml.',
    examples: {
      existing: 'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);',
      bad: ['SELECT id, totl FROM orders WHERE customer_id = $1;', 'SELECT id FROM order_lines WHERE order_id = $1;'],
      good: ['SELECT id, total FROM orders WHERE customer_id = $1;'],
    },
    references: ['https://www.postgresql.org/docs/current/sql-explain.html', 'https://www.postgresql.org/docs/current/sql-prepare.html'],
  },
  create: () => ({}),
});
