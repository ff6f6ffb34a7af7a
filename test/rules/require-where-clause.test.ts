import rule from '../../src/rules/require-where-clause.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    "UPDATE orders SET currency = 'EUR' WHERE currency IS NULL;",
    'DELETE FROM sessions WHERE expires_at < now();',
    'UPDATE orders SET note = NULL WHERE CURRENT OF order_cursor;',
    'WITH done AS (DELETE FROM queue WHERE id < 100 RETURNING *) SELECT count(*) FROM done;',
    { name: 'table created earlier in the same change', code: 'CREATE TABLE currencies (code text, active boolean);\nUPDATE currencies SET active = true;' },
    { name: 'table created by CREATE TABLE AS in the same change', code: 'CREATE TABLE old_orders AS SELECT * FROM orders;\nDELETE FROM old_orders;' },
  ],
  invalid: [
    {
      code: "UPDATE orders SET currency = 'EUR';",
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 35, message: /^UPDATE without WHERE rewrites every row of orders/ }],
    },
    {
      code: 'DELETE FROM sessions;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21, message: /^DELETE without WHERE deletes every row of sessions/ }],
    },
    {
      name: 'multi-line DELETE ... USING still touches every row',
      code: 'DELETE FROM app.sessions AS s\n  USING users u;',
      errors: [{ line: 1, column: 1, endLine: 2, endColumn: 16, message: /every row of app\.sessions/ }],
    },
    {
      name: 'a data-modifying WITH query',
      code: 'WITH moved AS (\n  DELETE FROM queue RETURNING *\n)\nINSERT INTO archive SELECT * FROM moved;',
      errors: [{ line: 1, column: 1, endLine: 4, endColumn: 40, message: /every row of queue/ }],
    },
    {
      name: 'same table name in another schema is not the new table',
      code: 'CREATE TABLE app.orders (id int);\nUPDATE orders SET id = id;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 26 }],
    },
  ],
});
