import type { AnalyzedFile, StatementInfo } from '../core/statements.js';
import type { BlockedOperationsReport, StatementTrace } from '../core/types.js';
import type { DatabaseProvider, Session } from '../db/index.js';
import { describe } from '../db/provider.js';
import { refusalMessage, unsafeStatement } from '../replay/guard.js';
import { Canary, isSqlError, type Blocked } from './canary.js';
import {
  adoptRebuiltIndexes,
  newLocks,
  readBefore,
  readLocks,
  readState,
  rewrites,
  showSettings,
  userRelations,
  validations,
  type Before,
  type CatalogState,
  type HeldLock,
} from './state.js';

export interface TracerOptions {
  /**
   * How long a canary probe waits for a lock before it counts as blocked; default 20 ms. The throwaway database
   * has no traffic of its own: the only locks a probe can meet are the traced transaction's, held until it ends,
   * so a probe either gets its locks at once or would wait forever (see bench/README.md, trace section).
   */
  canaryLockTimeoutMs?: number;
}

/** The statement that failed: the runner would stop the migration there. */
export interface TraceFailure {
  /** Index of the statement in the file. */
  statement: number;
  message: string;
  /** SQLSTATE. */
  code?: string;
  /** Byte offset in the file of Postgres' error position, when it gave one; for a refusal, of what is refused. */
  position?: number;
  /** The statement was not run: it reaches outside the throwaway database (see replay/guard.ts); `message` says why. */
  refused?: true;
}

export interface FileTrace {
  /** By statement index; undefined for the statements that did not run because an earlier one failed. */
  statements: (StatementTrace | undefined)[];
  failure?: TraceFailure;
}

export interface Tracer {
  /** Runs the file's statements as its runner would, on the tracer's session, and traces each one. */
  traceFile(file: Pick<AnalyzedFile, 'path' | 'statements'>): Promise<FileTrace>;
  /** Closes the sessions the tracer opened (not the one it was given). */
  close(): Promise<void>;
}

/** The tracer could not go on: the connection failed, or one of its own queries did. */
export class TraceError extends Error {
  override name = 'TraceError';

  constructor(
    message: string,
    /** Where the trace stopped, when it was running a statement of the file; and Postgres' SQLSTATE, if any. */
    readonly at?: { file: string; statement: number; code?: string },
  ) {
    super(message);
  }
}

const DEFAULT_CANARY_LOCK_TIMEOUT_MS = 20;
/** SQLSTATE 25001, "... cannot run inside a transaction block". */
const ACTIVE_SQL_TRANSACTION = '25001';
const BEGIN_KINDS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);
const END_KINDS = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);
/**
 * Statements that must not be wrapped in a transaction to read their locks: LOCK TABLE and DECLARE (without
 * HOLD) fail outside a transaction block, where wrapping would make them succeed, and transaction control would
 * end or nest in the wrapping transaction.
 */
const NEVER_WRAPPED = new Set(['TransactionStmt', 'LockStmt', 'DeclareCursorStmt']);
const TABLE_KINDS = new Set(['r', 'p']);

const IMPLIED_BY_CHECK = `
  SELECT EXISTS (
    SELECT FROM pg_constraint
    WHERE conrelid = $1::oid AND contype = 'c' AND convalidated
      AND pg_get_constraintdef(oid) = format('CHECK ((%I IS NOT NULL))', $2::text)) AS implied`;

/**
 * Prepares to trace the change's files on `session`, once the existing migrations have been applied: the
 * relations that exist now are the ones reported. On a real server (`provider.concurrent`), three more sessions
 * are opened for the canary; close() closes them.
 */
export async function createTracer(
  provider: DatabaseProvider,
  session: Session,
  options: TracerOptions = {},
): Promise<Tracer> {
  const lockTimeoutMs = options.canaryLockTimeoutMs ?? DEFAULT_CANARY_LOCK_TIMEOUT_MS;
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs <= 0) {
    throw new TypeError(`canaryLockTimeoutMs must be a positive integer, got ${lockTimeoutMs}`);
  }
  try {
    const tracked = await userRelations(session);
    const [settings] = await session.query<{ pid: number; counts: string }>(
      "SELECT pg_backend_pid() AS pid, current_setting('track_counts') AS counts",
    );
    const pid = settings!.pid;
    const canary = provider.concurrent ? await Canary.open(provider, lockTimeoutMs) : undefined;
    return new SessionTracer({
      session,
      pid,
      canary,
      tracked,
      serverMajor: provider.serverVersion.major,
      scanCounts: settings!.counts === 'on',
    });
  } catch (error) {
    throw new TraceError(`could not prepare the lock trace: ${describe(error)}`);
  }
}

interface TracerSetup {
  session: Session;
  pid: number;
  canary: Canary | undefined;
  tracked: Set<number>;
  serverMajor: number;
  /** track_counts is on, so pg_stat_xact_user_tables counts the statement's sequential scans. */
  scanCounts: boolean;
}

/** Where a transaction of the file starts and ends, and whether the file says so itself. */
interface TransactionSpan {
  first: number;
  last: number;
  /** The file's own BEGIN opens it; otherwise the runner does (or Postgres, for a multi-statement query). */
  opened: boolean;
  closed: boolean;
  /** The file's last SET TRANSACTION in it: nothing before it may take a snapshot, or it fails. */
  setTransaction: number | undefined;
}

interface Ran {
  ms: number;
  error?: Error & { code?: string; position?: string | number };
}

interface Outcome {
  trace: StatementTrace;
  failure?: TraceFailure;
}

class SessionTracer implements Tracer {
  readonly #session: Session;
  readonly #pid: number;
  readonly #canary: Canary | undefined;
  /** The relations that existed before the change (and the indexes rebuilt in their place since). */
  readonly #tracked: Set<number>;
  readonly #serverMajor: number;
  readonly #scanCounts: boolean;
  /** The catalog as the previous statement left it (read afresh at the start of each file). */
  #state!: CatalogState;
  /** The locks the open transaction held before the current statement. */
  #held: HeldLock[] = [];
  /** What the canary found in the open transaction, by table OID: the same locks block the same operations. */
  #blocked: Map<number, Blocked> | undefined;
  /**
   * The scan counts of every tracked relation in the open transaction, as of the last catalog read, when the
   * tracer has followed the transaction since it read them all: see #before.
   */
  #scans: Map<number, number> | undefined;
  /** The settings the last statement left, when nothing ran on the session since the catalog read after it. */
  #settings: Omit<Before, 'scans'> | undefined;

  constructor(setup: TracerSetup) {
    this.#session = setup.session;
    this.#pid = setup.pid;
    this.#canary = setup.canary;
    this.#tracked = setup.tracked;
    this.#serverMajor = setup.serverMajor;
    this.#scanCounts = setup.scanCounts;
  }

  async close(): Promise<void> {
    await this.#canary?.close();
  }

  async traceFile(file: Pick<AnalyzedFile, 'path' | 'statements'>): Promise<FileTrace> {
    const traces: (StatementTrace | undefined)[] = file.statements.map(() => undefined);
    const spans = transactionSpans(file.statements);
    let current: StatementInfo | undefined;
    try {
      // The session may have been used between files (a down migration, a schema fingerprint).
      this.#state = await readState(this.#session, this.#tracked);
      this.#forget();
      for (const statement of file.statements) {
        current = statement;
        const refusal = unsafeStatement(statement);
        if (refusal) {
          // As a failure of the statement would: the runner's transaction, if one is open, is rolled back.
          await this.#recover();
          const failure: TraceFailure = { statement: statement.index, message: refusalMessage(refusal), position: refusal.offset, refused: true };
          return { statements: traces, failure };
        }
        const span = statement.transaction === undefined ? undefined : spans.get(statement.transaction);
        if (span?.first === statement.index && !span.opened) await this.#session.exec('BEGIN');
        let outcome = span ? await this.#inTransaction(statement, span) : await this.#autocommit(statement);
        if (!outcome.failure && span?.last === statement.index && !span.closed) {
          outcome = await this.#commit(statement, outcome.trace);
        }
        traces[statement.index] = outcome.trace;
        if (outcome.failure) {
          await this.#recover();
          return { statements: traces, failure: outcome.failure };
        }
      }
    } catch (error) {
      const where = current ? `statement ${current.index + 1} of ${file.path}` : file.path;
      const code = (error as { code?: unknown }).code;
      throw new TraceError(
        `the lock trace stopped at ${where}: ${describe(error)}`,
        current ? { file: file.path, statement: current.index, ...(typeof code === 'string' ? { code } : {}) } : undefined,
      );
    }
    return { statements: traces };
  }

  /** A statement in one of the file's transactions (opened by the file, its runner, or Postgres). */
  async #inTransaction(statement: StatementInfo, span: TransactionSpan): Promise<Outcome> {
    const kind = transactionControl(statement);
    if (kind === 'begin' || (span.setTransaction !== undefined && statement.index <= span.setTransaction)) {
      // Our catalog queries would take the transaction's snapshot, and SET TRANSACTION must come before that.
      // BEGIN, SET and SET TRANSACTION take no locks worth reading anyway.
      const before = await showSettings(this.#session);
      const ran = await this.#run(statement);
      return ran.error ? failed(statement, before, ran) : { trace: emptyTrace(before, ran.ms, 'transaction') };
    }
    const before = await this.#before();
    const ran = await this.#run(statement);
    if (ran.error) return failed(statement, before, ran);
    if (kind === 'other') {
      // COMMIT, ROLLBACK (TO SAVEPOINT) and SAVEPOINT change which locks are held, and a rollback puts the
      // catalog back: take the state as it is, without calling the difference the statement's doing.
      this.#state = await readState(this.#session, this.#tracked);
      this.#held = this.#state.locks;
      this.#forget();
      return { trace: emptyTrace(before, ran.ms, 'transaction') };
    }
    return { trace: await this.#observeInTransaction(before, ran) };
  }

  /** A statement that commits on its own: wrapped in BEGIN ... COMMIT to read its locks, if it can be. */
  async #autocommit(statement: StatementInfo): Promise<Outcome> {
    if (NEVER_WRAPPED.has(statement.type)) {
      this.#forget();
      const before = await readBefore(this.#session, this.#tracked);
      return this.#outside(statement, before, false);
    }
    await this.#session.exec('BEGIN');
    const before = await this.#before();
    const ran = await this.#run(statement);
    if (ran.error?.code === ACTIVE_SQL_TRANSACTION) {
      await this.#session.exec('ROLLBACK');
      return this.#outside(statement, before, true);
    }
    if (ran.error) return failed(statement, before, ran);
    return this.#commit(statement, await this.#observeInTransaction(before, ran));
  }

  /** After a statement ran in a transaction that is still open: its locks are held. */
  async #observeInTransaction(before: Before, ran: Ran): Promise<StatementTrace> {
    const previous = this.#state;
    const after = await readState(this.#session, this.#tracked, previous);
    const locks = newLocks(this.#held, after.locks, (oid) => this.#name(oid, previous, after));
    const { rewritten, validated } = await this.#changes(after, this.#scanCounts ? before.scans : undefined);
    const held = after.locks;
    this.#held = held;
    // The transaction stays open and nothing runs on the session before the next statement: what the read after
    // this statement saw is what a read before the next one would see (see #before).
    this.#settings = after.settings;
    for (const [oid, scans] of after.scans) this.#scans?.set(oid, scans);
    const trace: StatementTrace = {
      locks,
      rewrites: rewritten,
      validated,
      durationMs: round(ran.ms),
      lockTimeout: before.lockTimeout,
      statementTimeout: before.statementTimeout,
      observedBy: 'transaction',
    };
    if (this.#canary) {
      const tables = this.#tablesLocked(held, previous, after);
      // A statement that took no new lock cannot have blocked anything more; one that did may have, but only on
      // the tables not yet known blocked for both reads and writes (see Canary.probe).
      if (locks.length > 0 || !this.#blocked) this.#blocked = await this.#canary.probe(tables.keys(), this.#blocked);
      trace.blocked = reports(this.#blocked, tables);
    }
    return trace;
  }

  /**
   * A statement that cannot run in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM...), or must not be
   * wrapped: on a real server the canary watches it while pins hold it; on PGlite its locks stay unknown.
   */
  async #outside(statement: StatementInfo, before: Before, watch: boolean): Promise<Outcome> {
    const canary = watch ? this.#canary : undefined;
    let ran: Ran;
    let heldMs = 0;
    let seen: { locks: HeldLock[]; blocked: Map<number, Blocked> } | undefined;
    if (canary) {
      // Only the pins can make the statement wait here, and its lock_timeout must not turn that into a failure.
      const lockTimeout = before.lockTimeout;
      if (lockTimeout !== '0') await this.#session.exec('SET lock_timeout = 0');
      try {
        const observed = { locks: [] as HeldLock[], blocked: new Map<number, Blocked>() };
        const tables = [...this.#state.relations.values()]
          .filter((relation) => this.#tracked.has(relation.oid) && TABLE_KINDS.has(relation.kind))
          .map((relation) => relation.name);
        const watched = await canary.hold(this.#pid, tables, () => this.#run(statement), async () => {
          const locks = await readLocks(canary.session, this.#pid);
          observed.locks.push(...locks);
          for (const [oid, now] of await canary.probe(this.#tablesLocked(locks, this.#state).keys())) {
            const earlier = observed.blocked.get(oid);
            observed.blocked.set(oid, { reads: now.reads || earlier?.reads === true, writes: now.writes || earlier?.writes === true });
          }
        });
        ran = watched.result;
        heldMs = watched.heldMs;
        if (watched.observed) seen = observed;
      } finally {
        if (lockTimeout !== '0') await this.#session.query("SELECT set_config('lock_timeout', $1, false)", [lockTimeout]);
      }
    } else {
      ran = await this.#run(statement);
    }
    ran = { ...ran, ms: ran.ms - heldMs };
    if (ran.error) return failed(statement, before, ran);

    const previous = this.#state;
    const after = await readState(this.#session, this.#tracked);
    const { rewritten, validated } = await this.#changes(after, undefined);
    const trace: StatementTrace = {
      locks: seen ? newLocks([], seen.locks, (oid) => this.#name(oid, previous, after)) : [],
      rewrites: rewritten,
      validated,
      durationMs: round(ran.ms),
      lockTimeout: before.lockTimeout,
      statementTimeout: before.statementTimeout,
      observedBy: seen ? 'canary' : 'none',
    };
    if (seen) trace.blocked = reports(seen.blocked, this.#tablesLocked(seen.locks, previous, after));
    return { trace };
  }

  /** Rewrites and validations since the previous statement; moves the tracer's state forward. */
  async #changes(
    after: CatalogState,
    scansBefore: Map<number, number> | undefined,
  ): Promise<{ rewritten: string[]; validated: StatementTrace['validated'] }> {
    const before = this.#state;
    const adopted = adoptRebuiltIndexes(this.#tracked, before, after);
    const rewritten = rewrites(this.#tracked, before, after, adopted);
    const rewrittenTables = new Set(rewritten.filter((relation) => relation.table === null).map((relation) => relation.oid));
    const validated = await validations(before, after, rewrittenTables, {
      scansBefore,
      notNullConstraints: this.#serverMajor >= 18,
      impliedByCheck: async (table, column) => {
        if (this.#serverMajor < 12) return false;
        const [row] = await this.#session.query<{ implied: boolean }>(IMPLIED_BY_CHECK, [table, column]);
        return row?.implied === true;
      },
    });
    for (const successor of adopted.values()) this.#tracked.add(successor.oid);
    this.#state = after;
    return { rewritten: rewritten.map((relation) => relation.name), validated };
  }

  /** Commits the transaction the runner opened; a failing COMMIT (deferred constraints) fails the statement. */
  async #commit(statement: StatementInfo, trace: StatementTrace): Promise<Outcome> {
    try {
      await this.#session.exec('COMMIT');
    } catch (error) {
      if (!isSqlError(error)) throw error;
      return withFailure(statement, trace, error, false);
    } finally {
      this.#held = [];
      this.#forget();
    }
    return { trace };
  }

  /** After a failure: the runner's transaction is rolled back, so the catalog is read again. */
  async #recover(): Promise<void> {
    await this.#session.exec('ROLLBACK');
    this.#state = await readState(this.#session, this.#tracked);
    this.#held = [];
    this.#forget();
  }

  /**
   * What a statement in a transaction runs under: its settings, and the scan counts its validations are judged
   * against. The first statement of a transaction reads them (every tracked relation's count: pending counts of
   * earlier transactions may not have been flushed yet, so they need not be 0). For the next statements of the
   * same transaction the read after the previous statement is enough, with no round trip of its own: the
   * settings are read there, and so are the counts of every relation the transaction holds a lock on. The other
   * counts cannot have moved since: a scan takes a lock that is held until the transaction ends, and the server
   * flushes pending counts only outside a transaction block.
   */
  async #before(): Promise<Before> {
    if (this.#settings && this.#scans) {
      const before = { ...this.#settings, scans: new Map(this.#scans) };
      this.#settings = undefined;
      return before;
    }
    const before = await readBefore(this.#session, this.#tracked);
    this.#scans = new Map(before.scans);
    return before;
  }

  /** The transaction ended, or the tracer lost track of it (a rollback to a savepoint): forget what it found. */
  #forget(): void {
    this.#blocked = undefined;
    this.#scans = undefined;
    this.#settings = undefined;
  }

  async #run(statement: StatementInfo): Promise<Ran> {
    const start = performance.now();
    try {
      await this.#session.exec(statement.text);
      return { ms: performance.now() - start };
    } catch (error) {
      if (!isSqlError(error)) throw error;
      return { ms: performance.now() - start, error };
    }
  }

  /** A tracked relation's name as it was before the statement: a renamed table keeps the name it was locked by. */
  #name(oid: number, before: CatalogState, after: CatalogState): string | undefined {
    if (!this.#tracked.has(oid)) return undefined;
    return (before.relations.get(oid) ?? after.relations.get(oid))?.name;
  }

  /**
   * The tracked tables that `locks` touch directly or through one of their indexes, by OID, with their names.
   * `states` are searched in order: a table dropped by the statement is still there for other sessions.
   */
  #tablesLocked(locks: readonly HeldLock[], ...states: CatalogState[]): Map<number, string> {
    const find = (oid: number) => states.map((state) => state.relations.get(oid)).find((relation) => relation);
    const tables = new Map<number, string>();
    for (const lock of locks) {
      if (!this.#tracked.has(lock.oid)) continue;
      const relation = find(lock.oid);
      const table = relation?.table ? find(relation.table) : relation;
      if (table && this.#tracked.has(table.oid) && TABLE_KINDS.has(table.kind)) tables.set(table.oid, table.name);
    }
    return tables;
  }
}

/** BEGIN / START TRANSACTION, or another transaction control statement (COMMIT, SAVEPOINT...). */
function transactionControl(statement: StatementInfo): 'begin' | 'other' | undefined {
  if (statement.type !== 'TransactionStmt') return undefined;
  return BEGIN_KINDS.has((statement.node as { kind?: string }).kind ?? '') ? 'begin' : 'other';
}

function isSetTransaction(statement: StatementInfo): boolean {
  const node = statement.node as { kind?: string; name?: string };
  return statement.type === 'VariableSetStmt' && node.kind === 'VAR_SET_MULTI' && node.name?.startsWith('TRANSACTION') === true;
}

function transactionSpans(statements: readonly StatementInfo[]): Map<number, TransactionSpan> {
  const spans = new Map<number, TransactionSpan>();
  for (const statement of statements) {
    if (statement.transaction === undefined) continue;
    const kind = statement.type === 'TransactionStmt' ? ((statement.node as { kind?: string }).kind ?? '') : '';
    let span = spans.get(statement.transaction);
    if (span) {
      span.last = statement.index;
      span.closed = END_KINDS.has(kind);
    } else {
      span = { first: statement.index, last: statement.index, opened: BEGIN_KINDS.has(kind), closed: END_KINDS.has(kind), setTransaction: undefined };
      spans.set(statement.transaction, span);
    }
    if (isSetTransaction(statement)) span.setTransaction = statement.index;
  }
  return spans;
}

function emptyTrace(
  before: Omit<Before, 'scans'>,
  ms: number,
  observedBy: StatementTrace['observedBy'],
): StatementTrace {
  return {
    locks: [],
    rewrites: [],
    validated: [],
    durationMs: round(ms),
    lockTimeout: before.lockTimeout,
    statementTimeout: before.statementTimeout,
    observedBy,
  };
}

function failed(statement: StatementInfo, before: Omit<Before, 'scans'>, ran: Ran): Outcome {
  return withFailure(statement, emptyTrace(before, ran.ms, 'none'), ran.error!, true);
}

function withFailure(
  statement: StatementInfo,
  trace: StatementTrace,
  error: Error & { code?: string; position?: string | number },
  inStatement: boolean,
): Outcome {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const failure: TraceFailure = { statement: statement.index, message: error.message };
  if (code) failure.code = code;
  const position = inStatement ? errorOffset(statement, error.position) : undefined;
  if (position !== undefined) failure.position = position;
  return { trace: { ...trace, error: code ? { message: error.message, code } : { message: error.message } }, failure };
}

/** Postgres' error position counts characters from 1 in the text sent, which is the statement's text. */
function errorOffset(statement: StatementInfo, position: string | number | undefined): number | undefined {
  const characters = Number(position);
  if (!Number.isInteger(characters) || characters < 1) return undefined;
  const prefix = Array.from(statement.text).slice(0, characters - 1).join('');
  return statement.range.start + Buffer.byteLength(prefix, 'utf8');
}

/** The canary's findings under the names the trace uses. */
function reports(blocked: ReadonlyMap<number, Blocked>, names: ReadonlyMap<number, string>): BlockedOperationsReport[] {
  return [...blocked]
    .filter(([oid]) => names.has(oid))
    .map(([oid, { reads, writes }]) => ({ relation: names.get(oid)!, reads, writes }))
    .sort((a, b) => (a.relation < b.relation ? -1 : 1));
}

function round(ms: number): number {
  return Math.round(Math.max(0, ms) * 1000) / 1000;
}
