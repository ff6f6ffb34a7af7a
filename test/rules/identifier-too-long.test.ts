import rule from '../../src/rules/identifier-too-long.js';
import { ruleTester } from '../support/rule-tester.js';

const a63 = 'a'.repeat(63);
const a64 = 'a'.repeat(64);
/** 2 bytes per character: 32 characters are 64 bytes. */
const e32 = 'é'.repeat(32);
const e31 = 'é'.repeat(31);
const u40 = 'ü'.repeat(40);
const c70 = 'c'.repeat(70);
const k66 = 'k'.repeat(66);
const longIndex = 'orders_by_customer_and_created_at_and_status_including_totals_idx';

ruleTester(rule, {
  valid: [
    { name: 'exactly 63 bytes', code: `CREATE TABLE ${a63} (${a63} int CONSTRAINT ${a63} NOT NULL);` },
    { name: '63 bytes of multi-byte characters', code: `CREATE TABLE t ("${e31}a" text);` },
    { name: 'a long name that is referenced, not created', code: `CREATE INDEX i ON ${c70} (a);\nALTER TABLE ${c70} RENAME TO short_name;` },
    { name: 'a long string is not an identifier', code: `CREATE TABLE t (a text DEFAULT '${c70}');` },
  ],
  invalid: [
    {
      code: `CREATE TABLE ${a64} (id int);`,
      errors: [{ line: 1, column: 14, endLine: 1, endColumn: 78, message: `The table name "${a64}" is 64 bytes long: Postgres keeps only the first 63 ("${a63}") with no more than a NOTICE, so anything that uses the full name will not find it.` }],
    },
    {
      name: 'bytes, not characters: 32 two-byte characters',
      code: `CREATE TABLE t (\n  "${e32}" text\n);`,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 37, message: `The column name "${e32}" is 64 bytes long: Postgres keeps only the first 63 ("${e31}")` }],
    },
    {
      name: 'an unquoted multi-byte column added to a table',
      code: `ALTER TABLE t ADD COLUMN ${u40} int;`,
      errors: [{ line: 1, column: 26, endLine: 1, endColumn: 66, message: /column name .* is 80 bytes long/ }],
    },
    {
      name: 'an index name on its own line',
      code: `CREATE INDEX CONCURRENTLY IF NOT EXISTS\n  ${longIndex}\n  ON orders (customer_id);`,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 68, message: /^The index name "orders_by_.*" is 65 bytes long/ }],
    },
    {
      name: 'a column reported once, where it is declared, and a constraint name',
      code: `CREATE TABLE t (\n  ${c70} int CONSTRAINT ${k66} NOT NULL,\n  CHECK (${c70} > 0)\n);`,
      errors: [
        { line: 2, column: 3, endLine: 2, endColumn: 73, message: /^The column name/ },
        { line: 2, column: 89, endLine: 2, endColumn: 155, message: /^The constraint name/ },
      ],
    },
    {
      name: 'ADD CONSTRAINT and RENAME TO',
      code: `ALTER TABLE t ADD CONSTRAINT ${k66} UNIQUE (a);\nALTER TABLE t RENAME COLUMN a TO ${c70};`,
      errors: [
        { line: 1, column: 30, endLine: 1, endColumn: 96, message: /^The constraint name/ },
        { line: 2, column: 34, endLine: 2, endColumn: 104, message: /^The new name/ },
      ],
    },
    {
      name: 'sequences, views and CREATE TABLE AS',
      code: `CREATE SEQUENCE ${a64};\nCREATE VIEW v (${c70}) AS SELECT 1;\nCREATE TABLE ${k66} AS SELECT 1 AS x;`,
      errors: [
        { line: 1, column: 17, endLine: 1, endColumn: 81, message: /^The sequence name/ },
        { line: 2, column: 16, endLine: 2, endColumn: 86, message: /^The column name/ },
        { line: 3, column: 14, endLine: 3, endColumn: 80, message: /^The table name/ },
      ],
    },
  ],
});
