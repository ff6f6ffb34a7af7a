import rule from '../../src/rules/ban-drop-column.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'table created earlier in the same change', code: 'CREATE TABLE drafts (id bigint, notes text);\nALTER TABLE drafts DROP COLUMN notes;' },
    { name: 'schema-qualified new table', code: 'CREATE TABLE app.t (a int, b int);\nALTER TABLE app.t DROP COLUMN b;' },
    { name: 'new table renamed before the drop', code: 'CREATE TABLE t (a int, b int);\nALTER TABLE t RENAME TO u;\nALTER TABLE u DROP COLUMN b;' },
    'ALTER TABLE users ALTER COLUMN legacy_flag DROP NOT NULL;',
    'ALTER TABLE users ALTER COLUMN email DROP DEFAULT;',
    'ALTER TABLE users DROP CONSTRAINT users_legacy_check;',
    { name: 'a composite type attribute is not a table column', code: 'ALTER TYPE address DROP ATTRIBUTE zip;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE users DROP COLUMN legacy_flag;',
      errors: [{ line: 1, column: 19, endLine: 1, endColumn: 42, message: /^Dropping column legacy_flag of users breaks/ }],
    },
    {
      name: 'each dropped column of a multi-line ALTER TABLE is reported at its own action',
      code: 'ALTER TABLE app.users\n  DROP COLUMN IF EXISTS nickname,\n  ADD COLUMN display_name text,\n  DROP avatar_url CASCADE;',
      errors: [
        { line: 2, column: 3, endLine: 2, endColumn: 33, message: /nickname of app\.users/ },
        { line: 4, column: 3, endLine: 4, endColumn: 26, message: /avatar_url .* CASCADE also drops the views and foreign keys/ },
      ],
    },
    {
      name: 'table from an existing migration',
      existing: 'CREATE TABLE t (id int, a int);',
      code: 'ALTER TABLE t DROP COLUMN a;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 28 }],
    },
    {
      name: 'foreign table',
      code: 'ALTER FOREIGN TABLE remote_users DROP COLUMN email;',
      errors: [{ line: 1, column: 34, endLine: 1, endColumn: 51 }],
    },
    {
      name: 'same table name in another schema is not the new table',
      code: 'CREATE TABLE app.t (id int, a int);\nALTER TABLE t DROP COLUMN a;',
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 28 }],
    },
  ],
});
