import type { AlterTableStmt } from '@pgsql/types';
import { alterTableCommands, relationName, type AlterTableCommand } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'setting-not-null',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'validation',
    summary: 'Do not set NOT NULL on a column of an existing table with a full-table check.',
    why:
      'ALTER COLUMN ... SET NOT NULL (and, from Postgres 18, ADD CONSTRAINT ... NOT NULL) scans the whole table for ' +
      'NULLs while holding an ACCESS EXCLUSIVE lock: no reads or writes go through until the scan is done. From ' +
      'Postgres 12 the scan is skipped when a validated CHECK (col IS NOT NULL) constraint already proves there are ' +
      'no NULLs; VALIDATE CONSTRAINT checks the rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads and ' +
      'writes through.',
    safeAlternative:
      'From Postgres 18: ADD CONSTRAINT ... NOT NULL col NOT VALID, then VALIDATE CONSTRAINT in a separate ' +
      'transaction. Postgres 12 to 17: ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in ' +
      'a separate transaction, then SET NOT NULL (no scan) and drop the CHECK constraint.',
    postgres: {
      note: 'From Postgres 12 a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its scan; from Postgres 18 a NOT NULL constraint itself can be added NOT VALID and validated without blocking.',
    },
    examples: {
      bad: ['ALTER TABLE orders ALTER COLUMN status SET NOT NULL;'],
      good: [
        'ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;',
        'CREATE TABLE invoices (status text);\nALTER TABLE invoices ALTER COLUMN status SET NOT NULL;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL',
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    const version = context.postgresVersion;
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        const table = context.catalog.table(node.relation);
        const name = relationName(node.relation);
        for (const command of alterTableCommands(statement, node)) {
          const column = notNullColumn(command);
          if (!column || table?.columns.get(column)?.notNull) continue;
          const check = table?.constraints.find((c) => c.kind === 'check' && c.notNullColumn === column);
          if (version >= 12 && check?.validated) continue;
          const pending = table?.constraints.find((c) => c.kind === 'not-null' && !c.validated && c.columns.includes(column));
          const scan = 'scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes until the scan is done';
          context.report(statement, {
            range: command.range,
            message: pending?.name
              ? `Making ${column} NOT NULL on ${name} validates the NOT VALID constraint ${pending.name}: it ${scan}.`
              : `Making ${column} NOT NULL on ${name} ${scan}.`,
            help: pending?.name
              ? `Run \`ALTER TABLE ${name} VALIDATE CONSTRAINT ${pending.name};\` in its own transaction instead: it checks the rows without blocking reads or writes, and the column is NOT NULL afterwards.`
              : version >= 12 && check?.name
                ? `Validate the CHECK constraint first, in its own transaction: \`ALTER TABLE ${name} VALIDATE CONSTRAINT ${check.name};\` does not block reads or writes, and SET NOT NULL then skips its scan.`
                : help(version, name, node.relation?.relname ?? name, column),
          });
        }
      },
    };
  },
});

/** The column an action makes NOT NULL with a full check: SET NOT NULL, or ADD CONSTRAINT ... NOT NULL col. */
function notNullColumn({ cmd, constraint }: AlterTableCommand): string | undefined {
  if (cmd.subtype === 'AT_SetNotNull') return cmd.name;
  if (cmd.subtype !== 'AT_AddConstraint' || constraint?.contype !== 'CONSTR_NOTNULL' || constraint.skip_validation) return undefined;
  return constantText(constraint.keys?.[0]);
}

function help(version: number, table: string, relname: string, column: string): string {
  const constraint = `${relname}_${column}_not_null`;
  if (version >= 18) {
    return (
      `Add the constraint without checking the existing rows: \`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} NOT NULL ${column} NOT VALID;\`, ` +
      `then in a separate transaction \`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint};\`, which checks the rows without blocking reads or writes and leaves the column NOT NULL.`
    );
  }
  if (version >= 12) {
    return (
      `Prove there are no NULLs first: \`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${column} IS NOT NULL) NOT VALID;\`, ` +
      `then in a separate transaction \`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint};\` (does not block reads or writes), ` +
      `then \`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;\` (no scan now) and \`ALTER TABLE ${table} DROP CONSTRAINT ${constraint};\`.`
    );
  }
  return (
    'Before Postgres 12, SET NOT NULL always scans the table. Run it when the table is quiet, with a short lock_timeout, ' +
    `or keep a CHECK (${column} IS NOT NULL) constraint instead, added NOT VALID and validated in a separate transaction.`
  );
}
