import { SEVERITIES, type Finding, type Report } from '../core/types.js';
import type { Reporter } from './reporter.js';

/** GitHub shows at most this many annotations of each level per step and drops the rest silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

/**
 * GitHub Actions workflow commands: one annotation per finding, most severe first, so the annotations GitHub
 * keeps are the ones that matter; a plain log line counts the findings past the per-level limit.
 */
export const githubReporter: Reporter = {
  format: 'github',
  render(report: Report): string {
    const lines: string[] = [];
    for (const severity of SEVERITIES) {
      const findings = report.findings.filter((finding) => finding.severity === severity);
      lines.push(...findings.slice(0, ANNOTATIONS_PER_LEVEL).map(annotation));
      const hidden = findings.length - ANNOTATIONS_PER_LEVEL;
      if (hidden > 0) {
        lines.push(
          `sql-preflight: ${hidden} more ${severity}${hidden === 1 ? '' : 's'} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level); ` +
            'the text, JSON and SARIF reports list every finding.',
        );
      }
    }
    return lines.length > 0 ? lines.join('\n') + '\n' : '';
  },
};

function annotation(finding: Finding): string {
  const properties: [string, string | number][] = [
    ['file', finding.file],
    ['line', finding.line],
    ['endLine', finding.endLine],
  ];
  // GitHub rejects columns on an annotation that spans lines.
  if (finding.line === finding.endLine) properties.push(['col', finding.column], ['endColumn', finding.endColumn]);
  properties.push(['title', finding.ruleId]);
  const message = [finding.message, finding.help, finding.docsUrl].filter(Boolean).join('\n\n');
  // Our three severities are GitHub's three annotation commands, name for name.
  return `::${finding.severity} ${properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')}::${escapeData(message)}`;
}

/** As @actions/core escapes a command's message: `%` first, so the escapes it adds are not escaped again. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a property value: `:` and `,` would otherwise end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
