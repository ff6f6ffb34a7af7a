import { scanSync } from 'libpg-query';
import { loadParser, parseSql } from '../core/parse.js';
import { LineIndex, maskRanges } from '../core/source.js';
import { analyzeStatements, type StatementInfo } from '../core/statements.js';
import type { ByteRange, TransactionMode } from '../core/types.js';
import { ProviderError, describe, type Session } from '../db/provider.js';
import { refusalMessage, unsafeStatement, type Refusal } from './guard.js';
import { Script } from './script.js';

/** Why a file could not be applied, located in the original file. */
export interface ReplayFailure {
  /** The path of the file as given (for a down part, the down file's). */
  file: string;
  /** Postgres' message. */
  message: string;
  /** SQLSTATE; `57014` when statement_timeout cancelled the statement. */
  code?: string;
  detail?: string;
  hint?: string;
  /**
   * Byte offset in the original file: Postgres' error position when it gave one, else the start of the failing
   * statement. Undefined when neither is known (a deferred constraint failing at COMMIT, a lost PGlite database).
   */
  offset?: number;
  /** Index of the failing statement among the file's statements (as in `FileReport.statements`). */
  statement?: number;
  /** The statement was not run: it reaches outside the throwaway database (see guard.ts); `message` says why. */
  refused?: true;
}

/** A file as its runner executes it: `skipped` ranges are not executed, `transaction` says how the rest is. */
export interface ReplayInput {
  path: string;
  text: string;
  skipped: readonly ByteRange[];
  transaction: TransactionMode;
  /** Set when the file is not valid text: it is not run, and its failure is this message. */
  readError?: { message: string };
}

/**
 * Applies one migration the way its runner does, and says where it failed. It never throws for SQL errors,
 * only when the database itself is gone (ProviderError).
 *
 * - `transaction`: one simple query `BEGIN; <file> COMMIT;`. A failure aborts the rest of the string, and the
 *   ROLLBACK that follows leaves no trace of the file, as the runner's own rollback does.
 * - `implicit`: the file as one simple query, as the runner sends it: Postgres runs it as one implicit
 *   transaction, a lone statement (CREATE INDEX CONCURRENTLY) on its own.
 * - `none`: every statement commits on its own; see `runStatements` for the runs of statements sent together.
 *
 * A statement the guard refuses stops the file where it stands, as a failure there would; in the first two modes
 * that means nothing of the file runs, since a failure would roll all of it back.
 *
 * A multi-statement string tells nothing about which statement failed when the error carries no position
 * (most DDL errors), so a progress marker follows each statement in it: a session-level advisory lock keyed
 * by the statement's number, which survives the rollback and is read back after a failure.
 */
export async function applyMigration(session: Session, file: ReplayInput): Promise<ReplayFailure | undefined> {
  if (file.readError) return { file: file.path, message: file.readError.message };
  const prepared = await prepare(file);
  const failures =
    file.transaction === 'none' ? await runStatements(session, prepared, {}) : await runWhole(session, prepared, file.transaction === 'transaction');
  await releaseMarker(session, prepared);
  return failures[0];
}

const DUPLICATE_OBJECT = '42710';

/**
 * Applies the config's `setup` SQL (roles, extensions, schemas that exist outside the migrations), statement by
 * statement, going on after a failure so that one bad statement does not take the rest of the setup with it.
 * A CREATE ROLE for a role that exists is not a failure: roles belong to the server, not to the throwaway
 * database, so on a shared server they outlive the previous run.
 */
export async function applySetup(session: Session, files: readonly { path: string; text: string }[]): Promise<ReplayFailure[]> {
  const failures: ReplayFailure[] = [];
  for (const file of files) {
    const prepared = await prepare({ ...file, skipped: [], transaction: 'none' });
    failures.push(
      ...(await runStatements(session, prepared, {
        keepGoing: true,
        tolerate: (statement, failure) => statement.type === 'CreateRoleStmt' && failure.code === DUPLICATE_OBJECT,
      })),
    );
    await releaseMarker(session, prepared);
  }
  return failures;
}

interface Prepared {
  path: string;
  /** The text as the runner executes it: skipped parts (and a byte-order mark) blanked, byte offsets kept. */
  executed: Buffer;
  /** Undefined when the parser rejects the text. */
  statements: StatementInfo[] | undefined;
  /** Where the parser stopped, when it rejected the text. */
  parseErrorOffset: number | undefined;
  /** The file opens a transaction block itself (BEGIN / START TRANSACTION). */
  opensTransaction: boolean;
  /** The next progress marker's number, and the marker lock the session holds, if any. */
  markers: { next: number; held: number | undefined };
  /** The guard's answer for each statement asked about, by its start offset. */
  refusals: Map<number, Refusal | undefined>;
}

async function prepare(file: ReplayInput): Promise<Prepared> {
  await loadParser();
  // The lint engine blanks a byte-order mark too, so statement numbers agree with the report's.
  const skipped = file.text.charCodeAt(0) === 0xfeff ? [{ start: 0, end: 3 }, ...file.skipped] : file.skipped;
  const text = maskRanges(file.text, skipped);
  const executed = Buffer.from(text, 'utf8');
  const parsed = parseSql(text, executed.length);
  const statements = parsed.ok ? analyzeStatements(parsed.statements, file.transaction, new LineIndex(text)) : undefined;
  return {
    path: file.path,
    executed,
    statements,
    parseErrorOffset: parsed.ok ? undefined : parsed.error.offset,
    opensTransaction: (statements ?? []).some((s) => s.type === 'TransactionStmt' && OPENING.has(s.node.kind as string)),
    markers: { next: 1, held: undefined },
    refusals: new Map(),
  };
}

function refusalOf(file: Prepared, statement: StatementInfo): Refusal | undefined {
  if (!file.refusals.has(statement.range.start)) file.refusals.set(statement.range.start, unsafeStatement(statement));
  return file.refusals.get(statement.range.start);
}

/** The first of `statements` that the guard refuses, with the failure that stops the file there. */
function refusedIn(file: Prepared, statements: readonly StatementInfo[]): { statement: StatementInfo; failure: ReplayFailure } | undefined {
  for (const statement of statements) {
    const refusal = refusalOf(file, statement);
    if (!refusal) continue;
    const failure: ReplayFailure = {
      file: file.path,
      message: refusalMessage(refusal),
      offset: refusal.offset,
      ...(file.statements ? { statement: statement.index } : {}),
      refused: true,
    };
    return { statement, failure };
  }
  return undefined;
}

const OPENING = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);

/** `transaction` and `implicit` modes: the whole file in one simple query, as the runner sends it. */
async function runWhole(session: Session, file: Prepared, wrap: boolean): Promise<ReplayFailure[]> {
  const statements = file.statements ?? [];
  // Nothing to run: an empty transaction changes nothing. Text the parser rejects still goes to the server,
  // whose answer (its syntax error, or success on a grammar difference) is the one that counts.
  if (file.statements && statements.length === 0) return [];
  const refused = refusedIn(file, statements);
  if (refused) return [refused.failure];
  const outcome = await runUnit(session, file, { from: 0, to: file.executed.length, statements, wrap });
  if (outcome.ok) {
    if (!wrap) await closeDanglingTransaction(session, file);
    return [];
  }
  return [outcome.failure];
}

interface RunOptions {
  /** Go on with the next statements after a failure (setup SQL). */
  keepGoing?: boolean;
  /** Failures that are not failures. */
  tolerate?: (statement: StatementInfo, failure: ReplayFailure) => boolean;
}

/**
 * `none` mode: each statement on its own, committed before the next, as the runner does. Consecutive
 * statements for which committing separately or together makes no difference go out as one simple query, which
 * saves a round trip per statement (the difference between a local and a cloud database). Such a batch runs as
 * one transaction, which changes nothing for them as long as it succeeds: see `shareable`. When it
 * fails, Postgres rolls the whole batch back, while the runner would have committed the statements before the
 * failing one; those are then run again one at a time. Statements inside the file's own BEGIN ... COMMIT share
 * a transaction anyway, and go out together.
 *
 * A file the parser rejects runs up to its last `;` before the error, then the rest goes to the server, which
 * reports the syntax error itself: a runner that splits statements would have run those before it.
 */
async function runStatements(session: Session, file: Prepared, options: RunOptions): Promise<ReplayFailure[]> {
  if (file.statements) {
    const failures = await runBatches(session, file, file.statements, options);
    if (failures.length === 0 || options.keepGoing) await closeDanglingTransaction(session, file);
    return failures;
  }
  const { statements, rest } = statementsBeforeParseError(file);
  const failures = await runBatches(session, file, statements, options);
  if (failures.length > 0 && !options.keepGoing) return failures;
  const outcome = await runUnit(session, file, { from: rest, to: file.executed.length, statements: [], wrap: false });
  if (!outcome.ok) failures.push(outcome.failure);
  return failures;
}

async function runBatches(session: Session, file: Prepared, statements: StatementInfo[], options: RunOptions): Promise<ReplayFailure[]> {
  const failures: ReplayFailure[] = [];
  /** Records a failure; false when replaying this file stops here. */
  const record = (statement: StatementInfo | undefined, failure: ReplayFailure): boolean => {
    if (statement && options.tolerate?.(statement, failure)) return true;
    failures.push(failure);
    return options.keepGoing === true;
  };
  const runAlone = async (batch: StatementInfo[]): Promise<boolean> => {
    for (const statement of batch) {
      const outcome = await runUnit(session, file, unitOf([statement]));
      if (!outcome.ok && (!record(statement, outcome.failure) || outcome.lost)) return false;
    }
    return true;
  };

  for (const batch of batchesOf(statements, (statement) => refusalOf(file, statement) !== undefined)) {
    // A refused statement stands alone, unless it is in the file's own transaction block, which then does not
    // run at all: the failure would roll it back.
    const refused = refusedIn(file, batch);
    if (refused) {
      if (!record(refused.statement, refused.failure)) return failures;
      continue;
    }
    const outcome = await runUnit(session, file, unitOf(batch));
    if (outcome.ok) continue;
    const inBlock = batch[0]!.transaction !== undefined;
    if (outcome.lost || inBlock || batch.length === 1) {
      // Inside the file's own transaction block, the failure ends the transaction for every statement in it,
      // as it does for the runner, whose session ends there.
      if (!record(outcome.failing, outcome.failure) || outcome.lost) return failures;
      continue;
    }
    const failing = outcome.completed;
    if (failing === undefined || failing >= batch.length) {
      // Failed at the batch's commit (a deferred constraint): which statement's own commit fails is found by
      // running them as the runner does.
      if (!(await runAlone(batch))) return failures;
      continue;
    }
    if (!(await runAlone(batch.slice(0, failing)))) return failures;
    if (!record(batch[failing], outcome.failure)) return failures;
    if (!(await runAlone(batch.slice(failing + 1)))) return failures;
  }
  return failures;
}

/**
 * Runs of statements sent in one simple query: the file's own transaction blocks, and consecutive autocommitted
 * statements that are all `shareable` and not `refused`. Every other statement goes alone.
 */
function batchesOf(statements: readonly StatementInfo[], refused: (statement: StatementInfo) => boolean): StatementInfo[][] {
  const batches: StatementInfo[][] = [];
  let open: StatementInfo[] | undefined;
  const shares = (statement: StatementInfo) => shareable(statement) && !refused(statement);
  for (const statement of statements) {
    const last = open?.at(-1);
    const joins =
      last !== undefined &&
      (statement.transaction !== undefined
        ? statement.transaction === last.transaction
        : last.transaction === undefined && shares(statement));
    if (joins) open!.push(statement);
    else batches.push((open = [statement]));
    if (statement.transaction === undefined && !shares(statement)) open = undefined;
  }
  return batches;
}

/**
 * Statements whose outcome does not depend on committing alone or with their neighbours: ordinary DDL, DML
 * and session SETs. Left out, and sent alone: whatever refuses a transaction block (CONCURRENTLY, VACUUM,
 * CREATE DATABASE, ALTER SYSTEM, ...); whatever acts on the transaction it is in (transaction control, SET
 * LOCAL and SET TRANSACTION, LOCK, DECLARE, DO and CALL that may COMMIT, ALTER TYPE ... ADD VALUE whose value
 * cannot be used before it commits); and SELECT, which may call any function.
 */
const SHAREABLE = new Set([
  'AlterDefaultPrivilegesStmt',
  'AlterDomainStmt',
  'AlterFunctionStmt',
  'AlterObjectSchemaStmt',
  'AlterOwnerStmt',
  'AlterPolicyStmt',
  'AlterRoleStmt',
  'AlterSeqStmt',
  'CommentStmt',
  'CompositeTypeStmt',
  'CreateCastStmt',
  'CreateDomainStmt',
  'CreateEnumStmt',
  'CreateExtensionStmt',
  'CreateFunctionStmt',
  'CreatePolicyStmt',
  'CreateRangeStmt',
  'CreateRoleStmt',
  'CreateSchemaStmt',
  'CreateSeqStmt',
  'CreateStatsStmt',
  'CreateStmt',
  'CreateTableAsStmt',
  'CreateTrigStmt',
  'DefineStmt',
  'DeleteStmt',
  'GrantRoleStmt',
  'GrantStmt',
  'InsertStmt',
  'RenameStmt',
  'RuleStmt',
  'UpdateStmt',
  'ViewStmt',
]);

function shareable(statement: StatementInfo): boolean {
  const node = statement.node;
  switch (statement.type) {
    case 'IndexStmt':
    case 'DropStmt':
      return node.concurrent !== true;
    case 'AlterTableStmt':
      return !((node.cmds as unknown[] | undefined) ?? []).some((item) => {
        const cmd = (item as { AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } }).AlterTableCmd;
        return cmd?.subtype === 'AT_DetachPartition' && cmd.def?.PartitionCmd?.concurrent === true;
      });
    case 'VariableSetStmt':
      return node.is_local !== true && node.kind !== 'VAR_SET_MULTI';
    default:
      return SHAREABLE.has(statement.type);
  }
}

/** The statements up to the last `;` before the parse error, and where the rest starts. */
function statementsBeforeParseError(file: Prepared): { statements: StatementInfo[]; rest: number } {
  const errorAt = file.parseErrorOffset ?? 0;
  let end = 0;
  try {
    for (const token of scanSync(file.executed.toString('utf8', 0, errorAt)).tokens) if (token.text === ';') end = token.end;
  } catch {
    return { statements: [], rest: 0 };
  }
  const before = maskRanges(file.executed.toString('utf8'), [{ start: end, end: file.executed.length }]);
  const parsed = parseSql(before, file.executed.length);
  if (!parsed.ok) return { statements: [], rest: 0 };
  return { statements: analyzeStatements(parsed.statements, 'none', new LineIndex(before)), rest: end };
}

/**
 * A file that leaves its own transaction block open (BEGIN without COMMIT) loses it when the runner's session
 * ends; rolling it back here keeps it from swallowing the next files.
 */
async function closeDanglingTransaction(session: Session, file: Prepared): Promise<void> {
  if (!file.opensTransaction) return;
  try {
    await session.exec('ROLLBACK');
  } catch (error) {
    throw infrastructureFailure(file.path, error);
  }
}

interface Unit {
  /** The byte range of the executed text to send. */
  from: number;
  to: number;
  /** The statements in that range (none when the text does not parse). */
  statements: readonly StatementInfo[];
  /** Send it between BEGIN and COMMIT. */
  wrap: boolean;
}

/**
 * A batch of autocommitted statements goes between BEGIN and COMMIT rather than as an implicit transaction:
 * the same for `shareable` statements, and the marker can then be released after the COMMIT in the same
 * round trip. A lone statement, or one inside the file's own transaction block, goes as it is.
 */
function unitOf(statements: readonly StatementInfo[]): Unit {
  const wrap = statements.length > 1 && statements[0]!.transaction === undefined;
  return { from: statements[0]!.range.start, to: statements.at(-1)!.range.end, statements, wrap };
}

type Outcome =
  | { ok: true }
  | {
      ok: false;
      failure: ReplayFailure;
      failing: StatementInfo | undefined;
      /** How many of the unit's statements had completed (their length: it failed at commit); undefined if unknown. */
      completed: number | undefined;
      /** The session is gone: nothing more can run on it. */
      lost: boolean;
    };

// Session-level advisory locks, in the two-key form keyed by the backend's pid so that sessions replaying side
// by side never wait for each other. Each marker unlocks the one before, so the session holds one at most,
// whatever the file's length; the last one is released when the file is done.
const unlockMarker = (key: number | string) => `pg_catalog.pg_advisory_unlock(pg_catalog.pg_backend_pid(), ${key})`;
const lockMarker = (key: number, previous: number | undefined) =>
  `;SELECT ${previous === undefined ? '' : `${unlockMarker(previous)}, `}pg_catalog.pg_advisory_lock(pg_catalog.pg_backend_pid(), ${key})`;

/** Reads the marker lock the session holds, and releases it. */
const TAKE_MARKER =
  `SELECT objid::int8 AS key, ${unlockMarker('objid::int4')} FROM pg_catalog.pg_locks ` +
  "WHERE locktype = 'advisory' AND objsubid = 2 AND pid = pg_catalog.pg_backend_pid() AND classid = pg_catalog.pg_backend_pid()::oid";

async function releaseMarker(session: Session, file: Prepared): Promise<void> {
  const held = file.markers.held;
  if (held === undefined) return;
  file.markers.held = undefined;
  try {
    await session.exec(`SELECT ${unlockMarker(held)}`);
  } catch (error) {
    throw infrastructureFailure(file.path, error);
  }
}

async function runUnit(session: Session, file: Prepared, unit: Unit): Promise<Outcome> {
  const state = file.markers;
  const count = unit.statements.length;
  const markers = count > 1;
  const first = state.next;
  if (markers) state.next += count;

  const script = new Script();
  if (unit.wrap) script.add('BEGIN;\n');
  let cursor = unit.from;
  if (markers) {
    unit.statements.forEach((statement, i) => {
      script.add(file.executed.toString('utf8', cursor, statement.range.end), cursor);
      cursor = statement.range.end;
      script.add(lockMarker(first + i, i === 0 ? state.held : first + i - 1));
    });
  }
  script.add(file.executed.toString('utf8', cursor, unit.to), cursor);
  // On a line of its own: the file may end in a `--` comment. The last marker is released after COMMIT, or
  // stays to tell that the COMMIT failed.
  if (unit.wrap) script.add(`\n;COMMIT;${markers ? `SELECT ${unlockMarker(first + count - 1)}` : ''}`);

  try {
    await session.exec(script.sql);
    if (markers) state.held = unit.wrap ? undefined : first + count - 1;
    return { ok: true };
  } catch (error) {
    if (!isSqlError(error)) throw infrastructureFailure(file.path, error);
    let lost = false;
    let completed = count === 1 ? 0 : undefined;
    const held = state.held;
    state.held = undefined;
    try {
      // Ends the transaction a failure leaves open: the wrapping one, or the file's own.
      await session.exec('ROLLBACK');
      if (markers || held !== undefined) {
        const keys = (await session.query<{ key: number }>(TAKE_MARKER)).map((row) => row.key);
        const mine = keys.filter((key) => key >= first && key < first + count);
        if (markers) completed = mine.length > 0 ? Math.max(...mine) - first + 1 : 0;
      }
    } catch (cleanup) {
      // PGlite discards its database when a statement times out: report the statement's failure, and let the
      // next call say that the database is gone. A marker that cannot be read only leaves the progress unknown.
      if (!isSqlError(cleanup)) lost = true;
    }
    return { ok: false, ...locate(file, unit, script, error, completed), completed, lost };
  }
}

function locate(
  file: Prepared,
  unit: Unit,
  script: Script,
  error: SqlError,
  completed: number | undefined,
): { failure: ReplayFailure; failing: StatementInfo | undefined } {
  const position = error.position === undefined ? undefined : script.originOf(Number(error.position));
  const failing =
    position !== undefined
      ? unit.statements.findLast((s) => s.range.start <= position)
      : completed !== undefined
        ? unit.statements[completed]
        : undefined;
  const offset = position ?? failing?.range.start;
  return {
    failing,
    failure: {
      file: file.path,
      message: error.message,
      code: error.code,
      ...(error.detail ? { detail: error.detail } : {}),
      ...(error.hint ? { hint: error.hint } : {}),
      ...(offset !== undefined ? { offset } : {}),
      ...(failing && file.statements ? { statement: failing.index } : {}),
    },
  };
}

interface SqlError extends Error {
  code: string;
  position?: string;
  detail?: string;
  hint?: string;
}

/**
 * An error Postgres raised for the SQL, as opposed to the connection or the provider failing. Connection
 * exceptions (class 08) and the server ending the session (57P01-57P05) are the database going away.
 */
function isSqlError(error: unknown): error is SqlError {
  if (!(error instanceof Error) || error instanceof ProviderError) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

function infrastructureFailure(path: string, error: unknown): ProviderError {
  return new ProviderError(`could not replay ${path}: ${describe(error)}`, { cause: error });
}
