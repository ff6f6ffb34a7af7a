import { parseSql, type ParsedStatement } from '../core/parse.js';
import { LineIndex, maskRanges } from '../core/source.js';
import type { ByteRange, MigrationFormat, SqlSource, TransactionMode } from '../core/types.js';
import { byteLength, splitLines, type Line } from './text.js';
import type { MigrationFile } from './types.js';

/** A migration file's text plus what its runner reads beside it. */
export interface MigrationInput {
  format: MigrationFormat;
  path: string;
  text: string;
  readError?: SqlSource['readError'];
  version?: string;
  /** Flyway's `<file>.conf` script config or diesel's `metadata.toml`. */
  settings?: string;
  /** The separate down file (golang-migrate `.down.sql`, diesel `down.sql`, Flyway `U` file). */
  down?: { path: string; text: string };
  /** The config's transaction mode: it wins over the runner's default and over directives in the file. */
  transaction?: TransactionMode;
}

/**
 * How each runner executes a file when nothing in or beside the file says otherwise. Each entry is what the
 * runner does on PostgreSQL, taken from its source. A string of several statements sent as one simple-protocol
 * query (lib/pq's `Exec` without arguments, libpq's `PQexec`, tokio-postgres' `simple_query`) runs as one
 * implicit transaction unless it contains BEGIN/COMMIT itself (PostgreSQL docs, "Multiple Statements in a Simple
 * Query"), which is the `implicit` mode.
 * - golang-migrate: the postgres driver's `Run` reads the whole file and sends it in one `ExecContext` without
 *   arguments (database/postgres/postgres.go). Its `x-multi-statement=true` URL option splits the file on `;` and
 *   sends each part on its own instead; that is a deployment setting this does not see.
 * - goose: each statement in its own `ExecContext`, all inside one `BEGIN` unless `-- +goose NO TRANSACTION`
 *   (internal/sqlparser/parser.go returns `useTx`).
 * - dbmate: the up block in one lib/pq `Exec` inside a transaction, or with `transaction:false` the same `Exec`
 *   outside one, hence `implicit` (pkg/dbmate/db.go `Migrate`, pkg/driver/postgres).
 * - Flyway: each script in its own transaction; see `flywayTransaction` for when it is not.
 * - Prisma: `migrate deploy` sends the whole `migration.sql` with `simple_query` (schema-engine's postgres
 *   connector, `apply_migration_script`), with no BEGIN around it.
 * - Drizzle: drizzle-orm's PostgreSQL migrator runs every pending migration inside one `session.transaction`,
 *   one `execute` per `--> statement-breakpoint` chunk (drizzle-orm/src/pg-core/dialect.ts `migrate`).
 * - diesel: `up.sql` in one `batch_execute` (libpq `PQexec`) inside `conn.transaction` unless `metadata.toml`
 *   says `run_in_transaction = false` (diesel_migrations/src/migration_harness.rs `run_migration`).
 * - Supabase CLI: the file's statements plus the `schema_migrations` insert go out as one pipelined batch
 *   (`pgconn.ExecBatch`, pkg/migration/file.go `ExecBatch`, "ExecBatch is implicitly transactional"), so even a
 *   single statement shares a transaction with the bookkeeping insert.
 * - plain: a folder of scripts with no runner, run like `psql -f` without `-1`.
 */
const DEFAULT_TRANSACTION: Record<MigrationFormat, TransactionMode> = {
  plain: 'none',
  'golang-migrate': 'implicit',
  goose: 'transaction',
  dbmate: 'transaction',
  flyway: 'transaction',
  prisma: 'implicit',
  drizzle: 'transaction',
  diesel: 'transaction',
  supabase: 'transaction',
};

/**
 * Computes what the runner executes forward (everything outside `skipped`), how (`transaction`) and the down
 * part. Pure given the text; Flyway's detection of non-transactional statements needs the parser loaded
 * (`loadParser()` from src/core/parse.ts). Problems are messages about this file.
 */
export function readMigrationFile(input: MigrationInput): { file: MigrationFile; problems: string[] } {
  let transaction = DEFAULT_TRANSACTION[input.format];
  const file: MigrationFile = {
    path: input.path,
    text: input.text,
    kind: 'migration',
    format: input.format,
    transaction: input.transaction ?? transaction,
    skipped: [],
    version: input.version,
  };
  if (input.readError) return { file: { ...file, readError: input.readError }, problems: [] };
  if (input.down) file.down = { ...input.down, skipped: [] };

  const problems: string[] = [];
  switch (input.format) {
    case 'goose': {
      const sections = readGoose(input.text, problems);
      file.skipped = sections.skipped;
      if (sections.down) file.down = { path: input.path, text: input.text, skipped: sections.down };
      if (sections.noTransaction) transaction = 'none';
      break;
    }
    case 'dbmate': {
      const sections = readDbmate(input.text, problems);
      file.skipped = sections.skipped;
      if (sections.down) file.down = { path: input.path, text: input.text, skipped: sections.down };
      if (sections.noTransaction) transaction = 'implicit';
      break;
    }
    case 'flyway':
      transaction = flywayTransaction(input.text, input.settings, problems);
      break;
    case 'diesel':
      if (input.settings && /^[ \t]*run_in_transaction[ \t]*=[ \t]*false\b/m.test(input.settings)) transaction = 'implicit';
      break;
    default:
      break;
  }
  file.transaction = input.transaction ?? transaction;
  return { file, problems };
}

interface Sections {
  skipped: ByteRange[];
  /** The down part's skipped ranges (everything before the down marker), when there is a down marker. */
  down: ByteRange[] | undefined;
  noTransaction: boolean;
}

interface Marker {
  kind: 'up' | 'down';
  line: Line;
  number: number;
}

/**
 * goose (internal/sqlparser/parser.go): an annotation is a line starting with `--` whose rest, trimmed, is
 * exactly `+goose Up`, `+goose Down`, `+goose StatementBegin`, `+goose StatementEnd`, `+goose NO TRANSACTION`
 * or `+goose ENVSUBST ON|OFF`. Only the Up section runs forward. `NO TRANSACTION` anywhere applies to the file.
 * With `ENVSUBST ON` goose replaces `${VAR}` from the environment before running the statement; the text is
 * linted as written, and the engine reports placeholders that keep it from parsing as templated SQL.
 */
function readGoose(text: string, problems: string[]): Sections {
  const markers: Marker[] = [];
  let noTransaction = false;
  splitLines(text).forEach((line, i) => {
    if (!line.text.startsWith('--')) return;
    const annotation = line.text.slice(2).trim();
    if (annotation === '+goose Up') markers.push({ kind: 'up', line, number: i + 1 });
    else if (annotation === '+goose Down') markers.push({ kind: 'down', line, number: i + 1 });
    else if (annotation === '+goose NO TRANSACTION') noTransaction = true;
  });
  return { ...sections(text, markers, 'goose', "'-- +goose Up'", problems), noTransaction };
}

// Go's `\s` is [\t\n\f\r ]; JavaScript's also matches Unicode spaces, which dbmate does not accept.
const DBMATE_UP = /^--[\t\f\r ]*migrate:up([\t\f\r ]*$|[\t\f\r ]+[^\t\f\r ])/;
const DBMATE_DOWN = /^--[\t\f\r ]*migrate:down([\t\f\r ]*$|[\t\f\r ]+[^\t\f\r ]+$)/;
const DBMATE_INDENTED = /^[ \t]+--[\t\f\r ]*migrate:(up|down)([\t\f\r ]*$|[\t\f\r ]+[^\t\f\r ])/;

/**
 * dbmate (pkg/dbmate/migration.go): the up block runs from the first `-- migrate:up` line to the first
 * `-- migrate:down` line, which dbmate 2 requires. Options follow the marker as `key:value` words, and only
 * `transaction:false` changes anything. dbmate's patterns are anchored at the start of the line, so an indented
 * marker is invisible to it (amacneil/dbmate#108); it is read as a marker here, with a problem saying so.
 */
function readDbmate(text: string, problems: string[]): Sections {
  const markers: Marker[] = [];
  let noTransaction = false;
  splitLines(text).forEach((line, i) => {
    const up = DBMATE_UP.test(line.text);
    const down = DBMATE_DOWN.test(line.text);
    const indented = DBMATE_INDENTED.exec(line.text);
    if (indented) {
      problems.push(
        `The '-- migrate:${indented[1]}' marker on line ${i + 1} is indented: dbmate only recognises markers at the start of a line, so it does not see this one. Remove the indentation.`,
      );
    }
    if (!up && !down && !indented) return;
    const kind = up || indented?.[1] === 'up' ? 'up' : 'down';
    markers.push({ kind, line, number: i + 1 });
    if (kind === 'up' && markers.filter((m) => m.kind === 'up').length === 1) {
      noTransaction = line.text.trim().split(/\s+/).some((word) => word === 'transaction:false');
    }
  });
  const result = sections(text, markers, 'dbmate', "'-- migrate:up'", problems);
  if (!markers.some((m) => m.kind === 'down')) {
    problems.push("The file has no '-- migrate:down' marker: dbmate 2 refuses to run a migration without a down block.");
  }
  return { ...result, noTransaction };
}

/** The up section runs from the first up marker to the next down marker; the rest after it is the down part. */
function sections(text: string, markers: Marker[], tool: string, upName: string, problems: string[]): Omit<Sections, 'noTransaction'> {
  const end = byteLength(text);
  const up = markers.find((m) => m.kind === 'up');
  const skipped: ByteRange[] = [];
  if (!up) {
    problems.push(`The file has no ${upName} marker: ${tool} refuses to run it. Read here as if the marker were on line 1.`);
  } else {
    if (markers.filter((m) => m.kind === 'up').length > 1) {
      problems.push(`The file has more than one ${upName} marker: ${tool} refuses to run it.`);
    }
    const before = splitLines(text).slice(0, markers[0]!.number - 1);
    const statement = before.findIndex((line) => line.text.trim() !== '' && !line.text.trim().startsWith('--'));
    if (statement !== -1) {
      problems.push(`Line ${statement + 1} has SQL before the ${upName} marker: ${tool} refuses to run the file.`);
    }
    const downBefore = markers.find((m) => m.kind === 'down' && m.line.start < up.line.start);
    if (downBefore) {
      problems.push(`The down marker on line ${downBefore.number} comes before the up marker: ${tool} refuses to run the file.`);
      skipped.push({ start: downBefore.line.start, end: up.line.start });
    }
  }
  const down = markers.find((m) => m.kind === 'down' && m.line.start > (up?.line.start ?? -1));
  if (down) skipped.push({ start: down.line.start, end });
  return { skipped, down: down ? [{ start: 0, end: down.line.start }] : undefined };
}

/**
 * Flyway wraps each script in a transaction unless its script config (`<file>.conf`) says
 * `executeInTransaction=false`, or its PostgreSQL parser finds a statement that cannot run in one
 * (flyway-database-postgresql PostgreSQLParser.detectCanExecuteInTransaction): CREATE/DROP INDEX CONCURRENTLY,
 * REINDEX SCHEMA/DATABASE/SYSTEM, VACUUM, DISCARD ALL, CREATE/DROP DATABASE/TABLESPACE/SUBSCRIPTION and
 * ALTER SYSTEM. Such a script runs statement by statement without a transaction. Flyway refuses a script that
 * mixes both kinds unless `mixed=true` (ParserSqlScript: "Detected both transactional and non-transactional
 * statements within the same migration"). It also treats ALTER TYPE ... ADD VALUE as non-transactional, but
 * only against PostgreSQL 11 and older, which this does not model. REINDEX ... CONCURRENTLY and
 * DETACH PARTITION ... CONCURRENTLY are not detected by Flyway, so they do run inside its transaction (and fail).
 */
function flywayTransaction(text: string, settings: string | undefined, problems: string[]): TransactionMode {
  const configured = settings !== undefined && /^[ \t]*executeInTransaction[ \t]*[=:][ \t]*false[ \t]*$/im.test(settings);
  const parsed = parseSql(text.charCodeAt(0) === 0xfeff ? maskRanges(text, [{ start: 0, end: 3 }]) : text);
  if (!parsed.ok) return configured ? 'none' : 'transaction';
  const outside = parsed.statements.filter(cannotRunInFlywayTransaction);
  if (outside.length > 0 && outside.length < parsed.statements.length) {
    const lines = new LineIndex(text);
    const first = outside[0]!;
    const label = lines.slice(first.range).split(/\s+/).slice(0, 4).join(' ');
    problems.push(
      `The script mixes a statement that cannot run in a transaction (${label} on line ${lines.position(first.range.start).line}) with statements that can: Flyway refuses to run it unless 'mixed' is true, and then runs it without a transaction.`,
    );
  }
  return configured || outside.length > 0 ? 'none' : 'transaction';
}

const NON_TRANSACTIONAL_REINDEX = new Set(['REINDEX_OBJECT_SCHEMA', 'REINDEX_OBJECT_SYSTEM', 'REINDEX_OBJECT_DATABASE']);
const ALWAYS_NON_TRANSACTIONAL = new Set([
  'CreatedbStmt',
  'DropdbStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'CreateSubscriptionStmt',
  'DropSubscriptionStmt',
  'AlterSystemStmt',
]);

function cannotRunInFlywayTransaction(statement: ParsedStatement): boolean {
  const node = statement.node;
  switch (statement.type) {
    case 'IndexStmt':
      return node.concurrent === true;
    case 'DropStmt':
      return node.removeType === 'OBJECT_INDEX' && node.concurrent === true;
    case 'ReindexStmt':
      return NON_TRANSACTIONAL_REINDEX.has(node.kind as string);
    case 'VacuumStmt':
      // ANALYZE parses to the same node; Flyway's pattern only matches VACUUM.
      return node.is_vacuumcmd === true;
    case 'DiscardStmt':
      return node.target === 'DISCARD_ALL';
    default:
      return ALWAYS_NON_TRANSACTIONAL.has(statement.type);
  }
}
