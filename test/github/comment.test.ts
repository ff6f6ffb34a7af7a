import { describe, expect, it } from 'vitest';
import { parseFindingComment, renderResolvedComment, renderReviewComment, suggestedLines } from '../../src/github/comment.js';
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
