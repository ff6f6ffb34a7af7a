import { readFileSync } from 'node:fs';

/**
 * Plans recorded from a real PostgreSQL by test/fixtures/plans/record.ts: the tests' inputs and the plans on the
 * docs pages of plan rules. Only the docs generator and the tests read them; nothing in the CLI does.
 */
export interface RecordedPlan {
  /** Statements that create and fill the tables. */
  setup: string;
  /** Statements whose last one is the explained query; earlier ones (SET, CREATE INDEX, ...) prepare it. */
  query: string;
  /** The EXPLAIN that was put in front of the query, e.g. `EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)`. */
  explain: string;
  /** `SELECT version()` of the server that made the plan, shortened. */
  server: string;
  /** What EXPLAIN returned, untouched. */
  plan: unknown;
  /** The same EXPLAIN in text format, run straight after: its times and buffer counts differ from `plan`'s. */
  text: string[];
}

export type ExampleKind = 'bad' | 'good';

const FIXTURES = new URL('../../test/fixtures/plans/', import.meta.url);

/** The fixture name of a plan rule's example, e.g. `examples/selective-seq-scan.bad-1`. */
export function exampleFixtureName(ruleId: string, kind: ExampleKind, index: number): string {
  return `examples/${ruleId}.${kind}-${index + 1}`;
}

export function planFixturePath(name: string): URL {
  return new URL(`${name}.json`, FIXTURES);
}

export function readRecordedPlan(name: string): RecordedPlan {
  const path = planFixturePath(name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`No recorded plan ${name}.json in test/fixtures/plans: run \`npx tsx test/fixtures/plans/record.ts\`.`);
  }
  return JSON.parse(text) as RecordedPlan;
}
