import { allPages, type GitHubClient } from './client.js';

/** The pull request a run reports on. Review comments are anchored to `headSha`, not to the merge commit. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
}

/** Enough to name a pull request: listing files and the conversation comment need no commit. */
export type PullRequestId = Pick<PullRequestRef, 'owner' | 'repo' | 'number'>;

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface PullRequestFile {
  path: string;
  status: FileStatus;
  /** Set for renamed and copied files. */
  previousFilename?: string;
  /** The unified diff of the file; GitHub leaves it out for binary files and very large diffs. */
  patch?: string;
}

export interface PullRequestFiles {
  files: PullRequestFile[];
  /** GitHub lists at most 3,000 files of a pull request; set when the list stopped there. */
  truncated: boolean;
}

export const MAX_LISTED_FILES = 3000;

export async function listPullRequestFiles(client: GitHubClient, pr: PullRequestId): Promise<PullRequestFiles> {
  const entries = await allPages((page) =>
    client.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner: pr.owner,
      repo: pr.repo,
      pull_number: pr.number,
      per_page: 100,
      page,
    }),
  );
  const files = entries.map((entry) => ({
    path: entry.filename,
    status: entry.status,
    ...(entry.previous_filename !== undefined ? { previousFilename: entry.previous_filename } : {}),
    ...(entry.patch !== undefined ? { patch: entry.patch } : {}),
  }));
  return { files, truncated: files.length >= MAX_LISTED_FILES };
}

interface PullRequestPayload {
  sender?: { login?: string };
  pull_request?: {
    head?: { repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } };
  };
}

/**
 * Why the GITHUB_TOKEN of a `pull_request` event cannot write to the pull request, or undefined when it can.
 * GitHub gives a read-only token to pull requests from forks (including forks deleted since) and to Dependabot's.
 */
export function readOnlyReason(payload: unknown): string | undefined {
  const { sender, pull_request: pr } = (payload ?? {}) as PullRequestPayload;
  if (!pr) return 'the event is not about a pull request';
  const head = pr.head?.repo?.full_name;
  if (!head) return 'the pull request comes from a repository that no longer exists, so the token is read-only';
  if (head !== pr.base?.repo?.full_name) return `the pull request comes from the fork ${head}, so the token is read-only`;
  if (sender?.login === 'dependabot[bot]') return 'workflows run by Dependabot get a read-only token';
  return undefined;
}

export function canWrite(payload: unknown): boolean {
  return readOnlyReason(payload) === undefined;
}
