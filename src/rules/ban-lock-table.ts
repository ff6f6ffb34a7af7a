import type { LockStmt } from '@pgsql/types';
import { defineRule } from '../core/rule.js';
import { describeBlocking, isDisruptive, lockName } from '../core/locks.js';
import { locksTakenBy } from '../core/statement-locks.js';

export default defineRule({
  meta: {
    id: 'ban-lock-table',
    category: 'locking',
    severity: 'warning',
    summary: 'Do not lock existing tables explicitly in a mode that blocks reads or writes.',
    why:
      'LOCK TABLE holds the lock until the transaction ends. Without IN ... MODE it takes ACCESS EXCLUSIVE, which ' +
      'blocks every read and write of the table; SHARE and stronger modes block writes. While the lock waits for ' +
      'running queries to finish, every later query on the table queues behind it as well.',
    safeAlternative:
      'Let each statement take the lock it needs. If an explicit lock is really required (for example to take the ' +
      'strongest lock first and avoid a deadlock), choose the weakest mode that protects the work, set lock_timeout ' +
      'before it, and keep the rest of the transaction short.',
    examples: {
      bad: ['BEGIN;\nLOCK TABLE orders;\nCOMMIT;', 'BEGIN;\nLOCK TABLE orders IN SHARE MODE;\nCOMMIT;'],
      good: [
        'BEGIN;\nLOCK TABLE orders IN ROW EXCLUSIVE MODE;\nCOMMIT;',
        'BEGIN;\nCREATE TABLE invoices (id bigint);\nLOCK TABLE invoices;\nCOMMIT;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-lock.html',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    return {
      LockStmt(_node: LockStmt, statement) {
        const locks = locksTakenBy(statement).filter((l) => isDisruptive(l.mode) && !context.isNewTable(l.rangeVar));
        const mode = locks[0]?.mode;
        if (!mode) return;
        const tables = locks.map((l) => l.relation).join(', ');
        context.report(statement, {
          message: `LOCK TABLE takes ${lockName(mode)} on ${tables}, which ${describeBlocking(mode)} until the transaction ends.`,
          help: statement.inTransaction
            ? undefined
            : 'LOCK TABLE only works inside a transaction block (Postgres rejects it outside one); avoid the explicit lock, or take the weakest mode that protects the work, with lock_timeout set and a short transaction.',
        });
      },
    };
  },
});
