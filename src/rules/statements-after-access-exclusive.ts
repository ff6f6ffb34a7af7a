import { defineRule } from '../core/rule.js';
import { constantText, type StatementInfo } from '../core/statements.js';
import { lockedTable, locksTakenBy } from '../core/statement-locks.js';

/** Statements that change no data and take no table locks of their own. */
const CONTROL = new Set(['TransactionStmt', 'VariableSetStmt', 'VariableShowStmt']);
/** Statements that can do arbitrary work without naming a table. */
const OPAQUE = new Set(['DoStmt', 'CallStmt', 'ExecuteStmt', 'SelectStmt']);

export default defineRule({
  meta: {
    id: 'statements-after-access-exclusive',
    category: 'transactions',
    severity: 'warning',
    summary: 'Do not run more statements in a transaction after it takes an ACCESS EXCLUSIVE lock on an existing table.',
    why:
      'Locks are held until the transaction ends. Once a statement has taken ACCESS EXCLUSIVE on a table, no one can ' +
      'read or write that table until COMMIT, so every statement that follows in the same transaction (a backfill, ' +
      'an index build, a lock wait on another table) adds its whole duration to the outage.',
    safeAlternative:
      'Put the statement that takes ACCESS EXCLUSIVE in its own transaction, or make it the last statement before ' +
      'COMMIT, or split the migration into several.',
    examples: {
      bad: ["BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '';\nCOMMIT;"],
      good: [
        "BEGIN;\nUPDATE orders SET status = 'open' WHERE status IS NULL;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
        'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCREATE TABLE order_notes (id bigint);\nCOMMIT;',
      ],
    },
    references: ['https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES'],
  },
  create(context) {
    let held: { transaction: number; table: string; line: number } | undefined;
    const reported = new Set<number>();

    const touchesExisting = (statement: StatementInfo): boolean => {
      const locks = locksTakenBy(statement, context.postgresVersion);
      if (locks.length === 0) return OPAQUE.has(statement.type) && !onlySetsConfig(statement);
      return locks.some((lock) => {
        const table = lockedTable(lock, context.catalog);
        return table === undefined || !context.isNewTable(table);
      });
    };

    const accessExclusiveOnExisting = (statement: StatementInfo): string | undefined => {
      for (const lock of locksTakenBy(statement, context.postgresVersion)) {
        if ((lock.index ? lock.index.tableMode : lock.mode) !== 'AccessExclusiveLock') continue;
        const table = lockedTable(lock, context.catalog);
        if (table !== undefined && context.isNewTable(table)) continue;
        if (!lock.index) return lock.relation;
        const known = context.catalog.table(table);
        return known ? `${known.schema ? `${known.schema}.` : ''}${known.name}` : `the table of index ${lock.relation}`;
      }
      return undefined;
    };

    return {
      statement(statement) {
        const transaction = statement.transaction;
        if (held && held.transaction !== transaction) held = undefined;
        if (transaction === undefined) return;
        if (held && !reported.has(transaction) && !CONTROL.has(statement.type) && touchesExisting(statement)) {
          reported.add(transaction);
          context.report(statement, {
            message: `Runs while the transaction still holds the ACCESS EXCLUSIVE lock that line ${held.line} took on ${held.table}: every query on ${held.table} stays blocked until COMMIT, for as long as this statement and the rest of the transaction take.`,
            help: `Put the statement on line ${held.line} in its own transaction, or make it the last statement before COMMIT, or split the migration.`,
          });
        }
        if (held) return;
        const table = accessExclusiveOnExisting(statement);
        if (table) held = { transaction, table, line: context.file.lines.position(statement.range.start).line };
      },
    };
  },
});

/** `SELECT set_config('lock_timeout', ...)` is a SET written as a query. */
function onlySetsConfig(statement: StatementInfo): boolean {
  if (statement.type !== 'SelectStmt') return false;
  const targets = (statement.node.targetList as { ResTarget?: { val?: { FuncCall?: { funcname?: unknown[] } } } }[] | undefined) ?? [];
  return targets.length > 0 && targets.every((t) => t.ResTarget?.val?.FuncCall?.funcname?.map(constantText).at(-1) === 'set_config');
}
