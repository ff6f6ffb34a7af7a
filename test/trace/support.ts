import { afterAll, beforeAll } from 'vitest';
import { LOCK_MODES } from '../../src/core/locks.js';
import { loadParser, parseSql } from '../../src/core/parse.js';
import { LineIndex } from '../../src/core/source.js';
import { analyzeStatements } from '../../src/core/statements.js';
import type { StatementTrace, TransactionMode } from '../../src/core/types.js';
import { openProvider, type DatabaseProvider, type OpenProviderOptions, type Session } from '../../src/db/index.js';
import { createTracer, type FileTrace, type TracerOptions } from '../../src/trace/index.js';
import { serviceGate } from '../db/env.js';

await loadParser();

const image = serviceGate('SQL_PREFLIGHT_TEST_POSTGRES_IMAGE', '.ci/setup-docker.sh');
const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');

export interface ProviderCase {
  kind: 'pglite' | 'docker' | 'url';
  skip: boolean;
  options(): OpenProviderOptions;
}

/** PGlite always; Docker and the URL server when their env is set (and on CI, where they must be). */
export const PROVIDERS: ProviderCase[] = [
  { kind: 'pglite', skip: false, options: () => ({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 5_000 }) },
  {
    kind: 'docker',
    skip: image.skip,
    options: () => ({ kind: 'docker', postgresImage: image.value(), postgresVersion: 15, statementTimeoutMs: 5_000 }),
  },
  {
    kind: 'url',
    skip: server.skip,
    options: () => ({ kind: 'url', databaseUrl: server.value(), postgresVersion: 15, statementTimeoutMs: 5_000 }),
  },
];

export function analyze(sql: string, transaction: TransactionMode = 'none') {
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { path: 'change.sql', transaction, statements: analyzeStatements(parsed.statements, transaction, new LineIndex(sql)) };
}

export interface Traced extends FileTrace {
  /** The traced session, still open: what the change left behind can be looked at. */
  session: Session;
}

/**
 * One provider for a describe block. `trace` applies `existing` (the schema before the change), traces the
 * change file, and afterwards drops everything the case created, so cases do not see each other's tables.
 */
export function useProvider(provider: ProviderCase) {
  let opened: DatabaseProvider | undefined;
  beforeAll(async () => {
    if (!provider.skip) ({ provider: opened } = await openProvider(provider.options()));
  }, 120_000);
  afterAll(async () => {
    await opened?.dispose();
  });
  return {
    get concurrent(): boolean {
      return opened!.concurrent;
    },
    get serverMajor(): number {
      return opened!.serverVersion.major;
    },
    async trace(
      existing: string,
      change: string,
      options: { transaction?: TransactionMode; tracer?: TracerOptions; inspect?: (traced: Traced) => Promise<void> } = {},
    ): Promise<FileTrace> {
      const session = await opened!.open();
      try {
        await session.exec(existing);
        const tracer = await createTracer(opened!, session, options.tracer);
        try {
          const traced = await tracer.traceFile(analyze(change, options.transaction));
          await options.inspect?.({ ...traced, session });
          return traced;
        } finally {
          await tracer.close();
        }
      } finally {
        // A fresh session: the traced one may be gone (a test that loses its connection on purpose).
        await session.close();
        const cleanup = await opened!.open();
        await cleanup.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
        await cleanup.close();
      }
    },
  };
}

/** The strongest mode a statement took on a relation, in the order of Table 13.2's rows (weakest first). */
export function strongest(trace: StatementTrace | undefined, relation: string): string | undefined {
  const modes = (trace?.locks ?? []).filter((lock) => lock.relation === relation).map((lock) => lock.mode);
  return modes.sort((a, b) => LOCK_MODES.indexOf(a as never) - LOCK_MODES.indexOf(b as never)).at(-1);
}

/** The relations a statement locked, without the modes. */
export function lockedRelations(trace: StatementTrace | undefined): string[] {
  return [...new Set((trace?.locks ?? []).map((lock) => lock.relation))].sort();
}
