import type { ClusterStmt, RangeVar, VacuumStmt } from '@pgsql/types';
import { relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import type { StatementInfo } from '../core/statements.js';
import { booleanOption } from '../core/statement-locks.js';

const REPACK_SINCE = 19;

export default defineRule({
  meta: {
    id: 'ban-vacuum-full-cluster',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'rewrite',
    summary: 'Do not run VACUUM FULL or CLUSTER in a migration.',
    why:
      'VACUUM FULL and CLUSTER write a new copy of the table and of all its indexes while holding an ACCESS ' +
      'EXCLUSIVE lock, so every read and write of the table waits for the whole rewrite, which on a large table ' +
      'takes minutes to hours. Without a table name they rewrite every table they can (CLUSTER: every table ' +
      'clustered before).',
    safeAlternative:
      'Reclaim space online with an extension that rewrites the table while it stays in use, such as pg_repack or ' +
      'pg_squeeze, run outside the migrations; from PostgreSQL 19, REPACK (CONCURRENTLY) does the same in core and ' +
      'holds ACCESS EXCLUSIVE only to swap the files. Plain VACUUM does not block reads or writes.',
    postgres: {
      note: 'From PostgreSQL 19, REPACK (CONCURRENTLY) rewrites a table without blocking reads and writes except for the final swap.',
    },
    examples: {
      bad: ['VACUUM FULL orders;', 'CLUSTER orders USING orders_created_at_idx;'],
      good: ['VACUUM (ANALYZE) orders;', 'CREATE TABLE invoices (id bigint PRIMARY KEY);\nVACUUM FULL invoices;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-vacuum.html',
      'https://www.postgresql.org/docs/current/sql-cluster.html',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
      'https://www.postgresql.org/docs/19/sql-repack.html',
    ],
  },
  create(context) {
    const check = (statement: StatementInfo, command: string, named: readonly (RangeVar | undefined)[]) => {
      const existing = named.filter((r) => !context.isNewTable(r)).map(relationName);
      if (named.length > 0 && existing.length === 0) return;
      const target = existing.length > 0 ? existing.join(', ') : 'every table it applies to';
      const repack = context.postgresVersion >= REPACK_SINCE;
      context.report(statement, {
        message: `${command} rewrites ${target} under an ACCESS EXCLUSIVE lock: all reads and writes wait until the rewrite finishes.`,
        help: repack
          ? `Rewrite ${existing.length > 0 ? 'each table' : 'the tables that need it'} with REPACK (CONCURRENTLY) table_name, one table per command and outside a transaction block (the table needs a primary key or an index-based replica identity), or with pg_repack / pg_squeeze.`
          : 'Reclaim the space online with pg_repack or pg_squeeze, outside the migration; plain VACUUM does not block reads or writes.',
      });
    };
    return {
      VacuumStmt(node: VacuumStmt, statement) {
        if (!node.is_vacuumcmd || !booleanOption(node.options, 'full')) return;
        check(statement, 'VACUUM FULL', (node.rels ?? []).map((r) => (r as { VacuumRelation?: { relation?: RangeVar } }).VacuumRelation?.relation));
      },
      ClusterStmt(node: ClusterStmt, statement) {
        check(statement, 'CLUSTER', node.relation ? [node.relation] : []);
      },
    };
  },
});
