import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/ban-vacuum-full-cluster.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'VACUUM orders;',
    'VACUUM (ANALYZE, VERBOSE) orders;',
    'ANALYZE orders;',
    { name: 'FULL switched off', code: 'VACUUM (FULL false) orders;' },
    { name: 'table created earlier in the same change', code: 'CREATE TABLE invoices (id int);\nVACUUM FULL invoices;\nCLUSTER invoices USING invoices_pkey;' },
    { name: 'every table named is new', code: 'CREATE TABLE a (id int);\nCREATE TABLE app.b (id int);\nVACUUM FULL a, app.b;' },
  ],
  invalid: [
    {
      code: 'VACUUM FULL orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 19, message: /^VACUUM FULL rewrites orders under an ACCESS EXCLUSIVE lock/ }],
    },
    {
      code: 'CLUSTER orders USING orders_created_at_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 43, message: /^CLUSTER rewrites orders/ }],
    },
    { name: 'the whole database', code: 'VACUUM FULL;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 12, message: /every table it applies to/ }] },
    { name: 'every table clustered before', code: 'CLUSTER;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 8, message: /every table/ }] },
    {
      name: 'multi-line, names only the existing table',
      code: 'CREATE TABLE invoices (id int);\nVACUUM (FULL, VERBOSE)\n  invoices,\n  orders;',
      errors: [{ line: 2, column: 1, endLine: 4, endColumn: 9, message: /rewrites orders under/ }],
    },
    {
      name: 'from Postgres 19 as well',
      postgresVersion: 19,
      existing: 'CREATE TABLE app.orders (id int PRIMARY KEY);',
      code: 'VACUUM FULL app.orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 23 }],
    },
  ],
});

describe('ban-vacuum-full-cluster help', () => {
  it('suggests REPACK (CONCURRENTLY) from Postgres 19 on', () => {
    expect(lintCase(rule, { code: 'VACUUM FULL orders;', postgresVersion: 19 })[0]?.help).toMatch(/REPACK \(CONCURRENTLY\)/);
  });

  it('suggests pg_repack / pg_squeeze before 19', () => {
    const help = lintCase(rule, { code: 'CLUSTER orders;', postgresVersion: 18 })[0]?.help;
    expect(help).toMatch(/pg_repack or pg_squeeze/);
    expect(help).not.toMatch(/REPACK \(/);
  });
});
