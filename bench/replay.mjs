// Replay speed: sql-preflight applying a migration history to a real PostgreSQL server, against `psql -X -1 -f`
// run once per file in the same order on the same server; plus provider start-up times and the replay's peak RSS.
//
// Each side gets a throwaway database of its own on the same server, created fresh for every run. The replay
// runs in a child process (`node --import tsx bench/replay.mjs --child ...`, as src/ is TypeScript), which times
// its own phases: provider start-up, then the replay proper (every file through `applyMigration`, parsing
// included). psql is timed spawn to exit per file, since one process per file is how it runs migrations; the
// ratio compares the two totals. After each run the child checks that both databases ended with the same
// schema (`schemaFingerprint`), so that a fast replay that skipped work would show.
//
// The server: BENCH_DATABASE_URL or SQL_PREFLIGHT_TEST_DATABASE_URL (a role with CREATEDB), else a container
// from BENCH_POSTGRES_IMAGE or SQL_PREFLIGHT_TEST_POSTGRES_IMAGE. Without either, only PGlite is measured.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, measure, median, rssMethod } from './lib/measure.mjs';
import { NO_WASM_TIER_UP } from './lint.mjs';

export const name = 'replay';
export const title = 'Replay: sql-preflight applyMigration vs psql -X -1 -f per file, on the same server';

export const DEFAULT_SEED = 20241126;
export const DEFAULT_FILES = 320;

const benchDir = dirname(fileURLToPath(import.meta.url));

// Only when this file is the script (trace.mjs imports it for the history and the server, and has a child of its own).
if (process.argv[2] === '--child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await child(JSON.parse(process.argv[3])))}\n`);
  // PGlite's worker and pg's sockets are gone after dispose; exit anyway rather than wait on a stray handle.
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------
// The migration history: deterministic, every file valid in a transaction and on PostgreSQL 12+, so that both
// tools apply all of it without an error. A small model of the schema keeps later files working on tables and
// columns that exist, as a real history does.

function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), pick: (list) => list[Math.floor(next() * list.length)], chance: (p) => next() < p };
}

const NOUNS = ['accounts', 'orders', 'invoices', 'payments', 'products', 'shipments', 'tickets', 'projects', 'tasks', 'events', 'plans', 'coupons'];
const KINDS = [
  { type: 'text', def: "'pending'" },
  { type: 'integer', def: '0' },
  { type: 'numeric(12,2)', def: '0', check: (c) => `${c} >= 0` },
  { type: 'boolean', def: 'false' },
  { type: 'jsonb', def: "'{}'::jsonb" },
  { type: 'timestamptz', def: 'now()' },
  { type: 'date' },
  { type: 'uuid', def: 'gen_random_uuid()' },
  { type: 'text[]', def: "'{}'::text[]" },
  { type: 'bigint', def: '0', check: (c) => `${c} >= 0` },
];
const NOTES = ['Größe und Maße – geprüft', 'données vérifiées (€)', '注文テーブル', 'Таблица заказов', '订单 📦', 'Σ totals 🚀'];

/**
 * A column is NOT NULL only with a default, so that `INSERT ... DEFAULT VALUES` works on every table, and is
 * `pinned` once an index, view or constraint uses it: it is then never dropped or retyped.
 */
export function generateHistory({ seed = DEFAULT_SEED, files = DEFAULT_FILES } = {}) {
  const r = rng(seed);
  const tables = [];
  const migrations = [];
  let serial = 0;
  const id = () => ++serial;
  const newColumn = (table) => {
    const kind = r.pick(KINDS);
    const column = { name: `${kind.type.replace(/\W.*/, '')}_${id()}`, kind, pinned: false };
    table.columns.push(column);
    return column;
  };
  const createTable = (out) => {
    const table = { name: `${r.pick(NOUNS)}_${id()}`, columns: [], unique: false, trigger: false };
    const lines = ['  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY', '  created_at timestamptz NOT NULL DEFAULT now()'];
    for (let i = r.int(2, 6); i > 0; i--) {
      const column = newColumn(table);
      lines.push(`  ${column.name} ${column.kind.type}${column.kind.def && r.chance(0.6) ? ` NOT NULL DEFAULT ${column.kind.def}` : ''}`);
    }
    const parent = tables.length > 0 && r.chance(0.6) ? r.pick(tables) : undefined;
    if (parent) lines.push(`  ${parent.name}_id bigint REFERENCES ${parent.name} (id) ON DELETE CASCADE`);
    out.push(`CREATE TABLE ${table.name} (\n${lines.join(',\n')}\n);`);
    if (parent) out.push(`CREATE INDEX ${table.name}_${parent.name}_idx ON ${table.name} (${parent.name}_id);`);
    out.push(`COMMENT ON TABLE ${table.name} IS '${r.pick(NOTES)}';`);
    tables.push(table);
  };
  const steps = [
    (out, t) => {
      const column = newColumn(t);
      out.push(`ALTER TABLE ${t.name} ADD COLUMN ${column.name} ${column.kind.type}${column.kind.def ? ` DEFAULT ${column.kind.def}` : ''};`);
    },
    (out, t) => {
      const column = r.pick(t.columns.filter((c) => ['text', 'integer', 'bigint', 'date', 'timestamptz', 'numeric(12,2)'].includes(c.kind.type)) ?? []);
      if (!column) return;
      column.pinned = true;
      const partial = r.chance(0.3) ? ` WHERE ${column.name} IS NOT NULL` : '';
      out.push(`CREATE INDEX ${t.name}_${column.name}_${id()}_idx ON ${t.name} (${column.name}${r.chance(0.4) ? ', created_at DESC' : ''})${partial};`);
    },
    (out, t) => {
      const column = r.pick(t.columns.filter((c) => c.kind.check));
      if (!column) return;
      column.pinned = true;
      const constraint = `${t.name}_${column.name}_check_${id()}`;
      out.push(`ALTER TABLE ${t.name} ADD CONSTRAINT ${constraint} CHECK (${column.kind.check(column.name)}) NOT VALID;`);
      out.push(`ALTER TABLE ${t.name} VALIDATE CONSTRAINT ${constraint};`);
    },
    (out, t) => {
      const column = r.pick(t.columns.filter((c) => !c.pinned));
      if (!column) return;
      t.columns.splice(t.columns.indexOf(column), 1);
      out.push(`ALTER TABLE ${t.name} DROP COLUMN ${column.name};`);
    },
    (out, t) => {
      const column = r.pick(t.columns.filter((c) => c.kind.def));
      if (!column) return;
      out.push(`ALTER TABLE ${t.name} ALTER COLUMN ${column.name} SET DEFAULT ${column.kind.def};`);
    },
    (out, t) => {
      const column = r.pick(t.columns.filter((c) => c.kind.type === 'integer' && !c.pinned));
      if (!column) return;
      column.kind = KINDS.find((k) => k.type === 'bigint');
      out.push(`ALTER TABLE ${t.name} ALTER COLUMN ${column.name} TYPE bigint;`);
    },
    (out, t) => {
      if (t.trigger) return;
      t.trigger = true;
      out.push(`ALTER TABLE ${t.name} ADD COLUMN updated_at timestamptz;`);
      out.push(
        `CREATE FUNCTION ${t.name}_touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n$$;`,
      );
      out.push(`CREATE TRIGGER ${t.name}_touch BEFORE UPDATE ON ${t.name} FOR EACH ROW EXECUTE FUNCTION ${t.name}_touch();`);
    },
    (out, t) => {
      const columns = t.columns.slice(0, 3);
      for (const column of columns) column.pinned = true;
      out.push(`CREATE VIEW ${t.name}_recent_${id()} AS\n  SELECT id, created_at${columns.map((c) => `, ${c.name}`).join('')}\n  FROM ${t.name}\n  WHERE created_at > now() - interval '7 days';`);
    },
    (out, t) => {
      out.push(`INSERT INTO ${t.name} DEFAULT VALUES;`);
      out.push(`INSERT INTO ${t.name} DEFAULT VALUES;`);
      if (t.trigger) out.push(`UPDATE ${t.name} SET created_at = created_at WHERE id > 0;`);
    },
    (out) => {
      const type = `status_${id()}`;
      out.push(`CREATE TYPE ${type} AS ENUM ('new', 'active', 'archived');`);
      const t = r.pick(tables);
      out.push(`ALTER TABLE ${t.name} ADD COLUMN ${type} ${type} NOT NULL DEFAULT 'new';`);
      t.columns.push({ name: type, kind: { type }, pinned: true });
    },
    (out, t) => {
      out.push(`CREATE FUNCTION ${t.name}_count_${id()}(since timestamptz) RETURNS bigint LANGUAGE sql STABLE AS $$\n  SELECT count(*) FROM ${t.name} WHERE created_at >= since;\n$$;`);
    },
  ];
  for (let f = 1; f <= files; f++) {
    const out = [`-- Migration ${f}: ${r.pick(NOTES)}`];
    if (tables.length < 3 || r.chance(0.3)) createTable(out);
    for (let i = r.int(2, 6); i > 0; i--) r.pick(steps)(out, r.pick(tables));
    migrations.push({ name: `${String(f).padStart(4, '0')}_migration.sql`, text: `${out.join('\n\n')}\n` });
  }
  return migrations;
}

export async function writeHistory(dir, options) {
  const migrations = generateHistory(options);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { loadModule, parseSync } = await import('libpg-query');
  await loadModule();
  const hash = createHash('sha256');
  let statements = 0;
  let bytes = 0;
  for (const m of migrations) {
    writeFileSync(join(dir, m.name), m.text);
    hash.update(m.name).update('\0').update(m.text);
    statements += parseSync(m.text).stmts?.length ?? 0;
    bytes += Buffer.byteLength(m.text);
  }
  return { dir, files: migrations.length, statements, bytes, sha256: hash.digest('hex').slice(0, 16) };
}

// ---------------------------------------------------------------------------------------------------------
// The child: one replay or one start-up measurement, in a process of its own (for peak RSS and cold starts).

async function child(task) {
  const { openProvider } = await import('../src/db/index.ts');
  const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
  if (task.op === 'startup') {
    const times = [];
    for (let i = 0; i < task.times; i++) {
      const started = process.hrtime.bigint();
      const { provider } = await openProvider({ ...task.options, postgresVersion: 15 });
      const session = await provider.open();
      await session.query('SELECT 1');
      const ready = ms(started);
      await session.close();
      const disposing = process.hrtime.bigint();
      await provider.dispose();
      times.push({ readyMs: ready, disposeMs: ms(disposing) });
    }
    return { times };
  }

  const { applyMigration, compareFingerprints, schemaFingerprint } = await import('../src/replay/index.ts');
  const files = readdirSync(task.dir).filter((n) => n.endsWith('.sql')).sort().map((n) => ({ path: n, text: readFileSync(join(task.dir, n), 'utf8'), skipped: [], transaction: task.mode }));
  const starting = process.hrtime.bigint();
  const { provider } = await openProvider({ ...task.options, postgresVersion: 15 });
  const session = await provider.open();
  const startupMs = ms(starting);
  const replaying = process.hrtime.bigint();
  const failures = [];
  for (const file of files) {
    const failure = await applyMigration(session, file);
    if (failure) failures.push(failure);
  }
  const replayMs = ms(replaying);
  let difference;
  if (task.compareWith) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: task.compareWith });
    await client.connect();
    const other = { query: async (sql, params) => (await client.query(sql, params)).rows, exec: async (sql) => void (await client.query(sql)), close: () => client.end() };
    difference = compareFingerprints(await schemaFingerprint(other), await schemaFingerprint(session));
    await client.end();
  }
  await session.close();
  await provider.dispose();
  return { startupMs, replayMs, failures: failures.slice(0, 3), failureCount: failures.length, difference, serverVersion: provider.serverVersion.full };
}

// ---------------------------------------------------------------------------------------------------------
// The orchestration: plain Node, with `pg` for the psql side's databases.

function runProcess(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
    let stderr = '';
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    proc.once('error', reject);
    proc.once('exit', (code) => resolve({ code, stderr }));
  });
}

async function withAdmin(adminUrl, use) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const redact = (url) => url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');

/** Every file through `psql -X -1 -f` (or without -1) in order, in a fresh database; the sum of the spawn-to-exit times. */
async function psqlRun(adminUrl, dir, names, single) {
  const database = `sql_preflight_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${database}`));
  const url = databaseUrl(adminUrl, database);
  const started = process.hrtime.bigint();
  for (const file of names) {
    const args = ['-X', '-q', ...(single ? ['-1'] : []), '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', join(dir, file)];
    const { code, stderr } = await runProcess('psql', args, { env: { ...process.env, PGCONNECT_TIMEOUT: '10' } });
    if (code !== 0) throw new Error(`psql failed on ${file} (exit ${code}): ${stderr.trim().split('\n')[0]}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, database, url, drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database}`)) };
}

/** A server for the comparison: a URL, or a container started here (stopped at the end). */
export async function findServer(log) {
  const url = process.env.BENCH_DATABASE_URL || process.env.SQL_PREFLIGHT_TEST_DATABASE_URL;
  if (url) return { kind: 'url', adminUrl: url, stop: async () => {} };
  const image = process.env.BENCH_POSTGRES_IMAGE || process.env.SQL_PREFLIGHT_TEST_POSTGRES_IMAGE;
  if (!image) return undefined;
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  log(`bench: starting a container from ${image} for the comparison ...`);
  const container = await new PostgreSqlContainer(image).withDatabase('postgres').withPassword(randomBytes(12).toString('hex')).start();
  return { kind: 'docker', image, adminUrl: container.getConnectionUri(), stop: () => container.stop() };
}

export async function run({ repoRoot, runs, warmups, log }) {
  const seed = Number(process.env.BENCH_SEED ?? DEFAULT_SEED);
  const fileCount = Math.max(300, Number(process.env.BENCH_REPLAY_FILES ?? DEFAULT_FILES));
  const history = await writeHistory(join(benchDir, '.corpus', 'replay'), { seed, files: fileCount });
  const names = readdirSync(history.dir).filter((n) => n.endsWith('.sql')).sort();
  log(`history: ${history.files} files, ${history.statements} statements, ${(history.bytes / 1024).toFixed(0)} KiB, seed ${seed}, sha256 ${history.sha256}, in ${relative(repoRoot, history.dir)}/`);

  const scratch = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  let comparedWithPsql = 0;
  const spawnChild = async (task, nodeFlags = []) => {
    const m = await measure(process.execPath, [...nodeFlags, '--import', 'tsx', join(benchDir, 'replay.mjs'), '--child', JSON.stringify(task)], { cwd: repoRoot, outDir: scratch });
    if (m.exitCode !== 0) throw new Error(`the replay child exited ${m.exitCode ?? m.signal}: ${readFileSync(m.stderrPath, 'utf8').trim().split('\n').slice(-5).join(' / ')}`);
    return { ...JSON.parse(readFileSync(m.stdoutPath, 'utf8')), wallS: m.wall, peakRssMb: m.peakRssMb };
  };
  const checkChild = (result, what) => {
    if (result.failureCount > 0) throw new Error(`${what}: ${result.failureCount} files failed, first: ${JSON.stringify(result.failures[0])}`);
    if (result.difference?.length) throw new Error(`${what}: the schema differs from psql's: ${result.difference.slice(0, 5).join('; ')}`);
    if (result.difference) comparedWithPsql++;
    return result;
  };

  const skipped = [];
  const comparisons = [];
  const server = await findServer(log);
  try {
    if (!server) {
      const reason = 'no server: set BENCH_DATABASE_URL / SQL_PREFLIGHT_TEST_DATABASE_URL (a role with CREATEDB) or BENCH_POSTGRES_IMAGE / SQL_PREFLIGHT_TEST_POSTGRES_IMAGE';
      skipped.push({ id: 'replay vs psql', reason });
      log(`bench: SERVER NOT AVAILABLE, skipping the psql comparison and the docker start-up: ${reason}.`);
    } else {
      const options = { kind: 'url', databaseUrl: server.adminUrl };
      log(`server: ${server.kind === 'url' ? redact(server.adminUrl) : `container from ${server.image}`}`);
      for (const mode of ['transaction', 'none']) {
        const single = mode === 'transaction';
        const samples = { replay: [], psql: [], noTierUp: [] };
        for (let round = 0; round < warmups + runs; round++) {
          // Alternate which side goes first, so that server-side drift (autovacuum, caches) spreads over both.
          const order = round % 2 === 0 ? ['psql', 'replay'] : ['replay', 'psql'];
          let psql;
          let replay;
          try {
            for (const side of order) {
              if (side === 'psql') psql = await psqlRun(server.adminUrl, history.dir, names, single);
              // When psql went first, the child compares its schema with psql's after its timed replay.
              else replay = checkChild(await spawnChild({ op: 'replay', dir: history.dir, mode, options, compareWith: psql?.url }), `replay (${mode})`);
            }
          } finally {
            await psql?.drop();
          }
          // How much of the child's memory is V8 optimising libpg-query's WASM (see the lint section).
          const noTierUp = single ? checkChild(await spawnChild({ op: 'replay', dir: history.dir, mode, options }, NO_WASM_TIER_UP), 'replay without WASM tier-up') : undefined;
          if (round < warmups) continue;
          samples.replay.push(replay);
          samples.psql.push(psql.seconds);
          if (noTierUp) samples.noTierUp.push(noTierUp);
        }
        const replayS = median(samples.replay.map((s) => s.replayMs / 1000));
        const psqlS = median(samples.psql);
        comparisons.push({
          mode,
          psqlCommand: `psql -X -q ${single ? '-1 ' : ''}-v ON_ERROR_STOP=1 -d <url> -f <file>, once per file`,
          serverVersion: samples.replay[0].serverVersion,
          replayMedianS: round4(replayS),
          replayMinS: round4(Math.min(...samples.replay.map((s) => s.replayMs / 1000))),
          replayS: samples.replay.map((s) => round4(s.replayMs / 1000)),
          childWallMedianS: round4(median(samples.replay.map((s) => s.wallS))),
          urlStartupMedianMs: round1(median(samples.replay.map((s) => s.startupMs))),
          peakRssMb: round1(Math.max(...samples.replay.map((s) => s.peakRssMb))),
          psqlMedianS: round4(psqlS),
          psqlMinS: round4(Math.min(...samples.psql)),
          psqlS: samples.psql.map(round4),
          ratio: round2(replayS / psqlS),
          wholeProcessRatio: round2(median(samples.replay.map((s) => s.wallS)) / psqlS),
          ...(samples.noTierUp.length
            ? {
                noWasmTierUp: {
                  replayMedianS: round4(median(samples.noTierUp.map((s) => s.replayMs / 1000))),
                  childWallMedianS: round4(median(samples.noTierUp.map((s) => s.wallS))),
                  peakRssMb: round1(Math.max(...samples.noTierUp.map((s) => s.peakRssMb))),
                },
              }
            : {}),
        });
      }
    }

    // PGlite: the replay alone (no psql to compare with), and its start-up cold (a fresh process) and warm.
    const pglite = [];
    for (let round = 0; round < warmups + runs; round++) {
      const result = checkChild(await spawnChild({ op: 'replay', dir: history.dir, mode: 'transaction', options: { kind: 'pglite' } }), 'replay on PGlite');
      if (round >= warmups) pglite.push(result);
    }
    const startup = { pgliteColdMs: [], pgliteWarmMs: [], dockerMs: [], dockerDisposeMs: [], urlMs: [] };
    for (let round = 0; round < runs; round++) {
      const { times } = await spawnChild({ op: 'startup', times: 2, options: { kind: 'pglite' } });
      startup.pgliteColdMs.push(times[0].readyMs);
      startup.pgliteWarmMs.push(times[1].readyMs);
      if (server?.kind === 'url') startup.urlMs.push((await spawnChild({ op: 'startup', times: 1, options: { kind: 'url', databaseUrl: server.adminUrl } })).times[0].readyMs);
    }
    const image = process.env.BENCH_POSTGRES_IMAGE || process.env.SQL_PREFLIGHT_TEST_POSTGRES_IMAGE;
    if (image) {
      for (let round = 0; round < runs; round++) {
        const { times } = await spawnChild({ op: 'startup', times: 1, options: { kind: 'docker', postgresImage: image } });
        startup.dockerMs.push(times[0].readyMs);
        startup.dockerDisposeMs.push(times[0].disposeMs);
      }
    } else {
      skipped.push({ id: 'docker start-up', reason: 'no BENCH_POSTGRES_IMAGE / SQL_PREFLIGHT_TEST_POSTGRES_IMAGE' });
    }

    log('');
    if (comparisons.length) {
      log(
        formatTable(
          ['mode', 'sql-preflight replay s', 'min s', 'psql s', 'min s', 'ratio', 'child process s', 'peak RSS MB'],
          comparisons.map((c) => [c.mode, c.replayMedianS.toFixed(3), c.replayMinS.toFixed(3), c.psqlMedianS.toFixed(3), c.psqlMinS.toFixed(3), c.ratio.toFixed(2), c.childWallMedianS.toFixed(3), c.peakRssMb.toFixed(1)]),
        ),
      );
      log('');
      for (const c of comparisons.filter((x) => x.noWasmTierUp)) {
        const x = c.noWasmTierUp;
        log(`experiment (${c.mode}, node ${NO_WASM_TIER_UP.join(' ')}): replay ${x.replayMedianS.toFixed(3)} s, child process ${x.childWallMedianS.toFixed(3)} s, peak RSS ${x.peakRssMb.toFixed(1)} MB`);
      }
      for (const c of comparisons) {
        log(`ratio (${c.mode}) sql-preflight replay / psql per file: ${c.ratio.toFixed(2)} → ${c.ratio <= 0.5 ? 'goal met (≤ 0.50)' : 'goal NOT met (≤ 0.50)'}; whole child process (start-up included) / psql: ${c.wholeProcessRatio.toFixed(2)}`);
      }
    }
    const stat = (xs) => (xs.length ? `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)})` : 'not measured');
    log(`PGlite replay (transaction mode): median ${median(pglite.map((s) => s.replayMs / 1000)).toFixed(3)} s, peak RSS ${Math.max(...pglite.map((s) => s.peakRssMb)).toFixed(1)} MB`);
    log(`start-up to first query: PGlite cold ${stat(startup.pgliteColdMs)}, warm ${stat(startup.pgliteWarmMs)}; docker ${stat(startup.dockerMs)} (dispose ${stat(startup.dockerDisposeMs)}); url (CREATE DATABASE) ${stat(startup.urlMs)}`);
    if (comparisons.length) log(`schema after the replay compared with psql's database: identical in all ${comparedWithPsql} runs where psql went first.`);
    log(`runs: ${runs} measured after ${warmups} warm-up; peak RSS: ${rssMethod.label}.`);
    for (const s of skipped) log(`not measured: ${s.id}: ${s.reason}`);

    const summary = (xs) => (xs.length ? { medianMs: round1(median(xs)), minMs: round1(Math.min(...xs)), samplesMs: xs.map(round1) } : null);
    return {
      history: { files: history.files, statements: history.statements, bytes: history.bytes, seed, sha256: history.sha256, dir: relative(repoRoot, history.dir) },
      server: server ? { kind: server.kind, ...(server.image ? { image: server.image } : {}) } : null,
      runs,
      warmups,
      rssMethod: rssMethod.id,
      comparisons,
      schemasComparedWithPsql: comparedWithPsql,
      pglite: {
        replayMedianS: round4(median(pglite.map((s) => s.replayMs / 1000))),
        replayS: pglite.map((s) => round4(s.replayMs / 1000)),
        peakRssMb: round1(Math.max(...pglite.map((s) => s.peakRssMb))),
      },
      startup: {
        pgliteCold: summary(startup.pgliteColdMs),
        pgliteWarm: summary(startup.pgliteWarmMs),
        docker: summary(startup.dockerMs),
        dockerDispose: summary(startup.dockerDisposeMs),
        urlCreateDatabase: summary(startup.urlMs),
      },
      skipped,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await server?.stop();
  }
}

const round1 = (x) => Math.round(x * 10) / 10;
const round2 = (x) => Math.round(x * 100) / 100;
const round4 = (x) => Math.round(x * 10000) / 10000;
