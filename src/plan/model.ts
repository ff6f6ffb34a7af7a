/**
 * The output of `EXPLAIN (FORMAT JSON)`, typed as PostgreSQL writes it: the keys are Postgres' own, so a plan from
 * any client or log can be read without a conversion layer. Fields marked ANALYZE, BUFFERS or VERBOSE appear only
 * with that option; everything is optional beyond the node type because the set depends on the node, the options
 * and the server version (e.g. PostgreSQL 18 writes `Actual Rows` with two decimals).
 */

export interface PlanNode {
  'Node Type': string;
  /** Aggregate: `Plain`, `Sorted`, `Hashed` or `Mixed`; SetOp: `Sorted` or `Hashed`. */
  Strategy?: string;
  'Partial Mode'?: 'Simple' | 'Partial' | 'Finalize';
  /** ModifyTable and Foreign Scan: `Insert`, `Update`, `Delete`, `Merge`, `Select`. */
  Operation?: string;
  /** How the node feeds its parent: `Outer`, `Inner`, `Member`, `Subquery`, `InitPlan`, `SubPlan`. */
  'Parent Relationship'?: string;
  /** For InitPlans, SubPlans and CTEs, e.g. `SubPlan 1`, `CTE recent`. */
  'Subplan Name'?: string;
  'Parallel Aware'?: boolean;
  'Async Capable'?: boolean;
  'Scan Direction'?: 'Forward' | 'Backward';
  'Index Name'?: string;
  'Relation Name'?: string;
  'Function Name'?: string;
  'CTE Name'?: string;
  /** VERBOSE only. */
  Schema?: string;
  Alias?: string;
  'Join Type'?: string;
  /** SetOp: `Intersect`, `Except`, ... */
  Command?: string;

  'Startup Cost'?: number;
  'Total Cost'?: number;
  /** Estimated rows per loop. */
  'Plan Rows'?: number;
  'Plan Width'?: number;

  /** ANALYZE with TIMING: milliseconds per loop. */
  'Actual Startup Time'?: number;
  'Actual Total Time'?: number;
  /** ANALYZE: rows per loop (an average, so fractional from PostgreSQL 18 on). */
  'Actual Rows'?: number;
  /** ANALYZE: 0 when the node never ran. */
  'Actual Loops'?: number;
  Disabled?: boolean;

  /** VERBOSE only: the node's output columns. */
  Output?: string[];
  'Inner Unique'?: boolean;

  Filter?: string;
  /** ANALYZE: per loop. */
  'Rows Removed by Filter'?: number;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  /** ANALYZE: per loop. */
  'Rows Removed by Index Recheck'?: number;
  'Join Filter'?: string;
  'Rows Removed by Join Filter'?: number;
  'Hash Cond'?: string;
  'Merge Cond'?: string;
  'Sort Key'?: string[];
  'Group Key'?: string[];

  /** Index Only Scan, ANALYZE: rows fetched from the table because the visibility map did not cover their page. */
  'Heap Fetches'?: number;
  'Exact Heap Blocks'?: number;
  'Lossy Heap Blocks'?: number;

  /** ANALYZE: e.g. `quicksort`, `top-N heapsort`, `external merge`. */
  'Sort Method'?: string;
  'Sort Space Used'?: number;
  'Sort Space Type'?: 'Memory' | 'Disk';

  'Hash Buckets'?: number;
  'Original Hash Buckets'?: number;
  'Hash Batches'?: number;
  'Original Hash Batches'?: number;
  /** Hash, HashAggregate and Memoize, in kB. */
  'Peak Memory Usage'?: number;
  /** HashAggregate. */
  'Planned Partitions'?: number;
  'HashAgg Batches'?: number;
  'Disk Usage'?: number;
  /** Materialize, WindowAgg, CTE Scan and others from PostgreSQL 18 on: `Memory` or `Disk`. */
  Storage?: string;
  'Maximum Storage'?: number;

  'Workers Planned'?: number;
  'Workers Launched'?: number;
  /** VERBOSE with ANALYZE: per-worker figures. */
  Workers?: Record<string, unknown>[];

  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Shared Dirtied Blocks'?: number;
  'Shared Written Blocks'?: number;
  'Local Hit Blocks'?: number;
  'Local Read Blocks'?: number;
  'Local Dirtied Blocks'?: number;
  'Local Written Blocks'?: number;
  'Temp Read Blocks'?: number;
  'Temp Written Blocks'?: number;

  Plans?: PlanNode[];
  /** Fields this model does not name (they are still shown by `planLines`). */
  [key: string]: unknown;
}

/** One element of the array `EXPLAIN (FORMAT JSON)` returns. */
export interface Explain {
  Plan: PlanNode;
  /** BUFFERS: the planner's own buffer use. */
  Planning?: Record<string, number>;
  'Planning Time'?: number;
  /** DML with ANALYZE: time spent in triggers, e.g. foreign key checks. */
  Triggers?: { 'Trigger Name': string; 'Constraint Name'?: string; Relation?: string; Time?: number; Calls: number }[];
  /** ANALYZE: milliseconds. */
  'Execution Time'?: number;
  /** SETTINGS: the planner settings that differ from the built-in defaults. */
  Settings?: Record<string, string>;
  JIT?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Reads what a client got back from `EXPLAIN (FORMAT JSON)`: the JSON text, the parsed array, or the rows of the
 * result (node-postgres and PGlite return `[{ 'QUERY PLAN': [...] }]`). Throws when it is none of these.
 */
export function parseExplain(output: unknown): Explain {
  let value = typeof output === 'string' ? (JSON.parse(output) as unknown) : output;
  if (Array.isArray(value) && value.length === 1 && isRecord(value[0]) && 'QUERY PLAN' in value[0]) value = value[0]['QUERY PLAN'];
  if (typeof value === 'string') value = JSON.parse(value) as unknown;
  if (Array.isArray(value)) value = value[0];
  if (!isRecord(value) || !isRecord(value.Plan) || typeof value.Plan['Node Type'] !== 'string') {
    throw new Error('Not the output of EXPLAIN (FORMAT JSON): expected [{ "Plan": { "Node Type": ... } }].');
  }
  return value as Explain;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
