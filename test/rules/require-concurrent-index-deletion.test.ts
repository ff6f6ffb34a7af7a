import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-concurrent-index-deletion.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'DROP INDEX CONCURRENTLY orders_customer_idx;',
    'DROP TABLE orders;',
    { name: 'index on a table created earlier in the same change', code: 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);\nDROP INDEX t_id_idx;' },
    {
      name: 'schema-qualified index on a new table',
      code: 'CREATE TABLE app.t (id int);\nCREATE INDEX t_id_idx ON app.t (id);\nDROP INDEX app.t_id_idx;',
    },
  ],
  invalid: [
    {
      name: 'index the catalog does not know',
      code: 'DROP INDEX orders_customer_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 31, message: /orders_customer_idx without CONCURRENTLY .* on the table it belongs to/ }],
    },
    {
      name: 'index of a table from an existing migration',
      existing: 'CREATE TABLE t (id int);\nCREATE INDEX t_id_idx ON t (id);',
      code: 'DROP INDEX IF EXISTS t_id_idx;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 30, message: /ACCESS EXCLUSIVE lock on t:/ }],
    },
    {
      name: 'index created in this change on an existing table',
      existing: 'CREATE TABLE t (id int);',
      code: 'CREATE INDEX CONCURRENTLY i ON t (id);\nDROP INDEX i;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 13, message: /lock on t:/ }],
    },
    {
      name: 'multi-line statement dropping two indexes',
      code: 'BEGIN;\nDROP INDEX\n  t_a_idx,\n  t_b_idx;\nCOMMIT;',
      errors: [{ line: 2, column: 1, endLine: 4, endColumn: 10, message: /indexes t_a_idx, t_b_idx/ }],
    },
    {
      name: 'unqualified name does not find the index of a new table in another schema',
      code: 'CREATE TABLE app.t (id int);\nCREATE INDEX i ON app.t (id);\nDROP INDEX i;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'one index on a new table, one unknown',
      code: 'CREATE TABLE n (id int);\nCREATE INDEX n_idx ON n (id);\nDROP INDEX n_idx, old_idx;',
      errors: [{ line: 3, column: 1, endLine: 3, endColumn: 26, message: /the table it belongs to/ }],
    },
  ],
});

describe('require-concurrent-index-deletion fix', () => {
  it('inserts CONCURRENTLY after INDEX', () => {
    const [finding] = lintCase(rule, { code: 'DROP INDEX i;' });
    expect(finding?.fix?.edits).toEqual([{ line: 1, column: 11, endLine: 1, endColumn: 11, text: ' CONCURRENTLY' }]);
  });

  it('gives no fix where CONCURRENTLY would fail', () => {
    for (const code of ['DROP INDEX a, b;', 'DROP INDEX i CASCADE;', 'BEGIN;\nDROP INDEX i;\nCOMMIT;']) {
      const findings = lintCase(rule, { code });
      expect(findings).toHaveLength(1);
      expect(findings[0]!.fix).toBeUndefined();
    }
  });
});
