import { defineRule } from '../core/rule.js';
import { blockedOperations, covers, isDisruptive, lockName, type LockMode } from '../core/locks.js';
import { isDisabledTimeout } from '../core/statements.js';
import { relationKey } from '../core/catalog.js';
import { lockedTable, locksTakenBy } from '../core/statement-locks.js';

export default defineRule({
  meta: {
    id: 'require-lock-timeout',
    category: 'locking',
    severity: 'warning',
    summary: 'Set lock_timeout before statements that take blocking locks on existing tables.',
    why:
      'A statement that needs a lock conflicting with running queries waits for them, and while it waits, every ' +
      'new query whose lock conflicts with the one it asked for queues behind it. Behind a long-running SELECT, even ' +
      'a quick ALTER TABLE can stop all traffic to the table for as long as that SELECT runs. lock_timeout makes the ' +
      'statement give up instead, which releases the queue.',
    safeAlternative:
      "Run `SET lock_timeout = '5s';` before the statement (or `SET LOCAL lock_timeout = '5s';` inside its " +
      'transaction) and retry the migration when it times out.',
    examples: {
      bad: ['ALTER TABLE orders ADD COLUMN note text;'],
      good: [
        "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
        "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
        'CREATE TABLE invoices (id bigint);\nALTER TABLE invoices ADD COLUMN note text;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    // Locks already held by the current transaction: asking for them again does not wait.
    let held = new Map<string, LockMode>();
    let heldIn: number | undefined;
    return {
      statement(statement) {
        if (statement.transaction !== heldIn) {
          held = new Map();
          heldIn = statement.transaction;
        }
        const locks = locksTakenBy(statement, context.postgresVersion).map((lock) => {
          const table = lockedTable(lock, context.catalog);
          return { lock, table, key: relationKey(table), mode: lock.index ? lock.index.tableMode : lock.mode };
        });
        const waits = locks.filter(({ key, mode }) => {
          const previous = key === undefined ? undefined : held.get(key);
          return previous === undefined || !covers(previous, mode);
        });
        if (statement.transaction !== undefined) {
          for (const { key, mode } of locks) {
            const previous = key === undefined ? undefined : held.get(key);
            if (key !== undefined && (previous === undefined || covers(mode, previous))) held.set(key, mode);
          }
        }
        if (!isDisabledTimeout(statement.lockTimeout)) return;
        // LOCK ... NOWAIT fails at once instead of waiting.
        if (statement.type === 'LockStmt' && statement.node.nowait === true) return;
        const blocking: { name: string; mode: LockMode }[] = [];
        for (const { lock, table, mode } of waits) {
          if (!isDisruptive(mode)) continue;
          if (table !== undefined && context.isNewTable(table)) continue;
          const known = lock.index ? context.catalog.table(table) : undefined;
          const name = !lock.index ? lock.relation : known ? `${known.schema ? `${known.schema}.` : ''}${known.name}` : `the table of index ${lock.relation}`;
          blocking.push({ name, mode });
        }
        if (blocking.length === 0) return;
        const modes = [...new Set(blocking.map((b) => b.mode))];
        const taken = modes.map((mode) => `${lockName(mode)} on ${blocking.filter((b) => b.mode === mode).map((b) => b.name).join(', ')}`).join(' and ');
        const names = (reads: boolean) => blocking.filter((b) => blockedOperations(b.mode).reads === reads).map((b) => b.name);
        const queued = [
          names(true).length > 0 ? `every read and write on ${names(true).join(', ')}` : '',
          names(false).length > 0 ? `every write on ${names(false).join(', ')}` : '',
        ].filter(Boolean).join(' and ');
        context.report(statement, {
          message: `Takes ${taken} with no lock_timeout set: while it waits for the lock behind a long-running query, ${queued} queues behind it.`,
          help: statement.inTransaction
            ? "Run `SET LOCAL lock_timeout = '5s';` in this transaction before the statement, and retry the migration when it times out."
            : "Run `SET lock_timeout = '5s';` before this statement and retry the migration when it times out.",
        });
      },
    };
  },
});
