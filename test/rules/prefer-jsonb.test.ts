import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/prefer-jsonb.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'CREATE TABLE t (a jsonb, b jsonb[], c jsonpath);',
    'ALTER TABLE t ADD COLUMN a jsonb, ALTER COLUMN b TYPE jsonb USING b::jsonb;',
    { name: 'a type of the same name in another schema', code: 'CREATE TABLE t (a app.json);' },
    { name: 'a cast to json is not a column type', code: "ALTER TABLE t ALTER COLUMN a TYPE jsonb USING a::json::jsonb;" },
  ],
  invalid: [
    {
      code: 'CREATE TABLE t (a json);',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 23, message: /t\.a is json: every read re-parses/ }],
    },
    {
      name: 'multi-line, quoted, qualified and array forms',
      code: "CREATE TABLE app.hooks (\n  id bigint PRIMARY KEY,\n  payload \"json\" DEFAULT '{}'::json,\n  history pg_catalog.json ARRAY\n);",
      errors: [
        { line: 3, column: 11, endLine: 3, endColumn: 17, message: /^app\.hooks\.payload is json/ },
        { line: 4, column: 11, endLine: 4, endColumn: 32 },
      ],
    },
    {
      name: 'ADD COLUMN and ALTER COLUMN TYPE',
      code: 'ALTER TABLE hooks\n  ADD COLUMN meta json,\n  ALTER COLUMN body TYPE json USING body::json;',
      errors: [
        { line: 2, column: 19, endLine: 2, endColumn: 23 },
        { line: 3, column: 26, endLine: 3, endColumn: 30 },
      ],
    },
  ],
});

describe('prefer-jsonb fix', () => {
  it('replaces json with jsonb and keeps the array bounds', () => {
    const findings = lintCase(rule, { code: 'CREATE TABLE t (\n  a json,\n  b json[]\n);' });
    expect(findings.map((f) => f.fix?.edits)).toEqual([
      [{ line: 2, column: 5, endLine: 2, endColumn: 9, text: 'jsonb' }],
      [{ line: 3, column: 5, endLine: 3, endColumn: 9, text: 'jsonb' }],
    ]);
  });
});
