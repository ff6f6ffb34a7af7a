import { describe, expect, it } from 'vitest';
import { parseFindingComment, renderResolvedComment, renderReviewComment, suggestedLines } from '../../src/github/comment.js';
import { brokenFinding, planRuleFinding, regressionFinding, suggestionFinding } from '../reporters/explain-report.js';
import { ADDED_SQL, columnFinding, dropFinding, indexFinding, makeFinding } from './fixtures.js';

describe('renderReviewComment', () => {
  it('opens with the hidden marker, then severity, rule, message, evidence, safe alternative, suggestion and docs', () => {
    expect(renderReviewComment(indexFinding, ADDED_SQL)).toBe(
      [
        `<!-- sql-preflight:finding:${indexFinding.fingerprint} -->`,
        '**Error** `require-concurrent-index-creation`',
        '',
        'Creating an index on orders without CONCURRENTLY blocks writes to the table until the index is built.',
        '',
        '<details>',
        '<summary>What the database showed</summary>',
        '',
        '- took ShareLock on public.orders; ran in 3.2 ms',
        '- a second session was blocked from writing public.orders',
        '',
        '</details>',
        '',
        '**Safe alternative:** Use CREATE INDEX CONCURRENTLY, outside a transaction.',
        '',
        '**Fix (Add CONCURRENTLY):**',
        '```suggestion',
        'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);',
        '```',
        '',
        '[Documentation of `require-concurrent-index-creation`](https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/require-concurrent-index-creation.md)',
      ].join('\n'),
    );
    expect(parseFindingComment(renderReviewComment(indexFinding))).toEqual({ fingerprint: indexFinding.fingerprint, resolved: false });
  });

  it('names the fix without a suggestion when the file text is not available', () => {
    const body = renderReviewComment(indexFinding);
    expect(body).toContain('**Fix:** Add CONCURRENTLY');
    expect(body).not.toContain('```suggestion');
  });

  it('shows no evidence section for a static finding, and escapes markdown from SQL names', () => {
    const body = renderReviewComment(makeFinding({ ruleId: 'r', severity: 'notice', file: 'a.sql', line: 1, message: 'Table <b>*x*</b>_y breaks.' }));
    expect(body).not.toContain('<details>');
    expect(body).toContain('Table \\<b\\>\\*x\\*\\</b\\>\\_y breaks.');
  });

  it('does not take a quoted copy of our comment (a human reply) for ours', () => {
    expect(parseFindingComment(`> ${renderReviewComment(dropFinding)}\n\nWe know.`)).toBeUndefined();
  });

  it('turns a resolved comment\'s suggestion into plain SQL, so it can no longer be committed', () => {
    const resolved = renderResolvedComment(renderReviewComment(indexFinding, ADDED_SQL), 'a1b2c3d4e5f6');
    expect(parseFindingComment(resolved)).toEqual({ fingerprint: indexFinding.fingerprint, resolved: true });
    expect(resolved).toContain('no longer reports this as of a1b2c3d.');
    expect(resolved).not.toContain('```suggestion');
    expect(resolved).toContain('```sql\nCREATE INDEX CONCURRENTLY');
  });
});

describe('renderReviewComment, findings of the EXPLAIN phase', () => {
  const fence = (...lines: string[]) => ['```', ...lines, '```'].join('\n');

  it.each([
    [
      'a plan regression: the plans before and after, with the measured index, folded under "The plan"',
      regressionFinding,
      'The plan',
      [
        // The sqlc name List_*Orders* would otherwise turn into emphasis.
        '**The query:** db/queries/orders.sql:3 (List\\_\\*Orders\\*)',
        `**Before the change:** estimated cost 8.30\n${fence('Index Scan using orders_customer_id_idx on orders  (cost=0.29..8.30 rows=1 width=40)', '  Index Cond: (customer_id = $1)')}`,
        `**After the change:** estimated cost 1,234.50 (150x)\n${fence('Seq Scan on orders  (cost=0.00..1234.50 rows=1 width=40)', '  Filter: (customer_id = $1)')}`,
        `**With the suggested index (measured):** estimated cost 1,234.50 → 8.30; the index takes 2184 kB on the seeded data\n${fence('Index Scan using orders_customer_id_idx1 on orders  (cost=0.29..8.30 rows=1 width=40)', '  Index Cond: (customer_id = $1)')}`,
        '**Safe alternative:** Measured on the seeded data, this index brings the estimated cost from 1,234.50 to 8.30:\n```sql\nCREATE INDEX CONCURRENTLY orders_customer_id_idx1 ON public.orders (customer_id);\n```\nKeep an index that serves the query.',
      ],
    ],
    [
      "a query the change broke: PostgreSQL's error",
      brokenFinding,
      "PostgreSQL's error",
      ['**The query:** db/queries/orders.sql:11', `**PostgreSQL's error:** SQLSTATE 42703\n${fence('ERROR:  column "note" does not exist')}`],
    ],
    [
      'a plan rule: the node it is about',
      planRuleFinding,
      'The plan',
      [`**The plan:** Seq Scan on orders\n${fence('Seq Scan on orders  (cost=0.00..1020.00 rows=12 width=40)', "  Filter: (status = 'late'::text)")}`],
    ],
    [
      'an index suggestion: the plan with the index, and its CREATE INDEX ready to copy',
      suggestionFinding,
      'The plan',
      [
        `**With the suggested index (measured):** estimated cost 1,020.00 → 4.50; the index takes 16 kB on the seeded data\n${fence('Index Scan using orders_status_idx on orders  (cost=0.29..4.50 rows=12 width=40)', "  Index Cond: (status = 'late'::text)")}`,
        '```sql\nCREATE INDEX CONCURRENTLY orders_status_idx ON public.orders (status);\n```',
      ],
    ],
  ])('shows %s', (_, finding, summary, expected) => {
    const body = renderReviewComment(finding);
    expect(body).toContain(`<details>\n<summary>${summary}</summary>\n\n**The query:**`);
    // Plan lines are fenced as EXPLAIN printed them (orders_customer_id_idx, not orders\_customer...).
    for (const part of expected) expect(body).toContain(part);
  });

  it('shows at most 60 lines of a plan, and says how many more the JSON report has', () => {
    const lines = Array.from({ length: 75 }, (_, i) => `  ->  Seq Scan on part_${i}  (cost=0.00..1.00 rows=1 width=4)`);
    const body = renderReviewComment({ ...planRuleFinding, evidence: { plan: { node: 'Append', lines } } });
    expect(body).toContain(lines[59]);
    expect(body).not.toContain(lines[60]);
    expect(body).toContain('_…and 15 more lines; the JSON report has them all._');
  });
});

describe('suggestedLines', () => {
  const text = 'SELECT 1;\nALTER TABLE t\n  ADD c int;\nSELECT ñ;\n';
  const fix = (edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[]) => ({ description: 'fix', edits });

  it('replaces exactly the commented lines when the edits lie within them', () => {
    expect(suggestedLines(fix([{ line: 3, column: 9, endLine: 3, endColumn: 12, text: 'bigint' }]), text, { start: 2, end: 3 })).toBe('ALTER TABLE t\n  ADD c bigint;');
    expect(suggestedLines(fix([{ line: 2, column: 14, endLine: 3, endColumn: 3, text: ' ' }]), text, { start: 2, end: 3 })).toBe('ALTER TABLE t ADD c int;');
  });

  it('gives no suggestion when an edit reaches outside the commented lines', () => {
    const edits = fix([{ line: 1, column: 1, endLine: 1, endColumn: 1, text: '-- ' }, { line: 3, column: 9, endLine: 3, endColumn: 12, text: 'bigint' }]);
    expect(suggestedLines(edits, text, { start: 2, end: 3 })).toBeUndefined();
    expect(suggestedLines(fix([{ line: 3, column: 9, endLine: 4, endColumn: 1, text: '' }]), text, { start: 2, end: 3 })).toBeUndefined();
    expect(renderReviewComment({ ...columnFinding, fix: edits }, text)).not.toContain('```suggestion');
  });

  it('counts columns in code points and applies several edits on one line', () => {
    const edits = fix([
      { line: 4, column: 8, endLine: 4, endColumn: 9, text: 'n' },
      { line: 4, column: 1, endLine: 4, endColumn: 7, text: 'select' },
    ]);
    expect(suggestedLines(edits, text, { start: 4, end: 4 })).toBe('select n;');
  });

  it('gives no suggestion for overlapping edits, columns past the line, or a fix that changes nothing', () => {
    expect(suggestedLines(fix([{ line: 1, column: 1, endLine: 1, endColumn: 5, text: 'a' }, { line: 1, column: 3, endLine: 1, endColumn: 6, text: 'b' }]), text, { start: 1, end: 1 })).toBeUndefined();
    expect(suggestedLines(fix([{ line: 1, column: 40, endLine: 1, endColumn: 40, text: 'x' }]), text, { start: 1, end: 1 })).toBeUndefined();
    expect(suggestedLines(fix([{ line: 1, column: 1, endLine: 1, endColumn: 7, text: 'SELECT' }]), text, { start: 1, end: 1 })).toBeUndefined();
  });

  it('fences a suggestion that contains backticks with a longer fence', () => {
    const body = renderReviewComment(
      makeFinding({ ruleId: 'r', severity: 'notice', file: 'a.sql', line: 1, fix: fix([{ line: 1, column: 10, endLine: 1, endColumn: 10, text: ' -- ```' }]) }),
      text,
    );
    expect(body).toContain('````suggestion\nSELECT 1; -- ```\n````');
  });

  it('works on CRLF files and after a byte-order mark, as the columns do', () => {
    expect(suggestedLines(fix([{ line: 1, column: 1, endLine: 1, endColumn: 7, text: 'select' }]), '\uFEFFSELECT 1;\r\nSELECT 2;\r\n', { start: 1, end: 2 })).toBe('select 1;\nSELECT 2;');
  });
});
