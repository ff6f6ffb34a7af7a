import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubFake, type FakeFile, type GitHubFake } from '../support/github-fake.js';
import { expectHidden, installAction, JOB_TOKEN, runAction, type ActionRun } from './harness.js';
import { createRepository, git, REMOVED_BY_PR, shallowClone, type Repository } from './repository.js';

const PAYLOAD = JSON.parse(readFileSync(resolve('fixtures/action/pull_request.json'), 'utf8'));
const CHANGED = 'db/migrations/003_order_status.sql';
const FILES_ENDPOINT = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';

let action: string;
let repository: Repository;
let files: FakeFile[];
const fakes: GitHubFake[] = [];

beforeAll(() => {
  action = installAction();
  repository = createRepository();
  files = pullRequestFiles(repository);
});

// The copy of the Action is 26 MB.
afterAll(() => {
  for (const dir of [action, repository.dir]) rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    expect(fake.violations).toEqual([]);
    await fake.close();
  }
});

/** The files of the pull request as GitHub lists them: the diff from where it branched off to its head. */
function pullRequestFiles(repo: Repository): FakeFile[] {
  const statuses: Record<string, FakeFile['status']> = { A: 'added', M: 'modified', D: 'removed' };
  return git(repo.dir, ['diff', '--name-status', '--no-renames', repo.forkPoint, repo.head])
    .split('\n')
    .map((line) => {
      const [status, filename] = line.split('\t') as [string, string];
      const diff = git(repo.dir, ['diff', '--no-color', repo.forkPoint, repo.head, '--', filename]);
      return { filename, status: statuses[status], patch: diff.slice(diff.indexOf('@@')) };
    });
}

async function fake(options: { readOnly?: boolean; repo?: Repository } = {}): Promise<GitHubFake> {
  const repo = options.repo ?? repository;
  const github = await startGitHubFake({
    owner: 'acme',
    repo: 'shop',
    token: JOB_TOKEN,
    readOnly: options.readOnly,
    pull: { number: 42, headSha: repo.head, baseSha: repo.base, files: repo === repository ? files : pullRequestFiles(repo) },
  });
  fakes.push(github);
  return github;
}

function pullRequest(
  github: GitHubFake,
  options: { workspace?: string; eventName?: string; payload?: object; inputs?: Record<string, string> } = {},
): Promise<ActionRun> {
  return runAction(action, {
    workspace: options.workspace ?? repository.dir,
    eventName: options.eventName ?? 'pull_request',
    payload: options.payload ?? PAYLOAD,
    inputs: { database: 'pglite', ...options.inputs },
    env: { GITHUB_API_URL: github.url, GITHUB_SHA: repository.merge, GITHUB_REF: 'refs/pull/42/merge' },
  });
}

const writes = (github: GitHubFake) => github.requests.filter((r) => r.method !== 'GET');

describe('the Action on a pull request', () => {
  it('names the commits of the test repository in its recorded payload', () => {
    expect({ base: PAYLOAD.pull_request.base.sha, head: PAYLOAD.pull_request.head.sha }).toEqual({ base: repository.base, head: repository.head });
  });

  it('reviews the change, keeps one summary comment, and updates both on the next run', async () => {
    const github = await fake();
    const first = await pullRequest(github, { inputs: { 'max-inline-comments': '5' } });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`the change is the migrations the pull request adds or edits since ${repository.base.slice(0, 12)} on main`);
    const report = JSON.parse(readFileSync(first.outputs.report!, 'utf8'));
    // 002 came in on main: it is replayed, not reviewed.
    expect(new Set(report.findings.map((f: { file: string }) => f.file))).toEqual(new Set([CHANGED]));

    expect(github.state.reviews).toHaveLength(1);
    expect(github.state.reviews[0]).toMatchObject({ event: 'COMMENT', commitId: repository.head });
    // Most severe first, capped by max-inline-comments.
    expect(github.state.reviewComments.map((c) => [c.path, c.startLine, c.line])).toEqual([
      [CHANGED, null, 2],
      [CHANGED, 4, 5],
      [CHANGED, null, 1],
      [CHANGED, null, 2],
      [CHANGED, null, 1],
    ]);
    expect(github.state.issueComments).toHaveLength(1);
    const summary = github.state.issueComments[0]!.body;
    expect(summary).toContain('**16 problems** (2 errors, 2 warnings, 12 notices)');
    expect(summary).toContain('over the limit of inline comments');
    // The job summary is the comment, word for word.
    expect(first.summary.trim()).toBe(summary.trim());
    expect(first.annotations.filter((a) => a.properties.file)).toHaveLength(14);
    expect(first.code).toBe(1);
    expectHidden(first, JOB_TOKEN);

    const second = await pullRequest(github, { inputs: { 'max-inline-comments': '5' } });
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('review comments: 0 posted, 5 kept from earlier runs');
    expect(github.state.reviews).toHaveLength(1);
    expect(github.state.reviewComments).toHaveLength(5);
    expect(github.state.issueComments).toHaveLength(1);
    expect(github.state.issueComments[0]!.body.trim()).toBe(second.summary.trim());
  }, 120_000);

  it('posts only the summary comment with comment: summary, and nothing with comment: off', async () => {
    const github = await fake();
    await pullRequest(github, { inputs: { comment: 'summary' } });
    expect(github.state.reviews).toEqual([]);
    expect(github.state.issueComments).toHaveLength(1);

    const quiet = await fake();
    const run = await pullRequest(quiet, { inputs: { comment: 'off' } });
    expect(writes(quiet)).toEqual([]);
    expect(run.summary).toContain('**16 problems**');
  }, 120_000);

  it('falls back to annotations and the job summary on a pull request from a fork, without failing', async () => {
    const github = await fake({ readOnly: true });
    const payload = structuredClone(PAYLOAD);
    payload.pull_request.head.repo = { ...payload.pull_request.head.repo, full_name: 'dana/shop', owner: { login: 'dana', id: 5550101, type: 'User' }, fork: true };
    const run = await pullRequest(github, { payload, inputs: { 'fail-on': 'never' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('sql-preflight: no comments: the pull request comes from the fork dana/shop, so the token is read-only');
    expect(writes(github)).toEqual([]);
    expect(run.annotations.filter((a) => a.properties.file)).toHaveLength(14);
    expect(run.summary).toContain('**16 problems**');
    expect(run.outputs.errors).toBe('2');
    expectHidden(run, JOB_TOKEN);
  }, 120_000);

  it('falls back without failing when the token turns out to be read-only', async () => {
    // A same-repository pull request whose workflow did not grant pull-requests: write.
    const github = await fake({ readOnly: true });
    const run = await pullRequest(github, { inputs: { 'fail-on': 'never' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/sql-preflight: no review \(GitHub API POST \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/reviews failed: 403 \(Resource not accessible by integration\)\)/);
    expect(run.stdout).toContain('sql-preflight: no summary comment (');
    expect(run.annotations.filter((a) => a.level === 'warning' && !a.properties.file)).toEqual([]);
    expect(run.summary).toContain('**16 problems**');
  }, 120_000);

  it('takes the change from the GitHub API in a shallow checkout, leaving out removed files', async () => {
    const github = await fake();
    expect(files.filter((f) => f.status === 'removed').map((f) => f.filename).sort()).toEqual(REMOVED_BY_PR);
    const run = await pullRequest(github, { workspace: shallowClone(repository), inputs: { comment: 'off' } });
    expect(run.stdout).toContain("the change is the pull request's files as the GitHub API lists them");
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(new Set(report.findings.map((f: { file: string }) => f.file))).toEqual(new Set([CHANGED]));
    expect(run.outputs.errors).toBe('2');
    expect(run.code).toBe(1);
  }, 120_000);

  it('warns that pull_request_target runs the SQL with a write token', async () => {
    const github = await fake();
    const run = await pullRequest(github, { eventName: 'pull_request_target', inputs: { comment: 'off' } });
    expect(run.stdout).toContain('::warning::sql-preflight runs under pull_request_target, with a write token');
  }, 120_000);

  it('warns after the findings when the files cannot be listed, and still checks the change from git', async () => {
    const github = await fake();
    github.failNext(FILES_ENDPOINT, { status: 404 }, 10);
    const run = await pullRequest(github);
    expect(github.state.reviews).toEqual([]);
    expect(github.state.issueComments).toHaveLength(1);
    expect(run.outputs.errors).toBe('2');
    const levels = run.annotations.map((a) => (a.properties.file ? a.level : `${a.level} (no file)`));
    // GitHub keeps 10 warnings per step: the findings' come first.
    expect(levels.indexOf('warning (no file)')).toBeGreaterThan(levels.lastIndexOf('warning'));
    expect(run.stdout).toContain("::warning::sql-preflight could not list the pull request's files (GitHub API GET /repos/{owner}/{repo}/pulls/{pull_number}/files failed: 404");
  }, 120_000);
});

describe('the Action on a pull request that changes query files', () => {
  const QUERIES = 'db/queries/orders.sql';
  // The column is customer_email (fixtures/action/base/db/migrations/001_orders.sql).
  const QUERY_FILE = [
    '-- name: OrdersByEmail :many',
    'SELECT id, created_at FROM orders WHERE customer_email = $1;',
    '',
    '-- name: OrderCountByEmail :one',
    'SELECT count(*) FROM orders WHERE customer_emial = $1;',
    '',
  ].join('\n');
  const repositories: Repository[] = [];
  afterAll(() => {
    for (const repo of repositories) rmSync(repo.dir, { recursive: true, force: true });
  });

  /** The pull request of `repo`, in a shallow checkout: its base commit is missing, so the change comes from the API. */
  async function shallowPullRequest(repo: Repository, inputs: Record<string, string>): Promise<ActionRun> {
    repositories.push(repo);
    const github = await fake({ repo });
    const payload = structuredClone(PAYLOAD);
    payload.pull_request.head.sha = repo.head;
    return runAction(action, {
      workspace: shallowClone(repo),
      eventName: 'pull_request',
      payload,
      inputs: { database: 'pglite', comment: 'off', ...inputs },
      env: { GITHUB_API_URL: github.url, GITHUB_SHA: repo.merge, GITHUB_REF: 'refs/pull/42/merge' },
    });
  }

  const queryFindings = (report: { findings: { ruleId: string; file: string; line: number }[] }) =>
    report.findings.filter((f) => f.file === QUERIES).map((f) => [f.ruleId, f.line]);

  it('plans the queries input, with analyze, when the pull request changes a query file and a migration', async () => {
    const repo = createRepository({ added: { [QUERIES]: QUERY_FILE } });
    const run = await shallowPullRequest(repo, { queries: 'db/queries/*.sql', analyze: 'true' });
    expect(run.stdout).toContain("the change is the pull request's files as the GitHub API lists them");
    expect(run.stdout).not.toContain('later version');
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.queries.map((q: { file: string; line: number; changed: boolean }) => [q.file, q.line, q.changed])).toEqual([
      [QUERIES, 2, true],
      [QUERIES, 5, true],
    ]);
    expect(report.queries[0].after).toMatchObject({ status: 'planned', analyzed: true });
    expect(queryFindings(report)).toEqual([['query-plan-failed', 5]]);
    // The migration's findings are still there: the query file did not push it out of the change.
    expect(report.findings.some((f: { file: string }) => f.file === CHANGED)).toBe(true);
    expect(run.code).toBe(1);
  }, 120_000);

  it('checks a pull request that changes only a query file, on the schema of the existing migrations', async () => {
    const repo = createRepository({ withHead: false, added: { [QUERIES]: QUERY_FILE } });
    const run = await shallowPullRequest(repo, { queries: 'db/queries' });
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.findings.map((f: { ruleId: string; file: string }) => [f.ruleId, f.file])).toEqual([['query-plan-failed', QUERIES]]);
    expect(report.queries[0].after).toMatchObject({ status: 'planned', analyzed: false });
    expect(run.outputs.errors).toBe('1');
    expect(run.code).toBe(1);
  }, 120_000);
});
