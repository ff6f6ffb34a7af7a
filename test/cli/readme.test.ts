import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// README.md promises two set-up commands on a fresh machine; this runs the first as written (after `npm ci`, which
// the test run has done) so that the promise cannot go stale.
const readme = readFileSync('README.md', 'utf8');
const setUp = readme.slice(readme.indexOf('## Set-up on a fresh machine'));
const [first, second] = [...setUp.matchAll(/```sh\n(.*?)\n```/gs)].map((m) => m[1]!);

describe('README set-up commands', () => {
  it('the first installs and runs check on PGlite on the example project: the broken query and the slower plan are reported', () => {
    expect(first).toMatch(/^npm ci && npx sql-preflight check .*--db pglite/);
    const args = first!.replace(/^npm ci && npx sql-preflight /, '').split(/\s+/);
    const result = spawnSync(process.execPath, [resolve('dist/cli.js'), ...args, '--no-color', '--quiet'], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('fixtures/explain/db/migrations/005_drop_coupon_code.sql:1:1  error  query-broken-by-change');
    expect(result.stdout).toContain('fixtures/explain/db/migrations/004_drop_orders_customer_index.sql:2:1  warning  plan-regression');
  }, 120_000);

  it('the second runs the test script of package.json', () => {
    expect(second).toBe('npm test');
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.test).toBeDefined();
  });
});
