import type { Session } from '../db/provider.js';

/** What the generator needs to know about the replayed schema, read from the system catalogs. */
export interface Catalog {
  relations: Relation[];
  types: Map<number, TypeInfo>;
}

export type RelationKind = 'table' | 'partitioned' | 'view' | 'matview' | 'foreign';

export interface Relation {
  oid: number;
  /** `schema.name` as written in the config's `tables` (unquoted). */
  name: string;
  /** The bare name, for config entries without a schema. */
  shortName: string;
  /** Schema-qualified and quoted, ready for SQL. */
  sql: string;
  kind: RelationKind;
  /** A partition: filled through its partitioned table, listed only as a possible parent of foreign keys. */
  partition: boolean;
  /** Rows before the generator ran (from the migrations or a user seed file). */
  hasRows: boolean;
  columns: Column[];
  /** Unique indexes (primary keys and UNIQUE constraints included) and exclusion constraints. */
  uniques: UniqueKey[];
  foreignKeys: ForeignKey[];
  checks: Check[];
  partitioning?: Partitioning;
  /** BEFORE INSERT row triggers may drop or change rows, so a batch's row count must be read back. */
  beforeInsertTriggers: boolean;
}

export interface Column {
  num: number;
  name: string;
  /** quote_ident(name). */
  sql: string;
  type: TypeInfo;
  typmod: number;
  /** format_type(type, typmod): the type as a cast target. */
  sqlType: string;
  notNull: boolean;
  /** How Postgres fills the column when an INSERT leaves it out. */
  filledBy: 'nothing' | 'default' | 'identity' | 'generated';
  /** The default expression, when there is one. */
  default?: string;
}

export interface TypeInfo {
  oid: number;
  /** typname, e.g. int4, varchar, timestamptz (builtin types are recognised by it, with schema pg_catalog). */
  name: string;
  schema: string;
  /** format_type(oid, NULL). */
  sql: string;
  category: string;
  element?: number;
  /** Domains: the type below (and as a cast target, with its typmod), NOT NULL, and CHECK expressions written with VALUE. */
  base?: number;
  baseSql?: string;
  baseTypmod?: number;
  domainNotNull?: boolean;
  domainChecks?: string[];
  /** Enums: quoted literals in sort order. */
  labels?: string[];
  /** Composite types: the attributes. */
  fields?: { sql: string; type: number; typmod: number }[];
  /** Range types: the subtype. */
  subtype?: number;
}

export interface UniqueKey {
  /** Attribute numbers of the key (for expression indexes, the columns the expressions use). */
  columns: number[];
  /** ON CONFLICT cannot use deferrable constraints as arbiters. */
  deferrable: boolean;
}

export interface ForeignKey {
  name: string;
  columns: number[];
  parent: number;
  parentColumns: number[];
}

export interface Check {
  name: string;
  /** pg_get_expr of the constraint: column names unqualified. */
  expr: string;
  columns: number[];
}

export interface Partitioning {
  strategy: 'range' | 'list' | 'hash';
  /** The top level's key columns (0 for an expression). */
  key: number[];
  /** Columns that a partition key uses at any level, by name: rows are routed on them. */
  routedColumns: Set<string>;
  /** Bounds of the top level's partitions, as pg_get_expr prints them (`FOR VALUES FROM (...) TO (...)`). */
  bounds: string[];
  /** Partition constraints of the leaves that can take rows (foreign partitions left out). */
  leafConstraints: string[];
  /** A top-level DEFAULT partition that is a table takes every row the others do not. */
  defaultLeaf: boolean;
}

const USER_RELATIONS = `
  SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS sql, c.relkind::text AS relkind,
         c.relispartition AS partition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relpersistence <> 't'
     AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY n.nspname, c.relname`;

const KINDS: Record<string, RelationKind> = { r: 'table', p: 'partitioned', v: 'view', m: 'matview', f: 'foreign' };

/** Reads the user schemas' tables, columns, types and constraints (extension-owned tables left out). */
export async function readCatalog(session: Session): Promise<Catalog> {
  const rows = await session.query<{ oid: number; schema: string; name: string; sql: string; relkind: string; partition: boolean }>(USER_RELATIONS);
  const relations = new Map<number, Relation>();
  for (const row of rows) {
    relations.set(row.oid, {
      oid: row.oid,
      name: `${row.schema}.${row.name}`,
      shortName: row.name,
      sql: row.sql,
      kind: KINDS[row.relkind]!,
      partition: row.partition,
      hasRows: false,
      columns: [],
      uniques: [],
      foreignKeys: [],
      checks: [],
      beforeInsertTriggers: false,
    });
  }
  const types = new Map<number, TypeInfo>();
  if (relations.size === 0) return { relations: [], types };
  const oids = oidArray(relations.keys());

  const columns = await session.query<{
    rel: number; num: number; name: string; sql: string; type: number; typmod: number; sqltype: string;
    notnull: boolean; identity: string; generated: string; default: string | null;
  }>(
    `SELECT a.attrelid::int8 AS rel, a.attnum::int4 AS num, a.attname::text AS name, quote_ident(a.attname) AS sql,
            a.atttypid::int8 AS type, a.atttypmod AS typmod, format_type(a.atttypid, a.atttypmod) AS sqltype,
            a.attnotnull AS notnull, a.attidentity::text AS identity, a.attgenerated::text AS generated,
            pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [oids],
  );
  await loadTypes(session, new Set(columns.map((c) => c.type)), types);
  for (const c of columns) {
    const filledBy = c.generated ? 'generated' : c.identity ? 'identity' : c.default !== null ? 'default' : 'nothing';
    relations.get(c.rel)!.columns.push({
      num: c.num, name: c.name, sql: c.sql, type: types.get(c.type)!, typmod: c.typmod, sqlType: c.sqltype, notNull: c.notnull, filledBy,
      ...(c.default !== null && !c.generated ? { default: c.default } : {}),
    });
  }

  const constraints = await session.query<{
    rel: number; name: string; type: string; columns: number[]; parent: number; parentcolumns: number[] | null; expr: string | null;
  }>(
    `SELECT conrelid::int8 AS rel, conname::text AS name, contype::text AS type, conkey::int4[] AS columns,
            confrelid::int8 AS parent, confkey::int4[] AS parentcolumns,
            CASE WHEN contype = 'c' THEN pg_get_expr(conbin, conrelid) END AS expr
       FROM pg_constraint
      WHERE conrelid = ANY($1::oid[]) AND contype IN ('c', 'f') AND conparentid = 0
      ORDER BY conrelid, conname`,
    [oids],
  );
  for (const c of constraints) {
    const relation = relations.get(c.rel)!;
    if (c.type === 'f') relation.foreignKeys.push({ name: c.name, columns: c.columns, parent: c.parent, parentColumns: c.parentcolumns ?? [] });
    else relation.checks.push({ name: c.name, expr: c.expr!, columns: c.columns ?? [] });
  }

  // Columns of expression indexes come from pg_depend, which records every column an index uses.
  const indexes = await session.query<{ rel: number; key: number[]; used: number[] | null; deferrable: boolean }>(
    `SELECT i.indrelid::int8 AS rel, (string_to_array(i.indkey::text, ' ')::int4[])[1:i.indnkeyatts] AS key,
            (SELECT array_agg(DISTINCT d.refobjsubid)::int4[] FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                AND d.refobjid = i.indrelid AND d.refobjsubid > 0) AS used,
            NOT i.indimmediate AS deferrable
       FROM pg_index i
      WHERE i.indrelid = ANY($1::oid[]) AND (i.indisunique OR i.indisexclusion)
      ORDER BY i.indrelid, i.indisprimary DESC, i.indexrelid`,
    [oids],
  );
  for (const index of indexes) {
    const columns = index.key.includes(0) ? (index.used ?? []) : index.key;
    relations.get(index.rel)!.uniques.push({ columns, deferrable: index.deferrable });
  }

  const triggers = await session.query<{ rel: number }>(
    // tgtype bits: 1 row-level, 2 BEFORE, 4 INSERT.
    `SELECT DISTINCT tgrelid::int8 AS rel FROM pg_trigger
      WHERE tgrelid = ANY($1::oid[]) AND NOT tgisinternal AND tgenabled <> 'D' AND (tgtype & 7) = 7`,
    [oids],
  );
  for (const t of triggers) relations.get(t.rel)!.beforeInsertTriggers = true;

  await readPartitioning(session, [...relations.values()].filter((r) => r.kind === 'partitioned' && !r.partition));

  const tables = [...relations.values()].filter((r) => (r.kind === 'table' || r.kind === 'partitioned') && !r.partition);
  if (tables.length > 0) {
    const [filled] = await session.query<{ filled: boolean[] }>(
      `SELECT ARRAY[${tables.map((t) => `EXISTS (SELECT 1 FROM ${t.sql})`).join(', ')}] AS filled`,
    );
    tables.forEach((t, i) => (t.hasRows = filled!.filled[i]!));
  }
  return { relations: [...relations.values()], types };
}

async function readPartitioning(session: Session, parents: Relation[]): Promise<void> {
  for (const parent of parents) {
    const tree = await session.query<{ relid: number; parent: number | null; leaf: boolean; relkind: string; bound: string | null; constraint: string | null; key: string[] | null }>(
      `SELECT t.relid::int8 AS relid, t.parentrelid::int8 AS parent, t.isleaf AS leaf, c.relkind::text AS relkind,
              pg_get_expr(c.relpartbound, c.oid) AS bound,
              CASE WHEN t.isleaf THEN pg_get_partition_constraintdef(t.relid) END AS constraint,
              (SELECT array_agg(a.attname::text) FROM pg_partitioned_table p JOIN pg_attribute a
                  ON a.attrelid = p.partrelid AND a.attnum = ANY (p.partattrs::int2[])
                WHERE p.partrelid = t.relid) AS key
         FROM pg_partition_tree($1::regclass) t JOIN pg_class c ON c.oid = t.relid
        ORDER BY t.level, t.relid`,
      [parent.oid],
    );
    const [strategy] = await session.query<{ strategy: string; key: number[] }>(
      `SELECT partstrat::text AS strategy, string_to_array(partattrs::text, ' ')::int4[] AS key
         FROM pg_partitioned_table WHERE partrelid = $1::oid`,
      [parent.oid],
    );
    const children = tree.filter((t) => t.parent === parent.oid);
    const usable = tree.filter((t) => t.leaf && t.relkind !== 'f');
    parent.partitioning = {
      strategy: strategy!.strategy === 'r' ? 'range' : strategy!.strategy === 'l' ? 'list' : 'hash',
      key: strategy!.key,
      routedColumns: new Set(tree.flatMap((t) => t.key ?? [])),
      bounds: children.map((c) => c.bound ?? ''),
      leafConstraints: usable.map((t) => t.constraint ?? 'true'),
      defaultLeaf: children.some((c) => c.bound === 'DEFAULT' && c.leaf && c.relkind !== 'f'),
    };
  }
}

/** Loads the types and, transitively, the types they are built from (elements, domain bases, fields, subtypes). */
async function loadTypes(session: Session, wanted: Set<number>, types: Map<number, TypeInfo>): Promise<void> {
  let missing = [...wanted].filter((oid) => !types.has(oid));
  while (missing.length > 0) {
    const rows = await session.query<{
      oid: number; name: string; schema: string; sql: string; category: string; element: number | null;
      base: number | null; basesql: string | null; basetypmod: number; domainnotnull: boolean; checks: string[] | null; labels: string[] | null;
      relid: number | null; subtype: number | null;
    }>(
      `SELECT t.oid::int8 AS oid, t.typname::text AS name, n.nspname::text AS schema, format_type(t.oid, NULL) AS sql,
              t.typcategory::text AS category,
              CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem::int8 END AS element,
              CASE WHEN t.typtype = 'd' THEN t.typbasetype::int8 END AS base, t.typtypmod AS basetypmod,
              CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS basesql,
              t.typnotnull AS domainnotnull,
              (SELECT array_agg(pg_get_expr(c.conbin, 0) ORDER BY c.conname) FROM pg_constraint c
                WHERE c.contypid = t.oid AND c.contype = 'c') AS checks,
              (SELECT array_agg(quote_literal(e.enumlabel) ORDER BY e.enumsortorder) FROM pg_enum e
                WHERE e.enumtypid = t.oid) AS labels,
              CASE WHEN t.typtype = 'c' THEN t.typrelid::int8 END AS relid,
              (SELECT r.rngsubtype::int8 FROM pg_range r WHERE r.rngtypid = t.oid) AS subtype
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.oid = ANY($1::oid[])`,
      [oidArray(missing)],
    );
    const relids = rows.filter((r) => r.relid !== null).map((r) => r.relid!);
    const fields = relids.length === 0 ? [] : await session.query<{ rel: number; sql: string; type: number; typmod: number }>(
      `SELECT attrelid::int8 AS rel, quote_ident(attname) AS sql, atttypid::int8 AS type, atttypmod AS typmod
         FROM pg_attribute WHERE attrelid = ANY($1::oid[]) AND attnum > 0 AND NOT attisdropped
        ORDER BY attrelid, attnum`,
      [oidArray(relids)],
    );
    const next = new Set<number>();
    for (const row of rows) {
      const info: TypeInfo = { oid: row.oid, name: row.name, schema: row.schema, sql: row.sql, category: row.category };
      if (row.element !== null) info.element = row.element;
      if (row.base !== null) {
        info.base = row.base;
        info.baseSql = row.basesql!;
        info.baseTypmod = row.basetypmod;
        info.domainNotNull = row.domainnotnull;
        info.domainChecks = row.checks ?? [];
      }
      if (row.labels) info.labels = row.labels;
      if (row.subtype !== null) info.subtype = row.subtype;
      if (row.relid !== null) info.fields = fields.filter((f) => f.rel === row.relid).map(({ sql, type, typmod }) => ({ sql, type, typmod }));
      types.set(row.oid, info);
      for (const oid of [info.element, info.base, info.subtype, ...(info.fields ?? []).map((f) => f.type)]) {
        if (oid !== undefined && !types.has(oid)) next.add(oid);
      }
    }
    missing = [...next];
  }
}

/** An oid[] parameter as text, which every provider passes through unchanged. */
function oidArray(oids: Iterable<number>): string {
  return `{${[...oids].join(',')}}`;
}
