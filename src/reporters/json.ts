import type { Report } from '../core/types.js';
import type { Reporter } from './reporter.js';

/**
 * Where docs/report.schema.json is published; it is also the schema's `$id`. A raw URL, because editors and
 * validators fetch `$schema` and need the JSON itself, not a page around it.
 */
export const REPORT_SCHEMA_URL = 'https://raw.githubusercontent.com/sql-preflight/sql-preflight/main/docs/report.schema.json';

/** The report as it is, for scripts and other tools; docs/report.md describes it. */
export const jsonReporter: Reporter = {
  format: 'json',
  render(report: Report): string {
    return JSON.stringify({ $schema: REPORT_SCHEMA_URL, ...report }, null, 2) + '\n';
  },
};
