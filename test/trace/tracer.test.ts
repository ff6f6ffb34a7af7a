/**
 * What the tracer observes, statement by statement, on each provider. Every expectation about lock modes,
 * rewrites and scans comes from the PostgreSQL documentation (cited at each case), not from the tracer:
 * - "Explicit Locking", Table 13.2 "Conflicting Lock Modes" and the list of commands acquiring each mode
 *   (https://www.postgresql.org/docs/15/explicit-locking.html#LOCKING-TABLES);
 * - the ALTER TABLE page: the lock of each subcommand ("An ACCESS EXCLUSIVE lock is acquired unless explicitly
 *   noted") and its Notes on which forms rewrite or scan the table
 *   (https://www.postgresql.org/docs/15/sql-altertable.html).
 * What a canary is blocked from follows from Table 13.2: reads take ACCESS SHARE, writes ROW EXCLUSIVE.
 */
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/source.js';
import { createTracer, TraceError } from '../../src/trace/index.js';
import { openProvider } from '../../src/db/index.js';
import { analyze, lockedRelations, PROVIDERS, strongest, useProvider } from './support.js';

const ORDERS = `
  CREATE TABLE customers (id int PRIMARY KEY, name text);
  INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 3) g;
  CREATE TABLE orders (id int PRIMARY KEY, customer_id int, total int);
  INSERT INTO orders SELECT g, g, g * 10 FROM generate_series(1, 3) g;
`;

describe.each(PROVIDERS)('tracer on $kind', (provider) => {
  if (provider.skip) {
    it.skip(`needs the ${provider.kind} provider's env`, () => {});
    return;
  }
  const db = useProvider(provider);
  const serverOnly = provider.kind === 'pglite' ? it.skip : it;

  it('CREATE INDEX takes SHARE on the table and rewrites nothing that existed', async () => {
    const { statements, failure } = await db.trace(ORDERS, 'CREATE INDEX orders_total ON orders (total);');
    expect(failure).toBeUndefined();
    const [trace] = statements;
    // Table 13.2: SHARE is "acquired by CREATE INDEX (without CONCURRENTLY)".
    expect(strongest(trace, 'public.orders')).toBe('ShareLock');
    expect(trace).toMatchObject({ rewrites: [], validated: [], observedBy: 'transaction' });
    if (db.concurrent) {
      // Table 13.2: SHARE conflicts with ROW EXCLUSIVE, not with ACCESS SHARE.
      expect(trace!.blocked).toEqual([{ relation: 'public.orders', reads: false, writes: true }]);
    } else {
      expect(trace!.blocked).toBeUndefined();
    }
  });

  it('CREATE INDEX CONCURRENTLY: the canary sees SHARE UPDATE EXCLUSIVE, which leaves writes alone', async () => {
    let valid: unknown;
    const { statements, failure } = await db.trace(ORDERS, 'CREATE INDEX CONCURRENTLY orders_total ON orders (total);', {
      inspect: async ({ session }) => {
        valid = await session.query("SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'orders_total'::regclass");
      },
    });
    expect(failure).toBeUndefined();
    // The statement completed once the pin let go: the index is valid.
    expect(valid).toEqual([{ valid: true }]);
    const [trace] = statements;
    expect(trace).toMatchObject({ rewrites: [], validated: [] });
    if (db.concurrent) {
      expect(trace!.observedBy).toBe('canary');
      // Table 13.2: SHARE UPDATE EXCLUSIVE is acquired by CREATE INDEX CONCURRENTLY, and conflicts with neither
      // ACCESS SHARE nor ROW EXCLUSIVE.
      expect(strongest(trace, 'public.orders')).toBe('ShareUpdateExclusiveLock');
      expect(trace!.blocked).toEqual([{ relation: 'public.orders', reads: false, writes: false }]);
      // The time spent waiting for the pin is not the statement's.
      expect(trace!.durationMs).toBeLessThan(1_000);
    } else {
      // PGlite has one connection: nobody can look while the statement runs.
      expect(trace).toMatchObject({ observedBy: 'none', locks: [] });
      expect(trace!.blocked).toBeUndefined();
    }
  });

  it('ADD COLUMN with a constant default rewrites nothing; with a volatile default it rewrites the table and its indexes', async () => {
    const change = `
      ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';
      ALTER TABLE orders ADD COLUMN token float8 DEFAULT random();
    `;
    const { statements, failure } = await db.trace(ORDERS, change, { tracer: { canaryLockTimeoutMs: 50 } });
    expect(failure).toBeUndefined();
    const [constant, volatile] = statements;
    // ALTER TABLE: "An ACCESS EXCLUSIVE lock is acquired unless explicitly noted" (ADD COLUMN has no note).
    expect(strongest(constant, 'public.orders')).toBe('AccessExclusiveLock');
    expect(strongest(volatile, 'public.orders')).toBe('AccessExclusiveLock');
    // Notes: with a non-volatile DEFAULT "In neither case is a rewrite of the table required" (since 11); "Adding a
    // column with a volatile DEFAULT ... will require the entire table and its indexes to be rewritten."
    expect(constant!.rewrites).toEqual([]);
    expect(volatile!.rewrites).toEqual(['public.orders', 'public.orders_pkey']);
    if (db.concurrent) {
      // Table 13.2: ACCESS EXCLUSIVE conflicts with every mode.
      for (const trace of [constant, volatile]) {
        expect(trace!.blocked).toEqual([{ relation: 'public.orders', reads: true, writes: true }]);
      }
    }
  });

  it('ALTER COLUMN TYPE int -> bigint rewrites the table and its indexes; varchar(10) -> varchar(20) rewrites nothing', async () => {
    const existing = `${ORDERS}
      CREATE INDEX orders_total ON orders (total);
      CREATE TABLE users (id int PRIMARY KEY, name varchar(10));
      CREATE INDEX users_name ON users (name);
      INSERT INTO users VALUES (1, 'ann'), (2, 'bob');
    `;
    const change = `
      ALTER TABLE orders ALTER COLUMN total TYPE bigint;
      ALTER TABLE users ALTER COLUMN name TYPE varchar(20);
    `;
    const { statements, failure } = await db.trace(existing, change);
    expect(failure).toBeUndefined();
    const [widened, lengthened] = statements;
    expect(strongest(widened, 'public.orders')).toBe('AccessExclusiveLock');
    expect(strongest(lengthened, 'public.users')).toBe('AccessExclusiveLock');
    // Notes: "Adding a column with a volatile DEFAULT or changing the type of an existing column will require the
    // entire table and its indexes to be rewritten" (orders_total comes back as a new index under its old name).
    expect(widened!.rewrites).toEqual(['public.orders', 'public.orders_pkey', 'public.orders_total']);
    // Notes: no rewrite when the old type is binary coercible to the new one, and indexes are not rebuilt when
    // the new index is logically equivalent; release notes 9.2: "Increasing the length limit for a varchar ...
    // column ... no longer requires a table rewrite."
    expect(lengthened!.rewrites).toEqual([]);
  });

  it('SET NOT NULL scans the table, unless a valid CHECK constraint proves no NULL can exist', async () => {
    const users = `
      CREATE TABLE users (id int PRIMARY KEY, email text, phone text, nick text);
      INSERT INTO users VALUES (1, 'a@example.com', '555', 'a'), (2, 'b@example.com', '556', 'b');
      ALTER TABLE users ADD CONSTRAINT users_phone_present CHECK (phone IS NOT NULL);
      ALTER TABLE users ADD CONSTRAINT users_nick_valid CHECK (nick IS NOT NULL AND nick <> '');
    `;
    const change = `
      ALTER TABLE users ALTER COLUMN email SET NOT NULL;
      ALTER TABLE users ALTER COLUMN phone SET NOT NULL;
      ALTER TABLE users ALTER COLUMN nick SET NOT NULL;
    `;
    const { statements, failure } = await db.trace(users, change);
    expect(failure).toBeUndefined();
    const [scanned, provenByCheck, provenByConjunction] = statements;
    for (const trace of statements) expect(strongest(trace, 'public.users')).toBe('AccessExclusiveLock');
    // ALTER TABLE, SET NOT NULL: "Ordinarily this is checked during the ALTER TABLE by scanning the entire table;
    // however, if a valid CHECK constraint is found which proves no NULL can exist, then the table scan is
    // skipped."
    expect(scanned!.validated).toEqual([{ relation: 'public.users', what: 'NOT NULL on column email' }]);
    expect(provenByCheck!.validated).toEqual([]);
    expect(provenByConjunction!.validated).toEqual([]);
    expect(statements.every((trace) => trace!.rewrites.length === 0)).toBe(true);
  });

  it('Postgres 18: a NOT NULL constraint added NOT VALID is validated by VALIDATE CONSTRAINT, not when added', async (context) => {
    if (db.serverMajor < 18) context.skip();
    const users = "CREATE TABLE users (id int, email text); INSERT INTO users VALUES (1, 'a@example.com');";
    const change = `
      ALTER TABLE users ADD CONSTRAINT users_email_nn NOT NULL email NOT VALID;
      ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;
    `;
    const { statements, failure } = await db.trace(users, change);
    expect(failure).toBeUndefined();
    // ALTER TABLE (18): NOT VALID now applies to not-null constraints too; VALIDATE CONSTRAINT validates one "by
    // scanning the table", and "acquires a SHARE UPDATE EXCLUSIVE lock".
    expect(statements[0]!.validated).toEqual([]);
    expect(statements[1]!.validated).toEqual([{ relation: 'public.users', what: 'NOT NULL on column email' }]);
    expect(strongest(statements[1], 'public.users')).toBe('ShareUpdateExclusiveLock');
  });

  it('ADD PRIMARY KEY marks its column NOT NULL: a scan, unless a valid CHECK constraint proves it', async () => {
    const accounts = `
      CREATE TABLE accounts (code int CONSTRAINT accounts_code_present CHECK (code IS NOT NULL), ref int);
      INSERT INTO accounts VALUES (1, 10), (2, 20);
    `;
    const change = `
      ALTER TABLE accounts ADD PRIMARY KEY (code);
      ALTER TABLE accounts ADD CONSTRAINT accounts_ref_key UNIQUE (ref);
      ALTER TABLE accounts DROP CONSTRAINT accounts_pkey, ADD PRIMARY KEY (ref);
    `;
    const { statements, failure } = await db.trace(accounts, change);
    expect(failure).toBeUndefined();
    const [proven, unique, scanned] = statements;
    // CREATE TABLE, PRIMARY KEY "enforces the same data constraints as a combination of UNIQUE and NOT NULL"
    // (https://www.postgresql.org/docs/15/sql-createtable.html); the NOT NULL part is checked as SET NOT NULL
    // is, so a valid CHECK constraint that proves no NULL can exist spares the scan. UNIQUE alone allows NULLs.
    expect(proven!.validated).toEqual([]);
    expect(unique!.validated).toEqual([]);
    expect(scanned!.validated).toEqual([{ relation: 'public.accounts', what: 'NOT NULL on column ref' }]);
  });

  it('ADD CONSTRAINT CHECK validates; NOT VALID does not; VALIDATE CONSTRAINT validates under SHARE UPDATE EXCLUSIVE', async () => {
    const change = `
      ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0);
      ALTER TABLE orders ADD CONSTRAINT orders_total_small CHECK (total < 1000) NOT VALID;
      ALTER TABLE orders VALIDATE CONSTRAINT orders_total_small;
    `;
    const { statements, failure } = await db.trace(ORDERS, change);
    expect(failure).toBeUndefined();
    const [added, notValid, validate] = statements;
    // Notes: "Adding a CHECK or NOT NULL constraint requires scanning the table to verify that existing rows
    // meet the constraint"; ADD table_constraint: NOT VALID skips that scan.
    expect(added!.validated).toEqual([{ relation: 'public.orders', what: 'CHECK constraint orders_total_positive' }]);
    expect(notValid!.validated).toEqual([]);
    expect(strongest(added, 'public.orders')).toBe('AccessExclusiveLock');
    expect(strongest(notValid, 'public.orders')).toBe('AccessExclusiveLock');
    // VALIDATE CONSTRAINT: validates a constraint created NOT VALID "by scanning the table"; "This command
    // acquires a SHARE UPDATE EXCLUSIVE lock."
    expect(validate!.validated).toEqual([{ relation: 'public.orders', what: 'CHECK constraint orders_total_small' }]);
    expect(strongest(validate, 'public.orders')).toBe('ShareUpdateExclusiveLock');
    if (db.concurrent) expect(validate!.blocked).toEqual([{ relation: 'public.orders', reads: false, writes: false }]);
  });

  it('ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables and validates the referencing one', async () => {
    const { statements, failure } = await db.trace(
      ORDERS,
      'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);',
    );
    expect(failure).toBeUndefined();
    const [trace] = statements;
    // ALTER TABLE, ADD table_constraint: "ADD FOREIGN KEY requires only a SHARE ROW EXCLUSIVE lock", and
    // "also acquires a SHARE ROW EXCLUSIVE lock on the referenced table".
    expect(strongest(trace, 'public.orders')).toBe('ShareRowExclusiveLock');
    expect(strongest(trace, 'public.customers')).toBe('ShareRowExclusiveLock');
    expect(trace!.validated).toEqual([{ relation: 'public.orders', what: 'FOREIGN KEY constraint orders_customer_fk' }]);
    if (db.concurrent) {
      // Table 13.2: SHARE ROW EXCLUSIVE conflicts with ROW EXCLUSIVE, not with ACCESS SHARE.
      expect(trace!.blocked).toEqual([
        { relation: 'public.customers', reads: false, writes: true },
        { relation: 'public.orders', reads: false, writes: true },
      ]);
    }
  });

  it('does not report what happens to a table created in the same file, only to the existing table it references', async () => {
    const change = `
      CREATE TABLE items (id int PRIMARY KEY, order_id int);
      CREATE INDEX items_order ON items (order_id);
      ALTER TABLE items ADD COLUMN note text DEFAULT random()::text;
      ALTER TABLE items ADD CONSTRAINT items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
    `;
    const { statements, failure } = await db.trace(ORDERS, change);
    expect(failure).toBeUndefined();
    for (const trace of statements.slice(0, 3)) {
      expect(trace).toMatchObject({ locks: [], rewrites: [], validated: [] });
      if (db.concurrent) expect(trace!.blocked).toEqual([]);
    }
    const fk = statements[3];
    expect(lockedRelations(fk).filter((relation) => !relation.startsWith('public.orders'))).toEqual([]);
    expect(strongest(fk, 'public.orders')).toBe('ShareRowExclusiveLock');
    expect(fk!.validated).toEqual([]);
  });

  it('a failing statement: its error, located in the file; the rest does not run and the runner transaction rolls back', async () => {
    const text = [
      '-- café ☕',
      'ALTER TABLE orders ADD COLUMN note text;',
      'ALTER TABLE orders',
      "  ALTER COLUMN total TYPE bigint USING length('naïve') + nope;",
      'ALTER TABLE orders ADD COLUMN other int;',
      '',
    ].join('\n');
    let columns: unknown;
    const { statements, failure } = await db.trace(ORDERS, text, {
      transaction: 'transaction',
      inspect: async ({ session }) => {
        columns = await session.query(
          "SELECT attname FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname IN ('note', 'other')",
        );
      },
    });
    expect(failure).toMatchObject({ statement: 1, code: '42703', message: 'column "nope" does not exist' });
    // Line 4, after `  ALTER COLUMN total TYPE bigint USING length('naïve') + `: 57 characters (58 bytes: ï takes two).
    expect(new LineIndex(text).position(failure!.position!)).toEqual({ line: 4, column: 58 });
    expect(statements[0]).toMatchObject({ observedBy: 'transaction' });
    expect(statements[1]!.error).toEqual({ message: 'column "nope" does not exist', code: '42703' });
    expect(statements[2]).toBeUndefined();
    expect(columns).toEqual([]);
  });

  it('an autocommitted file keeps what ran before the failure', async () => {
    let columns: unknown;
    const { statements, failure } = await db.trace(
      ORDERS,
      'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD COLUMN note text;\nSELECT 1;',
      {
        inspect: async ({ session }) => {
          columns = await session.query("SELECT attname FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'note'");
        },
      },
    );
    expect(failure).toMatchObject({ statement: 1, code: '42701' });
    expect(statements.map((trace) => trace === undefined)).toEqual([false, false, true]);
    expect(columns).toEqual([{ attname: 'note' }]);
  });

  it('a runner-wrapped file: each statement lists the locks it added, and the earlier ones stay held until COMMIT', async () => {
    const change = `
      CREATE INDEX orders_total ON orders (total);
      ALTER TABLE customers ADD COLUMN note text;
    `;
    let held: unknown;
    const { statements, failure } = await db.trace(ORDERS, change, {
      transaction: 'transaction',
      inspect: async ({ session }) => {
        held = await session.query(
          "SELECT relation::regclass::text AS relation FROM pg_locks WHERE pid = pg_backend_pid() AND relation IN ('orders'::regclass, 'customers'::regclass)",
        );
      },
    });
    expect(failure).toBeUndefined();
    const [index, column] = statements;
    expect(strongest(index, 'public.orders')).toBe('ShareLock');
    expect(lockedRelations(index)).not.toContain('public.customers');
    // The second statement's own locks: the table it alters; SHARE on orders is already held.
    expect(lockedRelations(column).filter((relation) => relation.startsWith('public.orders'))).toEqual([]);
    expect(strongest(column, 'public.customers')).toBe('AccessExclusiveLock');
    if (db.concurrent) {
      expect(index!.blocked).toEqual([{ relation: 'public.orders', reads: false, writes: true }]);
      // While the second statement runs, the transaction still holds SHARE on orders: writes to it wait too.
      expect(column!.blocked).toEqual([
        { relation: 'public.customers', reads: true, writes: true },
        { relation: 'public.orders', reads: false, writes: true },
      ]);
    }
    // Committed: nothing is held any more.
    expect(held).toEqual([]);
  });

  it("runs the file's own BEGIN, SAVEPOINT, ROLLBACK TO and COMMIT as written", async () => {
    const change = `
      BEGIN;
      ALTER TABLE customers ALTER COLUMN id TYPE bigint;
      SAVEPOINT before_orders;
      ALTER TABLE orders ALTER COLUMN total TYPE bigint;
      ROLLBACK TO SAVEPOINT before_orders;
      ALTER TABLE orders ADD COLUMN note text;
      COMMIT;
    `;
    let types: unknown;
    const { statements, failure } = await db.trace(ORDERS, change, {
      inspect: async ({ session }) => {
        types = await session.query(
          "SELECT attrelid::regclass::text AS t, atttypid::regtype::text AS type FROM pg_attribute WHERE attname IN ('id', 'total') AND attrelid IN ('customers'::regclass, 'orders'::regclass) ORDER BY 1, 2",
        );
      },
    });
    expect(failure).toBeUndefined();
    expect(statements[1]!.rewrites).toContain('public.customers');
    expect(statements[3]!.rewrites).toContain('public.orders');
    // ROLLBACK TO SAVEPOINT: "Roll back all commands that were executed after the savepoint was established"; the
    // storage it puts back is not a rewrite by the statements that follow.
    expect(statements[5]!.rewrites).toEqual([]);
    expect(strongest(statements[5], 'public.orders')).toBe('AccessExclusiveLock');
    expect(types).toEqual([
      { t: 'customers', type: 'bigint' },
      { t: 'orders', type: 'integer' },
      { t: 'orders', type: 'integer' },
    ]);
  });

  it('a runner-wrapped file that starts with SET TRANSACTION runs as its runner runs it', async () => {
    const change = "SET lock_timeout = '1s';\nSET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\nALTER TABLE orders ADD COLUMN note text;";
    const { statements, failure } = await db.trace(ORDERS, change, { transaction: 'transaction' });
    // SET TRANSACTION: the isolation level "cannot be changed after the first query or data-modification
    // statement ... of a transaction has been executed"; SET is neither, so the runner's file works.
    expect(failure).toBeUndefined();
    expect(strongest(statements[2], 'public.orders')).toBe('AccessExclusiveLock');
    expect(statements[2]!.lockTimeout).toBe('1s');
  });

  it('records the lock_timeout and statement_timeout in effect before each statement', async () => {
    const { statements } = await db.trace(ORDERS, "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN note text;");
    expect(statements.map((trace) => trace!.lockTimeout)).toEqual(['0', '2s']);
    // The server providers' own safety timeout (5 s in these tests); PGlite enforces its timeout from outside.
    expect(statements[1]!.statementTimeout).toBe(db.concurrent ? '5s' : '0');
  });

  it('VACUUM FULL cannot run in a transaction block: rewritten either way, its lock seen by the canary', async () => {
    const { statements, failure } = await db.trace(ORDERS, 'VACUUM FULL orders;');
    expect(failure).toBeUndefined();
    const [trace] = statements;
    // VACUUM, FULL: "writes a new copy of the table".
    expect(trace!.rewrites).toContain('public.orders');
    if (db.concurrent) {
      expect(trace!.observedBy).toBe('canary');
      // Table 13.2: ACCESS EXCLUSIVE is acquired by VACUUM FULL, and conflicts with every mode.
      expect(strongest(trace, 'public.orders')).toBe('AccessExclusiveLock');
      expect(trace!.blocked).toEqual([{ relation: 'public.orders', reads: true, writes: true }]);
    } else {
      expect(trace).toMatchObject({ observedBy: 'none', locks: [] });
    }
  });

  serverOnly('throws a TraceError when the connection is lost', async () => {
    const change = 'ALTER TABLE orders ADD COLUMN note text;\nSELECT pg_terminate_backend(pg_backend_pid());';
    await expect(db.trace(ORDERS, change)).rejects.toThrow(
      /^the lock trace stopped at statement 2 of change\.sql: the database was lost \(the connection to .+ ended: terminating connection due to administrator command\)$/,
    );
  });

  serverOnly('DROP INDEX CONCURRENTLY: reads and writes go on', async () => {
    const { statements, failure } = await db.trace(
      `${ORDERS} CREATE INDEX orders_total ON orders (total);`,
      'DROP INDEX CONCURRENTLY orders_total;',
    );
    expect(failure).toBeUndefined();
    const [trace] = statements;
    expect(trace!.observedBy).toBe('canary');
    // DROP INDEX, CONCURRENTLY: "Drop the index without locking out concurrent selects, inserts, updates, and
    // deletes on the index's table."
    expect(trace!.blocked).toEqual([{ relation: 'public.orders', reads: false, writes: false }]);
  });

  serverOnly('DETACH PARTITION CONCURRENTLY: both of its transactions are seen', async () => {
    const events = `
      CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
    `;
    const { statements, failure } = await db.trace(events, 'ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;');
    expect(failure).toBeUndefined();
    const [trace] = statements;
    expect(trace!.observedBy).toBe('canary');
    // ALTER TABLE, DETACH PARTITION: with CONCURRENTLY, SHARE UPDATE EXCLUSIVE on the parent table and the
    // partition in the first transaction; "the second transaction acquires SHARE UPDATE EXCLUSIVE on the
    // partitioned table and ACCESS EXCLUSIVE on the partition".
    expect(strongest(trace, 'public.events')).toBe('ShareUpdateExclusiveLock');
    expect(strongest(trace, 'public.events_2024')).toBe('AccessExclusiveLock');
  });
});

describe('tracer setup', () => {
  it('refuses a canary lock timeout that is not a positive integer', async () => {
    const { provider } = await openProvider({ kind: 'pglite', postgresVersion: 18 });
    const session = await provider.open();
    try {
      await expect(createTracer(provider, session, { canaryLockTimeoutMs: 0 })).rejects.toThrow(TypeError);
    } finally {
      await provider.dispose();
    }
  });

  it('throws a TraceError, not a statement failure, when the database is gone', async () => {
    const { provider } = await openProvider({ kind: 'pglite', postgresVersion: 18 });
    const session = await provider.open();
    const tracer = await createTracer(provider, session);
    await provider.dispose();
    await expect(tracer.traceFile(analyze('SELECT 1;'))).rejects.toThrow(TraceError);
    await expect(tracer.traceFile(analyze('SELECT 1;'))).rejects.toThrow(
      'the lock trace stopped at change.sql: the PGlite database has been disposed',
    );
  });
});
