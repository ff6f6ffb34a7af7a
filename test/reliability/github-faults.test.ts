/**
 * The Action on a pull request while the GitHub API fails: every call it makes, times every way a call fails.
 * For each: the fake sees the call retried when that can help (5xx, rate limits that clear soon, no answer, a
 * reset connection) and made once when it cannot (401, 403, 404, 422, a rate limit that resets in an hour); the
 * log names the call, the status and what to do, and never the token; every finding is still in the
 * annotations, the job summary, the SARIF file and the JSON report; and the step's result follows the findings
 * and fail-on, not the fault. A fault alone never fails the step, except when it leaves the Action unable to tell
 * what the change is (a shallow checkout, and the pull request's files cannot be listed).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { expectHidden, installAction, JOB_TOKEN, runAction, type ActionRun } from '../action/harness.js';
import { createRepository, git, shallowClone, type Repository } from '../action/repository.js';
import { ACTIONS_BOT, OCTOCAT, startGitHubFake, type FakeFile, type Fault, type GitHubFake } from '../support/github-fake.js';

const PAYLOAD = JSON.parse(readFileSync(resolve('fixtures/action/pull_request.json'), 'utf8'));
const CHANGED = 'db/migrations/003_order_status.sql';

const LIST_FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';
const LIST_REVIEW_COMMENTS = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments';
const CREATE_REVIEW = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const UPDATE_REVIEW_COMMENT = 'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}';
const DELETE_REVIEW_COMMENT = 'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}';
const LIST_ISSUE_COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const CREATE_ISSUE_COMMENT = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const UPDATE_ISSUE_COMMENT = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';
const DELETE_ISSUE_COMMENT = 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}';

/** Every call the Action makes on a pull request. */
const ENDPOINTS = [
  LIST_FILES,
  LIST_REVIEW_COMMENTS,
  CREATE_REVIEW,
  UPDATE_REVIEW_COMMENT,
  DELETE_REVIEW_COMMENT,
  LIST_ISSUE_COMMENTS,
  CREATE_ISSUE_COMMENT,
  UPDATE_ISSUE_COMMENT,
  DELETE_ISSUE_COMMENT,
] as const;
type Endpoint = (typeof ENDPOINTS)[number];

/**
 * The endpoints faulted together in one run: a review-side call and a summary-side one, whose failures do not
 * stop each other. Creating the summary comment needs a pull request without one; the others need one there.
 */
const RUNS = (
  [
    { endpoints: [LIST_FILES, CREATE_ISSUE_COMMENT], summaryComment: false },
    { endpoints: [LIST_REVIEW_COMMENTS, LIST_ISSUE_COMMENTS], summaryComment: true },
    { endpoints: [CREATE_REVIEW, DELETE_ISSUE_COMMENT], summaryComment: true },
    { endpoints: [UPDATE_REVIEW_COMMENT, UPDATE_ISSUE_COMMENT], summaryComment: true },
    { endpoints: [DELETE_REVIEW_COMMENT], summaryComment: true },
  ] as { endpoints: Endpoint[]; summaryComment: boolean }[]
).map((run) => ({ ...run, name: run.endpoints.join(' and ') }));

/** The Action's client makes a call at most 1 + 3 times (src/github/client.ts). */
const ATTEMPTS = 4;
/** The request timeout the Action gets in the rows that need one (it is 30 s otherwise). */
const TIMEOUT_MS = 1000;

const SECONDARY_RATE_LIMIT = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
const PRIMARY_RATE_LIMIT = 'API rate limit exceeded for installation ID 1.';
const OUTSIDE_DIFF = 'Pull request review thread line must be part of the diff';
const TOO_LONG = 'body is too long (maximum is 65536 characters)';

interface FaultRow {
  name: string;
  /** What the endpoint answers, in turn; when the fault lasts, the last one repeats. */
  faults: Fault[] | ((endpoint: Endpoint) => Fault[]);
  retried: boolean;
  /** How the log names what the last try got: the status with GitHub's message, or why no answer came. */
  failure: string | ((endpoint: Endpoint) => string);
  /** A phrase of the advice in the log, by the failed call. */
  advice: (endpoint: Endpoint) => string;
  timeoutMs?: number;
}

const RERUN = 'GitHub did not answer properly, even after retries: rerun the job';
const RATE_LIMIT_ADVICE = "GitHub's API rate limit was hit and did not clear soon enough";

const FAULTS: FaultRow[] = [
  { name: '401 bad credentials', faults: [{ status: 401 }], retried: false, failure: '401 (Bad credentials)', advice: () => 'set it to a valid token' },
  {
    name: '403 resource not accessible by integration (a read-only token)',
    faults: [{ status: 403 }],
    retried: false,
    failure: '403 (Resource not accessible by integration)',
    // Listing the files needs read access; everything else is for commenting.
    advice: (endpoint) => (endpoint === LIST_FILES ? '`pull-requests: read`' : '`pull-requests: write`'),
  },
  {
    name: 'rate limits that clear soon: primary (403, x-ratelimit-reset in a second), secondary (403, then 429, with retry-after)',
    faults: ['rate-limit', 'secondary-rate-limit', { status: 429, message: SECONDARY_RATE_LIMIT, headers: { 'retry-after': '1' } }],
    retried: true,
    failure: `429 (${SECONDARY_RATE_LIMIT})`,
    advice: () => RATE_LIMIT_ADVICE,
  },
  {
    name: '403 primary rate limit resetting in an hour (not waited for)',
    faults: [
      {
        status: 403,
        message: PRIMARY_RATE_LIMIT,
        headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) },
      },
    ],
    retried: false,
    failure: `403 (${PRIMARY_RATE_LIMIT})`,
    advice: () => RATE_LIMIT_ADVICE,
  },
  { name: '404 not found', faults: [{ status: 404 }], retried: false, failure: '404 (Not Found)', advice: () => 'GitHub found no such pull request or comment' },
  {
    // GitHub's description has a review's 422 carry sentences, and the other calls' carry objects.
    name: '422 validation failed (a review comment on a line outside the diff, a body too long)',
    faults: (endpoint) =>
      endpoint === CREATE_REVIEW
        ? [{ status: 422, message: 'Unprocessable Entity', errors: [OUTSIDE_DIFF] }]
        : [{ status: 422, message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: TOO_LONG }] }],
    retried: false,
    failure: (endpoint) => (endpoint === CREATE_REVIEW ? `422 (Unprocessable Entity: ${OUTSIDE_DIFF})` : `422 (Validation Failed: ${TOO_LONG})`),
    advice: () => 'please report this to sql-preflight',
  },
  { name: '500, 502 and 503', faults: [{ status: 500 }, { status: 502 }, { status: 503 }], retried: true, failure: '503 (Service Unavailable)', advice: () => RERUN },
  { name: 'no answer (timeout)', faults: ['hang'], retried: true, failure: `no response (no answer within ${TIMEOUT_MS / 1000} s)`, advice: () => RERUN, timeoutMs: TIMEOUT_MS },
  { name: 'a reset connection', faults: ['reset'], retried: true, failure: 'no response (read ECONNRESET)', advice: () => RERUN },
];

let action: string;
let repository: Repository;
let files: FakeFile[];
/** The run without faults, on a pull request without a summary comment yet: what every faulted run must report. */
let reference: Reported;
/** Where that run put its review comments. */
let referenceAnchors: string[];

beforeAll(() => {
  action = installAction();
  repository = createRepository();
  files = pullRequestFiles(repository);
});

// The copy of the Action is 26 MB.
afterAll(() => {
  for (const dir of [action, repository.dir]) rmSync(dir, { recursive: true, force: true });
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

/**
 * The pull request as an earlier run and people left it, so that this run makes every call: a comment of ours
 * on a finding that is gone (to delete), one that someone replied to (to mark resolved), and, with
 * `summaryComment`, our summary comment twice, as two racing runs leave it (the second to delete, the first to
 * edit). Without, the summary comment is created. The fake is closed, its violations checked, when the test ends.
 */
async function pullRequestAfterEarlierRun(context: TestContext, options: { summaryComment: boolean }): Promise<GitHubFake> {
  const github = await startGitHubFake({
    owner: 'acme',
    repo: 'shop',
    token: JOB_TOKEN,
    pull: { number: 42, headSha: repository.head, baseSha: repository.base, files },
  });
  context.onTestFinished(async () => {
    await github.close();
    expect(github.violations).toEqual([]);
  });
  github.addReviewComment({ path: CHANGED, line: 1, body: '<!-- sql-preflight:finding:fixed-since -->\nA finding that is gone.', user: ACTIONS_BOT });
  const answered = github.addReviewComment({ path: CHANGED, line: 2, body: '<!-- sql-preflight:finding:answered -->\nAnother one.', user: ACTIONS_BOT });
  github.addReviewComment({ path: CHANGED, line: 2, body: 'We fixed it, thanks.', user: OCTOCAT, inReplyTo: answered.id });
  if (options.summaryComment) {
    for (let i = 0; i < 2; i++) github.addIssueComment({ body: '<!-- sql-preflight:summary -->\nAn earlier summary.', user: ACTIONS_BOT });
  }
  return github;
}

/** Each Action run is a Node process replaying migrations on PGlite: more of them than cores only slows each. */
const actionSlots = semaphore(availableParallelism());

function pullRequest(github: GitHubFake, options: { workspace?: string; inputs?: Record<string, string>; timeoutMs?: number } = {}): Promise<ActionRun> {
  return actionSlots(() =>
    runAction(action, {
      workspace: options.workspace ?? repository.dir,
      eventName: 'pull_request',
      payload: PAYLOAD,
      inputs: {
        database: 'pglite',
        'fail-on': 'never',
        'sarif-file': join(mkdtempSync(join(tmpdir(), 'preflight-sarif-')), 'sql-preflight.sarif'),
        ...options.inputs,
      },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_SHA: repository.merge,
        GITHUB_REF: 'refs/pull/42/merge',
        // Back-off, retry-after and GitHub's pacing of writes in milliseconds instead of seconds.
        SQL_PREFLIGHT_GITHUB_SECOND_MS: '1',
        SQL_PREFLIGHT_GITHUB_TIMEOUT_MS: String(options.timeoutMs ?? 30_000),
      },
    }),
  );
}

function semaphore(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    while (active >= size) await new Promise<void>((wake) => waiting.push(wake));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** What a run reported, wherever the Action writes it, but for how long each statement took. */
interface Reported {
  annotations: ActionRun['annotations'];
  reportFindings: unknown[];
  sarifResults: unknown[];
  /** The job summary's table rows that start with a severity: every finding, and those GitHub does not annotate. */
  summaryRows: string[];
}

function reported(run: ActionRun): Reported {
  const untimed = (text: string) => text.replace(/ran in [\d.]+ ms/g, 'ran in … ms');
  const parse = (path: string) => JSON.parse(readFileSync(path, 'utf8'), (key, value) => (key === 'durationMs' ? undefined : value));
  return {
    annotations: run.annotations.filter((a) => a.properties.file).map((a) => ({ ...a, message: untimed(a.message) })),
    reportFindings: parse(run.outputs.report!).findings,
    sarifResults: parse(run.outputs.sarif!).runs[0].results,
    summaryRows: run.summary.split('\n').filter((line) => /^\| (Error|Warning|Notice) \|/.test(line)),
  };
}

/** The lines of the log that say a GitHub call failed, as `warning: ...` (an annotation) or `info: ...`. */
function failureLines(run: ActionRun): string[] {
  const warnings = run.annotations.filter((a) => !a.properties.file && a.level === 'warning').map((a) => `warning: ${a.message}`);
  const infos = run.stdout.split('\n').filter((line) => line.startsWith('sql-preflight: ')).map((line) => `info: ${line}`);
  return [...warnings, ...infos].filter((line) => line.includes('GitHub API '));
}

/**
 * The start of the log line for a call that failed for good, or undefined when there is nothing to report: a
 * comment to delete that is already gone is what was wanted. A token that may not write makes the Action leave
 * the review or the summary comment out, which is an info line; anything else is a warning.
 */
function expectedLine(endpoint: Endpoint, row: FaultRow): string | undefined {
  const failure = typeof row.failure === 'string' ? row.failure : row.failure(endpoint);
  const call = `GitHub API ${endpoint} failed: ${failure}`;
  const notAccessible = failure.startsWith('403 (Resource not accessible');
  if (failure.startsWith('404') && endpoint.startsWith('DELETE ')) return undefined;
  switch (endpoint) {
    case LIST_FILES:
      return `warning: sql-preflight could not list the pull request's files (${call})`;
    case LIST_REVIEW_COMMENTS:
    case CREATE_REVIEW:
      if (notAccessible) return `info: sql-preflight: no review (${call})`;
      if (endpoint === CREATE_REVIEW && failure.startsWith('422')) return `warning: sql-preflight's review was refused (${call})`;
      return `warning: sql-preflight could not post its review (${call})`;
    case UPDATE_REVIEW_COMMENT:
    case DELETE_REVIEW_COMMENT:
      return `warning: sql-preflight could not delete or mark resolved its comments on findings that are gone (${call})`;
    default:
      return notAccessible ? `info: sql-preflight: no summary comment (${call})` : `warning: sql-preflight could not post its summary comment (${call})`;
  }
}

/** The findings, the exit and the token, whatever GitHub did. */
function expectReportedAsWithoutFaults(run: ActionRun): void {
  expect(reported(run)).toEqual(reference);
  expect(run.code, 'fail-on: never, and GitHub faults alone do not fail the step').toBe(0);
  expect(run.stderr).toBe('');
  expectHidden(run, JOB_TOKEN);
  expect(readFileSync(run.outputs.sarif!, 'utf8')).not.toContain(JOB_TOKEN);
}

/** Path and lines of each comment of the run's review. */
function reviewAnchors(github: GitHubFake): string[] {
  const [review, ...more] = github.state.reviews;
  expect(more).toEqual([]);
  return github.state.reviewComments.filter((c) => c.reviewId === review?.id).map((c) => `${c.path}:${c.startLine ?? c.line}-${c.line}`);
}

const calls = (github: GitHubFake, endpoint: Endpoint) => github.requests.filter((r) => r.endpoint === endpoint);
const succeeded = (status: number | undefined) => status !== undefined && status < 300;

describe('the Action on a pull request, with GitHub answering', () => {
  it('makes each call of the table, and reports 16 findings', async (context) => {
    const fresh = await pullRequestAfterEarlierRun(context, { summaryComment: false });
    const first = await pullRequest(fresh);
    reference = reported(first);
    referenceAnchors = reviewAnchors(fresh);
    const again = await pullRequestAfterEarlierRun(context, { summaryComment: true });
    const second = await pullRequest(again);

    const called = new Set([...fresh.requests, ...again.requests].map((r) => r.endpoint));
    expect([...called].sort()).toEqual([...ENDPOINTS].sort());
    // As test/action/pull-request.test.ts counts them: 2 errors, 2 warnings, 12 notices, 14 annotated.
    expect(reference.reportFindings).toHaveLength(16);
    expect(reference.sarifResults).toHaveLength(16);
    expect(reference.annotations).toHaveLength(14);
    expect(reference.summaryRows).toHaveLength(16 + 2);
    for (const [run, github] of [
      [first, fresh],
      [second, again],
    ] as const) {
      expectReportedAsWithoutFaults(run);
      expect(failureLines(run)).toEqual([]);
      expect(github.requests.every((r) => succeeded(r.status))).toBe(true);
      expect(github.state.issueComments.map((c) => c.body.trim())).toEqual([run.summary.trim()]);
    }
  }, 120_000);
});

describe.concurrent.each(FAULTS)('the Action on a pull request, with GitHub answering $name', (row) => {
  it.for(RUNS)(
    `on $name: ${row.retried ? `tried ${ATTEMPTS} times` : 'tried once'}, named in the log with what to do, every finding still reported, and the step not failed`,
    { timeout: 120_000 },
    async ({ endpoints, summaryComment }, context) => {
      const github = await pullRequestAfterEarlierRun(context, { summaryComment });
      for (const endpoint of endpoints) {
        const faults = typeof row.faults === 'function' ? row.faults(endpoint) : row.faults;
        for (const fault of [...faults, ...Array<Fault>(ATTEMPTS).fill(faults.at(-1)!)]) github.failNext(endpoint, fault);
      }
      const run = await pullRequest(github, { timeoutMs: row.timeoutMs });

      const expectedLines: string[] = [];
      for (const endpoint of endpoints) {
        expect(calls(github, endpoint).length, `tries of ${endpoint}`).toBe(row.retried ? ATTEMPTS : 1);
        expect(calls(github, endpoint).some((r) => succeeded(r.status))).toBe(false);
        const line = expectedLine(endpoint, row);
        if (line === undefined) continue;
        expectedLines.push(line);
        const logged = failureLines(run).filter((l) => l.startsWith(line));
        expect(logged, `the log line for ${endpoint}`).toEqual([expect.stringContaining(row.advice(endpoint))]);
      }
      // Nothing else is said to have failed.
      expect(failureLines(run).filter((l) => !expectedLines.some((start) => l.startsWith(start)))).toEqual([]);
      expectReportedAsWithoutFaults(run);

      if (endpoints.includes(CREATE_REVIEW) && row.name.startsWith('422')) {
        // A refused review loses no finding: the summary lists each comment it carried.
        const refused = (calls(github, CREATE_REVIEW)[0]!.body as { comments: unknown[] }).comments;
        expect(run.summary.split('\n').filter((l) => l.endsWith('| GitHub refused the review that carried it |'))).toHaveLength(refused.length);
      }
    },
  );
});

describe.concurrent.each(FAULTS.filter((row) => row.retried))('the Action on a pull request, with GitHub answering $name, then answering', (row) => {
  it.for([{ summaryComment: false }, { summaryComment: true }])(
    'retries each call until it goes through, comments as without the faults, says nothing failed, and passes (summary comment there: $summaryComment)',
    { timeout: 120_000 },
    async ({ summaryComment }, context) => {
      const github = await pullRequestAfterEarlierRun(context, { summaryComment });
      for (const endpoint of ENDPOINTS) for (const fault of typeof row.faults === 'function' ? row.faults(endpoint) : row.faults) github.failNext(endpoint, fault);
      const run = await pullRequest(github, { timeoutMs: row.timeoutMs });

      const called = ENDPOINTS.filter((endpoint) => calls(github, endpoint).length > 0);
      expect(called).toEqual(ENDPOINTS.filter((e) => (summaryComment ? e !== CREATE_ISSUE_COMMENT : e !== UPDATE_ISSUE_COMMENT && e !== DELETE_ISSUE_COMMENT)));
      for (const endpoint of called) {
        const statuses = calls(github, endpoint).map((r) => r.status);
        expect(succeeded(statuses[0]), `the first call of ${endpoint} failed`).toBe(false);
        expect(statuses.some(succeeded), `a later call of ${endpoint} went through`).toBe(true);
      }
      expect(failureLines(run)).toEqual([]);
      expect(reviewAnchors(github)).toEqual(referenceAnchors);
      expect(github.state.reviewComments.map((c) => c.body.split('\n')[0])).toEqual([
        '<!-- sql-preflight:finding:answered --><!-- sql-preflight:resolved -->',
        'We fixed it, thanks.',
        ...referenceAnchors.map(() => expect.stringMatching(/^<!-- sql-preflight:finding:[\w-]+ -->$/)),
      ]);
      expect(github.state.issueComments.map((c) => c.body.trim())).toEqual([run.summary.trim()]);
      expectReportedAsWithoutFaults(run);
    },
  );
});

describe('the step\'s result, with GitHub failing', () => {
  it('follows the findings and fail-on, not the faults, when every call fails', async (context) => {
    const github = await pullRequestAfterEarlierRun(context, { summaryComment: true });
    for (const endpoint of ENDPOINTS) github.failNext(endpoint, { status: 503 }, ATTEMPTS);
    const run = await pullRequest(github, { inputs: { 'fail-on': 'error' } });
    expect(run.code).toBe(1);
    const errors = JSON.parse(readFileSync(run.outputs.report!, 'utf8')).summary.error;
    expect(errors, 'the errors of test/action/pull-request.test.ts').toBe(2);
    expect(run.annotations.filter((a) => a.level === 'error' && !a.properties.file).map((a) => a.message)).toEqual([
      'sql-preflight found 2 problems at or above fail-on: error.',
    ]);
    expect(failureLines(run).map((line) => line.slice(0, line.indexOf(' failed: 503')))).toEqual([
      `warning: sql-preflight could not list the pull request's files (GitHub API ${LIST_FILES}`,
      `warning: sql-preflight could not post its summary comment (GitHub API ${LIST_ISSUE_COMMENTS}`,
    ]);
  }, 120_000);

  it('fails when the checkout is shallow and the pull request\'s files cannot be listed: the change is then unknown', async (context) => {
    const github = await pullRequestAfterEarlierRun(context, { summaryComment: true });
    github.failNext(LIST_FILES, { status: 502 }, ATTEMPTS);
    const run = await pullRequest(github, { workspace: shallowClone(repository) });
    expect(run.code).toBe(1);
    expect(run.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([
      `Cannot tell which migrations the pull request changes: its base commit ${repository.base} is not in the checkout (use fetch-depth: 0 in ` +
        'actions/checkout) and its files could not be listed through the GitHub API.',
    ]);
    expect(failureLines(run)).toEqual([expect.stringContaining(`warning: sql-preflight could not list the pull request's files (GitHub API ${LIST_FILES} failed: 502 (Server Error))`)]);
    expect(run.outputs.findings).toBe('');
    expectHidden(run, JOB_TOKEN);
  }, 120_000);
});
