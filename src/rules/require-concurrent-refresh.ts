import type { RefreshMatViewStmt } from '@pgsql/types';
import { keywordRange, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-refresh',
    category: 'locking',
    severity: 'error',
    summary: 'Refresh existing materialized views with CONCURRENTLY.',
    why:
      'REFRESH MATERIALIZED VIEW without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the view for the whole time ' +
      'its query runs, so every SELECT on the view waits until the refresh commits. With CONCURRENTLY the refresh ' +
      'takes an EXCLUSIVE lock instead, which lets reads continue.',
    safeAlternative:
      'Use REFRESH MATERIALIZED VIEW CONCURRENTLY. It needs at least one UNIQUE index on the view that uses only ' +
      'plain column names and has no WHERE clause, and the view must already be populated. WITH NO DATA cannot be ' +
      'combined with CONCURRENTLY; that form empties the view on purpose and is not reported.',
    examples: {
      bad: ['REFRESH MATERIALIZED VIEW order_totals;'],
      good: [
        'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
        'REFRESH MATERIALIZED VIEW order_totals WITH NO DATA;',
        'CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS day;\nREFRESH MATERIALIZED VIEW daily_totals;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-refreshmaterializedview.html',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    return {
      RefreshMatViewStmt(node: RefreshMatViewStmt, statement) {
        if (node.concurrent || node.skipData || context.isNewTable(node.relation)) return;
        const name = relationName(node.relation);
        const uniqueIndex = context.catalog
          .table(node.relation)
          ?.indexes.find((i) => i.unique && !i.partial && !i.columns.includes('(expression)'));
        const view = keywordRange(statement, 'MATERIALIZED', 'VIEW');
        context.report(statement, {
          message: `Refreshing materialized view ${name} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock: every query that reads it waits until the refresh finishes.`,
          help: uniqueIndex
            ? `Use REFRESH MATERIALIZED VIEW CONCURRENTLY ${name}: reads keep working, and the unique index ${uniqueIndex.name ?? 'on the view'} makes it possible.`
            : `Create a UNIQUE index on plain columns of ${name} (CREATE UNIQUE INDEX CONCURRENTLY ...), then use REFRESH MATERIALIZED VIEW CONCURRENTLY ${name}, which keeps reads working.`,
          fix:
            uniqueIndex && view
              ? { description: 'Add CONCURRENTLY', edits: [{ range: { start: view.end, end: view.end }, text: ' CONCURRENTLY' }] }
              : undefined,
        });
      },
    };
  },
});
