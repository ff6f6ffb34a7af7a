import { afterAll, beforeAll } from 'vitest';
import { LineIndex } from '../../src/core/source.js';
import { openProvider, type DatabaseProvider, type OpenProviderOptions, type Session } from '../../src/db/index.js';
import type { ReplayFailure } from '../../src/replay/index.js';
import { serviceGate } from '../db/env.js';

const image = serviceGate('SQL_PREFLIGHT_TEST_POSTGRES_IMAGE', '.ci/setup-docker.sh');
const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');

/** Long enough for every test statement, short enough that the timeout tests take a few seconds. */
export const STATEMENT_TIMEOUT_MS = 2_000;

export interface ProviderCase {
  kind: 'pglite' | 'docker' | 'url';
  skip: boolean;
  options(statementTimeoutMs?: number): OpenProviderOptions;
}

/** PGlite always; Docker and the URL server when their env is set (and on CI, where they must be). */
export const PROVIDERS: ProviderCase[] = [
  { kind: 'pglite', skip: false, options: (ms = STATEMENT_TIMEOUT_MS) => ({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: ms }) },
  {
    kind: 'docker',
    skip: image.skip,
    options: (ms = STATEMENT_TIMEOUT_MS) => ({ kind: 'docker', postgresImage: image.value(), postgresVersion: 15, statementTimeoutMs: ms }),
  },
  {
    kind: 'url',
    skip: server.skip,
    options: (ms = STATEMENT_TIMEOUT_MS) => ({ kind: 'url', databaseUrl: server.value(), postgresVersion: 15, statementTimeoutMs: ms }),
  },
];

/**
 * One provider for a describe block, and a fresh session per use. Tests share the database, so each one
 * names its own tables.
 */
export function useProvider(provider: ProviderCase): { withSession<T>(use: (session: Session) => Promise<T>): Promise<T>; get(): DatabaseProvider } {
  let opened: DatabaseProvider | undefined;
  beforeAll(async () => {
    ({ provider: opened } = await openProvider(provider.options()));
  }, 120_000);
  afterAll(async () => {
    await opened?.dispose();
  });
  return {
    get: () => opened!,
    async withSession(use) {
      const session = await opened!.open();
      try {
        return await use(session);
      } finally {
        await session.close();
      }
    },
  };
}

/** Where a failure points, as a reader of the original file sees it. */
export function where(text: string, failure: ReplayFailure | undefined): { line: number; column: number } | undefined {
  if (failure?.offset === undefined) return undefined;
  return new LineIndex(text).position(failure.offset);
}

export async function relationExists(session: Session, name: string): Promise<boolean> {
  const [row] = await session.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
  return row!.found;
}
