import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/db/index.js';
import { IndexAdvisor } from '../../src/explain/advise.js';
import { parseExplain, type Explain } from '../../src/plan/model.js';
import { seedDatabase } from '../../src/seed/index.js';
import { PROVIDERS, useProvider } from '../replay/providers.js';

const SCHEMA = `
CREATE SCHEMA advise;
CREATE TABLE advise.regions (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE advise.customers (id bigint PRIMARY KEY, region_id int NOT NULL REFERENCES advise.regions, email text NOT NULL);
CREATE TABLE advise.orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES advise.customers,
  status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'returned')),
  channel int NOT NULL CHECK (channel BETWEEN 1 AND 50),
  warehouse int NOT NULL CHECK (warehouse BETWEEN 1 AND 40),
  total numeric(12, 2) NOT NULL CHECK (total BETWEEN 1 AND 1000),
  placed_at timestamptz NOT NULL
);
CREATE INDEX orders_status_idx ON advise.orders (status);
`;
const TABLES = { 'advise.regions': { rows: 5 }, 'advise.customers': { rows: 2_000 }, 'advise.orders': { rows: 100_000 } };

async function explain(session: Session, sql: string): Promise<Explain> {
  return parseExplain(await session.query(`EXPLAIN (FORMAT JSON) ${sql}`));
}

/** The query's cost with an index of our own, created and dropped inside a rolled-back transaction. */
async function costWith(session: Session, index: string, sql: string): Promise<{ cost: number; bytes: number }> {
  await session.exec('BEGIN');
  try {
    await session.exec(`CREATE INDEX measured_idx ON ${index}`);
    const [size] = await session.query<{ bytes: number }>("SELECT pg_relation_size('advise.measured_idx')::int8 AS bytes");
    return { cost: (await explain(session, sql)).Plan['Total Cost']!, bytes: Number(size!.bytes) };
  } finally {
    await session.exec('ROLLBACK');
  }
}

async function indexes(session: Session): Promise<string[]> {
  const rows = await session.query<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'advise' ORDER BY 1");
  return rows.map((r) => r.name);
}

for (const provider of PROVIDERS) {
  describe.skipIf(provider.skip)(`IndexAdvisor on ${provider.kind}`, () => {
    const db = useProvider(provider);

    beforeAll(async () => {
      await db.withSession(async (session) => {
        await session.exec(SCHEMA);
        const report = await seedDatabase(session, { tables: TABLES, skew: false });
        expect(report.problems).toEqual([]);
      });
    }, 120_000);

    /** Advice for queries on one session; counts how often each query was planned again. */
    async function advise(session: Session, queries: Record<string, string>, options?: ConstructorParameters<typeof IndexAdvisor>[1]) {
      const advisor = new IndexAdvisor(session, options);
      const replans: Record<string, number> = {};
      for (const [key, sql] of Object.entries(queries)) {
        replans[key] = 0;
        advisor.consider(key, await explain(session, sql), async () => {
          replans[key]!++;
          return explain(session, sql);
        });
      }
      return { result: await advisor.run(), replans };
    }

    it('suggests an index on an unfiltered column that at least halves the cost, as measured by creating it', async () => {
      await db.withSession(async (session) => {
        const sql = 'SELECT id, total FROM advise.orders WHERE customer_id = 42';
        const before = (await explain(session, sql)).Plan['Total Cost']!;
        const own = await costWith(session, 'advise.orders (customer_id)', sql);
        const { result } = await advise(session, { byCustomer: sql });
        expect(result.get('byCustomer')).toEqual([
          {
            statement: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON advise.orders (customer_id);',
            table: 'advise.orders',
            columns: ['customer_id'],
            beforeCost: before,
            afterCost: own.cost,
            sizeBytes: own.bytes,
            planLines: expect.arrayContaining([expect.stringMatching(/orders_customer_id_idx/)]),
          },
        ]);
        expect(own.cost).toBeLessThanOrEqual(before / 2);
        expect(await indexes(session)).toEqual(['customers_pkey', 'orders_pkey', 'orders_status_idx', 'regions_pkey']);
      });
    });

    it('suggests nothing for a tiny table or an indexed column, and does not try an index that exists', async () => {
      const INDEXED = "SELECT id FROM advise.orders WHERE status IN ('new', 'paid', 'shipped')";
      await db.withSession(async (session) => {
        const { result, replans } = await advise(session, {
          tiny: "SELECT id FROM advise.regions WHERE name = 'north'",
          indexed: INDEXED,
        });
        expect(result).toEqual(new Map());
        // Three statuses of four: a Seq Scan that filters on status, which orders_status_idx leads with.
        expect((await explain(session, INDEXED)).Plan['Node Type']).toBe('Seq Scan');
        expect(replans.indexed).toBe(0);
        expect(replans.tiny).toBe(1);
      });
    });

    it('suggests a second column only when it halves the cost of the best single-column index again', async () => {
      await db.withSession(async (session) => {
        const pays = 'SELECT id FROM advise.orders WHERE channel = 7 AND warehouse = 3';
        const doesNot = 'SELECT id FROM advise.orders WHERE customer_id = 42 AND total > 5';
        const singles = Math.min(
          (await costWith(session, 'advise.orders (channel)', pays)).cost,
          (await costWith(session, 'advise.orders (warehouse)', pays)).cost,
        );
        const pair = await costWith(session, 'advise.orders (channel, warehouse)', pays);
        const otherPair = await costWith(session, 'advise.orders (warehouse, channel)', pays);
        const single = (await costWith(session, 'advise.orders (customer_id)', doesNot)).cost;
        const widened = (await costWith(session, 'advise.orders (customer_id, total)', doesNot)).cost;
        // The data makes one case of each: channel and warehouse are each unselective and together selective.
        expect(Math.min(pair.cost, otherPair.cost)).toBeLessThanOrEqual(singles / 2);
        expect(widened).toBeGreaterThan(single / 2);

        const { result } = await advise(session, { pays, doesNot });
        const [twoColumns, ...more] = result.get('pays') ?? [];
        expect(more).toEqual([]);
        expect([...twoColumns!.columns].sort()).toEqual(['channel', 'warehouse']);
        expect(twoColumns!.afterCost).toBe(twoColumns!.columns[0] === 'channel' ? pair.cost : otherPair.cost);
        expect(result.get('doesNot')?.map((s) => s.columns)).toEqual([['customer_id']]);
        expect(result.get('doesNot')?.[0]?.afterCost).toBe(single);
        expect(await indexes(session)).toEqual(['customers_pkey', 'orders_pkey', 'orders_status_idx', 'regions_pkey']);
      });
    });

    it('reads the filter of an index scan that throws away most of the rows it fetched (EXPLAIN ANALYZE only)', async () => {
      await db.withSession(async (session) => {
        const sql = "SELECT id FROM advise.orders WHERE status = 'paid' AND customer_id = 42";
        const analyzed = parseExplain(await session.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`));
        // The precondition: orders_status_idx finds a quarter of the orders and the filter keeps a handful.
        expect(analyzed.Plan['Node Type']).toBe('Bitmap Heap Scan');
        expect(analyzed.Plan['Rows Removed by Filter']).toBeGreaterThan(20_000);
        // status leads orders_status_idx already; customer_id alone, and after status, are the candidates.
        const single = (await costWith(session, 'advise.orders (customer_id)', sql)).cost;
        const pair = (await costWith(session, 'advise.orders (status, customer_id)', sql)).cost;
        expect(pair).toBeLessThanOrEqual(single / 2);
        const withFigures = new IndexAdvisor(session);
        withFigures.consider('q', analyzed, () => explain(session, sql));
        expect((await withFigures.run()).get('q')?.map((s) => [s.columns, s.afterCost])).toEqual([[['status', 'customer_id'], pair]]);
        const estimateOnly = new IndexAdvisor(session);
        estimateOnly.consider('q', await explain(session, sql), () => explain(session, sql));
        expect(await estimateOnly.run()).toEqual(new Map());
      });
    });

    it('skips a query whose re-planning fails, and goes on with the others', async () => {
      await db.withSession(async (session) => {
        const sql = 'SELECT id, total FROM advise.orders WHERE customer_id = 42';
        const advisor = new IndexAdvisor(session);
        advisor.consider('broken', await explain(session, sql), () => explain(session, 'SELECT nope FROM advise.orders'));
        advisor.consider('fine', await explain(session, sql), () => explain(session, sql));
        const result = await advisor.run();
        expect([...result.keys()]).toEqual(['fine']);
        expect(await indexes(session)).toEqual(['customers_pkey', 'orders_pkey', 'orders_status_idx', 'regions_pkey']);
      });
    });
  });
}
