/**
 * How often the canary probes within one transaction. A lock is held until the transaction ends (Table 13.2 of
 * https://www.postgresql.org/docs/15/explicit-locking.html: "Once acquired, a lock is normally held until the
 * end of the transaction"), so a table found blocked for reads and writes stays blocked until COMMIT: the canary
 * asks once, and a later statement of the same transaction reuses the answer. A table blocked for writes only is
 * asked again about reads, since a later statement may take a stronger lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, type DatabaseProvider, type Session } from '../../src/db/index.js';
import { createTracer } from '../../src/trace/index.js';
import { analyze, PROVIDERS } from './support.js';

const EXISTING = `
  CREATE TABLE customers (id int PRIMARY KEY, name text);
  CREATE TABLE orders (id int PRIMARY KEY, customer_id int, total int);
  CREATE TABLE items (id int PRIMARY KEY, order_id int);
`;

/** The probes the canary sent, as (query, waited) pairs, in order. */
interface Probe {
  query: string;
  waited: boolean;
}

/** The provider, with the sessions it opens from now on recording the canary's probes. */
function recording(provider: DatabaseProvider, probes: Probe[]): DatabaseProvider {
  const wrap = (session: Session): Session => ({
    query: (sql, params) => session.query(sql, params),
    async exec(sql) {
      const probe = sql.startsWith('SET LOCAL lock_timeout');
      try {
        const result = await session.exec(sql);
        if (probe) probes.push({ query: sql.replace(/^SET LOCAL lock_timeout = \d+; /, ''), waited: false });
        return result;
      } catch (error) {
        if (probe) probes.push({ query: sql.replace(/^SET LOCAL lock_timeout = \d+; /, ''), waited: (error as { code?: string }).code === '55P03' });
        throw error;
      }
    },
    close: () => session.close(),
  }) as Session;
  return {
    kind: provider.kind,
    serverVersion: provider.serverVersion,
    concurrent: provider.concurrent,
    open: async () => wrap(await provider.open()),
    dispose: () => provider.dispose(),
  } as DatabaseProvider;
}

const servers = PROVIDERS.filter((provider) => provider.kind !== 'pglite');

describe.each(servers)('canary on $kind', (provider) => {
  if (provider.skip) {
    it.skip(`needs the ${provider.kind} provider's env`, () => {});
    return;
  }
  let opened: DatabaseProvider | undefined;
  beforeAll(async () => {
    ({ provider: opened } = await openProvider(provider.options()));
  }, 120_000);
  afterAll(async () => {
    await opened?.dispose();
  });

  it('probes a table blocked for reads and writes once per transaction, and again after COMMIT', async () => {
    const probes: Probe[] = [];
    const session = await opened!.open();
    try {
      await session.exec(EXISTING);
      const tracer = await createTracer(recording(opened!, probes), session, { canaryLockTimeoutMs: 50 });
      try {
        // Runner-wrapped: one transaction. Each statement takes a new lock on another table, which makes the
        // canary probe the tables the transaction holds; orders is blocked from the first statement on.
        const { statements, failure } = await tracer.traceFile(
          analyze(
            `
              ALTER TABLE orders ADD COLUMN note text;
              CREATE INDEX customers_name ON customers (name);
              ALTER TABLE customers ADD COLUMN note text;
              ALTER TABLE items ADD COLUMN note text;
            `,
            'transaction',
          ),
        );
        expect(failure).toBeUndefined();
        const orders = { relation: 'public.orders', reads: true, writes: true };
        expect(statements.map((trace) => trace!.blocked)).toEqual([
          [orders],
          [{ relation: 'public.customers', reads: false, writes: true }, orders],
          [{ relation: 'public.customers', reads: true, writes: true }, orders],
          [{ relation: 'public.customers', reads: true, writes: true }, { relation: 'public.items', reads: true, writes: true }, orders],
        ]);
        const on = (table: string) => probes.filter((probe) => probe.query.endsWith(` public.${table}`));
        // One probe of orders in the whole transaction: its SELECT waited, so its DELETE would too.
        expect(on('orders')).toEqual([{ query: 'EXPLAIN SELECT FROM public.orders', waited: true }]);
        // customers: blocked for writes by SHARE (CREATE INDEX), then asked about reads only, which ACCESS
        // EXCLUSIVE (ADD COLUMN) then blocks; after that it is not probed again.
        expect(on('customers')).toEqual([
          { query: 'EXPLAIN SELECT FROM public.customers', waited: false },
          { query: 'EXPLAIN DELETE FROM public.customers', waited: true },
          { query: 'EXPLAIN SELECT FROM public.customers', waited: true },
        ]);
        expect(on('items')).toEqual([{ query: 'EXPLAIN SELECT FROM public.items', waited: true }]);

        // A new transaction starts over: the earlier one's locks are gone.
        probes.length = 0;
        const next = await tracer.traceFile(analyze('CREATE INDEX orders_total ON orders (total);', 'transaction'));
        expect(next.failure).toBeUndefined();
        expect(next.statements[0]!.blocked).toEqual([{ relation: 'public.orders', reads: false, writes: true }]);
        expect(probes).toEqual([
          { query: 'EXPLAIN SELECT FROM public.orders', waited: false },
          { query: 'EXPLAIN DELETE FROM public.orders', waited: true },
        ]);
      } finally {
        await tracer.close();
      }
    } finally {
      await session.close();
      const cleanup = await opened!.open();
      await cleanup.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      await cleanup.close();
    }
  });
});
