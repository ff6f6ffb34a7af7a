import { describe, expect, it } from 'vitest';
import { loadParser } from '../../src/core/parse.js';
import type { Session } from '../../src/db/index.js';
import { readMigrationFile, type MigrationFile } from '../../src/migrations/index.js';
import { applyMigration, checkDownMigration, compareFingerprints, schemaFingerprint } from '../../src/replay/index.js';
import { PROVIDERS, useProvider, where } from './providers.js';

await loadParser();

const goose = (path: string, up: string, down: string): MigrationFile =>
  readMigrationFile({ format: 'goose', path, text: `-- +goose Up\n${up}\n-- +goose Down\n${down}\n` }).file;

/** Applies `setup`, then the migration, then checks its down part against the schema from before it. */
async function upAndDown(session: Session, setup: string, file: MigrationFile) {
  expect(await applyMigration(session, { path: 'setup.sql', text: setup, skipped: [], transaction: 'transaction' })).toBeUndefined();
  const before = await schemaFingerprint(session);
  expect(await applyMigration(session, file)).toBeUndefined();
  return checkDownMigration(session, file, before);
}

// One schema, built in two different orders: the tables, columns and objects come out with other OIDs and
// column numbers, and the fingerprint must not see it.
const SCHEMA_ONE = `
CREATE SCHEMA fp;
CREATE TYPE fp.status AS ENUM ('new', 'paid');
CREATE TABLE fp.customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE fp.orders (id bigserial PRIMARY KEY, customer bigint REFERENCES fp.customers, status fp.status NOT NULL DEFAULT 'new');
ALTER TABLE fp.orders ADD COLUMN total numeric(12,2);
ALTER TABLE fp.orders ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID;
CREATE INDEX orders_customer_idx ON fp.orders (customer) WHERE status = 'new';
CREATE VIEW fp.open_orders AS SELECT id, total FROM fp.orders WHERE status = 'new';
CREATE FUNCTION fp.order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM fp.orders $$;
CREATE TABLE fp.goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL);
`;
const SCHEMA_TWO = `
CREATE SCHEMA fp;
CREATE TABLE fp.goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean);
CREATE TABLE fp.customers (email text NOT NULL UNIQUE);
ALTER TABLE fp.customers ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
CREATE TYPE fp.status AS ENUM ('new', 'paid');
CREATE TABLE fp.orders (total numeric(12,2), id bigserial PRIMARY KEY);
CREATE FUNCTION fp.order_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM fp.orders $$;
ALTER TABLE fp.orders ADD COLUMN status fp.status NOT NULL DEFAULT 'new', ADD COLUMN customer bigint REFERENCES fp.customers;
ALTER TABLE fp.orders ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID;
CREATE VIEW fp.open_orders AS SELECT id, total FROM fp.orders WHERE status = 'new';
CREATE INDEX orders_customer_idx ON fp.orders (customer) WHERE status = 'new';
`;

describe.each(PROVIDERS)('schema fingerprint and down migrations on $kind', (provider) => {
  if (provider.skip) {
    it.skip(`needs the ${provider.kind} provider's env`, () => {});
    return;
  }
  const db = useProvider(provider);
  const run = (session: Session, text: string) => session.exec(text);

  it('describes user schemas whatever the order they were built in, without migration bookkeeping', async () => {
    await db.withSession(async (session) => {
      await run(session, SCHEMA_ONE);
      const one = await schemaFingerprint(session);
      await run(session, `DROP SCHEMA fp CASCADE;${SCHEMA_TWO}`);
      const two = await schemaFingerprint(session);
      await run(session, 'DROP SCHEMA fp CASCADE');

      expect(compareFingerprints(one, two)).toEqual([]);
      expect([...one.keys()].sort()).toEqual([...two.keys()].sort());
      expect(one.get('column fp.orders.total')?.definition).toBe('numeric(12,2)');
      expect(one.get('column fp.orders.status')?.definition).toBe("fp.status not null default 'new'::fp.status");
      expect(one.get('column fp.customers.id')?.definition).toBe('bigint not null generated always as identity');
      expect(one.get('constraint fp.orders.total_positive')?.definition).toBe('CHECK ((total > (0)::numeric)) NOT VALID (not validated)');
      expect(one.get('index fp.orders_customer_idx')?.definition).toMatch(/^CREATE INDEX orders_customer_idx ON fp\.orders USING btree \(customer\) WHERE/);
      expect(one.get('type fp.status')?.definition).toBe("enum ('new', 'paid')");
      expect(one.has('view fp.open_orders')).toBe(true);
      expect(one.has('function fp.order_count()')).toBe(true);
      expect(one.has('sequence fp.orders_id_seq')).toBe(true);
      expect([...one.keys()].filter((key) => key.includes('goose_db_version'))).toEqual([]);
    });
  });

  it('passes a down migration that restores the schema, and leaves the migration applied', async () => {
    await db.withSession(async (session) => {
      const file = goose(
        'db/002_note.sql',
        'ALTER TABLE ok_accounts ADD COLUMN note text;\nCREATE INDEX ok_accounts_note_idx ON ok_accounts (note);',
        'DROP INDEX ok_accounts_note_idx;\nALTER TABLE ok_accounts DROP COLUMN note;',
      );
      expect(await upAndDown(session, 'CREATE TABLE ok_accounts (id int PRIMARY KEY);', file)).toEqual({ ok: true });
      expect(await session.query("SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'ok_accounts'::regclass AND attname = 'note'")).toEqual([{ n: 1 }]);
    });
  });

  it('fails a down migration that forgets to drop a column, saying so, and the up part cannot run again', async () => {
    await db.withSession(async (session) => {
      const file = goose(
        'db/002_note.sql',
        'ALTER TABLE fg_accounts ADD COLUMN note text;\nCREATE INDEX fg_accounts_note_idx ON fg_accounts (note);',
        'DROP INDEX fg_accounts_note_idx;',
      );
      const result = await upAndDown(session, 'CREATE TABLE fg_accounts (id int PRIMARY KEY);', file);
      expect(result).toMatchObject({
        ok: false,
        difference: ['column public.fg_accounts.note still exists'],
        failure: {
          file: 'db/002_note.sql',
          code: '42701',
          message: 'applying the migration again after its down part failed: column "note" of relation "fg_accounts" already exists',
          statement: 0,
        },
      });
    });
  });

  it('names what a down migration removed or changed that existed before the migration', async () => {
    await db.withSession(async (session) => {
      const file = goose(
        'db/003_total.sql',
        'ALTER TABLE ch_orders ALTER COLUMN total TYPE numeric(14,2);',
        'ALTER TABLE ch_orders ALTER COLUMN total TYPE numeric(10,2);\nDROP INDEX ch_orders_total_idx;',
      );
      const setup = 'CREATE TABLE ch_orders (id int, total numeric(12,2));\nCREATE INDEX ch_orders_total_idx ON ch_orders (total);';
      expect(await upAndDown(session, setup, file)).toEqual({
        ok: false,
        difference: ['column public.ch_orders.total is numeric(10,2), was numeric(12,2)', 'index public.ch_orders_total_idx missing'],
      });
    });
  });

  it("reports a failing down part in the down file, located, in the runner's transaction mode", async () => {
    await db.withSession(async (session) => {
      const down = 'DROP TABLE df_accounts;\nDROP TABLE df_missing;\n';
      const { file } = readMigrationFile({
        format: 'golang-migrate',
        path: 'migrations/000002_df.up.sql',
        text: 'CREATE TABLE df_accounts (id int);',
        down: { path: 'migrations/000002_df.down.sql', text: down },
      });
      const result = await upAndDown(session, 'SELECT 1;', file);
      expect(result).toMatchObject({ ok: false, failure: { file: 'migrations/000002_df.down.sql', code: '42P01', statement: 1 } });
      expect(result.ok === false && where(down, result.failure)).toEqual({ line: 2, column: 1 });
      // implicit mode: the failed down file is rolled back as a whole.
      expect(await session.query("SELECT to_regclass('df_accounts') IS NOT NULL AS kept")).toEqual([{ kept: true }]);
    });
  });
});
