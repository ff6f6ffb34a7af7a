import type { AlterTableStmt, FuncCall } from '@pgsql/types';
import { alterTableCommands, columnConstraints, relationName } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

/** Built-in and common extension functions that are VOLATILE: each row gets its own value. */
const VOLATILE = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'currval',
  'lastval',
  'setval',
]);

/**
 * Built-in functions that are STABLE or IMMUTABLE, so Postgres evaluates the default once and stores it in the
 * catalog instead of rewriting. A function outside this list may be a user's VOLATILE function: we cannot see
 * its definition, so it counts as possibly volatile.
 */
const NOT_VOLATILE = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'current_database',
  'current_schema',
  'timezone',
  'date_trunc',
  'date_part',
  'extract',
  'make_date',
  'make_time',
  'make_timestamp',
  'make_timestamptz',
  'make_interval',
  'to_timestamp',
  'to_date',
  'to_char',
  'to_number',
  'lower',
  'upper',
  'initcap',
  'concat',
  'concat_ws',
  'format',
  'length',
  'substr',
  'substring',
  'replace',
  'btrim',
  'ltrim',
  'rtrim',
  'lpad',
  'rpad',
  'repeat',
  'left',
  'right',
  'md5',
  'sha256',
  'sha512',
  'encode',
  'decode',
  'abs',
  'round',
  'trunc',
  'floor',
  'ceil',
  'ceiling',
  'array_fill',
  'string_to_array',
  'array_to_string',
  'to_json',
  'to_jsonb',
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'json_object',
  'jsonb_object',
  'int4range',
  'int8range',
  'numrange',
  'daterange',
  'tsrange',
  'tstzrange',
  'uuid_nil',
]);

type VolatileCall = { volatile: 'yes' | 'maybe'; call: string } | undefined;

export default defineRule({
  meta: {
    id: 'adding-column-volatile-default',
    category: 'locking',
    severity: 'error',
    verifiedBy: 'rewrite',
    summary: 'Do not add a column with a volatile default to an existing table.',
    why:
      'Adding a column whose DEFAULT is volatile (random(), gen_random_uuid(), clock_timestamp(), nextval(), ...) ' +
      'makes Postgres compute a value for every existing row, so it rewrites the whole table and its indexes while ' +
      'holding an ACCESS EXCLUSIVE lock: no reads or writes until the rewrite is done. Constants and STABLE functions ' +
      'such as now() are evaluated once and stored in the catalog (from Postgres 11), which is instant. Before ' +
      'Postgres 11 any non-null default rewrites the table.',
    safeAlternative:
      'Add the column without a default (or with a constant one), then set the default with ALTER COLUMN ... SET ' +
      'DEFAULT, which only applies to new rows and does not rewrite, and fill the existing rows with UPDATEs in ' +
      'small batches.',
    postgres: {
      note: 'Before Postgres 11 every non-null default rewrites the table; from 11 only volatile defaults do. A function sql-preflight does not know counts as possibly volatile.',
    },
    examples: {
      bad: ['ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();'],
      good: [
        "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';",
        'ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();',
        'ALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
      'https://www.postgresql.org/docs/current/ddl-alter.html#DDL-ALTER-ADDING-A-COLUMN',
      'https://www.postgresql.org/docs/current/xfunc-volatility.html',
    ],
  },
  create(context) {
    return {
      AlterTableStmt(node: AlterTableStmt, statement) {
        if (node.objtype !== 'OBJECT_TABLE' || context.isNewTable(node.relation)) return;
        const table = relationName(node.relation);
        for (const { cmd, range, column } of alterTableCommands(statement, node)) {
          if (cmd.subtype !== 'AT_AddColumn' || !column) continue;
          const expr = columnConstraints(column).find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
          if (!expr) continue;
          const adding = `Adding column ${column.colname} to ${table}`;
          const rewrite = 'rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done';
          if (context.postgresVersion < 11) {
            if (isNull(expr)) continue;
            context.report(statement, {
              range,
              message: `${adding} with a non-null default ${rewrite} (before Postgres 11 every existing row is written with the default).`,
              help:
                'Add the column without a default, then set the default with ALTER COLUMN ... SET DEFAULT in a separate statement ' +
                '(it applies to new rows only) and fill the existing rows with UPDATEs in small batches.',
            });
            continue;
          }
          const found = volatileCall(expr);
          if (!found) continue;
          context.report(statement, {
            range,
            message:
              found.volatile === 'yes'
                ? `${adding} with the volatile default ${found.call} ${rewrite}: every existing row gets its own value.`
                : `${adding} with the default ${found.call} ${rewrite} if ${found.call} is VOLATILE; sql-preflight cannot see the function's definition (a STABLE or IMMUTABLE function adds the column instantly).`,
          });
        }
      },
    };
  },
});

function isNull(expr: unknown): boolean {
  const node = expr as { A_Const?: { isnull?: boolean }; TypeCast?: { arg?: unknown } };
  if (node.TypeCast) return isNull(node.TypeCast.arg);
  return node.A_Const?.isnull === true;
}

/** The first call in the expression that is, or may be, volatile. */
function volatileCall(node: unknown): VolatileCall {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = volatileCall(child);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const call = (node as { FuncCall?: FuncCall }).FuncCall;
  if (call) {
    const parts = (call.funcname ?? []).map(constantText).filter((p): p is string => !!p);
    const name = parts.at(-1) ?? '';
    const builtin = parts.length === 1 || parts[0] === 'pg_catalog';
    const display = `${parts.join('.')}()`;
    if (VOLATILE.has(name)) return { volatile: 'yes', call: display };
    if (!builtin || !NOT_VOLATILE.has(name)) return { volatile: 'maybe', call: display };
  }
  for (const value of Object.values(node)) {
    const found = volatileCall(value);
    if (found) return found;
  }
  return undefined;
}
