import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubApiError, type GitHubClient } from '../../src/github/client.js';
import type { GitHubFake } from '../support/github-fake.js';
import { ADDED_PATH, CHANGED_PATH, fakeClient, HEAD_SHA, PR, startFake } from './fixtures.js';

/** The fake is only as good as its checks: these are the mistakes it must catch. */

let github: GitHubFake;
let client: GitHubClient;
beforeEach(async () => {
  github = await startFake();
  client = fakeClient(github);
});
afterEach(() => github.close());

const pull = { owner: PR.owner, repo: PR.repo, pull_number: PR.number };

async function status(call: Promise<unknown>): Promise<number | undefined> {
  try {
    await call;
    return 200;
  } catch (error) {
    if (error instanceof GitHubApiError) return error.status;
    throw error;
  }
}

function review(comments: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return client.octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
    ...pull,
    commit_id: HEAD_SHA,
    event: 'COMMENT',
    body: 'review',
    comments: comments as never,
    ...extra,
  });
}

describe('the GitHub fake', () => {
  it('accepts what GitHub accepts, with violations left empty', async () => {
    expect(await status(review([{ path: ADDED_PATH, body: 'ok', line: 4, side: 'RIGHT', start_line: 3, start_side: 'RIGHT' }]))).toBe(200);
    expect(github.violations).toEqual([]);
  });

  it('answers 422 to a body the OpenAPI description rejects, and records it', async () => {
    expect(await status(review([{ path: ADDED_PATH, body: 'x', line: 'four' }]))).toBe(422);
    expect(github.violations).toEqual([{ kind: 'request', endpoint: 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', message: 'body/comments/0/line must be integer' }]);
  });

  it('records properties and query parameters the description does not have', async () => {
    expect(await status(review([{ path: ADDED_PATH, body: 'x', line: 2, startLine: 1 }]))).toBe(422);
    expect(await status(client.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...pull, perPage: 100 } as never))).toBe(422);
    expect(await status(client.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { ...pull, page: 'two' } as never))).toBe(422);
    expect(github.violations.map((v) => v.message)).toEqual([
      'body/comments/0/startLine is not a property of the request body',
      'unknown query parameter perPage',
      'query parameter page: (root) must be integer',
    ]);
  });

  it('records a path that is no operation of the API', async () => {
    expect(await status(client.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/filez', pull as never))).toBe(404);
    expect(github.violations).toEqual([{ kind: 'request', endpoint: 'GET /repos/acme/shop/pulls/42/filez', message: 'no operation of the GitHub REST API has this method and path' }]);
  });

  it('rejects, as GitHub does, comments outside the diff, across hunks, with position, on another commit, or too long', async () => {
    const cases: [Record<string, unknown>[], Record<string, unknown>, string][] = [
      [[{ path: CHANGED_PATH, body: 'x', line: 3 }], {}, 'Pull request review thread line must be part of the diff'],
      [[{ path: CHANGED_PATH, body: 'x', line: 9, start_line: 6 }], {}, 'Pull request review thread start line must be part of the same hunk as the line.'],
      [[{ path: ADDED_PATH, body: 'x', position: 2 }], {}, 'position is deprecated: use line and side'],
      [[{ path: 'db/elsewhere.sql', body: 'x', line: 1 }], {}, 'Path could not be resolved: db/elsewhere.sql'],
      [[{ path: ADDED_PATH, body: 'x', line: 1 }], { commit_id: 'deadbeef' }, 'No commit found for SHA: deadbeef'],
      [[{ path: ADDED_PATH, body: 'x'.repeat(65_537), line: 1 }], {}, 'Body is too long (maximum is 65536 characters)'],
    ];
    for (const [comments, extra, message] of cases) {
      github.violations.length = 0;
      expect(await status(review(comments, extra))).toBe(422);
      expect(github.violations.map((v) => [v.kind, v.message])).toEqual([['github', expect.stringContaining(message)]]);
    }
    expect(github.state.reviews).toEqual([]);
  });

  it('checks its own answers against the response schemas', async () => {
    github.state.files.push({ filename: 'db/odd.sql', status: 'moved' as never });
    await client.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', pull);
    expect(github.violations).toEqual([
      { kind: 'response', endpoint: 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files', message: expect.stringContaining('/2/status must be equal to one of the allowed values') },
    ]);
  });

  it('pages with Link headers as GitHub does', async () => {
    for (let i = 0; i < 5; i++) github.addIssueComment({ body: `comment ${i}` });
    const first = await client.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner: PR.owner, repo: PR.repo, issue_number: PR.number, per_page: 2 });
    expect(first.data.map((c) => c.body)).toEqual(['comment 0', 'comment 1']);
    expect(first.headers.link).toBe(
      `<${github.url}/repos/acme/shop/issues/42/comments?per_page=2&page=2>; rel="next", <${github.url}/repos/acme/shop/issues/42/comments?per_page=2&page=3>; rel="last"`,
    );
  });

  it('refuses fault injection for an endpoint the API does not have', () => {
    expect(() => github.failNext('GET /repos/{owner}/{repo}/pulls/{pull_number}/filez', { status: 500 })).toThrow(/not an operation/);
  });
});
