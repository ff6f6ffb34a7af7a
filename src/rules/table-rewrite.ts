import { defineRule } from '../core/rule.js';

/** Reported by `check` when the trace saw a rewrite that no static rule explained. */
export default defineRule({
  meta: {
    id: 'table-rewrite',
    category: 'trace',
    severity: 'error',
    summary: 'The statement rewrote an existing table or index on the database.',
    why:
      'A rewrite copies every row into new storage and rebuilds the indexes while holding an ACCESS EXCLUSIVE lock, ' +
      'so nothing can read or write the table until it finishes; on a large table that is minutes. sql-preflight ' +
      'saw it happen when it ran the statement (pg_class.relfilenode changed), even though no static rule predicted it.',
    safeAlternative:
      'Find the form of the change that Postgres can apply in place (see the ALTER TABLE notes), or build the new ' +
      'shape alongside the old one (new column or table, backfill in batches, switch, drop) so no single statement rewrites.',
    examples: {
      existing: 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12, 2));',
      bad: ['ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 4) USING total;'],
      good: ['ALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 2);'],
    },
    references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES'],
  },
  create: () => ({}),
});
