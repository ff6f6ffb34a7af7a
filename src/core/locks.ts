/**
 * Table-level lock modes and what each one blocks, from the conflict table in the PostgreSQL documentation,
 * "Explicit Locking", Table 13.2 "Conflicting Lock Modes"
 * (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES).
 */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

const CONFLICTS: Record<LockMode, readonly LockMode[]> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: LOCK_MODES,
};

export function conflicts(a: LockMode, b: LockMode): boolean {
  return CONFLICTS[a].includes(b);
}

/**
 * True when a transaction that holds `held` gets `requested` on the same table without waiting: a transaction
 * never conflicts with its own locks, so it waits only if some mode conflicts with `requested` but not `held`.
 */
export function covers(held: LockMode, requested: LockMode): boolean {
  return CONFLICTS[requested].every((mode) => CONFLICTS[held].includes(mode));
}

/** The SQL names (`ACCESS EXCLUSIVE`) for messages. */
export function lockName(mode: LockMode): string {
  return mode.replace(/Lock$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** What an application would notice while another session holds `mode` on a table. */
export interface BlockedOperations {
  /** SELECT (takes ACCESS SHARE). */
  reads: boolean;
  /** INSERT, UPDATE, DELETE, MERGE (take ROW EXCLUSIVE). */
  writes: boolean;
  /** SELECT ... FOR UPDATE/SHARE (takes ROW SHARE). */
  lockingReads: boolean;
  /** VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY and most other DDL (take SHARE UPDATE EXCLUSIVE or stronger). */
  ddl: boolean;
}

export function blockedOperations(mode: LockMode): BlockedOperations {
  return {
    reads: conflicts(mode, 'AccessShareLock'),
    writes: conflicts(mode, 'RowExclusiveLock'),
    lockingReads: conflicts(mode, 'RowShareLock'),
    ddl: conflicts(mode, 'ShareUpdateExclusiveLock'),
  };
}

/** "blocks reads and writes", "blocks writes", "blocks other schema changes", in plain words. */
export function describeBlocking(mode: LockMode): string {
  const blocked = blockedOperations(mode);
  if (blocked.reads) return 'blocks all reads and writes';
  if (blocked.writes) return 'blocks writes (INSERT, UPDATE, DELETE) but not reads';
  if (blocked.ddl) return 'blocks other schema changes, VACUUM and ANALYZE, but not reads or writes';
  return 'blocks only ACCESS EXCLUSIVE locks (schema changes that rewrite or drop the table)';
}

/** True for modes an application notices: the ones that block plain reads or writes. */
export function isDisruptive(mode: LockMode): boolean {
  const blocked = blockedOperations(mode);
  return blocked.reads || blocked.writes;
}
