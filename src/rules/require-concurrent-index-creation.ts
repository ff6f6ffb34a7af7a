import type { IndexStmt } from '@pgsql/types';
import { keywordRange, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-index-creation',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'lock',
    summary: 'Create indexes on existing tables with CONCURRENTLY.',
    why:
      'CREATE INDEX without CONCURRENTLY takes a SHARE lock on the table for the whole index build: every INSERT, ' +
      'UPDATE and DELETE waits until the index is built, which on a large table takes minutes.',
    safeAlternative:
      'Use CREATE INDEX CONCURRENTLY, outside a transaction block. It builds the index without blocking writes; if it ' +
      'fails it leaves an INVALID index behind, which you drop and create again.',
    examples: {
      bad: ['CREATE INDEX orders_customer_id_idx ON orders (customer_id);'],
      good: [
        'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
        'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);',
      ],
    },
    references: ['https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY'],
  },
  create(context) {
    return {
      IndexStmt(node: IndexStmt, statement) {
        if (node.concurrent || context.isNewTable(node.relation)) return;
        const index = keywordRange(statement, 'INDEX');
        context.report(statement, {
          message: `Creating an index on ${relationName(node.relation)} without CONCURRENTLY blocks writes to the table until the index is built.`,
          fix: index && {
            description: 'Add CONCURRENTLY',
            edits: [{ range: { start: index.end, end: index.end }, text: ' CONCURRENTLY' }],
          },
        });
      },
    };
  },
});
