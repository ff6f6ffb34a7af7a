import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/constraint-missing-not-valid.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;',
    'ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id) NOT VALID;',
    'ALTER TABLE t VALIDATE CONSTRAINT c;',
    { name: 'Postgres 18: NOT ENFORCED checks no rows', postgresVersion: 18, code: 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT ENFORCED;' },
    { name: 'foreign key from a table created in the same change', code: 'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id);' },
    { name: 'check on a table created in the same change', code: 'CREATE TABLE t (a int);\nALTER TABLE t ADD CHECK (a > 0), ADD COLUMN b int REFERENCES u;' },
    { name: 'UNIQUE is another rule', code: 'ALTER TABLE t ADD CONSTRAINT u UNIQUE (a);' },
    'ALTER TABLE t ADD COLUMN a int NOT NULL DEFAULT 0;',
    'CREATE TABLE t (a int REFERENCES u (id) CHECK (a > 0));',
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0);',
      errors: [
        {
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 70,
          message: /^Adding CHECK constraint orders_qty_positive to orders checks every existing row under an ACCESS EXCLUSIVE lock, which blocks all reads and writes/,
        },
      ],
    },
    {
      name: 'unnamed foreign key between existing tables',
      existing: 'CREATE TABLE t (a int);\nCREATE TABLE u (id int PRIMARY KEY);',
      code: 'ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES u (id);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 52, message: /^Adding a foreign key to t checks every existing row against u under SHARE ROW EXCLUSIVE locks on t and u, which blocks writes/ }],
    },
    {
      name: 'existing table referencing a new one',
      existing: 'CREATE TABLE t (a int);',
      code: 'CREATE TABLE u (id int PRIMARY KEY);\nALTER TABLE t ADD CONSTRAINT t_a_fk FOREIGN KEY (a) REFERENCES u;',
      errors: [{ line: 2, column: 15, endLine: 2, endColumn: 65, message: /foreign key t_a_fk to t/ }],
    },
    {
      name: 'inline REFERENCES on a new column',
      code: 'ALTER TABLE t ADD COLUMN u_id bigint REFERENCES u (id);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 55, message: /^Adding column u_id with a foreign key to t checks every existing row against u/ }],
    },
    {
      name: 'inline CHECK on a new column',
      code: 'ALTER TABLE t ADD COLUMN n int CONSTRAINT n_positive CHECK (n > 0);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 67, message: /column n with CHECK constraint n_positive/ }],
    },
    {
      name: 'second action of a multi-line statement',
      code: 'ALTER TABLE orders\n  ADD CONSTRAINT a CHECK (x > 0) NOT VALID,\n  ADD CONSTRAINT b CHECK (y > 0)\n    NO INHERIT;',
      errors: [{ line: 3, column: 3, endLine: 4, endColumn: 15, message: /CHECK constraint b/ }],
    },
    {
      name: 'self-referencing foreign key',
      code: 'ALTER TABLE t ADD CONSTRAINT p FOREIGN KEY (parent) REFERENCES t (id);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 70, message: /under a SHARE ROW EXCLUSIVE lock on t,/ }],
    },
  ],
});

describe('constraint-missing-not-valid fix', () => {
  /** Applies the finding's single insertion (ASCII, so columns are offsets) and lints the result again. */
  const applyFix = (code: string) => {
    const findings = lintCase(rule, { code });
    expect(findings).toHaveLength(1);
    const [edit] = findings[0]!.fix!.edits;
    const lines = code.split('\n');
    const line = lines[edit!.line - 1]!;
    lines[edit!.line - 1] = line.slice(0, edit!.column - 1) + edit!.text + line.slice(edit!.column - 1);
    return lines.join('\n');
  };

  it('appends NOT VALID to the constraint', () => {
    const fixed = applyFix('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);');
    expect(fixed).toBe('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;');
    expect(lintCase(rule, { code: fixed })).toEqual([]);
  });

  it('appends NOT VALID after the last constraint attribute of an action in the middle', () => {
    const fixed = applyFix('ALTER TABLE t\n  ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u DEFERRABLE INITIALLY DEFERRED,\n  ADD COLUMN b int;');
    expect(fixed).toBe('ALTER TABLE t\n  ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u DEFERRABLE INITIALLY DEFERRED NOT VALID,\n  ADD COLUMN b int;');
    expect(lintCase(rule, { code: fixed })).toEqual([]);
  });

  it('names the VALIDATE statement in the help', () => {
    expect(lintCase(rule, { code: 'ALTER TABLE app.t ADD CONSTRAINT c CHECK (a > 0);' })[0]?.help).toContain('`ALTER TABLE app.t VALIDATE CONSTRAINT c;`');
  });

  it('gives no fix for a column constraint, which cannot be NOT VALID', () => {
    expect(lintCase(rule, { code: 'ALTER TABLE t ADD COLUMN b int REFERENCES u;' })[0]?.fix).toBeUndefined();
  });
});
