import type { Session } from '../db/provider.js';
import { STATS_FORMAT_VERSION, tableName, type ColumnStats, type StatsFile, type TableKind, type TableStats } from './file.js';

export interface ExportOptions {
  /** Only these schemas (default: every schema but pg_catalog, information_schema and the other pg_ ones). */
  schemas?: string[];
  /** false: leave out the fields that hold column values (`--no-values`); they are not even read. Default true. */
  withValues?: boolean;
}

const KINDS: Record<string, TableKind> = { r: 'table', p: 'partitioned', m: 'matview' };

const RELATIONS = `
  SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
         c.relpages, c.reltuples, c.relallvisible, pn.nspname::text AS parent_schema, p.relname::text AS parent_name
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
    LEFT JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
    LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
   WHERE c.relkind IN ('r', 'p', 'm') AND c.relpersistence <> 't'
     AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
     AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))`;

/** pg_stats also has rows for expression indexes; only those of the relations above are kept. */
function statsQuery(withValues: boolean): string {
  const value = (column: string, cast: string) => (withValues ? `${column}::${cast}` : `NULL::${cast}`);
  return `
  SELECT schemaname::text AS schema, tablename::text AS table, attname::text AS name, inherited, null_frac, avg_width,
         n_distinct, ${value('most_common_vals', 'text')} AS most_common_vals,
         ${value('most_common_freqs', 'real[]')} AS most_common_freqs, ${value('histogram_bounds', 'text')} AS histogram_bounds,
         correlation, ${value('most_common_elems', 'text')} AS most_common_elems,
         ${value('most_common_elem_freqs', 'real[]')} AS most_common_elem_freqs, elem_count_histogram
    FROM pg_catalog.pg_stats
   WHERE schemaname <> 'information_schema' AND schemaname !~ '^pg_'
     AND ($1::text[] IS NULL OR schemaname = ANY ($1::text[]))`;
}

/**
 * Reads the sizes (pg_class) and column statistics (pg_stats) of the tables, partitioned tables and materialized
 * views, in one read-only transaction: the session must not be in a transaction already. Values are written the
 * way pg_dump writes them (ISO dates, UTC, floats exact), so that any server reads them back the same.
 */
export async function exportStats(session: Session, options: ExportOptions = {}): Promise<StatsFile> {
  const withValues = options.withValues ?? true;
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : null;
  await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await session.query(
      "SELECT set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true), " +
        "set_config('TimeZone', 'UTC', true), set_config('extra_float_digits', '3', true)",
    );
    const [version] = await session.query<{ full: string; num: number }>(
      "SELECT current_setting('server_version') AS full, current_setting('server_version_num')::int4 AS num",
    );
    const relations = await session.query<{
      schema: string; name: string; kind: string; relpages: number; reltuples: number; relallvisible: number;
      parent_schema: string | null; parent_name: string | null;
    }>(RELATIONS, [schemas]);
    const rows = await session.query<ColumnStats & { schema: string; table: string }>(statsQuery(withValues), [schemas]);
    await session.query('COMMIT');

    const tables = new Map<string, TableStats>();
    for (const relation of relations) {
      const table: TableStats = {
        schema: relation.schema,
        name: relation.name,
        kind: KINDS[relation.kind]!,
        partition_of: relation.parent_schema !== null && relation.parent_name !== null ? { schema: relation.parent_schema, name: relation.parent_name } : null,
        relpages: relation.relpages,
        reltuples: relation.reltuples,
        relallvisible: relation.relallvisible,
        columns: [],
      };
      tables.set(tableName(table), table);
    }
    for (const { schema, table, ...column } of rows) {
      tables.get(tableName({ schema, name: table }))?.columns.push({
        name: column.name,
        inherited: column.inherited,
        null_frac: column.null_frac,
        avg_width: column.avg_width,
        n_distinct: column.n_distinct,
        most_common_vals: column.most_common_vals,
        most_common_freqs: column.most_common_freqs,
        histogram_bounds: column.histogram_bounds,
        correlation: column.correlation,
        most_common_elems: column.most_common_elems,
        most_common_elem_freqs: column.most_common_elem_freqs,
        elem_count_histogram: column.elem_count_histogram,
      });
    }
    for (const table of tables.values()) table.columns.sort((a, b) => compare(a.name, b.name) || Number(a.inherited) - Number(b.inherited));
    return {
      version: STATS_FORMAT_VERSION,
      source: { server_version: version!.full, server_version_num: version!.num },
      exported_at: new Date().toISOString(),
      with_values: withValues,
      tables: [...tables.values()].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name)),
    };
  } catch (error) {
    await session.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** JavaScript's string order (UTF-16 code units): the same on every machine, unlike a server's or a locale's collation. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
