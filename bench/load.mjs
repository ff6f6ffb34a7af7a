// Load: the real CLI on a large repository, as a CI job runs it. 2,000 migration files in one folder (the replay
// section's generated history: a schema that grows to about 600 tables), 500 sqlc queries over the final schema
// (listed under `queries:` in the config), and a change of the last 50 migrations, committed on top of a base
// commit in a git repository. Measured: `lint` over the whole repository, and `check --base` on PGlite and on
// Docker, each as `node dist/cli.js` pinned to 2 cores, spawn to exit: wall time, CPU, peak RSS, and for Docker
// the container's memory, which the CLI's own processes do not include.
//
// Every run must cover the whole repository (the report's file and statement counts are PostgreSQL's parser's
// count of the generated files), replay the existing migrations without a failure and trace every statement of
// the change, or the section fails: a fast run that skipped work must not pass for a result.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCliRun, pinning, pinningNote } from './lib/cli-run.mjs';
import { privateImageName } from './lib/docker-memory.mjs';
import { formatTable, median, rssMethod } from './lib/measure.mjs';
import { ensureCli } from './lint.mjs';
import { DEFAULT_SEED, generateHistory } from './replay.mjs';

export const name = 'load';
export const title = 'Load: lint and check on a large generated repository (2,000 migrations), whole CLI process pinned to 2 cores';

export const MIGRATIONS = 2000;
export const QUERIES = 500;
export const CHANGED = 50;
/**
 * The goal, per command: well inside a CI job whose whole run should take 15 minutes (and must take at most 90),
 * so a third of the 15; and a peak that leaves most of a 2-core GitHub-hosted Linux runner's 7 GB to the rest
 * of the job.
 */
export const GOAL = { wallS: 300, peakRssMb: 2048 };

// ---------------------------------------------------------------------------------------------------------
// The repository.

const typeName = (def) => {
  const name = def.typeName.names.at(-1).String.sval;
  return def.typeName.arrayBounds ? `${name}[]` : name;
};

/**
 * The tables of the final schema as PostgreSQL's parser reads the history (not as the generator meant it):
 * name → { columns: Map(column → type), parent: { table, column } | undefined }, in creation order.
 */
function finalSchema(parsedFiles) {
  const tables = new Map();
  for (const statements of parsedFiles) {
    for (const { stmt } of statements) {
      if (stmt.CreateStmt) {
        const table = { name: stmt.CreateStmt.relation.relname, columns: new Map(), parent: undefined };
        for (const { ColumnDef: def } of stmt.CreateStmt.tableElts ?? []) {
          if (!def) continue;
          table.columns.set(def.colname, typeName(def));
          const fk = def.constraints?.find((c) => c.Constraint.contype === 'CONSTR_FOREIGN');
          if (fk) table.parent = { table: fk.Constraint.pktable.relname, column: def.colname };
        }
        tables.set(table.name, table);
      } else if (stmt.AlterTableStmt) {
        const table = tables.get(stmt.AlterTableStmt.relation.relname);
        if (!table) continue;
        for (const { AlterTableCmd: cmd } of stmt.AlterTableStmt.cmds) {
          if (cmd.subtype === 'AT_AddColumn') table.columns.set(cmd.def.ColumnDef.colname, typeName(cmd.def.ColumnDef));
          else if (cmd.subtype === 'AT_DropColumn') table.columns.delete(cmd.name);
          else if (cmd.subtype === 'AT_AlterColumnType') table.columns.set(cmd.name, typeName(cmd.def.ColumnDef));
        }
      }
    }
  }
  return tables;
}

const pascal = (name) => name.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase());
// Columns an application filters on with `=`: not jsonb, arrays or the keys every table has.
const FILTERABLE = new Set(['text', 'int4', 'int8', 'numeric', 'date', 'bool', 'uuid']);

/**
 * The queries an application would have for one table, as sqlc writes them: by key, by time, by parent, writes.
 * Parameters come in the forms sqlc accepts ($n, @name, sqlc.arg, sqlc.narg), which sql-preflight rewrites.
 */
function tableQueries(table, tables) {
  const t = table.name;
  const T = pascal(t);
  const columns = [...table.columns.keys()].filter((c) => c !== 'id' && c !== 'created_at');
  const shown = ['id', 'created_at', ...columns.slice(0, 3)].join(', ');
  const filterable = columns.find((c) => FILTERABLE.has(table.columns.get(c)) && c !== table.parent?.column);
  const settable = columns.find((c) => c !== table.parent?.column);
  const parent = table.parent && tables.get(table.parent.table);
  const out = [
    `-- name: Get${T} :one\nSELECT * FROM ${t}\nWHERE id = $1;`,
    `-- name: List${T}Since :many\nSELECT ${shown}\nFROM ${t}\nWHERE created_at >= sqlc.arg(since)\nORDER BY created_at DESC\nLIMIT sqlc.arg(page_size);`,
    `-- name: Count${T}Since :one\nSELECT count(*) FROM ${t} WHERE created_at >= @since::timestamptz;`,
    `-- name: Create${T} :one\nINSERT INTO ${t} DEFAULT VALUES\nRETURNING id, created_at;`,
  ];
  if (parent) {
    const p = parent.name;
    out.push(`-- name: List${T}By${pascal(p)} :many\nSELECT ${shown}\nFROM ${t}\nWHERE ${table.parent.column} = @parent_id\nORDER BY id;`);
    out.push(
      `-- name: Get${T}With${pascal(p)} :one\nSELECT t.id, t.created_at, p.id AS parent_id, p.created_at AS parent_created_at\nFROM ${t} AS t\nJOIN ${p} AS p ON p.id = t.${table.parent.column}\nWHERE t.id = $1;`,
    );
  }
  if (filterable) {
    out.push(`-- name: Find${T}By${pascal(filterable)} :many\nSELECT id, created_at\nFROM ${t}\nWHERE (sqlc.narg(value)::${table.columns.get(filterable)} IS NULL OR ${filterable} = sqlc.narg(value))\nORDER BY id DESC\nLIMIT 100;`);
  }
  if (settable) out.push(`-- name: Set${T}${pascal(settable)} :execrows\nUPDATE ${t}\nSET ${settable} = @value::${table.columns.get(settable)}\nWHERE id = @id;`);
  out.push(`-- name: ${T}PerDay :many\nSELECT date_trunc('day', created_at) AS day, count(*) AS n\nFROM ${t}\nGROUP BY 1\nORDER BY 1;`);
  out.push(`-- name: Delete${T}Before :execrows\nDELETE FROM ${t}\nWHERE created_at < $1;`);
  return out;
}

const git = (cwd, args) =>
  execFileSync('git', ['-c', 'user.name=sql-preflight bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Writes the repository into `dir`: db/migrations (the history), db/queries (one sqlc file per table with
 * queries, spread evenly over the schema's tables), .sql-preflight.yml, and a git repository whose tag `base` has
 * all but the last `changed` migrations and whose HEAD adds those. Counts with PostgreSQL's parser.
 */
export async function writeLoadRepo(dir, { seed = DEFAULT_SEED, migrations = MIGRATIONS, queries = QUERIES, changed = CHANGED } = {}) {
  const history = generateHistory({ seed, files: migrations });
  const { loadModule, parseSync } = await import('libpg-query');
  await loadModule();
  mkdirSync(join(dir, 'db', 'migrations'), { recursive: true });
  mkdirSync(join(dir, 'db', 'queries'));
  const hash = createHash('sha256');
  const parsed = [];
  let bytes = 0;
  for (const m of history) {
    writeFileSync(join(dir, 'db', 'migrations', m.name), m.text);
    hash.update(m.name).update('\0').update(m.text);
    bytes += Buffer.byteLength(m.text);
    parsed.push(parseSync(m.text).stmts);
  }
  const statements = parsed.reduce((n, s) => n + s.length, 0);
  const changeStatements = parsed.slice(-changed).reduce((n, s) => n + s.length, 0);

  const tables = finalSchema(parsed);
  // Every stride-th table first, so that the queries spread over old and new tables alike.
  const created = [...tables.values()];
  const stride = Math.max(1, Math.floor(created.length / Math.ceil(queries / tableQueries(created[0], tables).length)));
  const spread = Array.from({ length: stride }, (_, offset) => created.filter((_, i) => i % stride === offset)).flat();
  let written = 0;
  let queryFiles = 0;
  for (const table of spread) {
    if (written === queries) break;
    const body = tableQueries(table, tables).slice(0, queries - written);
    const text = `-- Queries on ${table.name}, compiled by sqlc (engine: postgresql).\n\n${body.join('\n\n')}\n`;
    // sqlc's parameter forms are valid PostgreSQL syntax (a prefix operator, a function call), so the file parses as written.
    const count = parseSync(text).stmts.length;
    if (count !== body.length) throw new Error(`bench load: the queries on ${table.name} parse as ${count} statements, not ${body.length}; fix the generator.`);
    writeFileSync(join(dir, 'db', 'queries', `${table.name}.sql`), text);
    hash.update(table.name).update('\0').update(text);
    written += body.length;
    queryFiles++;
  }
  if (written < queries) throw new Error(`bench load: ${tables.size} tables give only ${written} queries; lower BENCH_LOAD_QUERIES.`);
  writeFileSync(join(dir, '.sql-preflight.yml'), '# bench load repository, generated by bench/load.mjs\nmigrations:\n  - db/migrations\nqueries:\n  - db/queries/*.sql\n');

  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '.sql-preflight.yml', 'db/queries', ...history.slice(0, -changed).map((m) => `db/migrations/${m.name}`)]);
  git(dir, ['commit', '-q', '-m', 'base']);
  git(dir, ['tag', 'base']);
  git(dir, ['add', 'db/migrations']);
  git(dir, ['commit', '-q', '-m', `${changed} new migrations`]);
  return { files: history.length, statements, bytes, tables: tables.size, queries: written, queryFiles, changedFiles: changed, changeStatements, seed, sha256: hash.digest('hex').slice(0, 16) };
}

// ---------------------------------------------------------------------------------------------------------
// The measurement.

export async function run({ repoRoot, runs: requestedRuns, log }) {
  // A run takes tens of seconds and its start-up is a small part of it: fewer runs, no warm-up.
  const runs = Math.max(1, Number(process.env.BENCH_LOAD_RUNS ?? Math.min(requestedRuns, 3)));
  const size = {
    seed: Number(process.env.BENCH_SEED ?? DEFAULT_SEED),
    migrations: Number(process.env.BENCH_LOAD_FILES ?? MIGRATIONS),
    queries: Number(process.env.BENCH_LOAD_QUERIES ?? QUERIES),
    changed: CHANGED,
  };
  const cli = ensureCli(repoRoot, log);
  if (!cli.ok) throw new Error(cli.reason);
  if (cli.stale) log('bench: note: src/ has files newer than dist/cli.js; the numbers are for the last build (run `npm run build` first to measure the current code).');

  const scratch = mkdtempSync(join(tmpdir(), 'bench-load-'));
  try {
    const dir = join(scratch, 'repo');
    const generating = performance.now();
    const repo = await writeLoadRepo(dir, size);
    log(
      `repository: ${repo.files} migrations (${repo.statements} statements, ${(repo.bytes / 2 ** 20).toFixed(1)} MiB, ${repo.tables} tables at the end), ` +
        `${repo.queries} sqlc queries in ${repo.queryFiles} files, change: the last ${repo.changedFiles} migrations (${repo.changeStatements} statements) ` +
        `since git tag base; seed ${repo.seed}, sha256 ${repo.sha256}; generated in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
    );
    const pin = pinning();
    log(pinningNote(pin));

    const output = join(scratch, 'report.json');
    const common = ['--format', 'json', '--output', output, '--fail-on', 'never'];
    const image = process.env.BENCH_POSTGRES_IMAGE || process.env.SQL_PREFLIGHT_TEST_POSTGRES_IMAGE;
    const commands = [
      { id: 'lint (whole repository)', args: ['lint', ...common] },
      { id: 'check --db pglite', provider: 'pglite', args: ['check', '--base', 'base', '--db', 'pglite', ...common, '--quiet'] },
    ];
    const skipped = [];
    // The same image under a name of its own, so that its container's memory is told from tests' containers.
    const alias = image ? await privateImageName(image) : undefined;
    if (image) {
      const args = ['check', '--base', 'base', '--db', 'docker', '--postgres-image', alias?.name ?? image, ...common, '--quiet'];
      commands.push({ id: 'check --db docker', provider: 'docker', image: alias?.name ?? image, recordedImage: image, args });
    } else {
      skipped.push({ id: 'check --db docker', reason: 'no BENCH_POSTGRES_IMAGE / SQL_PREFLIGHT_TEST_POSTGRES_IMAGE' });
    }
    // Only what the command line says chooses the database.
    const env = { ...process.env };
    delete env.SQL_PREFLIGHT_DATABASE_URL;

    const once = async (command) => {
      const { m, container, report, fail } = await measureCliRun({ cli: cli.cli, pin, command, dir, env, scratch, output });
      const files = report.files.filter((f) => f.kind === 'migration');
      const migrations = { files: files.length, statements: files.reduce((n, f) => n + f.statements.length, 0) };
      if (migrations.files !== repo.files || migrations.statements !== repo.statements) {
        fail(`reported ${migrations.files} migrations / ${migrations.statements} statements, not ${repo.files} / ${repo.statements}`);
      }
      const byRule = {};
      for (const f of report.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      const traced = report.files.reduce((n, f) => n + f.statements.filter((s) => s.trace).length, 0);
      if (command.provider) {
        if (report.database?.provider !== command.provider) fail(`the report's database is ${JSON.stringify(report.database)}`);
        // The history applies cleanly on PostgreSQL 12+ (the replay section checks it against psql).
        if (byRule['base-migration-failed']) fail(`${byRule['base-migration-failed']} existing migrations failed to replay`);
        if (traced !== repo.changeStatements) fail(`traced ${traced} statements, the change has ${repo.changeStatements}`);
      }
      const phases = Object.fromEntries((report.phases ?? []).map((p) => [p.name, p.durationMs]));
      return { wall: m.wall, cpu: m.cpu, peakRssMb: m.peakRssMb, findings: report.summary.total, byRule, traced, queries: (report.queries ?? []).filter((q) => q.after?.status === 'planned').length, phases, container };
    };

    const samples = new Map(commands.map((c) => [c.id, []]));
    try {
      for (let round = 0; round < runs; round++) {
        for (let k = 0; k < commands.length; k++) {
          const command = commands[(round + k) % commands.length];
          samples.get(command.id).push(await once(command));
        }
      }
    } finally {
      await alias?.remove();
    }

    const results = commands.map((command) => {
      const xs = samples.get(command.id);
      const walls = xs.map((x) => x.wall);
      const phases = {};
      for (const phase of Object.keys(xs[0].phases)) phases[phase] = Math.round(median(xs.map((x) => x.phases[phase] ?? 0)));
      const containers = xs.flatMap((x) => x.container?.containers ?? []);
      const row = {
        id: command.id,
        command: `${pin.pinned ? `taskset -c ${pin.cpus} ` : ''}node dist/cli.js ${command.args.map((a) => (a === output ? '<report.json>' : a === command.image ? command.recordedImage : a)).join(' ')}`,
        medianS: round2(median(walls)),
        maxS: round2(Math.max(...walls)),
        samplesS: walls.map(round2),
        cpuMedianS: round2(median(xs.map((x) => x.cpu))),
        peakRssMb: Math.round(Math.max(...xs.map((x) => x.peakRssMb))),
        findings: xs.at(-1).findings,
        findingsByRule: xs.at(-1).byRule,
        statementsTraced: xs.at(-1).traced,
        queriesReported: xs.at(-1).queries,
        phasesMedianMs: phases,
      };
      if (command.image) {
        const unavailable = xs.map((x) => x.container?.unavailable).find(Boolean);
        row.container =
          containers.length > 0
            ? {
                usedMb: Math.round(Math.max(...containers.map((c) => c.usedMb))),
                ...(containers.some((c) => c.maxUsageMb) ? { maxUsageMb: Math.round(Math.max(...containers.map((c) => c.maxUsageMb ?? 0))) } : {}),
                // More containers than runs: another container of the image started during a run.
                ...(containers.length > xs.length ? { ambiguous: `${containers.length} containers of the image in ${xs.length} runs` } : {}),
              }
            : { unavailable };
      }
      row.goalMet = row.maxS <= GOAL.wallS && row.peakRssMb <= GOAL.peakRssMb;
      return row;
    });

    log('');
    log(
      formatTable(
        ['command', 'median s', 'max s', 'CPU s', 'peak RSS MB', 'container MB', 'findings', 'traced', 'queries', 'phases (median ms)'],
        results.map((r) => [
          r.id,
          r.medianS.toFixed(2),
          r.maxS.toFixed(2),
          r.cpuMedianS.toFixed(2),
          r.peakRssMb,
          r.container ? (r.container.usedMb !== undefined ? `${r.container.usedMb}${r.container.maxUsageMb ? ` (${r.container.maxUsageMb})` : ''}${r.container.ambiguous ? ' ?' : ''}` : 'n/a') : '',
          r.findings,
          r.statementsTraced,
          r.queriesReported,
          Object.entries(r.phasesMedianMs).map(([k, v]) => `${k} ${v}`).join(', '),
        ]),
      ),
    );
    log('');
    log('traced: statements of the change with a lock trace; queries: queries (and backfills of the change) planned after the change (report.queries).');
    log(`runs: ${runs} per command, no warm-up, interleaved; wall time spawn→exit; peak RSS: ${rssMethod.label}; PGlite runs in a worker thread of the CLI, so its memory is in the CLI's.`);
    if (results.some((r) => r.container)) {
      log('container MB: the PostgreSQL container of check --db docker, not in the peak RSS: the largest `docker stats` figure sampled every 0.5 s (in brackets, cgroup v1 max_usage: the exact peak, page cache included); "?": other containers of the image ran meanwhile and may be counted.');
    }
    for (const r of results) {
      log(`${r.id}: max ${r.maxS.toFixed(1)} s, peak RSS ${r.peakRssMb} MB → goal (≤ ${GOAL.wallS} s, ≤ ${GOAL.peakRssMb} MB) ${r.goalMet ? 'met' : 'NOT met'}`);
      if (r.container?.unavailable) log(`  container memory not measured: ${r.container.unavailable}`);
    }
    for (const s of skipped) log(`not measured: ${s.id}: ${s.reason}`);
    return { repository: repo, pinning: pin, goal: GOAL, runs, rssMethod: rssMethod.id, results, skipped };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const round2 = (x) => Math.round(x * 100) / 100;
