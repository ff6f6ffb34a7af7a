import rule from '../../src/rules/renaming-column.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'table created earlier in the same change', code: 'CREATE TABLE accounts (id int, mail text);\nALTER TABLE accounts RENAME COLUMN mail TO email;' },
    'ALTER TABLE users RENAME CONSTRAINT users_mail_check TO users_email_check;',
    'ALTER INDEX users_mail_idx RENAME TO users_email_idx;',
    { name: 'a composite type attribute is not a table column', code: 'ALTER TYPE address RENAME ATTRIBUTE zip TO postal_code;' },
    'ALTER TABLE users ADD COLUMN email text;',
  ],
  invalid: [
    {
      code: 'ALTER TABLE users RENAME COLUMN mail TO email;',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 46, message: /^Renaming column mail of users to email breaks/ }],
    },
    {
      name: 'multi-line, without the COLUMN keyword',
      code: 'ALTER TABLE IF EXISTS ONLY app.users\n  RENAME mail\n  TO email;',
      errors: [{ line: 2, column: 3, endLine: 3, endColumn: 11, message: /mail of app\.users/ }],
    },
    {
      name: 'table from an existing migration',
      existing: 'CREATE TABLE users (id int, mail text);',
      code: 'ALTER TABLE users RENAME COLUMN mail TO email;',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 46 }],
    },
    {
      name: 'foreign table',
      code: 'ALTER FOREIGN TABLE remote_users RENAME COLUMN mail TO email;',
      errors: [{ line: 1, column: 34, endLine: 1, endColumn: 61 }],
    },
  ],
});
