import type { LineIndex } from './source.js';
import type { AnalyzedFile } from './statements.js';
import type { ByteRange, Finding } from './types.js';

export interface IgnoreDirective {
  scope: 'statement' | 'file';
  /** For statement scope: the statement it applies to (undefined when no statement follows). */
  statement: number | undefined;
  rules: string[];
  range: ByteRange;
}

export interface IgnoreProblem {
  range: ByteRange;
  message: string;
}

const DIRECTIVE = /--[ \t]*sql-preflight-ignore(-file)?\b([^\n]*)/g;

/**
 * Reads `-- sql-preflight-ignore rule-a, rule-b` (the next statement, or the statement a trailing comment
 * ends) and `-- sql-preflight-ignore-file rule-a` (the whole file). Text after a second `--` is a reason.
 */
export function findIgnores(file: AnalyzedFile, executedText: string): IgnoreDirective[] {
  const directives: IgnoreDirective[] = [];
  const bytes = Buffer.from(executedText, 'utf8');
  const text = bytes.toString('latin1');
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index;
    if (!isInComment(file, start)) continue;
    const list = Buffer.from(match[2]!, 'latin1').toString('utf8').split('--')[0]!;
    const rules = list.split(/[\s,]+/).filter(Boolean);
    const range = { start, end: start + match[0].length };
    directives.push({
      scope: match[1] ? 'file' : 'statement',
      statement: match[1] ? undefined : targetStatement(file, start),
      rules,
      range,
    });
  }
  return directives;
}

/** Directives only count in the comments between statements, not inside a statement's own text. */
function isInComment(file: AnalyzedFile, offset: number): boolean {
  return !file.statements.some((s) => offset >= s.range.start && offset < s.range.end);
}

function targetStatement(file: AnalyzedFile, offset: number): number | undefined {
  const next = file.statements.findIndex((s) => s.range.start > offset);
  const previous = next === -1 ? file.statements.at(-1) : file.statements[next - 1];
  if (previous && sameLine(file.lines, previous.range.end, offset)) return previous.index;
  return next === -1 ? undefined : next;
}

function sameLine(lines: LineIndex, a: number, b: number): boolean {
  return lines.position(a).line === lines.position(b).line;
}

/** Drops the findings that directives cover and reports directives that name unknown rules or cover nothing. */
export function applyIgnores(
  findings: readonly Finding[],
  directives: readonly IgnoreDirective[],
  knownRules: ReadonlySet<string>,
): { kept: Finding[]; problems: IgnoreProblem[] } {
  const used = directives.map(() => new Set<string>());
  const kept = findings.filter((finding) => {
    let covered = false;
    directives.forEach((directive, i) => {
      if (!directive.rules.includes(finding.ruleId)) return;
      if (directive.scope === 'file' || (finding.statement !== undefined && directive.statement === finding.statement)) {
        used[i]!.add(finding.ruleId);
        covered = true;
      }
    });
    return !covered;
  });
  const problems: IgnoreProblem[] = [];
  directives.forEach((directive, i) => {
    const unknown = directive.rules.filter((r) => !knownRules.has(r));
    const unused = directive.rules.filter((r) => knownRules.has(r) && !used[i]!.has(r));
    const parts: string[] = [];
    if (directive.rules.length === 0) parts.push('names no rule');
    if (unknown.length) parts.push(`names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
    if (unused.length) parts.push(`matches no finding of ${unused.join(', ')}`);
    if (parts.length) {
      problems.push({ range: directive.range, message: `This ignore comment ${parts.join(' and ')}; remove it so stale ignores do not pile up.` });
    }
  });
  return { kept, problems };
}
