import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/types.js';
import { openProvider, ProviderError } from '../../src/db/index.js';
import { run, type RunOptions } from '../../src/run.js';
import { serviceGate } from '../db/env.js';
import { PROVIDERS } from '../replay/providers.js';
import { checkOnDatabase, type Migrations } from './database-check.js';

const image = serviceGate('SQL_PREFLIGHT_TEST_POSTGRES_IMAGE', '.ci/setup-docker.sh');
const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');

const EXISTING = { '001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n' };
// explicit-locking.html, Table 13.2: CREATE INDEX (without CONCURRENTLY) takes SHARE on the table, which the
// trace reports; require-concurrent-index-creation reports it without a database.
const INDEX = { '101_status_index.sql': 'CREATE INDEX orders_status_idx ON orders (status);\n' };
const INDEX_LOCK = { relation: 'public.orders', mode: 'ShareLock' };
// ALTER TABLE ... ADD COLUMN takes ACCESS EXCLUSIVE (explicit-locking.html).
const ADD_COLUMN = { relation: 'public.orders', mode: 'AccessExclusiveLock' };

/** A project in a temporary folder: `db/migrations` with these files, and these lines added to the config. */
function project(files: Record<string, string>, config = ''): string {
  const root = mkdtempSync(join(tmpdir(), 'preflight-db-faults-'));
  mkdirSync(join(root, 'db/migrations'), { recursive: true });
  writeFileSync(join(root, '.sql-preflight.yml'), `migrations: [{ path: db/migrations }]\n${config}`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'db/migrations', name), text);
  return root;
}

/** Checks the project with every file but the existing ones as the change. */
function check(root: string, files: Record<string, string>, database: NonNullable<RunOptions['database']>) {
  const changed = Object.keys(files).filter((name) => !(name in EXISTING)).map((name) => `db/migrations/${name}`);
  return run({ cwd: root, paths: [], changed, database });
}

function traceOf(report: Report, name: string) {
  return report.files.find((file) => file.path === `db/migrations/${name}`)!.statements[0]!.trace;
}

/** A unique column name, to find a statement by in pg_stat_activity (its text, as sent, has no comments). */
function marker(): string {
  return `fault_${randomBytes(6).toString('hex')}`;
}

/** Polls until `probe` finds something, for at most a minute. */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs `use` on a connection to the URL, which a test ends. */
async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The backend running the statement that carries `tag`, on the server of `url`. */
function activeStatement(url: string, tag: string): Promise<{ pid: number; datname: string } | undefined> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ pid: number; datname: string }>(
      "SELECT pid, datname FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
      [`%${tag}%`],
    );
    return rows[0];
  });
}

function databaseExists(url: string, name: string): Promise<boolean> {
  return withClient(url, async (client) => (await client.query('SELECT FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** The throwaway database's name, which the provider's reason gives. */
function throwawayDatabase(reason: string): string {
  return /throwaway database (sql_preflight_\w+)/.exec(reason)![1]!;
}

async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

describe('a database that cannot be had', () => {
  type Database = NonNullable<RunOptions['database']>;
  const cases: {
    name: string;
    skip: boolean;
    dockerHost?: string;
    database: () => Promise<Database>;
    problem: (database: Database) => RegExp;
    hidden?: string;
  }[] = [
    {
      name: 'no Docker engine answers',
      skip: false,
      dockerHost: 'unix:///nonexistent.sock',
      database: async () => ({ kind: 'docker' }),
      problem: () => /^The database checks did not run: no Docker engine answered at unix:\/\/\/nonexistent\.sock; start Docker or use --db pglite\. The static findings are reported\.$/,
    },
    {
      // A registry on a closed local port: the pull fails at once, without the network.
      name: 'the image does not exist',
      skip: image.skip,
      database: async () => ({ kind: 'docker', image: 'localhost:1/sql-preflight/missing:15' }),
      problem: () => /^The database checks did not run: the image localhost:1\/sql-preflight\/missing:15 is not available locally and could not be pulled: /,
    },
    {
      name: 'the database URL refuses connections',
      skip: false,
      database: async () => ({ kind: 'url', url: `postgres://preflight:hunter2-secret@127.0.0.1:${await closedPort()}/preflight` }),
      problem: (database) => {
        const port = new URL(database.url!).port;
        return new RegExp(`^The database checks did not run: could not connect to postgres://preflight:\\*\\*\\*@127\\.0\\.0\\.1:${port}/preflight: .*ECONNREFUSED 127\\.0\\.0\\.1:${port}`);
      },
      hidden: 'hunter2-secret',
    },
  ];

  for (const fault of cases) {
    it.skipIf(fault.skip)(`${fault.name}: the problem says so, the static findings are reported, exit code 2`, async () => {
      const saved = process.env.DOCKER_HOST;
      if (fault.dockerHost) process.env.DOCKER_HOST = fault.dockerHost;
      try {
        const files = { ...EXISTING, ...INDEX };
        const database = await fault.database();
        const result = await check(project(files), files, database);
        expect(result.problems).toEqual([expect.stringMatching(fault.problem(database))]);
        if (fault.hidden) expect(result.problems[0]).not.toContain(fault.hidden);
        expect(result.exitCode).toBe(2);
        expect(result.report.findings.map((f) => [f.ruleId, f.file])).toContainEqual(['require-concurrent-index-creation', 'db/migrations/101_status_index.sql']);
        expect(result.report.database).toBeUndefined();
      } finally {
        if (saved === undefined) delete process.env.DOCKER_HOST;
        else process.env.DOCKER_HOST = saved;
      }
    }, 60_000);
  }
});

describe('the database lost in the middle of the change', () => {
  // A name of this test's own for the image, so that its containers are told from other tests' of the same image.
  const tag = `sql-preflight-db-faults:${randomBytes(4).toString('hex')}`;
  const containersOfTag = () =>
    execFileSync('docker', ['ps', '--all', '--format', '{{.ID}} {{.Image}}'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.endsWith(` ${tag}`))
      .map((line) => line.split(' ')[0]!);
  beforeAll(() => {
    if (!image.skip) execFileSync('docker', ['tag', image.value(), tag]);
  });
  afterAll(() => {
    if (!image.skip) execFileSync('docker', ['rmi', tag], { stdio: 'ignore' });
  });

  const cases = [
    {
      name: 'the container is killed',
      skip: image.skip,
      database: () => ({ kind: 'docker' as const, image: tag }),
      lose: async (statement: string) => {
        const [id] = await until('the container', () => containersOfTag()[0]);
        // psql in the container, as Testcontainers' default user: the run's password is its own.
        const sql = `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%${statement}%' AND pid <> pg_backend_pid()`;
        const psql = ['exec', id!, 'psql', '-U', 'test', '-d', 'postgres', '-Atc', sql];
        await until('the sleeping statement', () => {
          try {
            return execFileSync('docker', psql, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '1' || undefined;
          } catch {
            return undefined; // PostgreSQL is still starting.
          }
        });
        execFileSync('docker', ['kill', id!]);
      },
      lost: /the connection to the PostgreSQL container ended: .+/,
      leftBehind: async () => containersOfTag(),
    },
    {
      name: 'the server ends the connection',
      skip: server.skip,
      database: () => ({ kind: 'url' as const, url: server.value() }),
      lose: async (statement: string) => {
        const { pid } = await until('the sleeping statement', () => activeStatement(server.value(), statement));
        await withClient(server.value(), (client) => client.query('SELECT pg_terminate_backend($1)', [pid]));
      },
      lost: /the connection to the server at 127\.0\.0\.1:\d+ ended: terminating connection due to administrator command/,
      leftBehind: async (report: Report) => {
        const name = throwawayDatabase(report.database!.reason);
        return (await databaseExists(server.value(), name)) ? [name] : [];
      },
    },
  ];

  for (const fault of cases) {
    it.skipIf(fault.skip)(`${fault.name}: results before it are kept, a problem names where it stopped, nothing is left behind`, async () => {
      const statement = marker();
      // Sleeps far longer than the test may take: only the lost database can end it.
      const files = {
        ...EXISTING,
        ...INDEX,
        '102_sleep.sql': `SELECT pg_sleep(3600) AS ${statement};\n`,
        '103_note.sql': 'ALTER TABLE orders ADD COLUMN note text;\n',
      };
      const root = project(files, 'statement-timeout: 7200\n');
      const [result] = await Promise.all([check(root, files, fault.database()), fault.lose(statement)]);

      expect(result.problems).toEqual([
        expect.stringMatching(
          new RegExp(
            '^The database checks stopped: the lock trace stopped at statement 1 of db/migrations/102_sleep\\.sql: the database was lost \\(' +
              fault.lost.source +
              '\\)\\. Results from before that point are reported; the rest are missing\\.$',
          ),
        ),
      ]);
      expect(result.exitCode).toBe(2);
      expect(traceOf(result.report, '101_status_index.sql')?.locks).toContainEqual(INDEX_LOCK);
      expect(traceOf(result.report, '102_sleep.sql')).toBeUndefined();
      expect(traceOf(result.report, '103_note.sql')).toBeUndefined();
      expect(result.report.findings.filter((f) => f.ruleId === 'migration-failed')).toEqual([]);
      expect(await fault.leftBehind(result.report)).toEqual([]);
    }, 120_000);
  }
});

describe.skipIf(server.skip)('statements that never finish on a server', () => {
  it('a lock wait and an endless statement are cancelled by the statement timeout, and the change goes on', async () => {
    const statement = marker();
    const files = {
      ...EXISTING,
      // While it sleeps, the test finds the throwaway database and takes the advisory lock that 102 asks for.
      '101_pause.sql': `SELECT pg_sleep(3) AS ${statement};\n`,
      '102_lock.sql': 'SELECT pg_advisory_lock(42);\n',
      '103_forever.sql': 'SELECT pg_sleep(3600);\n',
      '104_note.sql': 'ALTER TABLE orders ADD COLUMN note text;\n',
    };
    const root = project(files, 'statement-timeout: 5\n');
    let holder: pg.Client | undefined;
    const holdLock = async () => {
      const { datname } = await until('the pausing statement', () => activeStatement(server.value(), statement));
      const url = new URL(server.value());
      url.pathname = `/${datname}`;
      holder = new pg.Client({ connectionString: url.toString() });
      // Dropping the throwaway database at the end ends this session too.
      holder.on('error', () => {});
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock(42)');
    };
    try {
      const [result] = await Promise.all([check(root, files, { kind: 'url', url: server.value() }), holdLock()]);
      const failed = result.report.findings.filter((f) => f.ruleId === 'migration-failed').map((f) => [f.file, f.line, f.message]);
      const timedOut = 'This statement ran longer than the 5 s statement timeout and was cancelled; raise `statement-timeout` in .sql-preflight.yml if that is expected at the seeded size.';
      expect(failed).toEqual([
        ['db/migrations/102_lock.sql', 1, timedOut],
        ['db/migrations/103_forever.sql', 1, timedOut],
      ]);
      expect(traceOf(result.report, '104_note.sql')?.locks).toContainEqual(ADD_COLUMN);
      expect(result.problems).toEqual([]);
      expect(result.exitCode).toBe(1);
    } finally {
      await holder?.end().catch(() => {});
    }
  }, 120_000);
});

describe('the run deadline', () => {
  const migrations: Migrations = {
    existing: EXISTING,
    changed: { ...INDEX, '102_sleep.sql': 'SELECT pg_sleep(3600);\n' },
  };

  it('keeps a provider from starting once it has passed', async () => {
    await expect(openProvider({ kind: 'pglite', postgresVersion: 18, deadline: { atMs: Date.now() - 1, seconds: 60 } })).rejects.toThrow(
      new ProviderError('the run deadline of 60 s passed'),
    );
  });

  for (const provider of PROVIDERS) {
    it.skipIf(provider.skip)(`ends the database checks on ${provider.kind} at the deadline, with the results before it`, async () => {
      // Ten seconds leave time to start a container before the deadline; the statement would sleep an hour.
      const deadline = { atMs: Date.now() + 10_000, seconds: 10 };
      const result = await checkOnDatabase(migrations, { ...provider.options(3_600_000), deadline });
      expect(Date.now()).toBeLessThan(deadline.atMs + 30_000);
      expect(result.problems).toEqual([
        'The database checks stopped: the lock trace stopped at statement 1 of db/migrations/102_sleep.sql: the run deadline of 10 s passed. Results from before that point are reported; the rest are missing.',
      ]);
      expect(result.traced.map((t) => t.file.path)).toEqual(['db/migrations/101_status_index.sql']);
      expect(result.traced[0]!.traces[0]!.locks).toContainEqual(INDEX_LOCK);
      // Cancelled for the deadline, not by the statement timeout: no finding blames the statement.
      expect(result.findings).toEqual([]);
      if (provider.kind === 'url') expect(await databaseExists(server.value(), throwawayDatabase(result.database.reason))).toBe(false);
    }, 90_000);
  }

  it.skipIf(server.skip)('cancels the running statement on the server, and refuses every call after it', async () => {
    const statement = marker();
    const { provider } = await openProvider({
      kind: 'url',
      databaseUrl: server.value(),
      postgresVersion: 15,
      deadline: { atMs: Date.now() + 2_000, seconds: 2 },
    });
    try {
      const session = await provider.open();
      const deadlinePassed = new ProviderError('the run deadline of 2 s passed');
      await expect(session.query(`SELECT pg_sleep(3600) AS ${statement}`)).rejects.toThrow(deadlinePassed);
      // Before dispose(), which would end it anyway by dropping the database.
      await until('the statement to be cancelled', async () => ((await activeStatement(server.value(), statement)) ? undefined : true));
      await expect(session.query('SELECT 1')).rejects.toThrow(deadlinePassed);
      await expect(provider.open()).rejects.toThrow(deadlinePassed);
    } finally {
      await provider.dispose();
    }
  }, 60_000);
});

describe('PGlite in a process of its own', () => {
  const script = fileURLToPath(new URL('fixtures/check-on-database.ts', import.meta.url));
  /** Runs checkOnDatabase in a child process, which must end by itself: a worker left running would keep it. */
  const checkInChild = async (migrations: Migrations, deadline?: { atMs: number; seconds: number }) => {
    const input = JSON.stringify({ migrations, database: { kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 3_600_000, deadline } });
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, input], { timeout: 100_000, killSignal: 'SIGKILL' });
    return JSON.parse(stdout) as { problems: string[]; traced: string[] };
  };

  it('out of memory: the worker ends, not the process, and the problem says what to use instead', async () => {
    // A gigabyte of rows: PGlite decodes a result in its worker's JavaScript heap, and this one does not fit.
    const huge = { '102_huge.sql': "SELECT repeat('x', 10000) || i AS row FROM generate_series(1, 100000) AS i;\n" };
    const result = await checkInChild({ existing: EXISTING, changed: { ...INDEX, ...huge } });
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^The database checks stopped: the lock trace stopped at statement 1 of db\/migrations\/102_huge\.sql: PGlite ran out of memory \(.+\); run the check on a real PostgreSQL server with --db docker or --db url\. Results from before that point are reported; the rest are missing\.$/,
      ),
    ]);
    expect(result.traced).toEqual(['db/migrations/101_status_index.sql']);
  }, 120_000);

  it('the deadline ends the worker, and the process with it', async () => {
    const result = await checkInChild({ existing: EXISTING, changed: { ...INDEX, '102_sleep.sql': 'SELECT pg_sleep(3600);\n' } }, { atMs: Date.now() + 8_000, seconds: 8 });
    expect(result.problems).toEqual([expect.stringContaining('102_sleep.sql: the run deadline of 8 s passed.')]);
  }, 120_000);
});
