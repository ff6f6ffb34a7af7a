import type { ColumnDef, RangeVar } from '@pgsql/types';
import { columnConstraints } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText, type StatementInfo } from '../core/statements.js';

/** NAMEDATALEN - 1 in a default build. */
const MAX_BYTES = 63;

const UNQUOTED = /^[A-Za-z_\u0080-\u{10FFFF}][\w$\u0080-\u{10FFFF}]*$/u;
const QUOTED = /^"((?:[^"]|"")*)"$/;

/** The name an identifier token stands for: quoted as written, unquoted with ASCII letters folded to lower case. */
function identifierValue(text: string): string | undefined {
  const quoted = QUOTED.exec(text);
  if (quoted) return quoted[1]!.replaceAll('""', '"');
  return UNQUOTED.test(text) ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : undefined;
}

/** What Postgres keeps of a name: at most 63 bytes, never splitting a character. */
function truncated(bytes: Buffer): string {
  let end = MAX_BYTES;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}

/** The names a statement creates or renames to, as the parser already truncated them, with what each one names. */
function declaredNames(statement: StatementInfo): Map<string, string> {
  const node = statement.node as Record<string, any>;
  const names = new Map<string, string>();
  const add = (name: unknown, what: string) => {
    if (typeof name === 'string' && !names.has(name)) names.set(name, what);
  };
  const addColumn = (def: ColumnDef | undefined) => {
    add(def?.colname, 'column name');
    for (const constraint of columnConstraints(def)) add(constraint.conname, 'constraint name');
  };
  switch (statement.type) {
    case 'CreateStmt':
      add((node.relation as RangeVar | undefined)?.relname, 'table name');
      for (const element of node.tableElts ?? []) {
        addColumn(element.ColumnDef);
        add(element.Constraint?.conname, 'constraint name');
      }
      break;
    case 'CreateTableAsStmt':
      add(node.into?.rel?.relname, node.objtype === 'OBJECT_MATVIEW' ? 'materialized view name' : 'table name');
      for (const column of node.into?.colNames ?? []) add(constantText(column), 'column name');
      break;
    case 'ViewStmt':
      add(node.view?.relname, 'view name');
      for (const column of node.aliases ?? []) add(constantText(column), 'column name');
      break;
    case 'IndexStmt':
      add(node.idxname, 'index name');
      break;
    case 'CreateSeqStmt':
      add(node.sequence?.relname, 'sequence name');
      break;
    case 'AlterTableStmt':
      for (const item of node.cmds ?? []) {
        const cmd = item.AlterTableCmd;
        if (cmd?.subtype === 'AT_AddColumn') addColumn(cmd.def?.ColumnDef);
        if (cmd?.subtype === 'AT_AddConstraint') add(cmd.def?.Constraint?.conname, 'constraint name');
      }
      break;
    case 'RenameStmt':
      add(node.newname, 'new name');
      break;
  }
  return names;
}

export default defineRule({
  meta: {
    id: 'identifier-too-long',
    category: 'types',
    severity: 'warning',
    summary: 'Keep table, column, index and constraint names within 63 bytes.',
    why:
      'Postgres keeps only the first NAMEDATALEN - 1 bytes of an identifier, 63 in a default build, counted in bytes of ' +
      'the encoding, not characters: a name with accented letters or other non-ASCII characters reaches the limit ' +
      'sooner. A longer name is cut short with only a NOTICE, so the object is created under a name nobody wrote. Tools ' +
      'and code that pass the full name as a string (to_regclass, information_schema, ORM schema checks) do not find it, ' +
      'and two names that share their first 63 bytes collide, so the second one fails as a duplicate.',
    safeAlternative: 'Shorten the name to 63 bytes or fewer, for example by abbreviating words, and use that name everywhere.',
    examples: {
      bad: ['CREATE INDEX customer_subscription_events_created_at_and_customer_id_and_status_idx ON events (created_at, customer_id, status);'],
      good: ['CREATE INDEX subscription_events_created_customer_status_idx ON events (created_at, customer_id, status);'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS',
      'https://www.postgresql.org/docs/current/datatype-character.html',
    ],
  },
  create(context) {
    return {
      statement(statement) {
        const declared = declaredNames(statement);
        if (declared.size === 0) return;
        const reported = new Set<string>();
        for (const token of statement.tokens) {
          const value = identifierValue(token.text);
          if (value === undefined) continue;
          const bytes = Buffer.from(value, 'utf8');
          if (bytes.length <= MAX_BYTES) continue;
          const kept = truncated(bytes);
          const what = declared.get(kept);
          if (!what || reported.has(kept)) continue;
          reported.add(kept);
          context.report(statement, {
            range: token.range,
            message:
              `The ${what} "${value}" is ${bytes.length} bytes long: Postgres keeps only the first ${MAX_BYTES} ("${kept}") ` +
              'with no more than a NOTICE, so anything that uses the full name will not find it.',
          });
        }
      },
    };
  },
});
