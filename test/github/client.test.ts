import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubApiError } from '../../src/github/client.js';
import { canWrite, listPullRequestFiles, readOnlyReason } from '../../src/github/pull-request.js';
import type { GitHubFake } from '../support/github-fake.js';
import { ADDED_PATH, CHANGED_PATH, fakeClient, FILES, PR, silent, startFake, TOKEN } from './fixtures.js';

const FILES_ROUTE = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';

let github: GitHubFake;

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubApiError);
  return error as GitHubApiError;
}

/** The token must not show in the message, the stack, or anything a logger would print of the error. */
function expectNoToken(error: Error, token = TOKEN) {
  for (const text of [error.message, String(error.stack), inspect(error, { depth: 10 }), JSON.stringify(error)]) expect(text).not.toContain(token);
}

describe('listPullRequestFiles', () => {
  beforeEach(async () => {
    github = await startFake();
  });
  afterEach(() => github.close());

  it('lists path, status, previous name and patch', async () => {
    github.state.files = [...FILES, { filename: 'db/new_name.sql', status: 'renamed', previous_filename: 'db/old_name.sql' }];
    const { files, truncated } = await listPullRequestFiles(fakeClient(github), PR);
    expect(files.map((f) => [f.path, f.status, f.previousFilename, f.patch?.split('\n')[0]])).toEqual([
      [ADDED_PATH, 'added', undefined, '@@ -0,0 +1,5 @@'],
      [CHANGED_PATH, 'modified', undefined, '@@ -8,5 +8,5 @@ CREATE TABLE orders ('],
      ['db/new_name.sql', 'renamed', 'db/old_name.sql', undefined],
    ]);
    expect(truncated).toBe(false);
    expect(github.violations).toEqual([]);
  });

  it('pages through 100 files at a time and says when GitHub stopped at 3,000', async () => {
    github.state.files = Array.from({ length: 3100 }, (_, i) => ({ filename: `db/${String(i).padStart(4, '0')}.sql`, status: 'added' as const, patch: '@@ -0,0 +1 @@\n+SELECT 1;' }));
    const { files, truncated } = await listPullRequestFiles(fakeClient(github), PR);
    expect(files).toHaveLength(3000);
    expect(truncated).toBe(true);
    expect(github.requests.map((r) => new URL(r.url, github.url).searchParams.get('page'))).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(github.requests.every((r) => r.url.includes('per_page=100'))).toBe(true);
    expect(github.violations).toEqual([]);
  });
});

describe('createGitHubClient', () => {
  beforeEach(async () => {
    github = await startFake();
  });
  afterEach(() => github.close());

  it('sends the token as GitHub expects it', async () => {
    await listPullRequestFiles(fakeClient(github), PR);
    expect(github.requests[0]!.authorization).toBe(`token ${TOKEN}`);
  });

  it.each([500, 502])('retries a %i', async (status) => {
    github.failNext(FILES_ROUTE, { status }, 2);
    const { files } = await listPullRequestFiles(fakeClient(github), PR);
    expect(files).toHaveLength(2);
    expect(github.requests.map((r) => r.status)).toEqual([status, status, 200]);
    expect(github.violations).toEqual([]);
  });

  it('waits out a secondary rate limit (retry-after) and a primary one (x-ratelimit-reset), then goes on', async () => {
    github.failNext(FILES_ROUTE, 'secondary-rate-limit');
    github.failNext(FILES_ROUTE, 'rate-limit');
    const { files } = await listPullRequestFiles(fakeClient(github), PR);
    expect(files).toHaveLength(2);
    expect(github.requests.map((r) => r.status)).toEqual([403, 403, 200]);
  });

  it('gives up after a bounded number of retries, naming the endpoint and the status', async () => {
    github.failNext(FILES_ROUTE, { status: 502 }, 10);
    const error = await failure(listPullRequestFiles(createGitHubClient(TOKEN, { baseUrl: github.url, retries: 2, secondMs: 1, log: silent }), PR));
    expect(error.message).toBe(`GitHub API ${FILES_ROUTE} failed: 502 (Server Error)`);
    expect(github.requests).toHaveLength(3);
  });

  it('retries a call that gets no answer, and reports a timeout when none ever comes', async () => {
    github.failNext(FILES_ROUTE, 'hang');
    expect((await listPullRequestFiles(fakeClient(github), PR)).files).toHaveLength(2);
    github.failNext(FILES_ROUTE, 'hang', 4);
    const error = await failure(listPullRequestFiles(createGitHubClient(TOKEN, { baseUrl: github.url, retries: 1, secondMs: 1, timeoutMs: 100, log: silent }), PR));
    expect(error.message).toBe(`GitHub API ${FILES_ROUTE} failed: no response (no answer within 0.1 s)`);
    expect(error.status).toBeUndefined();
  });

  it('reports a 401 with the endpoint, the status and GitHub\'s message, never the token', async () => {
    const wrong = 'ghp_wrongToken9876543210zyxwvutsrqpon';
    const error = await failure(listPullRequestFiles(fakeClient(github, wrong), PR));
    expect(error.message).toBe(`GitHub API ${FILES_ROUTE} failed: 401 (Bad credentials)`);
    expect(error).toMatchObject({ endpoint: FILES_ROUTE, status: 401, githubMessage: 'Bad credentials', notAccessible: false });
    expectNoToken(error, wrong);
    // 401 is not retried.
    expect(github.requests).toHaveLength(1);
  });

  it('reports a 404 and a 422 with its details, and redacts the token should GitHub ever echo it', async () => {
    github.failNext(FILES_ROUTE, { status: 404 });
    expect((await failure(listPullRequestFiles(fakeClient(github), PR))).message).toBe(`GitHub API ${FILES_ROUTE} failed: 404 (Not Found)`);

    github.failNext(FILES_ROUTE, { status: 422, message: `Validation Failed for ${TOKEN}` });
    const error = await failure(listPullRequestFiles(fakeClient(github), PR));
    expect(error.message).toBe(`GitHub API ${FILES_ROUTE} failed: 422 (Validation Failed for ***)`);
    expectNoToken(error);
  });

  it('tells a read-only token (403 "Resource not accessible by integration") from other 403s', async () => {
    github.failNext(FILES_ROUTE, { status: 403 });
    expect((await failure(listPullRequestFiles(fakeClient(github), PR))).notAccessible).toBe(true);
    github.failNext(FILES_ROUTE, { status: 403, message: 'Must have admin rights to Repository.' });
    expect((await failure(listPullRequestFiles(fakeClient(github), PR))).notAccessible).toBe(false);
  });
});

describe('canWrite', () => {
  const event = (head: string | null, sender = 'alice') => ({
    sender: { login: sender },
    pull_request: { number: 42, head: { sha: 'abc', repo: head === null ? null : { full_name: head } }, base: { repo: { full_name: 'acme/shop' } } },
  });

  it('is true for a pull request from a branch of the same repository', () => {
    expect(canWrite(event('acme/shop'))).toBe(true);
    expect(readOnlyReason(event('acme/shop'))).toBeUndefined();
  });

  it('is false, with the reason, for a fork, a deleted fork, Dependabot, and events without a pull request', () => {
    expect(canWrite(event('mallory/shop'))).toBe(false);
    expect(readOnlyReason(event('mallory/shop'))).toBe('the pull request comes from the fork mallory/shop, so the token is read-only');
    expect(readOnlyReason(event(null))).toMatch(/no longer exists/);
    expect(readOnlyReason(event('acme/shop', 'dependabot[bot]'))).toMatch(/Dependabot/);
    expect(canWrite({ ref: 'refs/heads/main' })).toBe(false);
  });
});
