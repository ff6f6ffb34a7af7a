import type { DropStmt, RangeVar } from '@pgsql/types';
import { relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'ban-drop-table',
    category: 'breaking',
    severity: 'warning',
    summary: 'Do not drop a table that holds data or that the running application may still use.',
    why:
      'DROP TABLE deletes the table with all its rows, indexes, triggers and constraints, and nothing but a backup ' +
      'brings them back. The application version still running during the deploy fails on every query that uses ' +
      'the table ("relation does not exist"). With CASCADE it also drops the views built on the table and the ' +
      'foreign keys in other tables that point to it.',
    safeAlternative:
      'Stop using the table in the application first and deploy that; drop the table in a later migration, after ' +
      'taking a backup of it (e.g. pg_dump --table) if its data might be needed again. Avoid CASCADE: drop the ' +
      'dependent views and foreign keys explicitly, so the migration says what it removes.',
    examples: {
      bad: ['DROP TABLE legacy_orders;'],
      good: ['CREATE TABLE import_staging (id bigint, payload jsonb);\nDROP TABLE import_staging;'],
    },
    references: ['https://www.postgresql.org/docs/current/sql-droptable.html'],
  },
  create(context) {
    return {
      DropStmt(node: DropStmt, statement) {
        if (node.removeType !== 'OBJECT_TABLE') return;
        const existing = (node.objects ?? [])
          .map(tableName)
          .filter((table): table is RangeVar => table !== undefined && !context.isNewTable(table));
        if (existing.length === 0) return;
        const plural = existing.length > 1;
        const it = plural ? 'them' : 'it';
        const cascade =
          node.behavior === 'DROP_CASCADE'
            ? ` CASCADE also drops the views that use ${it} and the foreign keys in other tables that reference ${it}.`
            : '';
        context.report(statement, {
          message:
            `Dropping ${plural ? 'tables' : 'table'} ${existing.map(relationName).join(', ')} deletes all ${plural ? 'their' : 'its'} ` +
            `rows for good, and the application version still running fails on every query that uses ${it}.${cascade}`,
        });
      },
    };
  },
});

/** A DROP TABLE object (a list of name parts) as a relation. */
function tableName(object: unknown): RangeVar | undefined {
  const parts = ((object as { List?: { items?: unknown[] } }).List?.items ?? []).map(constantText);
  const relname = parts.at(-1);
  if (!relname) return undefined;
  return { relname, schemaname: parts.length > 1 ? parts.at(-2) : undefined };
}
