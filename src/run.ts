import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { runDynamic, type DynamicResult, type DynamicSet, type ExistingMigration } from './check/dynamic.js';
import { changedSince, fileAt } from './check/git.js';
import { mergeTrace, type RefutedFinding } from './check/merge.js';
import { loadConfig, findConfig, type Config } from './config/load.js';
import { ENGINE_RULES, fileFinding, lintSources, sortFindings, toFinding, type LintResult } from './core/lint.js';
import { loadParser } from './core/parse.js';
import { silentProgress, type Progress } from './core/progress.js';
import { LineIndex } from './core/source.js';
import { SEVERITIES, type FailOn, type Finding, type Report, type SqlSource } from './core/types.js';
import type { ProviderKind } from './db/index.js';
import { UsageError } from './errors.js';
import { discoverMigrations, readMigrationFile, type MigrationFile, type MigrationSet } from './migrations/index.js';
import { discoverQueries } from './queries/index.js';
import { rules } from './rules/index.js';
import { readStatsFile, type StatsFile } from './stats/index.js';
import migrationLayout from './rules/migration-layout.js';
import modifiedMigration from './rules/modified-migration.js';
import { VERSION } from './version.js';

export const DEFAULT_POSTGRES_VERSION = 17;

export interface RunOptions {
  cwd: string;
  /** Files, folders or globs; when empty, the config's `migrations` entries. */
  paths: string[];
  /** An explicit config file; otherwise `.sql-preflight.yml` is searched upward from cwd. */
  configFile?: string;
  postgresVersion?: number;
  failOn?: FailOn;
  /** The change under review: files added or modified since this git ref... */
  base?: string;
  /** ...or these files. Without either, every file is part of the change. */
  changed?: string[];
  /** Set to run the change on a database (`check`); without it only the static rules run (`lint`). */
  database?: { kind: 'auto' | ProviderKind; url?: string; image?: string };
  /** Query files to plan besides the config's `queries` (globs, folders or files). `check` only. */
  queries?: string[];
  /** Run the queries with EXPLAIN ANALYZE on sample parameter values, rolled back. */
  analyze?: boolean;
  /** A statistics file from `sql-preflight stats export`: production row counts and column statistics. */
  statsFile?: string;
  /** `changed` may name files that are neither migrations nor query files (a pull request's other files): they are left out. */
  changedIncludesOtherFiles?: boolean;
  progress?: Progress;
}

export interface RunResult {
  report: Report;
  config: Config;
  failOn: FailOn;
  /** Problems with what was asked for (paths that matched nothing, a database that could not be had); each names its subject. */
  problems: string[];
  /** Static findings the database showed to be wrong (`check` only). */
  refuted: RefutedFinding[];
  /** 0 = nothing at or above fail-on, 1 = findings at or above fail-on, 2 = usage or I/O problems. */
  exitCode: 0 | 1 | 2;
}

/** The one run behind the CLI and the Action: discover, parse, lint, and with a database, replay and trace. */
export async function run(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const config = loadConfig(options.configFile ?? findConfig(options.cwd), rules, options.cwd);
  const postgresVersion = options.postgresVersion ?? config.postgresVersion ?? DEFAULT_POSTGRES_VERSION;
  const failOn = options.failOn ?? config.failOn ?? 'error';
  const progress = options.progress ?? silentProgress;
  const rulesById = new Map(rules.map((r) => [r.meta.id, r]));
  const phases: { name: string; durationMs: number }[] = [];
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await progress.phase(name, work);
    } finally {
      phases.push({ name, durationMs: Math.round(performance.now() - start) });
    }
  };

  // Paths in the config are relative to the config file; reported paths are relative to the working directory.
  const fromRoot = (p: string) => relative(options.cwd, resolve(config.root, p)) || '.';
  const migrations = config.migrations.map((m) => ({ ...m, path: fromRoot(m.path) }));
  const targets = options.paths.length > 0 ? options.paths : migrations.map((m) => m.path);
  const problems: string[] = [];
  if (targets.length === 0) {
    problems.push('Nothing to check: give migration paths on the command line or list them under `migrations` in .sql-preflight.yml.');
  }

  const queryTargets = options.database ? [...config.queries.map(fromRoot), ...(options.queries ?? [])] : [];
  // Read before anything runs, so that a wrong file is an error even when nothing would be planned.
  const stats = options.statsFile ? await readStats(options.statsFile, options.cwd) : undefined;
  if (stats && queryTargets.length === 0) {
    problems.push(`${options.statsFile}: a statistics file is only used to plan queries, and no query files are given (queries: in the config, or --queries).`);
  }
  const { discovery, queryFiles, change } = await phase('discover', async () => {
    const discovery = await discoverMigrations(options.cwd, targets, migrations, config.ignore.map(fromRoot));
    const queries = queryTargets.length > 0 ? await discoverQueries(options.cwd, queryTargets, config.ignore.map(fromRoot)) : { files: [], problems: [] };
    problems.push(...queries.problems.map((p) => `${p.path}: ${p.message}`));
    const known = [...discovery.sets.flatMap((s) => s.files.map((f) => f.path)), ...queries.files.map((f) => f.path)];
    return { discovery, queryFiles: queries.files, change: await selectChange(options, known) };
  });
  problems.push(...discovery.problems.filter((p) => p.kind === 'path').map((p) => `${p.path}: ${p.message}`));
  const extraFindings: Finding[] = [];
  const fileLevel = (rule: typeof migrationLayout, path: string, message: string) => {
    const severity = config.rules[rule.meta.id]?.severity ?? rule.meta.severity;
    if (severity !== 'off') extraFindings.push(fileFinding(rule, path, message, severity));
  };
  for (const p of discovery.problems) if (p.kind === 'runner') fileLevel(migrationLayout, p.path, p.message);
  for (const path of change.modified) {
    fileLevel(modifiedMigration, path, `This migration already existed at ${options.base} and was edited: databases that applied it will not run the edit.`);
  }

  const results = await phase('lint', async () => {
    await loadParser();
    return discovery.sets.map((set) => {
      const sources: SqlSource[] = set.files.map((file) => ({ ...file, change: change.isChanged(file.path) ? change.id(file.path) : undefined }));
      return lintSources(sources, { postgresVersion, rules, ruleSettings: config.rules });
    });
  });
  const unreadable = rulesById.get(ENGINE_RULES.unreadableFile)!;
  const unreadableSeverity = config.rules[unreadable.meta.id]?.severity ?? unreadable.meta.severity;
  for (const file of queryFiles) {
    if (!file.readError || !change.isChanged(file.path) || unreadableSeverity === 'off') continue;
    const range = file.readError.range ?? { start: 0, end: 0 };
    extraFindings.push(toFinding(unreadable.meta.id, unreadableSeverity, file.path, new LineIndex(file.text), range, { message: file.readError.message }, undefined, unreadable));
  }
  let findings = [...results.flatMap((r) => r.findings), ...extraFindings];

  let dynamic: DynamicResult | undefined;
  let refuted: RefutedFinding[] = [];
  if (options.database) {
    const sets = await dynamicSets(discovery.sets, results, change, options);
    const planned = queryFiles.filter((f) => !f.readError);
    if (planned.length > 0 || config.seed.files.length > 0) {
      // Queries run against the application's schema: the first migration folder the change touches, or the first
      // one when the change is only query files. A change of neither needs no database.
      const set = sets[0] ?? (planned.some((f) => change.isChanged(f.path)) ? existingOnly(discovery.sets[0]) : undefined);
      if (set) {
        set.explain = {
          queryFiles: planned,
          isChanged: (path) => change.isChanged(path),
          analyze: options.analyze ?? false,
          seed: { ...config.seed, files: await readSqlFiles(config.seed.files, 'seed', fromRoot, options.cwd) },
          tables: config.tables,
          ...(stats ? { stats } : {}),
          rules: rulesById,
          ruleSettings: config.rules,
          progress,
        };
        if (sets.length === 0) sets.push(set);
      }
    }
    const deadline = config.runTimeoutMs === undefined ? undefined : { atMs: Date.now() + config.runTimeoutMs, seconds: config.runTimeoutMs / 1000 };
    dynamic = await runDynamic(sets, {
      database: {
        kind: options.database.kind,
        databaseUrl: options.database.url,
        postgresImage: options.database.image,
        postgresVersion,
        statementTimeoutMs: config.statementTimeoutMs,
        ...(deadline ? { deadline } : {}),
      },
      setup: await readSqlFiles(config.setup, 'setup', fromRoot, options.cwd),
      tables: config.tables,
      rules: rulesById,
      progress: { ...progress, phase },
    });
    const merged = mergeTrace(findings, dynamic.traced, rulesById);
    const dynamicFindings = [...dynamic.findings, ...(dynamic.explain?.findings ?? [])];
    findings = [...merged.findings, ...dynamicFindings.filter((f) => config.rules[f.ruleId]?.severity !== 'off')];
    refuted = merged.refuted;
    problems.push(...dynamic.problems);
  }

  const report = buildReport(results, findings, postgresVersion, refuted.length);
  if (dynamic) {
    const traces = new Map(dynamic.traced.map((t) => [t.file.path, t.traces]));
    for (const file of report.files) {
      const fileTraces = traces.get(file.path);
      if (!fileTraces) continue;
      for (const statement of file.statements) {
        const trace = fileTraces[statement.index];
        if (trace) statement.trace = trace;
      }
    }
    if (dynamic.database.provider !== 'none') report.database = dynamic.database;
    if (dynamic.explain) {
      report.seed = dynamic.explain.seed;
      report.queries = dynamic.explain.queries;
      if (dynamic.explain.notes.length > 0) report.notes = dynamic.explain.notes;
    }
  }
  report.phases = [...phases, { name: 'total', durationMs: Math.round(performance.now() - started) }];
  const failing = failOn !== 'never' && report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn));
  return { report, config, failOn, problems, refuted, exitCode: problems.length > 0 ? 2 : failing ? 1 : 0 };
}

interface ChangeSelection {
  isChanged(path: string): boolean;
  /** The change a file belongs to: with --base or --changed one shared change, otherwise each file on its own. */
  id(path: string): string;
  /** Files of the change that existed at the base. */
  modified: Set<string>;
  /** For modified files: the text at the base, which is what databases already have. */
  baseText(path: string): Promise<string | undefined>;
}

/** `files`: every migration and query file found, relative to the working directory. */
async function selectChange(options: RunOptions, files: string[]): Promise<ChangeSelection> {
  if (options.base) {
    const git = await changedSince(options.cwd, options.base);
    const repoPath = (path: string) => relative(git.root, resolve(options.cwd, path)).split('\\').join('/');
    const modified = new Set(files.filter((p) => git.modified.has(repoPath(p))));
    return {
      isChanged: (path) => git.changed.has(repoPath(path)),
      id: () => 'change',
      modified,
      baseText: (path) => fileAt(git.root, options.base!, repoPath(path)),
    };
  }
  if (options.changed) {
    const wanted = new Set(options.changed.map((p) => resolve(options.cwd, p)));
    const known = new Set(files.map((f) => resolve(options.cwd, f)));
    const unknown = [...wanted].filter((p) => !known.has(p));
    if (unknown.length && !options.changedIncludesOtherFiles) {
      throw new UsageError(`--changed names files that are not among the migrations or query files: ${unknown.map((p) => relative(options.cwd, p)).join(', ')}.`);
    }
    return { isChanged: (path) => wanted.has(resolve(options.cwd, path)), id: () => 'change', modified: new Set(), baseText: async () => undefined };
  }
  return {
    isChanged: () => true,
    id: (path) => (options.database ? 'change' : path),
    modified: new Set(),
    baseText: async () => undefined,
  };
}

async function dynamicSets(sets: MigrationSet[], results: LintResult[], change: ChangeSelection, options: RunOptions): Promise<DynamicSet[]> {
  const dynamic: DynamicSet[] = [];
  for (const [i, set] of sets.entries()) {
    const existing: DynamicSet['existing'] = [];
    const changed: DynamicSet['changed'] = [];
    for (const file of set.files) {
      if (change.modified.has(file.path)) {
        const text = await change.baseText(file.path);
        // The edited file is linted, but databases keep running its base version.
        if (text !== undefined) existing.push(asExisting(readMigrationFile({ format: file.format, path: file.path, text, version: file.version }).file, file.transaction));
      } else if (change.isChanged(file.path)) {
        changed.push({ file, analyzed: results[i]!.changed.get(file.path) });
      } else if (!file.readError) {
        existing.push(asExisting(file));
      }
    }
    // A folder the change does not touch needs no database.
    if (changed.length > 0) dynamic.push({ existing, changed });
  }
  return dynamic;
}

/** A folder with no change of its own, replayed whole so that a change of query files has a schema to plan on. */
function existingOnly(set: MigrationSet | undefined): DynamicSet | undefined {
  return set && { existing: set.files.filter((f) => !f.readError).map((f) => asExisting(f)), changed: [] };
}

/** A migration as the replay runs it; an edited one keeps its transaction mode and runs its text from the base. */
function asExisting(file: MigrationFile, transaction = file.transaction): ExistingMigration {
  return { path: file.path, text: file.text, skipped: file.skipped, transaction };
}

async function readSqlFiles(paths: readonly string[], purpose: 'setup' | 'seed', fromRoot: (p: string) => string, cwd: string): Promise<{ path: string; text: string }[]> {
  return Promise.all(
    paths.map(async (path) => {
      const shown = fromRoot(path);
      try {
        return { path: shown, text: await readFile(resolve(cwd, shown), 'utf8') };
      } catch (error) {
        throw new UsageError(`${shown}: cannot read the ${purpose} SQL file listed in the config (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
      }
    }),
  );
}

async function readStats(path: string, cwd: string): Promise<StatsFile> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the statistics file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  return readStatsFile(path, text);
}

function buildReport(results: LintResult[], findings: Finding[], postgresVersion: number, refuted: number): Report {
  const files = results.flatMap((r) => r.files);
  const sorted = sortFindings(findings);
  const count = (severity: string) => sorted.filter((f) => f.severity === severity).length;
  return {
    tool: { name: 'sql-preflight', version: VERSION },
    postgresVersion,
    files,
    findings: sorted,
    summary: {
      error: count('error'),
      warning: count('warning'),
      notice: count('notice'),
      total: sorted.length,
      files: files.length,
      statements: files.reduce((n, f) => n + f.statements.length, 0),
      suppressed: results.reduce((n, r) => n + r.suppressed, 0),
      refuted,
    },
  };
}
