import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FailOn } from '../core/types.js';
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, reporters, type OutputFormat } from '../reporters/index.js';
import { rules } from '../rules/index.js';
import { run } from '../run.js';
import { statsExportCommand } from '../stats/command.js';
import { terminalProgress } from './progress.js';
import { VERSION } from '../version.js';

const HELP = `sql-preflight ${VERSION}: catches dangerous PostgreSQL migrations before they are merged.

Usage:
  sql-preflight lint [paths or globs...] [options]     static rules only
  sql-preflight check [paths or globs...] [options]    static rules, then run the change on a throwaway PostgreSQL
  sql-preflight stats export [options]                 a database's statistics, for check --stats
  sql-preflight rules
  sql-preflight --help | --version

Options for lint and check:
  --config FILE              config file (default: .sql-preflight.yml, searched upward)
  --format FORMAT            ${OUTPUT_FORMATS.join(' | ')} (default: text)
  --output FILE              write the report to FILE instead of standard output
  --postgres-version N       production PostgreSQL major version (default: 17)
  --fail-on LEVEL            error | warning | notice | never (default: error)
  --no-color                 plain text output
  --base REF                 the change is the migrations added or edited since this git ref; the rest exist already
  --changed FILE             the change is these migration or query files (repeatable); without --base or
                             --changed, every file

Options for check:
  --db PROVIDER              auto | pglite | docker | url (default: auto: url if given, else Docker if an engine
                             answers, else PGlite)
  --database-url URL         a server to create a throwaway database on (or SQL_PREFLIGHT_DATABASE_URL)
  --postgres-image IMAGE     Docker image (default: postgres:<postgres-version>)
  --queries PATH             application query files, folders or globs to plan with EXPLAIN (repeatable), besides
                             the config's queries
  --analyze                  also run each query once with EXPLAIN ANALYZE on sample values, rolled back
  --stats FILE               production table sizes and column statistics from sql-preflight stats export
  --verbose                  also list the static findings that the database showed to be wrong
  --quiet                    no progress on standard error

Options for stats export: see sql-preflight stats export --help.

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above it, 2 usage, config or I/O error.
`;

const FAIL_ON = ['error', 'warning', 'notice', 'never'];
const DATABASES = ['auto', 'pglite', 'docker', 'url'];

export async function main(argv: string[]): Promise<number> {
  // stats export has options of its own (its --database-url reads production, not a throwaway server).
  if (argv[0] === 'stats') {
    if (argv[1] === 'export') return statsExportCommand(argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
    return usage(`unknown stats command${argv[1] === undefined ? '' : ` "${argv[1]}"`} (stats commands: export).`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'postgres-version': { type: 'string' },
        'fail-on': { type: 'string' },
        'no-color': { type: 'boolean' },
        base: { type: 'string' },
        changed: { type: 'string', multiple: true },
        db: { type: 'string' },
        'database-url': { type: 'string' },
        'postgres-image': { type: 'string' },
        queries: { type: 'string', multiple: true },
        analyze: { type: 'boolean' },
        stats: { type: 'string' },
        verbose: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (command === 'rules') {
    for (const rule of rules) process.stdout.write(`${rule.meta.id.padEnd(40)} ${rule.meta.severity.padEnd(8)} ${rule.meta.summary}\n`);
    return 0;
  }
  if (command !== 'lint' && command !== 'check') return usage(`unknown command "${command}" (commands: lint, check, rules, stats export).`);
  const checkOnly = ['db', 'database-url', 'postgres-image', 'queries', 'analyze', 'stats', 'verbose', 'quiet'] as const;
  const misplaced = command === 'lint' ? checkOnly.find((flag) => values[flag] !== undefined) : undefined;
  if (misplaced) return usage(`--${misplaced} applies to check, not lint.`);
  if (values.base !== undefined && values.changed !== undefined) return usage('give either --base or --changed, not both.');
  const db = values.db ?? 'auto';
  if (!DATABASES.includes(db)) return usage(`--db must be one of ${DATABASES.join(', ')}, not "${db}".`);
  const databaseUrl = values['database-url'] ?? process.env.SQL_PREFLIGHT_DATABASE_URL;
  if (db === 'url' && !databaseUrl) return usage('--db url needs --database-url (or SQL_PREFLIGHT_DATABASE_URL).');

  const format = values.format as string;
  if (!OUTPUT_FORMATS.includes(format as OutputFormat)) return usage(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, not "${format}".`);
  if (values['fail-on'] !== undefined && !FAIL_ON.includes(values['fail-on'])) return usage(`--fail-on must be one of ${FAIL_ON.join(', ')}, not "${values['fail-on']}".`);
  let postgresVersion: number | undefined;
  if (values['postgres-version'] !== undefined) {
    postgresVersion = Number(values['postgres-version']);
    if (!Number.isInteger(postgresVersion) || postgresVersion < 10 || postgresVersion > 19) {
      return usage(`--postgres-version must be a PostgreSQL major version from 10 to 19, not "${values['postgres-version']}".`);
    }
  }

  const cwd = process.cwd();
  try {
    const result = await run({
      cwd,
      paths,
      configFile: values.config ? resolve(cwd, values.config) : undefined,
      postgresVersion,
      failOn: values['fail-on'] as FailOn | undefined,
      base: values.base,
      changed: values.changed,
      database: command === 'check' ? { kind: db as 'auto', url: databaseUrl, image: values['postgres-image'] } : undefined,
      queries: values.queries,
      analyze: values.analyze,
      statsFile: values.stats,
      progress: command === 'check' && !values.quiet ? terminalProgress(process.stderr) : undefined,
    });
    if (values.verbose) {
      for (const { finding, reason } of result.refuted) {
        process.stderr.write(`sql-preflight: dropped ${finding.ruleId} at ${finding.file}:${finding.line}:${finding.column}: ${reason}.\n`);
      }
    }
    for (const problem of result.problems) process.stderr.write(`sql-preflight: ${problem}\n`);
    const output = reporters[format as OutputFormat].render(result.report, {
      readSource: (path) => readSource(resolve(cwd, path)),
      rules: rules.map((r) => r.meta),
      color: !values.output && !values['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR,
    });
    if (values.output) {
      try {
        writeFileSync(values.output, output);
      } catch (error) {
        return usage(`${values.output}: cannot write the report (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, false);
      }
    } else {
      process.stdout.write(output);
    }
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, false);
    throw error;
  }
}

function readSource(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function usage(message: string, hint = true): number {
  process.stderr.write(`sql-preflight: ${message}\n${hint ? 'Run sql-preflight --help for usage.\n' : ''}`);
  return 2;
}
