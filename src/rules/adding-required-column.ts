import type { AlterTableStmt, ColumnDef } from '@pgsql/types';
import { alterTableCommands, columnConstraints, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

const TABLES = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE']);
/** Constraints that give every row a value on their own, so NOT NULL holds without a DEFAULT. */
const FILLING = new Set(['CONSTR_IDENTITY', 'CONSTR_GENERATED']);
/** The serial pseudo-types come with a sequence default. */
const SERIAL_TYPES = new Set(['smallserial', 'serial2', 'serial', 'serial4', 'bigserial', 'serial8']);

export default defineRule({
  meta: {
    id: 'adding-required-column',
    category: 'breaking',
    severity: 'error',
    summary: 'Give a new NOT NULL column a DEFAULT.',
    why:
      'A column added without a DEFAULT is NULL in every existing row, so adding it as NOT NULL (or as a PRIMARY ' +
      'KEY) fails with "column contains null values" as soon as the table has a single row. On an empty table it ' +
      'succeeds, but then every INSERT from the application version still running, which does not know the column ' +
      'and does not set it, fails on the NOT NULL constraint.',
    safeAlternative:
      'Add the column with a DEFAULT: since Postgres 11 a non-volatile default is stored once in the catalog and ' +
      'does not rewrite the table. Or add it as nullable, let the application fill it, backfill the existing rows, ' +
      'and set NOT NULL in a later migration.',
    postgres: {
      note: 'Before Postgres 11, adding a column with a DEFAULT rewrote the whole table under an ACCESS EXCLUSIVE lock.',
    },
    examples: {
      bad: ['ALTER TABLE orders ADD COLUMN currency text NOT NULL;'],
      good: [
        "ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR';",
        'ALTER TABLE orders ADD COLUMN currency text;',
        'ALTER TABLE orders ADD COLUMN line_no bigint GENERATED ALWAYS AS IDENTITY NOT NULL;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-COLUMN',
      'https://www.postgresql.org/docs/current/ddl-alter.html#DDL-ALTER-ADDING-A-COLUMN',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (!TABLES.has(node.objtype ?? '') || context.isNewTable(node.relation)) return;
        for (const { cmd, range, column } of alterTableCommands(statement, node)) {
          if (cmd.subtype !== 'AT_AddColumn' || !column?.colname) continue;
          const required = requiredBy(column);
          if (!required) continue;
          context.report(statement, {
            range,
            message:
              `Adding column ${column.colname} to ${relationName(node.relation)} as ${required} without a DEFAULT fails if ` +
              'the table has any row, and otherwise makes every INSERT from the application version still running fail.',
          });
        }
      },
    };
  },
});

/** How the column is declared required (`NOT NULL`, `PRIMARY KEY`), when nothing gives existing rows a value. */
function requiredBy(column: ColumnDef): string | undefined {
  const constraints = columnConstraints(column);
  const names = (column.typeName?.names ?? []).map(constantText);
  if (names.length === 1 && SERIAL_TYPES.has(names[0] ?? '')) return undefined;
  if (constraints.some((c) => FILLING.has(c.contype ?? '') || (c.contype === 'CONSTR_DEFAULT' && !isNullConstant(c.raw_expr)))) {
    return undefined;
  }
  if (constraints.some((c) => c.contype === 'CONSTR_PRIMARY')) return 'a PRIMARY KEY';
  if (constraints.some((c) => c.contype === 'CONSTR_NOTNULL')) return 'NOT NULL';
  return undefined;
}

/** `DEFAULT NULL` leaves existing rows NULL just like no default. */
function isNullConstant(expr: unknown): boolean {
  return (expr as { A_Const?: { isnull?: boolean } } | undefined)?.A_Const?.isnull === true;
}
