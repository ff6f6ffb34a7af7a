import { serviceGate } from '../db/env.js';
import type { RunOptions } from '../../src/run.js';

export interface RunProviderCase {
  name: string;
  /** True when the provider's service is not set up here (never on CI, where a missing service fails). */
  skip: boolean;
  database: () => NonNullable<RunOptions['database']>;
}

const image = serviceGate('SQL_PREFLIGHT_TEST_POSTGRES_IMAGE', '.ci/setup-docker.sh');
const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');

/** The three providers as `run()` takes them: PGlite always, Docker and a URL server when their env is set. */
export function providerCases(): RunProviderCase[] {
  return [
    { name: 'pglite', skip: false, database: () => ({ kind: 'pglite' }) },
    { name: 'docker', skip: image.skip, database: () => ({ kind: 'docker', image: image.value() }) },
    { name: 'url', skip: server.skip, database: () => ({ kind: 'url', url: server.value() }) },
  ];
}
