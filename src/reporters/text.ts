import type { Finding, Report, Severity } from '../core/types.js';
import { evidenceLines, planBlocks, seedLine } from './evidence.js';
import type { Reporter, ReporterContext } from './reporter.js';

const MAX_FRAME_LINES = 6;

type Style = (text: string) => string;

function styles(color: boolean) {
  const wrap = (open: number, close: number): Style => (color ? (t) => `\x1b[${open}m${t}\x1b[${close}m` : (t) => t);
  return {
    error: wrap(31, 39),
    warning: wrap(33, 39),
    notice: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
  };
}

/** Compiler-style output: location, severity, rule and message, then the source lines with a caret range. */
export const textReporter: Reporter = {
  format: 'text',
  render(report: Report, context: ReporterContext): string {
    const style = styles(context.color);
    const blocks = report.findings.map((finding) => renderFinding(finding, context, style));
    if (report.database) blocks.push(`Database: ${report.database.reason}.`);
    if (report.seed) blocks.push(seedLine(report.seed));
    if (report.notes?.length) blocks.push(report.notes.map((note) => `${style.bold('note:')} ${printable(note)}`).join('\n'));
    blocks.push(summaryLine(report, style));
    return blocks.join('\n\n') + '\n';
  },
};

function renderFinding(finding: Finding, context: ReporterContext, style: ReturnType<typeof styles>): string {
  const severity = style[finding.severity](finding.severity);
  const lines = [`${style.bold(`${finding.file}:${finding.line}:${finding.column}`)}  ${severity}  ${style.dim(finding.ruleId)}  ${finding.message}`];
  const text = context.readSource(finding.file);
  if (text !== undefined) lines.push(...codeFrame(text, finding, style));
  lines.push(...evidenceLines(finding.evidence).map((line) => `  ${style.bold('evidence:')} ${line}`));
  for (const block of planBlocks(finding.evidence)) {
    lines.push(`  ${style.bold(`${block.title}:`)}${block.caption ? ` ${printable(block.caption)}` : ''}`);
    lines.push(...block.lines.map((line) => `      ${printable(line)}`));
  }
  // A help of several lines (the measured CREATE INDEX follows its sentence) stays indented under the finding.
  if (finding.help) lines.push(`  ${style.bold('help:')} ${finding.help.replace(/\n/g, '\n        ')}`);
  if (finding.fix) lines.push(`  ${style.bold('fix:')} ${finding.fix.description}`);
  if (finding.docsUrl) lines.push(`  ${style.bold('docs:')} ${finding.docsUrl}`);
  return lines.join('\n');
}

function codeFrame(text: string, finding: Finding, style: ReturnType<typeof styles>): string[] {
  const source = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const endLine = finding.endColumn === 1 && finding.endLine > finding.line ? finding.endLine - 1 : finding.endLine;
  let shown = range(finding.line, Math.min(endLine, source.length));
  if (shown.length > MAX_FRAME_LINES) shown = [...shown.slice(0, MAX_FRAME_LINES - 2), -1, ...shown.slice(-1)];
  const width = String(Math.max(...shown)).length;
  const gutter = (label: string) => style.dim(`${label.padStart(width)} | `);
  const out: string[] = [];
  for (const lineNumber of shown) {
    if (lineNumber === -1) {
      out.push(style.dim(`${'.'.repeat(width)} | ...`));
      continue;
    }
    const chars = [...printable(source[lineNumber - 1] ?? '')];
    const from = lineNumber === finding.line ? finding.column - 1 : firstNonBlank(chars);
    const to = lineNumber === finding.endLine ? finding.endColumn - 1 : chars.length;
    out.push(gutter(String(lineNumber)) + chars.join(''));
    const carets = Math.max(1, to - from);
    out.push(gutter('') + ' '.repeat(Math.max(0, from)) + style[finding.severity]('^'.repeat(carets)));
  }
  return out;
}

/**
 * Control characters (a NUL, a binary file's bytes, a terminal escape in a string the plan quotes) are shown as
 * U+FFFD, one column each, and tabs as a space, so the text cannot move the cursor or restyle the terminal.
 */
function printable(text: string): string {
  return text.replace(/\t/g, ' ').replace(/[\x00-\x1f\x7f]/g, '\uFFFD');
}

function firstNonBlank(chars: string[]): number {
  const index = chars.findIndex((c) => c !== ' ');
  return index === -1 ? 0 : index;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(1, to - from + 1) }, (_, i) => from + i);
}

function summaryLine(report: Report, style: ReturnType<typeof styles>): string {
  const { summary } = report;
  const scope = `${plural(summary.files, 'file')}, ${plural(summary.statements, 'statement')}`;
  const suppressed =
    (summary.suppressed ? `; ${summary.suppressed} suppressed by ignore comments` : '') +
    (summary.refuted ? `; ${summary.refuted} dropped because the database showed them wrong (--verbose lists them)` : '');
  if (summary.total === 0) return `No problems found in ${scope}${suppressed}.`;
  const counts = (['error', 'warning', 'notice'] as Severity[])
    .filter((s) => summary[s] > 0)
    .map((s) => style[s](plural(summary[s], s)))
    .join(', ');
  return `${plural(summary.total, 'problem')} (${counts}) in ${scope}${suppressed}.`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
