import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, type DatabaseProvider, type Session } from '../../src/db/index.js';
import { seedDatabase } from '../../src/seed/index.js';
import { applyStats, exportStats, type StatsFile, type TableStats } from '../../src/stats/index.js';

// PGlite is PostgreSQL 18, the first version that imports statistics. Tests share its database and the seeder fills
// every empty table, so each test works in a schema of its own and drops it.

const PRODUCTION = { relpages: 123_513, reltuples: 5_000_000, relallvisible: 120_000 };

function statsFile(tables: TableStats[], withValues = true): StatsFile {
  return { version: 1, source: { server_version: '17.2', server_version_num: 170002 }, exported_at: '2025-01-02T03:04:05.000Z', with_values: withValues, tables };
}

function orders(schema: string, columns: TableStats['columns'] = [STATUS]): TableStats {
  return { schema, name: 'orders', kind: 'table', partition_of: null, ...PRODUCTION, columns };
}

const STATUS = {
  name: 'status',
  inherited: false,
  null_frac: 0,
  avg_width: 5,
  n_distinct: 3,
  most_common_vals: '{paid,new,shipped}',
  most_common_freqs: [0.9, 0.09, 0.01],
  histogram_bounds: null,
  correlation: 0.2,
};

const ORDERS = (schema: string) => `
CREATE SCHEMA ${schema};
CREATE TABLE ${schema}.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped')),
  total numeric(12,2)
);`;

async function withSchema<T>(session: Session, schema: string, sql: string, use: () => Promise<T>): Promise<T> {
  await session.exec(sql);
  try {
    return await use();
  } finally {
    await session.exec(`DROP SCHEMA ${schema} CASCADE`);
  }
}

/** The planner's row estimate for a query's top node. */
async function estimate(session: Session, sql: string): Promise<number> {
  const [row] = await session.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`EXPLAIN (FORMAT JSON) ${sql}`);
  return row!['QUERY PLAN'][0].Plan['Plan Rows'];
}

async function pages(session: Session, table: string): Promise<number> {
  const [row] = await session.query<{ pages: number }>(`SELECT (pg_relation_size($1::regclass) / 8192)::int4 AS pages`, [table]);
  return row!.pages;
}

async function pgClass(session: Session, table: string) {
  const [row] = await session.query<{ relpages: number; reltuples: number; relallvisible: number }>(
    'SELECT relpages, reltuples, relallvisible FROM pg_class WHERE oid = $1::regclass',
    [table],
  );
  return row!;
}

describe('applyStats on PostgreSQL 18 (PGlite)', () => {
  let provider: DatabaseProvider;
  let session: Session;
  beforeAll(async () => {
    ({ provider } = await openProvider({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 60_000 }));
    session = await provider.open();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await provider?.dispose();
  });

  it('the planner scales reltuples by the physical page count (why relpages is restored as the seeded size)', async () => {
    await withSchema(session, 'catch', ORDERS('catch'), async () => {
      await seedDatabase(session, { tables: { 'catch.orders': { rows: 10_000 } } });
      await session.query(
        "SELECT pg_restore_relation_stats('schemaname', 'catch', 'relname', 'orders', 'relpages', $1::int, 'reltuples', $2::real)",
        [PRODUCTION.relpages, PRODUCTION.reltuples],
      );
      const seeded = await pages(session, 'catch.orders');
      expect(await estimate(session, 'SELECT * FROM catch.orders')).toBe(Math.round((PRODUCTION.reltuples / PRODUCTION.relpages) * seeded));
    });
  });

  it('makes a seeded table of 10,000 rows plan as the 5,000,000 of production, with its value frequencies', async () => {
    await withSchema(session, 'big', ORDERS('big'), async () => {
      const seed = await seedDatabase(session, { tables: { 'big.orders': { rows: 10_000 } } });
      expect(seed.tables.find((t) => t.table === 'big.orders')).toMatchObject({ status: 'filled', rows: 10_000 });
      const seeded = await pages(session, 'big.orders');
      expect(await estimate(session, 'SELECT * FROM big.orders')).toBe(10_000);

      const applied = await applyStats(session, statsFile([orders('big')]), 18);

      expect(applied).toEqual({ mode: 'restored', tables: [{ table: 'big.orders', rows: 5_000_000, pages: seeded }], notes: [expect.stringMatching(/^Row estimates use production statistics/)], problems: [] });
      expect(await pgClass(session, 'big.orders')).toEqual({
        relpages: seeded,
        reltuples: 5_000_000,
        relallvisible: Math.round((PRODUCTION.relallvisible / PRODUCTION.relpages) * seeded),
      });
      expect(await estimate(session, 'SELECT * FROM big.orders')).toBeCloseTo(5_000_000, -2);
      // 1% of 5,000,000 rows, from the restored most_common_freqs, whatever share the generator gave 'shipped'.
      expect(await estimate(session, "SELECT * FROM big.orders WHERE status = 'shipped'")).toBeCloseTo(50_000, -2);
      expect(await estimate(session, "SELECT * FROM big.orders WHERE status = 'new'")).toBeCloseTo(450_000, -3);

      // CREATE INDEX writes the table's real size into pg_class, even when rolled back, unless autovacuum is off.
      await session.exec('BEGIN; CREATE INDEX ON big.orders (status); ROLLBACK');
      expect(await estimate(session, 'SELECT * FROM big.orders')).toBeCloseTo(5_000_000, -2);
    });
  });

  it('round trip: another database gets the reltuples and the column statistics of the one exported', async () => {
    const schema = (name: string) => `
      CREATE SCHEMA ${name};
      CREATE TYPE ${name}.mood AS ENUM ('happy', 'sad', 'meh');
      CREATE TABLE ${name}.users (
        id integer PRIMARY KEY, mood ${name}.mood NOT NULL, tags text[], nickname text, joined timestamptz NOT NULL, score real
      );
      CREATE TABLE ${name}.events (id integer NOT NULL, kind text NOT NULL) PARTITION BY HASH (id);
      CREATE TABLE ${name}.events_0 PARTITION OF ${name}.events FOR VALUES WITH (MODULUS 2, REMAINDER 0);
      CREATE TABLE ${name}.events_1 PARTITION OF ${name}.events FOR VALUES WITH (MODULUS 2, REMAINDER 1);
      CREATE MATERIALIZED VIEW ${name}.moods AS SELECT mood, count(*) AS n FROM ${name}.users GROUP BY mood;`;
    const { provider: source } = await openProvider({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 60_000 });
    let exported: StatsFile;
    try {
      const production = await source.open();
      await production.exec(schema('trip'));
      await production.exec(`
        INSERT INTO trip.users
        SELECT g, (ARRAY['happy', 'sad', 'meh'])[1 + (g % 10 = 0)::int + (g % 100 = 0)::int]::trip.mood,
               CASE WHEN g % 3 = 0 THEN ARRAY['a', 'b'] WHEN g % 3 = 1 THEN ARRAY['c'] END,
               CASE WHEN g % 4 = 0 THEN NULL ELSE 'nick' || (g % 500) END,
               '2024-01-01 00:00:00+00'::timestamptz + g * interval '17 minutes', g / 7.0
          FROM generate_series(1, 20000) g;
        INSERT INTO trip.events SELECT g, 'kind' || (g % 7) FROM generate_series(1, 8000) g;
        REFRESH MATERIALIZED VIEW trip.moods;`);
      await production.query('ANALYZE');
      exported = await exportStats(production, { schemas: ['trip'] });
      await production.close();
    } finally {
      await source.dispose();
    }
    expect(exported.tables.map((t) => t.name)).toEqual(['events', 'events_0', 'events_1', 'moods', 'users']);

    await withSchema(session, 'trip', schema('trip'), async () => {
      await seedDatabase(session, { tables: { 'trip.users': { rows: 3_000 }, 'trip.events': { rows: 2_000 } } });
      const applied = await applyStats(session, exported, 18);
      expect(applied.problems).toEqual([]);
      const restored = await exportStats(session, { schemas: ['trip'] });
      for (const [i, table] of exported.tables.entries()) {
        const here = restored.tables[i]!;
        expect(here.name).toBe(table.name);
        expect(here.reltuples, table.name).toBe(table.reltuples);
        expect(here.columns, table.name).toEqual(table.columns);
        if (table.kind !== 'partitioned') expect(here.relpages, table.name).toBe(await pages(session, `trip.${table.name}`));
      }
    });
  });

  it('reports what it cannot restore and restores the rest', async () => {
    const sql = `${ORDERS('odd')} CREATE VIEW odd.paid AS SELECT * FROM odd.orders WHERE status = 'paid'; CREATE TABLE odd.notes (id int);`;
    await withSchema(session, 'odd', sql, async () => {
      await seedDatabase(session, { tables: { 'odd.orders': { rows: 2_000 }, 'odd.notes': { rows: 300 } } });
      const total = { ...STATUS, name: 'total', n_distinct: -1, most_common_vals: '{lots,little}', most_common_freqs: [0.5, 0.1], correlation: 0.7 };
      const gone = { ...STATUS, name: 'discount' };
      const stats = statsFile([
        orders('odd', [STATUS, gone, total]),
        { ...orders('odd'), name: 'paid' },
        { ...orders('odd'), name: 'refunds' },
        { ...orders('odd'), name: 'notes', reltuples: -1, columns: [] },
      ]);
      stats.tables.sort((a, b) => (a.name < b.name ? -1 : 1));

      const applied = await applyStats(session, stats, 18);

      expect(applied.problems).toEqual([
        { table: 'odd.paid', message: 'the statistics file has a table of this name, but it is a view here' },
        { table: 'odd.refunds', message: 'the statistics file has this table, but the schema here does not' },
        { table: 'odd.orders', message: 'column discount has statistics in the file, but the table here has no such column' },
        { table: 'odd.orders', message: 'PostgreSQL did not accept most_common_vals, most_common_freqs of column total for its type here, numeric(12,2): those were not restored' },
      ]);
      expect(applied.tables).toEqual([
        { table: 'odd.notes', rows: 300, note: 'never vacuumed or analysed in production, so its row count is unknown: the generated rows stay' },
        { table: 'odd.orders', rows: 5_000_000, pages: await pages(session, 'odd.orders') },
      ]);
      const [total_] = await session.query<{ n_distinct: number; correlation: number; most_common_vals: string | null }>(
        "SELECT n_distinct, correlation, most_common_vals::text FROM pg_stats WHERE schemaname = 'odd' AND tablename = 'orders' AND attname = 'total'",
      );
      expect(total_).toEqual({ n_distinct: -1, correlation: 0.7, most_common_vals: null });
      expect(await estimate(session, "SELECT * FROM odd.orders WHERE status = 'shipped'")).toBeCloseTo(50_000, -2);
    });
  });

  it('a file without values keeps the generated most common values and takes the rest from production', async () => {
    await withSchema(session, 'bare', ORDERS('bare'), async () => {
      await seedDatabase(session, { tables: { 'bare.orders': { rows: 5_000 } } });
      const seeded = (await session.query<{ vals: string; freqs: number[] }>(
        "SELECT most_common_vals::text AS vals, most_common_freqs AS freqs FROM pg_stats WHERE schemaname = 'bare' AND attname = 'status'",
      ))[0]!;
      const bare = { ...STATUS, most_common_vals: null, most_common_freqs: null, correlation: -0.3 };

      const applied = await applyStats(session, statsFile([orders('bare', [bare])], false), 18);

      expect(applied.notes).toContainEqual(expect.stringMatching(/^The statistics file has no column values \(exported with --no-values\)/));
      const [after] = await session.query("SELECT most_common_vals::text AS vals, most_common_freqs AS freqs, correlation FROM pg_stats WHERE schemaname = 'bare' AND attname = 'status'");
      expect(after).toEqual({ ...seeded, correlation: -0.3 });
    });
  });

  it('leaves a table it cannot give rows to as it is, and says why', async () => {
    await withSchema(session, 'hollow', ORDERS('hollow'), async () => {
      const applied = await applyStats(session, statsFile([orders('hollow')]), 18);
      expect(applied.problems).toEqual([{ table: 'hollow.orders', message: 'it has no rows here, and the planner estimates an empty table as empty whatever its statistics say' }]);
      expect(applied.tables).toEqual([{ table: 'hollow.orders', rows: 0 }]);
    });
  });
});
