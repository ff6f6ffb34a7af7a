/** The throwaway PostgreSQL that migrations are replayed on, whichever way it is provided. */

export type ProviderKind = 'pglite' | 'docker' | 'url';

/** One connection to the throwaway database. */
export interface Session {
  /**
   * One statement, sent with the extended protocol (so `$1` parameters work and a second statement is an
   * error on every provider). `bigint` columns arrive as numbers (as `bigint` beyond 2^53) everywhere.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** A multi-statement simple query, the way migration runners send a file. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseProvider {
  readonly kind: ProviderKind;
  readonly serverVersion: { major: number; full: string };
  /** A real server with more connections: lock canaries are possible. */
  readonly concurrent: boolean;
  /** A connection to the throwaway database (PGlite: its single connection, so one session at a time). */
  open(): Promise<Session>;
  /** Drops the throwaway database / stops the container. Idempotent; safe after errors. */
  dispose(): Promise<void>;
}

/** What openProvider needs of a provider beyond what its callers see. */
export interface DisposableProvider extends DatabaseProvider {
  /** Cleans up synchronously, on the process 'exit' event, if the provider was not disposed of. */
  disposeSync?(): void;
  /**
   * Stops the statements running now, for the run deadline (openProvider refuses every call after it): a real
   * server cancels them; PGlite, which cannot cancel a statement, stops for good and fails with `error`.
   */
  interrupt(error: ProviderError): Promise<void>;
}

/**
 * The database could not be provided (no Docker engine, no privilege, wrong password...). The message is
 * complete and meant for the user as is; it never contains a password.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
}

/** SQLSTATE 57014: what PostgreSQL reports when statement_timeout cancels a statement. */
export const QUERY_CANCELED = '57014';

/** Parses `bigint` the way PGlite does, so rows look the same on every provider. */
export function parseInt8(text: string): number | bigint {
  const value = BigInt(text);
  return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value;
}

/** An error's message; Node reports a refused connection to "localhost" as an AggregateError with none. */
export function describe(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(describe).join('; ');
  if (error instanceof Error) return error.message.trim() || (error as { code?: string }).code || error.name;
  return String(error);
}
