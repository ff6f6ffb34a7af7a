import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const FIXTURE = resolve('fixtures/action');

/** Files the pull request deletes: a removed file is never part of the change. */
export const REMOVED_BY_PR = ['db/seeds/dev.sql', 'docs/retired.md'];

/**
 * Fixed identities and dates make the commits, and so their SHAs, the same on every machine: the recorded event
 * payloads in fixtures/action name them.
 */
const GIT_ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'sql-preflight tests',
  GIT_AUTHOR_EMAIL: 'tests@sql-preflight.invalid',
  GIT_AUTHOR_DATE: '2026-01-05T10:00:00Z',
  GIT_COMMITTER_NAME: 'sql-preflight tests',
  GIT_COMMITTER_EMAIL: 'tests@sql-preflight.invalid',
  GIT_COMMITTER_DATE: '2026-01-05T10:00:00Z',
};

export interface Repository {
  dir: string;
  /** Where the pull request branched off main. */
  forkPoint: string;
  /** main after another migration was merged: the pull request's base.sha. */
  base: string;
  /** The pull request's head.sha. */
  head: string;
  /** What actions/checkout checks out for a pull_request event: the head merged into the base (refs/pull/N/merge). */
  merge: string;
}

export function git(dir: string, args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'advice.detachedHead=false', ...args], { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
}

/**
 * The repository of fixtures/action: main starts as base/, then gains main/; the pull request branches off the
 * first commit, adds head/ (unless `withHead` is false) and `added`, and deletes REMOVED_BY_PR; the checkout is
 * their merge. Only the default pull request matches the recorded payloads' head SHA.
 */
export function createRepository(pullRequest: { withHead?: boolean; added?: Record<string, string> } = {}): Repository {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-action-repo-'));
  git(dir, ['init', '-q', '-b', 'main']);
  cpSync(join(FIXTURE, 'base'), dir, { recursive: true });
  commit(dir, 'Orders');
  const forkPoint = git(dir, ['rev-parse', 'HEAD']);
  cpSync(join(FIXTURE, 'main'), dir, { recursive: true });
  const base = commit(dir, 'Order notes');
  git(dir, ['checkout', '-q', '-b', 'order-status', forkPoint]);
  if (pullRequest.withHead ?? true) cpSync(join(FIXTURE, 'head'), dir, { recursive: true });
  for (const [path, text] of Object.entries(pullRequest.added ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const path of REMOVED_BY_PR) rmSync(join(dir, path));
  const head = commit(dir, 'Order status and addresses');
  git(dir, ['checkout', '-q', '--detach', base]);
  git(dir, ['merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, head]);
  return { dir, forkPoint, base, head, merge: git(dir, ['rev-parse', 'HEAD']) };
}

function commit(dir: string, message: string): string {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}

/** A shallow clone of the merge commit, as actions/checkout makes by default (fetch-depth: 1). */
export function shallowClone(repository: Repository): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-action-shallow-'));
  git(dir, ['clone', '-q', '--depth', '1', `file://${repository.dir}`, '.']);
  return dir;
}
