import { defineRule } from '../core/rule.js';

/** Reported by `check` when an existing migration fails while the base schema is replayed. */
export default defineRule({
  meta: {
    id: 'base-migration-failed',
    category: 'trace',
    severity: 'warning',
    summary: 'An existing migration failed while the schema before the change was being rebuilt.',
    why:
      'sql-preflight rebuilds the schema from the existing migrations before it runs the change. A migration that ' +
      'fails there usually depends on something created outside the migrations (a role, an extension, a schema), so ' +
      'the rebuilt schema lacks whatever it would have created and later checks may be incomplete.',
    safeAlternative:
      'Create what the migrations expect in `setup` SQL files listed in .sql-preflight.yml (roles, extensions, ' +
      'schemas), or fix the migration if it is really broken.',
    examples: { bad: [], good: [] },
  },
  create: () => ({}),
});
