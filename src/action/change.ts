import { execFile } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A commit that does not exist: the `before` of a push that created the branch. */
const NO_COMMIT = /^0+$/;

/** What run() is told the change is, and a sentence for the log saying why. */
export interface Change {
  base?: string;
  changed?: string[];
  reason: string;
}

export interface ChangeContext {
  eventName: string;
  payload: Record<string, any>;
  /** The `base` input. */
  base: string | undefined;
  cwd: string;
  /** The repository root: the GitHub API names files relative to it. */
  root: string;
  /** Pull requests: the files as the pulls API lists them; undefined when they could not be listed. */
  pullRequestFiles: readonly { path: string; status: string }[] | undefined;
}

/**
 * The change under review. Git is preferred wherever it has the history, because only git tells run() which
 * changed migrations existed before (edited migrations are reported, and their old text is what databases have).
 */
export async function selectChange(context: ChangeContext): Promise<Change> {
  if (context.base) return { base: context.base, reason: `the migrations added or edited since ${context.base} (the base input)` };
  const pr = context.payload.pull_request as { base: { sha: string; ref: string }; head: { sha: string } } | undefined;
  if (pr) {
    if (await hasCommit(context.cwd, pr.base.sha)) {
      // The merge base is right both for the merge commit actions/checkout checks out by default (where it is
      // base.sha) and for a checkout of the head (where base.sha may have moved on since the branch was made).
      const base = (await git(context.cwd, ['merge-base', pr.base.sha, 'HEAD'])).trim();
      return { base, reason: `the migrations the pull request adds or edits since ${base.slice(0, 12)} on ${pr.base.ref}` };
    }
    if (context.pullRequestFiles) {
      // Every file, not only the migrations: run() is told to leave out those that are neither migrations nor
      // query files, which only it knows.
      const changed = context.pullRequestFiles
        .filter((file) => file.status !== 'removed')
        .map((file) => relative(context.cwd, resolve(context.root, file.path)).split(sep).join('/'));
      return {
        changed,
        reason:
          `the pull request's files as the GitHub API lists them: the base commit ${pr.base.sha.slice(0, 12)} is not in the ` +
          'checkout (fetch-depth: 0 in actions/checkout fetches it), so an edited migration cannot be told from a new one',
      };
    }
    throw new Error(
      `Cannot tell which migrations the pull request changes: its base commit ${pr.base.sha} is not in the checkout (use fetch-depth: 0 in ` +
        'actions/checkout) and its files could not be listed through the GitHub API.',
    );
  }
  const before = context.eventName === 'push' ? (context.payload.before as string | undefined) : undefined;
  if (before && !NO_COMMIT.test(before)) return { base: before, reason: `the migrations the push adds or edits since ${before.slice(0, 12)}` };
  return { reason: `every migration (a ${context.eventName} event names no base: set the base input to check only a change)` };
}

/** The repository root, or the workspace when the working directory is not in a git checkout. */
export async function repositoryRoot(cwd: string, workspace: string): Promise<string> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return workspace;
  }
}

async function hasCommit(cwd: string, sha: string): Promise<boolean> {
  try {
    await git(cwd, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

async function git(cwd: string, args: string[]): Promise<string> {
  return (await execFileAsync('git', args, { cwd })).stdout;
}
