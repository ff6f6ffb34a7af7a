import type { ByteRange, Position, Span } from './types.js';

const BOM = 0xfeff;

/**
 * Maps UTF-8 byte offsets (what libpg-query reports) to 1-based lines and code-point columns.
 * A leading byte-order mark takes no column, as in editors.
 */
export class LineIndex {
  readonly bytes: Buffer;
  private readonly lineStarts: number[] = [0];
  private readonly bomLength: number;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
    this.bomLength = text.charCodeAt(0) === BOM ? 3 : 0;
    for (let i = 0; i < this.bytes.length; i++) {
      if (this.bytes[i] === 0x0a) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(byteOffset: number): Position {
    const offset = Math.max(0, Math.min(byteOffset, this.bytes.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = lo === 0 ? Math.min(this.bomLength, offset) : this.lineStarts[lo]!;
    return { line: lo + 1, column: countCodePoints(this.bytes, lineStart, offset) + 1 };
  }

  span(range: ByteRange): Span {
    const start = this.position(range.start);
    const end = this.position(range.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  /** The byte offset of a 1-based line's first byte. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }

  /** The text of a 1-based line, without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const end = line < this.lineStarts.length ? this.lineStarts[line]! - 1 : this.bytes.length;
    return this.bytes.toString('utf8', line === 1 ? this.bomLength : start, end).replace(/\r$/, '');
  }

  slice(range: ByteRange): string {
    return this.bytes.toString('utf8', range.start, range.end);
  }
}

function isLeadByte(byte: number): boolean {
  return (byte & 0xc0) !== 0x80;
}

function countCodePoints(bytes: Buffer, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if (isLeadByte(bytes[i]!)) count++;
  return count;
}

/**
 * Blanks the given byte ranges (keeping newlines and every byte offset) so the parser only sees what the
 * migration runner would execute, while positions still refer to the original file.
 */
export function maskRanges(text: string, ranges: readonly ByteRange[]): string {
  if (ranges.length === 0) return text;
  const bytes = Buffer.from(text, 'utf8');
  for (const { start, end } of ranges) {
    for (let i = start; i < end && i < bytes.length; i++) {
      if (bytes[i] !== 0x0a && bytes[i] !== 0x0d) bytes[i] = 0x20;
    }
  }
  return bytes.toString('utf8');
}
