import { createHash } from 'node:crypto';
import { Catalog } from './catalog.js';
import { parseSql } from './parse.js';
import type { Rule, RuleContext, ReportDescriptor, RuleVisitor } from './rule.js';
import { LineIndex, maskRanges } from './source.js';
import { analyzeStatements, type AnalyzedFile, type StatementInfo } from './statements.js';
import { applyIgnores, findIgnores } from './suppression.js';
import type { ByteRange, FileReport, Finding, Severity, SqlSource } from './types.js';

export interface RuleSetting {
  severity: Severity | 'off';
  options?: Record<string, unknown>;
}

export interface LintOptions {
  postgresVersion: number;
  rules: readonly Rule<any>[];
  /** Per-rule severity and options from the config; rules not named keep their defaults. */
  ruleSettings?: Readonly<Record<string, RuleSetting>>;
}

export interface LintResult {
  files: FileReport[];
  findings: Finding[];
  /** Findings dropped by ignore comments. */
  suppressed: number;
  /** The parsed files of the change, by path, for the phases that run them on a database. */
  changed: Map<string, AnalyzedFile>;
}

/** Ids of findings the engine itself reports; their metadata lives in src/rules like any other rule. */
export const ENGINE_RULES = {
  syntaxError: 'syntax-error',
  templatedSql: 'templated-sql',
  unreadableFile: 'unreadable-file',
  unusedIgnore: 'unused-ignore',
} as const;

const TEMPLATE_MARKERS = /\{\{|\{%|\$\{[A-Za-z_][\w.]*\}/;

/**
 * Lints sources in run order. Sources without a `change` are existing migrations: they are read so the
 * catalog knows the schema before the change, but no rule runs on them.
 */
export function lintSources(sources: readonly SqlSource[], options: LintOptions): LintResult {
  const catalog = new Catalog();
  const byId = new Map(options.rules.map((rule) => [rule.meta.id, rule]));
  const files: FileReport[] = [];
  const findings: Finding[] = [];
  let suppressed = 0;
  const changed = new Map<string, AnalyzedFile>();

  const severityOf = (ruleId: string): Severity | 'off' => {
    const setting = options.ruleSettings?.[ruleId];
    return setting?.severity ?? byId.get(ruleId)?.meta.severity ?? 'error';
  };

  for (const source of sources) {
    const lines = new LineIndex(source.text);
    const fileFindings: Finding[] = [];
    const emit = (ruleId: string, range: ByteRange, descriptor: Omit<ReportDescriptor, 'range'>, statement?: StatementInfo) => {
      const severity = severityOf(ruleId);
      if (severity === 'off') return;
      fileFindings.push(toFinding(ruleId, severity, source.path, lines, range, descriptor, statement, byId.get(ruleId)));
    };
    const report: FileReport = {
      path: source.path,
      kind: source.kind,
      format: source.format,
      transaction: source.transaction,
      statements: [],
      parseErrors: [],
    };
    files.push(report);

    if (source.readError) {
      emit(ENGINE_RULES.unreadableFile, source.readError.range ?? { start: 0, end: 0 }, { message: source.readError.message });
      findings.push(...fileFindings);
      continue;
    }

    const executed = maskRanges(source.text, source.text.charCodeAt(0) === 0xfeff ? [{ start: 0, end: 3 }, ...source.skipped] : source.skipped);
    const parsed = parseSql(executed, lines.bytes.length);
    if (!parsed.ok) {
      const offset = parsed.error.offset ?? 0;
      const position = lines.position(offset);
      report.parseErrors.push({ ...position, message: parsed.error.message });
      if (source.change !== undefined) {
        const template = TEMPLATE_MARKERS.exec(executed);
        if (template) {
          const start = Buffer.byteLength(executed.slice(0, template.index), 'utf8');
          emit(ENGINE_RULES.templatedSql, { start, end: start + Buffer.byteLength(template[0], 'utf8') }, {
            message: `The file contains template placeholders ("${template[0]}…"), so it is not plain SQL and was not analysed (Postgres says: ${parsed.error.message}).`,
          });
        } else {
          emit(ENGINE_RULES.syntaxError, { start: offset, end: offset }, { message: `Syntax error: ${parsed.error.message}.` });
        }
      }
      findings.push(...fileFindings);
      continue;
    }

    const statements = analyzeStatements(parsed.statements, source.transaction, lines);
    const leading = statements.map((s, i) => ({ start: i === 0 ? 0 : statements[i - 1]!.range.end, end: s.range.start }));
    const file: AnalyzedFile = {
      path: source.path,
      kind: source.kind,
      format: source.format,
      transaction: source.transaction,
      statements,
      lines,
      leading,
    };
    report.statements = statements.map((s) => ({ index: s.index, type: s.type, inTransaction: s.inTransaction, ...lines.span(s.range) }));

    const sourceRef = { file: source.path, change: source.change };
    if (source.change === undefined) {
      for (const statement of statements) catalog.apply(statement, sourceRef);
      continue;
    }

    changed.set(source.path, file);
    const visitors: RuleVisitor[] = [];
    for (const rule of options.rules) {
      if (severityOf(rule.meta.id) === 'off' || !appliesTo(rule, options.postgresVersion)) continue;
      const context: RuleContext<any> = {
        options: { ...rule.meta.defaultOptions, ...options.ruleSettings?.[rule.meta.id]?.options },
        postgresVersion: options.postgresVersion,
        file,
        catalog,
        isNewTable(relation) {
          const table = catalog.table(relation);
          return table !== undefined && table.change === source.change;
        },
        report(statement, descriptor) {
          emit(rule.meta.id, descriptor.range ?? statement.range, descriptor, statement);
        },
      };
      visitors.push(rule.create(context));
    }
    for (const statement of statements) {
      for (const visitor of visitors) {
        visitor.statement?.(statement);
        (visitor[statement.type as keyof RuleVisitor] as ((node: unknown, s: StatementInfo) => void) | undefined)?.(statement.node, statement);
      }
      catalog.apply(statement, sourceRef);
    }
    for (const visitor of visitors) visitor.endOfFile?.();

    const { kept, problems } = applyIgnores(fileFindings, findIgnores(file, executed), new Set(byId.keys()));
    suppressed += fileFindings.length - kept.length;
    fileFindings.length = 0;
    for (const problem of problems) emit(ENGINE_RULES.unusedIgnore, problem.range, { message: problem.message });
    findings.push(...kept, ...fileFindings);
  }
  return { files, findings: sortFindings(findings), suppressed, changed };
}

function appliesTo(rule: Rule<any>, version: number): boolean {
  const { since, until } = rule.meta.postgres ?? {};
  return (since === undefined || version >= since) && (until === undefined || version <= until);
}

/** A finding of `rule` at a byte range of a file, with the statement it belongs to when there is one. */
export function toFinding(
  ruleId: string,
  severity: Severity,
  path: string,
  lines: LineIndex,
  range: ByteRange,
  descriptor: Omit<ReportDescriptor, 'range'>,
  statement: StatementInfo | undefined,
  rule: Rule<any> | undefined,
): Finding {
  const finding: Finding = {
    ruleId,
    severity,
    file: path,
    ...lines.span(range),
    message: descriptor.message,
    help: descriptor.help ?? rule?.meta.safeAlternative,
    docsUrl: rule?.meta.docsUrl ?? '',
    source: 'static',
    fingerprint: fingerprint(ruleId, path, statement?.text ?? lines.slice(range), descriptor.message),
  };
  if (statement) finding.statement = statement.index;
  if (descriptor.fix) {
    finding.fix = {
      description: descriptor.fix.description,
      edits: descriptor.fix.edits.map((edit) => ({ ...lines.span(edit.range), text: edit.text })),
    };
  }
  if (descriptor.evidence) finding.evidence = descriptor.evidence;
  return finding;
}

/** A finding about a whole file rather than a statement in it, placed on its first line. */
export function fileFinding(rule: Rule<any>, path: string, message: string, severity: Severity = rule.meta.severity): Finding {
  return {
    ruleId: rule.meta.id,
    severity,
    file: path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    message,
    help: rule.meta.safeAlternative,
    docsUrl: rule.meta.docsUrl,
    source: 'static',
    fingerprint: fingerprint(rule.meta.id, path, '', message),
  };
}

/** Independent of line numbers, so a finding keeps its identity when lines are added above it. */
export function fingerprint(ruleId: string, path: string, statementText: string, message: string): string {
  const normalized = statementText.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\0${path}\0${normalized}\0${message}`).digest('hex').slice(0, 32);
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId),
  );
}

