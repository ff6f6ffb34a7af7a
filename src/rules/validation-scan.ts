import { defineRule } from '../core/rule.js';

/** Reported by `check` when the trace saw a validation scan under a blocking lock that no static rule explained. */
export default defineRule({
  meta: {
    id: 'validation-scan',
    category: 'trace',
    severity: 'error',
    summary: 'The statement scanned an existing table to validate it while holding a lock that blocks writes.',
    why:
      'Adding a valid constraint or setting NOT NULL makes Postgres read every row to check it, and it holds the ' +
      "statement's lock for the whole scan. sql-preflight saw the constraint become valid (or the column become " +
      'NOT NULL) when it ran the statement, under a lock that blocks writes.',
    safeAlternative:
      'Add constraints NOT VALID and VALIDATE them in a separate transaction (VALIDATE takes a SHARE UPDATE EXCLUSIVE ' +
      'lock, which does not block reads or writes); for NOT NULL, validate a CHECK (col IS NOT NULL) first.',
    examples: {
      existing: 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12, 2));',
      bad: ['ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);'],
      good: ['ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create: () => ({}),
});
