import rule from '../../src/rules/ban-drop-table.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'table created earlier in the same change', code: 'CREATE TABLE import_staging (id bigint);\nDROP TABLE import_staging;' },
    { name: 'schema-qualified new table', code: 'CREATE TABLE app.tmp (id int);\nDROP TABLE app.tmp;' },
    { name: 'quoted name of a new table', code: 'CREATE TABLE "Tmp" (id int);\nDROP TABLE "Tmp";' },
    'DROP VIEW order_totals;',
    'DROP INDEX orders_customer_id_idx;',
  ],
  invalid: [
    {
      code: 'DROP TABLE legacy_orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 25, message: /^Dropping table legacy_orders deletes all its rows/ }],
    },
    {
      name: 'only the existing table of a list is named, and CASCADE is explained',
      code: 'CREATE TABLE staging (id int);\nDROP TABLE IF EXISTS staging, public.orders CASCADE;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 52, message: /^Dropping table public\.orders .* CASCADE also drops the views that use it/ }],
    },
    {
      name: 'multi-line statement over tables from existing migrations',
      existing: 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);',
      code: '-- cleanup\nDROP TABLE\n  a,\n  b;',
      errors: [{ line: 2, column: 1, endLine: 4, endColumn: 4, message: /^Dropping tables a, b deletes all their rows/ }],
    },
    {
      name: 'same table name in another schema is not the new table',
      code: 'CREATE TABLE app.t (id int);\nDROP TABLE t;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 13 }],
    },
  ],
});
