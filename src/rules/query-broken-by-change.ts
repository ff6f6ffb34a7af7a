import { defineRule } from '../core/rule.js';

/** Reported by `check`'s explain phase when a query that plans on the schema before the change fails after it. */
export default defineRule({
  meta: {
    id: 'query-broken-by-change',
    category: 'plan',
    severity: 'error',
    summary: 'A query of the application fails on the schema after the change.',
    why:
      'sql-preflight planned the query on the schema the change starts from, where it works, and again after the ' +
      'change, where PostgreSQL rejects it: a column, table, function or type it uses was dropped, renamed or given ' +
      'another type. The application keeps sending the query from the moment the migration runs until every ' +
      'instance runs code that no longer uses it, and each call fails with this error.',
    safeAlternative:
      'Expand, then contract: deploy application code that no longer uses the old name or type first, and drop or ' +
      'rename in a later migration. For a rename, add the new column (or a view with the new name) and keep both ' +
      'until the old one is unused; for a type change, add a column of the new type, backfill it, and switch reads ' +
      'over before dropping the old one. If the query belongs to code that ships with this change, update it in the ' +
      'same pull request.',
    examples: {
      existing:
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\n' +
        '-- queries/orders.sql:\n-- SELECT id, total FROM orders WHERE customer_id = $1;',
      bad: ['ALTER TABLE orders RENAME COLUMN total TO amount;', 'ALTER TABLE orders DROP COLUMN total;'],
      good: ['ALTER TABLE orders ADD COLUMN amount numeric(12, 2);'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html',
      'https://www.postgresql.org/docs/current/ddl-alter.html',
    ],
  },
  create: () => ({}),
});
