import { DOCS_BASE_URL, type RuleMeta } from '../core/rule.js';
import type { FileReport, Finding, Report, Severity, Span } from '../core/types.js';
import { queryLocation, type QueryLocation } from '../queries/index.js';
import type { Reporter, ReporterContext } from './reporter.js';

/** The OASIS schema the output conforms to (SARIF 2.1.0 with Errata 01); test/fixtures/sarif holds a copy. */
export const SARIF_SCHEMA_URL = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * Our key in `partialFingerprints`. Not `primaryLocationLineHash`: GitHub's upload-sarif computes that one
 * itself from the source line and warns when a value already there differs from its own.
 */
export const FINGERPRINT_KEY = 'sqlPreflight/v1';

/**
 * Report paths are relative to the working directory; upload-sarif resolves relative URIs against the checkout,
 * so they match when sql-preflight runs at the repository root.
 */
const SRCROOT = '%SRCROOT%';

const INFORMATION_URI = DOCS_BASE_URL.slice(0, DOCS_BASE_URL.indexOf('/blob/'));

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', notice: 'note' };

/** GitHub code scanning ranks non-security alerts by this property; `recommendation` is its lowest value. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = {
  error: 'error',
  warning: 'warning',
  notice: 'recommendation',
};

type RuleInfo = RuleMeta & { docsUrl: string };

interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription?: { text: string };
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties?: Record<string, unknown>;
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every rule, one result per finding. */
export const sarifReporter: Reporter = {
  format: 'sarif',
  render(report: Report, context: ReporterContext): string {
    const known = new Map(context.rules.map((rule) => [rule.id, rule]));
    const descriptors = context.rules.map(ruleDescriptor);
    const ruleIndex = new Map(context.rules.map((rule, i) => [rule.id, i]));
    // A finding may come from outside the rule registry (a live-database check); it still needs a descriptor
    // for ruleIndex to point at.
    for (const finding of report.findings) {
      if (ruleIndex.has(finding.ruleId)) continue;
      ruleIndex.set(finding.ruleId, descriptors.length);
      descriptors.push(unknownRuleDescriptor(finding));
    }
    const log = {
      $schema: SARIF_SCHEMA_URL,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: { name: report.tool.name, version: report.tool.version, informationUri: INFORMATION_URI, rules: descriptors },
          },
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: report.files.flatMap(parseErrorNotifications) }],
          originalUriBaseIds: {
            [SRCROOT]: { description: { text: 'The directory sql-preflight ran in; result paths are relative to it.' } },
          },
          columnKind: 'unicodeCodePoints',
          results: report.findings.map((finding) => result(finding, ruleIndex.get(finding.ruleId)!, known.get(finding.ruleId))),
        },
      ],
    };
    return JSON.stringify(log, null, 2) + '\n';
  },
};

function ruleDescriptor(rule: RuleInfo): ReportingDescriptor {
  const properties: Record<string, unknown> = {
    category: rule.category,
    tags: ['postgresql', 'migrations', rule.category],
    'problem.severity': PROBLEM_SEVERITY[rule.severity],
  };
  if (rule.postgres) properties.postgres = rule.postgres;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.why },
    help: {
      text: `${rule.safeAlternative}\n\nDocumentation: ${rule.docsUrl}`,
      markdown: `**Safe alternative:** ${rule.safeAlternative}\n\n[Documentation of ${rule.id}](${rule.docsUrl})`,
    },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties,
  };
}

function unknownRuleDescriptor(finding: Finding): ReportingDescriptor {
  return {
    id: finding.ruleId,
    name: pascalCase(finding.ruleId),
    ...(finding.docsUrl ? { helpUri: finding.docsUrl } : {}),
    defaultConfiguration: { level: LEVELS[finding.severity] },
  };
}

function result(finding: Finding, ruleIndex: number, rule: RuleInfo | undefined) {
  const location = artifactLocation(finding.file);
  // The rule's own safe alternative is in its help already; a finding-specific one only shows if it is here.
  const specificHelp = finding.help && finding.help !== rule?.safeAlternative ? `\n\n${finding.help}` : '';
  const fixes =
    finding.fix && finding.fix.edits.length > 0
      ? [
          {
            description: { text: finding.fix.description },
            artifactChanges: [
              {
                artifactLocation: location,
                replacements: finding.fix.edits.map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.text } })),
              },
            ],
          },
        ]
      : undefined;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message + specificHelp },
    locations: [{ physicalLocation: { artifactLocation: location, region: region(finding) } }],
    relatedLocations: relatedQuery(finding),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    fixes,
    properties: { source: finding.source, ...(finding.evidence ? { evidence: finding.evidence } : {}) },
  };
}

/** An explain finding placed on a migration statement also points at the query it is about, as code scanning shows related locations. */
function relatedQuery(finding: Finding) {
  const query = finding.evidence?.query as QueryLocation | undefined;
  if (!query || query.file === finding.file) return undefined;
  return [{ id: 0, physicalLocation: { artifactLocation: artifactLocation(query.file), region: { startLine: query.line } }, message: { text: `The query ${queryLocation(query)}` } }];
}

/**
 * A file that does not parse was not analysed. For files under review that is also a `syntax-error` finding,
 * but a broken existing migration only leaves the schema incomplete, which only shows here.
 */
function parseErrorNotifications(file: FileReport) {
  return file.parseErrors.map((error) => ({
    level: 'warning' as const,
    message: { text: `${file.path} was not analysed: PostgreSQL cannot parse it (${error.message}).` },
    locations: [
      { physicalLocation: { artifactLocation: artifactLocation(file.path), region: { startLine: error.line, startColumn: error.column } } },
    ],
  }));
}

/** `uri` must be a valid URI reference: each path segment is percent-encoded (UTF-8), the slashes kept. */
function artifactLocation(path: string) {
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(span: Span) {
  return { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

function pascalCase(id: string): string {
  return id.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
