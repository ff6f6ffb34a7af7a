import { defineRule } from '../core/rule.js';

/** Reported by the lint engine when Postgres' parser rejects a file; no other rule runs on that file. */
export default defineRule({
  meta: {
    id: 'syntax-error',
    category: 'meta',
    severity: 'error',
    summary: 'The file does not parse as PostgreSQL.',
    why: 'PostgreSQL rejects the file, so the migration fails when it runs. No other rule can check a file that does not parse.',
    safeAlternative: 'Fix the SQL at the reported position; the message is the one PostgreSQL itself gives.',
    examples: { bad: ['ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT;'], good: ["ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT '';"] },
    references: ['https://www.postgresql.org/docs/current/sql-syntax.html'],
  },
  create: () => ({}),
});
