import rule from '../../src/rules/ban-drop-schema.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'schema created earlier in the same file', code: 'CREATE SCHEMA scratch;\nDROP SCHEMA scratch CASCADE;' },
    'DROP VIEW reporting.daily_totals;',
    'DROP TABLE reporting.daily;',
  ],
  invalid: [
    {
      code: 'DROP SCHEMA reporting CASCADE;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 30, message: /^Dropping schema reporting with CASCADE deletes every table in it/ }],
    },
    {
      name: 'CASCADE names the tables the migrations created in the schema',
      existing: 'CREATE TABLE reporting.daily (id int);\nCREATE TABLE reporting.weekly (id int);\nCREATE TABLE orders (id int);',
      code: 'DROP SCHEMA reporting CASCADE;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 30, message: /every table in it with all their rows \(reporting\.daily, reporting\.weekly\), every other object/ }],
    },
    {
      name: 'without CASCADE a schema that still holds tables cannot be dropped',
      existing: 'CREATE TABLE billing.invoices (id int);',
      code: 'DROP SCHEMA billing;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 20, message: /^Dropping schema billing fails: it still contains tables \(billing\.invoices\), and without CASCADE/ }],
    },
    {
      name: 'an apparently empty schema may still be used by the application',
      code: 'DROP SCHEMA IF EXISTS legacy;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 29, message: /breaks the application version still running/ }],
    },
    {
      name: 'multi-line statement: only the schema not created in the file is reported',
      code: 'CREATE SCHEMA scratch;\nDROP SCHEMA scratch, old\n  CASCADE;',
      errors: [{ line: 2, column: 1, endLine: 3, endColumn: 10, message: /^Dropping schema old with CASCADE/ }],
    },
  ],
});
