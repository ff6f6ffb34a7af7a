import type { AlterTableStmt, Constraint } from '@pgsql/types';
import { alterTableCommands, columnConstraints, relationName } from '../core/ast.js';
import type { TableInfo } from '../core/catalog.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

const BUILD = 'builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes until the index is built';

export default defineRule({
  meta: {
    id: 'require-using-index',
    category: 'locking',
    severity: 'error',
    summary: 'Add UNIQUE and PRIMARY KEY constraints to existing tables with USING INDEX.',
    why:
      'ALTER TABLE ... ADD CONSTRAINT ... UNIQUE or PRIMARY KEY builds the constraint\'s index while holding an ACCESS ' +
      'EXCLUSIVE lock on the table: no reads or writes go through until the whole index is built, which on a large ' +
      'table takes minutes.',
    safeAlternative:
      'Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (it does not block reads or writes), then attach it ' +
      'with ADD CONSTRAINT ... UNIQUE USING INDEX or PRIMARY KEY USING INDEX, which only holds its lock for a moment. ' +
      'PRIMARY KEY USING INDEX also sets NOT NULL on the key columns, which scans the table unless they are NOT NULL ' +
      'already.',
    examples: {
      bad: ['ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number);'],
      good: [
        'ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_idx;',
        'CREATE TABLE invoices (number text);\nALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number);',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX',
      'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        const table = relationName(node.relation);
        const info = context.catalog.table(node.relation);
        for (const { cmd, range, column, constraint } of alterTableCommands(statement, node)) {
          if (cmd.subtype === 'AT_AddConstraint') {
            if (!constraint || !buildsIndex(constraint)) continue;
            const kind = constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
            const columns = (constraint.keys ?? []).map(constantText).filter((c): c is string => !!c);
            const index = constraint.conname ?? `${node.relation?.relname}_${kind === 'UNIQUE' ? `${columns.join('_')}_key` : 'pkey'}`;
            context.report(statement, {
              range,
              message: `Adding ${kind} constraint ${constraint.conname ? `${constraint.conname} ` : ''}to ${table} ${BUILD}.`,
              help:
                `Build the index first, outside a transaction block: \`CREATE UNIQUE INDEX CONCURRENTLY ${index} ON ${table} (${columns.join(', ')});\`, ` +
                `then attach it: \`ALTER TABLE ${table} ADD CONSTRAINT ${index} ${kind} USING INDEX ${index};\`.` +
                (kind === 'PRIMARY KEY' ? nullableNote(info, columns) : ''),
            });
          } else if (cmd.subtype === 'AT_AddColumn') {
            const unique = columnConstraints(column).find(buildsIndex);
            if (!column || !unique) continue;
            const kind = unique.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE';
            context.report(statement, {
              range,
              message: `Adding column ${column.colname} with a ${kind} constraint to ${table} ${BUILD}.`,
              help:
                `Add the column without ${kind}, build the index with CREATE UNIQUE INDEX CONCURRENTLY outside a transaction block, ` +
                `then attach it with \`ALTER TABLE ${table} ADD CONSTRAINT ... ${kind} USING INDEX ...;\`.`,
            });
          }
        }
      },
    };
  },
});

function buildsIndex(constraint: Constraint): boolean {
  return (constraint.contype === 'CONSTR_UNIQUE' || constraint.contype === 'CONSTR_PRIMARY') && !constraint.indexname;
}

/** PRIMARY KEY USING INDEX sets NOT NULL on the key columns, which scans the table unless they already are. */
function nullableNote(table: TableInfo | undefined, columns: string[]): string {
  const nullable = columns.filter((c) => !table?.columns.get(c)?.notNull);
  if (nullable.length === 0) return '';
  return (
    ` The primary key also makes ${nullable.join(', ')} NOT NULL, which scans the table under an ACCESS EXCLUSIVE lock: ` +
    'make them NOT NULL first without a long lock (see the setting-not-null rule).'
  );
}
