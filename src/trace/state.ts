import { LOCK_MODES } from '../core/locks.js';
import type { TracedLock } from '../core/types.js';
import type { Session } from '../db/index.js';

/** A relation the change found in place, as the catalog shows it now. */
export interface Relation {
  oid: number;
  /** Schema-qualified, quoted where Postgres would quote it. */
  name: string;
  /** pg_class.relkind: r table, p partitioned table, i / I index, m materialized view, S sequence, v view, f foreign table. */
  kind: string;
  /** pg_relation_filenode(); null for relations without storage (partitioned tables and indexes, views). */
  filenode: number | null;
  /** For an index, its table. */
  table: number | null;
  /** For an index, pg_get_indexdef(). */
  definition: string | null;
}

export interface HeldLock {
  oid: number;
  mode: string;
  granted: boolean;
}

interface Constraint {
  oid: number;
  table: number;
  name: string;
  /** c CHECK, f FOREIGN KEY, n NOT NULL (Postgres 18+). */
  type: string;
  valid: boolean;
  /** The constrained columns' attnums. */
  columns: number[];
}

interface Columns {
  /** The highest attnum the table ever had: attnums are never reused, so a higher one is a new column. */
  maxAttnum: number;
  notNull: Map<number, string>;
}

/** What the tracer compares before and after each statement. */
export interface CatalogState {
  /** Relation locks the session holds, on any relation. */
  locks: HeldLock[];
  /** Tracked relations that exist, plus every index of a tracked table (see `adoptRebuiltIndexes`). */
  relations: Map<number, Relation>;
  constraints: Map<number, Constraint>;
  columns: Map<number, Columns>;
  /** Sequential scans counted in the transaction (pg_stat_xact_user_tables.seq_scan) of the relations read. */
  scans: Map<number, number>;
  /** lock_timeout and statement_timeout as the statement left them: in effect for the next one. */
  settings: Omit<Before, 'scans'>;
}

const USER_RELATIONS = `
  SELECT c.oid::int8 AS oid
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S', 'v', 'f') AND c.relpersistence <> 't'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;

/** The relations that exist now: only these are reported, because objects the change creates block nobody. */
export async function userRelations(session: Session): Promise<Set<number>> {
  const rows = await session.query<{ oid: number }>(USER_RELATIONS);
  return new Set(rows.map((row) => row.oid));
}

// Every relation lock of the backend, catalogs included: which relations count is decided after the statement,
// once rebuilt indexes have been adopted. SERIALIZABLE's predicate locks (SIReadLock) block nobody.
const locksOf = (pid: string) => `
  SELECT coalesce(json_agg(json_build_array(l.relation::int8, l.mode, l.granted)), '[]'::json)
  FROM pg_locks l WHERE l.locktype = 'relation' AND l.mode <> 'SIReadLock' AND l.pid = ${pid}::int`;

/** The relation locks backend `pid` holds or waits for. */
export async function readLocks(session: Session, pid: number): Promise<HeldLock[]> {
  const [row] = await session.query<{ locks: [number, string, boolean][] }>(`SELECT (${locksOf('$1')}) AS locks`, [pid]);
  return (row?.locks ?? []).map(([oid, mode, granted]) => ({ oid, mode, granted }));
}

// One round trip: each column is a JSON array, which both drivers parse. $2 = true reads every tracked relation;
// false only those the session holds a lock on, with their indexes. The scope is an array, so that each catalog
// is read through its OID index (`= ANY`) for the few relations a statement locked, instead of scanned whole and
// hash-joined against a scope the planner cannot size: that made every statement's read grow with the schema.
const STATE = `
  WITH scope AS (
    SELECT coalesce(array_agg(o), '{}') AS oids FROM unnest($1::oid[]) o
    WHERE $2::bool OR o IN (SELECT relation FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid())
  ), indexes AS (
    SELECT coalesce(array_agg(indexrelid), '{}') AS oids FROM scope, pg_index WHERE indrelid = ANY (scope.oids)
  )
  SELECT
    current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout,
    (${locksOf('pg_backend_pid()')}) AS locks,
    (SELECT coalesce(json_agg(o::int8), '[]'::json) FROM scope, unnest(scope.oids) o) AS scope,
    (SELECT coalesce(json_agg(json_build_array(c.oid::int8, format('%I.%I', n.nspname, c.relname), c.relkind,
              pg_relation_filenode(c.oid)::int8, i.indrelid::int8, pg_get_indexdef(i.indexrelid))), '[]'::json)
       FROM scope, indexes, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index i ON i.indexrelid = c.oid
       WHERE c.oid = ANY (scope.oids || indexes.oids)) AS relations,
    (SELECT coalesce(json_agg(json_build_array(k.oid::int8, k.conrelid::int8, k.conname, k.contype, k.convalidated,
              k.conkey)), '[]'::json)
       FROM scope, pg_constraint k
       WHERE k.conrelid = ANY (scope.oids) AND k.contype IN ('c', 'f', 'n')) AS constraints,
    (SELECT coalesce(json_agg(json_build_array(a.attrelid, a.max_attnum, a.not_null)), '[]'::json)
       FROM (SELECT attrelid::int8, max(attnum) AS max_attnum,
                    coalesce(json_agg(json_build_array(attnum, attname)) FILTER (WHERE attnotnull AND NOT attisdropped),
                             '[]'::json) AS not_null
             FROM scope, pg_attribute WHERE attrelid = ANY (scope.oids) AND attnum > 0 GROUP BY attrelid) a) AS columns,
    (SELECT coalesce(json_agg(json_build_array(o::int8, pg_stat_get_xact_numscans(o))), '[]'::json)
       FROM scope, unnest(scope.oids) o) AS scans`;

interface StateRow {
  lock_timeout: string;
  statement_timeout: string;
  locks: [number, string, boolean][];
  scope: number[];
  relations: [number, string, string, number | null, number | null, string | null][];
  constraints: [number, number, string, string, boolean, number[] | null][];
  columns: [number, number, [number, string][]][];
  scans: [number, number][];
}

/**
 * Reads the catalog state of the tracked relations, and the relation locks of the session. With `base`, only
 * the relations the session holds a lock on are read, and the rest is taken from `base`: a statement changes a
 * relation's catalog rows (storage, constraints, columns) only under a lock on it. Without, everything is read
 * (after a rollback, whose locks are gone, or a statement that committed on its own).
 */
export async function readState(
  session: Session,
  tracked: ReadonlySet<number>,
  base?: CatalogState,
): Promise<CatalogState> {
  const [row] = await session.query<StateRow>(STATE, [oidArray(tracked), base === undefined]);
  if (!row) throw new Error('the catalog query returned no row');
  const scope = new Set(row.scope);
  const keep = <V>(map: Map<number, V> | undefined, outside: (key: number, value: V) => boolean) =>
    [...(map ?? [])].filter(([key, value]) => outside(key, value));
  return {
    locks: row.locks.map(([oid, mode, granted]) => ({ oid, mode, granted })),
    relations: new Map([
      ...keep(base?.relations, (oid, relation) => !scope.has(oid) && !scope.has(relation.table ?? oid)),
      ...row.relations.map(([oid, name, kind, filenode, table, definition]): [number, Relation] => [
        oid,
        { oid, name, kind, filenode, table, definition },
      ]),
    ]),
    constraints: new Map([
      ...keep(base?.constraints, (_, constraint) => !scope.has(constraint.table)),
      ...row.constraints.map(([oid, table, name, type, valid, columns]): [number, Constraint] => [
        oid,
        { oid, table, name, type, valid, columns: columns ?? [] },
      ]),
    ]),
    columns: new Map([
      ...keep(base?.columns, (table) => !scope.has(table)),
      ...row.columns.map(([table, maxAttnum, notNull]): [number, Columns] => [
        table,
        { maxAttnum, notNull: new Map(notNull) },
      ]),
    ]),
    scans: new Map(row.scans),
    settings: { lockTimeout: row.lock_timeout, statementTimeout: row.statement_timeout },
  };
}

/** What the tracer reads just before a statement. */
export interface Before {
  lockTimeout: string;
  statementTimeout: string;
  scans: Map<number, number>;
}

const BEFORE = `
  SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout,
    (SELECT coalesce(json_agg(json_build_array(o::int8, pg_stat_get_xact_numscans(o))), '[]'::json)
       FROM unnest($1::oid[]) o) AS scans`;

export async function readBefore(session: Session, tracked: ReadonlySet<number>): Promise<Before> {
  const [row] = await session.query<{ lock_timeout: string; statement_timeout: string; scans: [number, number][] }>(
    BEFORE,
    [oidArray(tracked)],
  );
  if (!row) throw new Error('the settings query returned no row');
  return { lockTimeout: row.lock_timeout, statementTimeout: row.statement_timeout, scans: new Map(row.scans) };
}

/**
 * The settings without a query that takes a snapshot: SHOW does not, and SET TRANSACTION must come before
 * anything that does.
 */
export async function showSettings(session: Session): Promise<Omit<Before, 'scans'>> {
  const [lock] = await session.query<{ lock_timeout: string }>('SHOW lock_timeout');
  const [statement] = await session.query<{ statement_timeout: string }>('SHOW statement_timeout');
  return { lockTimeout: lock?.lock_timeout ?? '', statementTimeout: statement?.statement_timeout ?? '' };
}

export function oidArray(oids: Iterable<number>): string {
  return `{${[...oids].join(',')}}`;
}

/**
 * ALTER COLUMN TYPE drops the indexes on the column and creates them again under the same name and definition
 * (a new OID, and a new relfilenode unless Postgres could reuse the old storage), so an index of a tracked table
 * that disappeared is followed to its successor. A different index built under the old name (DROP CONSTRAINT
 * pkey, ADD PRIMARY KEY) is new, not rebuilt. Returns old OID -> successor; the caller tracks the successors.
 */
export function adoptRebuiltIndexes(
  tracked: ReadonlySet<number>,
  before: CatalogState,
  after: CatalogState,
): Map<number, Relation> {
  const byName = new Map<string, Relation>();
  for (const relation of after.relations.values()) {
    if (!tracked.has(relation.oid) && isIndex(relation)) byName.set(relation.name, relation);
  }
  const adopted = new Map<number, Relation>();
  for (const old of before.relations.values()) {
    if (!tracked.has(old.oid) || !isIndex(old) || after.relations.has(old.oid)) continue;
    const successor = byName.get(old.name);
    if (successor && successor.table === old.table && successor.definition === old.definition) adopted.set(old.oid, successor);
  }
  return adopted;
}

function isIndex(relation: Relation): boolean {
  return relation.kind === 'i' || relation.kind === 'I';
}

/**
 * Tables and indexes whose storage changed. Sequences are left out: ALTER SEQUENCE gives them new storage too,
 * but a sequence is a single row.
 */
export function rewrites(
  tracked: ReadonlySet<number>,
  before: CatalogState,
  after: CatalogState,
  adopted: ReadonlyMap<number, Relation>,
): Relation[] {
  const rewritten: Relation[] = [];
  for (const old of before.relations.values()) {
    if (!tracked.has(old.oid) || old.kind === 'S' || old.filenode === null) continue;
    const now = after.relations.get(old.oid) ?? adopted.get(old.oid);
    if (now && now.filenode !== null && now.filenode !== old.filenode) rewritten.push(old);
  }
  return rewritten.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The locks in `after` that were not held before (the same transaction), named as before the statement. */
export function newLocks(
  held: readonly HeldLock[],
  after: readonly HeldLock[],
  names: (oid: number) => string | undefined,
): TracedLock[] {
  const key = (lock: { oid: number; mode: string }) => `${lock.oid} ${lock.mode}`;
  const previous = new Set(held.map(key));
  const seen = new Set<string>();
  const locks: TracedLock[] = [];
  for (const lock of after) {
    const relation = names(lock.oid);
    if (!relation || previous.has(key(lock)) || seen.has(`${relation} ${lock.mode}`)) continue;
    seen.add(`${relation} ${lock.mode}`);
    locks.push({ relation, mode: lock.mode });
  }
  return sortLocks(locks);
}

function sortLocks(locks: TracedLock[]): TracedLock[] {
  const rank = (mode: string) => LOCK_MODES.indexOf(mode as (typeof LOCK_MODES)[number]);
  return locks.sort((a, b) => (a.relation === b.relation ? rank(a.mode) - rank(b.mode) : a.relation < b.relation ? -1 : 1));
}

export interface ValidationEvidence {
  /** seq_scan counters of the statement's transaction before it ran; undefined when they cannot be trusted. */
  scansBefore: Map<number, number> | undefined;
  /**
   * Postgres 18 records NOT NULL as constraints (contype 'n'), and sets attnotnull for NOT VALID ones too: the
   * constraints say what was validated, attnotnull does not.
   */
  notNullConstraints: boolean;
  /** Whether a validated CHECK (col IS NOT NULL) on the table lets SET NOT NULL skip its scan (Postgres >= 12). */
  impliedByCheck(table: number, column: string): Promise<boolean>;
}

/**
 * Full scans done to validate: CHECK and FOREIGN KEY constraints that were added valid or became valid, and
 * columns that became NOT NULL. UNIQUE, PRIMARY KEY and EXCLUDE constraints build an index instead, which shows
 * as a lock and a new relation, not here.
 */
export async function validations(
  before: CatalogState,
  after: CatalogState,
  /** Tables the statement rewrote. */
  rewritten: ReadonlySet<number>,
  evidence: ValidationEvidence,
): Promise<{ relation: string; what: string }[]> {
  const found: { relation: string; what: string }[] = [];
  const name = (table: number) => before.relations.get(table)?.name;
  const notNull: { table: number; attnum: number }[] = [];

  for (const constraint of after.constraints.values()) {
    const old = before.constraints.get(constraint.oid);
    if (!constraint.valid || old?.valid || !before.relations.has(constraint.table)) continue;
    if (constraint.type === 'n') {
      if (constraint.columns[0] !== undefined) notNull.push({ table: constraint.table, attnum: constraint.columns[0] });
      continue;
    }
    // A rewrite checks CHECK constraints while it copies the rows: no scan of its own.
    if (constraint.type === 'c' && rewritten.has(constraint.table)) continue;
    const kind = constraint.type === 'c' ? 'CHECK' : 'FOREIGN KEY';
    found.push({ relation: name(constraint.table)!, what: `${kind} constraint ${constraint.name}` });
  }

  if (!evidence.notNullConstraints) {
    for (const [table, columns] of after.columns) {
      const old = before.columns.get(table);
      if (!old) continue;
      for (const attnum of columns.notNull.keys()) {
        if (attnum <= old.maxAttnum && !old.notNull.has(attnum)) notNull.push({ table, attnum });
      }
    }
  }

  for (const { table, attnum } of notNull) {
    const previous = before.columns.get(table);
    const column = after.columns.get(table)?.notNull.get(attnum);
    // A column added by the statement is filled by it, not scanned.
    if (!previous || attnum > previous.maxAttnum || column === undefined || rewritten.has(table)) continue;
    if (evidence.scansBefore) {
      const scanned = (after.scans.get(table) ?? 0) > (evidence.scansBefore.get(table) ?? 0);
      if (!scanned) continue;
    }
    if (await evidence.impliedByCheck(table, column)) continue;
    found.push({ relation: name(table)!, what: `NOT NULL on column ${column}` });
  }

  return found.sort((a, b) => (a.relation === b.relation ? (a.what < b.what ? -1 : 1) : a.relation < b.relation ? -1 : 1));
}
