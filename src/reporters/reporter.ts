import type { RuleMeta } from '../core/rule.js';
import type { Report } from '../core/types.js';

export interface ReporterContext {
  /** The text of a reported file, for code frames; undefined when it cannot be read. */
  readSource(path: string): string | undefined;
  /** Metadata of every rule that can appear in the report (for SARIF rule descriptors and docs links). */
  rules: readonly (RuleMeta & { docsUrl: string })[];
  /** Whether the output goes to a colour terminal. */
  color: boolean;
}

/** Turns a finished report into the text of one output format. */
export interface Reporter {
  format: string;
  render(report: Report, context: ReporterContext): string;
}
