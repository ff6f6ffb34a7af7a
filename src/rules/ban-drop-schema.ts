import type { CreateSchemaStmt, DropStmt } from '@pgsql/types';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'ban-drop-schema',
    category: 'breaking',
    severity: 'warning',
    summary: 'Do not drop a schema from a migration.',
    why:
      'Without CASCADE, DROP SCHEMA fails while the schema still contains any object, and once it succeeds the ' +
      'application version still running fails on every query that names the schema. With CASCADE it deletes ' +
      'everything the schema contains (tables with all their rows, views, functions, sequences, types) and, in ' +
      'turn, every object that depends on those, which can be in other schemas; none of it can be undone without a ' +
      'backup.',
    safeAlternative:
      'Empty the schema object by object in earlier migrations, each after the application has stopped using that ' +
      'object, then drop the schema without CASCADE, so Postgres refuses if something was overlooked.',
    examples: {
      bad: ['DROP SCHEMA reporting CASCADE;'],
      good: ['CREATE SCHEMA scratch;\nDROP SCHEMA scratch;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-dropschema.html',
      'https://www.postgresql.org/docs/current/ddl-depend.html',
    ],
  },
  create(context) {
    // The catalog tracks tables only, so only a schema created earlier in this file is known to be new.
    const created = new Set<string>();
    return {
      CreateSchemaStmt(node: CreateSchemaStmt) {
        if (node.schemaname) created.add(node.schemaname);
      },
      DropStmt(node: DropStmt, statement) {
        if (node.removeType !== 'OBJECT_SCHEMA') return;
        for (const schema of (node.objects ?? []).map(constantText)) {
          if (!schema || created.has(schema)) continue;
          const tables = [...context.catalog.tables.values()].filter((t) => (t.schema ?? 'public') === schema).map((t) => t.key);
          const known = tables.length > 0 ? ` (${tables.join(', ')})` : '';
          context.report(statement, {
            message:
              node.behavior === 'DROP_CASCADE'
                ? `Dropping schema ${schema} with CASCADE deletes every table in it with all their rows${known}, every other ` +
                  'object in it, and the objects elsewhere that depend on them; none of it can be undone.'
                : tables.length > 0
                  ? `Dropping schema ${schema} fails: it still contains tables${known}, and without CASCADE Postgres refuses to drop a schema that is not empty.`
                  : `Dropping schema ${schema} breaks the application version still running if it still uses objects in that schema.`,
          });
        }
      },
    };
  },
});
