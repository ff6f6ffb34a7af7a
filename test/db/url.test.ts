import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, QUERY_CANCELED, type DatabaseProvider } from '../../src/db/index.js';
import { serviceGate } from './env.js';

const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');
const noCreatedb = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL_NOCREATEDB', '.ci/setup-postgres.sh');

/** A connection of the test's own to the URL's database, to look at the server from outside the provider. */
async function observe<T>(url: string, look: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await look(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(url: string, name: string): Promise<boolean> {
  return observe(url, async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  });
}

/** The message and stack of the error a promise rejects with: everything a user could get to see. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return `${(error as Error).message}\n${(error as Error).stack}`;
  }
  throw new Error('expected a failure');
}

async function currentDatabase(provider: DatabaseProvider): Promise<string> {
  const session = await provider.open();
  try {
    const [row] = await session.query<{ name: string }>('SELECT current_database() AS name');
    return row!.name;
  } finally {
    await session.close();
  }
}

describe.skipIf(server.skip)('url provider', () => {
  let url: string;
  let password: string;
  beforeAll(() => {
    url = server.value();
    password = decodeURIComponent(new URL(url).password);
  });

  it('works in a database of its own, leaves the URL database alone, and drops its database on dispose', async () => {
    const marker = `marker_${randomBytes(4).toString('hex')}`;
    await observe(url, (client) => client.query(`CREATE TABLE ${marker} (note text); INSERT INTO ${marker} VALUES ('kept')`));
    try {
      const { provider, reason } = await openProvider({ kind: 'url', databaseUrl: url, postgresVersion: 15 });
      const database = await currentDatabase(provider);
      expect(database).toMatch(/^sql_preflight_[0-9a-f]+$/);
      expect(database).not.toBe(new URL(url).pathname.slice(1));
      expect(provider.serverVersion.major).toBe(15);
      expect(provider.concurrent).toBe(true);
      expect(reason).toContain(database);
      expect(reason).not.toContain(password);

      const session = await provider.open();
      await session.exec(`CREATE TABLE ${marker} (id int); DROP TABLE ${marker}; CREATE TABLE ${marker} (other int);`);
      await session.close();
      expect(await databaseExists(url, database)).toBe(true);

      await provider.dispose();
      expect(await databaseExists(url, database)).toBe(false);
      await provider.dispose();
      const rows = await observe(url, (client) => client.query(`SELECT note FROM ${marker}`));
      expect(rows.rows).toEqual([{ note: 'kept' }]);
    } finally {
      await observe(url, (client) => client.query(`DROP TABLE IF EXISTS ${marker}`));
    }
  });

  it('drops its database on dispose after a migration failed, with a session still open', async () => {
    const { provider } = await openProvider({ kind: 'url', databaseUrl: url, postgresVersion: 15 });
    const database = await currentDatabase(provider);
    const session = await provider.open();
    await expect(session.exec('BEGIN; CREATE TABLE t (id int); ALTER TABLE missing ADD COLUMN x int;')).rejects.toMatchObject({
      code: '42P01',
    });
    await provider.dispose();
    expect(await databaseExists(url, database)).toBe(false);
  });

  it('cancels a statement that outlives the statement timeout, and the session stays usable', async () => {
    const { provider } = await openProvider({ kind: 'url', databaseUrl: url, postgresVersion: 15, statementTimeoutMs: 300 });
    try {
      const session = await provider.open();
      const started = Date.now();
      await expect(session.query('SELECT pg_sleep(10)')).rejects.toMatchObject({ code: QUERY_CANCELED });
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(await session.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await provider.dispose();
    }
  });

  it.skipIf(noCreatedb.skip)('says the role may not create databases when it lacks CREATEDB', async () => {
    const databaseUrl = noCreatedb.value();
    const message = await failureOf(openProvider({ kind: 'url', databaseUrl, postgresVersion: 15 }));
    expect(message).toMatch(/role "preflight_nocreatedb" may not create databases.*CREATEDB/);
    expect(message).not.toContain(decodeURIComponent(new URL(databaseUrl).password));
  });

  it('does not show the password when it is wrong', async () => {
    const wrong = new URL(url);
    wrong.password = 'Wrong-Pa55word';
    const message = await failureOf(openProvider({ kind: 'url', databaseUrl: wrong.toString(), postgresVersion: 15 }));
    expect(message).toMatch(/password authentication failed/);
    expect(message).not.toContain('Wrong-Pa55word');
    expect(message).not.toContain(password);
  });

  it('drops its database when the process is terminated or exits without disposing', async () => {
    const hold = fileURLToPath(new URL('fixtures/hold-provider.ts', import.meta.url));
    // The kill on timeout keeps a child that ignores SIGTERM from outliving the test.
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', hold, 'url', url, ...args], { timeout: 20_000, killSignal: 'SIGKILL' });
    const { stdout } = await run('exit');
    const database = stdout.trim();
    expect(database).toMatch(/^sql_preflight_/);
    expect(await databaseExists(url, database)).toBe(false);

    const terminated = run();
    const name = await new Promise<string>((resolve) => terminated.child.stdout!.once('data', (data) => resolve(String(data).trim())));
    expect(await databaseExists(url, name)).toBe(true);
    terminated.child.kill('SIGTERM');
    await expect(terminated).rejects.toMatchObject({ signal: 'SIGTERM' });
    expect(await databaseExists(url, name)).toBe(false);
  });
});
