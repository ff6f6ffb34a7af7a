import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../../src/core/parse.js';
import { openProvider, ProviderError, type Session } from '../../src/db/index.js';
import { planQuery, type QueryPlan } from '../../src/explain/index.js';
import { parameterSources } from '../../src/explain/params.js';
import { parseExplain, type Explain } from '../../src/plan/model.js';
import { walkPlan } from '../../src/plan/walk.js';
import { readQueryFile } from '../../src/queries/read.js';
import type { Query } from '../../src/queries/types.js';
import { seedDatabase } from '../../src/seed/index.js';
import { PROVIDERS, useProvider } from '../replay/providers.js';

const SCHEMA = `
CREATE SCHEMA plan_test;
CREATE TABLE plan_test.customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE plan_test.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES plan_test.customers,
  status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped')),
  total numeric(10, 2) NOT NULL CHECK (total BETWEEN 1 AND 500)
);
CREATE INDEX orders_customer_idx ON plan_test.orders (customer_id);
CREATE TABLE plan_test.events (id bigint NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE plan_test.events_eu PARTITION OF plan_test.events FOR VALUES IN ('eu');
CREATE TABLE plan_test.events_us PARTITION OF plan_test.events FOR VALUES IN ('us');
`;
const TABLES = { 'plan_test.customers': { rows: 200 }, 'plan_test.orders': { rows: 3_000 }, 'plan_test.events': { rows: 1_000 } };

/** The first query of a query file's text (call loadParser first). */
function queryOf(text: string): Query {
  return readQueryFile('queries/plan.sql', text)[0]!;
}

function planned(plan: QueryPlan): Extract<QueryPlan, { status: 'planned' }> {
  if (plan.status !== 'planned') throw new Error(`expected a plan, got ${JSON.stringify(plan)}`);
  return plan;
}

/** Every condition and node name of the plan, for assertions that do not depend on the plan's shape. */
function nodes(explain: Explain) {
  return walkPlan(explain.Plan).map((v) => v.node);
}

/** Rows of the test tables, so that a rolled-back change shows as no change. */
async function snapshot(session: Session): Promise<unknown> {
  return session.query(
    `SELECT (SELECT count(*) FROM plan_test.orders) AS orders, (SELECT sum(hashtext(o::text)) FROM plan_test.orders o) AS orders_hash,
            (SELECT count(*) FROM plan_test.customers) AS customers, (SELECT sum(hashtext(c::text)) FROM plan_test.customers c) AS customers_hash`,
  );
}

/** How a session must look after planQuery, whatever happened: checked with Postgres' own views and errors. */
async function expectClean(session: Session, planCacheMode: string): Promise<void> {
  expect(await session.query('SELECT name FROM pg_prepared_statements')).toEqual([]);
  const [settings] = await session.query<{ mode: string; handoff: string | null }>(
    "SELECT current_setting('plan_cache_mode') AS mode, nullif(current_setting('sql_preflight.plan', true), '') AS handoff",
  );
  expect(settings).toEqual({ mode: planCacheMode, handoff: null });
  // Outside a transaction block SAVEPOINT is an error of its own; inside a failed one it would be 25P02.
  await expect(session.exec('SAVEPOINT probe')).rejects.toMatchObject({ code: '25P01' });
}

describe('parameterSources', () => {
  beforeAll(loadParser);
  const column = (tables: string[], name: string, array = false) => ({ kind: 'column', tables, column: name, array });

  it.each([
    {
      case: 'comparisons, IN, BETWEEN and LIKE, with casts, on either side',
      sql: 'SELECT 1 FROM s.orders o WHERE o.customer_id = $1::bigint AND $2 < total AND status IN ($3, $4) AND placed BETWEEN $5 AND $6 AND note LIKE $7',
      expected: { 1: column(['"s"."orders"'], 'customer_id'), 2: column(['"s"."orders"'], 'total'), 3: column(['"s"."orders"'], 'status'), 4: column(['"s"."orders"'], 'status'), 5: column(['"s"."orders"'], 'placed'), 6: column(['"s"."orders"'], 'placed'), 7: column(['"s"."orders"'], 'note') },
    },
    {
      case: 'an array compared with = ANY, LIMIT and OFFSET',
      sql: 'SELECT id FROM orders WHERE id = ANY($1::bigint[]) ORDER BY id LIMIT $2 OFFSET $3',
      expected: { 1: column(['"orders"'], 'id', true), 2: { kind: 'limit' }, 3: { kind: 'offset' } },
    },
    {
      case: 'a qualified column by its alias, a bare one by every table, a CTE is no table',
      sql: 'WITH recent AS (SELECT 1 AS id) SELECT 1 FROM orders o JOIN "Customers" c ON c.id = o.customer_id JOIN recent r ON r.id = o.id WHERE c.email = $1 AND region = $2 AND r.id = $3',
      expected: { 1: column(['"Customers"'], 'email'), 2: column(['"orders"', '"Customers"'], 'region') },
    },
    {
      case: 'INSERT values and ON CONFLICT assignments',
      sql: 'INSERT INTO orders (customer_id, status) VALUES ($1, $2), ($3, now()::text) ON CONFLICT (id) DO UPDATE SET note = $4',
      expected: { 1: column(['"orders"'], 'customer_id'), 2: column(['"orders"'], 'status'), 3: column(['"orders"'], 'customer_id'), 4: column(['"orders"'], 'note') },
    },
    {
      case: 'UPDATE assignments before the WHERE, and DELETE through its table',
      sql: "UPDATE orders SET status = $1, shipped = CASE WHEN $1 = 'shipped' THEN now() END WHERE id = $2",
      expected: { 1: column(['"orders"'], 'status'), 2: column(['"orders"'], 'id') },
    },
    {
      case: 'a parameter inside a function call or a subquery is not the outer column',
      sql: 'DELETE FROM orders WHERE placed < now() - make_interval(days => $1) AND customer_id = (SELECT max(id) FROM customers WHERE email = $2)',
      expected: { 2: column(['"orders"', '"customers"'], 'email') },
    },
  ])('reads $case', ({ sql, expected }) => {
    expect(Object.fromEntries(parameterSources(sql))).toEqual(expected);
  });
});

for (const provider of PROVIDERS) {
  describe.skipIf(provider.skip)(`planQuery on ${provider.kind}`, () => {
    const db = useProvider(provider);

    beforeAll(async () => {
      await loadParser();
      await db.withSession(async (session) => {
        await session.exec(SCHEMA);
        const report = await seedDatabase(session, { tables: TABLES });
        expect(report.problems).toEqual([]);
      });
    }, 120_000);

    // The server's own path, and on PGlite (PostgreSQL 18) also the one for servers before 16.
    const paths = provider.kind === 'pglite' ? (['server', 'before 16'] as const) : (['server'] as const);
    for (const path of paths) {
      describe(`with the ${path} planner path`, () => {
        const serverMajor = () => (path === 'server' ? db.get().serverVersion.major : 15);

        it('plans a query without parameters as EXPLAIN plans it', async () => {
          await db.withSession(async (session) => {
            const sql = "SELECT id, total FROM plan_test.orders WHERE status = 'paid' ORDER BY total DESC";
            const plan = planned(await planQuery(session, queryOf(`${sql};`), { serverMajor: serverMajor() }));
            const direct = parseExplain(await session.query(`EXPLAIN (VERBOSE, SETTINGS, FORMAT JSON) ${sql}`));
            expect(plan).toEqual({ status: 'planned', explain: direct, generic: false, analyzed: false });
          });
        });

        it('plans a sqlc query with named parameters as a generic plan, with $n in its conditions', async () => {
          await db.withSession(async (session) => {
            const query = queryOf(`-- name: OrdersOfCustomer :many
SELECT id, total FROM plan_test.orders WHERE customer_id = @customer_id AND status = sqlc.arg(status);`);
            expect(query.sql).toBe('SELECT id, total FROM plan_test.orders WHERE customer_id = $1 AND status = $2');
            const plan = planned(await planQuery(session, query, { serverMajor: serverMajor() }));
            expect(plan).toMatchObject({ generic: true, analyzed: false });
            expect(plan.params).toBeUndefined();
            const conditions = nodes(plan.explain).flatMap((n) => [n['Index Cond'], n['Recheck Cond'], n.Filter].filter((c) => c !== undefined));
            expect(conditions.join(' ')).toMatch(/customer_id = \$1/);
            expect(conditions.join(' ')).toMatch(/status = \$2/);
            expect(nodes(plan.explain).some((n) => n['Index Name'] === 'orders_customer_idx')).toBe(true);
            // plan_cache_mode is how the pre-16 plan was made, not a setting of the application's.
            expect(plan.explain.Settings?.plan_cache_mode).toBeUndefined();
          });
        });

        it.each([
          {
            case: 'a missing column, without parameters',
            sql: "SELECT 'café €' AS label, missing_col FROM plan_test.orders",
            at: 'missing_col',
            code: '42703',
            message: /column "missing_col" does not exist/,
          },
          {
            case: 'a missing column, with a parameter',
            sql: "SELECT 'café €' AS label, missing_col FROM plan_test.orders WHERE id = $1",
            at: 'missing_col',
            code: '42703',
            message: /column "missing_col" does not exist/,
          },
          {
            case: 'a parameter Postgres cannot type',
            sql: "SELECT id FROM plan_test.orders WHERE status = 'né' OR $1 IS NULL",
            at: '$1',
            code: '42P18',
            message: /^PostgreSQL cannot infer the type of parameter \$1 from the query: add a cast where it is used, such as \$1::<type>\.$/,
          },
          {
            case: 'parameters only an operator between them could type',
            sql: "SELECT 'né' AS label, $1 + $2 AS sum",
            at: '+',
            code: '42725',
            message: /^operator is not unique: unknown \+ unknown\. .*add explicit type casts\.$/,
          },
        ])('fails on $case, at its byte offset in the query', async ({ sql, at, code, message }) => {
          await db.withSession(async (session) => {
            const query = queryOf(`${sql};`);
            const plan = await planQuery(session, query, { serverMajor: serverMajor() });
            expect(plan).toEqual({ status: 'failed', message: expect.stringMatching(message), code, position: Buffer.byteLength(sql.slice(0, sql.indexOf(at))) });
            await expectClean(session, 'auto');
          });
        });

        it('names a sqlc parameter Postgres cannot type by its name', async () => {
          await db.withSession(async (session) => {
            const query = queryOf(`-- name: Flagged :many
SELECT id FROM plan_test.orders WHERE @flag IS NULL;`);
            const plan = await planQuery(session, query, { serverMajor: serverMajor() });
            expect(plan).toEqual({
              status: 'failed',
              message: 'PostgreSQL cannot infer the type of parameter @flag ($1) from the query: add a cast where it is used, such as @flag::<type>.',
              code: '42P18',
              position: query.sql.indexOf('$1'),
            });
          });
        });

        it('skips a utility statement with its reason, and fails a query that does not parse without asking the database', async () => {
          await db.withSession(async (session) => {
            const utility = queryOf('CREATE INDEX ON plan_test.orders (total);');
            expect(await planQuery(session, utility, { serverMajor: serverMajor() })).toEqual({ status: 'skipped', reason: utility.skipReason });
            expect(utility.skipReason).toMatch(/^CREATE is not a query EXPLAIN can plan/);
            const broken = queryOf('SELEC id FROM plan_test.orders;');
            expect(await planQuery(session, broken, { serverMajor: serverMajor() })).toEqual({ status: 'failed', message: broken.problem!.message });
          });
        });

        it('analyzes a SELECT with parameter values drawn from the data, and a LIMIT of a page', async () => {
          await db.withSession(async (session) => {
            const query = queryOf('SELECT id FROM plan_test.orders o WHERE o.customer_id = $1 AND status IN ($2) ORDER BY id LIMIT $3;');
            const plan = planned(await planQuery(session, query, { serverMajor: serverMajor(), analyze: true }));
            expect(plan).toMatchObject({ generic: false, analyzed: true });
            const [customer, status, limit] = plan.params!;
            const [found] = await session.query<{ orders: number }>('SELECT count(*)::int AS orders FROM plan_test.orders WHERE customer_id = $1::bigint AND status = $2', [customer, status]);
            expect(found!.orders).toBeGreaterThan(0);
            expect(limit).toBe('10');
            expect(plan.explain.Plan['Actual Rows']).toBe(Math.min(10, found!.orders));
            expect(plan.explain['Execution Time']).toBeGreaterThan(0);
            await expectClean(session, 'auto');
          });
        });

        it.each([
          { statement: 'DELETE', sql: 'DELETE FROM plan_test.orders WHERE customer_id = $1' },
          { statement: 'UPDATE', sql: 'UPDATE plan_test.orders SET status = $1 WHERE customer_id = $2' },
          { statement: 'INSERT', sql: 'INSERT INTO plan_test.orders (customer_id, status, total) VALUES ($1, $2, $3)' },
        ])('analyzes $statement and leaves every row as it was', async ({ sql }) => {
          await db.withSession(async (session) => {
            const before = await snapshot(session);
            const plan = planned(await planQuery(session, queryOf(`${sql};`), { serverMajor: serverMajor(), analyze: true }));
            expect(plan.analyzed).toBe(true);
            // The statement changed rows before it was rolled back: the sample values matched the data.
            const changed = nodes(plan.explain).find((n) => n['Node Type'] === 'ModifyTable')!;
            expect(walkPlan(changed).some((v) => v.node !== changed && (v.node['Actual Rows'] ?? 0) > 0)).toBe(true);
            expect(await snapshot(session)).toEqual(before);
            await expectClean(session, 'auto');
          });
        });

        it('reports the generic plan when the sample values break a constraint (an INSERT of a key that exists)', async () => {
          await db.withSession(async (session) => {
            const before = await snapshot(session);
            const query = queryOf('INSERT INTO plan_test.customers (id, email) VALUES ($1, $2);');
            const plan = planned(await planQuery(session, query, { serverMajor: serverMajor(), analyze: true }));
            expect(plan).toMatchObject({ generic: true, analyzed: false });
            expect(plan.explain.Plan['Node Type']).toBe('ModifyTable');
            expect(await snapshot(session)).toEqual(before);
            await expectClean(session, 'auto');
          });
        });

        it('leaves plan_cache_mode as the session had it, after plans and failures', async () => {
          await db.withSession(async (session) => {
            await session.exec('SET plan_cache_mode = force_custom_plan');
            for (const sql of ['SELECT id FROM plan_test.orders WHERE id = $1;', 'SELECT nope FROM plan_test.orders WHERE id = $1;']) {
              for (const analyze of [false, true]) await planQuery(session, queryOf(sql), { serverMajor: serverMajor(), analyze });
            }
            await expectClean(session, 'force_custom_plan');
          });
        });

        it("works inside the caller's transaction: a failing query leaves it usable, and nothing is committed or rolled back", async () => {
          await db.withSession(async (session) => {
            await session.exec('BEGIN');
            await session.exec('CREATE TABLE plan_test.marker ()');
            await session.exec('SET LOCAL plan_cache_mode = force_custom_plan');
            const failing = await planQuery(session, queryOf('SELECT nope FROM plan_test.orders WHERE id = $1;'), { serverMajor: serverMajor() });
            expect(failing).toMatchObject({ status: 'failed', code: '42703' });
            const succeeding = planned(await planQuery(session, queryOf('SELECT id FROM plan_test.orders WHERE id = $1;'), { serverMajor: serverMajor() }));
            expect(succeeding.generic).toBe(true);
            const before = await snapshot(session);
            planned(await planQuery(session, queryOf('DELETE FROM plan_test.orders WHERE customer_id = $1;'), { serverMajor: serverMajor(), analyze: true }));
            expect(await snapshot(session)).toEqual(before);
            // Still the caller's transaction, not aborted, with its own settings.
            const [inside] = await session.query<{ marker: string | null; mode: string }>(
              "SELECT to_regclass('plan_test.marker')::text AS marker, current_setting('plan_cache_mode') AS mode",
            );
            expect(inside).toEqual({ marker: 'plan_test.marker', mode: 'force_custom_plan' });
            expect(await session.query('SELECT name FROM pg_prepared_statements')).toEqual([]);
            await session.exec('ROLLBACK');
            const [after] = await session.query<{ marker: string | null }>("SELECT to_regclass('plan_test.marker')::text AS marker");
            expect(after!.marker).toBeNull();
            await expectClean(session, 'auto');
          });
        });
      });
    }

    it('keeps every partition in the generic plan of a partitioned table from PostgreSQL 16 on', async ({ skip }) => {
      if (db.get().serverVersion.major < 16) skip('before 16, EXECUTE with NULLs prunes every partition at executor start-up');
      await db.withSession(async (session) => {
        const query = queryOf('SELECT id FROM plan_test.events WHERE region = $1 AND id > $2;');
        const plan = planned(await planQuery(session, query, { serverMajor: db.get().serverVersion.major }));
        const scanned = nodes(plan.explain).map((n) => n['Relation Name']).filter((name) => name !== undefined);
        expect(scanned.sort()).toEqual(['events_eu', 'events_us']);
      });
    });

    it.skipIf(provider.kind === 'pglite')('fails a query canceled at the statement timeout, naming the timeout', async () => {
      await db.withSession(async (session) => {
        const [row] = await session.query<{ timeout: string }>("SELECT current_setting('statement_timeout') AS timeout");
        const plan = await planQuery(session, queryOf('SELECT pg_sleep(30);'), { serverMajor: db.get().serverVersion.major, analyze: true });
        expect(plan).toEqual({
          status: 'failed',
          message: `Running the query took longer than the statement timeout (${row!.timeout}), so PostgreSQL canceled it.`,
          code: '57014',
        });
        await expectClean(session, 'auto');
      });
    });
  });
}

describe('planQuery on PGlite at the statement timeout', () => {
  it('throws the ProviderError: PGlite cannot cancel a statement, so the database is gone', async () => {
    await loadParser();
    const { provider } = await openProvider({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 1_000 });
    try {
      const session = await provider.open();
      await expect(planQuery(session, queryOf('SELECT pg_sleep(30);'), { serverMajor: 18, analyze: true })).rejects.toBeInstanceOf(ProviderError);
    } finally {
      await provider.dispose();
    }
  }, 60_000);
});
