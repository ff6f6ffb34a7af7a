import type { BlockedOperationsReport, SeedSummary, StatementTrace, TracedLock } from '../core/types.js';
import type { IndexSuggestion } from '../explain/advise.js';
import { formatCost, formatCount, formatRise } from '../plan/text.js';
import { queryLocation, type QueryLocation } from '../queries/index.js';

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

/** One titled part of a query's evidence: a short caption, and lines as EXPLAIN or PostgreSQL printed them. */
export interface PlanBlock {
  /** Where the query is, a plan, or the error that stopped it from being planned. */
  kind: 'query' | 'plan' | 'error';
  title: string;
  /** What the lines show in words (a cost, a location); may be all the block has. */
  caption?: string;
  /** EXPLAIN text-format lines or an error message, to show verbatim in a monospace block. */
  lines: string[];
}

/** What the explain phase (src/check/explain.ts) puts in a finding's `evidence`; every part is optional. */
interface QueryEvidence {
  query?: QueryLocation;
  plan?: { node: string; lines: string[] };
  base?: { cost: number; lines: string[] };
  changed?: { cost: number; lines: string[] };
  increase?: number;
  index?: IndexSuggestion;
  error?: { message: string; code?: string };
}

/**
 * The query an explain finding is about and the plans behind it, as titled blocks: where the query is; the
 * plan before and after the change, with costs; the plan with the index that was measured to help; the plan
 * node a plan rule flagged; the error PostgreSQL gave. Shared by every reporter that shows plans, so they title
 * them alike. Empty when the evidence holds none of these (static and trace findings).
 */
export function planBlocks(evidence: Record<string, unknown> | undefined): PlanBlock[] {
  const found = (evidence ?? {}) as QueryEvidence;
  const blocks: PlanBlock[] = [];
  if (found.query) blocks.push({ kind: 'query', title: 'The query', caption: queryLocation(found.query), lines: [] });
  if (found.base) blocks.push({ kind: 'plan', title: 'Before the change', caption: `estimated cost ${formatCost(found.base.cost)}`, lines: found.base.lines });
  if (found.changed) {
    const rise = found.increase === undefined ? '' : formatRise(found.increase);
    blocks.push({ kind: 'plan', title: 'After the change', caption: `estimated cost ${formatCost(found.changed.cost)}${rise}`, lines: found.changed.lines });
  }
  if (found.index) {
    const { beforeCost, afterCost, sizeBytes, planLines } = found.index;
    blocks.push({
      kind: 'plan',
      title: 'With the suggested index (measured)',
      caption: `estimated cost ${formatCost(beforeCost)} → ${formatCost(afterCost)}; the index takes ${formatSize(sizeBytes)} on the seeded data`,
      lines: planLines,
    });
  }
  if (found.plan) blocks.push({ kind: 'plan', title: 'The plan', caption: found.plan.node, lines: found.plan.lines });
  if (found.error) {
    blocks.push({ kind: 'error', title: "PostgreSQL's error", ...(found.error.code ? { caption: `SQLSTATE ${found.error.code}` } : {}), lines: [`ERROR:  ${found.error.message}`] });
  }
  return blocks;
}

/** A size as pg_size_pretty prints it: whole units, the next unit from 10 of them on (`8192 bytes`, `16 kB`, `2560 kB`, `12 MB`). */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 'bytes';
  for (const next of ['kB', 'MB', 'GB', 'TB']) {
    if (value < 10 * 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${Math.round(value)} ${unit}`;
}

/** One sentence on the data the queries were planned on: rows, tables, time, and the statistics file's part. */
export function seedLine(seed: SeedSummary): string {
  const filled = seed.tables.filter((t) => t.rows > 0).length;
  const time = seed.ms < 1000 ? `${Math.round(seed.ms)} ms` : `${(seed.ms / 1000).toFixed(1)} s`;
  const parts = [`${formatCount(seed.rows)} ${seed.rows === 1 ? 'row' : 'rows'} in ${filled} ${filled === 1 ? 'table' : 'tables'} (${time})`];
  const statistics = seed.statistics;
  if (statistics) {
    const tables = `${statistics.tables} ${statistics.tables === 1 ? 'table' : 'tables'}`;
    parts.push(statistics.mode === 'restored' ? `production statistics restored for ${tables}` : `production row counts used for ${tables}, statistics not restored`);
  }
  return `Seeded data: ${parts.join('; ')}.`;
}
