import rule from '../../src/rules/changing-column-type.js';
import { ruleTester } from '../support/rule-tester.js';

/** A valid case: `existing` creates t with column c, `to` is the new type. */
const safe = (from: string, to: string) => ({
  name: `${from} to ${to}`,
  existing: `CREATE TABLE t (c ${from});`,
  code: `ALTER TABLE t ALTER COLUMN c TYPE ${to};`,
});

ruleTester(rule, {
  valid: [
    safe('varchar(20)', 'text'),
    safe('varchar(20)', 'varchar(50)'),
    safe('varchar(20)', 'character varying'),
    safe('character varying(20)', 'varchar(20)'),
    safe('text', 'varchar'),
    safe('numeric(10,2)', 'numeric(12,2)'),
    safe('numeric(10,2)', 'numeric'),
    safe('decimal(10)', 'numeric(12,0)'),
    safe('cidr', 'inet'),
    safe('bit varying(5)', 'varbit(10)'),
    safe('varbit(5)', 'bit varying'),
    safe('timestamp(3)', 'timestamp(6)'),
    safe('timestamp(3)', 'timestamp'),
    safe('timestamptz(0)', 'timestamp (3) with time zone'),
    safe('time(2)', 'time'),
    safe('interval(3)', 'interval(5)'),
    safe('interval day to second(2)', 'interval'),
    safe('integer', 'int4'),
    safe('int[]', 'integer[]'),
    { name: 'table created earlier in the same change', code: 'CREATE TABLE t (c int);\nALTER TABLE t ALTER COLUMN c TYPE bigint;' },
    {
      name: 'two widenings in one statement',
      existing: 'CREATE TABLE t (a varchar(10), b numeric(8,2));',
      code: 'ALTER TABLE t\n  ALTER COLUMN a TYPE text,\n  ALTER COLUMN b TYPE numeric(10,2);',
    },
  ],
  invalid: [
    {
      existing: 'CREATE TABLE t (c int);',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE bigint;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 41, message: /^Changing the type of c on t from int4 to int8 rewrites the whole table/ }],
    },
    {
      name: 'table the migrations do not create',
      code: 'ALTER TABLE orders ALTER COLUMN note TYPE text;',
      errors: [{ line: 1, column: 20, endLine: 1, endColumn: 47, message: /to text rewrites .* the old type is unknown .*`sql-preflight check` verifies it/ }],
    },
    {
      name: 'column the migrations do not create',
      existing: 'CREATE TABLE t (a int);',
      code: 'ALTER TABLE t ALTER b TYPE text;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 32, message: /old type is unknown/ }],
    },
    {
      name: 'USING always rewrites',
      existing: 'CREATE TABLE t (c varchar(20));',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE text USING c;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 47, message: /with a USING clause rewrites/ }],
    },
    {
      name: 'shorter varchar',
      existing: 'CREATE TABLE t (c varchar(50));',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE varchar(20);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 46, message: /from varchar\(50\) to varchar\(20\)/ }],
    },
    {
      name: 'numeric scale change',
      existing: 'CREATE TABLE t (c numeric(10,2));',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE numeric(12,4);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 48, message: /from numeric\(10,2\) to numeric\(12,4\)/ }],
    },
    {
      name: 'text to a limited varchar',
      existing: 'CREATE TABLE t (c text);',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE varchar(10);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 46 }],
    },
    {
      name: 'citext to text (indexes use another operator class)',
      existing: 'CREATE TABLE t (c citext);',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE text;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 39, message: /from citext to text/ }],
    },
    {
      name: 'lower timestamp precision',
      existing: 'CREATE TABLE t (c timestamp);',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE timestamp(3);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 47, message: /from timestamp to timestamp\(3\)/ }],
    },
    {
      name: 'timestamp to timestamptz',
      existing: 'CREATE TABLE t (c timestamp);',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE timestamptz;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 46 }],
    },
    {
      name: 'longer char(n) pads every value',
      existing: 'CREATE TABLE t (c char(5));',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE char(10);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 43, message: /from bpchar\(5\) to bpchar\(10\)/ }],
    },
    {
      name: 'arrays are converted element by element',
      existing: 'CREATE TABLE t (c varchar(10)[]);',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE varchar(20)[];',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 48, message: /from varchar\(10\)\[\] to varchar\(20\)\[\]/ }],
    },
    {
      name: 'only the rewriting action of a multi-line statement',
      existing: 'CREATE TABLE t (a varchar(10), b int);',
      code: 'ALTER TABLE t\n  ALTER COLUMN a TYPE varchar(100),\n  ALTER COLUMN b TYPE bigint;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 29, message: /type of b on t/ }],
    },
    {
      name: 'a new collation rebuilds the indexes',
      existing: 'CREATE TABLE t (c text);',
      code: 'ALTER TABLE t ALTER COLUMN c TYPE text COLLATE "C";',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 51, message: /COLLATE clause rebuilds the indexes/ }],
    },
    {
      name: 'a column added earlier in the change to an existing table',
      existing: 'CREATE TABLE t (a int);',
      code: 'ALTER TABLE t ADD COLUMN b int;\nALTER TABLE t ALTER COLUMN b TYPE bigint;',
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 41, message: /from int4 to int8/ }],
    },
  ],
});
