import { defineRule } from '../core/rule.js';

/** Reported from migration discovery: the migration tool would refuse, skip or misread a file. */
export default defineRule({
  meta: {
    id: 'migration-layout',
    category: 'meta',
    severity: 'warning',
    summary: 'The migration tool would refuse, skip or misread this file.',
    why:
      'Each migration tool has its own file naming, markers and bookkeeping files (goose and dbmate markers, Flyway ' +
      'script configs, the drizzle journal). A file that breaks them fails at deploy time or runs differently from ' +
      'what the file suggests, so the analysis of it may not match what production runs.',
    safeAlternative:
      "Fix the file or folder as the message says, or set the folder's format and transaction mode in .sql-preflight.yml if it was detected wrongly.",
    examples: { bad: [], good: ['SELECT 1;'] },
  },
  create: () => ({}),
});
