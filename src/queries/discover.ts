import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path, { posix } from 'node:path';
import { escapePath, glob, isDynamicPattern } from 'tinyglobby';
import { loadParser } from '../core/parse.js';
import { naturalCompare } from '../migrations/order.js';
import { decodeSql } from '../migrations/text.js';
import { readQueryFile } from './read.js';
import type { QueryDiscoveryProblem, QueryFile } from './types.js';

/** Never part of a project's queries, and large. */
const SKIPPED_GLOBS = ['**/node_modules/**', '**/.git/**'];

interface Found {
  /** Relative to the working directory, forward slashes. */
  path: string;
  abs: string;
}

/**
 * Finds the query files named by `globs` (globs, folders or files, relative to `cwd`; a folder stands for every
 * .sql file below it) and reads their queries. `ignore` globs (relative to `cwd`) drop matching files. Files come
 * in natural path order, each once even when several globs or symbolic links reach it.
 */
export async function discoverQueries(
  cwd: string,
  globs: readonly string[],
  ignore: readonly string[] = [],
): Promise<{ files: QueryFile[]; problems: QueryDiscoveryProblem[] }> {
  await loadParser();
  const problems: QueryDiscoveryProblem[] = [];
  const matched: string[] = [];
  for (const target of globs) matched.push(...(await expand(cwd, target, ignore, problems)));
  const files: QueryFile[] = [];
  for (const found of (await uniqueByRealPath(cwd, matched, problems)).sort((a, b) => naturalCompare(a.path, b.path))) {
    files.push(await load(found));
  }
  return { files, problems };
}

async function expand(cwd: string, target: string, ignore: readonly string[], problems: QueryDiscoveryProblem[]): Promise<string[]> {
  const options = { cwd, followSymbolicLinks: true, ignore: [...SKIPPED_GLOBS, ...ignore] };
  if (isDynamicPattern(target)) {
    const matched = await glob(target, options);
    const sql = matched.filter((p) => p.endsWith('.sql'));
    if (sql.length === 0) problems.push({ kind: 'path', path: target, message: matched.length === 0 ? 'The glob matched no files.' : 'The glob matched no .sql files.' });
    return sql;
  }
  const abs = path.resolve(cwd, target);
  const info = await stat(abs).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    problems.push({ kind: 'path', path: target, message: info.code === 'ENOENT' ? 'No such file or directory.' : `Cannot read it (${info.code ?? info.message}).` });
    return [];
  }
  const relative = display(cwd, abs);
  if (info.isDirectory()) {
    const sql = await glob(relative === '.' ? '**/*.sql' : `${escapePath(relative)}/**/*.sql`, options);
    if (sql.length === 0) problems.push({ kind: 'path', path: target, message: 'No .sql files found.' });
    return sql;
  }
  if (!abs.endsWith('.sql')) {
    problems.push({ kind: 'path', path: target, message: 'Not a .sql file.' });
    return [];
  }
  // A file named outright is read even when hidden; the ignore globs still apply to it.
  const sql = await glob(escapePath(relative), { ...options, dot: true });
  if (sql.length === 0) problems.push({ kind: 'path', path: target, message: 'It matches an ignore glob, so it was not read.' });
  return sql;
}

/**
 * Glob results without the duplicates that overlapping globs and symbolic links create (the glob follows a link
 * back to a folder that contains it one round): a file keeps its real path when the glob found it there, else its
 * shortest one. A loop that produced duplicates is reported.
 */
async function uniqueByRealPath(cwd: string, matched: readonly string[], problems: QueryDiscoveryProblem[]): Promise<Found[]> {
  const realCwd = await realpath(cwd);
  const candidates = await Promise.all(
    [...new Set(matched)].map(async (file) => {
      const abs = path.resolve(cwd, file);
      const real = await realpath(abs).catch(() => abs);
      return { path: file, abs, real, direct: real === path.join(realCwd, file) };
    }),
  );
  candidates.sort((a, b) => Number(b.direct) - Number(a.direct) || a.path.split('/').length - b.path.split('/').length || naturalCompare(a.path, b.path));
  const seen = new Set<string>();
  const loops = new Set<string>();
  const unique: Found[] = [];
  for (const candidate of candidates) {
    if (!seen.has(candidate.real)) {
      seen.add(candidate.real);
      unique.push({ path: candidate.path, abs: candidate.abs });
      continue;
    }
    const loop = await loopThrough(cwd, candidate.path);
    if (loop && !loops.has(loop.link)) {
      loops.add(loop.link);
      problems.push({ kind: 'path', path: loop.link, message: `Symbolic link loop: it points to ${loop.target}, which contains it; the files below it were read once, at their real paths.` });
    }
  }
  return unique;
}

/** The first folder on a file's path that is a symbolic link to a folder containing the link. */
async function loopThrough(cwd: string, file: string): Promise<{ link: string; target: string } | undefined> {
  const folders = posix.dirname(file).split('/');
  for (let i = 1; i <= folders.length; i++) {
    const link = folders.slice(0, i).join('/');
    const abs = path.resolve(cwd, link);
    if (!(await lstat(abs).catch(() => undefined))?.isSymbolicLink()) continue;
    const target = await realpath(abs);
    const relative = path.relative(target, await realpath(path.dirname(abs)));
    if (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) return { link, target: display(cwd, target) };
  }
  return undefined;
}

async function load(found: Found): Promise<QueryFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(found.abs);
  } catch (error) {
    return { path: found.path, text: '', queries: [], readError: { message: `The file could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` } };
  }
  const { text, readError } = decodeSql(bytes);
  return readError ? { path: found.path, text, queries: [], readError } : { path: found.path, text, queries: readQueryFile(found.path, text) };
}

function display(cwd: string, abs: string): string {
  return path.relative(cwd, abs).split(path.sep).join('/') || '.';
}
