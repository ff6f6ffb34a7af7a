import type { Constraint } from '@pgsql/types';
import { builtinTypeName, columnDefinitions, relationName, typeNameSpan, type ColumnDefinition } from '../core/ast.js';
import { relationKey } from '../core/catalog.js';
import { defineRule, type RuleContext } from '../core/rule.js';
import { constantText, type StatementInfo } from '../core/statements.js';

interface Narrow {
  max: string;
  wider: string;
}

const SMALLINT = { max: '32,767', wider: 'bigint' };
const INTEGER = { max: '2,147,483,647', wider: 'bigint' };
const NARROW_TYPES = new Map<string, Narrow>([['int2', SMALLINT], ['int4', INTEGER]]);
/** serial is only the shorthand when unqualified; its values come from a sequence, so it counts as generated. */
const NARROW_SERIALS = new Map<string, Narrow>([
  ['smallserial', { ...SMALLINT, wider: 'bigserial' }],
  ['serial2', { ...SMALLINT, wider: 'bigserial' }],
  ['serial', { ...INTEGER, wider: 'bigserial' }],
  ['serial4', { ...INTEGER, wider: 'bigserial' }],
]);

const names = (nodes: unknown[] | undefined) => (nodes ?? []).map(constantText);

/** What a constraint makes of the column (with its article, for the message), if it makes it a key. */
function roleIn(constraint: Constraint, column: string, inline: boolean): string | undefined {
  if (constraint.contype === 'CONSTR_PRIMARY' && (inline || names(constraint.keys).includes(column))) return 'a primary key';
  if (constraint.contype === 'CONSTR_FOREIGN' && (inline || names(constraint.fk_attrs).includes(column))) return 'a foreign key';
  if (constraint.contype === 'CONSTR_IDENTITY' && inline) return 'an identity column';
  return undefined;
}

interface AlterTableNode {
  relation?: ColumnDefinition['relation'];
  cmds?: { AlterTableCmd?: { subtype?: string; name?: string; def?: { Constraint?: Constraint } } }[];
}

/** A file's ALTER TABLE statements by table, read once: looking through the later statements for each column made a file of many tables quadratic. */
const alterTables = new WeakMap<RuleContext['file'], Map<string, { statement: StatementInfo; node: AlterTableNode }[]>>();
function alterTablesOf(file: RuleContext['file']): Map<string, { statement: StatementInfo; node: AlterTableNode }[]> {
  let byTable = alterTables.get(file);
  if (!byTable) {
    byTable = new Map();
    for (const statement of file.statements) {
      if (statement.type !== 'AlterTableStmt') continue;
      const node = statement.node as AlterTableNode;
      const key = relationKey(node.relation);
      if (key === undefined) continue;
      const list = byTable.get(key) ?? [];
      list.push({ statement, node });
      byTable.set(key, list);
    }
    alterTables.set(file, byTable);
  }
  return byTable;
}

/**
 * Whether the column is a primary key, foreign key or identity column: declared on the column, in the statement's
 * table constraints, already in the schema (for ALTER COLUMN TYPE), or added by a later ALTER TABLE in the file.
 */
function keyRole(context: RuleContext, statement: StatementInfo, column: ColumnDefinition): string | undefined {
  for (const c of column.constraints) {
    const role = roleIn(c, column.name, true);
    if (role) return role;
  }
  for (const c of column.tableConstraints) {
    const role = roleIn(c, column.name, false);
    if (role) return role;
  }
  if (column.kind === 'alter-type') {
    const known = context.catalog.table(column.relation)?.constraints.find((c) => (c.kind === 'primary-key' || c.kind === 'foreign-key') && c.columns.includes(column.name));
    if (known) return known.kind === 'primary-key' ? 'a primary key' : 'a foreign key';
  }
  const key = relationKey(column.relation);
  for (const later of (key === undefined ? undefined : alterTablesOf(context.file).get(key)) ?? []) {
    if (later.statement.index <= statement.index) continue;
    for (const item of later.node.cmds ?? []) {
      const cmd = item.AlterTableCmd;
      if (cmd?.subtype === 'AT_AddIdentity' && cmd.name === column.name) return 'an identity column';
      const role = cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint ? roleIn(cmd.def.Constraint, column.name, false) : undefined;
      if (role) return role;
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'prefer-bigint-keys',
    category: 'types',
    severity: 'notice',
    summary: 'Use bigint for primary keys, foreign keys and identity columns.',
    why:
      'integer stops at 2,147,483,647 and smallint at 32,767. A key fed by a sequence reaches that after enough inserts ' +
      '(rolled-back and cached values are skipped too), and from then on every insert fails. Widening the column then is ' +
      'an ALTER COLUMN TYPE bigint, which rewrites the table and all its indexes under an ACCESS EXCLUSIVE lock, blocking ' +
      'reads and writes for as long as the rewrite takes, and has to be repeated for every foreign key column that ' +
      'references it. bigint costs 4 more bytes per value.',
    safeAlternative:
      'Declare key columns as bigint (identity columns as bigint GENERATED BY DEFAULT AS IDENTITY, serial as bigserial), ' +
      'and foreign key columns with the same type as the key they reference. Integer columns that are not keys are fine.',
    examples: {
      bad: [
        'CREATE TABLE orders (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);',
        'CREATE TABLE lines (id bigint PRIMARY KEY, order_id int REFERENCES orders (id));',
      ],
      good: [
        'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, quantity integer NOT NULL);',
        'CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), position smallint);',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-INT',
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
    ],
  },
  create(context) {
    return {
      statement(statement) {
        for (const column of columnDefinitions(statement)) {
          const typeName = column.def.typeName;
          if (typeName.arrayBounds?.length) continue;
          const unqualified = typeName.names?.length === 1 ? constantText(typeName.names[0]) : undefined;
          const serial = unqualified === undefined ? undefined : NARROW_SERIALS.get(unqualified);
          const narrow = serial ?? NARROW_TYPES.get(builtinTypeName(typeName) ?? '');
          if (!narrow) continue;
          const role = keyRole(context, statement, column) ?? (serial ? 'a sequence-generated column' : undefined);
          if (!role) continue;
          const span = typeNameSpan(statement, typeName);
          if (!span) continue;
          const table = relationName(column.relation);
          context.report(statement, {
            range: span.range,
            message:
              `${table}.${column.name} is ${role} of type ${context.file.lines.slice(span.range)}, which stops at ${narrow.max}; ` +
              `widening it later rewrites ${table} and its indexes under an ACCESS EXCLUSIVE lock.`,
            fix: { description: `Use ${narrow.wider}`, edits: [{ range: span.range, text: narrow.wider }] },
          });
        }
      },
    };
  },
});
