import { LineIndex } from '../core/source.js';
import { SEVERITIES, type Finding, type Report } from '../core/types.js';
import { allPages, GitHubApiError, sleep, type GitHubClient } from './client.js';
import { parseFindingComment, renderResolvedComment, renderReviewComment } from './comment.js';
import { anchoredText, anchorFinding, parsePatch, type Anchor, type Hunk } from './diff.js';
import { plural } from './markdown.js';
import type { PullRequestFiles, PullRequestRef } from './pull-request.js';

export interface PublishReviewOptions {
  /** The pull request's files as `listPullRequestFiles` returns them: their patches say which lines may be commented. */
  changedFiles: PullRequestFiles;
  /** The head version of a file (by its repository path), for suggestions; undefined when it cannot be read. */
  readFile(path: string): string | undefined | Promise<string | undefined>;
  /** The most inline comments of ours on the pull request; the rest of the findings go to the summary. */
  maxInlineComments: number;
}

/**
 * Why a finding got no inline comment:
 * - `outside-diff`: its last line is not in a hunk of the pull request's diff (GitHub would reject the review);
 * - `not-listed`: its file is not among the 3,000 files GitHub lists for a pull request;
 * - `workspace-differs`: the checked-out file does not have the head commit's text on those lines (e.g. the merge
 *   commit was checked out and the base branch changed the file), so the finding's lines cannot be trusted;
 * - `over-cap`: more important findings took every inline slot;
 * - `rejected`: GitHub refused the review (422) that carried it.
 */
export type SkipReason = 'outside-diff' | 'not-listed' | 'workspace-differs' | 'over-cap' | 'rejected';

export interface SkippedFinding {
  finding: Finding;
  reason: SkipReason;
}

export interface PostedComment extends Anchor {
  finding: Finding;
  path: string;
}

export interface PublishedReview {
  /** The review that carries this run's new comments; undefined when there were none. */
  reviewId?: number;
  posted: PostedComment[];
  /** Findings an earlier run commented on, whose comments stay as they are. */
  kept: Finding[];
  /** Findings without an inline comment, for the summary. */
  skipped: SkippedFinding[];
  /** Ids of our comments deleted because their finding is gone. */
  deleted: number[];
  /** Ids of our comments whose finding is gone but that people replied to: kept, edited to say so. */
  resolved: number[];
  /** Why GitHub refused the review; its findings are then in `skipped`, as `rejected`. */
  rejected?: GitHubApiError;
  /** Why our comments from earlier runs could not all be deleted or marked resolved; the review itself is posted. */
  tidyFailed?: GitHubApiError;
}

/** Returned instead of throwing when the token may not write: the caller falls back to annotations. */
export interface Fallback {
  fallback: string;
}

interface OurComment {
  id: number;
  body: string;
  fingerprint: string;
  resolved: boolean;
}

interface PlannedComment extends PostedComment {
  body: string;
}

/**
 * Posts the findings on the lines the pull request changes as ONE review (`event: COMMENT`, on the head commit),
 * most severe first and at most `maxInlineComments` of ours in all. Findings commented on by an earlier run are
 * not posted again; our comments whose finding is gone are deleted, or marked resolved when people replied.
 */
export async function publishReview(client: GitHubClient, pr: PullRequestRef, report: Report, options: PublishReviewOptions): Promise<PublishedReview | Fallback> {
  try {
    return await publish(client, pr, report, options);
  } catch (error) {
    if (error instanceof GitHubApiError && error.notAccessible) return { fallback: error.message };
    throw error;
  }
}

async function publish(client: GitHubClient, pr: PullRequestRef, report: Report, options: PublishReviewOptions): Promise<PublishedReview> {
  const existing = await listReviewComments(client, pr);
  const replied = new Set(existing.flatMap((comment) => comment.in_reply_to_id ?? []));
  const ours = existing.flatMap((comment): OurComment[] => {
    const parsed = comment.in_reply_to_id === undefined ? parseFindingComment(comment.body) : undefined;
    // Ids are int64 in the spec, so Octokit types them `number | bigint`; GitHub's stay far below 2^53.
    return parsed ? [{ id: Number(comment.id), body: comment.body, ...parsed }] : [];
  });
  const commented = new Set(ours.filter((c) => !c.resolved).map((c) => c.fingerprint));

  const result: PublishedReview = { posted: [], kept: [], skipped: [], deleted: [], resolved: [] };
  const hunks = new Map(options.changedFiles.files.map((file) => [file.path, parsePatch(file.patch)]));
  const texts = new Map<string, string | undefined>();
  const planned: PlannedComment[] = [];
  let inline = 0;
  for (const finding of bySeverity(report.findings)) {
    if (commented.has(finding.fingerprint)) {
      result.kept.push(finding);
      inline++;
      continue;
    }
    const fileHunks = hunks.get(finding.file);
    const anchor = fileHunks && anchorFinding(finding, fileHunks);
    if (!fileHunks || !anchor) {
      result.skipped.push({ finding, reason: !fileHunks && options.changedFiles.truncated ? 'not-listed' : 'outside-diff' });
      continue;
    }
    if (!texts.has(finding.file)) texts.set(finding.file, await options.readFile(finding.file));
    const text = texts.get(finding.file);
    if (text !== undefined && !headLinesMatch(text, anchor, fileHunks)) {
      result.skipped.push({ finding, reason: 'workspace-differs' });
      continue;
    }
    if (inline >= options.maxInlineComments) {
      result.skipped.push({ finding, reason: 'over-cap' });
      continue;
    }
    inline++;
    const lines = { start: anchor.startLine ?? anchor.line, end: anchor.line };
    planned.push({ finding, path: finding.file, ...anchor, body: renderReviewComment(finding, text, lines) });
  }

  try {
    result.reviewId = await postReview(client, pr, planned);
    result.posted = planned.map(({ body: _body, ...comment }) => comment);
  } catch (error) {
    if (!(error instanceof GitHubApiError && error.status === 422)) throw error;
    // GitHub refuses the whole review for one comment it will not take (e.g. on a line it does not see in the
    // diff) without saying which, so every planned comment goes to the summary rather than be lost.
    result.rejected = error;
    result.skipped.push(...planned.map(({ finding }) => ({ finding, reason: 'rejected' as const })));
  }

  try {
    await tidy(client, pr, report, ours, replied, result);
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    result.tidyFailed = error;
  }
  return result;
}

/** Deletes our comments whose finding is gone, or marks them resolved when people replied to them. */
async function tidy(client: GitHubClient, pr: PullRequestRef, report: Report, ours: readonly OurComment[], replied: ReadonlySet<number>, result: PublishedReview): Promise<void> {
  const current = new Set(report.findings.map((f) => f.fingerprint));
  const seen = new Set<string>();
  for (const comment of ours) {
    if (comment.resolved) continue;
    const gone = !current.has(comment.fingerprint);
    // A second live comment on one finding comes from two runs racing; the first one is enough.
    const duplicate = seen.has(comment.fingerprint);
    seen.add(comment.fingerprint);
    if (!gone && !duplicate) continue;
    if (replied.has(comment.id)) {
      // People's replies are never lost: such a comment stays, and says when its finding is gone.
      if (!gone) continue;
      await client.octokit.request('PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}', {
        owner: pr.owner,
        repo: pr.repo,
        comment_id: comment.id,
        body: renderResolvedComment(comment.body, pr.headSha),
      });
      result.resolved.push(comment.id);
    } else if (await deleteReviewComment(client, pr, comment.id)) {
      result.deleted.push(comment.id);
    }
  }
}

/**
 * GitHub may answer a create with a 5xx (or not at all) and still create it, so the review is not retried
 * blindly: after a failure, the comments that did land are looked up and only the others are posted again.
 */
async function postReview(client: GitHubClient, pr: PullRequestRef, planned: readonly PlannedComment[]): Promise<number | undefined> {
  let pending = planned;
  let reviewId: number | undefined;
  for (let attempt = 0; pending.length > 0; attempt++) {
    try {
      const { data } = await client.octokit.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        owner: pr.owner,
        repo: pr.repo,
        pull_number: pr.number,
        commit_id: pr.headSha,
        event: 'COMMENT',
        body: `sql-preflight: ${plural(pending.length, 'finding')} on lines this pull request changes, most severe first.`,
        comments: pending.map((comment) => ({
          path: comment.path,
          body: comment.body,
          line: comment.line,
          side: 'RIGHT',
          ...(comment.startLine !== undefined ? { start_line: comment.startLine, start_side: 'RIGHT' } : {}),
        })),
        request: { retries: 0 },
      });
      reviewId = Number(data.id);
      pending = [];
    } catch (error) {
      if (!(error instanceof GitHubApiError && error.transient) || attempt >= client.retries) throw error;
      await sleep((attempt + 1) ** 2 * client.secondMs);
      const landed = new Set(
        (await listReviewComments(client, pr)).flatMap((c) => {
          const parsed = c.in_reply_to_id === undefined ? parseFindingComment(c.body) : undefined;
          return parsed && !parsed.resolved ? [parsed.fingerprint] : [];
        }),
      );
      pending = pending.filter((comment) => !landed.has(comment.finding.fingerprint));
    }
  }
  return reviewId;
}

function listReviewComments(client: GitHubClient, pr: PullRequestRef) {
  return allPages((page) =>
    client.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', {
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
      per_page: 100,
      page,
    }),
  );
}

/** False when the comment was already gone (someone deleted it by hand). */
async function deleteReviewComment(client: GitHubClient, pr: PullRequestRef, id: number): Promise<boolean> {
  try {
    await client.octokit.request('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: pr.owner, repo: pr.repo, comment_id: id });
    return true;
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 404) return false;
    throw error;
  }
}

/** Most severe first; within a severity, report order (file, line). One per fingerprint: one comment per finding. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings
    .filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint))
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}

/** Whether the checked-out file has, on the anchored lines, the head commit's text that the patch shows. */
function headLinesMatch(text: string, anchor: Anchor, hunks: readonly Hunk[]): boolean {
  const head = anchoredText(anchor, hunks) ?? [];
  const index = new LineIndex(text);
  const first = anchor.startLine ?? anchor.line;
  return first + head.length - 1 <= index.lineCount && head.every((line, i) => index.lineText(first + i) === line);
}
