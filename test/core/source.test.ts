import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, maskRanges } from '../../src/core/source.js';

const offsetOf = (text: string, needle: string) => Buffer.byteLength(text.slice(0, text.indexOf(needle)), 'utf8');

describe('LineIndex', () => {
  it('counts columns in characters after multi-byte text', () => {
    const text = "SELECT 'größe 🚀', x";
    expect(new LineIndex(text).position(offsetOf(text, 'x'))).toEqual({ line: 1, column: 19 });
  });

  it('gives lines after CRLF line endings', () => {
    const text = 'SELECT 1;\r\nSELECT 2;\r\n  SELECT 3;';
    const index = new LineIndex(text);
    expect(index.position(offsetOf(text, 'SELECT 3'))).toEqual({ line: 3, column: 3 });
    expect(index.lineText(2)).toBe('SELECT 2;');
  });

  it('does not count a byte-order mark as a column', () => {
    const text = '\uFEFFCREATE INDEX i ON t (a);';
    const index = new LineIndex(text);
    expect(index.position(3)).toEqual({ line: 1, column: 1 });
    expect(index.lineText(1)).toBe('CREATE INDEX i ON t (a);');
  });

  it('maps every byte offset of any text to a line and column inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.nat(), (text, n) => {
        const index = new LineIndex(text);
        const offset = n % (index.bytes.length + 1);
        const { line, column } = index.position(offset);
        expect(line).toBeGreaterThanOrEqual(1);
        expect(line).toBeLessThanOrEqual(index.lineCount);
        expect(column).toBeGreaterThanOrEqual(1);
        expect(column).toBeLessThanOrEqual([...index.lineText(line)].length + 2);
      }),
    );
  });
});

describe('maskRanges', () => {
  it('blanks the ranges but keeps every byte offset and line break', () => {
    const text = "-- +goose Up\nSELECT 'ü';\n-- +goose Down\nDROP TABLE t;\n";
    const start = offsetOf(text, '-- +goose Down');
    const masked = maskRanges(text, [{ start, end: Buffer.byteLength(text) }]);
    expect(Buffer.byteLength(masked)).toBe(Buffer.byteLength(text));
    expect(masked.split('\n').length).toBe(text.split('\n').length);
    expect(masked).not.toContain('DROP');
    expect(masked.startsWith("-- +goose Up\nSELECT 'ü';\n")).toBe(true);
  });
});
