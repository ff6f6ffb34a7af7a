import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { ProviderError, describe, parseInt8, type DisposableProvider, type Session } from './provider.js';
import { hideSecrets, redactUrl } from './redact.js';

const CONNECT_TIMEOUT_MS = 10_000;
/** How long closing a session may take before the database is dropped under it anyway. */
const CLOSE_WAIT_MS = 2_000;
const INSUFFICIENT_PRIVILEGE = '42501';
const INT8_OID = 20;
const TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format),
} as pg.CustomTypesConfig;

export interface ServerOptions {
  kind: 'docker' | 'url';
  /** A database on the server that this provider may connect to only to create and drop its own databases. */
  adminUrl: string;
  statementTimeoutMs: number;
  /** Docker: removes the container, which takes the databases with it. */
  stop?: () => Promise<void>;
  /** The same, synchronously, for the process 'exit' event. */
  stopSync?: () => void;
}

/** Creates a throwaway database on a real server and returns a provider for it. */
export async function startServer(options: ServerOptions): Promise<ServerProvider> {
  let url: URL;
  try {
    url = new URL(options.adminUrl);
  } catch {
    throw new ProviderError(`not a valid postgres:// URL: ${redactUrl(options.adminUrl)}`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ProviderError(`not a postgres:// URL: ${redactUrl(options.adminUrl)}`);
  }
  const provider = new ServerProvider(options, `sql_preflight_${randomBytes(6).toString('hex')}`);
  await provider.create();
  return provider;
}

export class ServerProvider implements DisposableProvider {
  readonly kind: 'docker' | 'url';
  readonly concurrent = true;
  serverVersion = { major: 0, full: '' };
  readonly database: string;
  #options: ServerOptions;
  #created = false;
  #sessions = new Set<pg.Client>();
  #disposed: Promise<void> | undefined;
  #finished = false;

  constructor(options: ServerOptions, database: string) {
    this.kind = options.kind;
    this.#options = options;
    this.database = database;
  }

  async create(): Promise<void> {
    try {
      await this.#admin(`CREATE DATABASE ${this.database}`, (error, client) =>
        (error as { code?: string }).code === INSUFFICIENT_PRIVILEGE
          ? `the role "${client.user}" may not create databases on ${redactUrl(this.#options.adminUrl)}: ` +
            'sql-preflight replays migrations in a throwaway database that it creates and drops; grant the role ' +
            `CREATEDB (ALTER ROLE "${client.user}" CREATEDB), or use --db docker or --db pglite`
          : `could not create a throwaway database on ${redactUrl(this.#options.adminUrl)}: ${describe(error)}`,
      );
      this.#created = true;
      const session = await this.open();
      try {
        const [row] = await session.query<{ full: string; num: number }>(
          "SELECT current_setting('server_version') AS full, current_setting('server_version_num')::int AS num",
        );
        if (row) this.serverVersion = { major: Math.floor(row.num / 10_000), full: row.full };
      } finally {
        await session.close();
      }
    } catch (error) {
      await this.dispose();
      throw error;
    }
  }

  async open(): Promise<Session> {
    if (this.#disposed) throw new ProviderError('the database provider has been disposed');
    const client = await this.#connect(this.#urlOf(this.database));
    this.#sessions.add(client);
    // pg reports a connection that ended under it ('error') before the queries it fails reach their callers.
    let broken = false;
    client.on('error', () => {
      broken = true;
    });
    const use = async <T>(work: () => Promise<T>): Promise<T> => {
      if (!this.#sessions.has(client)) throw new ProviderError('the session is closed');
      try {
        return await work();
      } catch (error) {
        const severity = (error as { severity?: unknown }).severity;
        if (broken || severity === 'FATAL' || severity === 'PANIC') throw this.#lost(error);
        throw error;
      }
    };
    return {
      query: <Row>(sql: string, params: unknown[] = []) =>
        use(async () => {
          // @types/pg does not know queryMode; 'extended' makes a parameterless query single-statement too.
          const config = { text: sql, values: params, queryMode: 'extended' };
          return (await client.query(config)).rows as Row[];
        }),
      exec: (sql: string) =>
        use(async () => {
          await client.query(sql);
        }),
      close: async () => {
        if (this.#sessions.delete(client)) await end(client);
      },
    };
  }

  async interrupt(): Promise<void> {
    // @types/pg does not know processID, the backend's pid that pg reads at connect.
    const pids = [...this.#sessions].map((client) => (client as unknown as { processID: number | null }).processID).filter((pid) => pid !== null);
    if (pids.length === 0) return;
    try {
      const client = await this.#connect(this.#options.adminUrl);
      try {
        await client.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
      } finally {
        await end(client);
      }
    } catch {
      // The server is out of reach: nothing it runs can hold the run any more, and dispose() reports what remains.
    }
  }

  /** Never rejects: cleanup runs in `finally` blocks. What could not be removed is reported as a warning. */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      try {
        await this.#closeSessions();
        if (this.#options.stop) {
          await this.#options.stop();
        } else if (this.#created) {
          await this.#admin(this.#dropSql(this.database));
        }
      } catch (error) {
        const what = this.#options.stop ? 'the PostgreSQL container' : `the database ${this.database}`;
        process.emitWarning(
          hideSecrets(`sql-preflight could not remove ${what}: ${describe(error)}`, this.#options.adminUrl),
        );
      }
      this.#finished = true;
    })();
    return this.#disposed;
  }

  /** Drops the database from a child process: on 'exit', nothing asynchronous runs any more. */
  disposeSync(): void {
    if (this.#finished) return;
    if (this.#options.stopSync) return this.#options.stopSync();
    if (!this.#created) return;
    spawnSync(process.execPath, ['--input-type=module', '-e', DROP_SCRIPT], {
      input: JSON.stringify({ pg: import.meta.resolve('pg'), url: this.#options.adminUrl, statements: [this.#dropSql(this.database)] }),
      stdio: ['pipe', 'ignore', 'ignore'],
      timeout: CONNECT_TIMEOUT_MS,
    });
  }

  #dropSql(database: string): string {
    // WITH (FORCE) (PostgreSQL 13+) also ends connections that did not close in time; older servers wait up
    // to 5 s for them to go.
    return `DROP DATABASE IF EXISTS ${database}${this.serverVersion.major >= 13 ? ' WITH (FORCE)' : ''}`;
  }

  async #closeSessions(): Promise<void> {
    const sessions = [...this.#sessions];
    this.#sessions.clear();
    await Promise.all(sessions.map(end));
  }

  /**
   * Runs one statement from the admin URL's database: only CREATE DATABASE and DROP DATABASE come here.
   * `explain` turns a failure into the message of a ProviderError.
   */
  async #admin(sql: string, explain?: (error: unknown, client: pg.Client) => string): Promise<void> {
    const client = await this.#connect(this.#options.adminUrl);
    try {
      await client.query(sql);
    } catch (error) {
      throw explain ? new ProviderError(hideSecrets(explain(error, client), this.#options.adminUrl)) : error;
    } finally {
      await end(client);
    }
  }

  /** The error for a session whose connection ended under it (a stopped server, a terminated backend). */
  #lost(error: unknown): ProviderError {
    const url = new URL(this.#options.adminUrl);
    const where = this.kind === 'docker' ? 'the PostgreSQL container' : `the server at ${url.host}`;
    return new ProviderError(hideSecrets(`the database was lost (the connection to ${where} ended: ${describe(error)})`, this.#options.adminUrl), {
      cause: error,
    });
  }

  async #connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: this.#options.statementTimeoutMs,
      application_name: 'sql-preflight',
      types: TYPES,
    });
    // A backend ended under the client (DROP DATABASE ... WITH (FORCE), a stopped container) is reported as
    // an 'error' event, which would otherwise crash the process.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await end(client);
      throw new ProviderError(hideSecrets(`could not connect to ${redactUrl(url)}: ${describe(error)}`, url));
    }
    return client;
  }

  #urlOf(database: string): string {
    const url = new URL(this.#options.adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  }
}

const DROP_SCRIPT = `
import { readFileSync } from 'node:fs';
const { pg: pgUrl, url, statements } = JSON.parse(readFileSync(0, 'utf8'));
const { default: pg } = await import(pgUrl);
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
await client.connect();
for (const sql of statements) await client.query(sql).catch(() => {});
await client.end();
`;

/** Ends a client without waiting more than CLOSE_WAIT_MS (a backend busy with a statement does not answer). */
function end(client: pg.Client): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_WAIT_MS);
    client
      .end()
      .catch(() => {})
      .finally(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}
