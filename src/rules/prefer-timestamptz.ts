import { builtinTypeName, columnDefinitions, relationName, typeNameSpan } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

const CURRENT_TIME_FUNCTIONS = new Set(['now', 'transaction_timestamp', 'statement_timestamp', 'clock_timestamp']);
const CURRENT_TIME_VALUES = new Set(['SVFOP_CURRENT_TIMESTAMP', 'SVFOP_CURRENT_TIMESTAMP_N', 'SVFOP_LOCALTIMESTAMP', 'SVFOP_LOCALTIMESTAMP_N']);

/**
 * An expression that yields the current instant means the same in a timestamptz column. Anything else (a literal,
 * `now() AT TIME ZONE 'utc'`) produces a wall-clock value that a timestamptz column would read in the session's
 * TimeZone, so swapping the type alone would shift the stored instants.
 */
function isCurrentTime(expr: unknown): boolean {
  const node = expr as { FuncCall?: { funcname?: unknown[]; args?: unknown[] }; SQLValueFunction?: { op?: string } };
  if (node.SQLValueFunction) return CURRENT_TIME_VALUES.has(node.SQLValueFunction.op ?? '');
  const name = node.FuncCall?.funcname?.map(constantText).at(-1);
  return !!name && CURRENT_TIME_FUNCTIONS.has(name) && !node.FuncCall?.args?.length;
}

export default defineRule({
  meta: {
    id: 'prefer-timestamptz',
    category: 'types',
    severity: 'notice',
    summary: 'Store points in time as timestamptz, not timestamp without time zone.',
    why:
      'A timestamp without time zone keeps the date and clock fields exactly as given and silently ignores any zone or ' +
      'offset in the input, so the same column ends up holding local times of whichever server, session or client wrote ' +
      'them. Those values cannot be ordered or converted reliably across time zones, and around a daylight-saving change ' +
      'one local time names two instants. timestamptz takes the same 8 bytes, stores the instant in UTC and converts to ' +
      'the session TimeZone on output. Switching an existing column later is an ALTER COLUMN TYPE that rewrites the table ' +
      'under an ACCESS EXCLUSIVE lock (since Postgres 12 it skips the rewrite only when the session TimeZone is UTC).',
    safeAlternative:
      'Use timestamptz (timestamp with time zone), keeping any precision: timestamp(3) becomes timestamptz(3). Keep ' +
      'timestamp without time zone only for values that are deliberately zone-less, such as a local opening hour.',
    examples: {
      bad: [
        'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp NOT NULL);',
        'ALTER TABLE events ADD COLUMN processed_at timestamp(3) without time zone;',
      ],
      good: [
        'CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL DEFAULT now());',
        'ALTER TABLE events ADD COLUMN processed_at timestamp(3) with time zone;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-TIMEZONES',
      'https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-INPUT-TIME-STAMPS',
      'https://www.postgresql.org/docs/release/12.0/',
    ],
  },
  create(context) {
    return {
      statement(statement) {
        for (const column of columnDefinitions(statement)) {
          if (builtinTypeName(column.def.typeName) !== 'timestamp') continue;
          const span = typeNameSpan(statement, column.def.typeName);
          if (!span) continue;
          const written = context.file.lines.slice(span.range);
          const precision = column.def.typeName.typmods?.length ? `(${constantText(column.def.typeName.typmods[0])})` : '';
          const replacement = `timestamptz${precision}`;
          const expressions = [column.def.raw_default, ...column.constraints.map((c) => c.raw_expr)].filter((e) => e !== undefined);
          const mechanical = expressions.every(isCurrentTime);
          context.report(statement, {
            range: span.range,
            message:
              `${relationName(column.relation)}.${column.name} is ${written}: it stores wall-clock readings without a zone, ` +
              'so values written from different time zones, or across a daylight-saving change, cannot be compared or converted reliably.',
            help: mechanical
              ? undefined
              : `Use ${replacement}, and rewrite the ${column.kind === 'alter-type' ? 'USING' : 'default'} expression to produce ` +
                'timestamptz: a timestamp without time zone assigned to a timestamptz column is read in the session TimeZone, ' +
                "so an expression such as now() AT TIME ZONE 'utc' would be shifted by the session's offset.",
            fix: mechanical
              ? { description: `Use ${replacement}`, edits: [{ range: span.base, text: replacement }] }
              : undefined,
          });
        }
      },
    };
  },
});
