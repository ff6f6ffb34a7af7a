import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-lock-timeout.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
    { name: 'SET LOCAL inside the transaction', code: "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;" },
    { name: 'set_config', code: "SELECT set_config('lock_timeout', '3s', false);\nALTER TABLE orders ADD COLUMN note text;" },
    { name: 'tables created earlier in the same change', code: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN note text;\nCREATE INDEX t_id_idx ON t (id);\nDROP INDEX t_id_idx;' },
    { name: 'locks that block neither reads nor writes', code: 'CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nUPDATE orders SET note = NULL;\nSELECT * FROM orders;' },
    { name: 'the transaction already holds a lock at least as strong', code: 'BEGIN;\nLOCK TABLE orders IN ACCESS EXCLUSIVE MODE NOWAIT;\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_note_idx ON orders (note);\nCOMMIT;' },
    { name: 'NOWAIT does not wait', code: 'BEGIN;\nLOCK TABLE orders IN ACCESS EXCLUSIVE MODE NOWAIT;\nCOMMIT;' },
  ],
  invalid: [
    {
      name: 'only the first of several locks on the same table in one transaction waits',
      transaction: 'transaction',
      code: 'CREATE INDEX orders_note_idx ON orders (note);\nALTER TABLE orders ADD COLUMN a int;\nALTER TABLE orders ADD COLUMN b int;\nALTER TABLE customers ADD COLUMN c int;',
      errors: [
        { line: 1, column: 1, endLine: 1, endColumn: 46, message: /^Takes SHARE on orders/ },
        { line: 2, column: 1, endLine: 2, endColumn: 36, message: /^Takes ACCESS EXCLUSIVE on orders/ },
        { line: 4, column: 1, endLine: 4, endColumn: 39, message: /on customers/ },
      ],
    },
    {
      name: 'without a transaction every statement waits again',
      code: 'ALTER TABLE orders ADD COLUMN a int;\nALTER TABLE orders ADD COLUMN b int;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 36 }, { line: 2, column: 1, endLine: 2, endColumn: 36 }],
    },
    {
      code: 'ALTER TABLE orders ADD COLUMN note text;',
      errors: [{
        line: 1, column: 1, endLine: 1, endColumn: 40,
        message: /^Takes ACCESS EXCLUSIVE on orders with no lock_timeout set: while it waits for the lock behind a long-running query, every read and write on orders queues behind it\.$/,
      }],
    },
    {
      name: 'a zero lock_timeout is no timeout',
      code: 'SET lock_timeout = 0;\nCREATE INDEX orders_id_idx ON orders (id);',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 42, message: /^Takes SHARE on orders .* every write on orders queues/ }],
    },
    {
      name: 'RESET undoes the timeout',
      code: "SET lock_timeout = '5s';\nRESET lock_timeout;\nDROP TABLE orders;",
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 18 }],
    },
    {
      name: 'SET LOCAL outside a transaction has no effect',
      code: "SET LOCAL lock_timeout = '5s';\nALTER TABLE orders DROP COLUMN note;",
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 36 }],
    },
    {
      name: 'a rolled-back SET does not count',
      code: "BEGIN;\nSET lock_timeout = '5s';\nROLLBACK;\nALTER TABLE orders ADD COLUMN a int;",
      errors: [{ line: 4, column: 1, endLine: 4, endColumn: 36 }],
    },
    {
      name: 'multi-line, both tables of a foreign key',
      code: 'ALTER TABLE orders\n  ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
      errors: [{ line: 1, column: 1, endLine: 2, endColumn: 88, message: /^Takes SHARE ROW EXCLUSIVE on customers, orders .* every write on customers, orders queues/ }],
    },
    {
      name: 'different modes on different tables',
      code: 'ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 70, message: /^Takes SHARE ROW EXCLUSIVE on customers and ACCESS EXCLUSIVE on orders .* every read and write on orders and every write on customers queues/ }],
    },
    {
      name: 'DROP INDEX names the table the catalog knows',
      existing: 'CREATE TABLE orders (id int);\nCREATE INDEX orders_id_idx ON orders (id);',
      code: 'DROP INDEX orders_id_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 25, message: /^Takes ACCESS EXCLUSIVE on orders with/ }],
    },
    {
      name: 'DROP INDEX of an index the catalog does not know',
      code: 'DROP INDEX some_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 20, message: /ACCESS EXCLUSIVE on the table of index some_idx/ }],
    },
    {
      name: 'ATTACH PARTITION before Postgres 12 locks the parent too',
      postgresVersion: 11,
      code: 'ALTER TABLE m ATTACH PARTITION m_1 DEFAULT;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 43, message: /ACCESS EXCLUSIVE on m_1, m / }],
    },
  ],
});

describe('require-lock-timeout help', () => {
  it('suggests SET LOCAL inside a transaction and SET outside one', () => {
    expect(lintCase(rule, { code: 'ALTER TABLE orders ADD COLUMN a int;', transaction: 'transaction' })[0]?.help).toMatch(/SET LOCAL lock_timeout/);
    expect(lintCase(rule, { code: 'ALTER TABLE orders ADD COLUMN a int;' })[0]?.help).toMatch(/^Run `SET lock_timeout = '5s';` before this statement/);
  });

  it('from Postgres 12 ATTACH PARTITION only blocks the table being attached', () => {
    expect(lintCase(rule, { code: 'ALTER TABLE m ATTACH PARTITION m_1 DEFAULT;', postgresVersion: 12 })[0]?.message).toMatch(/^Takes ACCESS EXCLUSIVE on m_1 with/);
  });
});
