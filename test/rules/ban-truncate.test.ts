import rule from '../../src/rules/ban-truncate.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'table created earlier in the same change', code: 'CREATE TABLE import_batch (id bigint);\nTRUNCATE import_batch;' },
    'DELETE FROM orders WHERE id = 1;',
  ],
  invalid: [
    {
      code: 'TRUNCATE orders;',
      errors: [
        {
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 16,
          message: /^TRUNCATE deletes every row of orders for good, and its ACCESS EXCLUSIVE lock blocks all reads and writes on it until the transaction ends\.$/,
        },
      ],
    },
    {
      name: 'multi-line with CASCADE: the new table is left out, the cascade is explained',
      code: 'CREATE TABLE batch (id int);\nTRUNCATE TABLE batch, ONLY app.orders\n  RESTART IDENTITY CASCADE;',
      errors: [{ line: 2, column: 1, endLine: 3, endColumn: 27, message: /of app\.orders for good.*CASCADE also empties every table that has a foreign key to app\.orders/ }],
    },
    {
      name: 'tables from an existing migration',
      existing: 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);',
      code: 'TRUNCATE a, b;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 14, message: /of a, b for good.* on them/ }],
    },
  ],
});
