import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-concurrent-reindex.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

const ordersWithIndex = 'CREATE TABLE orders (customer_id int);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);';

ruleTester(rule, {
  valid: [
    'REINDEX INDEX CONCURRENTLY orders_customer_id_idx;',
    'REINDEX (CONCURRENTLY) TABLE orders;',
    'REINDEX (VERBOSE, CONCURRENTLY true) TABLE orders;',
    { name: 'system catalogs have no concurrent rebuild', code: 'REINDEX SYSTEM;' },
    {
      name: 'table and index created earlier in the same change',
      code: 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);\nREINDEX TABLE t;\nREINDEX INDEX t_id_idx;',
    },
    { name: 'before Postgres 12 there is no CONCURRENTLY', postgresVersion: 11, code: 'REINDEX TABLE orders;' },
  ],
  invalid: [
    {
      code: 'REINDEX TABLE orders;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21, message: /^REINDEX TABLE orders without CONCURRENTLY blocks writes to orders/ }],
    },
    {
      name: 'an index of a table from an existing migration names the table',
      existing: ordersWithIndex,
      code: 'REINDEX INDEX orders_customer_id_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 37, message: /blocks writes to its table orders:/ }],
    },
    {
      name: 'an index the catalog does not know',
      code: 'REINDEX INDEX app.orders_customer_id_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 41, message: /blocks writes to its table:/ }],
    },
    {
      name: 'multi-line, a whole schema',
      code: 'REINDEX (VERBOSE)\n  SCHEMA app;',
      errors: [{ line: 1, column: 1, endLine: 2, endColumn: 13, message: /^REINDEX SCHEMA app without CONCURRENTLY/ }],
    },
    { name: 'the current database', code: 'REINDEX DATABASE;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 17, message: /^REINDEX DATABASE without/ }] },
    { name: 'CONCURRENTLY switched off', code: 'REINDEX (CONCURRENTLY false) TABLE orders;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 42 }] },
    { name: 'from Postgres 12', postgresVersion: 12, code: 'REINDEX TABLE orders;', errors: [{ line: 1, column: 1, endLine: 1, endColumn: 21 }] },
    {
      name: 'inside a transaction',
      transaction: 'transaction',
      code: 'CREATE TABLE t (id int);\nREINDEX TABLE orders;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 21 }],
    },
  ],
});

describe('require-concurrent-reindex fix', () => {
  it('inserts CONCURRENTLY after the object kind', () => {
    expect(lintCase(rule, { code: 'REINDEX TABLE orders;' })[0]?.fix?.edits).toEqual([{ line: 1, column: 14, endLine: 1, endColumn: 14, text: ' CONCURRENTLY' }]);
    expect(lintCase(rule, { code: 'REINDEX (VERBOSE) INDEX i;' })[0]?.fix?.edits).toEqual([{ line: 1, column: 24, endLine: 1, endColumn: 24, text: ' CONCURRENTLY' }]);
  });

  it('gives no fix where CONCURRENTLY would fail or conflict', () => {
    const inTransaction = lintCase(rule, { code: 'REINDEX TABLE orders;', transaction: 'transaction' })[0];
    expect(inTransaction?.fix).toBeUndefined();
    expect(inTransaction?.help).toMatch(/outside a transaction block/);
    expect(lintCase(rule, { code: 'REINDEX (CONCURRENTLY off) TABLE orders;' })[0]?.fix).toBeUndefined();
  });
});
