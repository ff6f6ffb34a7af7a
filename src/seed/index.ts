import { silentProgress, type Progress } from '../core/progress.js';
import { LineIndex } from '../core/source.js';
import { ProviderError, describe, type Session } from '../db/provider.js';
import { applyMigration } from '../replay/index.js';
import { readCatalog, type Catalog, type ForeignKey, type Relation } from './catalog.js';
import { checkForeignKeys, dropRowFunction, fillDeferred, fillTable, ParentKeyTables, tuneSession } from './fill.js';
import { fillOrder } from './order.js';
import { planTable, type PlanContext } from './plan.js';

export const DEFAULT_ROWS = 10_000;
export const DEFAULT_MAX_ROWS = 1_000_000;
/** Rows of one run in all tables: PGlite holds the database in memory, and 2,000,000 rows over the load bench's 585 tables took the CLI to 1.9 GB. */
export const DEFAULT_MAX_TOTAL_ROWS = 1_000_000;

export interface SeedOptions {
  /** Production sizes from the config, by name or schema.name. */
  tables?: Readonly<Record<string, { rows?: number }>>;
  /** Rows per table at most (default 1,000,000). */
  maxRows?: number;
  /** Rows for a table the config gives no size for (default 10,000). */
  defaultRows?: number;
  /** Rows in all tables at most (default 1,000,000): past it every table's target is scaled down alike. */
  maxTotalRows?: number;
  /** Same seed, same data (dates and timestamps are spread over the three years up to the day of the run). */
  seed?: number;
  /** Some parents get many children and the first enum values are the most common (default true). */
  skew?: boolean;
  /** SQL run before generating, each file in a transaction of its own; tables it fills are left as they are. */
  userSeedFiles?: readonly { path: string; text: string }[];
  /**
   * VACUUM (ANALYZE) the tables that had rows already as well as the filled ones (default true). Off when seeding
   * again after a change: the kept tables' statistics may be production's, restored from a statistics file.
   */
  analyzeKept?: boolean;
  progress?: Progress;
}

export type TableStatus = 'filled' | 'partial' | 'failed' | 'kept' | 'skipped' | 'refreshed';

export interface SeededTable {
  /** schema.name */
  table: string;
  /**
   * filled: got its target; partial: fewer rows (see `note`); failed: none; kept: had rows already (from the
   * migrations or a seed file) and was left alone; skipped: not a table to fill (a view, a foreign table...);
   * refreshed: a materialized view, refreshed after the tables were filled.
   */
  status: TableStatus;
  /** Rows the generator aimed for. */
  target: number;
  /** Rows it inserted (for a materialized view, the rows it holds after the refresh). */
  rows: number;
  ms: number;
  /** Why it was skipped or fell short, and what was capped or left NULL. */
  note?: string;
}

export type SeedProblem =
  /** `offset`: the UTF-8 byte offset in the file that `line` and `column` stand for. */
  | { kind: 'seed-file'; file: string; line?: number; column?: number; offset?: number; message: string; code?: string }
  | { kind: 'table'; table: string; message: string }
  /** The schema could not be read: nothing was generated. */
  | { kind: 'database'; message: string };

export interface SeedReport {
  tables: SeededTable[];
  problems: SeedProblem[];
  /** Rows inserted into all tables. */
  rows: number;
  ms: number;
  /** Of `ms`, the time VACUUM (ANALYZE) took afterwards. */
  analyzeMs: number;
  /** Set when the tables' targets added up to more than maxTotalRows and were scaled down by `factor`. */
  scaled?: { requested: number; cap: number; factor: number };
}

/**
 * Fills every empty table of the replayed schema with generated rows, set-based inside Postgres: user seed files
 * first, then each table in foreign-key order with `INSERT ... SELECT ... FROM generate_series`, then deferred
 * references (cycles, self-references), materialized views, and VACUUM (ANALYZE). Failures are reported, not
 * thrown; only a lost database (ProviderError) is.
 */
export async function seedDatabase(session: Session, options: SeedOptions = {}): Promise<SeedReport> {
  const started = performance.now();
  const progress = options.progress ?? silentProgress;
  const problems: SeedProblem[] = [];
  const seed = options.seed ?? 1;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;

  for (const file of options.userSeedFiles ?? []) {
    const failure = await applyMigration(session, { path: file.path, text: file.text, skipped: [], transaction: 'transaction' });
    if (!failure) continue;
    const at = failure.offset !== undefined ? new LineIndex(file.text).position(failure.offset) : undefined;
    problems.push({ kind: 'seed-file', file: file.path, ...at, ...(failure.offset !== undefined ? { offset: failure.offset } : {}), message: failure.message, ...(failure.code ? { code: failure.code } : {}) });
  }

  let catalog: Catalog;
  try {
    catalog = await readCatalog(session);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    problems.push({ kind: 'database', message: `reading the schema failed: ${describe(error)}` });
    return { tables: [], problems, rows: 0, ms: performance.now() - started, analyzeMs: 0 };
  }
  const relations = catalog.relations.filter((r) => !r.partition);
  const byOid = new Map(catalog.relations.map((r) => [r.oid, r]));
  for (const name of Object.keys(options.tables ?? {})) {
    if (!relations.some((r) => r.name === name || r.shortName === name)) {
      problems.push({ kind: 'table', table: name, message: 'the config gives its size, but the schema has no such table' });
    }
  }

  const fillable = relations.filter((r) => (r.kind === 'table' || r.kind === 'partitioned') && !r.hasRows && r.columns.length > 0);
  const pending = new Set(fillable);
  const keyTables = new ParentKeyTables(session);
  const today = new Date().toISOString().slice(0, 10);
  const context: PlanContext = {
    types: catalog.types,
    skew: options.skew ?? true,
    today,
    byOid,
    pending,
    salts: (relation, column) => (purpose) => fnv1a(`${seed}|${relation.name}|${column}|${purpose}`),
    keys: (parent, columns) => keyTables.keys(parent, columns),
  };
  const entry = new Map<Relation, SeededTable>();
  const record = (relation: Relation, table: Omit<SeededTable, 'table'>) => {
    const row = { table: relation.name, ...table };
    entry.set(relation, row);
    if (table.status === 'failed' || table.status === 'partial') problems.push({ kind: 'table', table: relation.name, message: table.note ?? table.status });
    return row;
  };

  for (const relation of relations) {
    const skipped = SKIPPED[relation.kind];
    if (skipped) record(relation, { status: 'skipped', target: 0, rows: 0, ms: 0, note: skipped });
    else if (relation.hasRows) record(relation, { status: 'kept', target: 0, rows: 0, ms: 0, note: 'it had rows already' });
    else if (relation.columns.length === 0) record(relation, { status: 'skipped', target: 0, rows: 0, ms: 0, note: 'a table without columns' });
  }

  const { steps, stuck } = fillOrder(fillable, byOid);
  for (const [relation, reason] of stuck) {
    pending.delete(relation);
    record(relation, { status: 'failed', target: 0, rows: 0, ms: 0, note: `cannot be filled: ${reason}` });
  }

  const targets = new Map(
    steps.map(({ relation }) => {
      const size = options.tables?.[relation.name]?.rows ?? options.tables?.[relation.shortName]?.rows ?? options.defaultRows ?? DEFAULT_ROWS;
      return [relation, Math.min(size, maxRows)];
    }),
  );
  const requested = [...targets.values()].reduce((sum, n) => sum + n, 0);
  const cap = options.maxTotalRows ?? DEFAULT_MAX_TOTAL_ROWS;
  const scaled = requested > cap ? { requested, cap, factor: cap / requested } : undefined;
  if (scaled) for (const [relation, target] of targets) targets.set(relation, target === 0 ? 0 : Math.max(1, Math.floor(target * scaled.factor)));

  const deferred: { relation: Relation; fk: ForeignKey }[] = [];
  const filled: Relation[] = [];
  let inserted = 0;
  let done = 0;
  const tuned = await tuneSession(session);
  try {
    for (const { relation, deferred: cycleKeys } of steps) {
      const tableStarted = performance.now();
      pending.delete(relation);
      const target = targets.get(relation)!;
      const failed = (reason: string) => record(relation, { status: 'failed', target, rows: 0, ms: performance.now() - tableStarted, note: `cannot be filled: ${reason}` });
      try {
        const plan = await planTable(relation, target, cycleKeys, context);
        if ('reason' in plan) {
          failed(plan.reason);
        } else {
          const result = await fillTable(session, plan, (rows) => {
            const seconds = (performance.now() - tableStarted) / 1000;
            progress.step(done, steps.length, `${relation.name}: ${rows.toLocaleString('en-US')} rows, ${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-US')} rows/s`);
          });
          inserted += result.rows;
          const notes = [...(result.shortfall ? [`got ${result.rows} of ${plan.target} rows: ${result.shortfall}`] : []), ...plan.notes];
          const status: TableStatus = result.rows >= plan.target ? 'filled' : result.rows > 0 ? 'partial' : 'failed';
          record(relation, { status, target: plan.target, rows: result.rows, ms: performance.now() - tableStarted, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) });
          if (result.rows > 0) {
            filled.push(relation);
            deferred.push(...plan.deferred.map((fk) => ({ relation, fk })));
          }
        }
      } catch (error) {
        // Reading a parent's keys can fail too (a table the role may not read).
        if (error instanceof ProviderError) throw error;
        failed(describe(error));
      }
      progress.step(++done, steps.length, relation.name);
    }

    for (const { relation, fk } of deferred) {
      const updateStarted = performance.now();
      const parent = byOid.get(fk.parent)!;
      const columns = fk.columns.map((n) => relation.columns.find((c) => c.num === n)!.name).join(', ');
      const row = entry.get(relation)!;
      const error = await sqlError(async () => {
        const keys = await keyTables.keys(parent, fk.parentColumns);
        if (keys.count === 0) {
          row.note = [row.note, `${columns} left NULL: ${parent.name} has no rows`].filter(Boolean).join('; ');
          return;
        }
        await fillDeferred(session, relation, fk, parent, keys, context.salts(relation, `fk:${fk.name}`), context.skew);
      });
      row.ms += performance.now() - updateStarted;
      if (error) problems.push({ kind: 'table', table: relation.name, message: `${columns} left NULL where not yet set: setting the references failed: ${error}` });
    }

    if (tuned.triggersOff) {
      for (const relation of filled) {
        const checkStarted = performance.now();
        const error = await sqlError(async () => {
          const references = [];
          for (const fk of relation.foreignKeys) {
            const parent = byOid.get(fk.parent);
            if (parent) references.push({ fk, parent, keys: await keyTables.keys(parent, fk.parentColumns) });
          }
          for (const [fk, orphans] of await checkForeignKeys(session, relation, references)) {
            problems.push({ kind: 'table', table: relation.name, message: `${orphans} rows broke foreign key ${fk.name} and were removed or set to NULL` });
          }
        });
        if (error) problems.push({ kind: 'table', table: relation.name, message: `checking its foreign keys failed: ${error}` });
        entry.get(relation)!.ms += performance.now() - checkStarted;
      }
    }
  } finally {
    await tuned.restore();
    await keyTables.drop();
    await dropRowFunction(session);
  }

  await refreshMaterializedViews(session, relations, record);

  const analyzeStarted = performance.now();
  for (const relation of relations) {
    const row = entry.get(relation);
    const filledNow = row?.status !== 'kept' && (row?.rows ?? 0) > 0;
    if (relation.kind === 'view' || relation.kind === 'foreign' || !(filledNow || (relation.hasRows && options.analyzeKept !== false))) continue;
    try {
      // VACUUM sets the visibility map as in a long-lived production table, which index-only scans cost by.
      await session.query(`VACUUM (ANALYZE) ${relation.sql}`);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      problems.push({ kind: 'table', table: relation.name, message: `VACUUM (ANALYZE) failed: ${describe(error)}` });
    }
  }
  const analyzeMs = performance.now() - analyzeStarted;

  return {
    tables: relations.map((r) => entry.get(r)).filter((t) => t !== undefined),
    problems,
    rows: inserted,
    ms: performance.now() - started,
    analyzeMs,
    ...(scaled ? { scaled } : {}),
  };
}

/** Runs work that sends SQL and returns the message of an error it throws; a lost database (ProviderError) is thrown on. */
async function sqlError(work: () => Promise<void>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    return describe(error);
  }
}

const SKIPPED: Partial<Record<Relation['kind'], string>> = {
  view: 'a view: it shows the rows of its tables',
  foreign: 'a foreign table: its rows live on another server',
};

async function refreshMaterializedViews(
  session: Session,
  relations: readonly Relation[],
  record: (relation: Relation, table: Omit<SeededTable, 'table'>) => SeededTable,
): Promise<void> {
  // A materialized view over another one can only be refreshed after it: retry while a round makes progress.
  let waiting = relations.filter((r) => r.kind === 'matview');
  const errors = new Map<Relation, string>();
  while (waiting.length > 0) {
    const failed: Relation[] = [];
    for (const view of waiting) {
      const started = performance.now();
      try {
        await session.query(`REFRESH MATERIALIZED VIEW ${view.sql}`);
        const [row] = await session.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${view.sql}`);
        record(view, { status: 'refreshed', target: 0, rows: Number(row!.n), ms: performance.now() - started });
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        errors.set(view, describe(error));
        failed.push(view);
      }
    }
    if (failed.length === waiting.length) break;
    waiting = failed;
  }
  for (const view of waiting) {
    record(view, { status: 'failed', target: 0, rows: 0, ms: 0, note: `REFRESH MATERIALIZED VIEW failed: ${errors.get(view)}` });
  }
}

/** 32-bit FNV-1a: a salt per table, column and purpose that does not depend on the order tables are filled in. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}
