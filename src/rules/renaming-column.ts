import type { RenameStmt } from '@pgsql/types';
import { keywordRange, rangeFrom, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

const TABLES = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE']);

export default defineRule({
  meta: {
    id: 'renaming-column',
    category: 'breaking',
    severity: 'warning',
    summary: 'Do not rename a column that the running application uses.',
    why:
      'The rename takes effect for everyone the moment the migration commits, while the application version ' +
      'already running still sends queries with the old name: each of them fails with "column does not exist" ' +
      'until the new version has replaced the old one everywhere. The old and the new application version cannot ' +
      'both work against the renamed table.',
    safeAlternative:
      'Rename in steps, each deployed on its own: add the column under the new name, have the application write ' +
      'both columns and backfill the new one, switch reads to the new column, stop writing the old one, then drop ' +
      'it in a later migration. For a table the application only reads, a view that exposes the old name can bridge ' +
      'the transition instead.',
    examples: {
      bad: ['ALTER TABLE users RENAME COLUMN mail TO email;'],
      good: [
        'ALTER TABLE users ADD COLUMN email text;',
        'CREATE TABLE accounts (id bigint PRIMARY KEY, mail text);\nALTER TABLE accounts RENAME COLUMN mail TO email;',
      ],
    },
    references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME'],
  },
  create(context) {
    return {
      RenameStmt(node: RenameStmt, statement) {
        if (node.renameType !== 'OBJECT_COLUMN' || !TABLES.has(node.relationType ?? '') || context.isNewTable(node.relation)) return;
        context.report(statement, {
          range: rangeFrom(statement, keywordRange(statement, 'RENAME')?.start),
          message:
            `Renaming column ${node.subname ?? '?'} of ${relationName(node.relation)} to ${node.newname ?? '?'} breaks the ` +
            `application version still running: its queries that name ${node.subname ?? '?'} fail once the migration commits.`,
        });
      },
    };
  },
});
