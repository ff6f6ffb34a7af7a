import rule from '../../src/rules/adding-column-volatile-default.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'ALTER TABLE t ADD COLUMN c int DEFAULT 0;',
    'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();',
    'ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP;',
    'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT statement_timestamp();',
    "ALTER TABLE t ADD COLUMN c text[] DEFAULT ARRAY['a', 'b']::text[];",
    "ALTER TABLE t ADD COLUMN c jsonb DEFAULT jsonb_build_object('k', 1);",
    "ALTER TABLE t ADD COLUMN c timestamp DEFAULT timezone('utc', now());",
    "ALTER TABLE t ADD COLUMN c interval DEFAULT interval '1 day';",
    'ALTER TABLE t ADD COLUMN c int;',
    { name: 'SET DEFAULT applies to new rows only', code: 'ALTER TABLE t ALTER COLUMN c SET DEFAULT random();' },
    { name: 'table created earlier in the same change', code: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid();' },
    { name: 'foreign tables hold no rows to rewrite', code: 'ALTER FOREIGN TABLE f ADD COLUMN c uuid DEFAULT gen_random_uuid();' },
    { name: 'Postgres 10: a NULL default', postgresVersion: 10, code: 'ALTER TABLE t ADD COLUMN c int DEFAULT NULL::int;' },
    { name: 'Postgres 10: no default', postgresVersion: 10, code: 'ALTER TABLE t ADD COLUMN c int;' },
    { name: 'Postgres 11: a constant default is stored, not written', postgresVersion: 11, code: 'ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      errors: [{ line: 1, column: 20, endLine: 1, endColumn: 67, message: /^Adding column token to orders with the volatile default gen_random_uuid\(\) rewrites/ }],
    },
    {
      name: 'a function sql-preflight does not know',
      code: 'ALTER TABLE t ADD c text DEFAULT app.next_code();',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 49, message: /default app\.next_code\(\) rewrites .* if app\.next_code\(\) is VOLATILE/ }],
    },
    {
      name: 'a volatile call nested in a stable one',
      code: 'ALTER TABLE t ADD c text DEFAULT md5(random()::text);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 53, message: /volatile default random\(\)/ }],
    },
    {
      name: 'the second action of a multi-line ALTER TABLE',
      code: "ALTER TABLE orders\n  ADD COLUMN status text DEFAULT 'new',\n  ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();",
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 59, message: /seen_at .* clock_timestamp\(\)/ }],
    },
    {
      name: 'table from an existing migration',
      existing: 'CREATE TABLE t (id int);',
      code: "ALTER TABLE t ADD COLUMN n bigint DEFAULT nextval('t_n_seq');",
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 61, message: /nextval\(\)/ }],
    },
    {
      name: 'schema-qualified built-in',
      code: 'ALTER TABLE ONLY app.t ADD c float8 DEFAULT pg_catalog.random();',
      errors: [{ line: 1, column: 24, endLine: 1, endColumn: 64, message: /to app\.t with the volatile default pg_catalog\.random\(\)/ }],
    },
    {
      name: 'Postgres 10: a constant default rewrites',
      postgresVersion: 10,
      code: 'ALTER TABLE t ADD COLUMN c int NOT NULL DEFAULT 0;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 50, message: /non-null default .*before Postgres 11/ }],
    },
    {
      name: 'Postgres 10: a stable default rewrites',
      postgresVersion: 10,
      code: 'ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 53 }],
    },
  ],
});
