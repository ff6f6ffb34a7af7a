import { readFileSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path, { posix } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { loadParser } from '../core/parse.js';
import type { MigrationFormat } from '../core/types.js';
import { detectFormat, PER_MIGRATION_FILES, weighFormat } from './detect.js';
import { naturalCompare } from './order.js';
import { planMigrations, type LoadedFile } from './plan.js';
import { readMigrationFile } from './read.js';
import { decodeSql } from './text.js';
import type { DiscoveryProblem, MigrationConfig, MigrationSet } from './types.js';

/** Never part of a project's migrations, and large: not walked, not read. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const SKIPPED_GLOBS = ['**/node_modules/**', '**/.git/**'];

/** Besides the SQL, the files a runner reads in a migration folder. */
const SIDE_FILES = /(^|\/)(migration_lock\.toml|metadata\.toml|meta\/_journal\.json)$|\.sql\.conf$/;

interface Found {
  /** Relative to the working directory, forward slashes. */
  path: string;
  abs: string;
}

interface Folder {
  files: Map<string, Found>;
  /** The files asked for when targets named files or globs; undefined when the whole folder was. */
  selected: Set<string> | undefined;
}

/**
 * Finds the migration folders under `targets` (directories, files or globs, relative to `cwd`) and reads each
 * folder's migrations as its runner executes them. A directory target that holds no migrations itself is searched
 * for migration folders below it. `config` entries name folders by path and may fix their format or transaction
 * mode; with no targets, they are the targets. `ignore` globs (relative to `cwd`) drop matching files.
 */
export async function discoverMigrations(
  cwd: string,
  targets: string[],
  config: MigrationConfig[] = [],
  ignore: string[] = [],
): Promise<{ sets: MigrationSet[]; problems: DiscoveryProblem[] }> {
  await loadParser();
  const problems: DiscoveryProblem[] = [];
  const configs = config.map((entry) => ({ ...entry, path: display(cwd, path.resolve(cwd, entry.path)) }));
  const ignored = new Set(
    ignore.length === 0 ? [] : await glob(ignore, { cwd, dot: true, followSymbolicLinks: true, ignore: SKIPPED_GLOBS }),
  );
  const keep = (found: Found) => !ignored.has(found.path);
  const folders = new Map<string, Folder>();
  const addFolder = (root: string, files: Found[], selected: Found[] | undefined) => {
    const folder = folders.get(root) ?? { files: new Map(), selected: new Set<string>() };
    for (const file of files.filter(keep)) folder.files.set(file.path, file);
    if (!selected) folder.selected = undefined;
    else if (folder.selected) for (const file of selected.filter(keep)) folder.selected.add(file.path);
    folders.set(root, folder);
  };
  const addFiles = async (matched: Found[]) => {
    const byRoot = new Map<string, Found[]>();
    for (const file of matched) byRoot.set(rootOf(file.path), [...(byRoot.get(rootOf(file.path)) ?? []), file]);
    for (const [root, selected] of byRoot) addFolder(root, await listFolder(cwd, root, problems), selected);
  };

  for (const target of targets.length > 0 ? targets : configs.map((c) => c.path)) {
    if (isDynamicPattern(target)) {
      const matched = await glob(target, { cwd, followSymbolicLinks: true, ignore: [...SKIPPED_GLOBS, ...ignore] });
      const sql = await uniqueByRealPath(cwd, matched.filter((p) => p.endsWith('.sql')));
      if (sql.length === 0) problems.push({ kind: 'path', path: target, message: matched.length === 0 ? 'The glob matched no files.' : 'The glob matched no .sql files.' });
      await addFiles(sql);
      continue;
    }
    const abs = path.resolve(cwd, target);
    const info = await stat(abs).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      problems.push({ kind: 'path', path: target, message: info.code === 'ENOENT' ? 'No such file or directory.' : `Cannot read it (${info.code ?? info.message}).` });
    } else if (info.isDirectory()) {
      const files = (await walk(cwd, abs, problems)).filter(keep);
      if (!files.some((f) => f.path.endsWith('.sql'))) problems.push({ kind: 'path', path: display(cwd, abs), message: 'No .sql files found.' });
      const forced = configs.filter((c) => c.format && c.format !== 'auto').map((c) => ({ root: c.path, format: c.format as MigrationFormat }));
      for (const { root, files: claimed } of claimFolders(display(cwd, abs), files, forced)) addFolder(root, claimed, undefined);
    } else if (!abs.endsWith('.sql')) {
      problems.push({ kind: 'path', path: target, message: 'Not a .sql file.' });
    } else {
      await addFiles([{ path: display(cwd, abs), abs }]);
    }
  }

  const sets: MigrationSet[] = [];
  for (const root of [...folders.keys()].sort(naturalCompare)) {
    const set = await readFolder(root, folders.get(root)!, configFor(configs, root), problems);
    if (set.files.length > 0) sets.push(set);
  }
  return { sets, problems };
}

async function readFolder(
  root: string,
  folder: Folder,
  config: MigrationConfig | undefined,
  problems: DiscoveryProblem[],
): Promise<MigrationSet> {
  const files = new Map<string, LoadedFile>();
  for (const found of folder.files.values()) {
    const rel = posix.relative(root, found.path);
    if (rel.endsWith('.sql')) files.set(rel, { path: found.path, ...load(found.abs) });
    else if (SIDE_FILES.test(rel)) {
      let text = '';
      try {
        text = readFileSync(found.abs, 'utf8');
      } catch (error) {
        problems.push({ kind: 'path', path: found.path, message: `The file could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); read as empty.` });
      }
      files.set(rel, { path: found.path, text });
    }
  }
  const wanted = (rel: string) => !folder.selected || folder.selected.has(files.get(rel)!.path);
  const names = [...files.keys()].filter((rel) => !rel.endsWith('.sql') || wanted(rel));
  const texts = Object.fromEntries(names.filter((rel) => rel.endsWith('.sql')).map((rel) => [rel, files.get(rel)!.text]));

  let format: MigrationFormat;
  if (config?.format && config.format !== 'auto') {
    format = config.format;
  } else {
    const evidence = weighFormat(root, names, texts);
    format = evidence.format;
    for (const { file, format: other } of evidence.disagreeing) {
      problems.push({ kind: 'runner', path: files.get(file)!.path, message: `This file looks like a ${other} migration, but the folder was read as ${format}; set the folder's format in the config if that is wrong.` });
    }
  }

  const plan = planMigrations(format, root, files);
  const selectedPaths = folder.selected;
  problems.push(...plan.problems.filter((p) => !selectedPaths || !p.path.endsWith('.sql') || selectedPaths.has(p.path)));
  const transaction = config?.transaction && config.transaction !== 'auto' ? config.transaction : undefined;
  const set: MigrationSet = { root, format, files: [] };
  for (const input of plan.inputs) {
    if (selectedPaths && !selectedPaths.has(input.path)) continue;
    const { file, problems: messages } = readMigrationFile({ ...input, transaction });
    set.files.push(file);
    problems.push(...messages.map((message) => ({ kind: 'runner' as const, path: file.path, message })));
  }
  return set;
}

/** Synchronous: migration files are many and small, and one at a time through the event loop is slower. */
function load(abs: string): Omit<LoadedFile, 'path'> {
  try {
    return decodeSql(readFileSync(abs));
  } catch (error) {
    return { text: '', readError: { message: `The file could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` } };
  }
}

/** The migration folder a file belongs to: its own folder, or the one above for folder-per-migration formats. */
function rootOf(file: string): string {
  const dir = posix.dirname(file);
  return PER_MIGRATION_FILES.has(posix.basename(file)) ? posix.dirname(dir) : dir;
}

/**
 * Splits the files under a directory target into migration folders. A folder is one when it holds .sql files
 * (other than folder-per-migration ones), folder-per-migration subfolders, Prisma's lock file or Drizzle's
 * journal. A folder takes its own files and those subfolders; deeper folders are folders of their own, except
 * under Flyway, which scans its location recursively.
 */
function claimFolders(target: string, files: Found[], forced: { root: string; format: MigrationFormat }[]): { root: string; files: Found[] }[] {
  const byDir = new Map<string, Found[]>();
  for (const file of files) byDir.set(posix.dirname(file.path), [...(byDir.get(posix.dirname(file.path)) ?? []), file]);
  const names = (dir: string) => (byDir.get(dir) ?? []).map((f) => posix.basename(f.path));
  const perMigration = (dir: string) => {
    const sql = names(dir).filter((n) => n.endsWith('.sql'));
    return sql.length > 0 && sql.every((n) => PER_MIGRATION_FILES.has(n));
  };
  const candidates = new Set<string>(forced.map((f) => f.root).filter((root) => within(root, target)));
  for (const dir of byDir.keys()) {
    if (names(dir).some((n) => n.endsWith('.sql'))) candidates.add(perMigration(dir) ? posix.dirname(dir) : dir);
    if (names(dir).includes('migration_lock.toml')) candidates.add(dir);
    if (posix.basename(dir) === 'meta' && names(dir).includes('_journal.json')) candidates.add(posix.dirname(dir));
  }
  const depth = (dir: string) => (dir === '.' ? 0 : dir.split('/').length);
  const recursive: string[] = [];
  const claimed: { root: string; files: Found[] }[] = [];
  for (const root of [...candidates].sort((a, b) => depth(a) - depth(b) || naturalCompare(a, b))) {
    if (recursive.some((r) => within(root, r))) continue;
    const children = [...byDir.keys()].filter((dir) => dir !== root && posix.dirname(dir) === root);
    const own = [
      ...(byDir.get(root) ?? []),
      ...children.filter((dir) => perMigration(dir) || posix.basename(dir) === 'meta').flatMap((dir) => byDir.get(dir)!),
    ];
    const format = forced.find((f) => f.root === root)?.format ?? detectFormat(root, own.map((f) => posix.relative(root, f.path)));
    if (format === 'flyway') {
      recursive.push(root);
      claimed.push({ root, files: files.filter((f) => within(f.path, root)) });
    } else {
      claimed.push({ root, files: own });
    }
  }
  return claimed;
}

/** Whether the real directory `dir` is `p` or one of its ancestors. */
function contains(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function within(p: string, dir: string): boolean {
  return dir === '.' ? !p.startsWith('../') : p === dir || p.startsWith(`${dir}/`);
}

/** A folder's own files and those of its folder-per-migration subfolders and `meta/`, for single-file targets. */
async function listFolder(cwd: string, root: string, problems: DiscoveryProblem[]): Promise<Found[]> {
  const abs = path.resolve(cwd, root);
  const found: Found[] = [];
  for (const entry of await entries(cwd, abs, problems)) {
    if (entry.kind === 'file') found.push(entry);
    else if (entry.kind === 'directory') {
      const inner = (await entries(cwd, entry.abs, problems)).filter((e) => e.kind === 'file');
      const isMigration = inner.some((e) => PER_MIGRATION_FILES.has(posix.basename(e.path)));
      if (isMigration || posix.basename(entry.path) === 'meta') found.push(...inner);
    }
  }
  return found;
}

interface Entry extends Found {
  kind: 'file' | 'directory';
}

/** A directory's entries with symbolic links resolved; broken links and unreadable directories are problems. */
async function entries(cwd: string, dir: string, problems: DiscoveryProblem[]): Promise<Entry[]> {
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ kind: 'path', path: display(cwd, dir), message: `The directory could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` });
    return [];
  }
  const result: Entry[] = [];
  for (const dirent of dirents.sort((a, b) => naturalCompare(a.name, b.name))) {
    // Hidden entries are skipped as globs skip them (tinyglobby's `dot: false`), so both kinds of target agree.
    if (SKIPPED_DIRECTORIES.has(dirent.name) || dirent.name.startsWith('.')) continue;
    const abs = path.join(dir, dirent.name);
    let isDirectory = dirent.isDirectory();
    let isFile = dirent.isFile();
    if (dirent.isSymbolicLink()) {
      const target = await stat(abs).catch((error: NodeJS.ErrnoException) => error);
      if (target instanceof Error) {
        const message =
          target.code === 'ELOOP'
            ? 'Symbolic link loop: it leads back to itself through links; not followed.'
            : target.code === 'ENOENT'
              ? 'Broken symbolic link: its target does not exist.'
              : `Cannot follow the symbolic link (${target.code ?? target.message}).`;
        problems.push({ kind: 'path', path: display(cwd, abs), message });
        continue;
      }
      [isDirectory, isFile] = [target.isDirectory(), target.isFile()];
    }
    if (isDirectory || isFile) result.push({ path: display(cwd, abs), abs, kind: isDirectory ? 'directory' : 'file' });
  }
  return result;
}

/**
 * Every file under a directory, following symbolic links. Real directories are walked first so that a file
 * reachable both ways keeps its real path; a directory already walked is not walked again through a link, and a
 * link back to a directory that contains it is a loop: reported, not followed.
 */
async function walk(cwd: string, root: string, problems: DiscoveryProblem[]): Promise<Found[]> {
  const files: Found[] = [];
  const walked = new Set<string>();
  const links: { abs: string; parentReal: string }[] = [];
  const visit = async (dir: string, real: string) => {
    walked.add(real);
    for (const entry of await entries(cwd, dir, problems)) {
      if (entry.kind === 'file') files.push(entry);
      else if ((await realpath(entry.abs)) === path.join(real, posix.basename(entry.path))) await visit(entry.abs, path.join(real, posix.basename(entry.path)));
      else links.push({ abs: entry.abs, parentReal: real });
    }
  };
  await visit(root, await realpath(root));
  while (links.length > 0) {
    const link = links.shift()!;
    const real = await realpath(link.abs);
    if (contains(real, link.parentReal)) {
      problems.push({ kind: 'path', path: display(cwd, link.abs), message: `Symbolic link loop: it points to ${display(cwd, real)}, which contains it; not followed.` });
    } else if (!walked.has(real)) {
      await visit(link.abs, real);
    }
  }
  return files;
}

/**
 * Glob results without the duplicates that symbolic links (and loops, which the glob follows one round) create:
 * a file keeps its real path when the glob found it there, else its shortest one.
 */
async function uniqueByRealPath(cwd: string, matched: string[]): Promise<Found[]> {
  const realCwd = await realpath(cwd);
  const candidates = await Promise.all(
    matched.map(async (file) => {
      const abs = path.resolve(cwd, file);
      const real = await realpath(abs).catch(() => abs);
      return { path: file, abs, real, direct: real === path.join(realCwd, file) };
    }),
  );
  candidates.sort((a, b) => Number(b.direct) - Number(a.direct) || a.path.split('/').length - b.path.split('/').length || naturalCompare(a.path, b.path));
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.real) && seen.add(c.real)).map(({ path: p, abs }) => ({ path: p, abs }));
}

function configFor(configs: MigrationConfig[], root: string): MigrationConfig | undefined {
  return configs.filter((c) => within(root, c.path)).sort((a, b) => b.path.length - a.path.length)[0];
}

function display(cwd: string, abs: string): string {
  return path.relative(cwd, abs).split(path.sep).join('/') || '.';
}
