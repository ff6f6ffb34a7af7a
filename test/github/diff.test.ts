import { describe, expect, it } from 'vitest';
import { anchorFinding, anchoredText, lastLine, parsePatch } from '../../src/github/diff.js';

const span = (line: number, endLine: number, endColumn = 5) => ({ line, column: 1, endLine, endColumn });

describe('parsePatch', () => {
  it('reads an added file as one hunk of added lines', () => {
    expect(parsePatch('@@ -0,0 +1,3 @@\n+CREATE TABLE a (id int);\n+\n+CREATE INDEX a_id ON a (id);')).toEqual([
      { start: 1, lines: ['CREATE TABLE a (id int);', '', 'CREATE INDEX a_id ON a (id);'] },
    ]);
  });

  it('keeps context and added lines of several hunks, skipping removed ones, with the section heading after @@', () => {
    const patch = [
      '@@ -1,4 +1,5 @@ CREATE TABLE a (',
      ' x int,',
      '+y int,',
      ' z int',
      ' );',
      ' ',
      '@@ -20,4 +21,3 @@ CREATE TABLE b (',
      ' m int,',
      '-n int,',
      '-o int,',
      '+o bigint,',
      ' );',
    ].join('\n');
    expect(parsePatch(patch)).toEqual([
      { start: 1, lines: ['x int,', 'y int,', 'z int', ');', ''] },
      { start: 21, lines: ['m int,', 'o bigint,', ');'] },
    ]);
  });

  it('does not take "\\ No newline at end of file" for a line, on either side', () => {
    const patch = ['@@ -1,2 +1,2 @@', ' SELECT 1;', '-SELECT 2;', '\\ No newline at end of file', '+SELECT 3;', '\\ No newline at end of file'].join('\n');
    expect(parsePatch(patch)).toEqual([{ start: 1, lines: ['SELECT 1;', 'SELECT 3;'] }]);
  });

  it('reads a header without counts as one line, and an empty row as a context line whose space was trimmed', () => {
    expect(parsePatch('@@ -3 +3 @@\n-old\n+new')).toEqual([{ start: 3, lines: ['new'] }]);
    expect(parsePatch('@@ -1,3 +1,3 @@\n a\n\n-b\n+c')).toEqual([{ start: 1, lines: ['a', '', 'c'] }]);
  });

  it('stops a hunk at its counts, so a trailing newline adds no line', () => {
    expect(parsePatch('@@ -0,0 +1,1 @@\n+SELECT 1;\n')).toEqual([{ start: 1, lines: ['SELECT 1;'] }]);
  });

  it('gives a removed file, and a rename without changes (no patch), nothing to comment on', () => {
    expect(parsePatch('@@ -1,2 +0,0 @@\n-SELECT 1;\n-SELECT 2;')).toEqual([]);
    expect(parsePatch(undefined)).toEqual([]);
    expect(parsePatch('')).toEqual([]);
  });

  it('reads a renamed file with changes like any other, and drops the \\r of CRLF files', () => {
    const patch = '@@ -5,3 +5,4 @@ ALTER TABLE t\r\n ALTER TABLE t\r\n-  ADD c int;\r\n+  ADD c bigint;\r\n+  ADD d int;\r\n SELECT 1;\r';
    expect(parsePatch(patch)).toEqual([{ start: 5, lines: ['ALTER TABLE t', '  ADD c bigint;', '  ADD d int;', 'SELECT 1;'] }]);
  });
});

describe('anchorFinding', () => {
  const hunks = parsePatch(['@@ -1,3 +1,4 @@', ' a', '+b', ' c', ' d', '@@ -10,2 +11,3 @@', ' x', '+y', ' z'].join('\n'));

  it('anchors a one-line finding to its line when the line is in a hunk', () => {
    expect(anchorFinding(span(2, 2), hunks)).toEqual({ line: 2 });
    expect(anchorFinding(span(1, 1), hunks)).toEqual({ line: 1 });
  });

  it('covers several lines of one hunk with start_line', () => {
    expect(anchorFinding(span(1, 4), hunks)).toEqual({ line: 4, startLine: 1 });
  });

  it('does not count the line a span ends at column 1 of', () => {
    expect(lastLine(span(2, 4, 1))).toBe(3);
    expect(anchorFinding(span(2, 5, 1), hunks)).toEqual({ line: 4, startLine: 2 });
  });

  it('leaves out a finding whose last line is outside every hunk', () => {
    expect(anchorFinding(span(5, 5), hunks)).toBeUndefined();
    expect(anchorFinding(span(2, 11), hunks)).toEqual({ line: 11 });
    expect(anchorFinding(span(12, 14), hunks)).toBeUndefined();
  });

  it('covers only the part inside the hunk when the finding starts before it', () => {
    expect(anchorFinding(span(8, 13), hunks)).toEqual({ line: 13, startLine: 11 });
  });

  it('gives the head text of the anchored lines', () => {
    expect(anchoredText({ line: 13, startLine: 11 }, hunks)).toEqual(['x', 'y', 'z']);
    expect(anchoredText({ line: 2 }, hunks)).toEqual(['b']);
  });
});
