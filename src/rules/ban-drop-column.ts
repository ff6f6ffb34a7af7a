import type { AlterTableStmt } from '@pgsql/types';
import { alterTableCommands, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

const TABLES = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE']);

export default defineRule({
  meta: {
    id: 'ban-drop-column',
    category: 'breaking',
    severity: 'warning',
    summary: 'Do not drop a column that the running application may still use.',
    why:
      'A deploy runs the migration while the previous application version is still serving requests, and its ' +
      'queries name the column: from the moment the drop commits, every SELECT, INSERT or UPDATE that mentions it ' +
      'fails with "column does not exist" until the new version has replaced the old one everywhere. The values are ' +
      'lost as well: Postgres only marks the column as dropped, but no command brings it back, only a backup does. ' +
      'Indexes and constraints on the column go with it, and with CASCADE so do the views and foreign keys that ' +
      'depend on it.',
    safeAlternative:
      'Drop a column in two deploys: first ship an application version that neither reads nor writes it (with an ' +
      'ORM, also remove or ignore it in the model so generated queries stop naming it), then drop it in a later ' +
      'migration, once no running version uses it.',
    examples: {
      bad: ['ALTER TABLE users DROP COLUMN legacy_flag;'],
      good: [
        'CREATE TABLE drafts (id bigint PRIMARY KEY, body text, notes text);\nALTER TABLE drafts DROP COLUMN notes;',
        'ALTER TABLE users ALTER COLUMN legacy_flag DROP NOT NULL;',
      ],
    },
    references: ['https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN'],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (!TABLES.has(node.objtype ?? '') || context.isNewTable(node.relation)) return;
        for (const { cmd, range } of alterTableCommands(statement, node)) {
          if (cmd.subtype !== 'AT_DropColumn' || !cmd.name) continue;
          const cascade = cmd.behavior === 'DROP_CASCADE' ? ' CASCADE also drops the views and foreign keys that depend on it.' : '';
          context.report(statement, {
            range,
            message:
              `Dropping column ${cmd.name} of ${relationName(node.relation)} breaks the application version still running, ` +
              `whose queries name it, and deletes its values for good.${cascade}`,
          });
        }
      },
    };
  },
});
