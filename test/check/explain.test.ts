import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/core/types.js';
import { run, type RunResult } from '../../src/run.js';
import { providerCases } from '../support/providers.js';

// fixtures/explain: 002 indexes orders.customer_id, the change drops that index (004) and orders.coupon_code (005);
// db/queries/orders.sql has one query that filters on customer_id and one that reads coupon_code.
const CHANGE: [string, string] = ['db/migrations/004_drop_orders_customer_index.sql', 'db/migrations/005_drop_coupon_code.sql'];

function project(extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'preflight-explain-'));
  cpSync('fixtures/explain', root, { recursive: true });
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(root, path), text);
  return root;
}

/** 1-based line and column of the first occurrence of `needle` in a fixture file (ASCII text). */
function locate(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle));
  if (before.length === text.length) throw new Error(`${needle} not found`);
  const lines = before.split('\n');
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

const fixture = (path: string) => readFileSync(join('fixtures/explain', path), 'utf8');

function only(report: Report, ruleId: string): Finding {
  const found = report.findings.filter((f) => f.ruleId === ruleId);
  expect(found, ruleId).toHaveLength(1);
  return found[0]!;
}

for (const provider of providerCases()) describe.skipIf(provider.skip)(`the EXPLAIN phase of check on ${provider.name}`, () => {
  let result: RunResult;
  const checked = async () => (result ??= await run({ cwd: project(), paths: [], changed: CHANGE, database: provider.database() }));

  it('reports the query the change breaks on the statement that breaks it, naming the query', async () => {
    const { report } = await checked();
    const broken = only(report, 'query-broken-by-change');
    expect(broken).toMatchObject({ file: CHANGE[1], line: 1, column: 1, severity: 'error', source: 'explain' });
    const query = locate(fixture('db/queries/orders.sql'), 'SELECT id, coupon_code');
    expect(broken.message).toContain(`db/queries/orders.sql:${query.line} (GetOrderCoupon)`);
    expect(broken.message).toContain('column "coupon_code" does not exist');
  }, 180_000);

  it('reports the plan the dropped index makes worse on the DROP INDEX, with both plans and an index measured to restore it', async () => {
    const { report } = await checked();
    const regression = only(report, 'plan-regression');
    expect(regression).toMatchObject({ file: CHANGE[0], ...locate(fixture(CHANGE[0]), 'DROP INDEX'), source: 'explain' });
    expect(regression.message).toContain(`db/queries/orders.sql:${locate(fixture('db/queries/orders.sql'), 'SELECT id, status').line} (ListCustomerOrders)`);
    const evidence = regression.evidence as {
      base: { cost: number; lines: string[] };
      changed: { cost: number; lines: string[] };
      index: { statement: string; beforeCost: number; afterCost: number };
    };
    expect(evidence.base.lines[0]).toMatch(/^(Index Scan|Index Only Scan|Bitmap Heap Scan)/);
    expect(evidence.base.lines.join('\n')).toContain('orders_customer_id_idx');
    expect(evidence.changed.lines[0]).toMatch(/^Seq Scan on public\.orders/);
    expect(evidence.changed.cost).toBeGreaterThan(evidence.base.cost * 1.1);
    expect(evidence.index.statement).toMatch(/^CREATE INDEX CONCURRENTLY \S+ ON public\.orders \(customer_id[,)]/);
    expect(evidence.index.afterCost).toBeLessThanOrEqual(evidence.index.beforeCost / 2);
    expect(regression.help).toContain(evidence.index.statement);
  }, 180_000);

  it('stays quiet about queries the change does not affect, and lists every query with its cost before and after', async () => {
    const { report } = await checked();
    expect(report.findings.filter((f) => f.file.startsWith('db/queries/'))).toEqual([]);
    expect(report.queries!.map((q) => `${q.file}:${q.line} ${q.name}`)).toEqual([
      `db/queries/items.sql:${locate(fixture('db/queries/items.sql'), 'SELECT').line} ListOrderItems`,
      `db/queries/orders.sql:${locate(fixture('db/queries/orders.sql'), 'SELECT id, status').line} ListCustomerOrders`,
      `db/queries/orders.sql:${locate(fixture('db/queries/orders.sql'), 'SELECT id, coupon_code').line} GetOrderCoupon`,
    ]);
    const items = report.queries![0]!;
    expect(items.before).toMatchObject({ status: 'planned', generic: true });
    expect(items.after!.cost).toBe(items.before!.cost);
    expect(report.queries![2]!.after).toMatchObject({ status: 'failed' });
  }, 180_000);

  it('plans on data seeded at the sizes the config gives', async () => {
    const { report } = await checked();
    expect(report.seed!.tables.map((t) => [t.table, t.status, t.rows])).toEqual([
      ['public.customers', 'filled', 20_000],
      ['public.order_items', 'filled', 100_000],
      ['public.orders', 'filled', 100_000],
    ]);
  }, 180_000);
});

describe('a change of query files only', () => {
  const queries = [
    '-- name: CountCustomerOrders :one',
    'SELECT count(*) FROM orders WHERE custmer_id = $1;',
    '',
    '-- name: ItemsBySku :many',
    'SELECT order_id, quantity FROM order_items WHERE sku = @sku;',
    '',
    '-- name: RefreshOrderStats :exec',
    'ANALYZE orders;',
    '',
  ].join('\n');
  let result: RunResult;
  const checked = async () =>
    (result ??= await run({ cwd: project({ 'db/queries/reports.sql': queries }), paths: [], changed: ['db/queries/reports.sql'], database: { kind: 'pglite' } }));

  it('replays the migrations and reports a query that does not plan where Postgres points', async () => {
    const { report, exitCode } = await checked();
    const failed = only(report, 'query-plan-failed');
    expect(failed).toMatchObject({ file: 'db/queries/reports.sql', ...locate(queries, 'custmer_id') });
    expect(failed.message).toContain('column "custmer_id" does not exist');
    expect(exitCode).toBe(1);
  }, 180_000);

  it('attaches an index measured on the seeded data to the slow scan it removes', async () => {
    const { report } = await checked();
    const scan = only(report, 'selective-seq-scan');
    expect(scan).toMatchObject({ file: 'db/queries/reports.sql', line: locate(queries, 'SELECT order_id').line, source: 'explain' });
    const index = (scan.evidence as { index: { statement: string; afterCost: number; beforeCost: number } }).index;
    expect(index.statement).toMatch(/^CREATE INDEX CONCURRENTLY \S+ ON public\.order_items \(sku\);$/);
    expect(index.afterCost).toBeLessThanOrEqual(index.beforeCost / 2);
    expect(scan.help).toContain(index.statement);
    expect(report.findings.filter((f) => f.ruleId === 'index-suggestion')).toEqual([]);
  }, 180_000);

  it('notes the statement it cannot plan instead of failing on it', async () => {
    const { report } = await checked();
    expect(report.notes).toEqual([expect.stringMatching(new RegExp(`^db/queries/reports\\.sql:${locate(queries, 'ANALYZE').line} \\(RefreshOrderStats\\): not planned: ANALYZE`))]);
  }, 180_000);
});

describe('check --analyze', () => {
  it('runs each query with sample values on the seeded data and says so', async () => {
    const { report } = await run({ cwd: project(), paths: [], changed: ['db/queries/items.sql'], analyze: true, database: { kind: 'pglite' } });
    expect(report.queries!.find((q) => q.name === 'ListOrderItems')!.after).toMatchObject({ status: 'planned', analyzed: true, generic: false });
  }, 180_000);
});

describe('an index suggestion for a query of the change without a plan finding', () => {
  it('is a notice on the query with the measured CREATE INDEX', async () => {
    // The newest orders: the whole table is read and sorted, which no plan rule reports (there is a LIMIT and no
    // filter), but an index on created_at lets Postgres read the first 20 entries of the index instead.
    const text = '-- name: LatestOrders :many\nSELECT id, total FROM orders ORDER BY created_at DESC LIMIT 20;\n';
    const { report } = await run({ cwd: project({ 'db/queries/latest.sql': text }), paths: [], changed: ['db/queries/latest.sql'], database: { kind: 'pglite' } });
    const suggestion = only(report, 'index-suggestion');
    expect(suggestion).toMatchObject({ file: 'db/queries/latest.sql', ...locate(text, 'SELECT'), severity: 'notice' });
    const index = (suggestion.evidence as { index: { statement: string; beforeCost: number; afterCost: number } }).index;
    expect(index.statement).toMatch(/^CREATE INDEX CONCURRENTLY \S+ ON public\.orders \(created_at\);$/);
    expect(index.afterCost).toBeLessThanOrEqual(index.beforeCost / 2);
    expect(suggestion.help).toContain(index.statement);
    expect(report.findings.filter((f) => f.file === 'db/queries/latest.sql')).toEqual([suggestion]);
  }, 180_000);
});

describe('seed problems', () => {
  it('a failing seed file is reported where it fails, and the queries are still planned on generated rows', async () => {
    const seed = "INSERT INTO customers (email, name) VALUES ('a@example.com', 'A');\nINSERT INTO customers (email, nam) VALUES ('b@example.com', 'B');\n";
    const root = project({ 'seed.sql': seed });
    writeFileSync(join(root, '.sql-preflight.yml'), `${readFileSync(join(root, '.sql-preflight.yml'), 'utf8')}  files: [seed.sql]\n`);
    const { report } = await run({ cwd: root, paths: [], changed: CHANGE, database: { kind: 'pglite' } });
    const failed = only(report, 'base-migration-failed');
    expect(failed).toMatchObject({ file: 'seed.sql', ...locate(seed, 'nam)') });
    expect(failed.message).toBe('The seed SQL failed: column "nam" of relation "customers" does not exist.');
    // The file ran in a transaction of its own: its first row is gone too, so the generator filled the table.
    expect(report.seed!.tables.find((t) => t.table === 'public.customers')).toMatchObject({ status: 'filled', rows: 20_000 });
    expect(only(report, 'plan-regression').file).toBe(CHANGE[0]);
  }, 180_000);
});

describe('run-timeout', () => {
  it('bounds the database work: past it the database checks stop, the static findings are reported, and the run exits 2', async () => {
    const root = project();
    writeFileSync(join(root, '.sql-preflight.yml'), `${readFileSync(join(root, '.sql-preflight.yml'), 'utf8')}run-timeout: 0.001\n`);
    const { report, problems, exitCode } = await run({ cwd: root, paths: [], changed: CHANGE, database: { kind: 'pglite' } });
    expect(problems).toEqual([expect.stringContaining('the run deadline of 0.001 s passed')]);
    expect(report.findings.map((f) => f.ruleId)).toContain('ban-drop-column');
    expect(report.findings.filter((f) => f.source === 'explain')).toEqual([]);
    expect(exitCode).toBe(2);
  }, 60_000);
});

describe('backfills in the change', () => {
  const migration = [
    'ALTER TABLE orders ADD COLUMN total_cents bigint;',
    "UPDATE orders SET total_cents = total * 100 WHERE status = 'paid';",
    'INSERT INTO order_items (order_id, sku, quantity) SELECT o.id, c.email, 1 FROM orders o, customers c WHERE o.id <= 50 AND c.id <= 100;',
    '',
  ].join('\n');
  let result: RunResult;
  const checked = async () =>
    (result ??= await run({ cwd: project({ 'db/migrations/006_backfill.sql': migration }), paths: [], changed: ['db/migrations/006_backfill.sql'], database: { kind: 'pglite' } }));

  it('are planned on the schema after the change, where the column they fill exists', async () => {
    const { report } = await checked();
    const planned = report.queries!.filter((q) => q.file === 'db/migrations/006_backfill.sql');
    expect(planned.map((q) => [q.line, q.after?.status])).toEqual([
      [locate(migration, 'UPDATE').line, 'planned'],
      [locate(migration, 'INSERT').line, 'planned'],
    ]);
  }, 180_000);

  it('get the plan rules that hold for a one-off statement: a join without a condition, not a sequential scan', async () => {
    const { report } = await checked();
    const explained = report.findings.filter((f) => f.source === 'explain');
    expect(explained.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual([
      `cartesian-product db/migrations/006_backfill.sql:${locate(migration, 'INSERT').line}:1`,
    ]);
  }, 180_000);
});

describe('check --stats', () => {
  it('plans with production row counts from the statistics file on PostgreSQL 18 (PGlite), on the seeded rows', async () => {
    const table = (name: string, reltuples: number) => ({ schema: 'public', name, kind: 'table', relpages: 1, reltuples, relallvisible: 0, columns: [] });
    const stats = {
      version: 1,
      source: { server_version: '17.2', server_version_num: 170002 },
      exported_at: '2026-11-01T00:00:00Z',
      with_values: false,
      tables: [table('customers', 2_000_000), table('order_items', 150_000_000), table('orders', 50_000_000)],
    };
    const root = project({ 'stats.json': JSON.stringify(stats) });
    const { report } = await run({ cwd: root, paths: [], changed: CHANGE, statsFile: 'stats.json', database: { kind: 'pglite' } });
    expect(report.seed!.statistics).toEqual({ mode: 'restored', tables: 3 });
    // The config's sizes win for seeding; the planner counts production's rows.
    expect(report.seed!.tables.find((t) => t.table === 'public.orders')!.rows).toBe(100_000);
    // After the index is dropped the query reads all of orders: at cpu_tuple_cost 0.01 per row, 50 million rows
    // cost at least 500,000 whatever the pages are.
    const listOrders = report.queries!.find((q) => q.name === 'ListCustomerOrders')!;
    expect(listOrders.after!.cost).toBeGreaterThan(500_000);
    expect(only(report, 'plan-regression').file).toBe(CHANGE[0]);
  }, 180_000);
});

describe('a change of neither migrations nor query files', () => {
  it('starts no database and seeds nothing', async () => {
    const root = project({ 'README.md': '# shop\n' });
    const { report, exitCode } = await run({ cwd: root, paths: [], changed: ['README.md'], changedIncludesOtherFiles: true, database: { kind: 'pglite' } });
    expect(report.database).toBeUndefined();
    expect(report.seed).toBeUndefined();
    expect(report.findings).toEqual([]);
    expect(exitCode).toBe(0);
  }, 60_000);
});

describe('a regressed query whose file is part of the change', () => {
  it('is reported once, by the regression with the measured index, not again by the plan rules for the same scan', async () => {
    const { report } = await run({ cwd: project(), paths: [], changed: [CHANGE[0], 'db/queries/orders.sql'], database: { kind: 'pglite' } });
    const regression = only(report, 'plan-regression');
    expect((regression.evidence as { index?: { statement: string } }).index?.statement).toMatch(/ON public\.orders \(customer_id/);
    // 005 is not part of this change, so it is replayed before it and GetOrderCoupon fails on both schemas: that
    // is the only finding in the query file.
    expect(report.findings.filter((f) => f.file === 'db/queries/orders.sql').map((f) => `${f.ruleId}:${f.line}`)).toEqual([
      `query-plan-failed:${locate(fixture('db/queries/orders.sql'), 'SELECT id, coupon_code').line}`,
    ]);
  }, 180_000);
});

describe('check --analyze on a query that reaches outside the throwaway database', () => {
  it('plans it without running it, and reports the refusal where it stands', async () => {
    const text = "-- name: Hostname :one\nSELECT id, pg_read_file('/etc/hostname') FROM orders WHERE id = $1;\n";
    const { report } = await run({ cwd: project({ 'db/queries/files.sql': text }), paths: [], changed: ['db/queries/files.sql'], analyze: true, database: { kind: 'pglite' } });
    expect(only(report, 'unsafe-statement-refused')).toMatchObject({ file: 'db/queries/files.sql', ...locate(text, 'pg_read_file') });
    expect(report.queries!.find((q) => q.name === 'Hostname')!.after).toMatchObject({ status: 'planned', analyzed: false });
    expect(report.queries!.find((q) => q.name === 'ListOrderItems')!.after).toMatchObject({ status: 'planned', analyzed: true });
  }, 180_000);
});

describe('a table the change creates', () => {
  it('is seeded after the change, so the queries on it are planned on rows, and each table is listed once', async () => {
    const migration = 'CREATE TABLE coupons (code text PRIMARY KEY, percent integer NOT NULL CHECK (percent BETWEEN 1 AND 90));\n';
    const query = '-- name: CouponsAbove :many\nSELECT code FROM coupons WHERE percent > $1;\n';
    const { report } = await run({
      cwd: project({ 'db/migrations/006_coupons.sql': migration, 'db/queries/coupons.sql': query }),
      paths: [],
      changed: ['db/migrations/006_coupons.sql', 'db/queries/coupons.sql'],
      database: { kind: 'pglite' },
    });
    // No size in the config: the seeder's default of 10,000 rows.
    expect(report.seed!.tables.map((t) => [t.table, t.status, t.rows])).toEqual([
      ['public.customers', 'filled', 20_000],
      ['public.order_items', 'filled', 100_000],
      ['public.orders', 'filled', 100_000],
      ['public.coupons', 'filled', 10_000],
    ]);
    const coupons = report.queries!.find((q) => q.name === 'CouponsAbove')!;
    expect(coupons.before).toMatchObject({ status: 'failed' });
    // An empty table is planned as if it had 10 pages (a cost of about 40); a scan of 10,000 rows costs well over 100.
    expect(coupons.after).toMatchObject({ status: 'planned' });
    expect(coupons.after!.cost).toBeGreaterThan(100);
  }, 180_000);
});
