import rule from '../../src/rules/ban-exclusion-constraint.js';
import { ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'declared when the table is created', code: 'CREATE TABLE bookings (room_id int, during tstzrange, EXCLUDE USING gist (room_id WITH =, during WITH &&));' },
    {
      name: 'table created earlier in the same change',
      code: 'CREATE TABLE bookings (room_id int, during tstzrange);\nALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);',
    },
    {
      name: 'schema-qualified new table',
      code: 'CREATE TABLE app.bookings (during tstzrange);\nALTER TABLE app.bookings ADD EXCLUDE USING gist (during WITH &&);',
    },
    { name: 'other constraints are other rules\' business', code: 'ALTER TABLE bookings ADD CONSTRAINT during_not_empty CHECK (NOT isempty(during)) NOT VALID;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);',
      errors: [{ line: 1, column: 22, endLine: 1, endColumn: 83, message: /exclusion constraint to bookings .* ACCESS EXCLUSIVE/ }],
    },
    {
      name: 'points at the EXCLUDE action among several',
      code: 'ALTER TABLE bookings\n  ADD COLUMN note text,\n  ADD CONSTRAINT no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 80 }],
    },
    {
      name: 'table from an existing migration, schema-qualified',
      existing: 'CREATE TABLE app.rooms (during tstzrange);',
      code: 'ALTER TABLE app.rooms ADD EXCLUDE USING gist (during WITH &&);',
      errors: [{ line: 1, column: 23, endLine: 1, endColumn: 62, message: /app\.rooms/ }],
    },
    {
      name: 'same name in another schema is not the new table',
      code: 'CREATE TABLE app.bookings (during tstzrange);\nALTER TABLE bookings ADD EXCLUDE USING gist (during WITH &&);',
      errors: [{ line: 2, column: 22, endLine: 2, endColumn: 61 }],
    },
  ],
});
