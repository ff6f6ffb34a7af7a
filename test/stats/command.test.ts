import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProvider } from '../../src/db/server.js';
import { applyStats, readStatsFile, statsExportCommand } from '../../src/stats/index.js';
import { serviceGate } from '../db/env.js';
import { SHOP, STATUS, TAGS, validateStatsFile } from './shop.js';

const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');

/** Runs the command with its output captured. */
async function run(argv: string[], cwd = tmpdir()): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk) => out.push(String(chunk)));
  stderr.on('data', (chunk) => err.push(String(chunk)));
  const code = await statsExportCommand(argv, { stdout, stderr, cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('stats export: usage and connection problems', () => {
  const refused = 'postgres://someone:pw-s3cret-1@127.0.0.1:1/shop';

  it.each([
    ['no --database-url', [], /^sql-preflight: stats export needs --database-url, the database to read the statistics of\.\n.*--help/],
    ['a value that is not a URL', ['--database-url', 'host=db password=pw-s3cret-1'], /^sql-preflight: --database-url must be a postgres:\/\/ URL, not host=db password=\*\*\*\./],
    ['an unknown option', ['--database-url', refused, '--values'], /^sql-preflight: Unknown option '--values'/],
    ['a stray argument', ['--database-url', refused, refused], /^sql-preflight: Unexpected argument 'postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/shop'/],
  ])('exits 2 on %s, with a message that hides the password', async (_case, argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('pw-s3cret-1');
  });

  it('exits 2 on a refused connection, naming the server without its password', async () => {
    const { code, stdout, stderr } = await run(['--database-url', refused]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('sql-preflight: could not connect to postgres://someone:***@127.0.0.1:1/shop: connect ECONNREFUSED 127.0.0.1:1\n');
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: sql-preflight stats export --database-url URL/);
  });
});

describe.skipIf(server.skip)('stats export from a PostgreSQL 15 server', () => {
  let provider: ServerProvider;
  let url: string;
  let password: string;
  let folder: string;
  beforeAll(async () => {
    // A database of the test's own, created and dropped by the URL provider.
    provider = await startServer({ kind: 'url', adminUrl: server.value(), statementTimeoutMs: 60_000 });
    const session = await provider.open();
    await session.exec(SHOP);
    await session.exec('ANALYZE');
    await session.close();
    const parsed = new URL(server.value());
    password = decodeURIComponent(parsed.password);
    parsed.pathname = `/${provider.database}`;
    url = parsed.toString();
    folder = mkdtempSync(join(tmpdir(), 'stats-export-'));
  }, 120_000);
  afterAll(async () => {
    await provider?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('writes the file, says what it wrote, and never prints the password', async () => {
    expect(password.length).toBeGreaterThan(0);
    const { code, stdout, stderr } = await run(['--database-url', url, '--output', 'prod.json', '--schema', 'shop', '--schema', 'nowhere'], folder);

    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain('sql-preflight: schema "nowhere" has no tables on postgres://');
    expect(stderr).toMatch(/sql-preflight: wrote the statistics of 4 tables \(\d+ columns\) from PostgreSQL 15\.[^\n]+ at postgres:\/\/\S+:\*\*\*@\S+ to prod\.json\.\n$/);
    expect(stdout + stderr).not.toContain(password);

    const text = readFileSync(join(folder, 'prod.json'), 'utf8');
    expect(text).not.toContain(password);
    expect(validateStatsFile(JSON.parse(text)), JSON.stringify(validateStatsFile.errors)).toBe(true);
    const stats = readStatsFile('prod.json', text);
    expect(Math.floor(stats.source.server_version_num / 10_000)).toBe(15);
    expect(stats.tables.map((t) => [t.name, t.kind, t.reltuples])).toEqual([
      ['events', 'partitioned', 1_000],
      ['events_2024', 'table', 1_000],
      ['orders', 'table', 10_000],
      ['statuses', 'matview', 2],
    ]);
    const orders = stats.tables.find((t) => t.name === 'orders')!;
    expect(orders.columns.find((c) => c.name === 'status')).toMatchObject(STATUS);
    expect(orders.columns.find((c) => c.name === 'tags')).toMatchObject(TAGS);
  });

  it('--no-values writes to standard output without any value', async () => {
    const { code, stdout, stderr } = await run(['--database-url', url, '--schema', 'shop', '--no-values'], folder);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^sql-preflight: wrote the statistics of 4 tables/);
    const stats = readStatsFile('-', stdout);
    expect(stats.with_values).toBe(false);
    for (const value of ['{common', 'rare', '2024-', '{x}']) expect(stdout).not.toContain(value);
  });

  it('exits 2 on a wrong password, without printing either password', async () => {
    const wrong = new URL(url);
    wrong.password = 'not-the-password-9';
    const { code, stderr } = await run(['--database-url', wrong.toString()], folder);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^sql-preflight: could not connect to postgres:\/\/\S+:\*\*\*@\S+: password authentication failed/);
    expect(stderr).not.toContain('not-the-password-9');
    expect(stderr).not.toContain(password);
  });

  it('applyStats on PostgreSQL 15 restores nothing and says the rows were generated instead', async () => {
    expect((await run(['--database-url', url, '--output', 'apply.json'], folder)).code).toBe(0);
    const stats = readStatsFile('apply.json', readFileSync(join(folder, 'apply.json'), 'utf8'));
    stats.tables.find((t) => t.name === 'orders')!.reltuples = 5_000_000;
    const session = await provider.open();
    try {
      const before = await session.query("SELECT relname, relpages, reltuples FROM pg_class WHERE relnamespace = 'shop'::regnamespace ORDER BY relname");
      const applied = await applyStats(session, stats, provider.serverVersion.major);

      expect(applied.mode).toBe('scaled-rows');
      expect(applied.notes).toEqual([expect.stringMatching(/^PostgreSQL 15 cannot import statistics \(that takes PostgreSQL 18 or later\): the tables were filled with generated rows at production counts, up to max-rows/)]);
      expect(applied.problems).toEqual([]);
      expect(applied.tables).toContainEqual({ table: 'shop.orders', rows: 10_000, note: '5,000,000 rows in production' });
      expect(applied.tables).toContainEqual({ table: 'shop.events_2024', rows: 1_000 });
      expect(await session.query("SELECT relname, relpages, reltuples FROM pg_class WHERE relnamespace = 'shop'::regnamespace ORDER BY relname")).toEqual(before);
    } finally {
      await session.close();
    }
  });
});
