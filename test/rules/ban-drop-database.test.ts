import rule from '../../src/rules/ban-drop-database.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: ['-- analytics is dropped by hand, after a backup', 'CREATE DATABASE analytics;', 'DROP SCHEMA analytics;'],
  invalid: [
    {
      code: 'DROP DATABASE analytics;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 24, message: /^Dropping database analytics deletes it with all its data, and cannot be undone\.$/ }],
    },
    {
      code: 'DROP DATABASE IF EXISTS analytics WITH (FORCE);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 47, message: /WITH \(FORCE\) first terminates every session/ }],
    },
    {
      name: 'inside a BEGIN block it fails as well',
      code: 'BEGIN;\nDROP DATABASE analytics;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 24, message: /cannot run inside a transaction block/ }],
    },
    {
      name: "inside the runner's transaction it fails as well",
      transaction: 'transaction',
      code: '\n  DROP DATABASE analytics;',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 26, message: /fails anyway/ }],
    },
  ],
});
