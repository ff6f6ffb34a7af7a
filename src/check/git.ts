import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../errors.js';

const run = promisify(execFile);

export interface ChangedPaths {
  /** Files added or modified since the base, relative to the repository root. */
  changed: Set<string>;
  /** Of those, the ones that existed at the base (edited, rather than new, migrations). */
  modified: Set<string>;
  /** Absolute path of the repository root. */
  root: string;
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new UsageError(`git ${args.join(' ')} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}.`);
  }
}

/**
 * Migrations added or modified since `base`: the committed history plus what is in the working tree, so a
 * developer can check before committing. Renames count as additions, as migration tools see a new file name.
 */
export async function changedSince(cwd: string, base: string): Promise<ChangedPaths> {
  const root = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  await git(cwd, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]).catch(() => {
    throw new UsageError(`--base ${base} is not a commit in this repository (fetch it first, e.g. with fetch-depth: 0 in actions/checkout).`);
  });
  const output = await git(root, ['diff', '--name-status', '--no-renames', '-z', base, '--']);
  const fields = output.split('\0').filter(Boolean);
  const changed = new Set<string>();
  const modified = new Set<string>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!;
    const path = fields[i + 1]!;
    if (status === 'A' || status === 'M' || status === 'T') changed.add(path);
    if (status === 'M' || status === 'T') modified.add(path);
  }
  for (const path of (await git(root, ['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter(Boolean)) changed.add(path);
  return { changed, modified, root };
}

/** A file's content at a commit, or undefined when it did not exist there. */
export async function fileAt(root: string, ref: string, path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['show', `${ref}:${path}`], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch {
    return undefined;
  }
}
