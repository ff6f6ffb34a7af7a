import { defineRule } from '../core/rule.js';

/** Reported by `check` when a migration's down part does not undo its up part. */
export default defineRule({
  meta: {
    id: 'down-migration-mismatch',
    category: 'trace',
    severity: 'warning',
    summary: "The down migration does not restore the schema the up migration started from.",
    why:
      'sql-preflight applied the migration, then its down part, and compared the schema with the one before: they ' +
      'differ (or the down part failed, or the up part could not be applied again). A rollback in production would ' +
      'leave the schema in a state no migration describes.',
    safeAlternative: 'Make the down part undo exactly what the up part does, in reverse order.',
    examples: { bad: [], good: [] },
  },
  create: () => ({}),
});
