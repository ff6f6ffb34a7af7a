import { setTimeout as sleep } from 'node:timers/promises';
import type { DatabaseProvider, Session } from '../db/index.js';
import { oidArray } from './state.js';

/** SQLSTATE 55P03: lock_timeout expired, or NOWAIT found the lock taken. */
const LOCK_NOT_AVAILABLE = '55P03';
/** How long a pin waits, per round, for the statement to reach it; then it lets go and the statement runs on. */
const PIN_WAIT_MS = 10_000;
const POLL_MS = { first: 1, max: 50 };

export interface Blocked {
  reads: boolean;
  writes: boolean;
}

interface Pin {
  session: Session;
  pid: number;
}

/**
 * The extra sessions of a real server: one that probes whether reads and writes would wait, and two that can
 * hold a statement that cannot run in a transaction block (CREATE INDEX CONCURRENTLY...) before it completes.
 */
export class Canary {
  readonly #probe: Session;
  readonly #pins: [Pin, Pin];
  readonly #lockTimeoutMs: number;

  private constructor(probe: Session, pins: [Pin, Pin], lockTimeoutMs: number) {
    this.#probe = probe;
    this.#pins = pins;
    this.#lockTimeoutMs = lockTimeoutMs;
  }

  static async open(provider: DatabaseProvider, lockTimeoutMs: number): Promise<Canary> {
    const sessions: Session[] = [];
    try {
      for (let i = 0; i < 3; i++) sessions.push(await provider.open());
      const pids = await Promise.all(sessions.slice(1).map(backendPid));
      const [probe, first, second] = sessions as [Session, Session, Session];
      return new Canary(probe, [{ session: first, pid: pids[0]! }, { session: second, pid: pids[1]! }], lockTimeoutMs);
    } catch (error) {
      await Promise.all(sessions.map((session) => session.close()));
      throw error;
    }
  }

  get session(): Session {
    return this.#probe;
  }

  async close(): Promise<void> {
    await Promise.all([this.#probe, ...this.#pins.map((pin) => pin.session)].map((session) => session.close()));
  }

  /**
   * Whether a plain SELECT and a DELETE on each table (by OID) would have to wait now. EXPLAIN plans without
   * running, and planning takes the locks the query would take: ACCESS SHARE (ROW EXCLUSIVE for DELETE) on the
   * table, its indexes and its partitions, so a lock on an index blocks here as it blocks the application.
   *
   * `known` is what an earlier probe found in the same transaction. Within a transaction locks only accumulate
   * (until COMMIT, ROLLBACK or ROLLBACK TO SAVEPOINT, after which the caller forgets its answers), so what was
   * blocked stays blocked: a table known blocked for reads and writes is not probed again, and one known blocked
   * for writes only gets the read probe, since only a stronger lock taken since can have blocked reads too.
   */
  async probe(tables: Iterable<number>, known?: ReadonlyMap<number, Blocked>): Promise<Map<number, Blocked>> {
    const blocked = new Map<number, Blocked>();
    const oids: number[] = [];
    for (const oid of tables) {
      const earlier = known?.get(oid);
      if (earlier?.reads && earlier.writes) blocked.set(oid, earlier);
      else oids.push(oid);
    }
    if (oids.length === 0) return blocked;
    // The names as this session sees them: a rename in the traced transaction is not visible here yet.
    const visible = await this.#probe.query<{ oid: number; name: string }>(
      `SELECT c.oid::int8 AS oid, format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])`,
      [oidArray(oids)],
    );
    for (const { oid, name } of visible) {
      const reads = await this.#waits(`EXPLAIN SELECT FROM ${name}`);
      // Only ACCESS EXCLUSIVE conflicts with ACCESS SHARE, and it conflicts with ROW EXCLUSIVE too (Table 13.2):
      // when reads wait, writes do, and a second probe would only wait out its lock_timeout again.
      const writes = reads || known?.get(oid)?.writes === true || (await this.#waits(`EXPLAIN DELETE FROM ${name}`));
      blocked.set(oid, { reads, writes });
    }
    return blocked;
  }

  async #waits(query: string): Promise<boolean> {
    try {
      // One simple query is one implicit transaction: SET LOCAL applies to the probe and ends with it.
      await this.#probe.exec(`SET LOCAL lock_timeout = ${this.#lockTimeoutMs}; ${query}`);
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return true;
      throw error;
    }
  }

  /**
   * Runs `start` (a statement that commits on its own) while pins hold it before it completes, calling
   * `observe` each time it waits for one. The first pin is a REPEATABLE READ snapshot, which CREATE INDEX
   * CONCURRENTLY and REINDEX CONCURRENTLY wait for once they hold their locks, plus ACCESS SHARE on `tables`,
   * which DROP INDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY wait for. Before the first pin lets go, the
   * second takes ACCESS SHARE again, to hold a statement that goes on to wait for lockers or to take a stronger
   * lock in its next transaction (DETACH PARTITION CONCURRENTLY's ACCESS EXCLUSIVE on the partition).
   * Returns the statement's result and how long it was seen waiting for the pins.
   */
  async hold<T>(
    mainPid: number,
    tables: readonly string[],
    start: () => Promise<T>,
    observe: () => Promise<void>,
  ): Promise<{ result: T; heldMs: number; observed: boolean }> {
    const [first, second] = this.#pins;
    const open = new Set<Pin>();
    if (await this.#pin(first, tables, true)) open.add(first);
    let done = false;
    const running = start().finally(() => {
      done = true;
    });
    const finished = running.then(
      () => undefined,
      () => undefined,
    );
    let heldMs = 0;
    let observed = false;
    try {
      let holding = open.has(first) ? first : undefined;
      for (let round = 0; holding && round < 2; round++) {
        if (!(await this.#waitFor(holding.pid, mainPid, finished, () => done))) break;
        const seen = performance.now();
        await observe();
        observed = true;
        const next = round === 0 && tables.length > 0 && (await this.#pin(second, tables, false)) ? second : undefined;
        if (next) open.add(next);
        open.delete(holding);
        await holding.session.exec('ROLLBACK');
        heldMs += performance.now() - seen;
        holding = next;
      }
    } finally {
      try {
        for (const pin of [...open]) {
          open.delete(pin);
          await pin.session.exec('ROLLBACK');
        }
      } finally {
        // Nothing holds the statement any more: let it end before the session is used again or given up.
        await finished;
      }
    }
    return { result: await running, heldMs, observed };
  }

  /**
   * Opens a transaction on the pin, with a snapshot or not, holding ACCESS SHARE on `tables` (NOWAIT: nothing
   * should hold a conflicting lock, and if something does, the pin is not worth a wait). Without the table
   * locks, a snapshot alone still holds CREATE INDEX CONCURRENTLY.
   */
  async #pin(pin: Pin, tables: readonly string[], snapshot: boolean): Promise<boolean> {
    const lock = tables.length > 0 ? `LOCK TABLE ${tables.join(', ')} IN ACCESS SHARE MODE NOWAIT; ` : '';
    // LOCK TABLE takes no snapshot; the SELECT does.
    const sql = snapshot ? `BEGIN ISOLATION LEVEL REPEATABLE READ; ${lock}SELECT 1` : `BEGIN; ${lock}`;
    try {
      await pin.session.exec(sql);
      return true;
    } catch (error) {
      if (!isSqlError(error)) throw error;
      await pin.session.exec('ROLLBACK');
      return snapshot && lock !== '' ? this.#pin(pin, [], true) : false;
    }
  }

  /** Polls until backend `mainPid` waits for the pin; false if the statement finished first or the wait ran out. */
  async #waitFor(pinPid: number, mainPid: number, finished: Promise<void>, done: () => boolean): Promise<boolean> {
    const deadline = performance.now() + PIN_WAIT_MS;
    let pause = POLL_MS.first;
    while (!done() && performance.now() < deadline) {
      const [row] = await this.#probe.query<{ waiting: boolean }>(
        'SELECT $1::int = ANY(pg_blocking_pids($2::int)) AS waiting',
        [pinPid, mainPid],
      );
      if (row?.waiting) return true;
      await Promise.race([sleep(pause), finished]);
      pause = Math.min(pause * 2, POLL_MS.max);
    }
    return false;
  }
}

async function backendPid(session: Session): Promise<number> {
  const [row] = await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return row!.pid;
}

/**
 * An error Postgres reported for the statement (severity ERROR), as opposed to a lost connection, a stopped
 * database, or a FATAL error that ends the session.
 */
export function isSqlError(error: unknown): error is Error & { code?: string; position?: string | number } {
  return error instanceof Error && (error as { severity?: unknown }).severity === 'ERROR';
}
