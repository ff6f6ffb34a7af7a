// EXPLAIN: the real CLI's `check` with query files, as a CI job runs it on a pull request that changes migrations
// of an application with sqlc queries. A generated project: the 10-table shop schema of bench/seed.mjs (SCHEMA)
// as it is (no index added, so that its seeding compares with the seed section's) as the existing migration, about 60 sqlc queries derived from that schema (by
// key, by unique column, by parent, filters on columns without an index, joins, ORDER BY ... LIMIT,
// aggregates), `tables:` sizes that seed 1,000,000 rows in all (bench/seed.mjs's SIZES), and a change of 3
// migrations: one drops an index some queries use, one drops a column a query reads, one is harmless.
// Measured: `node dist/cli.js check --changed <the 3 files> --format json --quiet` on PGlite and on Docker,
// spawn to exit, pinned to 2 cores like the load section: wall time, peak RSS, the report's phases, seeded
// rows per second, queries planned per second, and the findings by rule. A second change adds the 10 query
// files to the 3 migrations (`--changed` on each): then the plan rules and the index advisor run for every
// query, not only for the regressed ones, which is the most EXPLAIN work a change of these files can ask for.
//
// Every run must seed every table to its size, plan every query before the change, report the query that
// reads the dropped column as query-broken-by-change on the DROP COLUMN and at least one plan-regression on the
// DROP INDEX, and nothing of either rule on the harmless migration; otherwise the section fails.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureCliRun, pinning, pinningNote } from './lib/cli-run.mjs';
import { privateImageName } from './lib/docker-memory.mjs';
import { formatTable, median, rssMethod } from './lib/measure.mjs';
import { ensureCli } from './lint.mjs';
import { SCHEMA, SIZES } from './seed.mjs';

export const name = 'explain';
export const title = 'EXPLAIN: check with ~60 sqlc queries on a 10-table schema seeded to 1,000,000 rows, per provider, whole CLI process';

/**
 * The goal: the EXPLAIN work after seeding (explain before + trace + explain after, index advice included) under
 * 10 s for about 60 queries, and seeding at 200,000 rows/s or more on Docker (the seed section's goal, here
 * through the whole CLI).
 */
export const GOAL = { explainWorkS: 10, dockerSeedRowsPerS: 200_000 };
export const QUERIES = 60;
const TOTAL_ROWS = Object.values(SIZES).reduce((a, b) => a + b, 0);

// The change. The index is the one SCHEMA creates with `CREATE INDEX ON users (account_id)`, so PostgreSQL names it.
const DROPPED_INDEX = { table: 'users', column: 'account_id', name: 'users_account_id_idx' };
const DROPPED_COLUMN = { table: 'orders', column: 'note' };
const CHANGE = [
  { file: '0002_drop_users_account_index.sql', text: `-- The index looked unused on the dashboard.\nDROP INDEX CONCURRENTLY ${DROPPED_INDEX.name};\n`, expect: 'plan-regression' },
  { file: '0003_drop_order_note.sql', text: `ALTER TABLE ${DROPPED_COLUMN.table} DROP COLUMN ${DROPPED_COLUMN.column};\n`, expect: 'query-broken-by-change' },
  { file: '0004_products_discontinued_at.sql', text: 'ALTER TABLE products ADD COLUMN discontinued_at timestamptz;\n', expect: undefined },
];

// ---------------------------------------------------------------------------------------------------------
// The project.

const typeOf = (def) => def.typeName.names.at(-1).String.sval + (def.typeName.arrayBounds ? '[]' : '');
const strings = (list) => (list ?? []).map((n) => n.String?.sval ?? n.IndexElem?.name);

/** The tables of `sql` as PostgreSQL's parser reads them: columns and types, primary key, foreign keys, indexed leading columns. */
function readSchema(stmts) {
  const tables = new Map();
  for (const { stmt } of stmts) {
    if (stmt.CreateStmt) {
      const table = { name: stmt.CreateStmt.relation.relname, columns: new Map(), pk: [], fks: [], leading: new Set(), unique: [] };
      for (const element of stmt.CreateStmt.tableElts) {
        if (element.ColumnDef) {
          const def = element.ColumnDef;
          table.columns.set(def.colname, typeOf(def));
          for (const { Constraint: c } of def.constraints ?? []) {
            if (c.contype === 'CONSTR_PRIMARY') table.pk = [def.colname];
            if (c.contype === 'CONSTR_UNIQUE') table.unique.push(def.colname);
            if (c.contype === 'CONSTR_FOREIGN') table.fks.push({ column: def.colname, parent: c.pktable.relname });
          }
        } else if (element.Constraint?.contype === 'CONSTR_PRIMARY') {
          table.pk = strings(element.Constraint.keys);
        }
      }
      table.leading.add(table.pk[0]);
      for (const u of table.unique) table.leading.add(u);
      tables.set(table.name, table);
    } else if (stmt.IndexStmt) {
      tables.get(stmt.IndexStmt.relation.relname)?.leading.add(strings(stmt.IndexStmt.indexParams)[0]);
    }
  }
  return tables;
}

const pascal = (s) => s.replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase());
const singular = (s) => s.replace(/ies$/, 'y').replace(/s$/, '');
const TIME = new Set(['timestamptz', 'date']);
const NUMBER = new Set(['numeric', 'int4', 'int2']);
// Columns an application filters on with `=`.
const FILTERABLE = new Set(['text', 'varchar', 'bpchar', 'int2', 'int4', 'plan', 'order_status', 'date']);

/**
 * The queries an application has on one table, grouped by kind (each kind at most once per table), as sqlc
 * writes them ($n, @name and sqlc.arg parameters). Columns are named, never `*`, so that a dropped column
 * breaks the queries that read it.
 */
function tableQueries(t, tables) {
  const T = pascal(t.name);
  const cols = [...t.columns.keys()];
  const shown = cols.filter((c) => !t.columns.get(c).endsWith('[]') && t.columns.get(c) !== 'jsonb').slice(0, 5);
  const key = t.pk.map((c, i) => `${c} = $${i + 1}`).join(' AND ');
  const time = cols.find((c) => TIME.has(t.columns.get(c)));
  const filter = cols.find((c) => FILTERABLE.has(t.columns.get(c)) && !t.leading.has(c) && !t.fks.some((f) => f.column === c));
  const amount = cols.find((c) => NUMBER.has(t.columns.get(c)) && !t.pk.includes(c) && !t.fks.some((f) => f.column === c));
  const fk = t.fks[0];
  const out = {};
  out.byKey = `-- name: Get${singular(T)} :one\nSELECT ${cols.filter((c) => t.columns.get(c) !== 'jsonb').join(', ')}\nFROM ${t.name}\nWHERE ${key};`;
  if (t.unique[0]) out.byUnique = `-- name: Get${singular(T)}By${pascal(t.unique[0])} :one\nSELECT ${t.pk.join(', ')}, ${t.unique[0]}\nFROM ${t.name}\nWHERE ${t.unique[0]} = @${t.unique[0]};`;
  for (const [i, f] of t.fks.entries()) {
    const order = time ?? t.pk.at(-1);
    out[`byParent${i}`] = `-- name: List${T}By${pascal(singular(f.parent))}${i ? pascal(f.column) : ''} :many\nSELECT ${shown.join(', ')}\nFROM ${t.name}\nWHERE ${f.column} = @${f.column}\nORDER BY ${order} DESC\nLIMIT 50;`;
  }
  if (filter) out.filter = `-- name: Find${T}By${pascal(filter)} :many\nSELECT ${t.pk.join(', ')}, ${filter}\nFROM ${t.name}\nWHERE ${filter} = @${filter}\nLIMIT 100;`;
  if (time) out.recent = `-- name: ListRecent${T} :many\nSELECT ${shown.join(', ')}\nFROM ${t.name}\nORDER BY ${time} DESC\nLIMIT sqlc.arg(page_size);`;
  if (fk) {
    const parent = tables.get(fk.parent);
    const label = [...parent.columns.keys()].find((c) => parent.columns.get(c) === 'text' && c !== 'email') ?? parent.pk[0];
    out.join = `-- name: Get${singular(T)}With${pascal(singular(fk.parent))} :many\nSELECT c.${shown.slice(0, 3).join(', c.')}, p.${label} AS ${singular(fk.parent)}_${label}\nFROM ${t.name} AS c\nJOIN ${fk.parent} AS p ON p.${parent.pk[0]} = c.${fk.column}\nWHERE c.${t.pk[0]} = $1;`;
    out.parentTotals = `-- name: ${pascal(singular(fk.parent))}${T}Totals :one\nSELECT p.${parent.pk[0]}, count(c.${fk.column}) AS n\nFROM ${fk.parent} AS p\nLEFT JOIN ${t.name} AS c ON c.${fk.column} = p.${parent.pk[0]}\nWHERE p.${parent.pk[0]} = @${singular(fk.parent)}_id\nGROUP BY p.${parent.pk[0]};`;
  }
  const group = fk?.column ?? filter;
  if (group) {
    out.aggregate = `-- name: Top${pascal(group)}By${T} :many\nSELECT ${group}, count(*) AS n${amount ? `, sum(${amount}) AS total_${amount}` : ''}\nFROM ${t.name}\n${time ? `WHERE ${time} >= @since\n` : ''}GROUP BY ${group}\nORDER BY n DESC\nLIMIT 20;`;
  }
  return out;
}

/**
 * Writes the project into `dir` and returns what it holds, with the queries each change migration must break
 * or slow down. The queries are taken kind by kind over the tables (every table's lookup by key first, then
 * every table's lookup by unique column, ...) until there are `queries`, so that every kind is represented.
 */
export async function writeExplainProject(dir, { queries = QUERIES } = {}) {
  const { loadModule, parseSync } = await import('libpg-query');
  await loadModule();
  const tables = readSchema(parseSync(SCHEMA).stmts);
  const perTable = new Map([...tables.values()].map((t) => [t.name, tableQueries(t, tables)]));
  const kinds = [...new Set([...perTable.values()].flatMap((q) => Object.keys(q)))];
  const chosen = new Map([...tables.keys()].map((t) => [t, []]));
  let count = 0;
  for (const kind of kinds) {
    for (const [table, qs] of perTable) {
      if (count < queries && qs[kind]) {
        chosen.get(table).push(qs[kind]);
        count++;
      }
    }
  }
  if (count < queries) throw new Error(`bench explain: the schema gives only ${count} queries, not ${queries}`);

  mkdirSync(join(dir, 'db', 'migrations'), { recursive: true });
  mkdirSync(join(dir, 'db', 'queries'));
  writeFileSync(join(dir, 'db', 'migrations', '0001_shop.sql'), `-- The shop schema of bench/seed.mjs.\n${SCHEMA.trim()}\n`);
  for (const c of CHANGE) writeFileSync(join(dir, 'db', 'migrations', c.file), c.text);
  const all = [];
  for (const [table, body] of chosen) {
    if (body.length === 0) continue;
    const text = `-- Queries on ${table}, compiled by sqlc (engine: postgresql).\n\n${body.join('\n\n')}\n`;
    const n = parseSync(text).stmts.length;
    if (n !== body.length) throw new Error(`bench explain: the queries on ${table} parse as ${n} statements, not ${body.length}; fix the generator.`);
    writeFileSync(join(dir, 'db', 'queries', `${table}.sql`), text);
    for (const q of body) all.push({ file: `db/queries/${table}.sql`, name: /-- name: (\w+)/.exec(q)[1], sql: q });
  }
  const reads = (q, { table, column }) => new RegExp(`\\b(FROM|JOIN) ${table}\\b`).test(q.sql) && new RegExp(`\\b${column}\\b`).test(q.sql.replace(/^--.*$/m, ''));
  const sizes = Object.entries(SIZES).map(([t, rows]) => `  ${t}: { rows: ${rows} }`).join('\n');
  writeFileSync(
    join(dir, '.sql-preflight.yml'),
    `# bench explain project, generated by bench/explain.mjs\nmigrations:\n  - db/migrations\nqueries:\n  - db/queries/*.sql\ntables:\n${sizes}\nseed:\n  max-rows: ${Math.max(...Object.values(SIZES))}\n`,
  );
  const kindsCount = {};
  for (const qs of perTable.values()) for (const [kind, q] of Object.entries(qs)) if (all.some((a) => a.sql === q)) kindsCount[kind.replace(/\d+$/, '')] = (kindsCount[kind.replace(/\d+$/, '')] ?? 0) + 1;
  return {
    tables: tables.size,
    rows: TOTAL_ROWS,
    queries: all.length,
    queryFiles: [...chosen.values()].filter((b) => b.length).length,
    kinds: kindsCount,
    change: CHANGE.map((c) => `db/migrations/${c.file}`),
    queryPaths: [...new Set(all.map((q) => q.file))],
    // Expected, from the queries' text: which queries read the dropped column, and which filter users by account.
    readsDroppedColumn: all.filter((q) => reads(q, DROPPED_COLUMN)).map((q) => q.name),
    filtersOnDroppedIndex: all.filter((q) => reads(q, DROPPED_INDEX) && new RegExp(`\\b(c\\.)?${DROPPED_INDEX.column} = |= c\\.${DROPPED_INDEX.column}\\b`).test(q.sql)).map((q) => q.name),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The measurement.

const MAIN_PHASES = ['seed', 'explain before', 'trace', 'explain after'];

export async function run({ repoRoot, runs, log }) {
  const cli = ensureCli(repoRoot, log);
  if (!cli.ok) throw new Error(cli.reason);
  if (cli.stale) log('bench: note: src/ has files newer than dist/cli.js; the numbers are for the last build (run `npm run build` first to measure the current code).');

  const scratch = mkdtempSync(join(tmpdir(), 'bench-explain-'));
  try {
    const dir = join(scratch, 'project');
    const project = await writeExplainProject(dir);
    log(
      `project: ${project.tables} tables seeded to ${project.rows.toLocaleString('en-US')} rows, ${project.queries} sqlc queries in ${project.queryFiles} files ` +
        `(${Object.entries(project.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), change: ${project.change.length} migrations, or those and the ${project.queryPaths.length} query files`,
    );
    log(`  expected broken (read ${DROPPED_COLUMN.table}.${DROPPED_COLUMN.column}): ${project.readsDroppedColumn.join(', ')}; may regress (compare ${DROPPED_INDEX.table}.${DROPPED_INDEX.column}): ${project.filtersOnDroppedIndex.join(', ')}`);
    const pin = pinning();
    log(pinningNote(pin));

    const output = join(scratch, 'report.json');
    const scenarios = [
      { id: 'migrations', changed: project.change },
      { id: 'migrations + queries', changed: [...project.change, ...project.queryPaths] },
    ];
    const common = ['check', '--format', 'json', '--output', output, '--fail-on', 'never', '--quiet'];
    const image = process.env.BENCH_POSTGRES_IMAGE || process.env.SQL_PREFLIGHT_TEST_POSTGRES_IMAGE;
    const alias = image ? await privateImageName(image) : undefined;
    const providers = [{ provider: 'pglite', db: ['--db', 'pglite'] }];
    const skipped = [];
    if (image) providers.push({ provider: 'docker', image: alias?.name ?? image, recordedImage: image, db: ['--db', 'docker', '--postgres-image', alias?.name ?? image] });
    else skipped.push({ id: 'docker', reason: 'no BENCH_POSTGRES_IMAGE / SQL_PREFLIGHT_TEST_POSTGRES_IMAGE' });
    const commands = providers.flatMap((p) =>
      scenarios.map((scenario) => ({ ...p, id: `${p.provider}, ${scenario.id}`, scenario: scenario.id, args: [...common, ...scenario.changed.flatMap((f) => ['--changed', f]), ...p.db] })),
    );
    const env = { ...process.env };
    delete env.SQL_PREFLIGHT_DATABASE_URL;

    const once = async (command) => {
      const { m, container, report, fail } = await measureCliRun({ cli: cli.cli, pin, command, dir, env, scratch, output });
      if (report.database?.provider !== command.provider) fail(`the report's database is ${JSON.stringify(report.database)}`);
      const byRule = {};
      for (const f of report.findings) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
      if (byRule['base-migration-failed']) fail(`${byRule['base-migration-failed']} existing migrations failed to replay`);
      // The seed: every table to its size.
      const short = (report.seed?.tables ?? []).filter((t) => t.rows !== SIZES[t.table.replace(/^public\./, '')]);
      if (report.seed?.rows !== TOTAL_ROWS || short.length) fail(`seeded ${report.seed?.rows} rows, not ${TOTAL_ROWS}: ${JSON.stringify(short.slice(0, 3))}; notes: ${JSON.stringify(report.notes ?? [])}`);
      // Every query planned before the change, and after it all but the broken ones.
      const queries = report.queries ?? [];
      if (queries.length !== project.queries) fail(`the report has ${queries.length} queries, not ${project.queries}`);
      const unplanned = queries.filter((q) => q.before?.status !== 'planned');
      if (unplanned.length) fail(`${unplanned.length} queries not planned before the change, e.g. ${JSON.stringify(unplanned[0])}`);
      const failedAfter = queries.filter((q) => q.after?.status !== 'planned').map((q) => q.name).sort();
      if (JSON.stringify(failedAfter) !== JSON.stringify([...project.readsDroppedColumn].sort())) fail(`after the change these queries failed: ${failedAfter.join(', ') || 'none'}; expected ${project.readsDroppedColumn.join(', ')}`);
      // The findings of the explain phase, on the statement that caused them.
      const explainFindings = report.findings.filter((f) => f.source === 'explain');
      const on = (rule) => explainFindings.filter((f) => f.ruleId === rule);
      const fileOf = (f) => CHANGE.find((c) => f.file?.endsWith(c.file));
      const broken = on('query-broken-by-change');
      const regressions = on('plan-regression');
      if (broken.length !== project.readsDroppedColumn.length || broken.some((f) => fileOf(f)?.expect !== 'query-broken-by-change')) {
        fail(`query-broken-by-change: ${JSON.stringify(broken.map((f) => [f.file, f.message]))}; expected ${project.readsDroppedColumn.length} on ${CHANGE[1].file}`);
      }
      if (regressions.length === 0 || regressions.some((f) => fileOf(f)?.expect !== 'plan-regression')) {
        fail(`plan-regression: ${JSON.stringify(regressions.map((f) => [f.file, f.message]))}; expected at least one on ${CHANGE[0].file}`);
      }
      // With the query files in the change, the advisor looks at every query; 60 queries with filters on columns
      // without an index must give it something to measure.
      if (command.scenario !== 'migrations' && !on('index-suggestion').length) fail('no index-suggestion although every query file is in the change');
      const regressed = regressions.map((f) => f.evidence?.query?.name).sort();
      const phases = Object.fromEntries((report.phases ?? []).map((p) => [p.name, p.durationMs]));
      return {
        wall: m.wall,
        cpu: m.cpu,
        peakRssMb: m.peakRssMb,
        phases,
        seedRows: report.seed.rows,
        seedMs: report.seed.ms,
        findings: report.summary.total,
        byRule,
        explainByRule: Object.fromEntries(Object.entries(byRule).filter(([rule]) => explainFindings.some((f) => f.ruleId === rule))),
        broken: broken.map((f) => f.evidence?.query?.name).sort(),
        regressed,
        regressionsWithIndex: regressions.filter((f) => f.evidence?.index).map((f) => `${f.evidence.query?.name}: ${f.evidence.index.statement}`),
        serverVersion: report.database?.serverVersion ?? report.database?.version,
        container,
      };
    };

    const samples = new Map(commands.map((c) => [c.id, []]));
    try {
      for (let round = 0; round < runs; round++) {
        for (let k = 0; k < commands.length; k++) {
          const command = commands[(round + k) % commands.length];
          const sample = await once(command);
          log(`  ${command.id} run ${round + 1}: ${sample.wall.toFixed(2)} s, ${MAIN_PHASES.map((p) => `${p} ${sample.phases[p]}`).join(', ')} ms`);
          samples.get(command.id).push(sample);
        }
      }
    } finally {
      await alias?.remove();
    }

    const results = commands.map((command) => {
      const xs = samples.get(command.id);
      const med = (f) => median(xs.map(f));
      const phaseNames = [...new Set(xs.flatMap((x) => Object.keys(x.phases)))];
      const phasesMedianMs = Object.fromEntries(phaseNames.map((p) => [p, Math.round(med((x) => x.phases[p] ?? 0))]));
      const explainWork = (x) => (x.phases['explain before'] ?? 0) + (x.phases.trace ?? 0) + (x.phases['explain after'] ?? 0);
      const otherPhases = (x) => Object.entries(x.phases).filter(([p]) => p !== 'total' && !MAIN_PHASES.includes(p)).reduce((n, [, ms]) => n + ms, 0);
      const last = xs.at(-1);
      const containers = xs.flatMap((x) => x.container?.containers ?? []);
      const row = {
        provider: command.provider,
        change: command.scenario,
        command: `${pin.pinned ? `taskset -c ${pin.cpus} ` : ''}node dist/cli.js ${command.args.map((a) => (a === output ? '<report.json>' : a === command.image ? command.recordedImage : a)).join(' ')}`,
        serverVersion: last.serverVersion,
        medianS: round2(med((x) => x.wall)),
        maxS: round2(Math.max(...xs.map((x) => x.wall))),
        samplesS: xs.map((x) => round2(x.wall)),
        cpuMedianS: round2(med((x) => x.cpu)),
        peakRssMb: Math.round(Math.max(...xs.map((x) => x.peakRssMb))),
        phasesMedianMs,
        // discover, lint and replay; the part of `total` in no phase (starting and disposing of the database); and
        // the wall time outside `total` (Node's start-up, loading the bundle, exit).
        otherPhasesMedianMs: Math.round(med(otherPhases)),
        unphasedMedianMs: Math.round(med((x) => (x.phases.total ?? 0) - otherPhases(x) - MAIN_PHASES.reduce((n, p) => n + (x.phases[p] ?? 0), 0))),
        outsideTotalMedianMs: Math.round(med((x) => x.wall * 1000 - (x.phases.total ?? 0))),
        explainWorkMedianS: round2(med(explainWork) / 1000),
        explainWorkMaxS: round2(Math.max(...xs.map(explainWork)) / 1000),
        seededRows: last.seedRows,
        seedRowsPerS: Math.round(med((x) => x.seedRows / (x.phases.seed / 1000))),
        // Planning alone: the queries over the `explain before` phase (explain after also re-seeds, analyses and advises).
        queriesPlannedPerS: round2(med((x) => project.queries / (x.phases['explain before'] / 1000))),
        // Both passes: every query twice over explain before + explain after.
        plansPerSBothPasses: round2(med((x) => (2 * project.queries) / ((x.phases['explain before'] + x.phases['explain after']) / 1000))),
        findings: last.findings,
        findingsByRule: last.byRule,
        explainFindingsByRule: last.explainByRule,
        broken: last.broken,
        regressed: last.regressed,
        regressionsWithIndex: last.regressionsWithIndex,
      };
      if (command.image) {
        const unavailable = xs.map((x) => x.container?.unavailable).find(Boolean);
        row.container = containers.length ? { usedMb: Math.round(Math.max(...containers.map((c) => c.usedMb))), ...(containers.some((c) => c.maxUsageMb) ? { maxUsageMb: Math.round(Math.max(...containers.map((c) => c.maxUsageMb ?? 0))) } : {}) } : { unavailable };
      }
      row.explainGoalMet = row.explainWorkMaxS < GOAL.explainWorkS;
      if (command.provider === 'docker') row.seedGoalMet = row.seedRowsPerS >= GOAL.dockerSeedRowsPerS;
      return row;
    });

    log('');
    log(
      formatTable(
        ['provider, change', 'median s (max)', 'CPU s', 'peak RSS MB', 'seed', 'explain before', 'trace', 'explain after', 'other phases', 'database start/stop', 'process', 'EXPLAIN work s', 'seed rows/s', 'plans/s'],
        results.map((r) => [
          `${r.provider}, ${r.change}`,
          `${r.medianS.toFixed(2)} (${r.maxS.toFixed(2)})`,
          r.cpuMedianS.toFixed(2),
          `${r.peakRssMb}${r.container?.usedMb !== undefined ? ` + ${r.container.usedMb}` : ''}`,
          r.phasesMedianMs.seed,
          r.phasesMedianMs['explain before'],
          r.phasesMedianMs.trace,
          r.phasesMedianMs['explain after'],
          r.otherPhasesMedianMs,
          r.unphasedMedianMs,
          r.outsideTotalMedianMs,
          r.explainWorkMedianS.toFixed(2),
          r.seedRowsPerS.toLocaleString('en-US'),
          r.queriesPlannedPerS.toFixed(1),
        ]),
      ),
    );
    log('');
    log(`phases: the report's, median ms; other phases: discover + lint + replay; database start/stop: the report's total minus its phases (starting and disposing of PGlite or the container); process: wall time minus the report's total (Node's start-up, loading the bundle, exit).`);
    log(`EXPLAIN work: explain before + trace + explain after; plans/s: ${project.queries} queries over explain before; peak RSS: ${rssMethod.label}${results.some((r) => r.container) ? '; + the container\'s `docker stats` memory' : ''}.`);
    for (const r of results) {
      log(`${r.provider}, ${r.change}: findings ${Object.entries(r.findingsByRule).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      log(`  broken: ${r.broken.join(', ')}; regressed: ${r.regressed.join(', ')}; measured index on: ${r.regressionsWithIndex.join(' | ') || 'none'}`);
      log(`  goal: EXPLAIN work < ${GOAL.explainWorkS} s (max ${r.explainWorkMaxS.toFixed(2)} s) ${r.explainGoalMet ? 'met' : 'NOT met'}${r.seedGoalMet !== undefined ? `; seeding ≥ ${GOAL.dockerSeedRowsPerS.toLocaleString('en-US')} rows/s (${r.seedRowsPerS.toLocaleString('en-US')}) ${r.seedGoalMet ? 'met' : 'NOT met'}` : ''}`);
    }
    for (const s of skipped) log(`not measured: ${s.id}: ${s.reason}`);
    return { project, goal: GOAL, pinning: pin, runs, rssMethod: rssMethod.id, results, skipped };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const round2 = (x) => Math.round(x * 100) / 100;
