import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-using-index.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_idx;',
    'ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey_idx;',
    { name: 'table created earlier in the same change', code: 'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a), ADD COLUMN b int PRIMARY KEY;' },
    'CREATE UNIQUE INDEX CONCURRENTLY t_a_idx ON t (a);',
    'CREATE TABLE t (id bigint PRIMARY KEY, code text UNIQUE);',
    { name: 'CHECK is another rule', code: 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number);',
      errors: [{ line: 1, column: 20, endLine: 1, endColumn: 68, message: /^Adding UNIQUE constraint orders_number_key to orders builds its index under an ACCESS EXCLUSIVE lock/ }],
    },
    {
      name: 'unnamed primary key on a table from an existing migration',
      existing: 'CREATE TABLE t (id bigint);',
      code: 'ALTER TABLE t ADD PRIMARY KEY (id);',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 35, message: /^Adding PRIMARY KEY constraint to t builds/ }],
    },
    {
      name: 'composite unique constraint, second action of a multi-line statement',
      code: 'ALTER TABLE app.t\n  ADD COLUMN b int,\n  ADD UNIQUE (a, b);',
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 20 }],
    },
    {
      name: 'inline UNIQUE on a new column',
      code: 'ALTER TABLE t ADD COLUMN code text UNIQUE;',
      errors: [{ line: 1, column: 15, endLine: 1, endColumn: 42, message: /^Adding column code with a UNIQUE constraint to t builds/ }],
    },
  ],
});

describe('require-using-index help', () => {
  const helpFor = (code: string, existing?: string) => lintCase(rule, { code, existing })[0]?.help ?? '';

  it('spells out the index and the constraint for a unique constraint', () => {
    const help = helpFor('ALTER TABLE app.t ADD UNIQUE (a, b);');
    expect(help).toContain('`CREATE UNIQUE INDEX CONCURRENTLY t_a_b_key ON app.t (a, b);`');
    expect(help).toContain('`ALTER TABLE app.t ADD CONSTRAINT t_a_b_key UNIQUE USING INDEX t_a_b_key;`');
    expect(help).not.toContain('NOT NULL');
  });

  it('warns that a primary key sets NOT NULL on nullable columns', () => {
    const help = helpFor('ALTER TABLE t ADD PRIMARY KEY (id);', 'CREATE TABLE t (id bigint);');
    expect(help).toContain('`ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;`');
    expect(help).toContain('also makes id NOT NULL, which scans the table');
  });

  it('does not warn when the key columns are NOT NULL already', () => {
    const help = helpFor('ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY (id);', 'CREATE TABLE t (id bigint NOT NULL);');
    expect(help).toContain('`CREATE UNIQUE INDEX CONCURRENTLY t_pk ON t (id);`');
    expect(help).not.toContain('NOT NULL');
  });
});
