import { Worker } from 'node:worker_threads';
import { ProviderError, QUERY_CANCELED, describe, type DisposableProvider, type Session } from './provider.js';

// PGlite runs PostgreSQL's single-user backend in WebAssembly on the thread that calls it, and a running
// statement never yields: statement_timeout never fires, and timers and signal handlers wait for the statement.
// So PGlite runs in a worker thread, and a statement that outlives the timeout is stopped by terminating the
// worker (the database goes with it: PGlite cannot cancel a single statement).
// The worker is inline source, not a file, so that the bundle needs no second entry point.
const WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const { PGlite } = await import(workerData.pglite);
const FIELDS = ['code', 'severity', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'routine'];
const db = await PGlite.create();
const version = (await db.query("SELECT current_setting('server_version') AS full, "
  + "current_setting('server_version_num')::int AS num")).rows[0];
parentPort.postMessage({ id: 0, result: version });
parentPort.on('message', async ({ id, op, sql, params }) => {
  try {
    const result = op === 'query' ? (await db.query(sql, params)).rows : void (await db.exec(sql));
    parentPort.postMessage({ id, result });
  } catch (error) {
    const plain = { message: String(error?.message ?? error) };
    for (const field of FIELDS) if (error?.[field] !== undefined) plain[field] = error[field];
    parentPort.postMessage({ id, error: plain });
  }
});
`;

const STARTUP_TIMEOUT_MS = 60_000;
/**
 * The worker's JavaScript heap, where query results are decoded. Without a limit of its own, a huge result (a
 * migration that SELECTs millions of rows) fills the heap until V8 aborts the whole process; past this limit
 * only the worker ends. The database itself lives in WebAssembly memory, which the limit does not count.
 */
const HEAP_LIMIT_MB = 512;

interface Reply {
  id: number;
  result?: unknown;
  error?: { message: string } & Record<string, unknown>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export async function startPglite(statementTimeoutMs: number): Promise<DisposableProvider> {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`), {
    workerData: { pglite: import.meta.resolve('@electric-sql/pglite') },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
  });
  const provider = new PgliteProvider(worker, statementTimeoutMs);
  let version: { full: string; num: number };
  try {
    version = (await provider.ready) as typeof version;
  } catch (error) {
    await provider.dispose();
    throw error;
  }
  provider.serverVersion = { major: Math.floor(version.num / 10_000), full: version.full };
  return provider;
}

class PgliteProvider implements DisposableProvider {
  readonly kind = 'pglite';
  readonly concurrent = false;
  serverVersion = { major: 0, full: '' };
  readonly ready: Promise<unknown>;
  #worker: Worker;
  #statementTimeoutMs: number;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Set once the worker is gone; every later call fails with it. */
  #failure: Error | undefined;
  #session: Session | undefined;
  #disposed: Promise<void> | undefined;

  constructor(worker: Worker, statementTimeoutMs: number) {
    this.#worker = worker;
    this.#statementTimeoutMs = statementTimeoutMs;
    worker.on('message', (reply: Reply) => this.#settle(reply));
    worker.on('error', (error) => this.#fail(workerFailure(error)));
    worker.on('exit', () => this.#fail(new ProviderError('PGlite has stopped')));
    this.ready = this.#track(0, STARTUP_TIMEOUT_MS, () =>
      this.#fail(new ProviderError(`PGlite did not start within ${STARTUP_TIMEOUT_MS / 1000} s`)),
    );
  }

  async open(): Promise<Session> {
    if (this.#failure) throw this.#failure;
    if (this.#session) throw new ProviderError('PGlite has a single connection: close the open session first');
    let closed = false;
    const use = () => {
      if (closed) throw new ProviderError('the session is closed');
    };
    const session: Session = {
      query: async <Row>(sql: string, params: unknown[] = []) => {
        use();
        return (await this.#call('query', sql, params)) as Row[];
      },
      exec: async (sql: string) => {
        use();
        await this.#call('exec', sql);
      },
      close: async () => {
        if (closed) return;
        closed = true;
        this.#session = undefined;
        if (this.#failure) return;
        // The next session gets the same backend: leave it as a fresh connection would find it.
        await this.#call('exec', 'ROLLBACK');
        await this.#call('exec', 'DISCARD ALL');
      },
    };
    this.#session = session;
    return session;
  }

  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      this.#fail(new ProviderError('the PGlite database has been disposed'));
      await this.#worker.terminate();
    })();
    return this.#disposed;
  }

  async interrupt(error: ProviderError): Promise<void> {
    this.#fail(error);
    await this.#worker.terminate();
  }

  #call(op: 'query' | 'exec', sql: string, params?: unknown[]): Promise<unknown> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const reply = this.#track(id, this.#statementTimeoutMs, () => {
      const error = Object.assign(
        new Error(
          `canceling statement due to statement timeout (${this.#statementTimeoutMs} ms); PGlite cannot cancel ` +
            'a statement, so its database has been discarded',
        ),
        { code: QUERY_CANCELED },
      );
      const pending = this.#pending.get(id);
      if (pending) {
        this.#forget(id, pending);
        pending.reject(error);
      }
      this.#fail(new ProviderError('the PGlite database was discarded after a statement timed out'));
      void this.#worker.terminate();
    });
    this.#worker.postMessage({ id, op, sql, params });
    return reply;
  }

  #track(id: number, timeoutMs: number, onTimeout: () => void): Promise<unknown> {
    // Referenced only while a call is pending, so an idle PGlite never keeps the process alive.
    this.#worker.ref();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(onTimeout, timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  #settle(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#forget(reply.id, pending);
    if (reply.error) {
      const { message, ...fields } = reply.error;
      pending.reject(Object.assign(new Error(message), fields));
    } else {
      pending.resolve(reply.result);
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const [id, pending] of this.#pending) {
      this.#forget(id, pending);
      pending.reject(this.#failure);
    }
  }

  #forget(id: number, pending: Pending): void {
    clearTimeout(pending.timer);
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
  }
}

function workerFailure(error: unknown): ProviderError {
  if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ProviderError(
      `PGlite ran out of memory (its worker reached the ${HEAP_LIMIT_MB} MB heap limit, as a very large query result does); ` +
        'run the check on a real PostgreSQL server with --db docker or --db url',
    );
  }
  return new ProviderError(`PGlite failed: ${describe(error)}`);
}
