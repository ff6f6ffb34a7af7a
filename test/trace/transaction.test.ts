/**
 * Statements after the first in one transaction: the tracer takes what they run under (settings, scan counts)
 * from its catalog read after the previous statement instead of reading it again. These cases check that the
 * answers are the ones a fresh read would give. SET NOT NULL's scan is judged from the table's sequential scan
 * count (pg_stat_xact_user_tables.seq_scan), so an earlier scan in the same transaction, or one of an earlier
 * transaction whose counts the server has not flushed yet, must not count as the statement's own: ALTER TABLE,
 * SET NOT NULL (https://www.postgresql.org/docs/15/sql-altertable.html) skips the scan when a valid CHECK
 * constraint proves no NULL can exist, here a conjunction the tracer cannot match itself.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDERS, useProvider } from './support.js';

const EXISTING = `
  CREATE TABLE users (id int PRIMARY KEY, email text, nick text CHECK (nick IS NOT NULL AND nick <> ''));
  INSERT INTO users VALUES (1, 'a@example.com', 'a'), (2, 'b@example.com', 'b');
  CREATE TABLE accounts (id int PRIMARY KEY, name text, tag text CHECK (tag IS NOT NULL AND tag <> ''));
  INSERT INTO accounts VALUES (1, 'a', 'x'), (2, 'b', 'y');
  SELECT count(*) FROM accounts;
  SELECT count(*) FROM users;
`;

describe.each(PROVIDERS)('one transaction on $kind', (provider) => {
  if (provider.skip) {
    it.skip(`needs the ${provider.kind} provider's env`, () => {});
    return;
  }
  const db = useProvider(provider);

  it('judges each statement by the settings and scan counts just before it', async () => {
    const change = `
      SELECT count(*) FROM users;
      SET lock_timeout = '3s';
      ALTER TABLE users ALTER COLUMN nick SET NOT NULL;
      ALTER TABLE users ALTER COLUMN email SET NOT NULL;
      SET LOCAL lock_timeout = '4s';
      ALTER TABLE accounts ALTER COLUMN tag SET NOT NULL;
      ALTER TABLE accounts ALTER COLUMN name SET NOT NULL;
    `;
    const { statements, failure } = await db.trace(EXISTING, change, { transaction: 'transaction' });
    expect(failure).toBeUndefined();
    expect(statements.map((trace) => trace!.lockTimeout)).toEqual(['0', '0', '3s', '3s', '3s', '4s', '4s']);
    expect(statements.map((trace) => trace!.validated)).toEqual([
      [],
      [],
      // Proven by the CHECK constraint: no scan, although users was scanned earlier in the transaction.
      [],
      [{ relation: 'public.users', what: 'NOT NULL on column email' }],
      [],
      // accounts: first locked here; its count from the setup's scan is not this statement's.
      [],
      [{ relation: 'public.accounts', what: 'NOT NULL on column name' }],
    ]);
  });
});
