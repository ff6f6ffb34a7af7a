import type { Span } from '../core/types.js';

/**
 * One hunk of a file's diff, seen from the RIGHT side (the head version of the file). A review comment may only
 * anchor to lines inside a hunk, added or context; GitHub rejects the whole review otherwise.
 */
export interface Hunk {
  /** The first RIGHT-side line of the hunk. */
  start: number;
  /** The hunk's RIGHT-side lines (context and added) in order, without their line ends: line `start + i` is `lines[i]`. */
  lines: string[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The hunks of a unified diff as GitHub gives it in a file's `patch`. The counts in each hunk header say where the
 * hunk ends, so a trailing newline or a `\ No newline at end of file` line is never taken for a line of the file.
 */
export function parsePatch(patch: string | undefined): Hunk[] {
  const hunks: Hunk[] = [];
  const rows = (patch ?? '').split('\n');
  for (let i = 0; i < rows.length; i++) {
    const header = HUNK_HEADER.exec(rows[i]!);
    if (!header) continue;
    let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
    let newLeft = header[4] === undefined ? 1 : Number(header[4]);
    const hunk: Hunk = { start: Number(header[3]), lines: [] };
    while ((oldLeft > 0 || newLeft > 0) && i + 1 < rows.length) {
      const row = rows[i + 1]!;
      if (HUNK_HEADER.test(row)) break;
      i++;
      const text = row.slice(1).replace(/\r$/, '');
      // An empty row is a context line whose leading space was trimmed on the way.
      if (row === '' || row.startsWith(' ')) {
        hunk.lines.push(text);
        oldLeft--;
        newLeft--;
      } else if (row.startsWith('+')) {
        hunk.lines.push(text);
        newLeft--;
      } else if (row.startsWith('-')) {
        oldLeft--;
      }
    }
    if (hunk.lines.length > 0) hunks.push(hunk);
  }
  return hunks;
}

/** Where a review comment goes: `line` alone, or `startLine..line` for several lines of one hunk (RIGHT side). */
export interface Anchor {
  line: number;
  startLine?: number;
}

/** The last line a span covers: a span that ends at the start of a line does not cover that line. */
export function lastLine(span: Span): number {
  return span.endColumn === 1 && span.endLine > span.line ? span.endLine - 1 : span.endLine;
}

/**
 * The comment for a finding sits on its last line, which must be in a hunk. When the finding starts earlier in
 * the same hunk, the comment covers its lines from there; when it starts before the hunk, it covers the part
 * inside the hunk, which still lies within the finding. Undefined when the last line is outside the diff.
 */
export function anchorFinding(span: Span, hunks: readonly Hunk[]): Anchor | undefined {
  const line = lastLine(span);
  const hunk = hunks.find((h) => line >= h.start && line < h.start + h.lines.length);
  if (!hunk) return undefined;
  const startLine = Math.max(span.line, hunk.start);
  return startLine < line ? { line, startLine } : { line };
}

/** The head version of the anchored lines, from the hunk (undefined when the anchor is not in `hunks`). */
export function anchoredText(anchor: Anchor, hunks: readonly Hunk[]): string[] | undefined {
  const first = anchor.startLine ?? anchor.line;
  const hunk = hunks.find((h) => first >= h.start && anchor.line < h.start + h.lines.length);
  return hunk?.lines.slice(first - hunk.start, anchor.line - hunk.start + 1);
}
