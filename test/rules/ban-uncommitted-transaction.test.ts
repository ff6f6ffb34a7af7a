import rule from '../../src/rules/ban-uncommitted-transaction.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;',
    'BEGIN;\nSELECT 1;\nROLLBACK;',
    'START TRANSACTION;\nSELECT 1;\nABORT;',
    "BEGIN;\nSELECT 1;\nPREPARE TRANSACTION 'migration_42';",
    'BEGIN;\nCOMMIT AND CHAIN;\nCOMMIT;',
    'SELECT 1;',
    { name: "the runner's COMMIT ends what the file leaves open", transaction: 'transaction', code: 'BEGIN;\nCREATE TABLE a (id int);' },
    { name: 'an implicit transaction ends with the query', transaction: 'implicit', code: 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6, message: /^The transaction opened here is never committed or rolled back/ }],
    },
    {
      name: 'the second transaction of the file is left open',
      code: 'BEGIN;\nSELECT 1;\nCOMMIT;\n\nSTART TRANSACTION;\nSELECT 2;',
      errors: [{ line: 5, column: 1, endLine: 5, endColumn: 18 }],
    },
    {
      name: 'a BEGIN in a multi-statement query outlives the query',
      transaction: 'implicit',
      code: 'CREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 6 }],
    },
    {
      name: 'a lone BEGIN',
      transaction: 'implicit',
      code: 'BEGIN;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
    {
      name: 'COMMIT AND CHAIN opens the transaction left open',
      code: 'BEGIN;\nSELECT 1;\nCOMMIT AND CHAIN;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 17, message: /^The transaction that AND CHAIN starts here/ }],
    },
    {
      name: 'a nested BEGIN: the outer one is reported',
      code: 'BEGIN;\n  BEGIN;\nSELECT 1;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6 }],
    },
  ],
});
