import type { Session } from '../db/index.js';
import type { StatementTrace } from '../core/types.js';

export type Operation = 'rewrite' | 'scan' | 'index build';

/** How long one statement would hold its lock on a production-sized table. */
export interface Estimate {
  relation: string;
  operation: Operation;
  /** Production rows, from the config's `tables`. */
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** `measured`: from this statement on the seeded table; `calibrated`: from a reference table timed here. */
  basis: 'measured' | 'calibrated';
}

export interface TableSize {
  rows: number;
  bytes: number;
}

/** Below this many seeded rows a statement's own timing says little about throughput. */
const MEASURABLE_ROWS = 10_000;
const CALIBRATION_ROWS = 100_000;

/** Row counts and sizes of tables, by schema-qualified name. */
export async function tableSizes(session: Session, relations: readonly string[]): Promise<Map<string, TableSize>> {
  const sizes = new Map<string, TableSize>();
  if (relations.length === 0) return sizes;
  const rows = await session.query<{ relation: string; bytes: number }>(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS relation, pg_total_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname || '.' || c.relname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'm')`,
    [relations.map(unquote)],
  );
  for (const row of rows) {
    // Counted, not read from reltuples: that is -1 until the table is analysed, and production's count once a
    // statistics file was restored, while the throughput is measured on the rows here.
    const [counted] = await session.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${row.relation}`);
    sizes.set(unquote(row.relation), { rows: Number(counted!.n), bytes: Number(row.bytes) });
  }
  return sizes;
}

function unquote(relation: string): string {
  return relation.replace(/"/g, '');
}

/** Production row counts from the config (`tables: { orders: { rows: 50000000 } }`), by name or schema.name. */
export function productionRows(tables: Readonly<Record<string, { rows?: number }>>, relation: string): number | undefined {
  const name = unquote(relation);
  const short = name.startsWith('public.') ? name.slice('public.'.length) : undefined;
  return tables[name]?.rows ?? (short !== undefined ? tables[short]?.rows : undefined);
}

/**
 * Rows per second this database rewrites, scans and indexes, timed once on a reference table when an estimate
 * needs it and the seeded table is too small to time the statement itself.
 */
export class Calibration {
  private rates: Promise<Record<Operation, number>> | undefined;

  constructor(private readonly session: Session) {}

  rate(operation: Operation): Promise<number> {
    this.rates ??= this.measure();
    return this.rates.then((rates) => rates[operation]);
  }

  private async measure(): Promise<Record<Operation, number>> {
    const timed = async (sql: string) => {
      const start = performance.now();
      await this.session.exec(sql);
      return Math.max(performance.now() - start, 1) / 1000;
    };
    await this.session.exec('BEGIN');
    try {
      await this.session.exec(
        `CREATE TEMP TABLE sql_preflight_calibration AS
           SELECT g::int4 AS id, md5(g::text) AS payload, now() AS created_at FROM generate_series(1, ${CALIBRATION_ROWS}) g`,
      );
      const scan = await timed('ALTER TABLE sql_preflight_calibration ADD CONSTRAINT sql_preflight_calibration_check CHECK (id > 0)');
      const index = await timed('CREATE INDEX ON sql_preflight_calibration (payload)');
      const rewrite = await timed('ALTER TABLE sql_preflight_calibration ALTER COLUMN id TYPE int8');
      return { scan: CALIBRATION_ROWS / scan, 'index build': CALIBRATION_ROWS / index, rewrite: CALIBRATION_ROWS / rewrite };
    } finally {
      await this.session.exec('ROLLBACK');
    }
  }
}

/** Estimates for what a traced statement did to tables whose production size the config gives. */
export async function estimateStatement(
  trace: StatementTrace,
  indexBuildOn: string | undefined,
  sizes: ReadonlyMap<string, TableSize>,
  tables: Readonly<Record<string, { rows?: number }>>,
  calibration: Calibration,
): Promise<Estimate[]> {
  const work: { relation: string; operation: Operation }[] = [
    ...trace.rewrites.filter((r) => sizes.has(r)).map((relation) => ({ relation, operation: 'rewrite' as const })),
    ...trace.validated.map((v) => ({ relation: v.relation, operation: 'scan' as const })),
    ...(indexBuildOn ? [{ relation: indexBuildOn, operation: 'index build' as const }] : []),
  ];
  const estimates: Estimate[] = [];
  for (const { relation, operation } of work) {
    const rows = productionRows(tables, relation);
    if (rows === undefined || estimates.some((e) => e.relation === relation && e.operation === operation)) continue;
    const seeded = sizes.get(relation)?.rows ?? 0;
    const measured = seeded >= MEASURABLE_ROWS && trace.durationMs > 0;
    const rowsPerSecond = measured ? seeded / (trace.durationMs / 1000) : await calibration.rate(operation);
    estimates.push({ relation, operation, rows, seconds: rows / rowsPerSecond, rowsPerSecond: Math.round(rowsPerSecond), basis: measured ? 'measured' : 'calibrated' });
  }
  return estimates;
}
