import type { AlterTableStmt } from '@pgsql/types';
import { alterTableCommands, relationName } from '../core/ast.js';
import { relationKey } from '../core/catalog.js';
import { describeBlocking } from '../core/locks.js';
import { defineRule } from '../core/rule.js';

interface NotValidConstraint {
  line: number;
  statement: number;
  transaction: number | undefined;
  /** The locks the ADD took, which its transaction keeps until it ends. */
  locks: string;
  blocking: string;
}

export default defineRule({
  meta: {
    id: 'validate-in-same-transaction',
    category: 'transactions',
    severity: 'error',
    summary: 'Validate a NOT VALID constraint in a later transaction than the one that added it.',
    why:
      'ADD CONSTRAINT ... NOT VALID skips the check of the existing rows so that its lock (ACCESS EXCLUSIVE for a ' +
      'CHECK or NOT NULL constraint, SHARE ROW EXCLUSIVE on both tables for a foreign key) is held only for a moment. ' +
      'Locks are kept until the transaction ends, so a VALIDATE CONSTRAINT in the same transaction scans the table ' +
      'while that lock is still held, blocking the same reads and writes as adding the constraint without NOT VALID.',
    safeAlternative:
      'Commit after adding the constraint and run VALIDATE CONSTRAINT in a separate transaction: after a COMMIT, or in ' +
      'the next migration when the runner wraps each file in a transaction. On its own it takes a SHARE UPDATE ' +
      'EXCLUSIVE lock, which lets reads and writes through.',
    examples: {
      bad: ['BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_positive;\nCOMMIT;'],
      good: ['BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_positive;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    const added = new Map<string, NotValidConstraint>();
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        const table = relationName(node.relation);
        const key = relationKey(node.relation);
        for (const { cmd, range, constraint } of alterTableCommands(statement, node)) {
          if (cmd.subtype === 'AT_AddConstraint' && constraint?.conname && constraint.skip_validation) {
            const foreign = constraint.contype === 'CONSTR_FOREIGN';
            const referenced = relationName(constraint.pktable);
            added.set(`${key}\0${constraint.conname}`, {
              line: context.file.lines.position(statement.range.start).line,
              statement: statement.index,
              transaction: statement.transaction,
              locks:
                foreign && referenced !== table
                  ? `SHARE ROW EXCLUSIVE locks on ${table} and ${referenced}`
                  : `${foreign ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE'} lock on ${table}`,
              blocking: describeBlocking(foreign ? 'ShareRowExclusiveLock' : 'AccessExclusiveLock'),
            });
            continue;
          }
          if (cmd.subtype !== 'AT_ValidateConstraint' || !cmd.name) continue;
          const add = added.get(`${key}\0${cmd.name}`);
          if (!add || context.isNewTable(node.relation)) continue;
          const together = add.statement === statement.index || (add.transaction !== undefined && add.transaction === statement.transaction);
          if (!together) continue;
          context.report(statement, {
            range,
            message:
              `VALIDATE CONSTRAINT ${cmd.name} runs in the same transaction as the ADD CONSTRAINT ... NOT VALID on line ${add.line}, ` +
              `which still holds its ${add.locks}: the scan ${add.blocking} as if NOT VALID had not been used.`,
          });
        }
      },
    };
  },
});
