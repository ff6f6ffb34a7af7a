import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/core/lint.js';
import { detectFormat, discoverMigrations } from '../../src/migrations/index.js';
import { project } from './helpers.js';

const paths = (sets: { files: { path: string }[] }[]) => sets.flatMap((s) => s.files.map((f) => f.path));

describe('detectFormat', () => {
  it('recognises each runner by its naming', () => {
    expect(detectFormat('db', ['V1__a.sql', 'R__view.sql'])).toBe('flyway');
    expect(detectFormat('db', ['1_a.up.sql', '1_a.down.sql'])).toBe('golang-migrate');
    expect(detectFormat('prisma/migrations', ['migration_lock.toml', '20240101000000_a/migration.sql'])).toBe('prisma');
    expect(detectFormat('migrations', ['2024-01-01-000000_a/up.sql', '2024-01-01-000000_a/down.sql'])).toBe('diesel');
    expect(detectFormat('drizzle', ['0000_a.sql', 'meta/_journal.json'])).toBe('drizzle');
    expect(detectFormat('supabase/migrations', ['20240101000000_a.sql'])).toBe('supabase');
    expect(detectFormat('sql', ['1_a.sql', '2_b.sql', 'seed.sql'])).toBe('plain');
  });

  it('reads markers inside files, which win over naming', () => {
    expect(detectFormat('db', ['1_a.sql'], { '1_a.sql': '-- +goose Up\nSELECT 1;\n' })).toBe('goose');
    expect(detectFormat('db', ['1_a.sql'], { '1_a.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\n' })).toBe('dbmate');
    expect(detectFormat('db', ['1_a.sql'], { '1_a.sql': '  -- migrate:up\nSELECT 1;\n' })).toBe('dbmate');
    expect(detectFormat('db', ['V1__a.sql'], { 'V1__a.sql': '-- +goose Up\nSELECT 1;\n' })).toBe('goose');
    expect(detectFormat('out', ['0000_a.sql'], { '0000_a.sql': 'SELECT 1;--> statement-breakpoint\nSELECT 2;' })).toBe('drizzle');
  });
});

describe('discoverMigrations', () => {
  it('reports a glob that matches nothing', async () => {
    const cwd = await project({ 'db/1_a.sql': 'SELECT 1;' });
    const result = await discoverMigrations(cwd, ['nothing/*.sql', 'db/*.txt']);
    expect(result.sets).toEqual([]);
    expect(result.problems).toEqual([
      { kind: 'path', path: 'nothing/*.sql', message: 'The glob matched no files.' },
      { kind: 'path', path: 'db/*.txt', message: 'The glob matched no files.' },
    ]);
  });

  it('reports a missing path', async () => {
    const cwd = await project({});
    expect((await discoverMigrations(cwd, ['migrations'])).problems).toEqual([{ kind: 'path', path: 'migrations', message: 'No such file or directory.' }]);
  });

  it('reports a symbolic link loop instead of following it, and walks each real folder once', async () => {
    const cwd = await project({
      'm/1_a.sql': 'SELECT 1;',
      'm/sub/2_b.sql': 'SELECT 2;',
      'm/sub/loop': { link: '..' },
      'm/self': { link: '.' },
      'm/alias': { link: 'sub' },
      'm/gone.sql': { link: 'missing.sql' },
    });
    const result = await discoverMigrations(cwd, ['m']);
    expect(result.sets.map((s) => [s.root, s.files.map((f) => f.path)])).toEqual([
      ['m', ['m/1_a.sql']],
      ['m/sub', ['m/sub/2_b.sql']],
    ]);
    expect(result.problems).toEqual([
      { kind: 'path', path: 'm/gone.sql', message: 'Broken symbolic link: its target does not exist.' },
      { kind: 'path', path: 'm/self', message: expect.stringMatching(/^Symbolic link loop: it points to m, which contains it/) },
      { kind: 'path', path: 'm/sub/loop', message: expect.stringMatching(/^Symbolic link loop: it points to m, which contains it/) },
    ]);

    const globbed = await discoverMigrations(cwd, ['m/**/*.sql']);
    expect(paths(globbed.sets)).toEqual(['m/1_a.sql', 'm/sub/2_b.sql']);
  });

  it('reads invalid UTF-8 and NUL bytes as read errors with their location, keeping the file in the set', async () => {
    const cwd = await project({
      'db/1_latin1.sql': Buffer.concat([Buffer.from('SELECT 1;\n-- caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
      'db/2_binary.sql': Buffer.concat([Buffer.from('SELECT 1;\n'), Buffer.from([0x00, 0x01])]),
      'db/3_ok.sql': 'SELECT 3;',
    });
    const { sets, problems } = await discoverMigrations(cwd, ['db']);
    expect(problems).toEqual([]);
    const [latin1, binary, ok] = sets[0]!.files;
    // `SELECT 1;\n` is 10 bytes and `-- caf` 6: 0xC3 (a lead byte followed by `(`, not a continuation) is at 16.
    expect(latin1!.readError).toEqual({ message: expect.stringMatching(/not valid UTF-8: byte 0xC3 at byte offset 16/), range: { start: 16, end: 17 } });
    expect(binary!.readError).toEqual({ message: expect.stringMatching(/NUL byte at byte offset 10/), range: { start: 10, end: 11 } });
    expect(ok!.readError).toBeUndefined();

    const { findings } = lintSources(
      sets[0]!.files.map((f) => ({ ...f, change: 'pr' })),
      { postgresVersion: 17, rules: [] },
    );
    expect(findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([
      ['unreadable-file', 'db/1_latin1.sql', 2, 7],
      ['unreadable-file', 'db/2_binary.sql', 2, 1],
    ]);
  });

  it('never reads node_modules or .git, and applies ignore globs', async () => {
    const cwd = await project({
      'db/1_a.sql': 'SELECT 1;',
      'db/legacy/1_old.sql': 'SELECT 1;',
      'db/2_seed.sql': 'SELECT 2;',
      'node_modules/pkg/migrations/1_x.sql': 'SELECT 1;',
      '.git/hooks/1_x.sql': 'SELECT 1;',
    });
    expect(paths((await discoverMigrations(cwd, ['.'])).sets)).toEqual(['db/1_a.sql', 'db/2_seed.sql', 'db/legacy/1_old.sql']);
    expect(paths((await discoverMigrations(cwd, ['.'], [], ['db/legacy', '**/*_seed.sql'])).sets)).toEqual(['db/1_a.sql']);
    expect(paths((await discoverMigrations(cwd, ['**/*.sql'], [], ['db/legacy/**'])).sets)).toEqual(['db/1_a.sql', 'db/2_seed.sql']);
  });

  it('finds the migration folders below a directory', async () => {
    const cwd = await project({
      'services/api/db/migrations/20240101000000_a.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n',
      'supabase/migrations/20240101000000_a.sql': 'SELECT 1;',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_a/migration.sql': 'SELECT 1;',
      'README.md': '# project',
    });
    const { sets, problems } = await discoverMigrations(cwd, ['.']);
    expect(sets.map((s) => [s.root, s.format])).toEqual([
      ['prisma/migrations', 'prisma'],
      ['services/api/db/migrations', 'dbmate'],
      ['supabase/migrations', 'supabase'],
    ]);
    expect(problems).toEqual([]);
  });

  it('reads a file passed on its own by its name and content, with what lies beside it', async () => {
    const cwd = await project({
      'db/1_a.sql': '-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n',
      'db/2_b.sql': '-- +goose Up\nSELECT 3;\n',
      'gm/1_a.up.sql': 'SELECT 1;',
      'gm/1_a.down.sql': 'SELECT 2;',
      'fw/V2__b.sql': 'UPDATE t SET a = 1;',
      'fw/V2__b.sql.conf': 'executeInTransaction=false\n',
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_a/migration.sql': 'SELECT 1;',
      'prisma/migrations/20240102000000_b/migration.sql': 'SELECT 2;',
    });
    const { sets, problems } = await discoverMigrations(cwd, ['db/1_a.sql', 'gm/1_a.up.sql', 'fw/V2__b.sql', 'prisma/migrations/20240102000000_b']);
    expect(problems).toEqual([]);
    expect(sets.map((s) => [s.root, s.format, s.files.map((f) => [f.path, f.version, f.transaction, f.down?.path])])).toEqual([
      ['db', 'goose', [['db/1_a.sql', '1', 'transaction', 'db/1_a.sql']]],
      ['fw', 'flyway', [['fw/V2__b.sql', '2', 'none', undefined]]],
      ['gm', 'golang-migrate', [['gm/1_a.up.sql', '1', 'implicit', 'gm/1_a.down.sql']]],
      ['prisma/migrations', 'prisma', [['prisma/migrations/20240102000000_b/migration.sql', '20240102000000', 'implicit', undefined]]],
    ]);
  });

  it('follows meta/_journal.json for Drizzle and reports files it does not list', async () => {
    const journal = { entries: [{ tag: '0001_b' }, { tag: '0000_a' }, { tag: '0003_gone' }] };
    const cwd = await project({
      'drizzle/0000_a.sql': 'SELECT 1;',
      'drizzle/0001_b.sql': 'SELECT 2;--> statement-breakpoint\nSELECT 3;',
      'drizzle/0002_c.sql': 'SELECT 4;',
      'drizzle/meta/_journal.json': JSON.stringify(journal),
    });
    const { sets, problems } = await discoverMigrations(cwd, ['drizzle']);
    expect(sets[0]!.files.map((f) => f.path)).toEqual(['drizzle/0001_b.sql', 'drizzle/0000_a.sql']);
    expect(problems).toEqual([
      { kind: 'runner', path: 'drizzle/0003_gone.sql', message: expect.stringMatching(/lists this migration but the file is missing/) },
      { kind: 'runner', path: 'drizzle/0002_c.sql', message: expect.stringMatching(/not listed in meta\/_journal\.json/) },
    ]);
  });

  it('lets the config set a folder’s format and transaction mode, and uses its paths as targets', async () => {
    const cwd = await project({
      'sql/1_a.sql': 'SELECT 1;',
      'sql/2_b.sql': 'SELECT 2;',
      'other/1_a.sql': 'SELECT 1;',
    });
    const { sets } = await discoverMigrations(cwd, [], [
      { path: 'sql', transaction: 'transaction' },
      { path: './other/', format: 'goose' },
    ]);
    expect(sets.map((s) => [s.root, s.format, s.files.map((f) => f.transaction)])).toEqual([
      ['other', 'goose', ['transaction']],
      ['sql', 'plain', ['transaction', 'transaction']],
    ]);
  });

  it('reports files that disagree with their folder’s format', async () => {
    const cwd = await project({ 'db/V1__a.sql': 'SELECT 1;', 'db/V2__b.sql': 'SELECT 2;', 'db/3_c.up.sql': 'SELECT 3;' });
    const { sets, problems } = await discoverMigrations(cwd, ['db']);
    expect(sets[0]!.format).toBe('flyway');
    expect(problems).toEqual([
      { kind: 'runner', path: 'db/3_c.up.sql', message: expect.stringMatching(/looks like a golang-migrate migration, but the folder was read as flyway/) },
      { kind: 'runner', path: 'db/3_c.up.sql', message: expect.stringMatching(/Flyway does not run this file/) },
    ]);
  });

  it('reads Flyway locations recursively', async () => {
    const cwd = await project({ 'db/migration/V1__a.sql': 'SELECT 1;', 'db/migration/v2/V2__b.sql': 'SELECT 2;', 'db/migration/v2/V1_5__c.sql': 'SELECT 3;' });
    const { sets } = await discoverMigrations(cwd, ['db']);
    expect(sets.map((s) => [s.root, s.files.map((f) => f.version)])).toEqual([['db/migration', ['1', '1.5', '2']]]);
  });
});
