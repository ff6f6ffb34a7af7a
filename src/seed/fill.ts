import { ProviderError, QUERY_CANCELED, describe, type Session } from '../db/provider.js';
import type { ForeignKey, Relation } from './catalog.js';
import type { ParentKeys, TablePlan } from './plan.js';
import { below, pick, type Salts } from './values.js';

export interface FillResult {
  rows: number;
  /** Why the table got fewer rows than planned. */
  shortfall?: string;
}

const UNIQUE_VIOLATION = '23505';
const EXCLUSION_VIOLATION = '23P01';
/** Each statement should take about this long: long enough to amortise a round trip, short enough for progress and timeouts. */
const BATCH_MS = 1_000;
const FIRST_BATCH = 5_000;
const MAX_BATCH = 500_000;
/** In row-by-row mode every row is a subtransaction; batches stay small. */
const ROW_MODE_BATCH = 2_000;
/** Give up on a table once this many row numbers per wanted row have gone by (filters rejecting nearly all). */
const MAX_ROWS_PER_WANTED = 50;
const ROW_FUNCTION = 'pg_temp.sql_preflight_seed_rows';

type Mode = 'plain' | 'conflict' | 'rows';

/**
 * Inserts the plan's rows in batches of row numbers, each one `INSERT ... SELECT` over `generate_series`. A batch
 * that fails is not fatal: a unique violation switches to `ON CONFLICT DO NOTHING`; any other error (a CHECK the
 * filters could not read, a domain, a trigger) to inserting row by row inside Postgres, where each row that fails
 * is skipped. Never throws for SQL errors; a lost database (ProviderError) is thrown.
 */
export async function fillTable(session: Session, plan: TablePlan, onBatch: (rows: number) => void): Promise<FillResult> {
  let mode: Mode = plan.collisions && !plan.deferrableUnique ? 'conflict' : 'plain';
  let next = 1;
  let inserted = 0;
  let batch = FIRST_BATCH;
  let lastError: string | undefined;
  /** The first error of a row skipped in row-by-row mode. */
  let rowError: string | undefined;
  let emptyBatches = 0;
  let rowFunction = false;
  const limit = Math.min(plan.maxRow, plan.target * MAX_ROWS_PER_WANTED + 10_000);
  while (inserted < plan.target) {
    if (next > limit) return { rows: inserted, shortfall: await exhausted(session, plan, next, rowError ?? lastError) };
    const remaining = plan.target - inserted;
    const yieldRate = next > 1 ? Math.max(inserted / (next - 1), 0.02) : 1;
    const size = Math.max(1, Math.min(mode === 'rows' ? ROW_MODE_BATCH : batch, Math.ceil(remaining / yieldRate), limit - next + 1));
    const [from, to] = [next, next + size - 1];
    const started = performance.now();
    let got: number;
    try {
      if (mode === 'rows') {
        if (!rowFunction) await createRowFunction(session, plan);
        rowFunction = true;
        const result = await insertRows(session, from, to, remaining);
        got = result.rows;
        rowError ??= result.error;
      } else {
        got = await insertBatch(session, plan, from, to, remaining, mode === 'conflict');
      }
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const code = (error as { code?: string }).code;
      lastError = describe(error);
      if (code === QUERY_CANCELED && batch > FIRST_BATCH) {
        batch = Math.max(FIRST_BATCH, Math.floor(batch / 4));
        continue;
      }
      if (mode === 'plain' && (code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION) && !plan.deferrableUnique) {
        mode = 'conflict';
        continue;
      }
      if (mode !== 'rows') {
        mode = 'rows';
        continue;
      }
      return { rows: inserted, shortfall: `inserting failed: ${lastError}` };
    }
    const ms = performance.now() - started;
    inserted += got;
    next = to + 1;
    onBatch(inserted);
    emptyBatches = got === 0 ? emptyBatches + 1 : 0;
    if (emptyBatches >= 3) return { rows: inserted, shortfall: await exhausted(session, plan, from, rowError ?? lastError, to) };
    if (mode !== 'rows') batch = nextBatch(size, ms);
  }
  return { rows: inserted };
}

/** The next batch size, aiming at BATCH_MS per statement, changing by a factor of 4 at most. */
function nextBatch(size: number, ms: number): number {
  return Math.max(1_000, Math.min(MAX_BATCH, Math.round(size * Math.min(4, Math.max(0.25, BATCH_MS / Math.max(ms, 1))))));
}

/**
 * The rows of batch [from, to] (numbers, or SQL such as a function's parameters): the generated columns,
 * filtered, at most `limit`.
 */
export function selectSql(plan: TablePlan, from: number | string, to: number | string, limit?: number): string {
  const inner = plan.columns.map((c) => `${c.value} AS ${c.column.sql}`).join(', ');
  // generate_series in a select list streams its rows, where in FROM it would first store them all. OFFSET 0
  // keeps `sp` from being pulled up, which would compute a hash again wherever it is read.
  const rows =
    `(SELECT g${plan.hashes.map((salt) => `, hashint8extended(g, ${salt}) AS h${salt}`).join('')} ` +
    `FROM (SELECT generate_series(${from}::int8, ${to}::int8) AS g) AS series OFFSET 0) AS sp${plan.joins.map((j) => ` ${j}`).join('')}`;
  const cap = limit !== undefined ? ` LIMIT ${limit}` : '';
  // Without filters or domains the values go straight to the INSERT: each subquery level copies every row.
  if (plan.filters.length === 0 && plan.columns.every((c) => c.outer === `r.${c.column.sql}`)) return `SELECT ${inner} FROM ${rows}${cap}`;
  // Filters read the columns of `r`, which OFFSET 0 keeps from being pulled up into them (each would compute
  // the column again).
  const outer = plan.columns.map((c) => c.outer).join(', ');
  const where = plan.filters.length > 0 ? ` WHERE ${plan.filters.map((f) => f.sql).join(' AND ')}` : '';
  return `SELECT ${outer} FROM (SELECT ${inner} FROM ${rows} OFFSET 0) AS r${where}${cap}`;
}

function insertInto(plan: TablePlan): string {
  // A table whose every column is filled by Postgres takes rows with no columns at all.
  const list = plan.columns.length > 0 ? ` (${plan.columns.map((c) => c.column.sql).join(', ')})` : '';
  return `INSERT INTO ${plan.relation.sql}${list}`;
}

async function insertBatch(session: Session, plan: TablePlan, from: number, to: number, limit: number, onConflict: boolean): Promise<number> {
  const lossy = plan.filters.length > 0 || onConflict || plan.relation.beforeInsertTriggers;
  const insert = `${insertInto(plan)} ${selectSql(plan, from, to, plan.filters.length > 0 ? limit : undefined)}${onConflict ? ' ON CONFLICT DO NOTHING' : ''}`;
  if (!lossy) {
    await session.query(insert);
    return to - from + 1;
  }
  const [row] = await session.query<{ n: number }>(`WITH sp_ins AS (${insert} RETURNING 1) SELECT count(*)::int8 AS n FROM sp_ins`);
  return Number(row!.n);
}

/** The batch row by row in a PL/pgSQL loop, each row in its own subtransaction: a failing row is skipped. */
async function createRowFunction(session: Session, plan: TablePlan): Promise<void> {
  const values = plan.columns.map((c) => `sp_row.${c.column.sql}`).join(', ');
  const insert = plan.columns.length > 0 ? `${insertInto(plan)} VALUES (${values})` : `${insertInto(plan)} DEFAULT VALUES`;
  const onConflict = plan.deferrableUnique ? '' : ' ON CONFLICT DO NOTHING';
  await session.query(`
CREATE OR REPLACE FUNCTION ${ROW_FUNCTION}(sp_from int8, sp_to int8, sp_limit int8, OUT ok int8, OUT first_error text)
LANGUAGE plpgsql AS $sql_preflight$
#variable_conflict use_column
DECLARE sp_row record;
BEGIN
  ok := 0;
  FOR sp_row IN ${selectSql(plan, 'sp_from', 'sp_to')} LOOP
    BEGIN
      ${insert}${onConflict};
      IF FOUND THEN ok := ok + 1; END IF;
    EXCEPTION WHEN OTHERS THEN
      first_error := coalesce(first_error, SQLERRM);
    END;
    EXIT WHEN ok >= sp_limit;
  END LOOP;
END
$sql_preflight$`);
}

async function insertRows(session: Session, from: number, to: number, limit: number): Promise<{ rows: number; error?: string }> {
  const [row] = await session.query<{ ok: number; first_error: string | null }>(`SELECT ok, first_error FROM ${ROW_FUNCTION}($1, $2, $3)`, [from, to, limit]);
  return { rows: Number(row!.ok), ...(row!.first_error ? { error: row!.first_error } : {}) };
}

export async function dropRowFunction(session: Session): Promise<void> {
  await session.query(`DROP FUNCTION IF EXISTS ${ROW_FUNCTION}(int8, int8, int8)`);
}

/** Why generating stopped short: which filter no generated row passes, or the error rows failed with. */
async function exhausted(session: Session, plan: TablePlan, from: number, error: string | undefined, to = from + 999): Promise<string> {
  if (from > plan.maxRow) return 'its unique keys ran out of distinct values';
  if (error) return `generated rows failed: ${error}`;
  if (plan.filters.length > 0) {
    const counts = plan.filters.map((f, i) => `count(*) FILTER (WHERE ${f.sql}) AS f${i}`).join(', ');
    const all = selectSql({ ...plan, filters: [] }, from, to);
    try {
      const [row] = await session.query<Record<string, number>>(`SELECT ${counts} FROM (${all}) AS r`);
      const rejecting = plan.filters.filter((_, i) => Number(row![`f${i}`]) === 0).map((f) => f.label);
      if (rejecting.length > 0) return `no generated row satisfies ${rejecting.join(' and ')}`;
      return `too few generated rows satisfy ${plan.filters.map((f) => f.label).join(' and ')}, or they collide on a unique key`;
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      return `generated rows failed: ${describe(error)}`;
    }
  }
  return 'the generated rows kept colliding on a unique key';
}

/**
 * A parent's key tuples numbered 1..n in key order (see ParentKeys): a child's row picks its parent by number, so
 * every reference exists. Temporary tables live until `drop()`.
 */
export class ParentKeyTables {
  #session: Session;
  #tables = new Map<string, ParentKeys>();
  #made: string[] = [];

  constructor(session: Session) {
    this.#session = session;
  }

  async keys(parent: Relation, columns: number[]): Promise<ParentKeys> {
    const id = `${parent.oid}:${columns.join(',')}`;
    const known = this.#tables.get(id);
    if (known) return known;
    const keyColumns = columns.map((n) => parent.columns.find((c) => c.num === n)!);
    const names = keyColumns.map((c) => c.sql);
    // RI checks look at ONLY the parent of a plain inheritance tree; a partitioned parent holds its partitions' rows.
    const from = parent.kind === 'partitioned' ? parent.sql : `ONLY ${parent.sql}`;
    const only = keyColumns.length === 1 ? keyColumns[0]! : undefined;
    if (only && only.type.schema === 'pg_catalog' && INTEGERS.has(only.type.name)) {
      const [row] = await this.#session.query<{ n: number; lo: number | null; hi: number | null }>(
        `SELECT count(${only.sql})::int8 AS n, min(${only.sql})::int8 AS lo, max(${only.sql})::int8 AS hi FROM ${from}`,
      );
      const [n, lo, hi] = [Number(row!.n), row!.lo === null ? 0 : Number(row!.lo), row!.hi === null ? 0 : Number(row!.hi)];
      if (n === 0 || hi - lo + 1 === n) {
        const keys = { count: n, first: lo };
        this.#tables.set(id, keys);
        return keys;
      }
    }
    const table = `pg_temp.sql_preflight_keys_${this.#tables.size + 1}`;
    await this.#session.query(
      `CREATE TEMPORARY TABLE ${table.slice('pg_temp.'.length)} AS SELECT row_number() OVER (ORDER BY ${names.join(', ')}) AS i, ${names.join(', ')} ` +
        `FROM ${from} WHERE ${names.map((n) => `${n} IS NOT NULL`).join(' AND ')}`,
    );
    this.#made.push(table);
    await this.#session.query(`ALTER TABLE ${table} ADD PRIMARY KEY (i)`);
    await this.#session.query(`ANALYZE ${table}`);
    const [row] = await this.#session.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`);
    const keys = { table, count: Number(row!.n) };
    this.#tables.set(id, keys);
    return keys;
  }

  async drop(): Promise<void> {
    for (const table of this.#made.splice(0)) await this.#session.query(`DROP TABLE IF EXISTS ${table}`);
    this.#tables.clear();
  }
}

const INTEGERS = new Set(['int2', 'int4', 'int8']);
/**
 * Sets a deferred foreign key on a filled table, in batches of rows numbered in a temporary table. A
 * self-reference points each row at an earlier one in key order, so that the references form trees, not cycles.
 * Throws SQL errors, after removing its temporary table.
 */
export async function fillDeferred(session: Session, child: Relation, fk: ForeignKey, parent: Relation, keys: ParentKeys, salts: Salts, skew: boolean): Promise<void> {
  const sqlOf = (table: Relation, num: number) => table.columns.find((c) => c.num === num)!.sql;
  const self = parent === child;
  const rank = 'pg_temp.sql_preflight_rank';
  const r = 's.r';
  // Rank r's parent is one of the ranks before it; rank 1 and a tenth of the rows are roots.
  const index = self
    ? `CASE WHEN ${r} > 1 AND ${below(1000, salts('null'), r)} >= 100 THEN 1 + ${pick(`(least(${r}, ${keys.count} + 1) - 1)`, salts('pick'), skew, r)} END`
    : `CASE WHEN ${below(1000, salts('null'), r)} >= 100 THEN 1 + ${pick(keys.count, salts('pick'), skew, r)} END`;
  const set = fk.columns
    .map((n, i) => `${sqlOf(child, n)} = ${'first' in keys ? `${keys.first - 1} + ${index}` : `k.${sqlOf(parent, fk.parentColumns[i]!)}`}`)
    .join(', ');
  const join = 'first' in keys ? `WHERE ${index} IS NOT NULL AND` : `JOIN ${keys.table} AS k ON k.i = ${index} WHERE`;
  const order = self ? fk.parentColumns.map((n) => sqlOf(child, n)).join(', ') : 'ctid';
  try {
    await session.query(`CREATE TEMPORARY TABLE ${rank.slice('pg_temp.'.length)} AS SELECT row_number() OVER (ORDER BY ${order}) AS r, tableoid AS toid, ctid AS tid FROM ${child.sql}`);
    await session.query(`ALTER TABLE ${rank} ADD PRIMARY KEY (r)`);
    await session.query(`ANALYZE ${rank}`);
    const [count] = await session.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${rank}`);
    let batch = FIRST_BATCH;
    for (let from = 1; from <= Number(count!.n); from += batch) {
      const started = performance.now();
      await session.query(
        `UPDATE ${child.sql} AS t SET ${set} FROM ${rank} AS s ${join} t.tableoid = s.toid AND t.ctid = s.tid AND s.r BETWEEN ${from} AND ${from + batch - 1}`,
      );
      batch = nextBatch(batch, performance.now() - started);
    }
  } finally {
    await session.query(`DROP TABLE IF EXISTS ${rank}`);
  }
}

/**
 * Settings for the session while seeding, and how to put them back. Hash joins on parent keys get the memory to
 * stay out of temporary files; commits do not wait for the disk (the database is thrown away). Triggers are
 * turned off (`session_replication_role = replica`, as data-only restores do) where the role may: a foreign
 * key's trigger checks each inserted row on its own, which costs several times the insert, while the generator
 * only ever picks existing parent rows and `checkForeignKeys` then proves it set-based. `triggersOff` is false
 * when the role may not; the rows are then checked as they are inserted.
 */
export async function tuneSession(session: Session): Promise<{ triggersOff: boolean; restore(): Promise<void> }> {
  const [before] = await session.query<{ role: string; memory: string; commit: string }>(
    `SELECT current_setting('session_replication_role') AS role, current_setting('work_mem') AS memory, current_setting('synchronous_commit') AS commit`,
  );
  await session.query(`SELECT set_config('work_mem', '64MB', false), set_config('synchronous_commit', 'off', false)`);
  let triggersOff = true;
  try {
    await session.query(`SELECT set_config('session_replication_role', 'replica', false)`);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    triggersOff = false;
  }
  return {
    triggersOff,
    async restore() {
      await session.query(`SELECT set_config('work_mem', $1, false), set_config('synchronous_commit', $2, false)`, [before!.memory, before!.commit]);
      if (triggersOff) await session.query(`SELECT set_config('session_replication_role', $1, false)`, [before!.role]);
    },
  };
}

/**
 * Looks for rows whose reference has no parent row, as ALTER TABLE ... VALIDATE CONSTRAINT would, one scan of the
 * table for all its foreign keys; removes them (sets a nullable reference to NULL, deletes the row otherwise).
 * A gapless integer key is a range, checked without reading the parent. Returns how many rows broke each key.
 */
export async function checkForeignKeys(
  session: Session,
  child: Relation,
  references: readonly { fk: ForeignKey; parent: Relation; keys: ParentKeys }[],
): Promise<Map<ForeignKey, number>> {
  const broken = new Map<ForeignKey, number>();
  if (references.length === 0) return broken;
  const sqlOf = (table: Relation, num: number) => table.columns.find((c) => c.num === num)!.sql;
  const orphan = ({ fk, parent, keys }: (typeof references)[number]) => {
    const columns = fk.columns.map((n) => `t.${sqlOf(child, n)}`);
    if ('first' in keys) return `${columns[0]} NOT BETWEEN ${keys.first} AND ${keys.first + keys.count - 1}`;
    const from = parent.kind === 'partitioned' ? parent.sql : `ONLY ${parent.sql}`;
    const match = fk.parentColumns.map((n, i) => `p.${sqlOf(parent, n)} = ${columns[i]}`).join(' AND ');
    return `${columns.map((c) => `${c} IS NOT NULL`).join(' AND ')} AND NOT EXISTS (SELECT 1 FROM ${from} AS p WHERE ${match})`;
  };
  const [counts] = await session.query<Record<string, number>>(
    `SELECT ${references.map((r, i) => `count(*) FILTER (WHERE ${orphan(r)})::int8 AS k${i}`).join(', ')} FROM ${child.sql} AS t`,
  );
  for (const [i, reference] of references.entries()) {
    const count = Number(counts![`k${i}`]);
    if (count === 0) continue;
    broken.set(reference.fk, count);
    const { fk } = reference;
    const canBeNull = fk.columns.every((n) => !child.columns.find((c) => c.num === n)!.notNull);
    await session.query(
      canBeNull
        ? `UPDATE ${child.sql} AS t SET ${fk.columns.map((n) => `${sqlOf(child, n)} = NULL`).join(', ')} WHERE ${orphan(reference)}`
        : `DELETE FROM ${child.sql} AS t WHERE ${orphan(reference)}`,
    );
  }
  return broken;
}
