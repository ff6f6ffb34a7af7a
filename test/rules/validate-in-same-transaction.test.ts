import rule from '../../src/rules/validate-in-same-transaction.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'each statement commits on its own', code: 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;' },
    'BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nCOMMIT;\nALTER TABLE t VALIDATE CONSTRAINT c;',
    {
      name: 'table created earlier in the same change',
      code: 'BEGIN;\nCREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;',
    },
    'BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT d;\nCOMMIT;',
    { name: 'same constraint name on another table', code: 'BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE app.t VALIDATE CONSTRAINT c;\nCOMMIT;' },
    { name: 'validating a constraint added without NOT VALID does nothing', code: 'BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);\nALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;' },
  ],
  invalid: [
    {
      code: 'BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;',
      errors: [
        {
          line: 3,
          column: 15,
          endLine: 3,
          endColumn: 36,
          message: /^VALIDATE CONSTRAINT c runs in the same transaction as the ADD CONSTRAINT \.\.\. NOT VALID on line 2, which still holds its ACCESS EXCLUSIVE lock on t: the scan blocks all reads and writes/,
        },
      ],
    },
    {
      name: 'foreign key in a file the runner wraps, over several lines',
      transaction: 'transaction',
      code: 'ALTER TABLE orders\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)\n  REFERENCES customers (id) NOT VALID;\n\nALTER TABLE orders\n  VALIDATE CONSTRAINT orders_customer_fk;',
      errors: [{ line: 6, column: 3, endLine: 6, endColumn: 41, message: /on line 1, which still holds its SHARE ROW EXCLUSIVE locks on orders and customers: the scan blocks writes/ }],
    },
    {
      name: 'Postgres 18 NOT NULL constraint, statements sent as one query',
      postgresVersion: 18,
      transaction: 'implicit',
      existing: 'CREATE TABLE t (c int);',
      code: 'ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_c_not_null;',
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 47, message: /ACCESS EXCLUSIVE lock on t/ }],
    },
    {
      name: 'in the same statement',
      code: 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID, VALIDATE CONSTRAINT c;',
      errors: [{ line: 1, column: 57, endLine: 1, endColumn: 78, message: /on line 1/ }],
    },
  ],
});
