import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/core/types.js';
import { escapeData, escapeProperty, githubReporter } from '../../src/reporters/github.js';
import { context, dropFinding, makeReport, textFinding } from './sample-report.js';

function render(findings: Finding[]): string[] {
  const output = githubReporter.render(makeReport(findings), context);
  return output === '' ? [] : output.replace(/\n$/, '').split('\n');
}

function finding(severity: Severity, line: number, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: `rule-${severity}`,
    severity,
    file: 'm.sql',
    line,
    column: 1,
    endLine: line,
    endColumn: 5,
    message: `${severity} on line ${line}`,
    docsUrl: '',
    source: 'static',
    fingerprint: `${severity}-${line}`,
    ...overrides,
  };
}

describe('github reporter', () => {
  it('escapes , and : in file names, and % in messages; data keeps its : and ,', () => {
    expect(render([textFinding])).toEqual([
      '::notice file=db/migrations/003_a%2Cb%3Ac.sql,line=1,endLine=1,col=31,endColumn=42,title=prefer-text::' +
        'Column usuarios.name is varchar(80): changing the limit later, e.g. to 120, may rewrite the table.' +
        '%0A%0AUse text with CHECK (length(name) <= 80).' +
        '%0A%0Ahttps://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/prefer-text.md',
    ]);
  });

  it('sends no columns for a range over several lines, and keeps multi-byte paths as they are', () => {
    expect(render([dropFinding])).toEqual([
      '::warning file=db/migrations/002_índices.sql,line=4,endLine=6,title=ban-drop-column::' +
        'Dropping "ñame" breaks 100%25 of the clients that still read it.' +
        '%0A%0AStop reading the column in the application first, deploy, then drop it in a later migration.' +
        '%0A%0Ahttps://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/ban-drop-column.md',
    ]);
  });

  it('escapes %, CR and LF in file names and messages', () => {
    const odd = finding('error', 3, { file: 'db/100%_done\r\n.sql', message: 'First line\r\nsecond: a, b; 50%' });
    expect(render([odd])).toEqual(['::error file=db/100%25_done%0D%0A.sql,line=3,endLine=3,col=1,endColumn=5,title=rule-error::First line%0D%0Asecond: a, b; 50%25']);
  });

  it('escapes exactly as @actions/core does, % first', () => {
    expect(escapeData('100% done: a, b\r\nnext %0A')).toBe('100%25 done: a, b%0D%0Anext %250A');
    expect(escapeProperty('a%b:c,d\r\ne')).toBe('a%25b%3Ac%2Cd%0D%0Ae');
  });

  it('writes the most severe findings first, each level in report order', () => {
    const lines = render([finding('notice', 1), finding('warning', 2), finding('error', 3), finding('notice', 4), finding('error', 5)]);
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')) + ' ' + l.slice(l.lastIndexOf('::') + 2))).toEqual([
      '::error error on line 3',
      '::error error on line 5',
      '::warning warning on line 2',
      '::notice notice on line 1',
      '::notice notice on line 4',
    ]);
  });

  it('annotates 10 findings of each level and counts the rest in one plain line per level', () => {
    const findings = [
      ...Array.from({ length: 13 }, (_, i) => finding('error', i + 1)),
      ...Array.from({ length: 11 }, (_, i) => finding('warning', i + 1)),
      ...Array.from({ length: 10 }, (_, i) => finding('notice', i + 1)),
    ];
    const lines = render(findings);
    expect(lines).toHaveLength(10 + 1 + 10 + 1 + 10);
    expect(lines.slice(0, 10).every((l) => l.startsWith('::error '))).toBe(true);
    expect(lines[9]).toContain('::error on line 10');
    expect(lines[10]).toBe('sql-preflight: 3 more errors not annotated (GitHub shows 10 per level); the text, JSON and SARIF reports list every finding.');
    expect(lines.slice(11, 21).every((l) => l.startsWith('::warning '))).toBe(true);
    expect(lines[21]).toBe('sql-preflight: 1 more warning not annotated (GitHub shows 10 per level); the text, JSON and SARIF reports list every finding.');
    expect(lines.slice(22).every((l) => l.startsWith('::notice '))).toBe(true);
  });

  it('writes nothing when there is nothing to report', () => {
    expect(githubReporter.render(makeReport([]), context)).toBe('');
  });
});
