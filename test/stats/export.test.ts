import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, type DatabaseProvider, type Session } from '../../src/db/index.js';
import { exportStats, formatStatsFile, type StatsFile } from '../../src/stats/index.js';
import { SHOP, STATUS, TAGS, validateStatsFile } from './shop.js';

describe('exportStats (PGlite)', () => {
  let provider: DatabaseProvider;
  let session: Session;
  beforeAll(async () => {
    ({ provider } = await openProvider({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 60_000 }));
    session = await provider.open();
    await session.exec(SHOP);
    await session.query('ANALYZE');
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await provider?.dispose();
  });

  it('reads the sizes and column statistics of tables, partitions and materialized views', async () => {
    const stats = await exportStats(session, { schemas: ['shop'] });

    expect(stats).toMatchObject({ version: 1, with_values: true, source: { server_version_num: expect.any(Number) } });
    expect(Math.floor(stats.source.server_version_num / 10_000)).toBe(provider.serverVersion.major);
    expect(Date.now() - Date.parse(stats.exported_at)).toBeLessThan(60_000);
    expect(stats.tables.map((t) => [t.name, t.kind, t.partition_of, t.reltuples])).toEqual([
      ['events', 'partitioned', null, 1_000],
      ['events_2024', 'table', { schema: 'shop', name: 'events' }, 1_000],
      ['orders', 'table', null, 10_000],
      ['statuses', 'matview', null, 2],
    ]);
    const orders = stats.tables.find((t) => t.name === 'orders')!;
    expect(orders.relpages).toBe(Number((await session.query<{ pages: number }>("SELECT (pg_relation_size('shop.orders') / 8192)::int4 AS pages"))[0]!.pages));
    expect(orders.columns.map((c) => c.name)).toEqual(['id', 'placed', 'status', 'tags']);
    expect(orders.columns.find((c) => c.name === 'status')).toMatchObject(STATUS);
    expect(orders.columns.find((c) => c.name === 'tags')).toMatchObject(TAGS);
    expect(orders.columns.find((c) => c.name === 'placed')).toMatchObject({ n_distinct: 100 });
    // A partitioned table has statistics over its partitions only.
    expect(stats.tables[0]!.columns.map((c) => [c.name, c.inherited])).toEqual([['at', true], ['id', true]]);
  });

  it('writes a file that validates against schemas/stats.schema.json, the same on every export', async () => {
    const first = await exportStats(session);
    const second = await exportStats(session);
    expect(validateStatsFile(JSON.parse(formatStatsFile(first))), JSON.stringify(validateStatsFile.errors)).toBe(true);
    expect({ ...second, exported_at: first.exported_at }).toEqual(first);
    expect(first.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['other.ignored', 'shop.events', 'shop.events_2024', 'shop.orders', 'shop.statuses']);
  });

  it('--no-values leaves out every statistic that holds column values', async () => {
    const stats: StatsFile = await exportStats(session, { schemas: ['shop'], withValues: false });
    const text = formatStatsFile(stats);
    expect(validateStatsFile(JSON.parse(text))).toBe(true);
    expect(stats.with_values).toBe(false);
    for (const value of ['{common', 'rare', '2024-', '{x}']) expect(text).not.toContain(value);
    const status = stats.tables.find((t) => t.name === 'orders')!.columns.find((c) => c.name === 'status');
    expect(status).toEqual({ ...STATUS, most_common_vals: null, most_common_freqs: null, avg_width: expect.any(Number), correlation: expect.any(Number), most_common_elems: null, most_common_elem_freqs: null, elem_count_histogram: null });
  });

  it('writes values in ISO format whatever the session uses, and leaves its settings and no transaction behind', async () => {
    await session.exec("SET DateStyle = 'SQL, DMY'; SET TimeZone = 'America/New_York';");
    try {
      const stats = await exportStats(session, { schemas: ['shop'] });
      const placed = stats.tables.find((t) => t.name === 'orders')!.columns.find((c) => c.name === 'placed')!;
      expect(placed.most_common_vals).toMatch(/^\{2024-01-01,2024-01-02,/);
      const [row] = await session.query("SELECT current_setting('DateStyle') AS datestyle, current_setting('TimeZone') AS zone");
      expect(row).toEqual({ datestyle: 'SQL, DMY', zone: 'America/New_York' });
      await session.exec('CREATE TABLE shop.after_export (id integer); DROP TABLE shop.after_export;');
    } finally {
      await session.exec('RESET DateStyle; RESET TimeZone;');
    }
  });
});
