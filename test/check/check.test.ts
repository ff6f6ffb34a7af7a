import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/core/types.js';
import { run, type RunResult } from '../../src/run.js';
import { providerCases } from '../support/providers.js';

const CHANGE = ['101_status_width.sql', '102_total_precision.sql', '103_unlogged_audit.sql', '104_total_check.sql', '105_broken.sql'].map(
  (f) => `db/migrations/${f}`,
);

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'preflight-check-'));
  cpSync('fixtures/check', root, { recursive: true });
  return root;
}

function find(report: Report, ruleId: string, file: string): Finding | undefined {
  return report.findings.find((f) => f.ruleId === ruleId && f.file === `db/migrations/${file}`);
}

function statementTrace(report: Report, file: string, line: number) {
  const statement = report.files.find((f) => f.path === `db/migrations/${file}`)!.statements.find((s) => s.line === line)!;
  return statement.trace;
}

for (const provider of providerCases()) describe.skipIf(provider.skip)(`check on ${provider.name}`, () => {
  let result: RunResult;
  const checked = async () => {
    result ??= await run({ cwd: project(), paths: [], changed: CHANGE, database: provider.database() });
    return result;
  };

  it('records, for each statement of the change, the locks and rewrites it took on existing tables', async () => {
    const { report } = await checked();
    // ALTER TABLE docs, Notes: changing a column's type rewrites the table and its indexes (numeric scale change
    // is not binary coercible); explicit-locking.html Table 13.2: ALTER TABLE ... TYPE takes ACCESS EXCLUSIVE.
    const precision = statementTrace(report, '102_total_precision.sql', 2)!;
    expect(precision.locks).toContainEqual({ relation: 'public.orders', mode: 'AccessExclusiveLock' });
    expect(precision.rewrites).toEqual(expect.arrayContaining(['public.orders', 'public.orders_pkey', 'public.orders_customer_id_idx']));
    // ALTER TABLE docs: increasing a varchar length limit does not rewrite the table.
    const width = statementTrace(report, '101_status_width.sql', 2)!;
    expect(width.locks).toContainEqual({ relation: 'public.orders', mode: 'AccessExclusiveLock' });
    expect(width.rewrites).toEqual([]);
    // ALTER TABLE docs: ADD CONSTRAINT ... CHECK without NOT VALID scans the table to verify existing rows.
    expect(statementTrace(report, '104_total_check.sql', 2)!.validated).toEqual([{ relation: 'public.orders', what: expect.stringContaining('orders_total_not_negative') }]);
    expect(report.database?.provider).toBe(provider.name);
  });

  it('drops a static finding the database refutes, and keeps the confirmed ones with their evidence', async () => {
    const { report, refuted } = await checked();
    // The column type came from dynamic SQL, so the static rule could not know it was a varchar widening.
    expect(find(report, 'changing-column-type', '101_status_width.sql')).toBeUndefined();
    expect(refuted.map((r) => [r.finding.ruleId, r.finding.file])).toEqual([['changing-column-type', 'db/migrations/101_status_width.sql']]);
    expect(report.summary.refuted).toBe(1);
    const confirmed = find(report, 'changing-column-type', '102_total_precision.sql')!;
    expect(confirmed.evidence).toMatchObject({ trace: { statement: 1 }, rewrites: expect.arrayContaining(['public.orders']) });
  });

  it('estimates the lock time at the production size the config gives, in plain words', async () => {
    const { report } = await checked();
    const confirmed = find(report, 'changing-column-type', '102_total_precision.sql')!;
    expect(confirmed.message).toMatch(/Rewrites public\.orders \(est\. 50M rows\) under ACCESS EXCLUSIVE: blocks all reads and writes for roughly .+\.$/);
    expect((confirmed.evidence as { estimates: unknown[] }).estimates).toEqual([
      expect.objectContaining({ relation: 'public.orders', operation: 'rewrite', rows: 50_000_000, basis: 'calibrated' }),
    ]);
  });

  it('reports a rewrite that no static rule predicted', async () => {
    const { report } = await checked();
    // ALTER TABLE docs: SET UNLOGGED rewrites the table.
    expect(find(report, 'table-rewrite', '103_unlogged_audit.sql')).toMatchObject({ line: 2, column: 1, severity: 'error' });
  });

  it('reports a migration that fails on the database at its statement, with Postgres message', async () => {
    const { report } = await checked();
    expect(find(report, 'migration-failed', '105_broken.sql')).toMatchObject({ line: 2, message: expect.stringContaining('column "shipped_at" does not exist') });
  });
});

describe('check with --base', () => {
  it('replays the migrations present at the base and checks the ones added since', async () => {
    const root = mkdtempSync(join(tmpdir(), 'preflight-git-'));
    cpSync('fixtures/check', root, { recursive: true, filter: (src) => !/\/1\d\d_[^/]*$/.test(src) });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'empty');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'base');
    writeFileSync(join(root, 'db/migrations/110_index.sql'), 'CREATE INDEX orders_total_idx ON orders (total);\n');
    writeFileSync(join(root, 'db/migrations/001_orders.sql'), '-- edited\nSELECT 1;\n');

    const { report } = await run({ cwd: root, paths: [], base: 'HEAD', database: { kind: 'pglite' } });
    const index = report.findings.find((f) => f.ruleId === 'require-concurrent-index-creation')!;
    expect(index.file).toBe('db/migrations/110_index.sql');
    // explicit-locking.html: CREATE INDEX (without CONCURRENTLY) takes SHARE.
    expect(index.evidence).toMatchObject({ locks: [{ relation: 'public.orders', mode: 'ShareLock' }] });
    expect(report.findings.filter((f) => f.file === 'db/migrations/002_audit.sql')).toEqual([]);
    expect(report.findings.find((f) => f.ruleId === 'modified-migration')).toMatchObject({ file: 'db/migrations/001_orders.sql' });
  });
});

describe('check without a usable database', () => {
  it('reports the static findings and says plainly why the database checks did not run', async () => {
    const previous = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:9';
    try {
      const result = await run({ cwd: project(), paths: [], changed: CHANGE, database: { kind: 'docker' } });
      expect(result.exitCode).toBe(2);
      expect(result.problems).toEqual([expect.stringMatching(/^The database checks did not run: no Docker engine answered at tcp:\/\/127\.0\.0\.1:9/)]);
      expect(result.report.findings.some((f) => f.ruleId === 'changing-column-type')).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previous;
    }
  });
});

for (const provider of providerCases()) describe.skipIf(provider.skip)(`a statement that runs too long on ${provider.name}`, () => {
  it('becomes a migration-failed finding that names the timeout, and the run ends', async () => {
    const root = project();
    writeFileSync(join(root, '.sql-preflight.yml'), 'migrations: [{ path: db/migrations, transaction: transaction }]\nsetup: [db/setup.sql]\nstatement-timeout: 1\n');
    writeFileSync(join(root, 'db/migrations/120_slow.sql'), 'SELECT 1;\nSELECT pg_sleep(5);\n');
    writeFileSync(join(root, 'db/migrations/121_after.sql'), 'ALTER TABLE orders ADD COLUMN note text;\n');
    const started = performance.now();
    const result = await run({ cwd: root, paths: [], changed: ['db/migrations/120_slow.sql', 'db/migrations/121_after.sql'], database: provider.database() });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(find(result.report, 'migration-failed', '120_slow.sql')).toMatchObject({
      line: 2,
      message: expect.stringContaining('ran longer than the 1 s statement timeout'),
    });
    // A real server cancels the statement and goes on; PGlite loses its database and says so.
    if (provider.name === 'pglite') expect(result.problems).toEqual([expect.stringMatching(/^The database checks stopped: .+ the rest are missing\.$/)]);
    else expect(statementTrace(result.report, '121_after.sql', 1)?.locks).toContainEqual({ relation: 'public.orders', mode: 'AccessExclusiveLock' });
  }, 60_000);
});
