import { ProviderError, describe, type Session } from '../db/provider.js';
import { tableName, type ColumnStats, type StatsFile, type TableStats } from './file.js';

/** pg_restore_relation_stats and pg_restore_attribute_stats came with PostgreSQL 18. */
export const RESTORE_MIN_MAJOR = 18;

export interface StatsApplied {
  /**
   * restored: the file's statistics were imported; scaled-rows: the server cannot import them, so the tables keep
   * the statistics of the rows generated for them (at production counts, up to max-rows, see seedTargets).
   */
  mode: 'restored' | 'scaled-rows';
  /** The file's tables found in the schema, with the rows the planner now counts on for each. */
  tables: AppliedTable[];
  /** What the user must know about the plans' estimates. */
  notes: string[];
  /** Tables or columns of the file the schema does not have, and statistics PostgreSQL did not accept. */
  problems: { table: string; message: string }[];
}

export interface AppliedTable {
  /** schema.name */
  table: string;
  /** The rows the planner estimates for the whole table: production's when restored, the generated ones otherwise. */
  rows: number;
  /** The relpages restored: the table's physical size here (see applyStats). */
  pages?: number;
  note?: string;
}

interface Target {
  kind: string;
  /** Physical size in pages; null for a relation without storage. */
  pages: number | null;
  reltuples: number;
  /** format_type of each column, by name. */
  columns: Record<string, string>;
}

const TARGETS = `
  SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind, c.reltuples,
         CASE WHEN c.relkind IN ('r', 'm') THEN (pg_relation_size(c.oid) / current_setting('block_size')::int8)::int4 END AS pages,
         (SELECT json_object_agg(a.attname, format_type(a.atttypid, a.atttypmod)) FROM pg_catalog.pg_attribute a
           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE (n.nspname::text, c.relname::text) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;

const KIND_NAMES: Record<string, string> = {
  i: 'an index', I: 'a partitioned index', S: 'a sequence', v: 'a view', c: 'a composite type', f: 'a foreign table', t: 'a TOAST table',
};

/** Each column statistic with the SQL type pg_restore_attribute_stats takes it as. */
const ATTRIBUTE_FIELDS = {
  null_frac: 'real',
  avg_width: 'integer',
  n_distinct: 'real',
  most_common_vals: 'text',
  most_common_freqs: 'real[]',
  histogram_bounds: 'text',
  correlation: 'real',
  most_common_elems: 'text',
  most_common_elem_freqs: 'real[]',
  elem_count_histogram: 'real[]',
} as const;
type AttributeField = keyof typeof ATTRIBUTE_FIELDS;

/** Statistics that PostgreSQL accepts or refuses together: a list of values and their frequencies. */
const FIELD_GROUPS: AttributeField[][] = [
  ['null_frac', 'avg_width', 'n_distinct'],
  ['most_common_vals', 'most_common_freqs'],
  ['histogram_bounds'],
  ['correlation'],
  ['most_common_elems', 'most_common_elem_freqs'],
  ['elem_count_histogram'],
];

/**
 * Makes the planner see the file's production statistics on the seeded tables. Call it after the schema is
 * replayed and seeded (ANALYZE and VACUUM replace what it restores).
 *
 * PostgreSQL 18 and later: per table, pg_restore_relation_stats, then pg_clear_attribute_stats and
 * pg_restore_attribute_stats for the columns in the file (a file without values keeps the seeded most common
 * values and histograms). The planner does not take reltuples as it is: it scales it by the table's physical size,
 * rows = reltuples / relpages * current pages, so restoring production's relpages on a smaller seeded table would
 * shrink the estimate by the same factor. relpages is therefore restored as the table's current page count (and
 * relallvisible as production's all-visible share of it): the estimate is then production's reltuples. Costs per
 * row are production's; costs per page (sequential reads, heap fetches of index and bitmap scans) are those of the
 * seeded table, lower than in production wherever it was generated with fewer rows. Measured on PGlite, a table of
 * 1,000,000 rows (7,369 pages) against 10,000 seeded rows (74 pages) with its statistics restored: the same row
 * estimates, a sequential scan costed 10,074 instead of 17,369, and a filter matching 9% of the rows planned as an
 * index scan where production plans a bitmap heap scan. Seeding at production counts
 * (seedTargets) narrows the gap to nothing for tables up to max-rows.
 * Autovacuum is turned off on these tables, because with it on, CREATE INDEX (the index advisor's, even rolled
 * back, or the change's) writes the table's real size over the restored one.
 *
 * Older servers cannot import statistics: nothing is restored and the note says so.
 * Bad input is reported in `problems` (PostgreSQL warns and returns false for statistics it cannot read); only a
 * lost database (ProviderError) is thrown.
 */
export async function applyStats(session: Session, stats: StatsFile, serverMajor: number): Promise<StatsApplied> {
  const problems: StatsApplied['problems'] = [];
  const targets = await readTargets(session, stats.tables);
  const found: [TableStats, Target][] = [];
  for (const table of stats.tables) {
    const target = targets.get(tableName(table));
    if (!target) problems.push({ table: tableName(table), message: 'the statistics file has this table, but the schema here does not' });
    else if (target.pages === null && target.kind !== 'p') problems.push({ table: tableName(table), message: `the statistics file has a table of this name, but it is ${KIND_NAMES[target.kind] ?? 'not a table'} here` });
    else found.push([table, target]);
  }

  if (serverMajor < RESTORE_MIN_MAJOR) {
    const tables = found.map(([table, target]): AppliedTable => {
      const rows = Math.max(0, target.reltuples);
      const note = table.reltuples >= 0 && Math.round(table.reltuples) !== rows ? `${count(table.reltuples)} rows in production` : undefined;
      return { table: tableName(table), rows, ...(note ? { note } : {}) };
    });
    const notes = [
      `PostgreSQL ${serverMajor} cannot import statistics (that takes PostgreSQL ${RESTORE_MIN_MAJOR} or later): the tables were filled ` +
        'with generated rows at production counts, up to max-rows, and the plans use the statistics of those rows.',
    ];
    return { mode: 'scaled-rows', tables, notes, problems };
  }

  const tables: AppliedTable[] = [];
  for (const [table, target] of found) {
    const name = tableName(table);
    try {
      tables.push(await restoreRelation(session, stats, table, target, problems));
      await restoreColumns(session, stats, table, target, problems);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      problems.push({ table: name, message: `restoring its statistics failed: ${describe(error)}` });
    }
  }
  const notes = [
    'Row estimates use production statistics. A table generated with fewer rows than production keeps its smaller ' +
      'size in pages, so the page-reading part of its scan costs is lower than in production, which favours index scans.',
  ];
  if (!stats.with_values) {
    notes.push(
      'The statistics file has no column values (exported with --no-values): the most common values and histograms ' +
        "are the generated data's, the null fractions, distinct counts and correlations production's.",
    );
  }
  return { mode: 'restored', tables, notes, problems };
}

async function readTargets(session: Session, tables: readonly TableStats[]): Promise<Map<string, Target>> {
  const rows = await session.query<Target & { schema: string; name: string }>(TARGETS, [tables.map((t) => t.schema), tables.map((t) => t.name)]);
  return new Map(rows.map(({ schema, name, ...target }) => [tableName({ schema, name }), { ...target, columns: target.columns ?? {} }]));
}

async function restoreRelation(
  session: Session,
  stats: StatsFile,
  table: TableStats,
  target: Target,
  problems: StatsApplied['problems'],
): Promise<AppliedTable> {
  const name = tableName(table);
  const seeded = Math.max(0, target.reltuples);
  if (table.reltuples < 0 && table.kind === 'partitioned') {
    return { table: name, rows: seeded, note: 'a partitioned table never analysed in production: the planner estimates its partitions from their own statistics' };
  }
  if (table.reltuples < 0) {
    return { table: name, rows: seeded, note: 'never vacuumed or analysed in production, so its row count is unknown: the generated rows stay' };
  }
  const relation: Record<string, number> = { reltuples: table.reltuples };
  if (target.pages !== null) {
    if (target.pages === 0) {
      problems.push({ table: name, message: 'it has no rows here, and the planner estimates an empty table as empty whatever its statistics say' });
      return { table: name, rows: 0 };
    }
    relation.relpages = target.pages;
    relation.relallvisible = table.relpages > 0 ? Math.min(target.pages, Math.round((table.relallvisible / table.relpages) * target.pages)) : 0;
    // Partitioned tables take no storage parameters (and have no size for CREATE INDEX to write).
    await session.query(`ALTER ${target.kind === 'm' ? 'MATERIALIZED VIEW' : 'TABLE'} ${quoteIdent(table.schema)}.${quoteIdent(table.name)} SET (autovacuum_enabled = false)`);
  }
  const args = Object.entries(relation).map(([key, value], i) => `'${key}', $${i + 4}::${key === 'reltuples' ? 'real' : 'integer'}`);
  const [row] = await session.query<{ restored: boolean }>(
    `SELECT pg_catalog.pg_restore_relation_stats('version', $1::integer, 'schemaname', $2::text, 'relname', $3::text, ${args.join(', ')}) AS restored`,
    [stats.source.server_version_num, table.schema, table.name, ...Object.values(relation)],
  );
  if (!row?.restored) {
    problems.push({ table: name, message: `PostgreSQL did not accept its size (reltuples ${table.reltuples}, relpages ${relation.relpages ?? '-'})` });
    return { table: name, rows: seeded };
  }
  return { table: name, rows: table.reltuples, ...(relation.relpages !== undefined ? { pages: relation.relpages } : {}) };
}

async function restoreColumns(
  session: Session,
  stats: StatsFile,
  table: TableStats,
  target: Target,
  problems: StatsApplied['problems'],
): Promise<void> {
  const name = tableName(table);
  const columns: ColumnStats[] = [];
  for (const column of table.columns) {
    if (Object.hasOwn(target.columns, column.name)) columns.push(column);
    else problems.push({ table: name, message: `column ${column.name} has statistics in the file, but the table here has no such column` });
  }
  if (columns.length === 0) return;
  const params = [stats.source.server_version_num, table.schema, table.name];
  const fields = Object.keys(ATTRIBUTE_FIELDS) as AttributeField[];
  if (stats.with_values) {
    // Restoring merges with what ANALYZE left: without clearing, a histogram of the generated data would stay next
    // to production's most common values where production has no histogram.
    await session.query(
      `SELECT pg_catalog.pg_clear_attribute_stats($1::text, $2::text, c.name, c.inherited) FROM ${recordset(3)}`,
      [table.schema, table.name, JSON.stringify(columns)],
    );
  }
  const results = await session.query<{ name: string; inherited: boolean; restored: boolean }>(restoreSql(fields), [...params, JSON.stringify(columns)]);
  for (const result of results) {
    if (result.restored) continue;
    const column = columns.find((c) => c.name === result.name && c.inherited === result.inherited)!;
    const refused: string[] = [];
    for (const group of FIELD_GROUPS) {
      const given = group.filter((field) => column[field] !== undefined && column[field] !== null);
      if (given.length === 0) continue;
      const [retry] = await session.query<{ restored: boolean }>(restoreSql(given), [...params, JSON.stringify([column])]);
      if (!retry?.restored) refused.push(...given);
    }
    problems.push({
      table: name,
      message:
        `PostgreSQL did not accept ${refused.length > 0 ? refused.join(', ') : 'some statistics'} of column ${column.name}` +
        `${column.inherited ? ' (with its children)' : ''} for its type here, ${target.columns[column.name]}: those were not restored`,
    });
  }
}

/** The file's columns as rows, from a jsonb parameter: one statement per table, whatever its number of columns. */
function recordset(param: number): string {
  const definitions = Object.entries(ATTRIBUTE_FIELDS).map(([field, type]) => `${field} ${type}`);
  return `jsonb_to_recordset($${param}::jsonb) AS c(name text, inherited boolean, ${definitions.join(', ')})`;
}

function restoreSql(fields: readonly AttributeField[]): string {
  const pairs = fields.map((field) => `'${field}', c.${field}`).join(', ');
  return `SELECT c.name, c.inherited, pg_catalog.pg_restore_attribute_stats('version', $1::integer, 'schemaname', $2::text,
    'relname', $3::text, 'attname', c.name, 'inherited', c.inherited, ${pairs}) AS restored FROM ${recordset(4)}`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function count(rows: number): string {
  return Math.round(rows).toLocaleString('en-US');
}
