import type { BlockedOperationsReport, StatementTrace, TracedLock } from '../core/types.js';

/** What the trace part of a finding's `evidence` holds (src/check/merge.ts writes it); also a `StatementTrace`. */
interface TraceEvidence {
  locks?: TracedLock[];
  rewrites?: string[];
  validated?: StatementTrace['validated'];
  durationMs?: number;
  blocked?: BlockedOperationsReport[];
  estimates?: { relation: string; operation: string; rows: number; seconds: number; basis: string }[];
}

/**
 * What the database showed a statement doing, in plain words: locks taken, rewrites, scans, time, blocked
 * operations, estimates at production size. Shared by every reporter that shows evidence, so they word it alike.
 * Empty when the evidence holds no trace (static findings carry rule-specific evidence).
 */
export function evidenceLines(evidence: Record<string, unknown> | StatementTrace | undefined): string[] {
  const trace = evidence as TraceEvidence | undefined;
  if (!trace?.locks) return [];
  const parts: string[] = [];
  if (trace.locks.length) parts.push(`took ${trace.locks.map((l) => `${l.mode} on ${l.relation}`).join(', ')}`);
  if (trace.rewrites?.length) parts.push(`rewrote ${trace.rewrites.join(', ')}`);
  if (trace.validated?.length) parts.push(`scanned to validate ${trace.validated.map((v) => `${v.what} on ${v.relation}`).join(', ')}`);
  if (trace.durationMs !== undefined) parts.push(`ran in ${trace.durationMs < 10 ? trace.durationMs.toFixed(1) : Math.round(trace.durationMs)} ms`);
  const lines = [parts.length ? parts.join('; ') : 'ran on the database without locking, rewriting or scanning an existing table'];
  const blocked = trace.blocked?.filter((b) => b.reads || b.writes) ?? [];
  if (blocked.length) lines.push(`a second session was blocked from ${blocked.map((b) => `${b.reads ? 'reading and writing' : 'writing'} ${b.relation}`).join(', ')}`);
  for (const e of trace.estimates ?? []) {
    lines.push(`${e.operation} of ${e.relation} at production size (${e.rows.toLocaleString('en-US')} rows) takes roughly ${Math.max(1, Math.round(e.seconds))} s (${e.basis} throughput)`);
  }
  return lines;
}
