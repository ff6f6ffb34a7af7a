import { defineRule } from '../core/rule.js';

/** Reported by the lint engine for a file that is not UTF-8 text (binary data, a NUL byte, invalid UTF-8). */
export default defineRule({
  meta: {
    id: 'unreadable-file',
    category: 'meta',
    severity: 'error',
    summary: 'The file is not UTF-8 text, so it cannot be analysed.',
    why: 'A migration that is not valid UTF-8 text is either not SQL at all or will be rejected by a UTF-8 database; none of it was checked.',
    safeAlternative: 'Save the file as UTF-8, or remove binary files from the migration folder.',
    examples: { bad: [], good: ['SELECT 1;'] },
  },
  create: () => ({}),
});
