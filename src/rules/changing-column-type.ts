import type { AlterTableStmt } from '@pgsql/types';
import { alterTableCommands, relationName } from '../core/ast.js';
import { columnType, type ColumnType } from '../core/catalog.js';
import { defineRule } from '../core/rule.js';

const REWRITE = 'rewrites the whole table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done';

/** Changes Postgres makes by relabelling the column: the stored bytes stay valid for the new type. */
const RELABEL: Record<string, (from: ColumnType, to: ColumnType) => boolean> = {
  'varchar>text': () => true,
  'text>varchar': (_, to) => to.typmods.length === 0,
  'cidr>inet': () => true,
};

/** The interval typmod for "all fields" (YEAR TO SECOND), which `interval(p)` carries. */
const FULL_RANGE = 32767;

/** Types whose length or precision can grow without a rewrite (the type's own support function says so). */
const WIDENING: Record<string, (from: number[], to: number[]) => boolean> = {
  varchar: atLeast,
  varbit: atLeast,
  numeric: (from, to) => to.length === 0 || (from.length > 0 && (from[1] ?? 0) === (to[1] ?? 0) && to[0]! >= from[0]!),
  timestamp: precision,
  timestamptz: precision,
  time: precision,
  timetz: precision,
  // interval typmods are [fields, precision]; the fields must stay the same.
  interval: (from, to) => to.length === 0 || ((from[0] ?? FULL_RANGE) === to[0] && (to[1] ?? 6) >= (from[1] ?? 6)),
};

function atLeast(from: number[], to: number[]): boolean {
  return to.length === 0 || (from.length > 0 && to[0]! >= from[0]!);
}

/** Fractional-second precision: unspecified means the maximum, 6. */
function precision(from: number[], to: number[]): boolean {
  return (to[0] ?? 6) >= (from[0] ?? 6);
}

/** True when Postgres changes `from` to `to` without rewriting the table (and without rebuilding indexes). */
function changesWithoutRewrite(from: ColumnType, to: ColumnType): boolean {
  if (from.array !== to.array) return false;
  const sameTypmods = from.typmods.length === to.typmods.length && from.typmods.every((m, i) => m === to.typmods[i]);
  if (from.name === to.name && sameTypmods) return true;
  // Element coercions of arrays are not simplified away: only an identical array type is safe.
  if (from.array) return false;
  if (from.name === to.name) return WIDENING[from.name]?.(from.typmods, to.typmods) ?? false;
  return RELABEL[`${from.name}>${to.name}`]?.(from, to) ?? false;
}

function typeText(type: ColumnType): string {
  const typmods = type.name === 'interval' ? type.typmods.slice(1) : type.typmods;
  return `${type.name}${typmods.length > 0 ? `(${typmods.join(',')})` : ''}${type.array ? '[]' : ''}`;
}

export default defineRule({
  meta: {
    id: 'changing-column-type',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'rewrite',
    summary: 'Do not change the type of a column of an existing table when it rewrites the table.',
    why:
      'ALTER COLUMN ... TYPE takes an ACCESS EXCLUSIVE lock and, unless the old type converts to the new one without ' +
      'touching the data, rewrites every row and rebuilds every index of the table: no reads or writes go through ' +
      'until it is done. Conversions without a rewrite are the binary-compatible ones (varchar to text, cidr to ' +
      'inet) and widenings of a length or precision limit (varchar(n) to a larger or no limit, numeric precision up ' +
      'with the same scale, more fractional-second digits for timestamp, time and interval). A USING clause always ' +
      'rewrites.',
    safeAlternative:
      'Prefer a change Postgres does without a rewrite (e.g. varchar(n) to text or to a larger varchar). Otherwise ' +
      'add a new column of the new type, keep it in sync with a trigger, backfill the existing rows in small ' +
      'batches, switch the application to it and drop the old column.',
    examples: {
      bad: ['ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;'],
      good: ['CREATE TABLE invoices (id int, note varchar(20));\nALTER TABLE invoices ALTER COLUMN id TYPE bigint;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
      'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        const table = context.catalog.table(node.relation);
        const name = relationName(node.relation);
        for (const { cmd, range, column: def } of alterTableCommands(statement, node)) {
          if (cmd.subtype !== 'AT_AlterColumnType' || !def || !cmd.name) continue;
          const to = columnType(def.typeName);
          const from = table?.columns.get(cmd.name)?.type;
          const changing = `Changing the type of ${cmd.name} on ${name}`;
          let message: string;
          if (def.raw_default) {
            message = `${changing} to ${typeText(to)} with a USING clause ${REWRITE}.`;
          } else if (!from) {
            message =
              `${changing} to ${typeText(to)} ${REWRITE}, unless the old type converts without a rewrite: the old type is unknown ` +
              'here (the column is not created in the migrations), and `sql-preflight check` verifies it on a real database.';
          } else if (!changesWithoutRewrite(from, to)) {
            message = `${changing} from ${typeText(from)} to ${typeText(to)} ${REWRITE}.`;
          } else if (def.collClause) {
            // The data stays, but an index sorted by the old collation cannot be kept.
            message = `${changing} with a COLLATE clause rebuilds the indexes on the column under an ACCESS EXCLUSIVE lock if the collation changes, blocking reads and writes until they are rebuilt.`;
          } else {
            continue;
          }
          context.report(statement, { range, message });
        }
      },
    };
  },
});
