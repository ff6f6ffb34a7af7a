import { LineIndex } from '../core/source.js';
import type { Finding, Fix, Severity } from '../core/types.js';
import { evidenceLines, planBlocks, type PlanBlock } from '../reporters/evidence.js';
import { lastLine } from './diff.js';
import { code, details, escapeMarkdown, fenced, plural } from './markdown.js';

/**
 * Hidden markers find our comments again on the next run. They open the body, so a human reply that quotes one
 * of our comments (its body then starts with `>`) is never taken for ours.
 */
const FINDING_MARKER = /^<!-- sql-preflight:finding:([0-9A-Za-z_-]+) -->/;
const RESOLVED_MARKER = '<!-- sql-preflight:resolved -->';

export function findingMarker(fingerprint: string): string {
  return `<!-- sql-preflight:finding:${fingerprint} -->`;
}

/** The fingerprint of the finding a comment of ours is about, and whether we marked it resolved. */
export function parseFindingComment(body: string): { fingerprint: string; resolved: boolean } | undefined {
  const match = FINDING_MARKER.exec(body);
  return match ? { fingerprint: match[1]!, resolved: body.includes(RESOLVED_MARKER) } : undefined;
}

export const SEVERITY_LABELS: Record<Severity, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

/** The lines a comment covers, 1-based and inclusive. */
export interface CommentLines {
  start: number;
  end: number;
}

/**
 * A review comment on a finding: what happens in production, the evidence, the safe alternative, a suggestion
 * GitHub can commit when the fix is mechanical and touches only the commented lines, and the docs link.
 * `lines` are the lines the comment covers (by default all the finding's lines); `sourceText` is the head version
 * of the file, from which the suggested lines are computed.
 */
export function renderReviewComment(finding: Finding, sourceText?: string, lines: CommentLines = { start: finding.line, end: lastLine(finding) }): string {
  const parts = [`${findingMarker(finding.fingerprint)}\n**${SEVERITY_LABELS[finding.severity]}** ${code(finding.ruleId)}`, escapeMarkdown(finding.message)];
  const evidence = evidenceLines(finding.evidence);
  if (evidence.length > 0) parts.push(details('What the database showed', evidence.map((line) => `- ${escapeMarkdown(line)}`).join('\n')));
  const blocks = planBlocks(finding.evidence);
  if (blocks.length > 0) parts.push(details(blocks.some((b) => b.kind === 'plan') ? 'The plan' : "PostgreSQL's error", blocks.map(blockMarkdown).join('\n\n')));
  if (finding.help) parts.push(`**Safe alternative:** ${helpMarkdown(finding.help, finding.evidence)}`);
  if (finding.fix) {
    const suggested = sourceText === undefined ? undefined : suggestedLines(finding.fix, sourceText, lines);
    parts.push(
      suggested === undefined
        ? `**Fix:** ${escapeMarkdown(finding.fix.description)}`
        : `**Fix (${escapeMarkdown(finding.fix.description)}):**\n${fenced('suggestion', suggested)}`,
    );
  }
  if (finding.docsUrl) parts.push(`[Documentation of ${code(finding.ruleId)}](${finding.docsUrl})`);
  return parts.join('\n\n');
}

/**
 * Plan lines shown per block. A finding quotes a few nodes, but a cost rise can quote every scan of a large
 * query, and GitHub refuses a whole review for one comment over 65,536 characters.
 */
const MAX_BLOCK_LINES = 60;

/** A block's title and caption as text, its plan or error lines verbatim in a fenced block. */
function blockMarkdown(block: PlanBlock): string {
  const heading = `**${escapeMarkdown(block.title)}:**${block.caption ? ` ${escapeMarkdown(block.caption)}` : ''}`;
  if (block.lines.length === 0) return heading;
  const omitted = block.lines.length - MAX_BLOCK_LINES;
  const shown = fenced('', block.lines.slice(0, MAX_BLOCK_LINES).join('\n'));
  return `${heading}\n${shown}${omitted > 0 ? `\n_…and ${plural(omitted, 'more line')}; the JSON report has them all._` : ''}`;
}

/** The help, escaped, except the measured CREATE INDEX statement, which is fenced so it can be copied as written. */
function helpMarkdown(help: string, evidence: Finding['evidence']): string {
  const statement = (evidence?.index as { statement?: string } | undefined)?.statement;
  return help
    .split('\n')
    .map((line) => (line === statement ? fenced('sql', line) : escapeMarkdown(line)))
    .join('\n');
}

/**
 * The commented lines with the fix applied, which is what a ```suggestion block replaces them with. Undefined when
 * an edit reaches outside those lines (committing the suggestion would then apply only part of the fix), when
 * edits overlap, or when the text does not have the lines the fix refers to.
 */
export function suggestedLines(fix: Fix, sourceText: string, lines: CommentLines): string | undefined {
  if (fix.edits.length === 0) return undefined;
  if (fix.edits.some((edit) => edit.line < lines.start || edit.endLine > lines.end)) return undefined;
  const index = new LineIndex(sourceText);
  if (lines.end > index.lineCount) return undefined;
  const rows: string[][] = [];
  for (let line = lines.start; line <= lines.end; line++) rows.push([...index.lineText(line)]);
  // Edits become offsets into the commented lines joined by '\n', counted in code points like the columns.
  const codePoints = rows.flatMap((row, i) => (i === 0 ? row : ['\n', ...row]));
  const rowStart = rows.map((_, i) => rows.slice(0, i).reduce((sum, row) => sum + row.length + 1, 0));
  const toOffset = (line: number, column: number) => {
    const i = line - lines.start;
    return column - 1 <= rows[i]!.length ? rowStart[i]! + column - 1 : undefined;
  };
  const edits = fix.edits
    .map((edit) => ({ from: toOffset(edit.line, edit.column), to: toOffset(edit.endLine, edit.endColumn), text: edit.text }))
    .sort((a, b) => (a.from ?? 0) - (b.from ?? 0));
  let result = '';
  let cursor = 0;
  for (const edit of edits) {
    if (edit.from === undefined || edit.to === undefined || edit.from < cursor || edit.to < edit.from) return undefined;
    result += codePoints.slice(cursor, edit.from).join('') + edit.text;
    cursor = edit.to;
  }
  result += codePoints.slice(cursor).join('');
  return result === codePoints.join('') ? undefined : result;
}

/** What a comment of ours says once its finding is gone but people replied to it: kept, marked resolved. */
export function renderResolvedComment(body: string, headSha: string): string {
  const fingerprint = parseFindingComment(body)?.fingerprint ?? '';
  // A suggestion left in a resolved comment could still be committed.
  const original = body.replace(FINDING_MARKER, '').trim().replace(/^(`{3,})suggestion$/gm, '$1sql');
  return [
    `${findingMarker(fingerprint)}${RESOLVED_MARKER}`,
    `**Resolved:** sql-preflight no longer reports this as of ${headSha.slice(0, 7)}.`,
    details('Original comment', original),
  ].join('\n');
}
