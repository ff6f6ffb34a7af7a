import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/ban-domain-check-constraint.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0) NOT VALID;',
    'ALTER DOMAIN positive_amount VALIDATE CONSTRAINT positive_amount_check;',
    { name: 'a new domain with a CHECK', code: 'CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);' },
    { name: 'domain created earlier in the same file', code: 'CREATE DOMAIN app.score AS int;\nALTER DOMAIN app.score ADD CONSTRAINT score_range CHECK (VALUE BETWEEN 0 AND 100);' },
    { name: 'NOT NULL is not a CHECK constraint', code: 'ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_not_null NOT NULL;' },
  ],
  invalid: [
    {
      code: 'ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0);',
      errors: [{ line: 1, column: 34, endLine: 1, endColumn: 84, message: /^Adding a CHECK constraint to domain positive_amount without NOT VALID scans every column of that type and blocks writes/ }],
    },
    {
      name: 'unnamed, schema-qualified',
      code: 'ALTER DOMAIN s.d ADD CHECK (VALUE > 0);',
      errors: [{ line: 1, column: 22, endLine: 1, endColumn: 39, message: /domain s\.d / }],
    },
    {
      name: 'multi-line, names the existing columns of that type',
      existing: 'CREATE DOMAIN amount AS numeric;\nCREATE TABLE orders (id int, total amount);\nCREATE TABLE app.refunds (value amount);',
      code: 'ALTER DOMAIN amount\n  ADD CONSTRAINT amount_positive\n  CHECK (VALUE > 0);',
      errors: [{ line: 2, column: 7, endLine: 3, endColumn: 20, message: /of that type \(orders\.total, app\.refunds\.value\) and blocks/ }],
    },
    {
      name: 'columns of new tables are not listed',
      existing: 'CREATE DOMAIN amount AS numeric;',
      code: 'CREATE TABLE invoices (total amount);\nALTER DOMAIN amount ADD CHECK (VALUE > 0);',
      errors: [{ line: 2, column: 25, endLine: 2, endColumn: 42, message: /of that type and blocks/ }],
    },
    {
      name: 'same name in another schema is not the new domain',
      code: 'CREATE DOMAIN app.score AS int;\nALTER DOMAIN score ADD CHECK (VALUE > 0);',
      errors: [{ line: 2, column: 24, endLine: 2, endColumn: 41 }],
    },
  ],
});

describe('ban-domain-check-constraint help', () => {
  const code = 'ALTER DOMAIN amount ADD CONSTRAINT amount_positive CHECK (VALUE > 0);';

  it('names the VALIDATE step and says it still blocks writes before Postgres 19', () => {
    expect(lintCase(rule, { code, postgresVersion: 18 })[0]?.help).toMatch(/VALIDATE CONSTRAINT amount_positive .* still blocks writes before PostgreSQL 19/);
  });

  it('says the validation lets writes continue from Postgres 19', () => {
    expect(lintCase(rule, { code, postgresVersion: 19 })[0]?.help).toMatch(/from PostgreSQL 19 the validation lets writes continue/);
  });
});
