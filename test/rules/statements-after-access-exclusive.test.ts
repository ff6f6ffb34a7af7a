import rule from '../../src/rules/statements-after-access-exclusive.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'ACCESS EXCLUSIVE last before COMMIT', code: 'BEGIN;\nCREATE TABLE t (id int);\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;' },
    { name: 'autocommitted statements', code: "ALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '';" },
    {
      name: 'only settings, new tables and catalog objects follow',
      code: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nSET LOCAL statement_timeout = '1s';\nSELECT set_config('lock_timeout', '1s', true);\nCREATE TABLE notes (id int);\nINSERT INTO notes VALUES (1);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\nCOMMIT;",
    },
    { name: 'ACCESS EXCLUSIVE on a new table', code: 'BEGIN;\nCREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN note text;\nUPDATE orders SET x = 1;\nCOMMIT;' },
    { name: 'a weaker lock', code: 'BEGIN;\nCREATE INDEX i ON orders (id);\nUPDATE orders SET x = 1;\nCOMMIT;' },
    { name: 'the next statement is in another transaction', code: 'BEGIN;\nALTER TABLE orders ADD COLUMN a int;\nCOMMIT;\nBEGIN;\nUPDATE orders SET a = 1;\nCOMMIT;' },
  ],
  invalid: [
    {
      code: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '';\nCOMMIT;",
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 28, message: /^Runs while the transaction still holds the ACCESS EXCLUSIVE lock that line 2 took on orders: every query on orders stays blocked until COMMIT/ }],
    },
    {
      name: 'once per transaction',
      code: 'BEGIN;\nDROP TABLE old_orders;\nUPDATE orders SET x = 1;\nUPDATE customers SET y = 2;\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 24, message: /line 2 took on old_orders/ }],
    },
    {
      name: 'the runner\'s transaction, multi-line follower',
      transaction: 'transaction',
      code: 'ALTER TABLE orders RENAME COLUMN a TO b;\nCREATE INDEX orders_b_idx\n  ON orders (b);',
      errors: [{ line: 2, column: 1, endLine: 3, endColumn: 16, message: /line 1 took on orders/ }],
    },
    {
      name: 'an implicit transaction',
      transaction: 'implicit',
      code: 'LOCK TABLE orders;\nSELECT count(*) FROM orders;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 28 }],
    },
    {
      name: 'a DO block can do anything',
      code: 'BEGIN;\nALTER TABLE orders ADD COLUMN a int;\nDO $$ BEGIN PERFORM 1; END $$;\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 30 }],
    },
    {
      name: 'each transaction is reported on its own',
      code: 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nUPDATE a SET x = 1;\nCOMMIT;\nBEGIN;\nALTER TABLE b ADD COLUMN y int;\nUPDATE b SET y = 1;\nCOMMIT;',
      errors: [
        { line: 3, column: 1, endLine: 3, endColumn: 19, message: /line 2 took on a:/ },
        { line: 7, column: 1, endLine: 7, endColumn: 19, message: /line 6 took on b:/ },
      ],
    },
    {
      name: 'DROP INDEX locks the index\'s table',
      existing: 'CREATE TABLE orders (id int);\nCREATE INDEX orders_id_idx ON orders (id);',
      code: 'BEGIN;\nDROP INDEX orders_id_idx;\nCREATE INDEX orders_id_idx2 ON orders (id);\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 43, message: /line 2 took on orders:/ }],
    },
  ],
});
