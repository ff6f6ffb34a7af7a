import type { ReindexStmt } from '@pgsql/types';
import { relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import type { StatementInfo } from '../core/statements.js';
import { booleanOption, lockedTable, locksTakenBy } from '../core/statement-locks.js';
import type { ByteRange } from '../core/types.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-reindex',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'rewrite',
    summary: 'Rebuild indexes of existing tables with REINDEX CONCURRENTLY.',
    why:
      'REINDEX without CONCURRENTLY takes a SHARE lock on the table, which blocks INSERT, UPDATE and DELETE, and an ' +
      'ACCESS EXCLUSIVE lock on each index while it is rebuilt. The planner locks every index of a table when it ' +
      'plans a query, so in practice nearly every query on the table waits until the rebuild finishes.',
    safeAlternative:
      'Use REINDEX ... CONCURRENTLY (PostgreSQL 12 and later) outside a transaction block. It builds a new index next ' +
      'to the old one without blocking reads or writes and swaps them; if it fails it leaves an invalid index whose ' +
      'name ends in _ccnew, which you drop before trying again. System catalogs and exclusion-constraint indexes ' +
      'cannot be rebuilt concurrently.',
    postgres: { since: 12, note: 'REINDEX CONCURRENTLY exists from PostgreSQL 12; before that there is no online rebuild.' },
    examples: {
      bad: ['REINDEX INDEX orders_customer_id_idx;', 'REINDEX TABLE orders;'],
      good: ['REINDEX INDEX CONCURRENTLY orders_customer_id_idx;', 'REINDEX (CONCURRENTLY) TABLE orders;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-reindex.html',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    const describe = (node: ReindexStmt, statement: StatementInfo): string | undefined => {
      const name = relationName(node.relation);
      switch (node.kind) {
        case 'REINDEX_OBJECT_TABLE':
          if (context.isNewTable(node.relation)) return undefined;
          return `REINDEX TABLE ${name} without CONCURRENTLY blocks writes to ${name} and locks each of its indexes exclusively, which stalls nearly every query on the table until the rebuild finishes.`;
        case 'REINDEX_OBJECT_INDEX': {
          const lock = locksTakenBy(statement)[0];
          const table = lock && lockedTable(lock, context.catalog);
          if (table && context.isNewTable(table)) return undefined;
          const info = context.catalog.table(table);
          const on = info ? ` ${info.schema ? `${info.schema}.` : ''}${info.name}` : '';
          return `REINDEX INDEX ${name} without CONCURRENTLY locks the index exclusively and blocks writes to its table${on}: nearly every query on the table waits until the rebuild finishes.`;
        }
        case 'REINDEX_OBJECT_SCHEMA':
        case 'REINDEX_OBJECT_DATABASE': {
          const kind = node.kind === 'REINDEX_OBJECT_SCHEMA' ? 'SCHEMA' : 'DATABASE';
          return `REINDEX ${kind}${node.name ? ` ${node.name}` : ''} without CONCURRENTLY rebuilds every index in it, blocking writes to each table and nearly every query on it while its indexes are rebuilt.`;
        }
        default:
          // REINDEX SYSTEM has no concurrent form: system catalogs cannot be reindexed concurrently.
          return undefined;
      }
    };

    return {
      ReindexStmt(node: ReindexStmt, statement) {
        if (booleanOption(node.params, 'concurrently')) return;
        const message = describe(node, statement);
        if (!message) return;
        // An explicit `CONCURRENTLY false` would conflict with an inserted keyword.
        const written = (node.params ?? []).some((p) => (p as { DefElem?: { defname?: string } }).DefElem?.defname === 'concurrently');
        const kind = kindKeyword(statement);
        context.report(statement, {
          message,
          help: statement.inTransaction
            ? 'Use REINDEX ... CONCURRENTLY in a migration that runs outside a transaction block: CONCURRENTLY cannot run inside one.'
            : undefined,
          fix:
            kind && !written && !statement.inTransaction
              ? { description: 'Add CONCURRENTLY', edits: [{ range: { start: kind.end, end: kind.end }, text: ' CONCURRENTLY' }] }
              : undefined,
        });
      },
    };
  },
});

/** The INDEX / TABLE / SCHEMA / DATABASE keyword, after `REINDEX` and its optional `( ... )` list. */
function kindKeyword(statement: StatementInfo): ByteRange | undefined {
  const tokens = statement.tokens;
  let i = 1;
  if (tokens[i]?.text === '(') {
    while (i < tokens.length && tokens[i]!.text !== ')') i++;
    i++;
  }
  return tokens[i]?.keyword ? tokens[i]!.range : undefined;
}
