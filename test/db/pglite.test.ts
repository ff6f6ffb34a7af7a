import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, ProviderError, QUERY_CANCELED, type DatabaseProvider } from '../../src/db/index.js';

describe('pglite provider', () => {
  let provider: DatabaseProvider;
  let reason: string;

  beforeAll(async () => {
    ({ provider, reason } = await openProvider({ kind: 'pglite', postgresVersion: 15 }));
  });
  afterAll(() => provider.dispose());

  it('runs PostgreSQL 18 on a single connection', () => {
    expect(provider.kind).toBe('pglite');
    expect(provider.serverVersion.major).toBe(18);
    expect(provider.serverVersion.full).toMatch(/^18\.\d+/);
    expect(provider.concurrent).toBe(false);
    expect(reason).toMatch(/PGlite \(PostgreSQL 18\.\d+ in WebAssembly\)/);
  });

  it('runs a migration file as one multi-statement query, then queries with parameters', async () => {
    const session = await provider.open();
    try {
      await session.exec(`
        CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
        INSERT INTO accounts VALUES (1, 'a@example.com'), (2, 'b@example.com');
        CREATE INDEX accounts_email ON accounts (email);
      `);
      const rows = await session.query<{ id: number; email: string; total: number }>(
        'SELECT id, email, count(*) OVER () AS total FROM accounts WHERE id >= $1 ORDER BY id',
        [2],
      );
      expect(rows).toEqual([{ id: 2, email: 'b@example.com', total: 1 }]);
    } finally {
      await session.close();
    }
  });

  it('reports a failing statement with its SQLSTATE and rolls the whole file back, as Postgres does', async () => {
    const session = await provider.open();
    try {
      const failure = session.exec('CREATE TABLE half_done (id int); SELECT 1 / 0;');
      await expect(failure).rejects.toMatchObject({ message: 'division by zero', code: '22012' });
      expect(await session.query("SELECT to_regclass('half_done') AS t")).toEqual([{ t: null }]);
    } finally {
      await session.close();
    }
  });

  it("shows the session's own locks in pg_locks", async () => {
    const session = await provider.open();
    try {
      await session.exec('CREATE TABLE locked (id int)');
      await session.exec('BEGIN; ALTER TABLE locked ADD COLUMN note text');
      const locks = await session.query<{ mode: string }>(
        "SELECT mode FROM pg_locks WHERE relation = 'locked'::regclass AND pid = pg_backend_pid()",
      );
      expect(locks.map((lock) => lock.mode)).toContain('AccessExclusiveLock');
    } finally {
      await session.close();
    }
  });

  it('has one session at a time, and the next one starts clean', async () => {
    const first = await provider.open();
    await expect(provider.open()).rejects.toThrow(/single connection/);
    await first.exec('BEGIN; CREATE TABLE uncommitted (id int)');
    await first.close();
    await expect(first.query('SELECT 1')).rejects.toThrow(/closed/);

    const second = await provider.open();
    try {
      expect(await second.query("SELECT to_regclass('uncommitted') AS t")).toEqual([{ t: null }]);
    } finally {
      await second.close();
    }
  });
});

describe('pglite statement timeout', () => {
  it('cancels a statement that outlives it, with the SQLSTATE Postgres uses, and discards the database', async () => {
    const { provider } = await openProvider({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 300 });
    try {
      const session = await provider.open();
      const started = Date.now();
      await expect(session.query('SELECT pg_sleep(10)')).rejects.toMatchObject({
        code: QUERY_CANCELED,
        message: expect.stringMatching(/statement timeout/),
      });
      expect(Date.now() - started).toBeLessThan(3_000);
      await expect(session.query('SELECT 1')).rejects.toThrow(ProviderError);
      await expect(provider.open()).rejects.toThrow(/discarded after a statement timed out/);
    } finally {
      await provider.dispose();
      await provider.dispose();
    }
  });
});
