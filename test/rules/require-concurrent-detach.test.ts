import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/require-concurrent-detach.js';
import { lintCase, ruleTester } from '../support/rule-tester.js';

ruleTester(rule, {
  valid: [
    'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;',
    { name: 'FINALIZE completes a concurrent detach', code: 'ALTER TABLE measurements DETACH PARTITION measurements_2019 FINALIZE;' },
    "ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
    {
      name: 'partitioned table created earlier in the same change',
      code: "CREATE TABLE events (at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE events DETACH PARTITION events_2024;",
    },
    { name: 'before Postgres 14 there is no CONCURRENTLY', postgresVersion: 13, code: 'ALTER TABLE measurements DETACH PARTITION measurements_2019;' },
  ],
  invalid: [
    {
      code: 'ALTER TABLE measurements DETACH PARTITION measurements_2019;',
      errors: [{ line: 1, column: 26, endLine: 1, endColumn: 60, message: /^Detaching measurements_2019 without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on measurements:/ }],
    },
    {
      name: 'multi-line, table from an existing migration',
      existing: 'CREATE TABLE app.events (at date) PARTITION BY RANGE (at);',
      code: 'ALTER TABLE app.events\n  DETACH PARTITION app.events_2019;',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 35, message: /lock on app\.events:/ }],
    },
    { name: 'from Postgres 14', postgresVersion: 14, code: 'ALTER TABLE m DETACH PARTITION m_1;', errors: [{ line: 1, column: 15, endLine: 1, endColumn: 35 }] },
  ],
});

describe('require-concurrent-detach help', () => {
  it('says CONCURRENTLY needs to run outside a transaction block when the statement is in one', () => {
    const [finding] = lintCase(rule, { code: 'ALTER TABLE m DETACH PARTITION m_1;', transaction: 'transaction' });
    expect(finding?.help).toMatch(/outside a transaction block .* DEFAULT partition/);
    expect(finding?.fix).toBeUndefined();
  });
});
