import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { UsageError } from '../errors.js';
import schema from '../../schemas/stats.schema.json' with { type: 'json' };

export const STATS_SCHEMA_URL = 'https://raw.githubusercontent.com/sql-preflight/sql-preflight/main/schemas/stats.schema.json';
/** The format this version writes and reads; a change that old readers would misread gets a new number. */
export const STATS_FORMAT_VERSION = 1;

/** Production table sizes and column statistics, as `sql-preflight stats export` writes them. */
export interface StatsFile {
  $schema?: string;
  version: typeof STATS_FORMAT_VERSION;
  source: { server_version: string; server_version_num: number };
  /** ISO 8601, UTC. */
  exported_at: string;
  /** false: exported with --no-values, so the fields that hold column values are null. */
  with_values: boolean;
  /** Sorted by schema, then name (code point order). */
  tables: TableStats[];
}

export type TableKind = 'table' | 'partitioned' | 'matview';

/** pg_class of one table; names as stored, unquoted. */
export interface TableStats {
  schema: string;
  name: string;
  kind: TableKind;
  /** The partitioned table this one is a partition of. */
  partition_of?: { schema: string; name: string } | null;
  relpages: number;
  /** -1: never vacuumed or analysed (PostgreSQL 14 and later). */
  reltuples: number;
  relallvisible: number;
  /** Sorted by name, then inherited. */
  columns: ColumnStats[];
}

/** One row of pg_stats. Arrays of column values are PostgreSQL array literals, to be read with the column's type. */
export interface ColumnStats {
  name: string;
  inherited: boolean;
  null_frac: number;
  avg_width: number;
  n_distinct: number;
  most_common_vals?: string | null;
  most_common_freqs?: number[] | null;
  histogram_bounds?: string | null;
  correlation?: number | null;
  most_common_elems?: string | null;
  most_common_elem_freqs?: number[] | null;
  elem_count_histogram?: number[] | null;
}

/** `schema.name`, unquoted, the way the config's `tables` and the seeder name tables. */
export function tableName(table: { schema: string; name: string }): string {
  return `${table.schema}.${table.name}`;
}

/** The file as `stats export` writes it: keys in a fixed order, two-space indentation, a final newline. */
export function formatStatsFile(stats: StatsFile): string {
  return `${JSON.stringify({ $schema: STATS_SCHEMA_URL, ...stats }, null, 2)}\n`;
}

let validator: ValidateFunction | undefined;
/** Compiled on first use: most runs have no statistics file. */
function validate(data: unknown): boolean {
  validator ??= new Ajv({ allErrors: true }).compile(schema);
  return validator(data);
}

/** Listing every error of a file that is wrong throughout would bury the first ones. */
const MAX_ERRORS = 20;

/**
 * Parses and validates a statistics file. Every problem names the file and the JSON pointer of the value at fault;
 * all of them are thrown together as one UsageError.
 */
export function readStatsFile(path: string, text: string): StatsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not a statistics file: the JSON is invalid (${(error as Error).message}).`);
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== STATS_FORMAT_VERSION) {
    throw new UsageError(
      `${path}: /version is ${version}, but this sql-preflight reads version ${STATS_FORMAT_VERSION} of the statistics file` +
        `${version > STATS_FORMAT_VERSION ? ' (the file was written by a newer sql-preflight: upgrade, or export again with this one)' : ''}.`,
    );
  }
  if (!validate(data)) {
    const errors = simplify(validator?.errors ?? []);
    const lines = errors.slice(0, MAX_ERRORS).map((error) => `${path}: ${describe(error)}`);
    if (errors.length > MAX_ERRORS) lines.push(`${path}: and ${errors.length - MAX_ERRORS} more problems.`);
    throw new UsageError(lines.join('\n'));
  }
  return data as StatsFile;
}

/** A type error on a nullable field is reported once, not once per allowed type; one error per place. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const byPlace = new Map<string, ErrorObject>();
  for (const error of errors) {
    const key = `${error.instancePath}|${error.keyword === 'required' ? error.params.missingProperty : ''}|${error.keyword === 'additionalProperties' ? error.params.additionalProperty : ''}`;
    if (!byPlace.has(key)) byPlace.set(key, error);
  }
  return [...byPlace.values()];
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || 'the top level';
  switch (error.keyword) {
    case 'required':
      return `${at} needs "${error.params.missingProperty}".`;
    case 'additionalProperties':
      return `${at} has an unknown key "${error.params.additionalProperty}".`;
    case 'type': {
      const types = ([] as string[]).concat(error.params.type as string | string[]);
      return `${at} must be ${types.map((type) => (type === 'null' ? 'null' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`)).join(' or ')}.`;
    }
    case 'const':
      return `${at} must be ${JSON.stringify(error.params.allowedValue)}.`;
    case 'enum':
      return `${at} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    default:
      return `${at} ${error.message ?? 'is invalid'}.`;
  }
}

/**
 * Production row counts by `schema.name`, for the seeder's `tables` option: tables and partitioned tables that are
 * not partitions themselves (the seeder fills a partitioned table through its parent). A partitioned table gets the
 * sum of its leaf partitions, which autovacuum keeps current while the parent's own count is only set by a manual
 * ANALYZE. Tables never analysed in production (reltuples -1) have no count and are left out.
 */
export function seedTargets(stats: StatsFile): Record<string, { rows: number }> {
  const children = new Map<string, TableStats[]>();
  for (const table of stats.tables) {
    if (!table.partition_of) continue;
    const parent = tableName(table.partition_of);
    children.set(parent, [...(children.get(parent) ?? []), table]);
  }
  const leafRows = (table: TableStats): number | undefined => {
    if (table.kind !== 'partitioned') return table.reltuples >= 0 ? table.reltuples : undefined;
    const counts = (children.get(tableName(table)) ?? []).map(leafRows).filter((rows) => rows !== undefined);
    return counts.length > 0 ? counts.reduce((sum, rows) => sum + rows, 0) : table.reltuples >= 0 ? table.reltuples : undefined;
  };
  const targets: Record<string, { rows: number }> = {};
  for (const table of stats.tables) {
    if (table.partition_of || table.kind === 'matview') continue;
    const rows = leafRows(table);
    if (rows !== undefined) targets[tableName(table)] = { rows: Math.round(rows) };
  }
  return targets;
}
