import { toFinding } from '../core/lint.js';
import type { Progress } from '../core/progress.js';
import type { Rule } from '../core/rule.js';
import { LineIndex } from '../core/source.js';
import type { AnalyzedFile } from '../core/statements.js';
import type { ByteRange, Finding, StatementTrace, TransactionMode } from '../core/types.js';
import { openProvider, type OpenProviderOptions, type Session } from '../db/index.js';
import type { MigrationFile } from '../migrations/index.js';
import { applyMigration, applySetup, checkDownMigration, schemaFingerprint } from '../replay/index.js';
import { createTracer } from '../trace/index.js';
import { Calibration, estimateStatement, tableSizes, type Estimate } from './estimate.js';
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
  /** Failures of existing and changed migrations, setup SQL and down migrations. */
  findings: Finding[];
  database: DatabaseInfo;
}

/**
 * Replays each set's existing migrations on a throwaway database, then runs the change statement by statement
 * under the tracer, and checks down migrations where the format has them.
 */
export async function runDynamic(sets: readonly DynamicSet[], options: DynamicOptions): Promise<DynamicResult> {
  const traced: TracedFile[] = [];
  const findings: Finding[] = [];
  let database: DatabaseInfo | undefined;
  const report = (ruleId: string, path: string, text: string, range: ByteRange, message: string, statement?: number) => {
    const rule = options.rules.get(ruleId);
    if (!rule) return;
    findings.push({ ...toFinding(ruleId, rule.meta.severity, path, new LineIndex(text), range, { message }, undefined, rule), ...(statement !== undefined ? { statement } : {}) });
  };
  const failureRange = (failure: { offset?: number }, fallback?: ByteRange): ByteRange => {
    if (failure.offset !== undefined) return { start: failure.offset, end: failure.offset };
    return fallback ?? { start: 0, end: 0 };
  };

  for (const set of sets) {
    const { provider, reason } = await openProvider(options.database);
    database ??= { provider: provider.kind, serverVersion: provider.serverVersion.full, reason };
    if (sets.indexOf(set) === 0) options.progress.note(`Database: ${reason}.`);
    try {
      let session = await provider.open();
      await options.progress.phase('replay', async () => {
        for (const failure of await applySetup(session, options.setup)) {
          const file = options.setup.find((s) => s.path === failure.file)!;
          report('base-migration-failed', file.path, file.text, failureRange(failure), `The setup SQL failed: ${failure.message}.`);
        }
        for (const [i, migration] of set.existing.entries()) {
          options.progress.step(i, set.existing.length, migration.path);
          const failure = await applyMigration(session, migration);
          if (failure) {
            report('base-migration-failed', migration.path, migration.text, failureRange(failure), `Replaying this existing migration failed: ${failure.message}.`, failure.statement);
          }
        }
        options.progress.step(set.existing.length, set.existing.length, '');
        if (provider.saveTemplate) {
          await provider.saveTemplate();
          session = await provider.open();
        }
      });
      await options.progress.phase('trace', async () => {
        const tracer = await createTracer(provider, session);
        const calibration = new Calibration(session);
        for (const [i, { file, analyzed }] of set.changed.entries()) {
          options.progress.step(i, set.changed.length, file.path);
          if (!analyzed) continue;
          const before = file.down ? await schemaFingerprint(session) : undefined;
          const result = await tracer.traceFile(analyzed);
          const estimates = await estimate(session, analyzed, result.statements, options.tables, calibration);
          traced.push({ file: analyzed, traces: result.statements, estimates });
          if (result.failure) {
            const statement = analyzed.statements[result.failure.statement];
            report('migration-failed', file.path, file.text, failureRange({ offset: result.failure.position }, statement?.range), `PostgreSQL rejected this statement: ${result.failure.message}.`, result.failure.statement);
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
      });
      await session.close();
    } finally {
      await provider.dispose();
    }
  }
  return { traced, findings, database: database ?? { provider: 'none', serverVersion: '', reason: 'no migrations to run' } };
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
