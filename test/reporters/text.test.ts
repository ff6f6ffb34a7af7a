import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/core/types.js';
import { textReporter } from '../../src/reporters/text.js';
import { brokenFinding, explainReport, planRuleFinding, regressionFinding, suggestionFinding } from './explain-report.js';
import { context, makeReport, sampleReport } from './sample-report.js';

function render(report: Report, color = false): string {
  return textReporter.render(report, { ...context, color });
}

function renderFinding(finding: Finding): string {
  return render({ ...explainReport, findings: [finding], seed: undefined, notes: undefined });
}

describe('text reporter, findings of the EXPLAIN phase', () => {
  it.each([
    [
      'a plan regression: the plans before and after with their costs, the measured index with its size, and its CREATE INDEX',
      regressionFinding,
      [
        '  The query: db/queries/orders.sql:3 (List_*Orders*)',
        '  Before the change: estimated cost 8.30',
        '      Index Scan using orders_customer_id_idx on orders  (cost=0.29..8.30 rows=1 width=40)',
        '        Index Cond: (customer_id = $1)',
        // 1,234.50 is about 149 times 8.30: two significant digits.
        '  After the change: estimated cost 1,234.50 (150x)',
        '      Seq Scan on orders  (cost=0.00..1234.50 rows=1 width=40)',
        '        Filter: (customer_id = $1)',
        '  With the suggested index (measured): estimated cost 1,234.50 → 8.30; the index takes 2184 kB on the seeded data',
        '      Index Scan using orders_customer_id_idx1 on orders  (cost=0.29..8.30 rows=1 width=40)',
        '        Index Cond: (customer_id = $1)',
        '  help: Measured on the seeded data, this index brings the estimated cost from 1,234.50 to 8.30:',
        '        CREATE INDEX CONCURRENTLY orders_customer_id_idx1 ON public.orders (customer_id);',
        '        Keep an index that serves the query.',
      ],
    ],
    [
      "a query the change broke: PostgreSQL's error and its SQLSTATE",
      brokenFinding,
      ['  The query: db/queries/orders.sql:11', "  PostgreSQL's error: SQLSTATE 42703", '      ERROR:  column "note" does not exist'],
    ],
    [
      'a plan rule: the node it is about',
      planRuleFinding,
      [
        '  The query: db/queries/orders.sql:7',
        '  The plan: Seq Scan on orders',
        '      Seq Scan on orders  (cost=0.00..1020.00 rows=12 width=40)',
        "        Filter: (status = 'late'::text)",
        '  help: Add an index on the filtered column.',
      ],
    ],
    [
      'an index suggestion: the plan with the index, 16,384 bytes as 16 kB',
      suggestionFinding,
      [
        '  The query: db/queries/orders.sql:7',
        '  With the suggested index (measured): estimated cost 1,020.00 → 4.50; the index takes 16 kB on the seeded data',
        '      Index Scan using orders_status_idx on orders  (cost=0.29..4.50 rows=12 width=40)',
        "        Index Cond: (status = 'late'::text)",
        '  help: Measured on the seeded data, this index brings the estimated cost from 1,020.00 to 4.50:',
        '        CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders (status);',
      ],
    ],
  ])('shows %s', (_, finding, expected) => {
    expect(renderFinding(finding)).toContain(expected.join('\n'));
  });

  it('writes no colour codes without colour, and bold titles with it', () => {
    expect(render(explainReport)).not.toContain('\x1b[');
    expect(render(explainReport, true)).toContain('\x1b[1mBefore the change:\x1b[22m estimated cost 8.30');
  });

  it('shows control characters in a plan line as U+FFFD, so a string in a filter cannot drive the terminal', () => {
    const finding: Finding = { ...planRuleFinding, evidence: { plan: { node: 'Seq Scan on logs', lines: ['Seq Scan on logs', "  Filter: (line = '\x1b[2J'::text)"] } } };
    expect(renderFinding(finding)).toContain("        Filter: (line = '\uFFFD[2J'::text)");
  });

  it('ends with the seeded data and the notes, before the count', () => {
    const output = render(explainReport);
    expect(output).toContain(
      [
        'Seeded data: 52,000 rows in 2 tables (1.8 s); production statistics restored for 2 tables.',
        '',
        'note: db/queries/orders.sql:15: not planned: a `COPY` statement <cannot> be explained',
        'note: Statistics of public.audit: the schema has no such table.',
        '',
        '4 problems (1 error, 2 warnings, 1 notice)',
      ].join('\n'),
    );
  });

  it('says when only row counts came from the statistics file', () => {
    const seed = { rows: 1, ms: 12.4, tables: [{ table: 'public.t', status: 'filled', rows: 1 }], statistics: { mode: 'scaled-rows' as const, tables: 1 } };
    expect(render({ ...makeReport([]), seed })).toContain('Seeded data: 1 row in 1 table (12 ms); production row counts used for 1 table, statistics not restored.\n');
  });

  it('shows no plan, seed or notes for a report without them', () => {
    const output = render(sampleReport);
    for (const absent of ['The query:', 'The plan:', 'Before the change', 'Seeded data', 'note:']) expect(output).not.toContain(absent);
  });
});
