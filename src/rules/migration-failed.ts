import { defineRule } from '../core/rule.js';

/** Reported by `check` when a migration of the change fails on the database. */
export default defineRule({
  meta: {
    id: 'migration-failed',
    category: 'trace',
    severity: 'error',
    summary: 'The migration fails when it runs on PostgreSQL.',
    why:
      'sql-preflight ran the migration on a throwaway database built from the existing migrations and PostgreSQL ' +
      'rejected it: the same error will stop the deploy. The statements after it were not run, so their checks on ' +
      'the database are missing.',
    safeAlternative: 'Fix the statement at the reported position; the message is the one PostgreSQL gave.',
    examples: {
      existing: 'CREATE TABLE orders (id bigint PRIMARY KEY);',
      bad: ['ALTER TABLE orders DROP COLUMN total;'],
      good: ['ALTER TABLE orders ADD COLUMN total numeric(12, 2);'],
    },
  },
  create: () => ({}),
});
