import type { AlterTableStmt, Constraint } from '@pgsql/types';
import { alterTableCommands, columnConstraints, relationName } from '../core/ast.js';
import { describeBlocking } from '../core/locks.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'constraint-missing-not-valid',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'validation',
    summary: 'Add CHECK and FOREIGN KEY constraints to existing tables with NOT VALID.',
    why:
      'Adding a CHECK constraint scans the whole table to check every row while holding an ACCESS EXCLUSIVE lock, ' +
      'which blocks reads and writes. Adding a FOREIGN KEY scans the table while holding SHARE ROW EXCLUSIVE locks on ' +
      'both the table and the referenced table, which block writes to both. With NOT VALID the existing rows are not ' +
      'checked, so the lock is held only briefly; VALIDATE CONSTRAINT then checks them under a SHARE UPDATE EXCLUSIVE ' +
      'lock, which lets reads and writes through. A foreign key added to a table created in the same change is not ' +
      'flagged: the table is empty, so the scan is instant and the lock on the referenced table is short.',
    safeAlternative:
      'Add the constraint with NOT VALID (new and updated rows are checked at once), then run ALTER TABLE ... ' +
      'VALIDATE CONSTRAINT in a separate transaction.',
    examples: {
      bad: [
        'ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0);',
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
      ],
      good: [
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;',
        'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT',
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        const table = relationName(node.relation);
        for (const { cmd, range, column, constraint } of alterTableCommands(statement, node)) {
          if (cmd.subtype === 'AT_AddConstraint') {
            if (!constraint || !checksRows(constraint)) continue;
            const validate = constraint.conname
              ? `\`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint.conname};\``
              : 'VALIDATE CONSTRAINT (name the constraint so that you can)';
            context.report(statement, {
              range,
              message: scanMessage(constraint, table, `Adding ${describe(constraint)} to ${table}`),
              help: `Add it with NOT VALID, which checks only new and updated rows, then run ${validate} in a separate transaction: it checks the existing rows without blocking reads or writes.`,
              fix: range && { description: 'Add NOT VALID', edits: [{ range: { start: range.end, end: range.end }, text: ' NOT VALID' }] },
            });
          } else if (cmd.subtype === 'AT_AddColumn') {
            for (const columnConstraint of columnConstraints(column)) {
              if (!checksRows(columnConstraint)) continue;
              context.report(statement, {
                range,
                message: scanMessage(columnConstraint, table, `Adding column ${column?.colname} with ${describe(columnConstraint)} to ${table}`),
                help:
                  `Add the column without the constraint, then add it as a table constraint with NOT VALID (\`ALTER TABLE ${table} ADD CONSTRAINT ... NOT VALID;\`) ` +
                  'and run VALIDATE CONSTRAINT in a separate transaction: a column constraint cannot be NOT VALID.',
              });
            }
          }
        }
      },
    };
  },
});

function checksRows(constraint: Constraint): boolean {
  return (constraint.contype === 'CONSTR_CHECK' || constraint.contype === 'CONSTR_FOREIGN') && !constraint.skip_validation;
}

function describe(constraint: Constraint): string {
  const kind = constraint.contype === 'CONSTR_CHECK' ? 'CHECK constraint' : 'foreign key';
  return constraint.conname ? `${kind} ${constraint.conname}` : `a ${kind}`;
}

function scanMessage(constraint: Constraint, table: string, adding: string): string {
  if (constraint.contype === 'CONSTR_CHECK') {
    return `${adding} checks every existing row under an ACCESS EXCLUSIVE lock, which ${describeBlocking('AccessExclusiveLock')} until the scan is done.`;
  }
  const referenced = relationName(constraint.pktable);
  const locks = referenced === table ? `a SHARE ROW EXCLUSIVE lock on ${table}` : `SHARE ROW EXCLUSIVE locks on ${table} and ${referenced}`;
  return `${adding} checks every existing row against ${referenced} under ${locks}, which ${describeBlocking('ShareRowExclusiveLock')} until the scan is done.`;
}
