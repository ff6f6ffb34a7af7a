import rule from '../../src/rules/ban-nested-transaction.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;',
    'BEGIN;\nSAVEPOINT before_b;\nCREATE TABLE b (id int);\nROLLBACK TO SAVEPOINT before_b;\nCOMMIT;',
    'COMMIT;',
    {
      name: 'a BEGIN in a multi-statement query turns the implicit transaction into a regular one',
      transaction: 'implicit',
      code: 'CREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;',
    },
    { name: "the runner's transaction alone", transaction: 'transaction', code: 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nCREATE TABLE a (id int);\nBEGIN;\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 6, message: /^BEGIN while the transaction opened on line 1 is still open is ignored/ }],
    },
    {
      name: "the file's COMMIT ends the runner's transaction",
      transaction: 'transaction',
      code: 'BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 6, message: /the COMMIT on line 3 ends the runner's transaction early/ }],
    },
    {
      name: 'START TRANSACTION with options, ended by END',
      transaction: 'transaction',
      code: 'START TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;\nEND;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 47, message: /^START TRANSACTION inside .*the END on line 3/ }],
    },
    {
      name: "a BEGIN the runner's COMMIT closes is only ignored",
      transaction: 'transaction',
      code: 'CREATE TABLE a (id int);\n  begin;',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 8, message: /is ignored \(Postgres only warns\)\.$/ }],
    },
    {
      name: 'a second BEGIN in a multi-statement query is nested',
      transaction: 'implicit',
      code: 'BEGIN;\nBEGIN;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 6, message: /opened on line 1/ }],
    },
    {
      name: 'COMMIT AND CHAIN leaves a transaction open',
      code: 'BEGIN;\nCOMMIT AND CHAIN;\nBEGIN;\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 6, message: /opened on line 2/ }],
    },
  ],
});
