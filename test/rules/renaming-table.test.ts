import rule from '../../src/rules/renaming-table.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'table created earlier in the same change', code: 'CREATE TABLE imports (id int);\nALTER TABLE imports RENAME TO client_imports;' },
    {
      name: 'a view under the old name in the same transaction bridges the rename',
      code: 'BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;',
    },
    {
      name: "the bridging view in the runner's transaction",
      transaction: 'transaction',
      code: 'ALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;',
    },
    'ALTER TABLE customers RENAME COLUMN name TO full_name;',
    'ALTER VIEW active_customers RENAME TO current_customers;',
    'ALTER INDEX customers_pkey RENAME TO clients_pkey;',
  ],
  invalid: [
    {
      code: 'ALTER TABLE customers RENAME TO clients;',
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 40, message: /^Renaming table customers to clients breaks/ }],
    },
    {
      name: 'a view created in a later transaction leaves a moment without the old name',
      code: 'ALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;',
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 40 }],
    },
    {
      name: 'multi-line, schema-qualified table from an existing migration',
      existing: 'CREATE TABLE app.customers (id int);',
      code: 'ALTER TABLE app.customers\n  RENAME TO clients;',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 20, message: /queries on app\.customers fail/ }],
    },
    {
      name: 'a view in another schema does not replace the old name',
      code: 'BEGIN;\nALTER TABLE app.customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM app.clients;\nCOMMIT;',
      errors: [{ line: 2, column: 27, endLine: 2, endColumn: 44 }],
    },
  ],
});
