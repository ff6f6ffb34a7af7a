import type { AlterTableStmt } from '@pgsql/types';
import { alterTableCommands, columnConstraints, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'adding-stored-generated-column',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'rewrite',
    summary: 'Do not add a STORED generated column to an existing table.',
    why:
      'A STORED generated column is computed and written for every existing row when it is added: Postgres rewrites ' +
      'the whole table and its indexes while holding an ACCESS EXCLUSIVE lock, so no reads or writes go through until ' +
      'the rewrite is done. A VIRTUAL generated column (Postgres 18) is computed when read and is added without a ' +
      'rewrite.',
    safeAlternative:
      'On Postgres 18, use a VIRTUAL generated column if you do not need to index it. Otherwise add a plain nullable ' +
      'column, keep it filled for new and updated rows with a BEFORE INSERT OR UPDATE trigger, and fill the existing ' +
      'rows with UPDATEs in small batches.',
    postgres: {
      since: 12,
      note: 'Generated columns exist from Postgres 12, STORED only. From Postgres 18, GENERATED ALWAYS AS (...) without STORED is VIRTUAL and adds no rewrite.',
    },
    examples: {
      bad: ['ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) STORED;'],
      good: [
        'ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) VIRTUAL;',
        'CREATE TABLE invoices (quantity int, unit_cents bigint);\nALTER TABLE invoices ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) STORED;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
      'https://www.postgresql.org/docs/current/ddl-generated-columns.html',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        for (const { cmd, range, column } of alterTableCommands(statement, node)) {
          if (cmd.subtype !== 'AT_AddColumn' || !column) continue;
          // libpg-query 18 reads both VIRTUAL and a missing keyword as 'v'; before Postgres 18 only STORED parses.
          const stored = columnConstraints(column).some((c) => c.contype === 'CONSTR_GENERATED' && c.generated_kind === 's');
          if (!stored) continue;
          context.report(statement, {
            range,
            message:
              `Adding the stored generated column ${column.colname} to ${relationName(node.relation)} computes it for every ` +
              'existing row: the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done.',
            help:
              context.postgresVersion >= 18
                ? 'Drop STORED to make it VIRTUAL: it is computed when read and added without a rewrite. If it must be stored (to index it), add a plain column instead, fill it for new and updated rows with a trigger and backfill the existing rows in small batches.'
                : 'Add a plain nullable column, keep it filled for new and updated rows with a BEFORE INSERT OR UPDATE trigger, and fill the existing rows with UPDATEs in small batches.',
          });
        }
      },
    };
  },
});
