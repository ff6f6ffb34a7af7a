import { describe, expect, it } from 'vitest';
import { loadParser } from '../../src/core/parse.js';
import type { TransactionMode } from '../../src/core/types.js';
import { openProvider, ProviderError, QUERY_CANCELED, type Session } from '../../src/db/index.js';
import { readMigrationFile } from '../../src/migrations/index.js';
import { applyMigration, applySetup } from '../../src/replay/index.js';
import { PROVIDERS, relationExists, useProvider, where } from './providers.js';

await loadParser();

const plain = (path: string, text: string, transaction: TransactionMode) => ({ path, text, skipped: [], transaction });

async function advisoryLocks(session: Session): Promise<number> {
  const [row] = await session.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()");
  return row!.n;
}

describe.each(PROVIDERS)('applyMigration on $kind', (provider) => {
  if (provider.skip) {
    it.skip(`needs the ${provider.kind} provider's env`, () => {});
    return;
  }
  const db = useProvider(provider);

  it('transaction mode: CONCURRENTLY fails inside the wrapping transaction, located, and nothing of the file remains', async () => {
    await db.withSession(async (session) => {
      const text = 'CREATE TABLE tx_orders (id bigint PRIMARY KEY, note text);\nCREATE INDEX CONCURRENTLY tx_orders_note ON tx_orders (note);\n';
      const failure = await applyMigration(session, plain('001_tx.sql', text, 'transaction'));
      expect(failure).toMatchObject({ file: '001_tx.sql', code: '25001', message: 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block', statement: 1 });
      expect(where(text, failure)).toEqual({ line: 2, column: 1 });
      expect(await relationExists(session, 'tx_orders')).toBe(false);
      expect(await advisoryLocks(session)).toBe(0);
    });
  });

  it('none mode: CONCURRENTLY runs on its own and builds a valid index', async () => {
    await db.withSession(async (session) => {
      const text = 'CREATE TABLE nx_orders (id bigint PRIMARY KEY, note text);\nCREATE INDEX CONCURRENTLY nx_orders_note ON nx_orders (note);\n';
      expect(await applyMigration(session, plain('001_nx.sql', text, 'none'))).toBeUndefined();
      const [index] = await session.query<{ valid: boolean }>("SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'nx_orders_note'::regclass");
      expect(index).toEqual({ valid: true });
    });
  });

  it('implicit mode: a lone CONCURRENTLY statement runs outside a transaction, two statements share one', async () => {
    await db.withSession(async (session) => {
      expect(await applyMigration(session, plain('001.sql', 'CREATE TABLE im_orders (id int, note text);', 'transaction'))).toBeUndefined();
      const lone = '-- built without blocking writes\nCREATE INDEX CONCURRENTLY im_orders_note ON im_orders (note);\n';
      expect(await applyMigration(session, plain('002.sql', lone, 'implicit'))).toBeUndefined();
      expect(await relationExists(session, 'im_orders_note')).toBe(true);

      const two = 'CREATE TABLE im_other (id int);\nCREATE INDEX CONCURRENTLY im_other_id ON im_other (id);\n';
      const failure = await applyMigration(session, plain('003.sql', two, 'implicit'));
      expect(failure).toMatchObject({ code: '25001', statement: 1 });
      expect(where(two, failure)).toEqual({ line: 2, column: 1 });
      expect(await relationExists(session, 'im_other')).toBe(false);
      expect(await advisoryLocks(session)).toBe(0);
    });
  });

  it("locates Postgres' error position in the original file after multi-byte text, with the goose Down section blanked", async () => {
    await db.withSession(async (session) => {
      const text = [
        '-- +goose Up',
        '-- Größe → 注文 😀',
        "CREATE TABLE pos_items (id int, label text DEFAULT 'naïve ✓');",
        "INSERT INTO pos_items (id, label) VALUES (1, 'café');",
        "SELECT 'ü😀', missing_column FROM pos_items;",
        '-- +goose Down',
        '-- Ärger 😀 beim Zurückrollen',
        'DROP TABLE pos_items;',
        '',
      ].join('\n');
      const { file } = readMigrationFile({ format: 'goose', path: 'db/20240101_items.sql', text });
      const failure = await applyMigration(session, file);
      expect(failure).toMatchObject({ file: 'db/20240101_items.sql', code: '42703', message: 'column "missing_column" does not exist', statement: 2 });
      // "SELECT " (7) + "'ü😀'" (4 code points) + ", " (2): the column starts at the 14th character.
      expect(where(text, failure)).toEqual({ line: 5, column: 14 });
      expect(await relationExists(session, 'pos_items')).toBe(false);
    });
  });

  it('locates the error after a blanked part whose multi-byte text became more characters than it had', async () => {
    await db.withSession(async (session) => {
      const text = ['-- migrate:down', 'DROP TABLE skip_items; -- Ärger 😀 ✓', '-- migrate:up', 'CREATE TABLE skip_items (id int);', "SELECT '😀', nope FROM skip_items;", ''].join('\n');
      const { file } = readMigrationFile({ format: 'dbmate', path: 'db/migrations/20240101_skip.sql', text });
      expect(file.skipped).toEqual([{ start: 0, end: Buffer.byteLength('-- migrate:down\nDROP TABLE skip_items; -- Ärger 😀 ✓\n') }]);
      const failure = await applyMigration(session, file);
      expect(failure).toMatchObject({ code: '42703', message: 'column "nope" does not exist', statement: 1 });
      // "SELECT " (7) + "'😀'" (3) + ", " (2).
      expect(where(text, failure)).toEqual({ line: 5, column: 13 });
    });
  });

  it('without a position from Postgres, points at the start of the failing statement; the session goes on', async () => {
    await db.withSession(async (session) => {
      const text = 'CREATE TABLE np_orders (id int);\nINSERT INTO np_orders VALUES (1);\n\n  ALTER TABLE np_missing\n    ADD COLUMN x int;\nCREATE TABLE np_after (id int);\n';
      const failure = await applyMigration(session, plain('004.sql', text, 'transaction'));
      expect(failure).toMatchObject({ code: '42P01', message: 'relation "np_missing" does not exist', statement: 2 });
      expect(where(text, failure)).toEqual({ line: 4, column: 3 });
      expect(await relationExists(session, 'np_orders')).toBe(false);
      expect(await relationExists(session, 'np_after')).toBe(false);
      expect(await applyMigration(session, plain('005.sql', 'CREATE TABLE np_next (id int);\nCREATE TABLE np_next2 (id int);', 'transaction'))).toBeUndefined();
      expect(await relationExists(session, 'np_next2')).toBe(true);
      expect(await advisoryLocks(session)).toBe(0);
    });
  });

  it('none mode: a failure keeps what the statements before it committed, once, and runs nothing after it', async () => {
    await db.withSession(async (session) => {
      const text = 'CREATE TABLE none_a (id int);\nCREATE TABLE none_b (id int);\nINSERT INTO none_a VALUES (1);\nALTER TABLE none_missing ADD COLUMN x int;\nCREATE TABLE none_c (id int);\n';
      const failure = await applyMigration(session, plain('006.sql', text, 'none'));
      expect(failure).toMatchObject({ code: '42P01', statement: 3 });
      expect(where(text, failure)).toEqual({ line: 4, column: 1 });
      expect(await relationExists(session, 'none_b')).toBe(true);
      expect(await session.query('SELECT id FROM none_a')).toEqual([{ id: 1 }]);
      expect(await relationExists(session, 'none_c')).toBe(false);
      expect(await advisoryLocks(session)).toBe(0);
    });
  });

  it("none mode: statements inside the file's own BEGIN ... COMMIT go together, and a failure there undoes the block", async () => {
    await db.withSession(async (session) => {
      const text = 'CREATE TABLE blk_a (id int);\nBEGIN;\nCREATE TABLE blk_b (id int);\nALTER TABLE blk_missing ADD COLUMN x int;\nCOMMIT;\nCREATE TABLE blk_c (id int);\n';
      const failure = await applyMigration(session, plain('007.sql', text, 'none'));
      expect(failure).toMatchObject({ code: '42P01', statement: 3 });
      expect(where(text, failure)).toEqual({ line: 4, column: 1 });
      expect(await relationExists(session, 'blk_a')).toBe(true);
      expect(await relationExists(session, 'blk_b')).toBe(false);
      expect(await relationExists(session, 'blk_c')).toBe(false);
    });
  });

  it('a deferred constraint failing at commit: the statement in none mode, the file in transaction mode', async () => {
    await db.withSession(async (session) => {
      const none = [
        'CREATE TABLE dn_parent (id int PRIMARY KEY);',
        'CREATE TABLE dn_child (parent int REFERENCES dn_parent DEFERRABLE INITIALLY DEFERRED);',
        'INSERT INTO dn_child VALUES (1);',
        'CREATE TABLE dn_after (id int);',
      ].join('\n');
      const failure = await applyMigration(session, plain('008.sql', none, 'none'));
      expect(failure).toMatchObject({ code: '23503', statement: 2 });
      expect(where(none, failure)).toEqual({ line: 3, column: 1 });
      expect(await relationExists(session, 'dn_child')).toBe(true);
      expect(await relationExists(session, 'dn_after')).toBe(false);

      const wrapped = none.replaceAll('dn_', 'dt_');
      const atCommit = await applyMigration(session, plain('009.sql', wrapped, 'transaction'));
      expect(atCommit).toMatchObject({ code: '23503' });
      expect(atCommit?.statement).toBeUndefined();
      expect(atCommit?.offset).toBeUndefined();
      expect(await relationExists(session, 'dt_parent')).toBe(false);
      expect(await advisoryLocks(session)).toBe(0);
    });
  });

  it('none mode: a file the parser rejects runs up to the statement before the error, then reports the error', async () => {
    await db.withSession(async (session) => {
      const text = 'CREATE TABLE pf_a (id int);\nCREATE TABLE pf_b (id int,);\nCREATE TABLE pf_c (id int);\n';
      const failure = await applyMigration(session, plain('010.sql', text, 'none'));
      expect(failure).toMatchObject({ code: '42601', message: 'syntax error at or near ")"' });
      expect(failure?.statement).toBeUndefined();
      expect(where(text, failure)).toEqual({ line: 2, column: 27 });
      expect(await relationExists(session, 'pf_a')).toBe(true);
      expect(await relationExists(session, 'pf_c')).toBe(false);
    });
  });

  it('implicit mode: a transaction the file leaves open is rolled back, as when the runner disconnects', async () => {
    await db.withSession(async (session) => {
      expect(await applyMigration(session, plain('011.sql', 'CREATE TABLE dangling_base (id int);', 'transaction'))).toBeUndefined();
      expect(await applyMigration(session, plain('012.sql', 'BEGIN;\nCREATE TABLE dangling (id int);\n', 'implicit'))).toBeUndefined();
      expect(await relationExists(session, 'dangling')).toBe(false);
      // Only possible outside a transaction block.
      const concurrently = 'CREATE INDEX CONCURRENTLY dangling_base_id ON dangling_base (id);';
      expect(await applyMigration(session, plain('013.sql', concurrently, 'implicit'))).toBeUndefined();
    });
  });

  it('does not run a file that could not be read, and says why', async () => {
    await db.withSession(async (session) => {
      const file = { ...plain('016.sql', 'CREATE TABLE unread (id int); \uFFFD', 'transaction'), readError: { message: 'The file is not valid UTF-8.' } };
      expect(await applyMigration(session, file)).toEqual({ file: '016.sql', message: 'The file is not valid UTF-8.' });
      expect(await relationExists(session, 'unread')).toBe(false);
    });
  });

  it('applies setup SQL statement by statement, goes on after a failure, and accepts roles that exist', async () => {
    await db.withSession(async (session) => {
      const schema = 'CREATE SCHEMA app;\nALTER TABLE app.nope ADD COLUMN x int;\nCREATE TABLE app.settings (k text);\n';
      // The url test server's role may not create roles; the other providers run as a superuser.
      const roles = provider.kind === 'url' ? [] : [{ path: 'setup/roles.sql', text: 'CREATE ROLE replay_reader;\nCREATE ROLE replay_reader;\n' }];
      const failures = await applySetup(session, [{ path: 'setup/schema.sql', text: schema }, ...roles]);
      expect(failures).toEqual([
        { file: 'setup/schema.sql', code: '42P01', message: 'relation "app.nope" does not exist', offset: schema.indexOf('ALTER'), statement: 1 },
      ]);
      expect(await relationExists(session, 'app.settings')).toBe(true);
    });
  });

  it('reports a statement that outlives statement_timeout as timed out, within the timeout', async () => {
    if (provider.kind === 'pglite') return; // PGlite loses its database on a timeout: see the next block.
    await db.withSession(async (session) => {
      const text = 'CREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n';
      const started = Date.now();
      const failure = await applyMigration(session, plain('014.sql', text, 'transaction'));
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(failure).toMatchObject({ code: QUERY_CANCELED, message: expect.stringMatching(/statement timeout/), statement: 1 });
      expect(where(text, failure)).toEqual({ line: 2, column: 1 });
      expect(await applyMigration(session, plain('015.sql', 'CREATE TABLE after_slow (id int);', 'transaction'))).toBeUndefined();
    });
  });
});

describe('PGlite statement timeout', () => {
  it('reports the timeout with the statement, says the database is gone, and later calls fail fast', async () => {
    const { provider } = await openProvider({ kind: 'pglite', postgresVersion: 18, statementTimeoutMs: 300 });
    try {
      const session = await provider.open();
      const text = 'CREATE TABLE slow (id int);\nCREATE TABLE slow2 (id int);\nSELECT pg_sleep(30);\n';
      const started = Date.now();
      const failure = await applyMigration(session, plain('001.sql', text, 'none'));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(failure).toMatchObject({ code: QUERY_CANCELED, statement: 2, message: expect.stringMatching(/statement timeout \(300 ms\).*discarded/) });
      expect(where(text, failure)).toEqual({ line: 3, column: 1 });

      const next = Date.now();
      const later = applyMigration(session, plain('002.sql', 'CREATE TABLE t (id int);', 'transaction'));
      await expect(later).rejects.toThrow(ProviderError);
      await expect(later).rejects.toThrow('could not replay 002.sql: the PGlite database was discarded after a statement timed out');
      expect(Date.now() - next).toBeLessThan(500);
    } finally {
      await provider.dispose();
    }
  });
});
