/**
 * For any text built from SQL-ish pieces, splitting it into statements, mapping byte offsets to lines and columns
 * and linting it never throw, and every position reported lies inside the text.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSources } from '../../src/core/lint.js';
import { loadParser, parseSql } from '../../src/core/parse.js';
import { LineIndex, maskRanges } from '../../src/core/source.js';
import type { Span, SqlSource } from '../../src/core/types.js';
import { rules } from '../../src/rules/index.js';

beforeAll(loadParser);

/** Whatever may stand between two tokens. */
const TRIVIA = [' ', '  ', '\t', '\n', '\r\n', '-- ü 🚀 \'\n', '--\r\n', '/* é */', '/* /* nested; */ 日本 */', '/**/'];
const LITERALS = ["'ü'", "'🚀 ; --'", "''''", "E'\\n'", "U&'\\00e9'", '$$ ; /* $$', '$tag$ $$ ; $tag$', "'日本'", '1', '-2.5e3'];
const NAMES = ['a', 'orders', '"Größe"', '"日本"', '"a""b"', 'éclair', 'x𝒳'];
/** Statements with a space where trivia goes, `N` for a name and `L` for a literal. */
const TEMPLATES = [
  'CREATE TABLE N ( id bigint PRIMARY KEY , note text DEFAULT L )',
  'CREATE INDEX ON orders ( N )',
  'CREATE INDEX CONCURRENTLY IF NOT EXISTS N ON orders ( a )',
  'ALTER TABLE orders ADD COLUMN N int NOT NULL',
  'ALTER TABLE orders ADD CONSTRAINT N CHECK ( a > L )',
  'ALTER TABLE orders ALTER COLUMN N TYPE bigint',
  'UPDATE orders SET note = L',
  'COMMENT ON TABLE orders IS L',
  'SELECT L :: text , N',
  'DO $$ BEGIN RAISE NOTICE \';\'; END $$',
  'BEGIN',
  'COMMIT',
  "SET lock_timeout = '1s'",
  'DROP TABLE N',
];
/** Pieces of anything, for text that does not parse: unterminated quotes and comments, NUL, stray brackets. */
const JUNK = ["'", '"', '$$', '$q$', '/*', '*/', '(', ')', ';', '\u0000', '\uFEFF', '{{ .x }}', '🚀', 'é', '\r', 'SELECT', '--'];

const trivia = fc.array(fc.constantFrom(...TRIVIA), { minLength: 1, maxLength: 2 }).map((t) => t.join(''));
const statement = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.constantFrom(...NAMES), fc.constantFrom(...LITERALS), fc.array(trivia, { minLength: 12, maxLength: 12 }))
  .map(([template, name, literal, gaps]) =>
    template
      .split(' ')
      .map((token, i) => (token === 'N' ? name : token === 'L' ? literal : token) + gaps[i % gaps.length])
      .join(''),
  );
const text = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(statement, fc.constantFrom(';', ';\n', ';\r\n', ' ;', ';-- end\n')).map(([s, end]) => s + end), { minLength: 1, maxLength: 6 }),
    fc.oneof(
      { arbitrary: fc.constant(''), weight: 3 },
      { arbitrary: fc.array(fc.constantFrom(...JUNK, ...TRIVIA, ...LITERALS, ...NAMES), { maxLength: 12 }).map((j) => j.join('')), weight: 1 },
    ),
  )
  .map(([bom, statements, junk]) => (bom ? '\uFEFF' : '') + statements.join('') + junk);

/** Lines as LineIndex counts them: split on \n, a trailing \r and a leading byte-order mark taking no column. */
function lineLengths(source: string): number[] {
  return source.replace(/^\uFEFF/, '').split('\n').map((line) => [...line.replace(/\r$/, '')].length);
}

function expectInside(span: Span, lengths: number[]): void {
  for (const [line, column] of [[span.line, span.column], [span.endLine, span.endColumn]] as const) {
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(lengths.length);
    expect(column).toBeGreaterThanOrEqual(1);
    expect(column).toBeLessThanOrEqual(lengths[line - 1]! + 1);
  }
  expect(span.endLine > span.line || (span.endLine === span.line && span.endColumn >= span.column)).toBe(true);
}

describe('statement splitting and positions', () => {
  it('never throw, keep statements inside the text, and slice to text that encodes back to the same bytes', () => {
    let split = 0;
    fc.assert(
      fc.property(text, (source) => {
        const index = new LineIndex(source);
        const lengths = lineLengths(source);
        expect(index.lineCount).toBe(lengths.length);
        // As lintSources does: the parser sees a byte-order mark as blanks, positions refer to the original text.
        const parsed = parseSql(source.startsWith('\uFEFF') ? maskRanges(source, [{ start: 0, end: 3 }]) : source);
        if (!parsed.ok) {
          if (parsed.error.offset !== undefined) expect(parsed.error.offset).toBeLessThanOrEqual(index.bytes.length);
          return;
        }
        if (parsed.statements.length > 0) split++;
        for (const statement of parsed.statements) {
          const { start, end } = statement.range;
          expect(0 <= start && start <= end && end <= index.bytes.length).toBe(true);
          const slice = index.slice(statement.range);
          expect(Buffer.from(slice, 'utf8').equals(index.bytes.subarray(start, end))).toBe(true);
          expectInside(index.span(statement.range), lengths);
        }
      }),
      { numRuns: 5000 },
    );
    // Most generated files must parse, or the statement checks above would hardly run.
    expect(split).toBeGreaterThan(2500);
  });

  it('lint never throws and places every finding and fix inside the text', () => {
    let reported = 0;
    fc.assert(
      fc.property(text, (source) => {
        const file: SqlSource = { path: 'a.sql', text: source, kind: 'migration', format: 'plain', transaction: 'none', skipped: [], change: 'a.sql' };
        const lengths = lineLengths(source);
        const { findings, files } = lintSources([file], { postgresVersion: 17, rules });
        reported += findings.length;
        for (const finding of findings) {
          expectInside(finding, lengths);
          for (const edit of finding.fix?.edits ?? []) expectInside(edit, lengths);
        }
        for (const statement of files[0]!.statements) expectInside(statement, lengths);
      }),
      { numRuns: 2500 },
    );
    expect(reported).toBeGreaterThan(2500);
  });
});
