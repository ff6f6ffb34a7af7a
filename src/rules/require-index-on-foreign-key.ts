import type { ColumnDef, Constraint, RangeVar } from '@pgsql/types';
import { columnConstraints, quoteIdentifier, relationName } from '../core/ast.js';
import { relationKey } from '../core/catalog.js';
import { defineRule } from '../core/rule.js';
import { constantText, type StatementInfo } from '../core/statements.js';
import type { ByteRange } from '../core/types.js';

interface ForeignKey {
  statement: StatementInfo;
  relation: RangeVar;
  /** Whether the catalog follows the table (it was created in the migrations); false for tables made outside them. */
  tracked: boolean;
  columns: string[];
  referenced: RangeVar | undefined;
  range: ByteRange | undefined;
}

const NAME_BYTES = 63;

const names = (nodes: unknown[] | undefined) => (nodes ?? []).map(constantText).filter((n): n is string => !!n);

/** From the constraint's start (`CONSTRAINT name`, `FOREIGN KEY` or `REFERENCES`) to the end of `REFERENCES table (columns)`. */
function constraintRange(statement: StatementInfo, location: number | undefined): ByteRange | undefined {
  const tokens = statement.tokens;
  const first = tokens.findIndex((t) => t.range.start === location);
  if (first < 0) return undefined;
  let i = first;
  while (i < tokens.length && !(tokens[i]!.keyword && tokens[i]!.text.toUpperCase() === 'REFERENCES')) i++;
  i++;
  while (tokens[i + 1]?.text === '.') i += 2;
  if (tokens[i + 1]?.text === '(') {
    while (i < tokens.length - 1 && tokens[i]!.text !== ')') i++;
  }
  const last = tokens[i];
  return last && { start: tokens[first]!.range.start, end: last.range.end };
}

/** The foreign keys a CREATE TABLE or ALTER TABLE declares, inline on a column or as table constraints. */
function foreignKeys(statement: StatementInfo, tracked: boolean): ForeignKey[] {
  const node = statement.node as {
    relation?: RangeVar;
    objtype?: string;
    tableElts?: { ColumnDef?: ColumnDef; Constraint?: Constraint }[];
    cmds?: { AlterTableCmd?: { subtype?: string; def?: { ColumnDef?: ColumnDef; Constraint?: Constraint } } }[];
  };
  const relation = node.relation;
  if (!relation) return [];
  let elements: { ColumnDef?: ColumnDef; Constraint?: Constraint }[] = [];
  if (statement.type === 'CreateStmt') elements = node.tableElts ?? [];
  else if (statement.type === 'AlterTableStmt' && node.objtype === 'OBJECT_TABLE') {
    elements = (node.cmds ?? []).flatMap((c) =>
      c.AlterTableCmd?.subtype === 'AT_AddColumn' || c.AlterTableCmd?.subtype === 'AT_AddConstraint' ? [c.AlterTableCmd.def ?? {}] : [],
    );
  }
  const found: ForeignKey[] = [];
  const add = (constraint: Constraint, columns: string[]) => {
    if (constraint.contype !== 'CONSTR_FOREIGN' || columns.length === 0) return;
    found.push({ statement, relation, tracked, columns, referenced: constraint.pktable, range: constraintRange(statement, constraint.location) });
  };
  for (const element of elements) {
    if (element.Constraint) add(element.Constraint, names(element.Constraint.fk_attrs));
    for (const constraint of columnConstraints(element.ColumnDef)) {
      if (element.ColumnDef?.colname) add(constraint, [element.ColumnDef.colname]);
    }
  }
  return found;
}

const isKey = (constraint: Constraint | undefined): constraint is Constraint =>
  constraint?.contype === 'CONSTR_PRIMARY' || constraint?.contype === 'CONSTR_UNIQUE';

/** Indexes and key constraints on a table the catalog does not know, as created anywhere in the file. */
function indexedColumnsInFile(statements: readonly StatementInfo[], relation: RangeVar): string[][] {
  const key = relationKey(relation);
  const found: string[][] = [];
  for (const s of statements) {
    const node = s.node as {
      relation?: RangeVar;
      whereClause?: unknown;
      indexParams?: { IndexElem?: { name?: string } }[];
      cmds?: { AlterTableCmd?: { def?: { ColumnDef?: ColumnDef; Constraint?: Constraint } } }[];
    };
    if (relationKey(node.relation) !== key) continue;
    if (s.type === 'IndexStmt' && !node.whereClause) found.push((node.indexParams ?? []).map((p) => p.IndexElem?.name ?? ''));
    if (s.type !== 'AlterTableStmt') continue;
    for (const item of node.cmds ?? []) {
      const { Constraint: constraint, ColumnDef: column } = item.AlterTableCmd?.def ?? {};
      if (isKey(constraint)) found.push(names(constraint.keys));
      for (const constraint of columnConstraints(column)) {
        if (column?.colname && isKey(constraint)) found.push([column.colname]);
      }
    }
  }
  return found;
}

/** True when the index's leading columns are exactly the foreign key's columns, in any order. */
function leads(indexColumns: string[], columns: string[]): boolean {
  const leading = new Set(indexColumns.slice(0, columns.length));
  return indexColumns.length >= columns.length && columns.every((c) => leading.has(c));
}

/** `<table>_<columns>_idx`, cut to fit the 63 bytes Postgres keeps of a name, so the suggested name is the real one. */
function indexName(table: string, columns: string[]): string {
  let base = `${table}_${columns.join('_')}`;
  while (Buffer.byteLength(base, 'utf8') > NAME_BYTES - '_idx'.length) base = [...base].slice(0, -1).join('');
  return `${base}_idx`;
}

export default defineRule({
  meta: {
    id: 'require-index-on-foreign-key',
    category: 'types',
    severity: 'warning',
    summary: 'Index the referencing columns of every foreign key.',
    why:
      'Postgres indexes the referenced side of a foreign key (its primary key or unique constraint) but not the ' +
      'referencing columns. Every row deleted from the referenced table, and every change to a referenced key, makes ' +
      'Postgres look for matching rows in the referencing table; without an index whose leading columns are the foreign ' +
      'key columns, that is a sequential scan of the whole referencing table per row, which also makes ON DELETE ' +
      'CASCADE and SET NULL slow.',
    safeAlternative:
      'Create an index whose leading columns are the foreign key columns (a primary key or unique constraint starting ' +
      'with them counts too). On an existing table, build it with CREATE INDEX CONCURRENTLY outside a transaction.',
    examples: {
      bad: ['CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));'],
      good: [
        'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));\n' +
          'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
        'CREATE TABLE order_tags (order_id bigint REFERENCES orders (id), tag text, PRIMARY KEY (order_id, tag));',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK',
      'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
    ],
  },
  create(context) {
    const pending: ForeignKey[] = [];
    return {
      statement(statement) {
        const relation = (statement.node as { relation?: RangeVar }).relation;
        pending.push(...foreignKeys(statement, statement.type === 'CreateStmt' || context.catalog.table(relation) !== undefined));
      },
      endOfFile() {
        for (const fk of pending) {
          // By now the catalog holds the schema as of the end of the file, indexes created after the constraint included.
          const table = context.catalog.table(fk.relation);
          // A table dropped or renamed later in the file has no index left to look for under this name.
          if (fk.tracked && !table) continue;
          const indexed = table
            ? table.indexes.filter((i) => !i.partial).map((i) => i.columns)
            : indexedColumnsInFile(context.file.statements, fk.relation);
          if (indexed.some((columns) => leads(columns, fk.columns))) continue;
          const tableName = relationName(fk.relation);
          const quotedTable = [fk.relation.schemaname, fk.relation.relname].filter((p): p is string => !!p).map(quoteIdentifier).join('.');
          const concurrently = context.isNewTable(fk.relation) ? '' : ' CONCURRENTLY';
          const columns = fk.columns.join(', ');
          context.report(fk.statement, {
            range: fk.range,
            message:
              `Each row deleted from ${relationName(fk.referenced)}, or whose key changes, makes Postgres scan all of ${tableName} ` +
              `for referencing rows, because no index on ${tableName} starts with (${columns}).`,
            help:
              `CREATE INDEX${concurrently} ${quoteIdentifier(indexName(fk.relation.relname ?? '', fk.columns))} ON ${quotedTable} ` +
              `(${fk.columns.map(quoteIdentifier).join(', ')});`,
          });
        }
      },
    };
  },
});
