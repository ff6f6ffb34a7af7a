import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../../src/core/parse.js';
import { LineIndex } from '../../src/core/source.js';

beforeAll(loadParser);

function spans(sql: string) {
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const lines = new LineIndex(sql);
  return parsed.statements.map((s) => ({ type: s.type, text: lines.slice(s.range), ...lines.span(s.range) }));
}

describe('parseSql', () => {
  it('starts each statement at its first token, after leading comments, and ends before the semicolon', () => {
    const sql = "-- first\nCOMMENT ON TABLE t IS 'größe 🚀';\n/* block */ CREATE INDEX i ON t (a);\n\n  -- trailing\nALTER TABLE t ALTER COLUMN a SET NOT NULL";
    expect(spans(sql)).toEqual([
      { type: 'CommentStmt', text: "COMMENT ON TABLE t IS 'größe 🚀'", line: 2, column: 1, endLine: 2, endColumn: 32 },
      { type: 'IndexStmt', text: 'CREATE INDEX i ON t (a)', line: 3, column: 13, endLine: 3, endColumn: 36 },
      { type: 'AlterTableStmt', text: 'ALTER TABLE t ALTER COLUMN a SET NOT NULL', line: 6, column: 1, endLine: 6, endColumn: 42 },
    ]);
  });

  it('keeps a function body with inner semicolons as one statement', () => {
    const sql = 'CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\nSELECT 1;';
    expect(spans(sql).map((s) => [s.type, s.line, s.endLine])).toEqual([
      ['CreateFunctionStmt', 1, 5],
      ['SelectStmt', 6, 6],
    ]);
  });

  it('gives the error position in bytes for a syntax error after multi-byte text', () => {
    const sql = "SELECT 1;\nSELECT 'größe' fro x;";
    const parsed = parseSql(sql);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.message).toBe('syntax error at or near "x"');
    expect(new LineIndex(sql).position(parsed.error.offset!)).toEqual({ line: 2, column: 20 });
  });

  it('reports unterminated strings and dollar quotes instead of throwing', () => {
    expect(parseSql("SELECT 'open").ok).toBe(false);
    expect(parseSql('DO $$ BEGIN').ok).toBe(false);
  });

  it('treats empty and comment-only text as no statements', () => {
    expect(parseSql('')).toEqual({ ok: true, statements: [] });
    expect(parseSql('-- nothing here\n/* nor here */\n')).toEqual({ ok: true, statements: [] });
  });

  it('never throws and keeps statement ranges inside the text, whatever the input', () => {
    const pieces = fc.constantFrom('SELECT 1', ';', "'ü'", '$$', '-- c\n', '/* c */', ' ', '\n', 'CREATE TABLE t (a int)', '🚀', 'é', '(', ')');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const sql = parts.join('');
        const parsed = parseSql(sql);
        const bytes = Buffer.byteLength(sql);
        if (parsed.ok) {
          for (const s of parsed.statements) {
            expect(s.range.start).toBeGreaterThanOrEqual(0);
            expect(s.range.end).toBeLessThanOrEqual(bytes);
            expect(s.range.start).toBeLessThanOrEqual(s.range.end);
          }
        } else if (parsed.error.offset !== undefined) {
          expect(parsed.error.offset).toBeLessThanOrEqual(bytes);
        }
      }),
      { numRuns: 300 },
    );
  });
});
