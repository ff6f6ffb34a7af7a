import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, parseConfig } from '../../src/config/load.js';
import { rules } from '../../src/rules/index.js';

const parse = (text: string) => parseConfig(text, '.sql-preflight.yml', rules);

describe('config', () => {
  it('reads every documented key', () => {
    const config = parse(
      [
        'postgres-version: 15',
        'fail-on: warning',
        'migrations:',
        '  - db/migrations',
        '  - path: other',
        '    format: goose',
        '    transaction: none',
        'ignore: ["db/legacy/**"]',
        'rules:',
        '  require-concurrent-index-creation: warning',
        '  syntax-error: { severity: notice }',
      ].join('\n'),
    );
    expect(config.postgresVersion).toBe(15);
    expect(config.failOn).toBe('warning');
    expect(config.migrations).toEqual([{ path: 'db/migrations' }, { path: 'other', format: 'goose', transaction: 'none' }]);
    expect(config.ignore).toEqual(['db/legacy/**']);
    expect(config.rules['require-concurrent-index-creation']).toEqual({ severity: 'warning' });
    expect(config.rules['syntax-error']).toEqual({ severity: 'notice' });
  });

  it('names the unknown key, its line and the key it was probably meant to be', () => {
    expect(() => parse('postgres-version: 15\nfail_on: error\n')).toThrow(
      '.sql-preflight.yml:2:1: unknown key "fail_on" (did you mean "fail-on"?).',
    );
  });

  it('names a key of the wrong type with its line', () => {
    expect(() => parse('migrations: db/migrations\n')).toThrow('.sql-preflight.yml:1:13: migrations must be an array.');
    expect(() => parse('postgres-version: "sixteen"\n')).toThrow('.sql-preflight.yml:1:19: postgres-version must be an integer.');
  });

  it('names an invalid enum value with the allowed ones', () => {
    expect(() => parse('fail-on: sometimes\n')).toThrow('.sql-preflight.yml:1:10: fail-on must be one of "error", "warning", "notice", "never".');
  });

  it('names an unknown key nested in a migration entry', () => {
    expect(() => parse('migrations:\n  - path: db\n    fromat: goose\n')).toThrow('.sql-preflight.yml:3:5: unknown key "fromat" in migrations[0].');
  });

  it('names a misspelt rule id with a suggestion', () => {
    expect(() => parse('rules:\n  require-concurrent-index-creaton: off\n')).toThrow(
      '.sql-preflight.yml:2:3: unknown rule "require-concurrent-index-creaton" in rules (did you mean "require-concurrent-index-creation"?).',
    );
  });

  it('rejects a config that is not a mapping', () => {
    expect(() => parse('- a\n- b\n')).toThrow('.sql-preflight.yml:1:1: the config must be an object.');
  });

  it('reports broken YAML with its position', () => {
    expect(() => parse('rules:\n  a: [unclosed\n')).toThrow(/^\.sql-preflight\.yml:\d+:\d+: invalid YAML/);
  });

  it('accepts an empty file', () => {
    expect(parse('').migrations).toEqual([]);
  });

  it('is found in a parent folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'preflight-config-'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, '.sql-preflight.yml'), 'fail-on: never\n');
    expect(findConfig(join(root, 'a', 'b'))).toBe(join(root, '.sql-preflight.yml'));
  });
});

describe('config: queries', () => {
  it('reads the query globs as written; they are relative to the config file', () => {
    const config = parseConfig('queries:\n  - db/queries/*.sql\n  - reports\n', 'project/.sql-preflight.yml', rules);
    expect(config.queries).toEqual(['db/queries/*.sql', 'reports']);
    expect(config.root).toBe('project');
  });

  it('has no query files by default', () => {
    expect(parse('fail-on: error\n').queries).toEqual([]);
  });

  it('names a queries key of the wrong type with its line', () => {
    expect(() => parse('fail-on: error\nqueries: db/queries/*.sql\n')).toThrow('.sql-preflight.yml:2:10: queries must be an array.');
    expect(() => parse('queries:\n  - 42\n')).toThrow('.sql-preflight.yml:2:5: queries[0] must be a string.');
  });
});

describe('config: seed and run-timeout', () => {
  it('reads the seed section and the run timeout in milliseconds', () => {
    const config = parse(
      ['seed:', '  files: [db/seed/plans.sql]', '  max-rows: 200000', '  default-rows: 500', '  random-seed: 7', '  skew: false', 'run-timeout: 600'].join('\n'),
    );
    expect(config.seed).toEqual({ files: ['db/seed/plans.sql'], maxRows: 200_000, defaultRows: 500, randomSeed: 7, skew: false });
    expect(config.runTimeoutMs).toBe(600_000);
  });

  it('leaves every seed setting to the seeder by default, and sets no run timeout', () => {
    const config = parse('fail-on: error\n');
    expect(config.seed).toEqual({ files: [] });
    expect(config.runTimeoutMs).toBeUndefined();
  });

  it('names a misspelt seed key and a run timeout that is not positive, with their lines', () => {
    expect(() => parse('seed:\n  max_rows: 10\n')).toThrow('.sql-preflight.yml:2:3: unknown key "max_rows" in seed.');
    expect(() => parse('seed:\n  max-rows: -1\n')).toThrow('.sql-preflight.yml:2:13: seed.max-rows must be >= 0.');
    expect(() => parse('run-timeout: 0\n')).toThrow('.sql-preflight.yml:1:14: run-timeout must be > 0.');
  });
});
