import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/ban-lock-table.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    { name: 'ROW EXCLUSIVE blocks neither reads nor writes', code: 'BEGIN;\nLOCK TABLE orders IN ROW EXCLUSIVE MODE;\nCOMMIT;' },
    { name: 'ACCESS SHARE', code: 'BEGIN;\nLOCK orders IN ACCESS SHARE MODE;\nCOMMIT;' },
    { name: 'SHARE UPDATE EXCLUSIVE', code: 'BEGIN;\nLOCK orders IN SHARE UPDATE EXCLUSIVE MODE;\nCOMMIT;' },
    { name: 'table created earlier in the same change', code: 'BEGIN;\nCREATE TABLE app.invoices (id int);\nLOCK TABLE app.invoices;\nCOMMIT;' },
  ],
  invalid: [
    {
      name: 'no mode means ACCESS EXCLUSIVE',
      code: 'BEGIN;\nLOCK TABLE orders;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 18, message: /^LOCK TABLE takes ACCESS EXCLUSIVE on orders, which blocks all reads and writes until the transaction ends\.$/ }],
    },
    {
      code: 'BEGIN;\nLOCK orders IN SHARE MODE;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 26, message: /SHARE on orders, which blocks writes \(INSERT, UPDATE, DELETE\) but not reads/ }],
    },
    {
      name: 'multi-line, names only the existing table',
      code: 'BEGIN;\nCREATE TABLE invoices (id int);\nLOCK TABLE\n  invoices,\n  app.orders\n  IN EXCLUSIVE MODE;\nCOMMIT;',
      errors: [{ line: 3, column: 1, endLine: 6, endColumn: 20, message: /takes EXCLUSIVE on app\.orders, which blocks writes/ }],
    },
    {
      name: 'runner transaction',
      transaction: 'transaction',
      existing: 'CREATE TABLE orders (id int);',
      code: 'LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE NOWAIT;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 53, message: /SHARE ROW EXCLUSIVE on orders/ }],
    },
  ],
});

describe('ban-lock-table help', () => {
  it('says LOCK only works inside a transaction block when it is outside one', () => {
    expect(lintCase(rule, { code: 'LOCK TABLE orders;' })[0]?.help).toMatch(/only works inside a transaction block/);
  });
});
