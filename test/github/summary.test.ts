import { describe, expect, it } from 'vitest';
import type { FileReport, Finding } from '../../src/core/types.js';
import { MAX_COMMENT_LENGTH, renderSummary, SUMMARY_MARKER } from '../../src/github/summary.js';
import { explainReport } from '../reporters/explain-report.js';
import { ADDED_PATH, columnFinding, dropFinding, HEAD_SHA, indexFinding, makeFinding, makeReport, outsideFinding, PR } from './fixtures.js';

const traced: FileReport = {
  path: ADDED_PATH,
  kind: 'migration',
  format: 'plain',
  transaction: 'transaction',
  parseErrors: [],
  statements: [
    {
      index: 0,
      type: 'IndexStmt',
      inTransaction: true,
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 58,
      trace: {
        locks: [{ relation: 'public.orders', mode: 'ShareLock' }],
        rewrites: [],
        validated: [],
        durationMs: 3.2,
        lockTimeout: '0',
        statementTimeout: '0',
        observedBy: 'transaction',
      },
    },
    {
      index: 1,
      type: 'AlterTableStmt',
      inTransaction: true,
      line: 3,
      column: 1,
      endLine: 4,
      endColumn: 44,
      trace: {
        locks: [],
        rewrites: [],
        validated: [],
        durationMs: 0,
        lockTimeout: '0',
        statementTimeout: '0',
        observedBy: 'transaction',
        error: { message: 'column "note" | of relation "orders" already exists', code: '42701' },
      },
    },
    { index: 2, type: 'AlterTableStmt', inTransaction: true, line: 5, column: 1, endLine: 5, endColumn: 39 },
  ],
};

describe('renderSummary', () => {
  it('counts by severity, lists every finding linked to its lines, and shows the trace and the database', () => {
    const report = makeReport([indexFinding, columnFinding, dropFinding], [traced]);
    const body = renderSummary(report, { pr: PR, runTimeMs: 12_345, failOn: 'warning', annotationsNotShown: [dropFinding] });
    const link = (line: string) => `https://github.com/acme/shop/blob/${HEAD_SHA}/db/migrations/20240102_orders.sql#${line}`;
    expect(body.startsWith(`${SUMMARY_MARKER}\n## sql-preflight\n\n**3 problems** (1 error, 1 warning, 1 notice) in 2 files, 9 statements. With \`fail-on: warning\`, 2 findings fail the check.`)).toBe(true);
    expect(body).toContain(
      [
        '| Severity | Rule | Location | Finding |',
        '| --- | --- | --- | --- |',
        `| Error | [\`require-concurrent-index-creation\`](${indexFinding.docsUrl}) | [db/migrations/20240102\\_orders.sql:2](${link('L2')}) | Creating an index on orders without CONCURRENTLY blocks writes to the table until the index is built. |`,
        `| Warning | [\`adding-required-column\`](${columnFinding.docsUrl}) | [db/migrations/20240102\\_orders.sql:3](${link('L3-L4')}) | ${columnFinding.message} |`,
      ].join('\n'),
    );
    expect(body).toContain('<summary>1 annotation GitHub does not show</summary>');
    expect(body).toContain('<summary>What the database showed for db/migrations/20240102_orders.sql: 2 statements</summary>');
    expect(body).toContain(`| [2](${link('L2')}) | IndexStmt | took ShareLock on public.orders; ran in 3.2 ms |`);
    expect(body).toContain(`| [3](${link('L3-L4')}) | AlterTableStmt | failed: column "note" \\| of relation "orders" already exists (42701) |`);
    expect(body).toContain('Database: pglite, PostgreSQL 18.3 (no Docker was found, so PGlite (PostgreSQL 18.3 in WebAssembly) is used). Rules for PostgreSQL 17. Run time 12.3 s. sql-preflight 0.1.0');
  });

  it('says plainly that there are no findings', () => {
    const body = renderSummary(makeReport([]), { pr: PR });
    expect(body).toContain('No problems found in 2 files, 9 statements.');
    expect(body).not.toContain('| Severity |');
  });

  it('names the problems that kept the run from checking everything', () => {
    expect(renderSummary(makeReport([]), { problems: ['the database could not start: Docker is not running'] })).toContain(
      '> [!WARNING]\n> sql-preflight could not check everything it was asked to:\n> - the database could not start: Docker is not running',
    );
  });

  it('shows plain locations without a pull request (e.g. for a push)', () => {
    expect(renderSummary(makeReport([outsideFinding]))).toContain('| db/migrations/20240101\\_init.sql:2 |');
  });

  it('stays under 65,536 characters with thousands of findings, shortening the largest sections first, with a note', () => {
    const findings: Finding[] = Array.from({ length: 5000 }, (_, i) =>
      makeFinding({ ruleId: 'ban-drop-column', severity: i < 100 ? 'error' : 'warning', file: `db/migrations/${String(i).padStart(5, '0')}_drop.sql`, line: i + 1, message: `Dropping orders.column_${i} breaks clients that still read it.` }),
    );
    const overflow = findings.map((finding) => ({ finding, reason: 'over-cap' as const }));
    const body = renderSummary(makeReport(findings, [traced]), { pr: PR, overflow, annotationsNotShown: findings.slice(20) });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body.length).toBeGreaterThan(MAX_COMMENT_LENGTH - 1000);
    expect(body).toMatch(/_…and [\d,]+ more findings, left out to keep this comment within GitHub's size limit\._/);
    expect(body).toMatch(/_…and [\d,]+ more annotations, left out/);
    // The findings table keeps the most severe, and the small trace section is untouched.
    expect(body).toContain('db/migrations/00000\\_drop.sql:1');
    expect(body).toContain('took ShareLock on public.orders; ran in 3.2 ms');
    expect(body.endsWith('sql-preflight 0.1.0</sub>')).toBe(true);
  });

  it('fits any limit, dropping whole sections and cutting as a last resort', () => {
    const report = makeReport([indexFinding, columnFinding, dropFinding], [traced]);
    for (const maxLength of [2000, 600, 100]) expect(renderSummary(report, { pr: PR, maxLength }).length).toBeLessThanOrEqual(maxLength);
    expect(renderSummary(makeReport([indexFinding]), { pr: PR, maxLength: 300 })).toContain("Some sections were left out to keep this comment within GitHub's size limit.");
  });

  describe('of check with query files', () => {
    const blob = (path: string, line: number) => `https://github.com/acme/shop/blob/${HEAD_SHA}/${path}#L${line}`;
    const body = renderSummary(explainReport, { pr: PR });

    it.each([
      [
        'the query plans the change affects: cost before → after and what became of the query (not the query whose plan stayed the same)',
        [
          '### Query plans the change affects',
          '',
          '| Query | Name | Estimated cost | Status |',
          '| --- | --- | --- | --- |',
          `| [db/queries/orders.sql:3](${blob('db/queries/orders.sql', 3)}) | List\\_\\*Orders\\* | 8.30 → 1,234.50 (150x) | planned (generic plan) |`,
          `| [db/queries/orders.sql:7](${blob('db/queries/orders.sql', 7)}) |  | 1,020.00 → 1,020.00 | planned |`,
          `| [db/queries/orders.sql:11](${blob('db/queries/orders.sql', 11)}) |  | 12.00 → – | broken by the change: column "note" does not exist |`,
          '',
        ],
      ],
      [
        'the indexes tested: statement, the query, cost with and without, size',
        [
          '### Indexes tested on the seeded data',
          '',
          '| Index | For the query | Estimated cost | Size |',
          '| --- | --- | --- | --- |',
          `| \`CREATE INDEX CONCURRENTLY orders_customer_id_idx1 ON public.orders (customer_id);\` | [db/queries/orders.sql:3 (List\\_\\*Orders\\*)](${blob('db/queries/orders.sql', 3)}) | 1,234.50 → 8.30 | 2184 kB |`,
          `| \`CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders (status);\` | [db/queries/orders.sql:7](${blob('db/queries/orders.sql', 7)}) | 1,020.00 → 4.50 | 16 kB |`,
          '',
        ],
      ],
      [
        'the notes, escaped',
        [
          '> [!NOTE]',
          '> Not findings, but worth knowing:',
          '> - db/queries/orders.sql:15: not planned: a \\`COPY\\` statement \\<cannot\\> be explained',
          '> - Statistics of public.audit: the schema has no such table.',
          '',
        ],
      ],
      [
        'the seeded tables, folded',
        [
          '<details>',
          '<summary>Seeded data: 52,000 rows in 2 tables (1.8 s); production statistics restored for 2 tables.</summary>',
          '',
          '| Table | Status | Rows generated | Note |',
          '| --- | --- | --- | --- |',
          '| public.customers | filled | 2,000 |  |',
          '| public.orders | partial | 50,000 | capped at max-rows 50,000 |',
          '| public.settings | kept | 0 | it had rows already |',
          '',
          '</details>',
        ],
      ],
    ])('shows %s', (_, lines) => {
      expect(body).toContain(lines.join('\n'));
    });

    it('shows none of these sections for a report without queries, seed or notes', () => {
      const plain = renderSummary(makeReport([indexFinding]), { pr: PR });
      for (const absent of ['Query plans', 'Indexes tested', '[!NOTE]', 'Seeded data']) expect(plain).not.toContain(absent);
    });

    it('shortens the query table to fit, with a note', () => {
      const queries = Array.from({ length: 5000 }, (_, i) => ({
        file: `db/queries/q${i}.sql`,
        line: 1,
        changed: true,
        before: { status: 'planned' as const, cost: 10 },
        after: { status: 'planned' as const, cost: 20 },
      }));
      const shortened = renderSummary({ ...explainReport, queries }, { pr: PR });
      expect(shortened.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
      expect(shortened).toContain(`| [db/queries/q0.sql:1](${blob('db/queries/q0.sql', 1)}) |  | 10.00 → 20.00 (2x) | planned |`);
      expect(shortened).toMatch(/_…and [\d,]+ more queries, left out to keep this comment within GitHub's size limit\._/);
      expect(shortened).toContain('### Indexes tested on the seeded data');
    });
  });
});
