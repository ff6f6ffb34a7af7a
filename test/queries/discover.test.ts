import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findConfig, loadConfig } from '../../src/config/load.js';
import { discoverQueries } from '../../src/queries/index.js';
import { rules } from '../../src/rules/index.js';
import { project } from '../migrations/helpers.js';

const paths = (result: { files: { path: string }[] }) => result.files.map((f) => f.path);

describe('discoverQueries', () => {
  it('reads the files that globs, folders and file names reach, each once, in natural order', async () => {
    const cwd = await project({
      'q/10_b.sql': 'SELECT 2;',
      'q/2_a.sql': '-- name: A :one\nSELECT @x;',
      'q/sub/c.sql': 'SELECT 3;',
      'q/notes.txt': 'not SQL',
      'q/.hidden.sql': 'SELECT 4;',
      'other/d.sql': 'SELECT 5;',
    });
    const result = await discoverQueries(cwd, ['q/*.sql', 'q', 'other/d.sql']);
    expect(result.problems).toEqual([]);
    expect(paths(result)).toEqual(['other/d.sql', 'q/2_a.sql', 'q/10_b.sql', 'q/sub/c.sql']);
    expect(result.files[1]).toEqual({
      path: 'q/2_a.sql',
      text: '-- name: A :one\nSELECT @x;',
      queries: [expect.objectContaining({ file: 'q/2_a.sql', name: 'A', sql: 'SELECT $1', parameters: [{ index: 1, name: 'x' }] })],
    });
    expect(paths(await discoverQueries(cwd, ['q/.hidden.sql']))).toEqual(['q/.hidden.sql']);
  });

  it('reports what matched nothing, as problems of kind path', async () => {
    const cwd = await project({ 'q/notes.txt': 'not SQL', 'empty/readme.md': '# none' });
    const result = await discoverQueries(cwd, ['nothing/*.sql', 'q/*.txt', 'missing', 'q/notes.txt', 'empty']);
    expect(result.files).toEqual([]);
    expect(result.problems).toEqual([
      { kind: 'path', path: 'nothing/*.sql', message: 'The glob matched no files.' },
      { kind: 'path', path: 'q/*.txt', message: 'The glob matched no .sql files.' },
      { kind: 'path', path: 'missing', message: 'No such file or directory.' },
      { kind: 'path', path: 'q/notes.txt', message: 'Not a .sql file.' },
      { kind: 'path', path: 'empty', message: 'No .sql files found.' },
    ]);
  });

  it('drops what the ignore globs match, also a file named outright', async () => {
    const cwd = await project({ 'q/a.sql': 'SELECT 1;', 'q/legacy/b.sql': 'SELECT 2;', 'other/c.sql': 'SELECT 3;' });
    const result = await discoverQueries(cwd, ['q', 'other/c.sql'], ['q/legacy/**', 'other/*.sql']);
    expect(paths(result)).toEqual(['q/a.sql']);
    expect(result.problems).toEqual([{ kind: 'path', path: 'other/c.sql', message: 'It matches an ignore glob, so it was not read.' }]);
  });

  it('reads a file reached through symbolic links once, at its real path, and reports a loop', async () => {
    const cwd = await project({
      'q/a.sql': 'SELECT 1;',
      'q/sub/b.sql': 'SELECT 2;',
      'q/sub/loop': { link: '..' },
      'q/alias': { link: 'sub' },
    });
    const result = await discoverQueries(cwd, ['q']);
    expect(paths(result)).toEqual(['q/a.sql', 'q/sub/b.sql']);
    expect(result.problems).toEqual([
      { kind: 'path', path: 'q/sub/loop', message: 'Symbolic link loop: it points to q, which contains it; the files below it were read once, at their real paths.' },
    ]);
  });

  it('keeps a file that is not UTF-8 text, with a read error and no queries', async () => {
    const cwd = await project({ 'q/latin1.sql': new Uint8Array([0x53, 0x45, 0x4c, 0x45, 0x43, 0x54, 0x20, 0x27, 0xe9, 0x27, 0x3b]) });
    const [file] = (await discoverQueries(cwd, ['q'])).files;
    expect(file!.queries).toEqual([]);
    expect(file!.readError).toEqual({ message: expect.stringMatching(/^The file is not valid UTF-8: byte 0xE9 at byte offset 8/), range: { start: 8, end: 9 } });
  });

  it('takes the globs of the config file, relative to it', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const config = loadConfig(findConfig(resolve(root, 'fixtures/queries')), rules, root);
    const globs = config.queries.map((glob) => relative(root, resolve(config.root, glob)));
    const result = await discoverQueries(root, globs);
    expect(result.problems).toEqual([]);
    expect(result.files.map((f) => [f.path, f.queries.length])).toEqual([
      ['fixtures/queries/db/queries/report.sql', 4],
      ['fixtures/queries/db/queries/shop.sql', 15],
    ]);
  });
});
