import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceGate } from '../db/env.js';
import { expectHidden, installAction, JOB_TOKEN, runAction, type ActionRun } from './harness.js';
import { createRepository, shallowClone, type Repository } from './repository.js';

const PUSH = JSON.parse(readFileSync(resolve('fixtures/action/push.json'), 'utf8'));
const CHANGED = 'db/migrations/003_order_status.sql';

let action: string;
let repository: Repository;

beforeAll(() => {
  action = installAction();
  repository = createRepository();
});

// The copy of the Action is 26 MB.
afterAll(() => {
  for (const dir of [action, repository.dir]) rmSync(dir, { recursive: true, force: true });
});

describe('the Action on a push', () => {
  let run: ActionRun;
  let sarifFile: string;

  beforeAll(async () => {
    sarifFile = join(mkdtempSync(join(tmpdir(), 'preflight-sarif-')), 'results', 'sql-preflight.sarif');
    run = await runAction(action, {
      workspace: repository.dir,
      eventName: 'push',
      payload: PUSH,
      inputs: { database: 'pglite', 'sarif-file': sarifFile, comment: 'off' },
    });
  }, 60_000);

  it('checks what the push added, since the event\'s before', () => {
    expect(PUSH.before, 'fixtures/action/push.json names the base of the test repository').toBe(repository.base);
    expect(run.stdout).toContain(`the change is the migrations the push adds or edits since ${repository.base.slice(0, 12)}`);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    // 002 came in with main before the push: it is replayed, not checked.
    expect(new Set(report.findings.map((f: { file: string }) => f.file))).toEqual(new Set([CHANGED]));
    expect(report.database.provider).toBe('pglite');
  });

  it('sets every output', () => {
    expect(run.outputs).toMatchObject({ findings: '16', errors: '2', warnings: '2', notices: '12', sarif: sarifFile });
    expect(run.outputs.report).toMatch(/sql-preflight-[^/]+\/report\.json$/);
    expect(run.outputs.report!.startsWith(join(tmpdir(), 'preflight-runner-'))).toBe(true);
  });

  it('annotates the most severe first, 10 per level, columns only on single-line findings, and counts the rest', () => {
    const findings = run.annotations.filter((a) => a.properties.file);
    expect(findings.map((a) => a.level)).toEqual([...Array(2).fill('error'), ...Array(2).fill('warning'), ...Array(10).fill('notice')]);
    expect(run.annotations[0]).toEqual({
      level: 'error',
      properties: { file: CHANGED, line: '2', endLine: '2', col: '1', endColumn: '50', title: 'require-concurrent-index-creation' },
      message: expect.stringMatching(/^Creating an index on orders without CONCURRENTLY blocks writes/),
    });
    expect(run.annotations[1]).toMatchObject({
      level: 'error',
      properties: { file: CHANGED, line: '4', endLine: '5', title: 'constraint-missing-not-valid' },
    });
    expect(run.annotations[1]!.properties).not.toHaveProperty('col');
    expect(run.stdout).toContain('sql-preflight: 2 more notices not annotated (GitHub shows 10 per level)');
  });

  it('writes the job summary', () => {
    expect(run.summary).toContain('**16 problems** (2 errors, 2 warnings, 12 notices) in 3 files, 7 statements.');
    expect(run.summary).toContain('| Error | [`require-concurrent-index-creation`]');
    expect(run.summary).toContain('2 annotations GitHub does not show');
  });

  it('writes SARIF where sarif-file says, with paths from the repository root', () => {
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(16);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(CHANGED);
  });

  it('logs each phase in a group', () => {
    for (const phase of ['discover', 'lint', 'replay', 'trace']) expect(run.stdout).toContain(`::group::sql-preflight: ${phase}\n`);
    expect(run.stdout).toContain('::endgroup::');
  });

  it('masks the token', () => {
    expect(run.stdout).toContain(`::add-mask::${JOB_TOKEN}`);
    expectHidden(run, JOB_TOKEN);
  });

  it('fails the step by fail-on', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::sql-preflight found 2 problems at or above fail-on: error.');
  });
});

describe('the Action', () => {
  it('passes with fail-on: never and still reports', async () => {
    const run = await runAction(action, { workspace: repository.dir, eventName: 'push', payload: PUSH, inputs: { database: 'pglite', 'fail-on': 'never' } });
    expect(run.code).toBe(0);
    expect(run.outputs.errors).toBe('2');
    expect(run.annotations.filter((a) => a.properties.file)).toHaveLength(14);
  }, 60_000);

  it('fails at fail-on: notice only when there is a notice', async () => {
    // The base input set to the checkout itself: nothing has changed.
    const run = await runAction(action, {
      workspace: repository.dir,
      eventName: 'workflow_dispatch',
      payload: {},
      inputs: { database: 'pglite', 'fail-on': 'notice', base: 'HEAD' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ findings: '0', errors: '0', warnings: '0', notices: '0' });
  }, 60_000);

  it('runs in working-directory and reports paths from the repository root', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'preflight-action-workspace-'));
    const project = join(workspace, 'services/shop');
    mkdirSync(project, { recursive: true });
    for (const part of ['base', 'main', 'head']) cpSync(resolve('fixtures/action', part), project, { recursive: true });
    const run = await runAction(action, {
      workspace,
      eventName: 'workflow_dispatch',
      payload: {},
      inputs: { database: 'pglite', 'working-directory': 'services/shop', 'sarif-file': 'out/results.sarif' },
    });
    expect(run.stdout).toContain('the change is every migration (a workflow_dispatch event names no base');
    expect(run.annotations[0]!.properties.file).toBe(`services/shop/${CHANGED}`);
    expect(run.outputs.sarif).toBe(join(workspace, 'out/results.sarif'));
    const sarif = JSON.parse(readFileSync(run.outputs.sarif!, 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(`services/shop/${CHANGED}`);
  }, 60_000);

  it('names the input at fault, and sets every output all the same', async () => {
    const run = await runAction(action, { workspace: repository.dir, eventName: 'push', payload: PUSH, inputs: { 'fail-on': 'errors' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Input fail-on must be one of error, warning, notice, never, not "errors".');
    expect(run.outputs).toEqual({ findings: '', errors: '', warnings: '', notices: '', report: '', sarif: '' });
    for (const [inputs, message] of [
      [{ database: 'sqlite' }, 'Input database must be one of auto, docker, pglite, url'],
      [{ 'max-inline-comments': 'many' }, 'Input max-inline-comments must be a whole number'],
      [{ analyze: 'yes' }, 'Input analyze must be true or false, not "yes".'],
      [{ 'postgres-version': '9.6' }, 'Input postgres-version must be a PostgreSQL major version from 10 to 19'],
      [{ database: 'url' }, 'Input database-url is required when database is url.'],
      [{ 'working-directory': 'nowhere' }, 'Input working-directory:'],
    ] as const) {
      const bad = await runAction(action, { workspace: repository.dir, eventName: 'push', payload: PUSH, inputs });
      expect(bad.code, message).toBe(1);
      expect(bad.stdout).toContain(`::error::${message}`);
    }
  }, 60_000);

  it('says to fetch the history when the base commit is not in a shallow checkout', async () => {
    const run = await runAction(action, { workspace: shallowClone(repository), eventName: 'push', payload: PUSH, inputs: { database: 'pglite' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::--base ${repository.base} is not a commit in this repository (fetch it first, e.g. with fetch-depth: 0 in actions/checkout).`);
  }, 60_000);

  it('reports a missing Docker engine clearly, with the static findings', async () => {
    const run = await runAction(action, {
      workspace: repository.dir,
      eventName: 'push',
      payload: PUSH,
      inputs: { database: 'docker' },
      env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::sql-preflight could not check everything it was asked to:%0A- The database checks did not run: no Docker engine answered at unix:\/\/\/nonexistent\/docker.sock/);
    expect(run.outputs.errors).toBe('2');
    expect(run.summary).toContain('no Docker engine answered');
  }, 60_000);

  it('masks the database password, even when the server cannot be reached', async () => {
    const password = 'pa55-w0rd-3x4mple';
    const run = await runAction(action, {
      workspace: repository.dir,
      eventName: 'push',
      payload: PUSH,
      inputs: { database: 'url', 'database-url': `postgres://preflight:${password}@127.0.0.1:9/preflight` },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::add-mask::${password}`);
    expect(run.stdout).toContain('The database checks did not run');
    expectHidden(run, password);
  }, 60_000);

  const docker = serviceGate('SQL_PREFLIGHT_TEST_POSTGRES_IMAGE', '.ci/setup-docker.sh');
  it.skipIf(docker.skip)('runs on Docker through the bundled Testcontainers', async () => {
    const run = await runAction(action, {
      workspace: repository.dir,
      eventName: 'push',
      payload: PUSH,
      inputs: { database: 'docker', 'postgres-image': docker.value() },
    });
    expect(run.stderr).toBe('');
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.database.provider).toBe('docker');
    expect(run.outputs.errors).toBe('2');
  }, 120_000);

  const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');
  it.skipIf(server.skip)('runs on a database URL without showing its password', async () => {
    const url = server.value();
    const run = await runAction(action, { workspace: repository.dir, eventName: 'push', payload: PUSH, inputs: { database: 'url', 'database-url': url } });
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.database.provider).toBe('url');
    expect(run.outputs.errors).toBe('2');
    expectHidden(run, decodeURIComponent(new URL(url).password));
  }, 60_000);
});
