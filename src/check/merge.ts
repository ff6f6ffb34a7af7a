import { blockedOperations, describeBlocking, isDisruptive, lockName, LOCK_MODES, type LockMode } from '../core/locks.js';
import { toFinding } from '../core/lint.js';
import type { Rule } from '../core/rule.js';
import type { AnalyzedFile } from '../core/statements.js';
import type { Finding, StatementTrace } from '../core/types.js';
import type { Estimate } from './estimate.js';

/** A static finding that the database showed to be wrong, with the reason, for `--verbose` and the report. */
export interface RefutedFinding {
  finding: Finding;
  reason: string;
}

export interface TracedFile {
  file: AnalyzedFile;
  traces: (StatementTrace | undefined)[];
  /** Estimates of how long each statement's lock would be held at production size, by statement index. */
  estimates: Map<number, Estimate[]>;
}

/**
 * Puts static findings and the trace together: every finding on a traced statement carries its evidence, a
 * finding whose claim the trace refutes is dropped, and a rewrite or validation scan that no static finding
 * explains becomes a finding of its own.
 */
export function mergeTrace(
  findings: readonly Finding[],
  traced: readonly TracedFile[],
  rules: ReadonlyMap<string, Rule<any>>,
): { findings: Finding[]; refuted: RefutedFinding[] } {
  const byPath = new Map(traced.map((t) => [t.file.path, t]));
  const kept: Finding[] = [];
  const refuted: RefutedFinding[] = [];
  for (const finding of findings) {
    const file = byPath.get(finding.file);
    const trace = finding.statement === undefined ? undefined : file?.traces[finding.statement];
    if (!file || !trace || trace.error) {
      kept.push(finding);
      continue;
    }
    const claim = rules.get(finding.ruleId)?.meta.verifiedBy;
    const reason = claim && refutation(claim, trace);
    const estimates = file.estimates.get(finding.statement!);
    const withEvidence = {
      ...finding,
      message: finding.message + impactSentence(trace, estimates),
      evidence: { ...finding.evidence, ...evidence(trace, finding.statement!, estimates) },
    };
    if (reason) refuted.push({ finding: withEvidence, reason });
    else kept.push(withEvidence);
  }

  for (const { file, traces, estimates } of traced) {
    traces.forEach((trace, index) => {
      if (!trace || trace.error) return;
      const statement = file.statements[index]!;
      const explained = new Set(
        kept.filter((f) => f.file === file.path && f.statement === index).map((f) => rules.get(f.ruleId)?.meta.verifiedBy),
      );
      const estimate = estimates.get(index);
      if (trace.rewrites.length > 0 && !explained.has('rewrite')) {
        const rule = rules.get('table-rewrite');
        if (rule) {
          kept.push(
            toFinding(rule.meta.id, rule.meta.severity, file.path, file.lines, statement.range, {
              message: `${describeRewrite(trace)}.${impactSentence(trace, estimate)}`,
              evidence: evidence(trace, index, estimate),
            }, statement, rule),
          );
        }
      }
      const blockingScans = trace.validated.filter((v) => heldMode(trace, v.relation, (mode) => blockedOperations(mode).writes));
      if (blockingScans.length > 0 && !explained.has('validation') && !explained.has('rewrite')) {
        const rule = rules.get('validation-scan');
        if (rule) {
          const what = blockingScans.map((v) => `${v.what} on ${v.relation}`).join(', ');
          const mode = strongestLock(trace, blockingScans[0]!.relation)!;
          kept.push(
            toFinding(rule.meta.id, rule.meta.severity, file.path, file.lines, statement.range, {
              message: `Validates ${what} by scanning every row under ${lockName(mode)}, which ${describeBlocking(mode)} until the scan ends.${impactSentence(trace, estimate)}`,
              evidence: evidence(trace, index, estimate),
            }, statement, rule),
          );
        }
      }
    });
  }
  return { findings: kept, refuted };
}

function refutation(claim: 'rewrite' | 'validation' | 'lock', trace: StatementTrace): string | undefined {
  switch (claim) {
    case 'rewrite':
      return trace.rewrites.length === 0 ? 'the statement ran without rewriting any existing table or index' : undefined;
    case 'validation':
      return trace.validated.length === 0 ? 'the statement ran without a validation scan of any existing table' : undefined;
    case 'lock':
      if (trace.observedBy === 'none') return undefined;
      return trace.locks.some((l) => isDisruptive(l.mode as LockMode))
        ? undefined
        : 'the statement ran without taking a lock that blocks reads or writes on an existing table';
  }
}

/** The evidence object findings carry: the statement it points at in `files[].statements[]` and what was seen. */
export function evidence(trace: StatementTrace, statement: number, estimates: Estimate[] | undefined): Record<string, unknown> {
  return {
    trace: { statement },
    locks: trace.locks,
    rewrites: trace.rewrites,
    validated: trace.validated,
    durationMs: trace.durationMs,
    ...(trace.blocked ? { blocked: trace.blocked } : {}),
    ...(estimates?.length ? { estimates } : {}),
  };
}

function heldMode(trace: StatementTrace, relation: string, test: (mode: LockMode) => boolean): boolean {
  const mode = strongestLock(trace, relation);
  return mode !== undefined && test(mode);
}

function strongestLock(trace: StatementTrace, relation: string): LockMode | undefined {
  const modes = trace.locks.filter((l) => l.relation === relation).map((l) => l.mode as LockMode);
  return modes.sort((a, b) => LOCK_MODES.indexOf(b) - LOCK_MODES.indexOf(a))[0];
}

function describeRewrite(trace: StatementTrace): string {
  const tables = trace.rewrites;
  const mode = tables.map((t) => strongestLock(trace, t)).find((m) => m !== undefined) ?? 'AccessExclusiveLock';
  return `Rewrites ${tables.join(', ')} under ${lockName(mode)}, which ${describeBlocking(mode)} while every row is copied`;
}

/**
 * " Rewrites orders (est. 50M rows) under ACCESS EXCLUSIVE: blocks all reads and writes for roughly 4 minutes."
 * for the longest-running estimate, when the config gives the table's production size.
 */
export function impactSentence(trace: StatementTrace, estimates: Estimate[] | undefined): string {
  const longest = estimates?.slice().sort((a, b) => b.seconds - a.seconds)[0];
  if (!longest) return '';
  const mode = strongestLock(trace, longest.relation) ?? 'AccessExclusiveLock';
  const verb = { rewrite: 'Rewrites', scan: 'Scans', 'index build': 'Indexes' }[longest.operation];
  return ` ${verb} ${longest.relation} (est. ${formatCount(longest.rows)} rows) under ${lockName(mode)}: ${describeBlocking(mode)} for roughly ${formatDuration(longest.seconds)}.`;
}

export function formatCount(rows: number): string {
  if (rows >= 1e9) return `${round(rows / 1e9)}B`;
  if (rows >= 1e6) return `${round(rows / 1e6)}M`;
  if (rows >= 1e3) return `${round(rows / 1e3)}k`;
  return String(rows);
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} seconds`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  return `${round(seconds / 3600)} hours`;
}

function round(value: number): string {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
}
