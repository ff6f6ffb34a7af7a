import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProvider, QUERY_CANCELED, type DatabaseProvider } from '../../src/db/index.js';
import { serviceGate } from './env.js';

const image = serviceGate('SQL_PREFLIGHT_TEST_POSTGRES_IMAGE', '.ci/setup-docker.sh');

/** A local TCP port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('docker provider without an engine', () => {
  let saved: string | undefined;
  beforeAll(async () => {
    saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `tcp://127.0.0.1:${await closedPort()}`;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it('says that no engine answered and what to do instead', async () => {
    await expect(openProvider({ kind: 'docker', postgresVersion: 15 })).rejects.toThrow(
      `no Docker engine answered at ${process.env.DOCKER_HOST}; start Docker or use --db pglite`,
    );
  });

  it('falls back to PGlite in auto mode, and says why', async () => {
    const { provider, reason } = await openProvider({ kind: 'auto', postgresVersion: 15 });
    await provider.dispose();
    expect(provider.kind).toBe('pglite');
    expect(reason).toMatch(/^no Docker engine answered at tcp:\/\/127\.0\.0\.1:\d+, so PGlite/);
  });
});

describe.skipIf(image.skip)('docker provider', () => {
  let postgresImage: string;
  let provider: DatabaseProvider;
  const containers = () =>
    execFileSync('docker', ['ps', '--all', '--quiet', '--filter', `ancestor=${postgresImage}`], { encoding: 'utf8' }).trim();

  beforeAll(async () => {
    postgresImage = image.value();
    ({ provider } = await openProvider({ kind: 'docker', postgresImage, postgresVersion: 15, statementTimeoutMs: 500 }));
  });
  afterAll(async () => {
    await provider?.dispose();
  });

  it("runs the image's PostgreSQL with more than one connection", async () => {
    expect(provider.kind).toBe('docker');
    expect(provider.serverVersion.major).toBe(15);
    expect(provider.concurrent).toBe(true);
    const [first, second] = [await provider.open(), await provider.open()];
    const pids = [await first.query('SELECT pg_backend_pid() AS pid'), await second.query('SELECT pg_backend_pid() AS pid')];
    expect(pids[0]).not.toEqual(pids[1]);
    await Promise.all([first.close(), second.close()]);
  });

  it('runs a migration file as one multi-statement query', async () => {
    const session = await provider.open();
    try {
      await session.exec(`
        CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);
        INSERT INTO orders VALUES (1, 10), (2, 20);
        CREATE INDEX orders_total ON orders (total);
      `);
      expect(await session.query('SELECT count(*) AS n FROM orders WHERE total > $1', [15])).toEqual([{ n: 1 }]);
    } finally {
      await session.close();
    }
  });

  it('cancels a statement that outlives the statement timeout', async () => {
    const session = await provider.open();
    try {
      const started = Date.now();
      await expect(session.query('SELECT pg_sleep(10)')).rejects.toMatchObject({ code: QUERY_CANCELED });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await session.close();
    }
  });

  it('says when the image is neither local nor pullable', async () => {
    await expect(
      openProvider({ kind: 'docker', postgresImage: 'sql-preflight/no-such-image:1', postgresVersion: 15 }),
    ).rejects.toThrow(/^the image sql-preflight\/no-such-image:1 is not available locally and could not be pulled: /);
  });

  it('removes the container on dispose, and a second dispose is fine', async () => {
    expect(containers()).not.toBe('');
    await provider.dispose();
    await provider.dispose();
    expect(containers()).toBe('');
  });

  it('removes the container when the process exits without disposing', async () => {
    const hold = fileURLToPath(new URL('fixtures/hold-provider.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', hold, 'docker', postgresImage, 'exit'],
      { timeout: 20_000, killSignal: 'SIGKILL' },
    );
    expect(stdout).toMatch(/^sql_preflight_/);
    expect(containers()).toBe('');
  });
});
