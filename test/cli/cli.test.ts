import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');

function cli(args: string[], cwd = process.cwd()) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'preflight-cli-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const LOCKING = "SET lock_timeout = '5s';\nCREATE INDEX orders_status_idx ON orders (status);\n";

describe('sql-preflight lint', () => {
  it('runs the README demo and exits 0 under its fail-on: never', () => {
    const { code, stdout } = cli(['lint', '--config', 'fixtures/demo/.sql-preflight.yml']);
    expect(code).toBe(0);
    expect(stdout).toContain('fixtures/demo/db/migrations/003_order_lookup_indexes.sql:2:1  error  require-concurrent-index-creation');
    expect(stdout).toMatch(/\d+ problems \(.*\) in 5 files/);
  });

  it('prints a compiler-style block with the source line and a caret range', () => {
    const root = project({ 'migrations/1_index.sql': `-- reports\n${LOCKING}` });
    const { code, stdout } = cli(['lint', 'migrations'], root);
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        'migrations/1_index.sql:3:1  error  require-concurrent-index-creation  Creating an index on orders without CONCURRENTLY blocks writes to the table until the index is built.',
        '3 | CREATE INDEX orders_status_idx ON orders (status);',
        `  | ${'^'.repeat(49)}`,
      ].join('\n'),
    );
    expect(stdout).toContain('docs: https://');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 problem (1 error) in 1 file, 2 statements.');
  });

  it('exits by --fail-on', () => {
    const root = project({ 'm/1.sql': LOCKING });
    expect(cli(['lint', 'm', '--fail-on', 'never'], root).code).toBe(0);
    expect(cli(['lint', 'm', '--fail-on', 'error'], root).code).toBe(1);
    const clean = project({ 'm/1.sql': 'SELECT 1;\n' });
    expect(cli(['lint', 'm', '--fail-on', 'notice'], clean).code).toBe(0);
  });

  it('writes JSON to --output', () => {
    const root = project({ 'm/1.sql': LOCKING });
    const { code, stdout } = cli(['lint', 'm', '--format', 'json', '--output', 'report.json'], root);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const report = JSON.parse(readFileSync(join(root, 'report.json'), 'utf8'));
    expect(report.findings.map((f: { ruleId: string; line: number }) => [f.ruleId, f.line])).toEqual([['require-concurrent-index-creation', 2]]);
    expect(report.summary.error).toBe(1);
  });

  it('exits 2 naming the flag at fault', () => {
    expect(cli(['lint', '--formatt', 'json'])).toMatchObject({ code: 2, stderr: expect.stringContaining("'--formatt'") });
    expect(cli(['lint', '--format', 'xml'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of') });
    expect(cli(['lint', '--postgres-version', 'nine'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--postgres-version') });
    expect(cli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });

  it('exits 2 naming the config file, line and key at fault', () => {
    const root = project({ '.sql-preflight.yml': 'migrations: [m]\nfail-onn: never\n', 'm/1.sql': 'SELECT 1;\n' });
    const { code, stderr } = cli(['lint'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('.sql-preflight.yml:2:1: unknown key "fail-onn" (did you mean "fail-on"?).');
  });

  it('reports a path that matches nothing, lints the rest, and exits 2', () => {
    const root = project({ 'm/1.sql': LOCKING });
    const { code, stdout, stderr } = cli(['lint', 'm', 'missing/*.sql'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('missing/*.sql');
    expect(stdout).toContain('m/1.sql:2:1  error  require-concurrent-index-creation');
  });

  it('reports a file the migration tool would refuse as a finding, not as a usage error', () => {
    const root = project({ 'm/1_a.sql': '-- +goose Up\nSELECT 1;\n', 'm/2_b.sql': 'SELECT 2;\n' });
    const { code, stdout } = cli(['lint', 'm', '--format', 'json'], root);
    expect(code).toBe(0);
    const findings = JSON.parse(stdout).findings;
    expect(findings.map((f: { ruleId: string; file: string; line: number }) => [f.ruleId, f.file, f.line])).toEqual([['migration-layout', 'm/2_b.sql', 1]]);
    expect(findings[0].message).toContain('goose');
  });

  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(cli(['--version']).stdout.trim()).toBe(pkg.version);
    expect(cli(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('sql-preflight lint') });
  });

  it('documents the query options of check and the stats export command in its help', () => {
    const { stdout } = cli(['--help']);
    const checkOptions = stdout.slice(stdout.indexOf('Options for check:'));
    for (const option of ['--queries PATH', '--analyze', '--stats FILE']) expect(checkOptions).toContain(option);
    expect(stdout).toContain('sql-preflight stats export');
  });
});

describe('sql-preflight check with queries', () => {
  const schema = { 'm/1_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n' };

  it('plans the --queries files on the migrated schema and reports a query that cannot run', () => {
    const root = project({ ...schema, 'q/orders.sql': '-- name: OpenOrders :many\nSELECT id FROM orders WHERE statuss = $1;\n' });
    const { code, stdout } = cli(['check', 'm', '--queries', 'q/orders.sql', '--db', 'pglite', '--quiet', '--format', 'json'], root);
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings;
    expect(findings.map((f: { ruleId: string; file: string; line: number }) => [f.ruleId, f.file, f.line])).toEqual([['query-plan-failed', 'q/orders.sql', 2]]);
    expect(findings[0].message).toContain('column "statuss" does not exist');
  });

  it('reports a --queries path that does not exist and exits 2', () => {
    const root = project(schema);
    const { code, stderr } = cli(['check', 'm', '--queries', 'q/missing.sql', '--db', 'pglite', '--quiet'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('q/missing.sql: No such file or directory.');
  });

  it('reports a --stats file that cannot be read and exits 2', () => {
    const root = project({ ...schema, 'q/orders.sql': 'SELECT id FROM orders;\n' });
    const { code, stderr } = cli(['check', 'm', '--queries', 'q', '--stats', 'prod-stats.json', '--analyze', '--db', 'pglite', '--quiet'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('prod-stats.json: cannot read the statistics file (ENOENT).');
  });

  it('reports a --stats file without query files instead of ignoring it, and exits 2', () => {
    const root = project({ ...schema, 'prod-stats.json': '{}' });
    const { code, stderr } = cli(['check', 'm', '--stats', 'prod-stats.json', '--db', 'pglite', '--quiet'], root);
    expect(code).toBe(2);
    expect(stderr).toContain('prod-stats.json: the top level needs "version".');
    const valid = project({ ...schema, 'prod-stats.json': JSON.stringify({ version: 1, source: { server_version: '17.2', server_version_num: 170002 }, exported_at: '2026-11-01T00:00:00Z', with_values: false, tables: [] }) });
    const unused = cli(['check', 'm', '--stats', 'prod-stats.json', '--db', 'pglite', '--quiet'], valid);
    expect(unused.code).toBe(2);
    expect(unused.stderr).toContain('prod-stats.json: a statistics file is only used to plan queries, and no query files are given');
  });

  it('refuses the check-only options with lint', () => {
    const root = project(schema);
    for (const args of [['--analyze'], ['--queries', 'q'], ['--stats', 'prod-stats.json']]) {
      const { code, stderr } = cli(['lint', 'm', ...args], root);
      expect(code).toBe(2);
      expect(stderr).toContain(`${args[0]} applies to check, not lint.`);
    }
  });
});

describe('sql-preflight stats export', () => {
  it('needs --database-url', () => {
    const { code, stdout, stderr } = cli(['stats', 'export', '--output', 'stats.json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('stats export needs --database-url');
  });

  it('prints its own help', () => {
    const { code, stdout } = cli(['stats', 'export', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: sql-preflight stats export --database-url URL');
    expect(stdout).toContain('--no-values');
  });

  it('names the stats commands when given another', () => {
    expect(cli(['stats', 'import'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown stats command "import" (stats commands: export)') });
  });
});

describe('the version', () => {
  it('matches package.json', async () => {
    const { VERSION } = await import('../../src/version.js');
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
