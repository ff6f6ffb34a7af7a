import type { ByteRange, SqlSource } from '../core/types.js';

/**
 * Turns a file's bytes into text. Positions in reports are UTF-8 byte offsets into the original file, so a file
 * that is not UTF-8 text is not analysed: it gets a `readError` pointing at the first offending byte. The text
 * is still decoded (lossily) so that everything before that byte maps to the right line and column.
 */
export function decodeSql(bytes: Uint8Array): { text: string; readError?: NonNullable<SqlSource['readError']> } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const invalid = firstInvalidUtf8(bytes);
  const nul = bytes.indexOf(0);
  if (invalid !== -1 && (nul === -1 || invalid < nul)) {
    const hex = bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0');
    return {
      text,
      readError: {
        message: `The file is not valid UTF-8: byte 0x${hex} at byte offset ${invalid} does not form a character, so it was not analysed.`,
        range: byteAt(invalid),
      },
    };
  }
  if (nul !== -1) {
    return {
      text,
      readError: {
        message: `The file contains a NUL byte at byte offset ${nul}: it is a binary file, not SQL text, so it was not analysed.`,
        range: byteAt(nul),
      },
    };
  }
  return { text };
}

function byteAt(offset: number): ByteRange {
  return { start: offset, end: offset + 1 };
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let continuation: number;
    let minimum: number;
    if (lead >= 0xc2 && lead <= 0xdf) [continuation, minimum] = [1, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [continuation, minimum] = [2, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [continuation, minimum] = [3, 0x10000];
    else return i;
    if (i + continuation >= bytes.length) return i;
    let codePoint = lead & (0x3f >> continuation);
    for (let k = 1; k <= continuation; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += continuation + 1;
  }
  return -1;
}

export interface Line {
  /** The line's text without its line terminator (a trailing `\r` is dropped too). */
  text: string;
  /** Byte offset of the line's first byte. */
  start: number;
  /** Byte offset just past the line's content (before `\r\n` or `\n`). */
  end: number;
}

/** Splits text into lines, keeping the UTF-8 byte offsets that masks need. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    lines.push({ text: content, start: offset, end: offset + Buffer.byteLength(content, 'utf8') });
    offset += Buffer.byteLength(raw, 'utf8') + 1;
  }
  return lines;
}

/** The byte length of text, i.e. the end offset of a range that runs to the end of the file. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
