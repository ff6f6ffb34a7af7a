/** The pull-request side of the Action: review comments on the diff, one sticky summary comment, fork fallback. */
export { createGitHubClient, GitHubApiError, type GitHubClient, type GitHubClientOptions } from './client.js';
export { renderReviewComment, suggestedLines, type CommentLines } from './comment.js';
export { anchorFinding, parsePatch, type Anchor, type Hunk } from './diff.js';
export {
  canWrite,
  listPullRequestFiles,
  MAX_LISTED_FILES,
  readOnlyReason,
  type FileStatus,
  type PullRequestFile,
  type PullRequestFiles,
  type PullRequestId,
  type PullRequestRef,
} from './pull-request.js';
export {
  publishReview,
  type Fallback,
  type PostedComment,
  type PublishedReview,
  type PublishReviewOptions,
  type SkippedFinding,
  type SkipReason,
} from './review.js';
export { MAX_COMMENT_LENGTH, renderSummary, SUMMARY_MARKER, upsertSummaryComment, type SummaryComment, type SummaryOptions } from './summary.js';
