import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/prefer-timestamptz.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'CREATE TABLE t (a timestamptz, b timestamp with time zone, c timestamptz(3), d date, e time, f interval);',
    'ALTER TABLE t ADD COLUMN a timestamp (3) with time zone;',
    { name: 'a type of the same name in another schema', code: 'CREATE TABLE t (a app.timestamp);' },
    { name: 'a cast to timestamp is not a column type', code: "ALTER TABLE t ALTER COLUMN a TYPE timestamptz USING a::timestamp AT TIME ZONE 'UTC';" },
    { name: 'views and queries are not column definitions', code: 'CREATE VIEW v AS SELECT now()::timestamp AS at;' },
  ],
  invalid: [
    {
      code: 'CREATE TABLE t (a timestamp);',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 28, message: /t\.a is timestamp: it stores wall-clock readings/ }],
    },
    {
      name: 'multi-line type with precision, and an array',
      code: 'CREATE TABLE events (\n  id bigint PRIMARY KEY,\n  happened_at timestamp(3)\n    without time zone NOT NULL,\n  seen timestamp[]\n);',
      errors: [
        { line: 3, column: 15, endLine: 4, endColumn: 22, message: /events\.happened_at is timestamp\(3\)\n    without time zone/ },
        { line: 5, column: 8, endLine: 5, endColumn: 19 },
      ],
    },
    {
      name: 'ADD COLUMN and ALTER COLUMN TYPE in one statement',
      code: 'ALTER TABLE events\n  ADD COLUMN a timestamp,\n  ALTER COLUMN b TYPE timestamp(6) USING b::timestamp,\n  ALTER c SET DATA TYPE pg_catalog.timestamp;',
      errors: [
        { line: 2, column: 16, endLine: 2, endColumn: 25 },
        { line: 3, column: 23, endLine: 3, endColumn: 35 },
        { line: 4, column: 25, endLine: 4, endColumn: 45 },
      ],
    },
    {
      name: 'defaults',
      code: "CREATE TABLE t (\n  a timestamp DEFAULT now(),\n  b timestamp DEFAULT (now() AT TIME ZONE 'utc')\n);",
      errors: [
        { line: 2, column: 5, endLine: 2, endColumn: 14 },
        { line: 3, column: 5, endLine: 3, endColumn: 14 },
      ],
    },
  ],
});

describe('prefer-timestamptz fix', () => {
  it('replaces the type, keeping the precision and the array bounds', () => {
    const findings = lintCase(rule, { code: 'CREATE TABLE t (\n  a timestamp(3) without time zone,\n  b timestamp[] DEFAULT CURRENT_TIMESTAMP\n);' });
    expect(findings.map((f) => f.fix)).toEqual([
      { description: 'Use timestamptz(3)', edits: [{ line: 2, column: 5, endLine: 2, endColumn: 35, text: 'timestamptz(3)' }] },
      { description: 'Use timestamptz', edits: [{ line: 3, column: 5, endLine: 3, endColumn: 14, text: 'timestamptz' }] },
    ]);
  });

  it('offers no fix when a default or USING expression produces wall-clock time', () => {
    const findings = lintCase(rule, {
      code: "ALTER TABLE t ADD COLUMN a timestamp DEFAULT (now() AT TIME ZONE 'utc'), ALTER COLUMN b TYPE timestamp USING b::timestamp;",
    });
    expect(findings.map((f) => f.fix)).toEqual([undefined, undefined]);
    expect(findings[0]!.help).toMatch(/rewrite the default expression/);
    expect(findings[1]!.help).toMatch(/rewrite the USING expression/);
  });
});
