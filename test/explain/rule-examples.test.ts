import { PGlite } from '@electric-sql/pglite';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../../src/core/parse.js';
import type { Session } from '../../src/db/index.js';
import { IndexAdvisor } from '../../src/explain/advise.js';
import { comparePlans, findBreakingStatement } from '../../src/explain/compare.js';
import { parseExplain, type Explain } from '../../src/plan/model.js';
import indexSuggestion from '../../src/rules/index-suggestion.js';
import planRegression from '../../src/rules/plan-regression.js';
import queryBrokenByChange from '../../src/rules/query-broken-by-change.js';
import queryPlanFailed from '../../src/rules/query-plan-failed.js';
import { planQuery } from '../../src/explain/plan.js';
import { readQueryFile } from '../../src/queries/index.js';

// The explain phase's rules show their examples on their docs pages; this runs them on PGlite (PostgreSQL 18) the
// way the phase would, so that the pages do not claim what the code does not do.

function statements(sql: string) {
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const bytes = Buffer.from(sql, 'utf8');
  return parsed.statements.map((s) => ({ sql: bytes.subarray(s.range.start, s.range.end).toString('utf8'), stmt: { [s.type]: s.node } }));
}

/** A fresh database with the example's tables; one statement at a time, as VACUUM cannot run in a transaction. */
async function database(existing: string): Promise<{ db: PGlite; session: Session }> {
  const db = await PGlite.create();
  for (const s of statements(existing)) await db.exec(s.sql);
  const session: Session = {
    query: async (sql, params) => (await db.query(sql, params)).rows as never,
    exec: async (sql) => void (await db.exec(sql)),
    close: () => db.close(),
  };
  return { db, session };
}

/** The query the examples name in a comment of `existing`. */
function exampleQuery(existing: string): string {
  return /^-- (SELECT .*)$/m.exec(existing)![1]!;
}

/** A generic plan, sent as a simple query: the examples' queries have `$1` and no values for it. */
async function plan(db: PGlite, query: string): Promise<Explain> {
  const [result] = await db.exec(`EXPLAIN (GENERIC_PLAN, FORMAT JSON) ${query}`);
  return parseExplain(result!.rows);
}

beforeAll(loadParser);

describe('query-broken-by-change examples', () => {
  const { existing, bad, good } = queryBrokenByChange.meta.examples;
  const query = exampleQuery(existing!);

  it.each(bad.map((sql, i) => [i + 1, sql]))('bad example %i breaks the query and is found as the cause', async (_, migration) => {
    const { db } = await database(existing!);
    await plan(db, query);
    const change = statements(migration).map((s, index) => ({ file: 'change.sql', index, stmt: s.stmt }));
    for (const s of statements(migration)) await db.exec(s.sql);
    const error = await plan(db, query).then(() => undefined, (e: Error) => e.message);
    expect(error).toBeDefined();
    expect(findBreakingStatement(error!, change)).toEqual({ file: 'change.sql', index: 0 });
    await db.close();
  });

  it.each(good.map((sql, i) => [i + 1, sql]))('good example %i leaves the query working', async (_, migration) => {
    const { db } = await database(existing!);
    for (const s of statements(migration)) await db.exec(s.sql);
    await expect(plan(db, query)).resolves.toBeDefined();
    await db.close();
  });
});

describe('plan-regression examples', () => {
  const { existing, bad, good } = planRegression.meta.examples;
  const query = exampleQuery(existing!);
  const cases = [...bad.map((sql) => [sql, true] as const), ...good.map((sql) => [sql, false] as const)];

  it.each(cases)('%s: reported %s', async (migration, reported) => {
    const { db } = await database(existing!);
    const base = await plan(db, query);
    for (const s of statements(migration)) await db.exec(s.sql);
    const regressions = comparePlans(base, await plan(db, query), planRegression.meta.defaultOptions);
    expect(regressions.length > 0).toBe(reported);
    await db.close();
  });
});

describe('index-suggestion examples', () => {
  const { existing, bad, good } = indexSuggestion.meta.examples;
  const cases = [...bad.map((sql) => [sql, true] as const), ...good.map((sql) => [sql, false] as const)];

  it.each(cases)('%s: suggested %s', async (query, suggested) => {
    const { db, session } = await database(existing!);
    const advisor = new IndexAdvisor(session);
    advisor.consider('query', await plan(db, query), () => plan(db, query));
    expect((await advisor.run()).has('query')).toBe(suggested);
    await db.close();
  });
});

describe('query-plan-failed examples', () => {
  const { existing, bad, good } = queryPlanFailed.meta.examples;
  const cases = [...bad.map((sql) => [sql, 'failed'] as const), ...good.map((sql) => [sql, 'planned'] as const)];

  it.each(cases)('%s: %s', async (sql, status) => {
    const { db, session } = await database(existing!);
    const [query] = readQueryFile('queries/orders.sql', sql);
    expect((await planQuery(session, query!, { serverMajor: 18 })).status).toBe(status);
    await db.close();
  });
});
