import type { RangeVar } from '@pgsql/types';
import { relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

interface Write {
  command: 'UPDATE' | 'DELETE';
  relation: RangeVar | undefined;
}

export default defineRule({
  meta: {
    id: 'require-where-clause',
    category: 'breaking',
    severity: 'warning',
    summary: 'Do not UPDATE or DELETE every row of an existing table in a migration.',
    why:
      'Without a WHERE clause, UPDATE and DELETE touch every row of the table in a single transaction. Each row stays ' +
      'locked until the migration commits, so application writes to any of them wait; every updated or deleted row ' +
      'leaves a dead version behind that only VACUUM reclaims, so the table and its indexes bloat; and on a large ' +
      'table the statement runs for a long time, holding its locks and the rest of the migration back.',
    safeAlternative:
      'Backfill or purge outside the migration: run the change from a script in batches by key range (for example ' +
      'WHERE id >= $1 AND id < $2), each batch in its own short transaction, so locks are brief and VACUUM keeps up.',
    examples: {
      bad: ["UPDATE orders SET currency = 'EUR';", 'DELETE FROM sessions;'],
      good: [
        "UPDATE orders SET currency = 'EUR' WHERE currency IS NULL AND id < 10000;",
        "CREATE TABLE currencies (code text PRIMARY KEY, active boolean);\nINSERT INTO currencies VALUES ('EUR', false);\nUPDATE currencies SET active = true;",
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-update.html',
      'https://www.postgresql.org/docs/current/sql-delete.html',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS',
      'https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-SPACE-RECOVERY',
    ],
  },
  create(context) {
    return {
      statement(statement) {
        for (const write of unfilteredWrites({ [statement.type]: statement.node })) {
          if (context.isNewTable(write.relation)) continue;
          const table = relationName(write.relation);
          context.report(statement, {
            message:
              `${write.command} without WHERE ${write.command === 'UPDATE' ? 'rewrites' : 'deletes'} every row of ${table} in one ` +
              'transaction: each row stays locked until the transaction commits, every old row version stays behind as bloat ' +
              'until VACUUM removes it, and on a large table the statement runs for a long time.',
          });
        }
      },
    };
  },
});

/** UPDATEs and DELETEs without WHERE: the statement itself and the data-modifying queries in its WITH clause. */
function unfilteredWrites(node: unknown): Write[] {
  const wrapper = node as { UpdateStmt?: Record<string, unknown>; DeleteStmt?: Record<string, unknown> };
  const payload = (Object.values(node as object)[0] ?? {}) as { withClause?: { ctes?: unknown[] } };
  const writes = (payload.withClause?.ctes ?? []).flatMap((cte) =>
    unfilteredWrites((cte as { CommonTableExpr?: { ctequery?: unknown } }).CommonTableExpr?.ctequery ?? {}),
  );
  const write = wrapper.UpdateStmt ?? wrapper.DeleteStmt;
  if (write && !write.whereClause) {
    writes.push({ command: wrapper.UpdateStmt ? 'UPDATE' : 'DELETE', relation: write.relation as RangeVar | undefined });
  }
  return writes;
}
