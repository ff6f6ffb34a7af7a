import { defineRule } from '../core/rule.js';

/** Reported by `check` for a migration that existed at the base and was edited since. */
export default defineRule({
  meta: {
    id: 'modified-migration',
    category: 'trace',
    severity: 'warning',
    summary: 'A migration that already existed at the base was edited.',
    why:
      'Migration tools run each migration once and record it; databases that already applied this file will never ' +
      'run the edit, so production and new environments drift apart. sql-preflight replays the base version of the ' +
      'file and lints the edited one.',
    safeAlternative: 'Leave applied migrations as they are and put the change in a new migration.',
    examples: { bad: [], good: [] },
  },
  create: () => ({}),
});
