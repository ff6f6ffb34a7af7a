import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/prefer-text.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'unlimited varchar is text', code: 'CREATE TABLE t (a varchar, b character varying, c text, d varchar[]);' },
    'ALTER TABLE t ALTER COLUMN a TYPE text, ADD COLUMN b text CHECK (char_length(b) <= 20);',
    { name: 'a type of the same name in another schema', code: 'CREATE TABLE t (a app.varchar(20));' },
    { name: 'casts are not column types', code: "CREATE VIEW v AS SELECT 'x'::varchar(3) AS x;" },
  ],
  invalid: [
    {
      code: 'CREATE TABLE t (a varchar(255));',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 31, message: /^t\.a is varchar\(255\): the length limit/ }],
    },
    {
      name: 'multi-line type and an array',
      code: 'CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  email character varying\n    (320) NOT NULL,\n  "Name" varchar(50)[]\n);',
      errors: [
        { line: 3, column: 9, endLine: 4, endColumn: 10, message: /lowering it later rewrites users/ },
        { line: 5, column: 10, endLine: 5, endColumn: 23 },
      ],
    },
    {
      name: 'ADD COLUMN to an existing table',
      code: 'ALTER TABLE users ADD COLUMN nick varchar(30);',
      errors: [{ line: 1, column: 35, endLine: 1, endColumn: 46 }],
    },
    {
      name: 'ADD COLUMN to a table created in the same change',
      code: 'CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN nick varchar(30);',
      errors: [{ line: 2, column: 35, endLine: 2, endColumn: 46 }],
    },
    {
      name: 'ALTER COLUMN TYPE',
      code: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(500);',
      errors: [{ line: 1, column: 43, endLine: 1, endColumn: 55 }],
    },
    {
      name: 'columns count characters after a multi-byte name',
      code: 'CREATE TABLE t (prénom varchar(40));',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 35 }],
    },
  ],
});

describe('prefer-text fix and help', () => {
  it('turns the limit of a new column into a CHECK constraint, naming the column as written', () => {
    const findings = lintCase(rule, {
      code: 'CREATE TABLE users (\n  email character varying\n    (320) NOT NULL,\n  "Name" varchar(50)[],\n  prénom varchar(40)\n);',
    });
    expect(findings.map((f) => f.fix)).toEqual([
      {
        description: 'Use text CHECK (char_length(email) <= 320)',
        edits: [{ line: 2, column: 9, endLine: 3, endColumn: 10, text: 'text CHECK (char_length(email) <= 320)' }],
      },
      undefined,
      {
        description: 'Use text CHECK (char_length(prénom) <= 40)',
        edits: [{ line: 5, column: 10, endLine: 5, endColumn: 21, text: 'text CHECK (char_length(prénom) <= 40)' }],
      },
    ]);
  });

  it('fixes ADD COLUMN only on a new table', () => {
    const newTable = lintCase(rule, { code: 'CREATE TABLE users (id bigint);\nALTER TABLE users ADD COLUMN nick varchar(30);' });
    expect(newTable[0]!.fix?.edits[0]!.text).toBe('text CHECK (char_length(nick) <= 30)');
    const existing = lintCase(rule, { code: 'ALTER TABLE users ADD COLUMN nick varchar(30);' });
    expect(existing[0]!.fix).toBeUndefined();
    expect(existing[0]!.help).toContain(
      'ALTER TABLE users ADD CONSTRAINT users_nick_check CHECK (char_length(nick) <= 30) NOT VALID; then ALTER TABLE users VALIDATE CONSTRAINT users_nick_check;',
    );
  });

  it('does not fix ALTER COLUMN TYPE, whose limit was chosen on purpose', () => {
    const [finding] = lintCase(rule, { code: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(500);' });
    expect(finding!.fix).toBeUndefined();
    expect(finding!.help).toMatch(/^Change the column to text instead/);
  });
});
