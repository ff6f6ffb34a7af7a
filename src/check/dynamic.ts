import { toFinding } from '../core/lint.js';
import type { Progress } from '../core/progress.js';
import type { Rule } from '../core/rule.js';
import { LineIndex } from '../core/source.js';
import type { AnalyzedFile } from '../core/statements.js';
import type { ByteRange, Finding, StatementTrace, TransactionMode } from '../core/types.js';
import { DEFAULT_STATEMENT_TIMEOUT_MS, openProvider, ProviderError, QUERY_CANCELED, type OpenProviderOptions, type Session } from '../db/index.js';
import type { MigrationFile } from '../migrations/index.js';
import { applyMigration, applySetup, checkDownMigration, schemaFingerprint, type ReplayFailure } from '../replay/index.js';
import { createTracer, TraceError, type FileTrace, type TraceFailure, type Tracer } from '../trace/index.js';
import { Calibration, estimateStatement, tableSizes, type Estimate } from './estimate.js';
import { ExplainRun, type ExplainOptions, type ExplainResult } from './explain.js';
import type { TracedFile } from './merge.js';

/** A migration to replay as part of the schema before the change (its base version when it was edited since). */
export interface ExistingMigration {
  path: string;
  text: string;
  skipped: ByteRange[];
  transaction: TransactionMode;
}

export interface ChangedMigration {
  file: MigrationFile;
  /** Undefined when the file does not parse: it cannot be run statement by statement. */
  analyzed: AnalyzedFile | undefined;
}

/** One migration folder: its existing migrations and the migrations of the change, in run order. */
export interface DynamicSet {
  existing: ExistingMigration[];
  changed: ChangedMigration[];
  /** The queries to plan on this folder's schema, before and after the change. */
  explain?: ExplainOptions;
}

export interface DynamicOptions {
  database: OpenProviderOptions;
  setup: { path: string; text: string }[];
  /** Production sizes from the config, for lock-duration estimates. */
  tables: Readonly<Record<string, { rows?: number }>>;
  rules: ReadonlyMap<string, Rule<any>>;
  progress: Progress;
}

export interface DatabaseInfo {
  provider: string;
  serverVersion: string;
  reason: string;
}

export interface DynamicResult {
  traced: TracedFile[];
  /** Why the database checks stopped early (no database, a lost connection); what ran before is kept. */
  problems: string[];
  /** Failures of existing and changed migrations, setup SQL and down migrations. */
  findings: Finding[];
  database: DatabaseInfo;
  /** The EXPLAIN phase's findings, plans and seeded data, when a set had queries to plan. */
  explain?: ExplainResult;
}

/**
 * Replays each set's existing migrations on a throwaway database, then runs the change statement by statement
 * under the tracer, and checks down migrations where the format has them.
 */
export async function runDynamic(sets: readonly DynamicSet[], options: DynamicOptions): Promise<DynamicResult> {
  const traced: TracedFile[] = [];
  const findings: Finding[] = [];
  let database: DatabaseInfo | undefined;
  let explained: ExplainRun | undefined;
  const report = (ruleId: string, path: string, text: string, range: ByteRange, message: string, statement?: number) => {
    const rule = options.rules.get(ruleId);
    if (!rule) return;
    findings.push({ ...toFinding(ruleId, rule.meta.severity, path, new LineIndex(text), range, { message }, undefined, rule), ...(statement !== undefined ? { statement } : {}) });
  };
  const failureRange = (failure: { offset?: number }, fallback?: ByteRange): ByteRange => {
    if (failure.offset !== undefined) return { start: failure.offset, end: failure.offset };
    return fallback ?? { start: 0, end: 0 };
  };
  /** A replayed file that stopped: at a statement the guard refused, or at one that failed (`failed` words it). */
  const reportReplay = (file: { path: string; text: string }, failure: ReplayFailure, failed: string, statement?: number) => {
    if (failure.refused) report('unsafe-statement-refused', file.path, file.text, failureRange(failure), failure.message, statement);
    else report('base-migration-failed', file.path, file.text, failureRange(failure), `${failed}: ${failure.message}.`, statement);
  };

  const problems: string[] = [];
  for (const set of sets) {
    try {
      await runSet(set);
    } catch (error) {
      if (!(error instanceof ProviderError || error instanceof TraceError)) throw error;
      problems.push(
        database
          ? `The database checks stopped: ${error.message}. Results from before that point are reported; the rest are missing.`
          : `The database checks did not run: ${error.message}. The static findings are reported.`,
      );
      break;
    }
  }
  return {
    traced,
    findings,
    problems,
    database: database ?? { provider: 'none', serverVersion: '', reason: 'no database could be used' },
    ...(explained ? { explain: explained.result() } : {}),
  };

  function reportFailure(file: MigrationFile, analyzed: AnalyzedFile, failure: TraceFailure): void {
    const statement = analyzed.statements[failure.statement];
    const timeoutSeconds = (options.database.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS) / 1000;
    if (failure.refused) {
      report('unsafe-statement-refused', file.path, file.text, failureRange({ offset: failure.position }, statement?.range), failure.message, failure.statement);
      return;
    }
    const message =
      failure.code === QUERY_CANCELED
        ? `This statement ran longer than the ${timeoutSeconds} s statement timeout and was cancelled; raise \`statement-timeout\` in .sql-preflight.yml if that is expected at the seeded size.`
        : `PostgreSQL rejected this statement: ${failure.message}.`;
    report('migration-failed', file.path, file.text, failureRange({ offset: failure.position }, statement?.range), message, failure.statement);
  }

  /** A timeout that ends the database (PGlite cannot cancel a statement) is still the statement's finding. */
  async function traceOrTimeout(tracer: Tracer, file: MigrationFile, analyzed: AnalyzedFile): Promise<FileTrace> {
    try {
      return await tracer.traceFile(analyzed);
    } catch (error) {
      if (error instanceof TraceError && error.at?.code === QUERY_CANCELED) {
        reportFailure(file, analyzed, { statement: error.at.statement, message: error.message, code: QUERY_CANCELED });
      }
      throw error;
    }
  }

  async function runSet(set: DynamicSet): Promise<void> {
    const { provider, reason } = await openProvider(options.database);
    database ??= { provider: provider.kind, serverVersion: provider.serverVersion.full, reason };
    if (traced.length === 0) options.progress.note(`Database: ${reason}.`);
    try {
      const session = await provider.open();
      await options.progress.phase('replay', async () => {
        for (const failure of await applySetup(session, options.setup)) {
          reportReplay(options.setup.find((s) => s.path === failure.file)!, failure, 'The setup SQL failed');
        }
        for (const [i, migration] of set.existing.entries()) {
          options.progress.step(i, set.existing.length, migration.path);
          const failure = await applyMigration(session, migration);
          if (failure) reportReplay(migration, failure, 'Replaying this existing migration failed', failure.statement);
        }
        options.progress.step(set.existing.length, set.existing.length, '');
      });
      const explain = set.explain && new ExplainRun(set.explain);
      if (explain) {
        explained = explain;
        await options.progress.phase('seed', () => explain.seed(session, provider.serverVersion.major));
        await options.progress.phase('explain before', () => explain.planBase(session));
      }
      const tracedBefore = traced.length;
      await options.progress.phase('trace', async () => {
        const tracer = await createTracer(provider, session);
        const calibration = new Calibration(session);
        try {
          await traceChange(set, tracer, session, calibration);
        } finally {
          await tracer.close();
        }
      });
      if (explain) await options.progress.phase('explain after', () => explain.planChanged(session, traced.slice(tracedBefore)));
      await session.close();
    } finally {
      await provider.dispose();
    }
  }

  async function traceChange(set: DynamicSet, tracer: Tracer, session: Session, calibration: Calibration): Promise<void> {
    for (const [i, { file, analyzed }] of set.changed.entries()) {
      options.progress.step(i, set.changed.length, file.path);
      if (!analyzed) continue;
      const before = file.down ? await schemaFingerprint(session) : undefined;
      const result = await traceOrTimeout(tracer, file, analyzed);
      const estimates = await estimate(session, analyzed, result.statements, options.tables, calibration);
      traced.push({ file: analyzed, traces: result.statements, estimates });
      if (result.failure) {
        reportFailure(file, analyzed, result.failure);
        continue;
      }
      if (before !== undefined) {
        const down = await checkDownMigration(session, file, before);
        if (!down.ok) {
          const detail = down.failure ? `the down migration failed: ${down.failure.message}` : `after the down migration the schema differs from before: ${down.difference!.join('; ')}`;
          report('down-migration-mismatch', file.path, file.text, { start: 0, end: 0 }, `Applying this migration and then its down part does not restore the schema: ${detail}.`);
        }
      }
    }
    options.progress.step(set.changed.length, set.changed.length, '');
  }
}

async function estimate(
  session: Session,
  file: AnalyzedFile,
  traces: readonly (StatementTrace | undefined)[],
  tables: Readonly<Record<string, { rows?: number }>>,
  calibration: Calibration,
): Promise<Map<number, Estimate[]>> {
  const estimates = new Map<number, Estimate[]>();
  if (Object.keys(tables).length === 0) return estimates;
  for (const [index, trace] of traces.entries()) {
    if (!trace || trace.error) continue;
    const indexBuildOn = file.statements[index]!.type === 'IndexStmt' ? trace.locks.find((l) => l.mode === 'ShareLock')?.relation : undefined;
    const relations = [...trace.rewrites, ...trace.validated.map((v) => v.relation), ...(indexBuildOn ? [indexBuildOn] : [])];
    if (relations.length === 0) continue;
    const sizes = await tableSizes(session, relations);
    const found = await estimateStatement(trace, indexBuildOn, sizes, tables, calibration);
    if (found.length) estimates.set(index, found);
  }
  return estimates;
}
