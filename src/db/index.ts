import { findDockerEngine, startDocker, type DockerEngine } from './docker.js';
import { startPglite } from './pglite.js';
import { ProviderError, describe, type DatabaseProvider, type DisposableProvider, type ProviderKind, type Session } from './provider.js';
import { startServer } from './server.js';
import { redactUrl } from './redact.js';

export { ProviderError, QUERY_CANCELED, type DatabaseProvider, type ProviderKind, type Session } from './provider.js';
export { redactUrl, urlSecrets } from './redact.js';

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
/** The longest delay setTimeout takes; a later deadline is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When the run's database work must be over. */
export interface RunDeadline {
  /** Epoch milliseconds. */
  atMs: number;
  /** The budget the deadline stands for, as the user gave it, for the message. */
  seconds: number;
}

export interface OpenProviderOptions {
  /** `auto`: the URL if one is given, else Docker when an engine answers, else PGlite. */
  kind: 'auto' | ProviderKind;
  databaseUrl?: string;
  /** Docker image; default `postgres:<postgresVersion>`. */
  postgresImage?: string;
  postgresVersion: number;
  /** statement_timeout of every session, so that nothing hangs; default DEFAULT_STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs?: number;
  /**
   * When it passes, the running statement is cancelled, and every later call of the provider and its sessions
   * fails with a ProviderError that says so. A deadline that has passed already keeps the provider from starting.
   */
  deadline?: RunDeadline;
}

/**
 * Provides a throwaway PostgreSQL database. `reason` says in one sentence which provider was chosen and why.
 * Until `dispose()`, SIGINT, SIGTERM and the process exiting also dispose of it.
 */
export async function openProvider(options: OpenProviderOptions): Promise<{ provider: DatabaseProvider; reason: string }> {
  const deadline = options.deadline;
  if (deadline && Date.now() >= deadline.atMs) throw deadlineError(deadline);
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const image = options.postgresImage ?? `postgres:${options.postgresVersion}`;
  const pglite = async (why: string) => {
    const provider = await startPglite(statementTimeoutMs);
    return { provider, reason: `${why}, so PGlite (PostgreSQL ${provider.serverVersion.full} in WebAssembly) is used` };
  };
  const docker = async (why: string, engine: DockerEngine) => {
    const provider = await startDocker({ image, statementTimeoutMs }, engine);
    return { provider, reason: `${why}, so PostgreSQL ${provider.serverVersion.full} runs in a container from ${image}` };
  };
  const url = async (why: string, databaseUrl: string) => {
    const provider = await startServer({ kind: 'url', adminUrl: databaseUrl, statementTimeoutMs });
    const where = `${redactUrl(databaseUrl)} (PostgreSQL ${provider.serverVersion.full})`;
    return { provider, reason: `${why}, so migrations run in a throwaway database ${provider.database} on ${where}` };
  };

  let started: { provider: DisposableProvider; reason: string };
  switch (options.kind) {
    case 'pglite':
      started = await pglite('pglite was requested');
      break;
    case 'docker':
      started = await docker('docker was requested', await findDockerEngine());
      break;
    case 'url':
      if (!options.databaseUrl) throw new ProviderError('the url provider needs a database URL');
      started = await url('url was requested', options.databaseUrl);
      break;
    case 'auto': {
      if (options.databaseUrl) {
        started = await url('a database URL was given', options.databaseUrl);
        break;
      }
      const engine = await findDockerEngine();
      if (!engine.answered) {
        started = await pglite(`no Docker engine answered at ${engine.address}`);
        break;
      }
      try {
        started = await docker(`a Docker engine answered at ${engine.address}`, engine);
      } catch (error) {
        started = await pglite(`a Docker engine answered at ${engine.address} but ${describe(error)}`);
      }
      break;
    }
  }
  if (deadline) enforce(deadline, started.provider);
  return { provider: guard(started.provider), reason: started.reason };
}

function deadlineError(deadline: RunDeadline): ProviderError {
  return new ProviderError(`the run deadline of ${deadline.seconds} s passed`);
}

/**
 * Makes the provider keep the deadline: at it, the provider is interrupted, and the calls in flight and every
 * call after fail with the deadline's error, whether or not the database answers the cancellation.
 */
function enforce(deadline: RunDeadline, provider: DisposableProvider): void {
  const error = deadlineError(deadline);
  let passed = false;
  let timer: NodeJS.Timeout | undefined;
  let reach!: () => void;
  const reached = new Promise<never>((_, reject) => {
    reach = () => reject(error);
  });
  // Rejected only for the calls racing it; with none in flight, nobody awaits it.
  reached.catch(() => {});
  const arm = () => {
    const left = deadline.atMs - Date.now();
    if (left > 0) {
      // Unreferenced: a deadline ahead is no reason for the process to stay.
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS)).unref();
      return;
    }
    passed = true;
    reach();
    void provider.interrupt(error);
  };
  arm();

  const bounded = async <T>(work: () => Promise<T>): Promise<T> => {
    if (passed) throw error;
    try {
      return await Promise.race([work(), reached]);
    } catch (failure) {
      // A statement cancelled for the deadline may fail before the race hears of the deadline.
      throw passed ? error : failure;
    }
  };
  const open = provider.open.bind(provider);
  provider.open = () =>
    bounded(async (): Promise<Session> => {
      const session = await open();
      return {
        query: <Row>(sql: string, params?: unknown[]) => bounded(() => session.query<Row>(sql, params)),
        exec: (sql) => bounded(() => session.exec(sql)),
        close: () => session.close(),
      };
    });
  const dispose = provider.dispose.bind(provider);
  provider.dispose = () => {
    clearTimeout(timer);
    return dispose();
  };
}

/** Disposes of the provider if the process is interrupted or exits first; dispose() takes the guard off. */
function guard(provider: DisposableProvider): DatabaseProvider {
  // Listening to a signal cancels its default action, so the signal is sent again once the provider is gone:
  // the process then ends as it would have without us, or the other listeners (which cannot be told apart
  // from passive ones such as signal-exit's) hear it a second time.
  const onSignal = (signal: NodeJS.Signals) => {
    void provider.dispose().then(() => process.kill(process.pid, signal));
  };
  const onBeforeExit = () => void provider.dispose();
  const onExit = () => provider.disposeSync?.();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);

  const dispose = provider.dispose.bind(provider);
  provider.dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('beforeExit', onBeforeExit);
    process.off('exit', onExit);
    return dispose();
  };
  return provider;
}
