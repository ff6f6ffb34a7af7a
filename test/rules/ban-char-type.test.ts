import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/ban-char-type.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'the single-byte "char" type is a different type', code: 'CREATE TABLE t (a "char", b pg_catalog."char", c text, d character varying(3));' },
    { name: 'a type of the same name in another schema', code: 'CREATE TABLE t (a app.bpchar);' },
    'ALTER TABLE t ALTER COLUMN a TYPE "char", ADD COLUMN b text;',
    { name: 'casts are not column types', code: "CREATE VIEW v AS SELECT 'x'::char(3) AS x;" },
  ],
  invalid: [
    {
      code: 'CREATE TABLE t (a char(3));',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 26, message: /^t\.a is char\(3\): values are blank-padded to 3 characters, and trailing/ }],
    },
    {
      name: 'every spelling, across lines',
      code: 'CREATE TABLE countries (\n  code character\n    (2) PRIMARY KEY,\n  flag char,\n  alt nchar(3) array,\n  raw bpchar\n);',
      errors: [
        { line: 2, column: 8, endLine: 3, endColumn: 8 },
        { line: 4, column: 8, endLine: 4, endColumn: 12, message: /blank-padded to 1 character, and/ },
        { line: 5, column: 7, endLine: 5, endColumn: 21 },
        { line: 6, column: 7, endLine: 6, endColumn: 13, message: /^countries\.raw is bpchar: trailing spaces/ },
      ],
    },
    {
      name: 'ADD COLUMN and ALTER COLUMN TYPE',
      code: 'ALTER TABLE countries\n  ADD COLUMN iso3 char(3),\n  ALTER COLUMN code TYPE character(3);',
      errors: [
        { line: 2, column: 19, endLine: 2, endColumn: 26 },
        { line: 3, column: 26, endLine: 3, endColumn: 38 },
      ],
    },
  ],
});

describe('ban-char-type fix', () => {
  it('replaces the type of a new column with text, keeping the limit as a CHECK', () => {
    const findings = lintCase(rule, { code: 'CREATE TABLE countries (\n  code character\n    (2) PRIMARY KEY,\n  flag char,\n  alt nchar(3) array,\n  raw bpchar\n);' });
    expect(findings.map((f) => f.fix?.edits)).toEqual([
      [{ line: 2, column: 8, endLine: 3, endColumn: 8, text: 'text CHECK (char_length(code) <= 2)' }],
      [{ line: 4, column: 8, endLine: 4, endColumn: 12, text: 'text CHECK (char_length(flag) <= 1)' }],
      undefined,
      [{ line: 6, column: 7, endLine: 6, endColumn: 13, text: 'text' }],
    ]);
  });

  it('leaves columns of existing tables to a human', () => {
    const findings = lintCase(rule, { code: 'ALTER TABLE countries ADD COLUMN iso3 char(3), ALTER COLUMN code TYPE character(3);' });
    expect(findings.map((f) => f.fix)).toEqual([undefined, undefined]);
  });
});
