import { describe, expect, it } from 'vitest';
import { loadParser } from '../../src/core/parse.js';
import { readMigrationFile, type MigrationInput } from '../../src/migrations/index.js';
import { executed } from './helpers.js';

await loadParser();

const read = (format: MigrationInput['format'], text: string, extra: Partial<MigrationInput> = {}) =>
  readMigrationFile({ format, path: 'm/1_x.sql', text, ...extra });

describe('dbmate', () => {
  it('tolerates an indented marker (leading spaces or tab) and says dbmate would not see it', () => {
    const text = '-- migrate:up\nCREATE TABLE t (id int);\n\n  -- migrate:down\nDROP TABLE t;\n';
    const { file, problems } = read('dbmate', text);
    expect(executed(file.text, file.skipped)).toEqual(['CreateStmt']);
    expect(executed(file.down!.text, file.down!.skipped)).toEqual(['DropStmt']);
    expect(problems).toEqual([expect.stringMatching(/'-- migrate:down' marker on line 4 is indented: dbmate only recognises markers at the start of a line/)]);

    const tab = read('dbmate', '\t-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (id);\n-- migrate:down\nDROP INDEX i;\n');
    expect(executed(tab.file.text, tab.file.skipped)).toEqual(['IndexStmt i']);
    expect(tab.file.transaction).toBe('implicit');
    expect(tab.problems).toEqual([expect.stringMatching(/'-- migrate:up' marker on line 1 is indented/)]);
  });

  it('accepts the marker without a space and reads options only from the up marker', () => {
    const { file, problems } = read('dbmate', '--migrate:up\nSELECT 1;\n--migrate:down transaction:false\nSELECT 2;\n');
    expect(file.transaction).toBe('transaction');
    expect(problems).toEqual([]);
  });

  it('does not take `-- migrate:upgrade` for a marker', () => {
    const { problems } = read('dbmate', '-- migrate:upgrade notes\nSELECT 1;\n');
    expect(problems).toEqual([expect.stringMatching(/no '-- migrate:up' marker/), expect.stringMatching(/no '-- migrate:down' marker/)]);
  });

  it('reports what makes dbmate refuse a file', () => {
    const { file, problems } = read('dbmate', 'CREATE TABLE t (id int);\n-- migrate:up\nSELECT 1;\n');
    expect(problems).toEqual([
      expect.stringMatching(/Line 1 has SQL before the '-- migrate:up' marker/),
      expect.stringMatching(/dbmate 2 refuses to run a migration without a down block/),
    ]);
    expect(file.skipped).toEqual([]);
  });
});

describe('goose', () => {
  it('blanks the Down section only, keeping byte offsets of multi-byte text', () => {
    const text = '-- +goose Up\n-- größer ✓\nCREATE TABLE t (id int);\n-- +goose Down\nDROP TABLE t;\n';
    const { file } = read('goose', text);
    // `-- +goose Up\n` is 13 bytes, `-- größer ✓\n` 16 (12 characters; ö and ß take 2 bytes, ✓ 3), the CREATE line 25.
    expect(file.skipped).toEqual([{ start: 54, end: Buffer.byteLength(text) }]);
    expect(file.down!.skipped).toEqual([{ start: 0, end: 54 }]);
  });

  it('reads NO TRANSACTION anywhere in the file', () => {
    expect(read('goose', '-- +goose Up\nSELECT 1;\n').file.transaction).toBe('transaction');
    expect(read('goose', '-- +goose Up\nSELECT 1;\n-- +goose Down\n-- +goose NO TRANSACTION\nSELECT 2;\n').file.transaction).toBe('none');
  });

  it('only knows the exact annotations', () => {
    const { file, problems } = read('goose', '-- +goose up\nSELECT 1;\n  -- +goose Down\nSELECT 2;\n');
    expect(problems).toEqual([expect.stringMatching(/no '-- \+goose Up' marker: goose refuses to run it/)]);
    expect(executed(file.text, file.skipped)).toEqual(['SelectStmt', 'SelectStmt']);
  });

  it('reports a Down section before the Up section', () => {
    const { file, problems } = read('goose', '-- +goose Down\nDROP TABLE t;\n-- +goose Up\nSELECT 1;\n');
    expect(problems).toEqual([expect.stringMatching(/down marker on line 1 comes before the up marker/)]);
    expect(executed(file.text, file.skipped)).toEqual(['SelectStmt']);
  });
});

describe('Flyway', () => {
  it('runs a script without a transaction when PostgreSQL cannot run one of its statements in one', () => {
    for (const sql of [
      'CREATE INDEX CONCURRENTLY i ON t (a);',
      'CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);',
      'DROP INDEX CONCURRENTLY i;',
      'VACUUM t;',
      'REINDEX SCHEMA public;',
      'ALTER SYSTEM SET work_mem = 1;',
      'CREATE DATABASE d;',
      'DISCARD ALL;',
    ]) {
      expect(read('flyway', sql).file.transaction, sql).toBe('none');
    }
    for (const sql of ['CREATE INDEX i ON t (a);', 'ANALYZE t;', 'REINDEX TABLE CONCURRENTLY t;', "ALTER TYPE e ADD VALUE 'x';"]) {
      expect(read('flyway', sql).file.transaction, sql).toBe('transaction');
    }
  });

  it('reports a script mixing both kinds, which Flyway refuses unless mixed=true', () => {
    const { file, problems } = read('flyway', 'SET lock_timeout = 1000;\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n');
    expect(file.transaction).toBe('none');
    expect(problems).toEqual([expect.stringMatching(/\(CREATE INDEX CONCURRENTLY i on line 3\).*unless 'mixed' is true/)]);
  });

  it('honours executeInTransaction=false in the script config file', () => {
    expect(read('flyway', 'UPDATE t SET a = 1;', { settings: '# comment\nexecuteInTransaction = false\n' }).file.transaction).toBe('none');
    expect(read('flyway', 'UPDATE t SET a = 1;', { settings: 'executeInTransaction=true\n' }).file.transaction).toBe('transaction');
  });
});

describe('diesel, config and unreadable files', () => {
  it('reads run_in_transaction from metadata.toml', () => {
    expect(read('diesel', 'SELECT 1;', { settings: 'run_in_transaction = false\n' }).file.transaction).toBe('implicit');
    expect(read('diesel', 'SELECT 1;', { settings: 'run_in_transaction = true\n' }).file.transaction).toBe('transaction');
  });

  it('lets the config override the runner and the file’s directives', () => {
    expect(read('plain', 'SELECT 1;', { transaction: 'transaction' }).file.transaction).toBe('transaction');
    expect(read('goose', '-- +goose NO TRANSACTION\n-- +goose Up\nSELECT 1;\n', { transaction: 'implicit' }).file.transaction).toBe('implicit');
  });

  it('keeps a read error and reads nothing else', () => {
    const readError = { message: 'bad', range: { start: 3, end: 4 } };
    const { file, problems } = read('goose', 'abc', { readError });
    expect(file).toMatchObject({ readError, skipped: [], transaction: 'transaction' });
    expect(problems).toEqual([]);
  });
});
