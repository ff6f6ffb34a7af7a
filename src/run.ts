import { relative, resolve } from 'node:path';
import { loadConfig, findConfig, type Config } from './config/load.js';
import { fileFinding, lintSources, sortFindings, type LintResult } from './core/lint.js';
import { loadParser } from './core/parse.js';
import { SEVERITIES, type FailOn, type Finding, type Report, type SqlSource } from './core/types.js';
import { discoverMigrations } from './migrations/index.js';
import { rules } from './rules/index.js';
import migrationLayout from './rules/migration-layout.js';
import packageJson from '../package.json' with { type: 'json' };

export const DEFAULT_POSTGRES_VERSION = 17;

export interface RunOptions {
  cwd: string;
  /** Files, folders or globs; when empty, the config's `migrations` entries. */
  paths: string[];
  /** An explicit config file; otherwise `.sql-preflight.yml` is searched upward from cwd. */
  configFile?: string;
  postgresVersion?: number;
  failOn?: FailOn;
}

export interface RunResult {
  report: Report;
  config: Config;
  failOn: FailOn;
  /** Problems with what was asked for (paths that matched nothing, unreadable folders); each names its path. */
  problems: string[];
  /** 0 = nothing at or above fail-on, 1 = findings at or above fail-on, 2 = usage or I/O problems. */
  exitCode: 0 | 1 | 2;
}

/** The one run behind the CLI and the Action: discover, parse, lint, summarise. */
export async function run(options: RunOptions): Promise<RunResult> {
  const config = loadConfig(options.configFile ?? findConfig(options.cwd), rules, options.cwd);
  const postgresVersion = options.postgresVersion ?? config.postgresVersion ?? DEFAULT_POSTGRES_VERSION;
  const failOn = options.failOn ?? config.failOn ?? 'error';
  // Paths in the config are relative to the config file; reported paths are relative to the working directory.
  const fromRoot = (p: string) => relative(options.cwd, resolve(config.root, p)) || '.';
  const migrations = config.migrations.map((m) => ({ ...m, path: fromRoot(m.path) }));
  const targets = options.paths.length > 0 ? options.paths : migrations.map((m) => m.path);
  const problems: string[] = [];
  if (targets.length === 0) {
    problems.push('Nothing to lint: give migration paths on the command line or list them under `migrations` in .sql-preflight.yml.');
  }

  const discovery = await discoverMigrations(options.cwd, targets, migrations, config.ignore.map(fromRoot));
  problems.push(...discovery.problems.filter((p) => p.kind === 'path').map((p) => `${p.path}: ${p.message}`));
  const layoutSetting = config.rules[migrationLayout.meta.id]?.severity ?? migrationLayout.meta.severity;
  const layoutFindings =
    layoutSetting === 'off'
      ? []
      : discovery.problems.filter((p) => p.kind === 'runner').map((p) => fileFinding(migrationLayout, p.path, p.message, layoutSetting));

  await loadParser();
  const results: LintResult[] = discovery.sets.map((set) => {
    const sources: SqlSource[] = set.files.map((file) => ({ ...file, change: file.path }));
    return lintSources(sources, { postgresVersion, rules, ruleSettings: config.rules });
  });
  const report = buildReport(results, layoutFindings, postgresVersion);
  const failing = failOn !== 'never' && report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn));
  return { report, config, failOn, problems, exitCode: problems.length > 0 ? 2 : failing ? 1 : 0 };
}

function buildReport(results: LintResult[], extraFindings: Finding[], postgresVersion: number): Report {
  const files = results.flatMap((r) => r.files);
  const findings = sortFindings([...results.flatMap((r) => r.findings), ...extraFindings]);
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  return {
    tool: { name: 'sql-preflight', version: packageJson.version },
    postgresVersion,
    files,
    findings,
    summary: {
      error: count('error'),
      warning: count('warning'),
      notice: count('notice'),
      total: findings.length,
      files: files.length,
      statements: files.reduce((n, f) => n + f.statements.length, 0),
      suppressed: results.reduce((n, r) => n + r.suppressed, 0),
    },
  };
}
