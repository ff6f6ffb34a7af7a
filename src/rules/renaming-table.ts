import type { RenameStmt, ViewStmt } from '@pgsql/types';
import { keywordRange, rangeFrom, relationName } from '../core/ast.js';
import { relationKey } from '../core/catalog.js';
import { defineRule } from '../core/rule.js';

const TABLES = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE']);

export default defineRule({
  meta: {
    id: 'renaming-table',
    category: 'breaking',
    severity: 'warning',
    summary: 'Do not rename a table that the running application uses.',
    why:
      'The new name takes effect for every session the moment the migration commits, while the application ' +
      'version already running still sends its queries to the old name: each of them fails with "relation does ' +
      'not exist" until the new version has replaced the old one everywhere.',
    safeAlternative:
      'Rename the table and, in the same transaction, create a view under the old name (CREATE VIEW old_name AS ' +
      'SELECT * FROM new_name). A view that selects all columns of one table is automatically updatable, so the old ' +
      'application version keeps reading and writing through it; drop the view once no running version uses the ' +
      'old name. Alternatively create the new table, write to both and copy the rows over, then drop the old one.',
    examples: {
      bad: ['ALTER TABLE customers RENAME TO clients;'],
      good: [
        'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;',
        'CREATE TABLE customer_imports (id bigint PRIMARY KEY);\nALTER TABLE customer_imports RENAME TO client_imports;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME',
      'https://www.postgresql.org/docs/current/sql-createview.html#SQL-CREATEVIEW-UPDATABLE-VIEWS',
    ],
  },
  create(context) {
    return {
      RenameStmt(node: RenameStmt, statement) {
        if (!TABLES.has(node.renameType ?? '') || context.isNewTable(node.relation)) return;
        // A view under the old name created in the same transaction means no session ever sees the name missing.
        const oldName = relationKey(node.relation);
        const bridged = context.file.statements.some(
          (s) =>
            s.index > statement.index &&
            statement.transaction !== undefined &&
            s.transaction === statement.transaction &&
            s.type === 'ViewStmt' &&
            relationKey((s.node as ViewStmt).view) === oldName,
        );
        if (bridged) return;
        context.report(statement, {
          range: rangeFrom(statement, keywordRange(statement, 'RENAME')?.start),
          message:
            `Renaming table ${relationName(node.relation)} to ${node.newname ?? '?'} breaks the application version still ` +
            `running: its queries on ${relationName(node.relation)} fail once the migration commits.`,
        });
      },
    };
  },
});
