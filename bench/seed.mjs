// Seeding speed: `seedDatabase` (src/seed) filling a 10-table schema with foreign keys to 1,000,000 rows in all,
// per provider (PGlite; Docker and a URL server when available).
//
// Each run is a child process of its own (`node --import tsx bench/seed.mjs --child ...`, since src/ is
// TypeScript) with a fresh throwaway database: it creates the schema, then times `seedDatabase` as a whole
// (catalog read, inserts, deferred references, VACUUM (ANALYZE)) and its insert part alone (the whole minus the
// VACUUM (ANALYZE)). Rows per second are the rows inserted over those times. Every run must fill every table to
// its size, or the section fails. Then, as a floor, it times copying the same rows into copies of the tables
// (same indexes, no foreign keys): what inserting alone costs on that database.
//
// Providers: PGlite always; Docker from BENCH_POSTGRES_IMAGE or SQL_PREFLIGHT_TEST_POSTGRES_IMAGE; url from
// BENCH_DATABASE_URL or SQL_PREFLIGHT_TEST_DATABASE_URL (a role with CREATEDB).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, measure, median, rssMethod } from './lib/measure.mjs';

export const name = 'seed';
export const title = 'Seeding: seedDatabase filling a 10-table schema with foreign keys to 1,000,000 rows, per provider';

/** The goal from the issue, on Docker. */
export const GOAL_ROWS_PER_SECOND = 200_000;

const benchDir = dirname(fileURLToPath(import.meta.url));

// A shop: accounts and their users, a catalogue with a category tree, orders with items, payments, shipments
// and reviews. Identity keys, uuid, enums, numeric with CHECKs, varchar(n), arrays, jsonb, a composite primary
// key, a unique pair of foreign keys, and a self-reference.
export const SCHEMA = `
CREATE TYPE plan AS ENUM ('free', 'team', 'business', 'enterprise');
CREATE TYPE order_status AS ENUM ('placed', 'paid', 'shipped', 'delivered', 'cancelled');
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  country char(2) NOT NULL,
  plan plan NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts,
  email text NOT NULL UNIQUE,
  first_name text NOT NULL,
  last_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz NOT NULL,
  deleted_at timestamptz
);
CREATE INDEX ON users (account_id);
CREATE TABLE categories (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES categories,
  name text NOT NULL
);
CREATE TABLE products (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku varchar(32) NOT NULL UNIQUE,
  name text NOT NULL,
  price numeric(10,2) NOT NULL CHECK (price > 0),
  tags text[],
  attributes jsonb
);
CREATE TABLE product_categories (
  product_id bigint NOT NULL REFERENCES products,
  category_id integer NOT NULL REFERENCES categories,
  PRIMARY KEY (product_id, category_id)
);
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts,
  user_id bigint REFERENCES users,
  status order_status NOT NULL,
  total numeric(12,2) NOT NULL CHECK (total >= 0),
  note text,
  placed_at timestamptz NOT NULL
);
CREATE INDEX ON orders (account_id, placed_at);
CREATE TABLE order_items (
  order_id bigint NOT NULL REFERENCES orders,
  line integer NOT NULL,
  product_id bigint NOT NULL REFERENCES products,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
  unit_price numeric(10,2) NOT NULL,
  PRIMARY KEY (order_id, line)
);
CREATE TABLE payments (
  id uuid PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders,
  amount numeric(12,2) NOT NULL,
  method varchar(16) NOT NULL,
  paid_at timestamptz NOT NULL
);
CREATE TABLE shipments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders,
  carrier text NOT NULL,
  tracking_code varchar(40) NOT NULL UNIQUE,
  shipped_on date NOT NULL
);
CREATE TABLE reviews (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  product_id bigint NOT NULL REFERENCES products,
  user_id bigint NOT NULL REFERENCES users,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body text,
  created_at timestamptz NOT NULL
);
`;

/** 1,000,000 rows in all, in proportions a shop might have. */
export const SIZES = {
  accounts: 20_000,
  users: 100_000,
  categories: 1_000,
  products: 30_000,
  product_categories: 60_000,
  orders: 250_000,
  order_items: 350_000,
  payments: 100_000,
  shipments: 49_000,
  reviews: 40_000,
};

const TOTAL_ROWS = Object.values(SIZES).reduce((a, b) => a + b, 0);

if (process.argv[2] === '--child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await child(JSON.parse(process.argv[3])))}\n`);
  // PGlite's worker and pg's sockets are gone after dispose; exit anyway rather than wait on a stray handle.
  process.exit(0);
}

async function child(task) {
  const { openProvider } = await import('../src/db/index.ts');
  const { seedDatabase } = await import('../src/seed/index.ts');
  // A statement timeout far above any batch: the bench measures speed, the seeder keeps batches near a second.
  const { provider } = await openProvider({ ...task.options, postgresVersion: 15, statementTimeoutMs: 300_000 });
  const session = await provider.open();
  try {
    await session.exec(SCHEMA);
    const tables = Object.fromEntries(Object.entries(SIZES).map(([table, rows]) => [table, { rows }]));
    const started = process.hrtime.bigint();
    const report = await seedDatabase(session, { tables, seed: 1 });
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    const short = report.tables.filter((t) => t.status !== 'filled');
    // The floor: the same rows into copies of the tables with the same indexes, from the seeded tables, so no
    // value is computed and no foreign key checked. No set-based generator inserts faster than this.
    let floorMs = 0;
    for (const table of Object.keys(SIZES)) {
      await session.query(`CREATE TABLE floor_${table} (LIKE ${table} INCLUDING ALL)`);
      const copying = process.hrtime.bigint();
      await session.query(`INSERT INTO floor_${table} OVERRIDING SYSTEM VALUE SELECT * FROM ${table}`);
      floorMs += Number(process.hrtime.bigint() - copying) / 1e6;
    }
    return {
      serverVersion: provider.serverVersion.full,
      rows: report.rows,
      totalMs,
      insertMs: totalMs - report.analyzeMs,
      analyzeMs: report.analyzeMs,
      floorMs,
      tables: report.tables.map((t) => ({ table: t.table, rows: t.rows, ms: Math.round(t.ms) })),
      problems: [...report.problems, ...short.map((t) => ({ table: t.table, status: t.status, note: t.note }))],
    };
  } finally {
    await session.close();
    await provider.dispose();
  }
}

export async function run({ repoRoot, runs, warmups, log }) {
  const providers = [{ id: 'pglite', options: { kind: 'pglite' } }];
  const skipped = [];
  const image = process.env.BENCH_POSTGRES_IMAGE || process.env.SQL_PREFLIGHT_TEST_POSTGRES_IMAGE;
  if (image) providers.push({ id: 'docker', image, options: { kind: 'docker', postgresImage: image } });
  else skipped.push({ id: 'docker', reason: 'no BENCH_POSTGRES_IMAGE / SQL_PREFLIGHT_TEST_POSTGRES_IMAGE' });
  const url = process.env.BENCH_DATABASE_URL || process.env.SQL_PREFLIGHT_TEST_DATABASE_URL;
  if (url) providers.push({ id: 'url', options: { kind: 'url', databaseUrl: url } });
  else skipped.push({ id: 'url', reason: 'no BENCH_DATABASE_URL / SQL_PREFLIGHT_TEST_DATABASE_URL' });
  log(`schema: 10 tables with foreign keys, ${TOTAL_ROWS.toLocaleString('en-US')} rows in all (${Object.entries(SIZES).map(([t, n]) => `${t} ${n}`).join(', ')})`);

  const scratch = mkdtempSync(join(tmpdir(), 'bench-seed-'));
  const results = [];
  try {
    for (const provider of providers) {
      const samples = [];
      for (let round = 0; round < warmups + runs; round++) {
        const m = await measure(process.execPath, ['--import', 'tsx', join(benchDir, 'seed.mjs'), '--child', JSON.stringify({ options: provider.options })], { cwd: repoRoot, outDir: scratch });
        if (m.exitCode !== 0) throw new Error(`the seed child (${provider.id}) exited ${m.exitCode ?? m.signal}: ${readFileSync(m.stderrPath, 'utf8').trim().split('\n').slice(-5).join(' / ')}`);
        const result = { ...JSON.parse(readFileSync(m.stdoutPath, 'utf8')), peakRssMb: m.peakRssMb };
        if (result.problems.length > 0 || result.rows !== TOTAL_ROWS) {
          throw new Error(`seeding on ${provider.id} fell short (${result.rows} of ${TOTAL_ROWS} rows): ${JSON.stringify(result.problems.slice(0, 3))}`);
        }
        log(`  ${provider.id} run ${round + 1}${round < warmups ? ' (warm-up)' : ''}: ${(result.totalMs / 1000).toFixed(2)} s, ${Math.round(TOTAL_ROWS / (result.insertMs / 1000)).toLocaleString('en-US')} rows/s inserting`);
        if (round >= warmups) samples.push(result);
      }
      const totalS = median(samples.map((s) => s.totalMs / 1000));
      const insertS = median(samples.map((s) => s.insertMs / 1000));
      results.push({
        provider: provider.id,
        ...(provider.image ? { image: provider.image } : {}),
        serverVersion: samples[0].serverVersion,
        rows: TOTAL_ROWS,
        totalMedianS: round3(totalS),
        totalMinS: round3(Math.min(...samples.map((s) => s.totalMs / 1000))),
        insertMedianS: round3(insertS),
        analyzeMedianS: round3(median(samples.map((s) => s.analyzeMs / 1000))),
        floorMedianS: round3(median(samples.map((s) => s.floorMs / 1000))),
        floorRowsPerSecond: Math.round(TOTAL_ROWS / median(samples.map((s) => s.floorMs / 1000))),
        rowsPerSecond: Math.round(TOTAL_ROWS / totalS),
        insertRowsPerSecond: Math.round(TOTAL_ROWS / insertS),
        peakRssMb: round1(Math.max(...samples.map((s) => s.peakRssMb))),
        totalS: samples.map((s) => round3(s.totalMs / 1000)),
        tablesMs: Object.fromEntries(samples[0].tables.map((t) => [t.table, median(samples.map((s) => s.tables.find((x) => x.table === t.table).ms))])),
      });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  log('');
  log(
    formatTable(
      ['provider', 'server', 'total s', 'min s', 'insert s', 'VACUUM ANALYZE s', 'rows/s (total)', 'rows/s (insert)', 'floor s', 'floor rows/s', 'peak RSS MB'],
      results.map((r) => [
        r.provider, r.serverVersion, r.totalMedianS.toFixed(2), r.totalMinS.toFixed(2), r.insertMedianS.toFixed(2), r.analyzeMedianS.toFixed(2),
        r.rowsPerSecond.toLocaleString('en-US'), r.insertRowsPerSecond.toLocaleString('en-US'), r.floorMedianS.toFixed(2),
        r.floorRowsPerSecond.toLocaleString('en-US'), r.peakRssMb.toFixed(1),
      ]),
    ),
  );
  const docker = results.find((r) => r.provider === 'docker');
  if (docker) log(`goal (docker, whole seedDatabase): ${docker.rowsPerSecond.toLocaleString('en-US')} rows/s → ${docker.rowsPerSecond >= GOAL_ROWS_PER_SECOND ? 'met' : 'NOT met'} (≥ ${GOAL_ROWS_PER_SECOND.toLocaleString('en-US')})`);
  log(`runs: ${runs} measured after ${warmups} warm-up, one child process each; peak RSS: ${rssMethod.label}.`);
  for (const s of skipped) log(`not measured: ${s.id}: ${s.reason}`);
  return { sizes: SIZES, runs, warmups, rssMethod: rssMethod.id, goalRowsPerSecond: GOAL_ROWS_PER_SECOND, results, skipped };
}

const round1 = (x) => Math.round(x * 10) / 10;
const round3 = (x) => Math.round(x * 1000) / 1000;
