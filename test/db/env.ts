/**
 * A group of tests that needs a service set up outside the tests (a Docker image, a PostgreSQL server).
 * Without its variable the group is skipped, except on CI: there it fails, so that CI cannot pass by skipping.
 */
export function serviceGate(name: string, setup: string): { skip: boolean; value(): string } {
  const value = process.env[name];
  return {
    skip: !value && !process.env.CI,
    value() {
      if (!value) throw new Error(`${name} is not set (and CI is): run ${setup} and export what it prints`);
      return value;
    },
  };
}
