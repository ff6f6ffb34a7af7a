import type { RangeVar, TruncateStmt } from '@pgsql/types';
import { relationName } from '../core/ast.js';
import { describeBlocking, lockName } from '../core/locks.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'ban-truncate',
    category: 'breaking',
    severity: 'warning',
    summary: 'Do not empty existing tables with TRUNCATE in a migration.',
    why:
      'TRUNCATE deletes every row of the tables at once and the rows cannot be recovered once the transaction ' +
      'commits. It takes an ACCESS EXCLUSIVE lock on each table, which blocks all reads and writes until the ' +
      'transaction ends. Without ONLY it also empties inheritance children and partitions, and with CASCADE it ' +
      'also empties every table that has a foreign key to one of them, and the tables referencing those in turn, ' +
      'none of which the statement names.',
    safeAlternative:
      'Keep deleting data out of schema migrations: if rows really have to go, delete them from a separate script, ' +
      'in batches by key range. If a table must be emptied, name every table to empty in the statement instead of ' +
      'relying on CASCADE, so the migration shows what it deletes.',
    examples: {
      bad: ['TRUNCATE orders;'],
      good: ['CREATE TABLE import_batch (id bigint, payload jsonb);\nTRUNCATE import_batch;'],
    },
    references: ['https://www.postgresql.org/docs/current/sql-truncate.html'],
  },
  create(context) {
    return {
      TruncateStmt(node: TruncateStmt, statement) {
        const existing = (node.relations ?? [])
          .map((r) => (r as { RangeVar?: RangeVar }).RangeVar)
          .filter((r): r is RangeVar => r !== undefined && !context.isNewTable(r));
        if (existing.length === 0) return;
        const names = existing.map(relationName).join(', ');
        const them = existing.length > 1 ? 'them' : 'it';
        const cascade =
          node.behavior === 'DROP_CASCADE'
            ? ` CASCADE also empties every table that has a foreign key to ${names}, and in turn the tables referencing those, although the statement does not name them.`
            : '';
        context.report(statement, {
          message:
            `TRUNCATE deletes every row of ${names} for good, and its ${lockName('AccessExclusiveLock')} lock ${describeBlocking('AccessExclusiveLock')} ` +
            `on ${them} until the transaction ends.${cascade}`,
        });
      },
    };
  },
});
