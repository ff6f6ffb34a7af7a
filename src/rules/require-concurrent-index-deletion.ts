import type { DropStmt } from '@pgsql/types';
import { keywordRange } from '../core/ast.js';
import type { Catalog, TableInfo } from '../core/catalog.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-index-deletion',
    category: 'locking',
    severity: 'error',
    summary: 'Drop indexes on existing tables with CONCURRENTLY.',
    why:
      'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table the index belongs to. The drop ' +
      'itself is quick, but the lock has to wait for every running query on the table to finish, and while it waits ' +
      'all new reads and writes on the table queue behind it.',
    safeAlternative:
      'Use DROP INDEX CONCURRENTLY, outside a transaction block. It waits for conflicting transactions without ' +
      'blocking reads and writes; it drops one index per statement and does not accept CASCADE.',
    examples: {
      bad: ['DROP INDEX orders_customer_id_idx;'],
      good: [
        'DROP INDEX CONCURRENTLY orders_customer_id_idx;',
        'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);\nDROP INDEX invoices_customer_id_idx;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-dropindex.html',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    return {
      DropStmt(node: DropStmt, statement) {
        if (node.removeType !== 'OBJECT_INDEX' || node.concurrent) return;
        const names = (node.objects ?? []).map((object) =>
          ((object as { List?: { items?: unknown[] } }).List?.items ?? []).map(constantText).filter((p): p is string => !!p),
        );
        const tables = names.map((parts) => owningTable(context.catalog, parts));
        // Only an index known to sit on a table created in this change is safe to drop without CONCURRENTLY.
        const onExisting = tables.filter((t) => !t || !context.isNewTable({ relname: t.name, schemaname: t.schema }));
        if (onExisting.length === 0) return;
        const known = [...new Set(onExisting.filter((t): t is TableInfo => !!t).map(tableName))];
        const on = known.length > 0 && onExisting.every((t) => t) ? known.join(', ') : 'the table it belongs to';
        const index = keywordRange(statement, 'INDEX');
        // CONCURRENTLY takes one index and no CASCADE, and fails inside a transaction block.
        const fixable = index && names.length === 1 && node.behavior !== 'DROP_CASCADE' && !statement.inTransaction;
        context.report(statement, {
          message: `Dropping ${names.length === 1 ? 'index' : 'indexes'} ${names.map((p) => p.join('.')).join(', ')} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${on}: reads and writes queue behind it until every running query on the table has finished.`,
          help: names.length > 1 ? 'Drop each index in its own DROP INDEX CONCURRENTLY statement, outside a transaction block.' : undefined,
          fix: fixable
            ? { description: 'Add CONCURRENTLY', edits: [{ range: { start: index.end, end: index.end }, text: ' CONCURRENTLY' }] }
            : undefined,
        });
      },
    };
  },
});

/** The table holding the index `[schema.]name`; an unqualified name is looked up in `public`. */
function owningTable(catalog: Catalog, parts: string[]): TableInfo | undefined {
  const name = parts.at(-1);
  const schema = parts.length > 1 ? parts.at(-2) : 'public';
  for (const table of catalog.tables.values()) {
    if ((table.schema ?? 'public') === schema && table.indexes.some((i) => i.name === name)) return table;
  }
  return undefined;
}

function tableName(table: TableInfo): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}
