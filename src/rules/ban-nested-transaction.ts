import type { TransactionStmt } from '@pgsql/types';
import { defineRule } from '../core/rule.js';
import { TRANSACTION_BEGIN, TRANSACTION_END, type StatementInfo } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'ban-nested-transaction',
    category: 'transactions',
    severity: 'warning',
    summary: 'Do not open a transaction while one is already open.',
    why:
      'Postgres has no nested transactions: a BEGIN inside an open transaction block only raises a warning and ' +
      'changes nothing, so the next COMMIT or ROLLBACK ends the outer transaction. When the migration runner ' +
      'already wraps the file in a transaction, the COMMIT the file adds for its own BEGIN commits the ' +
      "runner's transaction early: the statements after it no longer run in that transaction, so a later failure " +
      'leaves the migration half applied. (A BEGIN in a file sent as one multi-statement query is different: it ' +
      'turns the implicit transaction into a regular one and is not flagged.)',
    safeAlternative:
      "Let one party own the transaction: either remove BEGIN and COMMIT from the file and rely on the runner's " +
      "transaction, or turn the runner's transaction off for this file. To undo part of the work on its own " +
      'inside a transaction, use SAVEPOINT and ROLLBACK TO SAVEPOINT.',
    examples: {
      bad: ['BEGIN;\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nBEGIN;\nCREATE TABLE payments (id bigint PRIMARY KEY);\nCOMMIT;'],
      good: ['BEGIN;\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nSAVEPOINT payments;\nCREATE TABLE payments (id bigint PRIMARY KEY);\nCOMMIT;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-begin.html',
      'https://www.postgresql.org/docs/current/sql-commit.html',
      'https://www.postgresql.org/docs/current/sql-savepoint.html',
      'https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT',
    ],
  },
  create(context) {
    const { file } = context;
    const lineOf = (statement: StatementInfo) => file.lines.position(statement.range.start).line;
    // The regular transaction block open at this point: the runner's, or the statement that opened it. An implicit
    // block (a multi-statement query) does not count, since a BEGIN in it converts it instead of nesting.
    let open: StatementInfo | 'runner' | undefined = file.transaction === 'transaction' ? 'runner' : undefined;
    return {
      TransactionStmt(node: TransactionStmt, statement) {
        const kind = node.kind ?? '';
        if (TRANSACTION_END.has(kind)) {
          // AND CHAIN starts a new transaction block right away.
          if (open) open = node.chain ? statement : undefined;
          return;
        }
        if (!TRANSACTION_BEGIN.has(kind)) return;
        if (!open) {
          open = statement;
          return;
        }
        const command = kind === 'TRANS_STMT_START' ? 'START TRANSACTION' : 'BEGIN';
        if (open === 'runner') {
          const end = file.statements.find(
            (s) => s.index > statement.index && s.type === 'TransactionStmt' && TRANSACTION_END.has(s.node.kind as string),
          );
          const early = end
            ? `, so the ${end.tokens[0]?.text.toUpperCase()} on line ${lineOf(end)} ends the runner's transaction early and the statements after it run outside it`
            : '';
          context.report(statement, {
            message: `${command} inside the transaction the runner already opened for this file is ignored (Postgres only warns)${early}.`,
            help: "Remove the file's own BEGIN and COMMIT and let the runner's transaction cover the file, or turn the runner's transaction off for this file.",
          });
          return;
        }
        context.report(statement, {
          message:
            `${command} while the transaction opened on line ${lineOf(open)} is still open is ignored (Postgres only warns): ` +
            'there are no nested transactions, so the next COMMIT or ROLLBACK ends the outer one.',
          help: 'Remove the inner BEGIN and its COMMIT; to undo part of the work on its own, use SAVEPOINT and ROLLBACK TO SAVEPOINT.',
        });
      },
    };
  },
});
