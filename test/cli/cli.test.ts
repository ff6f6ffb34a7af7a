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
});

describe('the version', () => {
  it('matches package.json', async () => {
    const { VERSION } = await import('../../src/version.js');
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
