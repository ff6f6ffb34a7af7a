import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/setting-not-null.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

const setNotNull = 'ALTER TABLE t ALTER COLUMN c SET NOT NULL;';

ruleTester(rule, {
  valid: [
    { name: 'table created earlier in the same change', code: `CREATE TABLE t (c int);\n${setNotNull}` },
    {
      name: 'Postgres 12+: a CHECK validated in an existing migration',
      existing: 'CREATE TABLE t (c int);\nALTER TABLE t ADD CONSTRAINT t_c_nn CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_c_nn;',
      code: setNotNull,
    },
    {
      name: 'Postgres 12: the whole CHECK recipe in the change',
      postgresVersion: 12,
      existing: 'CREATE TABLE t (c int);',
      code: `ALTER TABLE t ADD CONSTRAINT t_c_nn CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_c_nn;\n${setNotNull}\nALTER TABLE t DROP CONSTRAINT t_c_nn;`,
    },
    { name: 'a column CHECK from CREATE TABLE', existing: 'CREATE TABLE t (c int CHECK (c IS NOT NULL));', code: setNotNull },
    { name: 'the column is NOT NULL already', existing: 'CREATE TABLE t (c int NOT NULL);', code: setNotNull },
    {
      name: 'Postgres 18: a NOT NULL constraint added NOT VALID and validated',
      postgresVersion: 18,
      existing: 'CREATE TABLE t (c int);',
      code: `ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_c_not_null;\n${setNotNull}`,
    },
    'ALTER TABLE t ALTER COLUMN c DROP NOT NULL;',
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL;',
      errors: [{ line: 1, column: 20, endLine: 1, endColumn: 52, message: /^Making status NOT NULL on orders scans the whole table under an ACCESS EXCLUSIVE lock/ }],
    },
    {
      name: 'Postgres 11 cannot use the CHECK constraint',
      postgresVersion: 11,
      existing: 'CREATE TABLE t (c int CHECK (c IS NOT NULL));',
      code: setNotNull,
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 42 }],
    },
    {
      name: 'the CHECK constraint is not validated yet',
      existing: 'CREATE TABLE t (c int);\nALTER TABLE t ADD CONSTRAINT t_c_nn CHECK (c IS NOT NULL) NOT VALID;',
      code: setNotNull,
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 42 }],
    },
    {
      name: 'Postgres 18: SET NOT NULL validates a NOT VALID constraint',
      postgresVersion: 18,
      existing: 'CREATE TABLE t (c int);\nALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c NOT VALID;',
      code: setNotNull,
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 42, message: /validates the NOT VALID constraint t_c_not_null/ }],
    },
    {
      name: 'Postgres 18: ADD CONSTRAINT ... NOT NULL without NOT VALID',
      postgresVersion: 18,
      code: 'ALTER TABLE t ADD CONSTRAINT t_c_not_null NOT NULL c;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 53, message: /^Making c NOT NULL on t scans/ }],
    },
    {
      name: 'only the column that is not NOT NULL yet, multi-line',
      existing: 'CREATE TABLE t (a int NOT NULL, b int);',
      code: 'ALTER TABLE t\n  ALTER COLUMN a SET NOT NULL,\n  ALTER COLUMN b SET NOT NULL;',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 30, message: /Making b NOT NULL/ }],
    },
    {
      name: 'a CHECK on another column does not help',
      existing: 'CREATE TABLE t (a int CHECK (a IS NOT NULL), b int);',
      code: 'ALTER TABLE t ALTER COLUMN b SET NOT NULL;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 42 }],
    },
  ],
});

describe('setting-not-null help', () => {
  const helpFor = (postgresVersion: number, existing = 'CREATE TABLE app.t (c int);') =>
    lintCase(rule, { code: 'ALTER TABLE app.t ALTER COLUMN c SET NOT NULL;', existing, postgresVersion })[0]?.help;

  it('Postgres 18: a NOT NULL constraint added NOT VALID, then validated', () => {
    expect(helpFor(18)).toContain('`ALTER TABLE app.t ADD CONSTRAINT t_c_not_null NOT NULL c NOT VALID;`');
    expect(helpFor(18)).toContain('`ALTER TABLE app.t VALIDATE CONSTRAINT t_c_not_null;`');
  });

  it('Postgres 12 to 17: the CHECK constraint recipe', () => {
    for (const version of [12, 17]) {
      const help = helpFor(version);
      expect(help).toContain('`ALTER TABLE app.t ADD CONSTRAINT t_c_not_null CHECK (c IS NOT NULL) NOT VALID;`');
      expect(help).toContain('`ALTER TABLE app.t DROP CONSTRAINT t_c_not_null;`');
    }
  });

  it('before Postgres 12: no way around the scan', () => {
    expect(helpFor(11)).toMatch(/^Before Postgres 12, SET NOT NULL always scans the table/);
  });

  it('names the CHECK constraint to validate', () => {
    const existing = 'CREATE TABLE app.t (c int);\nALTER TABLE app.t ADD CONSTRAINT c_present CHECK (c IS NOT NULL) NOT VALID;';
    expect(helpFor(16, existing)).toMatch(/^Validate the CHECK constraint first.*`ALTER TABLE app\.t VALIDATE CONSTRAINT c_present;`/);
  });

  it('Postgres 18: names the NOT VALID constraint to validate', () => {
    const existing = 'CREATE TABLE app.t (c int);\nALTER TABLE app.t ADD CONSTRAINT c_nn NOT NULL c NOT VALID;';
    expect(helpFor(18, existing)).toMatch(/^Run `ALTER TABLE app\.t VALIDATE CONSTRAINT c_nn;` in its own transaction/);
  });
});
