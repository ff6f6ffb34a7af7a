import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, type DatabaseProvider, type Session } from '../../src/db/index.js';
import { discoverQueries, type Query } from '../../src/queries/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/queries/', import.meta.url));

describe('the fixture queries on Postgres', () => {
  let provider: DatabaseProvider;
  let session: Session;
  let queries: Query[];

  beforeAll(async () => {
    ({ provider } = await openProvider({ kind: 'pglite', postgresVersion: 17 }));
    session = await provider.open();
    await session.exec(readFileSync(`${fixtures}db/migrations/001_shop.sql`, 'utf8'));
    queries = (await discoverQueries(fixtures, ['db/queries'])).files.flatMap((f) => f.queries);
  });
  afterAll(async () => {
    await session?.close();
    await provider?.dispose();
  });

  /** The parameter types Postgres infers when it prepares the query. */
  const parameterTypes = async (query: Query, index: number) => {
    await session.exec(`PREPARE q${index} AS ${query.sql}`);
    const [row] = await session.query<{ types: string[] }>('SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = $1', [`q${index}`]);
    return row!.types;
  };

  it('prepares and plans every plannable query, with as many parameters as listed', async () => {
    const planned = queries.filter((q) => q.plannable);
    expect(planned).toHaveLength(16);
    for (const [index, query] of planned.entries()) {
      expect(await parameterTypes(query, index), query.name ?? query.sql).toHaveLength(query.parameters.length);
      await session.exec(`EXPLAIN (GENERIC_PLAN) ${query.sql}`);
    }
  });

  it('types sqlc.slice as one value of the element type, where = ANY takes an array', async () => {
    const byName = new Map(queries.map((q) => [q.name, q]));
    expect(await parameterTypes(byName.get('OrdersInStatuses')!, 100)).toEqual(['text']);
    expect(await parameterTypes(byName.get('OrdersByIDs')!, 101)).toEqual(['bigint[]']);
  });
});
