import type { AlterTableStmt } from '@pgsql/types';
import { alterTableCommands, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'ban-exclusion-constraint',
    category: 'locking',
    severity: 'error',
    summary: 'Do not add an exclusion constraint to an existing table.',
    why:
      'ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE takes an ACCESS EXCLUSIVE lock on the table and builds the ' +
      'constraint\'s index while holding it, so every read and write of the table waits for the whole index build. ' +
      'Unlike other constraints there is no online path: NOT VALID is only accepted for foreign key and CHECK ' +
      'constraints, and ADD CONSTRAINT ... USING INDEX only for PRIMARY KEY and UNIQUE.',
    safeAlternative:
      'Declare exclusion constraints when the table is created. For an existing table, plan a maintenance window ' +
      '(with lock_timeout set, so the statement gives up instead of queueing traffic behind it), or build a new ' +
      'table with the constraint, copy the rows across and swap the tables.',
    examples: {
      bad: ['ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);'],
      good: [
        'CREATE TABLE bookings (\n  room_id int,\n  during tstzrange,\n  EXCLUDE USING gist (room_id WITH =, during WITH &&)\n);',
        'CREATE TABLE rooms (id int, during tstzrange);\nALTER TABLE rooms ADD CONSTRAINT rooms_no_overlap EXCLUDE USING gist (during WITH &&);',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html',
      'https://www.postgresql.org/docs/current/sql-createtable.html',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        for (const { cmd, range, constraint } of alterTableCommands(statement, node)) {
          if (cmd.subtype !== 'AT_AddConstraint' || constraint?.contype !== 'CONSTR_EXCLUSION') continue;
          context.report(statement, {
            range,
            message: `Adding an exclusion constraint to ${relationName(node.relation)} builds its index under an ACCESS EXCLUSIVE lock: all reads and writes of the table wait until the build finishes.`,
          });
        }
      },
    };
  },
});
