import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/adding-stored-generated-column.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

const stored = 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2) STORED;';

ruleTester(rule, {
  valid: [
    { name: 'Postgres 18: VIRTUAL', postgresVersion: 18, code: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2) VIRTUAL;' },
    { name: 'Postgres 18: no keyword means VIRTUAL', postgresVersion: 18, code: 'ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2);' },
    { name: 'table created earlier in the same change', code: `CREATE TABLE t (a int);\n${stored}` },
    { name: 'identity columns are another rule', code: 'ALTER TABLE t ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;' },
    'CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a) STORED);',
    { name: 'Postgres 11 has no generated columns', postgresVersion: 11, code: stored },
  ],
  invalid: [
    {
      code: stored,
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 66, message: /^Adding the stored generated column b to t computes it for every existing row/ }],
    },
    {
      name: 'Postgres 12, multi-line, second action',
      postgresVersion: 12,
      code: 'ALTER TABLE orders\n  ADD COLUMN note text,\n  ADD COLUMN total bigint\n    GENERATED ALWAYS AS (qty * price) STORED;',
      errors: [{ line: 3, column: 3, endLine: 4, endColumn: 45, message: /column total to orders/ }],
    },
    {
      name: 'Postgres 18, table from an existing migration',
      postgresVersion: 18,
      existing: 'CREATE TABLE t (a int);',
      code: 'ALTER TABLE t ADD b int GENERATED ALWAYS AS (a + 1) STORED;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 59 }],
    },
  ],
});

describe('adding-stored-generated-column help', () => {
  it('suggests VIRTUAL from Postgres 18', () => {
    expect(lintCase(rule, { code: stored, postgresVersion: 18 })[0]?.help).toMatch(/^Drop STORED to make it VIRTUAL/);
  });

  it('suggests a trigger-filled column before Postgres 18', () => {
    expect(lintCase(rule, { code: stored, postgresVersion: 17 })[0]?.help).toMatch(/^Add a plain nullable column/);
  });
});
