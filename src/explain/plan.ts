import { loadParser } from '../core/parse.js';
import { ProviderError, QUERY_CANCELED, describe, type Session } from '../db/provider.js';
import { parseExplain, type Explain } from '../plan/model.js';
import type { Query } from '../queries/types.js';
import { parameterLocation, sampleParameters } from './params.js';

export interface PlanQueryOptions {
  /** Server major version: >= 16 uses EXPLAIN (GENERIC_PLAN); before, PREPARE + plan_cache_mode = force_generic_plan. */
  serverMajor: number;
  /** Also execute the query (EXPLAIN ANALYZE, BUFFERS) with sample parameter values from the data, rolled back. */
  analyze?: boolean;
}

export type QueryPlan =
  | {
      status: 'planned';
      explain: Explain;
      /** generic plan for $n */
      generic: boolean;
      analyzed: boolean;
      /** sample values used with analyze, as text */
      params?: (string | null)[];
    }
  | { status: 'skipped'; reason: string }
  | {
      status: 'failed';
      message: string;
      code?: string;
      /** 0-based UTF-8 byte offset into query.sql, when Postgres gave a position */
      position?: number;
    };

// COSTS (on by default) are what plans are compared by. VERBOSE names each relation's schema (plan rules look up
// table sizes by it, findings name the table exactly); the `Output` lists it adds are left out of the quoted plan
// lines (src/plan/text.ts), and its qualified column names stay readable. SETTINGS lists the planner settings
// that differ from the defaults, which rules quote (work_mem). The same options as the recorded plan fixtures.
const ESTIMATE = 'EXPLAIN (VERBOSE, SETTINGS, FORMAT JSON)';
const GENERIC = 'EXPLAIN (GENERIC_PLAN, VERBOSE, SETTINGS, FORMAT JSON)';
const ANALYZE = 'EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)';

/** The prepared statement, savepoint and setting planQuery uses; none outlives a call. */
const NAME = 'sql_preflight_plan';
const HANDOFF = 'sql_preflight.plan';

/** The virtual transaction id: the same for every statement of a transaction block, new for each statement outside one. */
const TRANSACTION_ID =
  "SELECT l.virtualtransaction AS id FROM pg_catalog.pg_locks l WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'virtualxid'";

interface SessionState {
  /** Inside the caller's BEGIN ... COMMIT: planQuery then works under a savepoint of its own. */
  inTransaction: boolean;
  /** The session's plan_cache_mode, restored after the pre-16 generic plan. */
  planCacheMode: string | null;
}

/**
 * Plans one query on the session's database. Without `analyze` the query is only planned: with `$n` parameters
 * as a generic plan, as the application's prepared statement gets from its sixth execution on. With `analyze` it
 * also runs, once, with sample parameter values from the data (see `sampleParameters`), inside a transaction (or
 * a savepoint) that is rolled back, so DML changes nothing.
 *
 * Either way the session is left as it was found, after errors too: no prepared statement, settings as before,
 * and the caller's transaction, when planQuery is called inside one, neither ended nor aborted. planQuery tells
 * whether it is inside a transaction block itself (by the virtual transaction id, two reads) and then works under a
 * savepoint that it rolls back, so a failing query leaves the caller's transaction usable; outside one, the
 * non-analyze path begins no transaction. A query that fails, or that Postgres cancels at the statement timeout,
 * is `failed`; a lost database (ProviderError) is thrown.
 */
export async function planQuery(session: Session, query: Query, options: PlanQueryOptions): Promise<QueryPlan> {
  if (query.problem) return { status: 'failed', message: query.problem.message };
  if (!query.plannable) return { status: 'skipped', reason: query.skipReason ?? 'The statement is not a query EXPLAIN can plan.' };
  const parameters = query.parameters.length;
  if (parameters > 0 && options.serverMajor < 12) {
    return { status: 'skipped', reason: 'PostgreSQL before 12 has no plan_cache_mode, so a query with parameters cannot be given a generic plan.' };
  }
  await loadParser();
  try {
    const state = await sessionState(session);
    if (options.analyze) {
      const analyzed = parameters === 0 ? { explain: await analyzePlain(session, query, state), params: undefined } : await analyzeWithSamples(session, query, state);
      if (analyzed) return { status: 'planned', explain: analyzed.explain, generic: false, analyzed: true, ...(analyzed.params ? { params: analyzed.params } : {}) };
      // The sample values were rejected: the generic plan stands in for the analyzed one.
    }
    const plan = parameters === 0 ? estimate : options.serverMajor >= 16 ? genericPlan : forcedGenericPlan;
    return { status: 'planned', explain: await plan(session, query, state), generic: parameters > 0, analyzed: false };
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    return failure(session, error, options.analyze ?? false);
  }
}

async function sessionState(session: Session): Promise<SessionState> {
  const [before] = await session.query<{ id: string }>(TRANSACTION_ID);
  const [now] = await session.query<{ id: string; mode: string | null }>(
    `SELECT l.id, pg_catalog.current_setting('plan_cache_mode', true) AS mode FROM (${TRANSACTION_ID}) AS l`,
  );
  return { inTransaction: before !== undefined && before.id === now?.id, planCacheMode: now?.mode ?? null };
}

async function estimate(session: Session, query: Query, state: SessionState): Promise<Explain> {
  return rolledBack(session, state.inTransaction ? 'savepoint' : undefined, async () =>
    parseExplain(await located(query, `${ESTIMATE} ${query.sql}`, () => session.query(`${ESTIMATE} ${query.sql}`))),
  );
}

/**
 * EXPLAIN (GENERIC_PLAN) leaves `$n` unbound only when the statement reaches Postgres without parameters, which
 * the session's extended-protocol queries never do (Postgres would take `$n` for parameters of the EXPLAIN and
 * plan the bound values). So a DO block runs it through PL/pgSQL's EXECUTE and hands the plan back through a
 * custom setting, cleared when it is read. The block first prepares the query, as the application's driver does:
 * GENERIC_PLAN plans a parameter whose type nothing tells (`$1 IS NULL`), which PREPARE rejects.
 */
async function genericPlan(session: Session, query: Query, state: SessionState): Promise<Explain> {
  const body = [
    'DECLARE plan text; BEGIN',
    `EXECUTE ${literal(`PREPARE ${NAME} AS ${query.sql}`)}; EXECUTE 'DEALLOCATE ${NAME}';`,
    `EXECUTE ${literal(`${GENERIC} ${query.sql}`)} INTO plan;`,
    `PERFORM pg_catalog.set_config('${HANDOFF}', plan, false); END`,
  ].join(' ');
  return rolledBack(session, state.inTransaction ? 'savepoint' : undefined, async () => {
    await located(query, undefined, () => session.exec(`DO ${dollarQuoted(body)}`));
    // The subquery is read before the outer SELECT clears the setting.
    const [row] = await session.query<{ plan: string }>(
      `SELECT stored.plan, pg_catalog.set_config('${HANDOFF}', '', false) FROM (SELECT pg_catalog.current_setting('${HANDOFF}') AS plan OFFSET 0) AS stored`,
    );
    return parseExplain(row!.plan);
  });
}

/** Before PostgreSQL 16 (Dexter's recipe): PREPARE, then EXPLAIN EXECUTE with NULLs under force_generic_plan. */
async function forcedGenericPlan(session: Session, query: Query, state: SessionState): Promise<Explain> {
  let forced = false;
  try {
    return await withPrepared(session, query, (prepare) =>
      rolledBack(session, state.inTransaction ? 'savepoint' : undefined, async () => {
        await prepare();
        await session.exec('SET plan_cache_mode = force_generic_plan');
        forced = true;
        const nulls = query.parameters.map(() => 'NULL').join(', ');
        const explain = parseExplain(await located(query, undefined, () => session.query(`${ESTIMATE} EXECUTE ${NAME}(${nulls})`)));
        // The setting is how the plan was made, not one the application's plans are made under.
        if (explain.Settings) delete explain.Settings.plan_cache_mode;
        return explain;
      }),
    );
  } finally {
    // Inside a transaction the savepoint's rollback has undone the SET already.
    if (forced && !state.inTransaction) await session.query("SELECT pg_catalog.set_config('plan_cache_mode', $1, false)", [state.planCacheMode]);
  }
}

async function analyzePlain(session: Session, query: Query, state: SessionState): Promise<Explain> {
  return rolledBack(session, state.inTransaction ? 'savepoint' : 'transaction', async () =>
    parseExplain(await located(query, `${ANALYZE} ${query.sql}`, () => session.query(`${ANALYZE} ${query.sql}`))),
  );
}

/**
 * The parameters' types come from the prepared statement; its first execution gets a custom plan for the values,
 * as the application's first executions do. Undefined when the sample values break a constraint or a type's rules
 * (an INSERT of a key that exists, a DELETE of a row others reference): that says nothing about the query, and
 * its generic plan is reported instead.
 */
async function analyzeWithSamples(session: Session, query: Query, state: SessionState): Promise<{ explain: Explain; params: (string | null)[] } | undefined> {
  return withPrepared(session, query, (prepare) =>
    rolledBack(session, state.inTransaction ? 'savepoint' : 'transaction', async () => {
      await prepare();
      const params = await sampleParameters(session, query.sql, NAME);
      const values = params.map((value) => (value === null ? 'NULL' : literal(value))).join(', ');
      try {
        const explain = parseExplain(await located(query, undefined, () => session.query(`${ANALYZE} EXECUTE ${NAME}(${values})`)));
        return { explain, params };
      } catch (error) {
        if (error instanceof QueryFailure && SAMPLE_REJECTED.has(error.code?.slice(0, 2) ?? '')) return undefined;
        throw error;
      }
    }),
  );
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation). */
const SAMPLE_REJECTED = new Set(['22', '23']);

/**
 * Runs `work` with a `prepare` that prepares the query as NAME, and deallocates it afterwards. Prepared
 * statements outlive rollbacks, so DEALLOCATE comes after `work` has rolled back what it began.
 */
async function withPrepared<T>(session: Session, query: Query, work: (prepare: () => Promise<void>) => Promise<T>): Promise<T> {
  let prepared = false;
  try {
    return await work(async () => {
      const prepare = `PREPARE ${NAME} AS ${query.sql}`;
      await located(query, prepare, () => session.exec(prepare));
      prepared = true;
    });
  } finally {
    if (prepared) await session.exec(`DEALLOCATE ${NAME}`);
  }
}

/** Runs `work` in a transaction or savepoint of its own that is always rolled back, or as it is (`undefined`). */
async function rolledBack<T>(session: Session, scope: 'transaction' | 'savepoint' | undefined, work: () => Promise<T>): Promise<T> {
  if (scope) await session.exec(scope === 'transaction' ? 'BEGIN' : `SAVEPOINT ${NAME}`);
  try {
    return await work();
  } finally {
    if (scope) await session.exec(scope === 'transaction' ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${NAME}; RELEASE SAVEPOINT ${NAME}`);
  }
}

/** A Postgres error about the query, with its position moved from the sent text into query.sql. */
class QueryFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly position: number | undefined,
  ) {
    super(message);
  }
}

interface PostgresError {
  message: string;
  code?: string;
  hint?: string;
  position?: string | number;
  internalPosition?: string | number;
  internalQuery?: string;
}

/**
 * Runs a statement whose text is `sent` (undefined when it does not hold the query). Postgres gives an error's
 * position as a 1-based character of the text it was sent, or of the text PL/pgSQL executed (`internalQuery`);
 * the position is kept when that text ends with query.sql and the position falls inside it.
 */
async function located<T>(query: Query, sent: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ProviderError || !(error instanceof Error)) throw error;
    const { code, hint, position, internalPosition, internalQuery } = error as PostgresError;
    let message = hint ? `${error.message}. ${hint}` : error.message;
    let at = internalQuery !== undefined && internalPosition !== undefined ? positionIn(query.sql, internalQuery, Number(internalPosition)) : undefined;
    if (at === undefined && sent !== undefined && position !== undefined) at = positionIn(query.sql, sent, Number(position));
    const untyped = code === INDETERMINATE_DATATYPE ? /parameter \$(\d+)/.exec(error.message) : null;
    if (untyped) {
      const n = Number(untyped[1]);
      message = untypedMessage(query, n);
      at ??= parameterLocation(query.sql, n);
    }
    throw new QueryFailure(message, code, at);
  }
}

/** The byte offset in `sql` of Postgres' 1-based character `position` in `text`, which ends with `sql`. */
function positionIn(sql: string, text: string, position: number): number | undefined {
  if (!text.endsWith(sql)) return undefined;
  const chars = position - 1 - [...text.slice(0, text.length - sql.length)].length;
  const points = [...sql];
  if (chars < 0 || chars > points.length) return undefined;
  return Buffer.byteLength(points.slice(0, chars).join(''), 'utf8');
}

/** SQLSTATE 42P18: "could not determine data type of parameter $n". */
const INDETERMINATE_DATATYPE = '42P18';

function untypedMessage(query: Query, n: number): string {
  const name = query.parameters[n - 1]?.name;
  const shown = name ? `@${name} ($${n})` : `$${n}`;
  return `PostgreSQL cannot infer the type of parameter ${shown} from the query: add a cast where it is used, such as ${name ? `@${name}` : `$${n}`}::<type>.`;
}

async function failure(session: Session, error: unknown, analyze: boolean): Promise<QueryPlan> {
  const code = (error as { code?: unknown }).code;
  let message = describe(error);
  if (code === QUERY_CANCELED) {
    const [row] = await session.query<{ timeout: string }>("SELECT pg_catalog.current_setting('statement_timeout') AS timeout");
    message = `${analyze ? 'Running' : 'Planning'} the query took longer than the statement timeout (${row!.timeout}), so PostgreSQL canceled it.`;
  }
  const position = error instanceof QueryFailure ? error.position : undefined;
  return { status: 'failed', message, ...(typeof code === 'string' ? { code } : {}), ...(position !== undefined ? { position } : {}) };
}

/** A string literal that means the same whatever standard_conforming_strings is. */
function literal(value: string): string {
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Dollar-quoted with a tag that does not occur in the text. */
function dollarQuoted(text: string): string {
  let tag = '$plan$';
  for (let n = 1; text.includes(tag); n++) tag = `$plan${n}$`;
  return `${tag}${text}${tag}`;
}
