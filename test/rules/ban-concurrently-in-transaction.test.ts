import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/core/lint.js';
import type { MigrationFormat, TransactionMode } from '../../src/core/types.js';
import rule from '../../src/rules/ban-concurrently-in-transaction.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'CREATE INDEX CONCURRENTLY i ON t (a);',
    { name: 'a lone statement sent as one query runs outside a transaction', transaction: 'implicit', code: 'CREATE INDEX CONCURRENTLY i ON t (a);' },
    'BEGIN;\nREFRESH MATERIALIZED VIEW CONCURRENTLY v;\nCOMMIT;',
    'BEGIN;\nCREATE INDEX i ON t (a);\nCOMMIT;',
    'BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);',
    { name: "a COMMIT in the file ends the runner's transaction", transaction: 'transaction', code: 'COMMIT;\nDROP INDEX CONCURRENTLY i;' },
    'BEGIN;\nREINDEX (CONCURRENTLY false) TABLE t;\nREINDEX (CONCURRENTLY 0) TABLE t;\nCOMMIT;',
    'BEGIN;\nALTER TABLE p DETACH PARTITION p1;\nALTER TABLE p DETACH PARTITION p2 FINALIZE;\nCOMMIT;',
  ],
  invalid: [
    {
      code: 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 37, message: /^CREATE INDEX CONCURRENTLY cannot run inside a transaction block.*transaction block on line 1\.$/ }],
    },
    {
      name: 'the runner wraps the file',
      transaction: 'transaction',
      code: 'CREATE INDEX CONCURRENTLY i ON t (a);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 37, message: /the migration runner runs the whole file in one transaction/ }],
    },
    {
      name: 'several statements sent as one query',
      transaction: 'implicit',
      code: 'SET lock_timeout = 0;\nDROP INDEX CONCURRENTLY i;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 26, message: /^DROP INDEX CONCURRENTLY .*single implicit transaction\.$/ }],
    },
    {
      name: 'after a COMMIT in a multi-statement query a new implicit transaction starts',
      transaction: 'implicit',
      code: 'BEGIN;\nCREATE TABLE x (id int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY x_id_idx ON x (id);',
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 45, message: /: the migration runner sends the file as one multi-statement query/ }],
    },
    {
      name: 'the file opens the block and the runner wraps it too',
      transaction: 'transaction',
      code: 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 37, message: /block on line 1, and the migration runner runs the whole file in one transaction/ }],
    },
    {
      name: 'multi-line REINDEX with options',
      code: 'BEGIN;\nREINDEX (VERBOSE, CONCURRENTLY)\n  TABLE orders;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 3, endColumn: 15, message: /^REINDEX \.\.\. CONCURRENTLY/ }],
    },
    {
      code: 'START TRANSACTION;\nREINDEX INDEX CONCURRENTLY i;\nREINDEX (CONCURRENTLY true) INDEX j;\nCOMMIT;',
      errors: [
        { line: 2, column: 1, endLine: 2, endColumn: 29 },
        { line: 3, column: 1, endLine: 3, endColumn: 36 },
      ],
    },
    {
      name: 'multi-line DETACH PARTITION CONCURRENTLY',
      code: 'BEGIN;\nALTER TABLE measurements\n  DETACH PARTITION measurements_2020 CONCURRENTLY;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 3, endColumn: 50, message: /^ALTER TABLE \.\.\. DETACH PARTITION \.\.\. CONCURRENTLY/ }],
    },
  ],
});

function lintAs(format: MigrationFormat, transaction: TransactionMode, text: string, path = 'migrations/0001.sql') {
  const result = lintSources([{ path, text, kind: 'migration', format, transaction, skipped: [], change: 'change' }], {
    postgresVersion: 17,
    rules: [rule],
  });
  expect(result.findings).toHaveLength(1);
  return result.findings[0]!;
}

describe('ban-concurrently-in-transaction explains how to opt out for the runner', () => {
  const index = 'CREATE INDEX CONCURRENTLY i ON t (a);';

  it('goose', () => {
    const finding = lintAs('goose', 'transaction', index);
    expect(finding.message).toContain('goose runs the whole file in one transaction');
    expect(finding.help).toContain('`-- +goose NO TRANSACTION`');
  });

  it('dbmate', () => {
    expect(lintAs('dbmate', 'transaction', index).help).toContain('`-- migrate:up transaction:false`');
  });

  it('dbmate with transaction:false still sends several statements as one query', () => {
    const finding = lintAs('dbmate', 'implicit', `SELECT 1;\n${index}`);
    expect(finding.message).toContain('dbmate sends the file as one multi-statement query');
    expect(finding.help).toMatch(/^Put the statement alone in a migration file of its own.*Keep `transaction:false`/);
  });

  it('flyway, naming the .conf file', () => {
    const finding = lintAs('flyway', 'transaction', index, 'db/migration/V3__add_index.sql');
    expect(finding.message).toContain('Flyway runs the whole file');
    expect(finding.help).toContain('`V3__add_index.sql.conf`');
    expect(finding.help).toContain('`executeInTransaction=false`');
  });

  it('golang-migrate', () => {
    const finding = lintAs('golang-migrate', 'implicit', `SELECT 1;\n${index}`);
    expect(finding.message).toContain('golang-migrate sends the file as one multi-statement query');
    expect(finding.help).toContain('migration file of its own');
  });

  it('diesel', () => {
    expect(lintAs('diesel', 'transaction', index).help).toContain('`run_in_transaction = false`');
    expect(lintAs('diesel', 'implicit', `SELECT 1;\n${index}`).help).toMatch(/^Put the statement alone .*Keep `run_in_transaction = false`/);
  });

  it('supabase', () => {
    expect(lintAs('supabase', 'transaction', index).help).toContain('migration file of its own');
  });

  it('drizzle', () => {
    const finding = lintAs('drizzle', 'transaction', index);
    expect(finding.message).toContain("Drizzle's migrator runs the whole file");
    expect(finding.help).toContain('run this statement outside it');
  });

  it('prisma', () => {
    const finding = lintAs('prisma', 'implicit', `SELECT 1;\n${index}`);
    expect(finding.message).toContain('Prisma Migrate sends the file');
    expect(finding.help).toContain('migration file of its own');
  });

  it('plain SQL run in one transaction', () => {
    expect(lintAs('plain', 'transaction', index).help).toContain('--single-transaction');
  });

  it('a BEGIN in the file, with no runner transaction', () => {
    expect(lintAs('plain', 'none', `BEGIN;\n${index}\nCOMMIT;`).help).toBe('Move the statement out of the BEGIN ... COMMIT block.');
  });

  it('a BEGIN in the file that the runner also wraps', () => {
    const help = lintAs('goose', 'transaction', `BEGIN;\n${index}\nCOMMIT;`).help;
    expect(help).toMatch(/^Move the statement out of the BEGIN \.\.\. COMMIT block\. Add `-- \+goose NO TRANSACTION`/);
  });
});
