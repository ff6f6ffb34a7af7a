import type { DropdbStmt } from '@pgsql/types';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'ban-drop-database',
    category: 'breaking',
    severity: 'error',
    summary: 'Never drop a database from a migration.',
    why:
      'DROP DATABASE removes the database with every object and row in it, deletes its data directory, and cannot be ' +
      'undone. It fails while anyone else is connected to that database, unless WITH (FORCE) is given, which first ' +
      'terminates their sessions. It also cannot run inside a transaction block.',
    safeAlternative:
      'Do not drop databases from migrations. If a database really has to go, drop it by hand (or with dropdb) ' +
      'after taking a backup and after every application has stopped connecting to it.',
    examples: {
      bad: ['DROP DATABASE analytics;'],
      good: ['-- analytics is dropped by hand with dropdb, after a backup, not by a migration.'],
    },
    references: ['https://www.postgresql.org/docs/current/sql-dropdatabase.html'],
  },
  create(context) {
    return {
      DropdbStmt(node: DropdbStmt, statement) {
        const force = node.options?.some((o) => (o as { DefElem?: { defname?: string } }).DefElem?.defname === 'force');
        const details = [
          force ? 'WITH (FORCE) first terminates every session connected to it.' : '',
          statement.inTransaction ? 'It cannot run inside a transaction block, so here it fails anyway.' : '',
        ];
        context.report(statement, {
          message: [`Dropping database ${node.dbname ?? '?'} deletes it with all its data, and cannot be undone.`, ...details].filter(Boolean).join(' '),
        });
      },
    };
  },
});
