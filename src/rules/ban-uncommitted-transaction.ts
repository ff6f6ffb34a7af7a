import type { TransactionStmt } from '@pgsql/types';
import { defineRule } from '../core/rule.js';
import { TRANSACTION_BEGIN, TRANSACTION_END, type StatementInfo } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'ban-uncommitted-transaction',
    category: 'transactions',
    severity: 'error',
    summary: 'Commit or roll back every transaction the file opens.',
    why:
      'A transaction block opened with BEGIN lasts until COMMIT or ROLLBACK, not until the end of the file. If the ' +
      "file never ends it, the runner's connection stays inside the open transaction, holding every lock the " +
      'migration took, so the tables it altered stay blocked for other sessions; when the connection finally ' +
      'closes, Postgres rolls the whole transaction back, and the migration may have been recorded as applied ' +
      'although none of its changes were kept.',
    safeAlternative:
      'End the file with COMMIT, or remove the BEGIN and let the migration runner manage the transaction.',
    examples: {
      bad: ['BEGIN;\nALTER TABLE orders ADD COLUMN note text;'],
      good: ['BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-begin.html',
      'https://www.postgresql.org/docs/current/sql-commit.html',
      'https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT',
    ],
  },
  create(context) {
    // The statement that opened the transaction block still open: a BEGIN, or a COMMIT/ROLLBACK AND CHAIN.
    let open: StatementInfo | undefined;
    return {
      TransactionStmt(node: TransactionStmt, statement) {
        const kind = node.kind ?? '';
        if (TRANSACTION_BEGIN.has(kind)) open ??= statement;
        else if (TRANSACTION_END.has(kind) && open) open = node.chain ? statement : undefined;
      },
      endOfFile() {
        // A runner that wraps the file ends with its own COMMIT, which closes whatever the file left open.
        if (!open || context.file.transaction === 'transaction') return;
        const opened = open.node.kind === 'TRANS_STMT_COMMIT' || open.node.kind === 'TRANS_STMT_ROLLBACK' ? 'The transaction that AND CHAIN starts here' : 'The transaction opened here';
        context.report(open, {
          message:
            `${opened} is never committed or rolled back in this file: the connection stays in it, holding every lock taken, ` +
            'and Postgres rolls the changes back when the session ends.',
        });
      },
    };
  },
});
