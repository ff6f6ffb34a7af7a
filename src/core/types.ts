/**
 * The shapes that flow through sql-preflight, from discovered files to reporters.
 * Positions in reports are 1-based; columns count Unicode code points; end positions are exclusive.
 */

export type Severity = 'error' | 'warning' | 'notice';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice'];
export type FailOn = Severity | 'never';

/** Where a finding came from: a static rule, the lock trace on a live database, or an EXPLAIN plan. */
export type FindingSource = 'static' | 'trace' | 'explain';

/**
 * How the migration runner executes a file:
 * - `transaction`: the runner wraps the whole file in BEGIN/COMMIT;
 * - `implicit`: the runner sends the file as one multi-statement query, which Postgres runs as one
 *   implicit transaction unless the file itself issues BEGIN/COMMIT (a lone statement runs on its own);
 * - `none`: every statement commits on its own (psql without -1).
 */
export type TransactionMode = 'transaction' | 'implicit' | 'none';

export type MigrationFormat =
  | 'plain'
  | 'golang-migrate'
  | 'goose'
  | 'dbmate'
  | 'flyway'
  | 'prisma'
  | 'drizzle'
  | 'diesel'
  | 'supabase';

export type FileKind = 'migration' | 'query';

/** A position in a report: 1-based line and column (Unicode code points). */
export interface Position {
  line: number;
  column: number;
}

export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A half-open range of UTF-8 byte offsets into the original file. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface TextEdit extends Span {
  text: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface Finding extends Span {
  ruleId: string;
  severity: Severity;
  file: string;
  message: string;
  help?: string;
  docsUrl: string;
  fix?: Fix;
  source: FindingSource;
  /** Index of the statement the finding belongs to in `files[].statements`, when it belongs to one. */
  statement?: number;
  /** Data that backs the finding (locks, rewrites, plan lines); its shape depends on `source`. */
  evidence?: Record<string, unknown>;
  /** Stable across runs as long as the rule, file and statement text do not change. */
  fingerprint: string;
}

export interface StatementReport extends Span {
  index: number;
  /** The parse node's type, e.g. `AlterTableStmt`. */
  type: string;
  inTransaction: boolean;
  /** What the statement really did on a live database (`check` only, statements of the change only). */
  trace?: StatementTrace;
}

/** A relation lock held by the migration's session, with Postgres' own mode name (e.g. `AccessExclusiveLock`). */
export interface TracedLock {
  /** Schema-qualified, e.g. `public.orders`. */
  relation: string;
  mode: string;
}

/** What a canary session could not do on a table while the statement's locks were held. */
export interface BlockedOperationsReport {
  relation: string;
  reads: boolean;
  writes: boolean;
}

/**
 * What one statement of the change did to the relations that existed before the change, observed on a live
 * database. Only pre-existing relations are listed: locks on objects the change creates block nobody.
 */
export interface StatementTrace {
  /** Locks the statement added to the session, as read from pg_locks after it ran (in its transaction). */
  locks: TracedLock[];
  /** Tables and indexes whose storage was rewritten (pg_class.relfilenode changed). */
  rewrites: string[];
  /** Full scans done to validate: constraints that became valid, columns that became NOT NULL. */
  validated: { relation: string; what: string }[];
  durationMs: number;
  /** `lock_timeout` and `statement_timeout` in effect when the statement ran, as Postgres reports them. */
  lockTimeout: string;
  statementTimeout: string;
  /** How the locks were seen: read in the statement's own transaction, or by a second session while it ran. */
  observedBy: 'transaction' | 'canary' | 'none';
  /** Real servers: what a second session was blocked from doing while the locks were held. */
  blocked?: BlockedOperationsReport[];
  /** Set when the statement failed on the database. */
  error?: { message: string; code?: string };
}

export interface ParseErrorReport extends Position {
  message: string;
}

export interface FileReport {
  path: string;
  kind: FileKind;
  format: MigrationFormat | 'sql';
  transaction: TransactionMode;
  statements: StatementReport[];
  parseErrors: ParseErrorReport[];
}

export type SeverityCounts = Record<Severity, number>;

export interface Report {
  tool: { name: string; version: string };
  postgresVersion: number;
  files: FileReport[];
  findings: Finding[];
  /** `refuted`: static findings dropped because the database showed their claim to be wrong (`check`). */
  summary: SeverityCounts & { total: number; files: number; statements: number; suppressed: number; refuted: number };
  /** The database the change ran on (`check` only). */
  database?: { provider: string; serverVersion: string; reason: string };
  /** Wall time of each phase of the run, and the total. */
  phases?: { name: string; durationMs: number }[];
  /** The data the queries were planned on (`check` with query or seed files). */
  seed?: SeedSummary;
  /** Each query of the query files, planned before and after the change (`check`). */
  queries?: QueryReport[];
  /** What the reader should know that is not a finding: queries not planned, tables not filled, statistics. */
  notes?: string[];
}

export interface SeedSummary {
  /** Rows generated in all tables. */
  rows: number;
  ms: number;
  tables: { table: string; status: string; rows: number; note?: string }[];
  /** Set when a statistics file was given: whether its statistics were restored or only its row counts used. */
  statistics?: { mode: 'restored' | 'scaled-rows'; tables: number };
}

export interface QueryPlanSummary {
  status: 'planned' | 'skipped' | 'failed';
  /** The plan's total estimated cost. */
  cost?: number;
  /** A generic plan, for a query with parameters. */
  generic?: boolean;
  /** Run with EXPLAIN ANALYZE on sample values. */
  analyzed?: boolean;
  /** Why the query was skipped or failed. */
  message?: string;
}

export interface QueryReport {
  file: string;
  line: number;
  /** The sqlc name. */
  name?: string;
  /** The query file is part of the change. */
  changed: boolean;
  /** On the schema before the change, and after it. */
  before?: QueryPlanSummary;
  after?: QueryPlanSummary;
}

/** A file to analyse, as its migration runner would execute it. */
export interface SqlSource {
  /** As shown in reports: relative to the working directory, with forward slashes. */
  path: string;
  text: string;
  kind: FileKind;
  format: MigrationFormat | 'sql';
  transaction: TransactionMode;
  /** Byte ranges the runner does not execute as a forward change (down sections, other directives). */
  skipped: ByteRange[];
  /**
   * The change under review this file belongs to; tables created earlier in the same change are new.
   * Undefined for existing migrations, which only build up the schema and are not linted.
   */
  change: string | undefined;
  /**
   * Set when the file could not be read as UTF-8 text; it is reported and not parsed. `text` then holds the
   * file decoded with replacement characters, so offsets before the first bad byte still map to lines.
   */
  readError?: { message: string; range?: ByteRange };
}
