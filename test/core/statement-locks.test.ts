import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/core/catalog.js';
import { isDisruptive, type LockMode } from '../../src/core/locks.js';
import { loadParser, parseSql } from '../../src/core/parse.js';
import { lockedTable, locksTakenBy } from '../../src/core/statement-locks.js';

await loadParser();

const LOCKING = 'https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES';
const ALTER = 'https://www.postgresql.org/docs/current/sql-altertable.html';

interface Expected {
  relation: string;
  mode: LockMode;
  tableMode?: LockMode;
}

interface Case {
  sql: string;
  /** Where the documentation says so. */
  source: string;
  locks: Expected[];
  postgresVersion?: number;
}

const cases: Case[] = [
  // Reads and writes.
  { sql: 'SELECT * FROM orders', source: `${LOCKING} ACCESS SHARE: "The SELECT command acquires a lock of this mode on referenced tables"`, locks: [{ relation: 'orders', mode: 'AccessShareLock' }] },
  {
    sql: 'SELECT * FROM orders o JOIN app.customers c ON c.id = o.customer_id WHERE o.id IN (SELECT order_id FROM refunds) FOR UPDATE OF o',
    source: `${LOCKING} ROW SHARE: on the tables FOR UPDATE names, ACCESS SHARE on the others`,
    locks: [
      { relation: 'orders', mode: 'RowShareLock' },
      { relation: 'app.customers', mode: 'AccessShareLock' },
      { relation: 'refunds', mode: 'AccessShareLock' },
    ],
  },
  { sql: 'SELECT * FROM orders FOR NO KEY UPDATE', source: `${LOCKING} ROW SHARE: FOR NO KEY UPDATE without a table list covers every table`, locks: [{ relation: 'orders', mode: 'RowShareLock' }] },
  {
    sql: 'INSERT INTO orders SELECT * FROM staging_orders',
    source: `${LOCKING} ROW EXCLUSIVE: "on the target table (in addition to ACCESS SHARE locks on any other referenced tables)"`,
    locks: [
      { relation: 'orders', mode: 'RowExclusiveLock' },
      { relation: 'staging_orders', mode: 'AccessShareLock' },
    ],
  },
  {
    sql: 'UPDATE orders SET status = c.status FROM customers c WHERE c.id = orders.customer_id',
    source: `${LOCKING} ROW EXCLUSIVE (UPDATE target), ACCESS SHARE (referenced)`,
    locks: [
      { relation: 'orders', mode: 'RowExclusiveLock' },
      { relation: 'customers', mode: 'AccessShareLock' },
    ],
  },
  { sql: 'DELETE FROM orders WHERE id = 1', source: `${LOCKING} ROW EXCLUSIVE (DELETE)`, locks: [{ relation: 'orders', mode: 'RowExclusiveLock' }] },
  {
    sql: 'MERGE INTO orders o USING staging_orders s ON s.id = o.id WHEN MATCHED THEN DELETE',
    source: `${LOCKING} ROW EXCLUSIVE (MERGE target), ACCESS SHARE (source)`,
    locks: [
      { relation: 'orders', mode: 'RowExclusiveLock' },
      { relation: 'staging_orders', mode: 'AccessShareLock' },
    ],
  },
  {
    sql: 'WITH gone AS (DELETE FROM orders WHERE archived RETURNING *) INSERT INTO orders_archive SELECT * FROM gone',
    source: `${LOCKING} ROW EXCLUSIVE on both targets; the CTE name is not a table`,
    locks: [
      { relation: 'orders_archive', mode: 'RowExclusiveLock' },
      { relation: 'orders', mode: 'RowExclusiveLock' },
    ],
  },
  { sql: 'CREATE TABLE orders_copy AS SELECT * FROM orders', source: `${LOCKING} ACCESS SHARE (the query reads orders)`, locks: [{ relation: 'orders', mode: 'AccessShareLock' }] },

  // Indexes.
  { sql: 'CREATE INDEX orders_status_idx ON orders (status)', source: `${LOCKING} SHARE: "Acquired by CREATE INDEX (without CONCURRENTLY)"`, locks: [{ relation: 'orders', mode: 'ShareLock' }] },
  { sql: 'CREATE UNIQUE INDEX CONCURRENTLY orders_code_idx ON app.orders (code)', source: `${LOCKING} SHARE UPDATE EXCLUSIVE: CREATE INDEX CONCURRENTLY`, locks: [{ relation: 'app.orders', mode: 'ShareUpdateExclusiveLock' }] },
  {
    sql: 'DROP INDEX orders_status_idx',
    source: 'https://www.postgresql.org/docs/current/sql-dropindex.html: a normal DROP INDEX takes ACCESS EXCLUSIVE on the table',
    locks: [{ relation: 'orders_status_idx', mode: 'AccessExclusiveLock', tableMode: 'AccessExclusiveLock' }],
  },
  { sql: 'REINDEX TABLE orders', source: 'https://www.postgresql.org/docs/current/sql-reindex.html Notes: "locks out writes but not reads of the index\'s parent table"', locks: [{ relation: 'orders', mode: 'ShareLock' }] },
  {
    sql: 'REINDEX INDEX orders_status_idx',
    source: 'sql-reindex.html Notes: "an ACCESS EXCLUSIVE lock on the specific index being processed", writes locked out on its table',
    locks: [{ relation: 'orders_status_idx', mode: 'AccessExclusiveLock', tableMode: 'ShareLock' }],
  },
  { sql: 'REINDEX TABLE CONCURRENTLY orders', source: `${LOCKING} SHARE UPDATE EXCLUSIVE: REINDEX CONCURRENTLY`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  {
    sql: 'REINDEX (CONCURRENTLY) INDEX orders_status_idx',
    source: `${LOCKING} SHARE UPDATE EXCLUSIVE: REINDEX CONCURRENTLY`,
    locks: [{ relation: 'orders_status_idx', mode: 'ShareUpdateExclusiveLock', tableMode: 'ShareUpdateExclusiveLock' }],
  },
  { sql: 'REINDEX (CONCURRENTLY false) TABLE orders', source: 'sql-reindex.html: a boolean option set to false is off', locks: [{ relation: 'orders', mode: 'ShareLock' }] },
  { sql: 'REINDEX SCHEMA app', source: 'the tables a REINDEX SCHEMA reaches are not named in the statement', locks: [] },

  // Whole-table commands.
  {
    sql: 'DROP TABLE orders, app.refunds CASCADE',
    source: `${LOCKING} ACCESS EXCLUSIVE: "Acquired by the DROP TABLE ... commands"`,
    locks: [
      { relation: 'orders', mode: 'AccessExclusiveLock' },
      { relation: 'app.refunds', mode: 'AccessExclusiveLock' },
    ],
  },
  { sql: 'TRUNCATE orders, ONLY refunds', source: `${LOCKING} ACCESS EXCLUSIVE: TRUNCATE`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }, { relation: 'refunds', mode: 'AccessExclusiveLock' }] },
  { sql: 'VACUUM FULL orders', source: `${LOCKING} ACCESS EXCLUSIVE: VACUUM FULL`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'VACUUM (FULL, ANALYZE) orders', source: `${LOCKING} ACCESS EXCLUSIVE: VACUUM FULL`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'VACUUM (ANALYZE) orders', source: `${LOCKING} SHARE UPDATE EXCLUSIVE: VACUUM (without FULL)`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  { sql: 'ANALYZE orders', source: `${LOCKING} SHARE UPDATE EXCLUSIVE: ANALYZE`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  { sql: 'CLUSTER orders USING orders_pkey', source: `${LOCKING} ACCESS EXCLUSIVE: CLUSTER`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'CLUSTER', source: 'CLUSTER without a table names none', locks: [] },
  { sql: 'REFRESH MATERIALIZED VIEW order_totals', source: `${LOCKING} ACCESS EXCLUSIVE: REFRESH MATERIALIZED VIEW (without CONCURRENTLY)`, locks: [{ relation: 'order_totals', mode: 'AccessExclusiveLock' }] },
  { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals', source: `${LOCKING} EXCLUSIVE: "Acquired by REFRESH MATERIALIZED VIEW CONCURRENTLY"`, locks: [{ relation: 'order_totals', mode: 'ExclusiveLock' }] },
  {
    sql: 'CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit()',
    source: `${LOCKING} SHARE ROW EXCLUSIVE: "Acquired by CREATE TRIGGER"`,
    locks: [{ relation: 'orders', mode: 'ShareRowExclusiveLock' }],
  },
  { sql: "COMMENT ON TABLE app.orders IS 'orders'", source: 'https://www.postgresql.org/docs/current/sql-comment.html: SHARE UPDATE EXCLUSIVE on the object', locks: [{ relation: 'app.orders', mode: 'ShareUpdateExclusiveLock' }] },
  { sql: "COMMENT ON COLUMN orders.status IS 'state'", source: 'sql-comment.html: SHARE UPDATE EXCLUSIVE (the column belongs to orders)', locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  {
    sql: 'CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM (1) TO (2)',
    source: 'https://www.postgresql.org/docs/current/ddl-partitioning.html: "the ACCESS EXCLUSIVE lock required by CREATE TABLE ... PARTITION OF"',
    locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }],
  },
  { sql: 'CREATE TABLE invoices (id bigint)', source: 'creates a table; nothing existing is locked', locks: [] },

  // LOCK.
  { sql: 'LOCK TABLE orders, app.refunds', source: `https://www.postgresql.org/docs/current/sql-lock.html: no mode means ACCESS EXCLUSIVE`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }, { relation: 'app.refunds', mode: 'AccessExclusiveLock' }] },
  { sql: 'LOCK orders IN SHARE MODE', source: 'sql-lock.html: the mode named', locks: [{ relation: 'orders', mode: 'ShareLock' }] },
  { sql: 'LOCK TABLE orders IN ROW EXCLUSIVE MODE NOWAIT', source: 'sql-lock.html: the mode named', locks: [{ relation: 'orders', mode: 'RowExclusiveLock' }] },
  { sql: 'LOCK TABLE orders IN SHARE UPDATE EXCLUSIVE MODE', source: 'sql-lock.html: the mode named', locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },

  // ALTER TABLE: "An ACCESS EXCLUSIVE lock is acquired unless explicitly noted."
  { sql: 'ALTER TABLE app.orders ADD COLUMN note text', source: `${ALTER} Description: ACCESS EXCLUSIVE unless noted`, locks: [{ relation: 'app.orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET NOT NULL', source: `${ALTER} Description: ACCESS EXCLUSIVE unless noted`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500', source: `${ALTER} SET STATISTICS: "acquires a SHARE UPDATE EXCLUSIVE lock"`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  { sql: 'ALTER TABLE orders ALTER COLUMN status SET (n_distinct = 5)', source: `${ALTER} SET ( attribute_option ): "Changing per-attribute options acquires a SHARE UPDATE EXCLUSIVE lock"`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  { sql: 'ALTER TABLE orders CLUSTER ON orders_pkey', source: `${ALTER} CLUSTER ON: "Changing cluster options acquires a SHARE UPDATE EXCLUSIVE lock"`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  { sql: 'ALTER TABLE orders SET WITHOUT CLUSTER', source: `${ALTER} SET WITHOUT CLUSTER: SHARE UPDATE EXCLUSIVE`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  { sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk', source: `${ALTER} VALIDATE CONSTRAINT: "acquires a SHARE UPDATE EXCLUSIVE lock"`, locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }] },
  {
    sql: 'ALTER TABLE orders SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01, toast.autovacuum_enabled = false, parallel_workers = 4)',
    source: `${ALTER} SET ( storage_parameter ): SHARE UPDATE EXCLUSIVE for fillfactor, toast and autovacuum parameters and parallel_workers`,
    locks: [{ relation: 'orders', mode: 'ShareUpdateExclusiveLock' }],
  },
  { sql: 'ALTER TABLE orders SET (user_catalog_table = true)', source: `${ALTER} SET ( storage_parameter ): other parameters are not noted, so ACCESS EXCLUSIVE`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'ALTER TABLE orders DISABLE TRIGGER orders_audit', source: `${ALTER} DISABLE/ENABLE TRIGGER: "acquires a SHARE ROW EXCLUSIVE lock"`, locks: [{ relation: 'orders', mode: 'ShareRowExclusiveLock' }] },
  {
    sql: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES app.customers (id) NOT VALID',
    source: `${ALTER} ADD table_constraint: ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on the table and on the referenced table`,
    locks: [
      { relation: 'app.customers', mode: 'ShareRowExclusiveLock' },
      { relation: 'orders', mode: 'ShareRowExclusiveLock' },
    ],
  },
  {
    sql: 'ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers',
    source: `${ALTER} ADD COLUMN (ACCESS EXCLUSIVE) with a foreign key (SHARE ROW EXCLUSIVE on the referenced table)`,
    locks: [
      { relation: 'customers', mode: 'ShareRowExclusiveLock' },
      { relation: 'orders', mode: 'AccessExclusiveLock' },
    ],
  },
  { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID', source: `${ALTER} ADD table_constraint: "most forms ... require an ACCESS EXCLUSIVE lock"`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  {
    sql: 'ALTER TABLE orders ALTER COLUMN status SET STATISTICS 500, ADD COLUMN note text',
    source: `${ALTER} Description: "the lock acquired will be the strictest one required by any subcommand"`,
    locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }],
  },
  {
    sql: 'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check, ENABLE TRIGGER orders_audit',
    source: `${ALTER} Description: the strictest of SHARE UPDATE EXCLUSIVE and SHARE ROW EXCLUSIVE`,
    locks: [{ relation: 'orders', mode: 'ShareRowExclusiveLock' }],
  },
  {
    sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    source: `${ALTER} ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE on the table being attached`,
    locks: [
      { relation: 'measurements_2024', mode: 'AccessExclusiveLock' },
      { relation: 'measurements', mode: 'ShareUpdateExclusiveLock' },
    ],
  },
  {
    sql: 'ALTER TABLE measurements ATTACH PARTITION measurements_2024 DEFAULT',
    source: 'https://www.postgresql.org/docs/11/sql-altertable.html: before 12 ATTACH PARTITION has no lock note, so ACCESS EXCLUSIVE',
    postgresVersion: 11,
    locks: [
      { relation: 'measurements_2024', mode: 'AccessExclusiveLock' },
      { relation: 'measurements', mode: 'AccessExclusiveLock' },
    ],
  },
  {
    sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019',
    source: `${ALTER} DETACH PARTITION: no note for the plain form, so ACCESS EXCLUSIVE`,
    locks: [
      { relation: 'measurements_2019', mode: 'AccessExclusiveLock' },
      { relation: 'measurements', mode: 'AccessExclusiveLock' },
    ],
  },
  {
    sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY',
    source: `${ALTER} DETACH PARTITION CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the partitioned table, ACCESS EXCLUSIVE on the partition`,
    locks: [
      { relation: 'measurements_2019', mode: 'AccessExclusiveLock' },
      { relation: 'measurements', mode: 'ShareUpdateExclusiveLock' },
    ],
  },
  { sql: 'ALTER TABLE orders RENAME TO purchases', source: `${ALTER} RENAME: no lock note, so ACCESS EXCLUSIVE`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'ALTER TABLE orders RENAME COLUMN status TO state', source: `${ALTER} RENAME: ACCESS EXCLUSIVE`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'ALTER TABLE orders RENAME CONSTRAINT a TO b', source: `${ALTER} RENAME: ACCESS EXCLUSIVE`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'ALTER TABLE orders SET SCHEMA archive', source: `${ALTER} SET SCHEMA: ACCESS EXCLUSIVE`, locks: [{ relation: 'orders', mode: 'AccessExclusiveLock' }] },
  { sql: 'ALTER INDEX orders_pkey SET (fillfactor = 90)', source: 'ALTER INDEX has its own page; not covered', locks: [] },
];

function locksOf(sql: string, postgresVersion?: number) {
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return locksTakenBy(parsed.statements[0]!, postgresVersion).map((l) => ({
    relation: l.relation,
    mode: l.mode,
    ...(l.index && { tableMode: l.index.tableMode }),
  }));
}

/** The order of the list carries no meaning. */
function byRelation(locks: Expected[]): Expected[] {
  return [...locks].sort((a, b) => a.relation.localeCompare(b.relation));
}

describe('locksTakenBy', () => {
  for (const c of cases) {
    it(`${c.sql} (${c.source})`, () => {
      expect(byRelation(locksOf(c.sql, c.postgresVersion))).toEqual(byRelation(c.locks));
    });
  }

  it('DROP INDEX CONCURRENTLY does not lock out selects, inserts, updates or deletes (sql-dropindex.html)', () => {
    const [lock] = locksOf('DROP INDEX CONCURRENTLY orders_status_idx');
    expect(isDisruptive(lock!.mode)).toBe(false);
    expect(isDisruptive(lock!.tableMode!)).toBe(false);
  });

  it('returns the statement\'s RangeVar, or one built from a name list', () => {
    const parsed = parseSql('DROP TABLE app.orders; TRUNCATE refunds');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(locksTakenBy(parsed.statements[0]!)[0]!.rangeVar).toEqual({ schemaname: 'app', relname: 'orders' });
    expect(locksTakenBy(parsed.statements[1]!)[0]!.rangeVar).toMatchObject({ relname: 'refunds', location: 32 });
  });
});

describe('lockedTable', () => {
  it('finds the table an index belongs to in the catalog', () => {
    const catalog = new Catalog();
    const setup = parseSql('CREATE TABLE app.orders (id int); CREATE INDEX orders_id_idx ON app.orders (id);');
    if (!setup.ok) throw new Error(setup.error.message);
    for (const s of setup.statements) catalog.apply(s, { file: 'a.sql', change: undefined });
    const drop = parseSql('DROP INDEX app.orders_id_idx; DROP INDEX orders_id_idx; DROP INDEX app.unknown_idx');
    if (!drop.ok) throw new Error(drop.error.message);
    const tables = drop.statements.map((s) => lockedTable(locksTakenBy(s)[0]!, catalog));
    expect(tables).toEqual(['app.orders', undefined, undefined]);
  });
});
