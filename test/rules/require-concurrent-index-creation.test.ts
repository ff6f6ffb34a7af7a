import rule from '../../src/rules/require-concurrent-index-creation.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);',
    { name: 'table created earlier in the same change', code: 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);' },
    { name: 'schema-qualified new table', code: 'CREATE TABLE app.t (id int);\nCREATE UNIQUE INDEX t_id_idx ON app.t (id);' },
  ],
  invalid: [
    {
      code: 'CREATE INDEX orders_customer_idx ON orders (customer_id);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 57, message: /orders without CONCURRENTLY/ }],
    },
    {
      name: 'table from an existing migration',
      existing: 'CREATE TABLE t (id int);',
      code: '-- add an index\n  CREATE UNIQUE INDEX t_id_idx ON t (id);',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 41 }],
    },
    {
      name: 'after multi-byte text the column still counts characters',
      code: "COMMENT ON TABLE t IS 'größe 🚀'; CREATE INDEX i ON t (a);",
      errors: [{ line: 1, column: 34, endLine: 1, endColumn: 57 }],
    },
    {
      name: 'same table name in another schema is not the new table',
      code: 'CREATE TABLE app.t (id int);\nCREATE INDEX i ON t (id);',
      errors: [{ line: 2, column: 1 }],
    },
  ],
});
