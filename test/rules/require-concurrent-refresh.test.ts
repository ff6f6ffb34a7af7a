import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-concurrent-refresh.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

const existingWithIndex =
  'CREATE MATERIALIZED VIEW app.totals AS SELECT 1 AS id;\nCREATE UNIQUE INDEX totals_id ON app.totals (id);';

ruleTester(rule, {
  valid: [
    'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;',
    { name: 'WITH NO DATA empties the view on purpose and cannot be concurrent', code: 'REFRESH MATERIALIZED VIEW order_totals WITH NO DATA;' },
    { name: 'view created earlier in the same change', code: 'CREATE MATERIALIZED VIEW totals AS SELECT 1 AS id;\nREFRESH MATERIALIZED VIEW totals;' },
    { name: 'schema-qualified new view', code: 'CREATE MATERIALIZED VIEW app.totals AS SELECT 1 AS id;\nREFRESH MATERIALIZED VIEW app.totals;' },
  ],
  invalid: [
    {
      code: 'REFRESH MATERIALIZED VIEW order_totals;',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 39, message: /order_totals without CONCURRENTLY .* ACCESS EXCLUSIVE/ }],
    },
    {
      name: 'multi-line, view from an existing migration',
      existing: existingWithIndex,
      code: '-- nightly\nREFRESH MATERIALIZED VIEW\n  app.totals\n  WITH DATA;',
      errors: [{ line: 2, column: 1, endLine: 4, endColumn: 12, message: /app\.totals/ }],
    },
    {
      name: 'same name in another schema is not the new view',
      code: 'CREATE MATERIALIZED VIEW app.totals AS SELECT 1 AS id;\nREFRESH MATERIALIZED VIEW totals;',
      errors: [{ line: 2, column: 1, endLine: 2, endColumn: 33 }],
    },
  ],
});

describe('require-concurrent-refresh fix', () => {
  it('adds CONCURRENTLY when the catalog knows a usable unique index', () => {
    const [finding] = lintCase(rule, { existing: existingWithIndex, code: 'REFRESH MATERIALIZED VIEW app.totals;' });
    expect(finding?.fix?.edits).toEqual([{ line: 1, column: 26, endLine: 1, endColumn: 26, text: ' CONCURRENTLY' }]);
    expect(finding?.help).toMatch(/unique index totals_id/);
  });

  it('gives no fix without a known unique index on plain columns', () => {
    const partial = 'CREATE MATERIALIZED VIEW totals AS SELECT 1 AS id;\nCREATE UNIQUE INDEX totals_id ON totals (id) WHERE id > 0;';
    for (const existing of [undefined, partial]) {
      const [finding] = lintCase(rule, { existing, code: 'REFRESH MATERIALIZED VIEW totals;' });
      expect(finding?.fix).toBeUndefined();
      expect(finding?.help).toMatch(/Create a UNIQUE index/);
    }
  });
});
