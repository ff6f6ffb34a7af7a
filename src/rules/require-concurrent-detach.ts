import type { AlterTableStmt, PartitionCmd } from '@pgsql/types';
import { alterTableCommands, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'require-concurrent-detach',
    category: 'locking',
    severity: 'error',
    summary: 'Detach partitions of existing tables with DETACH PARTITION ... CONCURRENTLY.',
    why:
      'ALTER TABLE ... DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the partitioned table ' +
      'itself, so every query on any of its partitions waits until the detach commits. With CONCURRENTLY (PostgreSQL ' +
      '14 and later) the partitioned table gets only a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on.',
    safeAlternative:
      'Use ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY in a migration that runs outside a transaction block: ' +
      'CONCURRENTLY cannot run inside one, and it is not allowed when the partitioned table has a DEFAULT partition. ' +
      'If it is interrupted, finish it with DETACH PARTITION ... FINALIZE.',
    postgres: { since: 14, note: 'DETACH PARTITION ... CONCURRENTLY exists from PostgreSQL 14.' },
    examples: {
      bad: ['ALTER TABLE measurements DETACH PARTITION measurements_2019;'],
      good: [
        'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;',
        "CREATE TABLE events (at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE events DETACH PARTITION events_2024;",
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION',
      'https://www.postgresql.org/docs/current/ddl-partitioning.html',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        for (const { cmd, range } of alterTableCommands(statement, node)) {
          const partition = (cmd.def as { PartitionCmd?: PartitionCmd } | undefined)?.PartitionCmd;
          if (cmd.subtype !== 'AT_DetachPartition' || !partition || partition.concurrent) continue;
          const parent = relationName(node.relation);
          context.report(statement, {
            range,
            message: `Detaching ${relationName(partition.name)} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${parent}: every query on the partitioned table waits until the detach commits.`,
            help: statement.inTransaction
              ? `Use DETACH PARTITION ${relationName(partition.name)} CONCURRENTLY in a migration that runs outside a transaction block (CONCURRENTLY cannot run inside one, nor when ${parent} has a DEFAULT partition).`
              : undefined,
          });
        }
      },
    };
  },
});
