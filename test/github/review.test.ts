import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types.js';
import { listPullRequestFiles } from '../../src/github/pull-request.js';
import { publishReview, type Fallback, type PublishedReview } from '../../src/github/review.js';
import { renderSummary, upsertSummaryComment } from '../../src/github/summary.js';
import { ACTIONS_BOT, type GitHubFake } from '../support/github-fake.js';
import {
  ADDED_PATH,
  CHANGED_PATH,
  changedLineFinding,
  columnFinding,
  dropFinding,
  fakeClient,
  HEAD_SHA,
  indexFinding,
  makeReport,
  outsideFinding,
  PR,
  readSource,
  startFake,
} from './fixtures.js';

const REVIEWS = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const ALL = [indexFinding, columnFinding, dropFinding, outsideFinding, changedLineFinding];

let github: GitHubFake;
beforeEach(async () => {
  github = await startFake();
});
afterEach(() => github.close());

/** One run of the Action's pull-request side: the review, then the sticky summary. */
async function run(findings: Finding[], maxInlineComments = 30, readFile = readSource) {
  const client = fakeClient(github);
  const report = makeReport(findings);
  const changedFiles = await listPullRequestFiles(client, PR);
  const review = await publishReview(client, PR, report, { changedFiles, readFile, maxInlineComments });
  const overflow = 'fallback' in review ? [] : review.skipped;
  const summary = await upsertSummaryComment(client, PR, renderSummary(report, { pr: PR, overflow, runTimeMs: 1234 }));
  return { review: review as PublishedReview, summary };
}

const reviewCalls = () => github.requests.filter((r) => r.endpoint === REVIEWS);
const liveComments = () => github.state.reviewComments.filter((c) => !c.body.includes('sql-preflight:resolved'));

describe('publishReview and the summary comment', () => {
  it('posts one review on the head commit with the findings on changed lines, most severe first, and one summary', async () => {
    const { review, summary } = await run(ALL);

    expect(reviewCalls()).toHaveLength(1);
    const sent = reviewCalls()[0]!.body as { commit_id: string; event: string; comments: Record<string, unknown>[] };
    expect(sent.commit_id).toBe(HEAD_SHA);
    expect(sent.event).toBe('COMMENT');
    expect(sent.comments.map(({ body: _body, ...anchor }) => anchor)).toEqual([
      { path: ADDED_PATH, line: 2, side: 'RIGHT' },
      { path: ADDED_PATH, line: 4, side: 'RIGHT', start_line: 3, start_side: 'RIGHT' },
      { path: ADDED_PATH, line: 5, side: 'RIGHT' },
      { path: CHANGED_PATH, line: 11, side: 'RIGHT' },
    ]);
    expect(sent.comments.some((c) => 'position' in c)).toBe(false);
    expect(sent.comments[0]!.body).toContain(`<!-- sql-preflight:finding:${indexFinding.fingerprint} -->`);
    expect(sent.comments[0]!.body).toContain('```suggestion\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n```');

    expect(review.posted.map((p) => p.finding)).toEqual([indexFinding, columnFinding, dropFinding, changedLineFinding]);
    expect(review.skipped).toEqual([{ finding: outsideFinding, reason: 'outside-diff' }]);
    expect(review).toMatchObject({ kept: [], deleted: [], resolved: [], reviewId: github.state.reviews[0]!.id });

    expect(summary).toMatchObject({ action: 'created' });
    expect(github.state.issueComments).toHaveLength(1);
    const body = github.state.issueComments[0]!.body;
    expect(body.startsWith('<!-- sql-preflight:summary -->')).toBe(true);
    expect(body).toContain('**5 problems** (1 error, 2 warnings, 2 notices)');
    expect(body).toContain(`[db/migrations/20240101\\_init.sql:2](https://github.com/acme/shop/blob/${HEAD_SHA}/db/migrations/20240101_init.sql#L2-L6)`);
    expect(body).toContain('1 finding without an inline comment');
    expect(body).toContain('not on a line this pull request changes');
    expect(github.violations).toEqual([]);
  });

  it('posts nothing new on a second run and updates the summary instead of adding one', async () => {
    await run(ALL);
    const requestsBefore = github.requests.length;
    const { review, summary } = await run(ALL);

    expect(reviewCalls()).toHaveLength(1);
    expect(review.posted).toEqual([]);
    expect(review.kept).toEqual([indexFinding, columnFinding, dropFinding, changedLineFinding]);
    expect(github.state.reviewComments).toHaveLength(4);
    expect(github.state.issueComments).toHaveLength(1);
    // Nothing changed, so the summary is not even edited.
    expect(summary).toMatchObject({ action: 'unchanged', id: github.state.issueComments[0]!.id });
    expect(github.requests.slice(requestsBefore).map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);

    const third = await run([indexFinding]);
    expect(third.summary).toMatchObject({ action: 'updated' });
    expect(github.state.issueComments).toHaveLength(1);
    expect(github.state.issueComments[0]!.body).toContain('**1 problem** (1 error)');
    expect(github.violations).toEqual([]);
  });

  it('says plainly when there are no findings, and keeps the summary comment', async () => {
    await run([indexFinding]);
    const { review } = await run([]);
    expect(review.deleted).toHaveLength(1);
    expect(github.state.reviewComments).toEqual([]);
    expect(github.state.issueComments).toHaveLength(1);
    expect(github.state.issueComments[0]!.body).toContain('No problems found in 2 files, 9 statements.');
  });

  it('deletes the comment of a fixed finding, and marks resolved one that people replied to', async () => {
    await run(ALL);
    const dropComment = github.state.reviewComments.find((c) => c.body.includes(dropFinding.fingerprint))!;
    const indexComment = github.state.reviewComments.find((c) => c.body.includes(indexFinding.fingerprint))!;
    const reply = github.addReviewComment({ path: ADDED_PATH, line: 2, body: 'We run this at night, is that enough?', inReplyTo: indexComment.id });

    const { review } = await run([columnFinding, outsideFinding, changedLineFinding]);
    expect(review.deleted).toEqual([dropComment.id]);
    expect(review.resolved).toEqual([indexComment.id]);
    expect(review.posted).toEqual([]);
    const resolved = github.state.reviewComments.find((c) => c.id === indexComment.id)!;
    expect(resolved.body).toContain(`<!-- sql-preflight:finding:${indexFinding.fingerprint} --><!-- sql-preflight:resolved -->`);
    expect(resolved.body).toContain(`no longer reports this as of ${HEAD_SHA.slice(0, 7)}`);
    expect(github.state.reviewComments.map((c) => c.id)).toContain(reply.id);

    // Once resolved, the comment is left alone; when the finding comes back it gets a new comment.
    const again = await run([columnFinding, outsideFinding, changedLineFinding]);
    expect(again.review).toMatchObject({ posted: [], deleted: [], resolved: [] });
    const back = await run([indexFinding, columnFinding]);
    expect(back.review.posted.map((p) => p.finding)).toEqual([indexFinding]);
    expect(liveComments().filter((c) => c.body.includes(indexFinding.fingerprint))).toHaveLength(1);
    expect(github.violations).toEqual([]);
  });

  it('deletes a second comment on one finding, left by two runs racing, unless people replied to it', async () => {
    await run([indexFinding, dropFinding]);
    const [index, drop] = github.state.reviewComments;
    const copy = github.addReviewComment({ path: ADDED_PATH, line: 2, body: index!.body, user: ACTIONS_BOT });
    const answered = github.addReviewComment({ path: ADDED_PATH, line: 5, body: drop!.body, user: ACTIONS_BOT });
    github.addReviewComment({ path: ADDED_PATH, line: 5, body: 'Noted.', inReplyTo: answered.id });
    const { review } = await run([indexFinding, dropFinding]);
    expect(review).toMatchObject({ posted: [], deleted: [copy.id], resolved: [] });
    expect(github.state.reviewComments.map((c) => c.id)).toContain(answered.id);
  });

  it('posts at most maxInlineComments, keeping the most severe, and lists the rest in the summary', async () => {
    const { review } = await run(ALL, 2);
    expect(review.posted.map((p) => p.finding)).toEqual([indexFinding, columnFinding]);
    expect(review.skipped).toEqual([
      { finding: outsideFinding, reason: 'outside-diff' },
      { finding: dropFinding, reason: 'over-cap' },
      { finding: changedLineFinding, reason: 'over-cap' },
    ]);
    const body = github.state.issueComments[0]!.body;
    expect(body).toContain('3 findings without an inline comment');
    expect(body).toContain(`[db/migrations/20240102\\_orders.sql:5](https://github.com/acme/shop/blob/${HEAD_SHA}/db/migrations/20240102_orders.sql#L5) | \`ban-drop-column\` | over the limit of inline comments |`);

    // The cap counts our comments already there: a second run with room for 3 adds only one.
    const second = await run(ALL, 3);
    expect(second.review.kept).toHaveLength(2);
    expect(second.review.posted.map((p) => p.finding)).toEqual([dropFinding]);
  });

  it('never sends a comment on a line outside the diff', async () => {
    // The hunk of the older migration covers lines 8-12; the last finding is in a file the pull request leaves alone.
    const { review } = await run([outsideFinding, makeOutside(7), makeOutside(13), { ...makeOutside(1), file: 'db/migrations/20231231_base.sql' }]);
    expect(review.posted).toEqual([]);
    expect(review.skipped.map((s) => s.reason)).toEqual(['outside-diff', 'outside-diff', 'outside-diff', 'outside-diff']);
    expect(reviewCalls()).toEqual([]);
    expect(github.violations).toEqual([]);
  });

  it('does not comment when the checked-out file differs from the head commit on those lines', async () => {
    const stale = (path: string) => (path === ADDED_PATH ? readSource(path)!.replace('CREATE INDEX', 'CREATE UNIQUE INDEX') : readSource(path));
    const { review } = await run([indexFinding, dropFinding], 30, stale);
    expect(review.skipped).toEqual([{ finding: indexFinding, reason: 'workspace-differs' }]);
    expect(review.posted.map((p) => p.finding)).toEqual([dropFinding]);
  });

  it('falls back instead of failing when the token is read-only (a fork)', async () => {
    github.state.readOnly = true;
    const client = fakeClient(github);
    const report = makeReport(ALL);
    const changedFiles = await listPullRequestFiles(client, PR);
    const review = await publishReview(client, PR, report, { changedFiles, readFile: readSource, maxInlineComments: 30 });
    expect(review).toEqual({ fallback: `GitHub API ${REVIEWS} failed: 403 (Resource not accessible by integration)` } satisfies Fallback);
    const summary = await upsertSummaryComment(client, PR, renderSummary(report));
    expect(summary).toEqual({ fallback: 'GitHub API POST /repos/{owner}/{repo}/issues/{issue_number}/comments failed: 403 (Resource not accessible by integration)' });
    expect(github.state.reviewComments).toEqual([]);
    expect(github.violations).toEqual([]);
  });

  it('retries a review that failed with a 5xx, without posting twice what GitHub created anyway', async () => {
    github.failNext(REVIEWS, { status: 502 });
    await run([indexFinding]);
    expect(reviewCalls().map((r) => r.status)).toEqual([502, 200]);
    expect(github.state.reviewComments).toHaveLength(1);

    github.failNext(REVIEWS, { status: 502, processed: true });
    const { review } = await run([indexFinding, dropFinding]);
    expect(reviewCalls().map((r) => r.status)).toEqual([502, 200, 502]);
    expect(review.posted.map((p) => p.finding)).toEqual([dropFinding]);
    expect(github.state.reviewComments).toHaveLength(2);
  });

  it('retries a summary comment held up by a secondary rate limit, and never creates a second one', async () => {
    github.failNext('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', 'secondary-rate-limit');
    github.failNext('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { status: 500, processed: true });
    const { summary } = await run([indexFinding]);
    expect(summary).toMatchObject({ action: 'created' });
    expect(github.state.issueComments).toHaveLength(1);
    // A duplicate left by two racing runs is removed; a comment of someone else is kept.
    github.addIssueComment({ body: github.state.issueComments[0]!.body });
    const human = github.addIssueComment({ body: 'Thanks, bot.' });
    await run([dropFinding]);
    expect(github.state.issueComments.map((c) => c.id)).toEqual([github.state.issueComments[0]!.id, human.id]);
    expect(github.violations).toEqual([]);
  });
});

function makeOutside(line: number): Finding {
  return { ...outsideFinding, line, endLine: line, endColumn: 5, fingerprint: `outside-${line}` };
}
