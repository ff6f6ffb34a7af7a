import { parsePlPgSQLSync } from 'libpg-query';
import { parseSql, type ParsedStatement } from '../core/parse.js';
import { constantText } from '../core/statements.js';

/**
 * The policy for SQL that sql-preflight runs on its throwaway database (setup SQL, existing migrations, seed
 * files, down parts, and the change under the tracer): a statement that reaches outside that database is not
 * run. Outside means the server's other databases, its settings and roles' powers, its file system and
 * programs, other servers, and other sessions. The SQL comes from the pull request, config and setup files
 * included, so the policy has no opt-out; it applies on every provider, so that the findings do not depend on
 * which database was found (a Docker container can still reach the network, PGlite would fail most of these).
 *
 * The guard reads the parse tree, and the bodies of SQL and PL/pgSQL functions and DO blocks where they are
 * static. SQL built at run time (`EXECUTE format(...)` in PL/pgSQL) is invisible to it: there the server's
 * permissions are the protection, which is why the database URL's role should not be a superuser.
 */
export interface Refusal {
  /** Why the statement was not run, as a clause: "COPY ... TO PROGRAM runs a shell command on the database server". */
  reason: string;
  /** Byte offset of what is refused in the text the statement was parsed from; the statement's start when nested. */
  offset: number;
}

type Statement = Pick<ParsedStatement, 'type' | 'node' | 'range'> & { text: string };

/** The refusal for a statement that reaches outside the throwaway database, or undefined when it may run. */
export function unsafeStatement(statement: Statement): Refusal | undefined {
  const found = refusalOf(statement.type, statement.node, statement.text, 0);
  if (!found) return undefined;
  return { reason: found.reason, offset: found.location ?? statement.range.start };
}

/** The message of the finding and of the replay failure for a refused statement. */
export function refusalMessage(refusal: Refusal): string {
  return `sql-preflight did not run this statement: ${refusal.reason}; nothing that reaches outside its throwaway database is run`;
}

interface Found {
  reason: string;
  location?: number;
}

/** Bodies nest (a function that creates a function): past this depth a body is refused rather than read. */
const MAX_DEPTH = 8;

const DATABASE_STATEMENTS = new Set(['CreatedbStmt', 'DropdbStmt', 'AlterDatabaseStmt', 'AlterDatabaseSetStmt', 'AlterDatabaseRefreshCollStmt']);
const TABLESPACE_STATEMENTS = new Set(['CreateTableSpaceStmt', 'DropTableSpaceStmt', 'AlterTableSpaceOptionsStmt']);
const FOREIGN_STATEMENTS = new Set([
  'CreateFdwStmt',
  'AlterFdwStmt',
  'CreateForeignServerStmt',
  'AlterForeignServerStmt',
  'CreateUserMappingStmt',
  'AlterUserMappingStmt',
  'ImportForeignSchemaStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
]);

/** Extensions whose purpose is to reach other databases, servers, files or the network. */
const OUTREACHING_EXTENSIONS = new Set(['adminpack', 'aws_lambda', 'aws_s3', 'dblink', 'http', 'pg_cron', 'pg_net', 'pg_walinspect']);

/** Procedural languages without a sandbox (plperlu, plpython3u, pltclu, ...), and C, which loads any library. */
function untrustedLanguage(name: string): boolean {
  return /^pl.*u$/.test(name) || name === 'plr' || name === 'plsh' || name === 'c';
}

function withoutSandbox(language: string): string {
  return `${language} is a language without a sandbox: its code can do anything the server's operating-system user can`;
}

/** Role attributes that give powers over the whole server: roles outlive the throwaway database. */
const SERVER_WIDE_ROLE_OPTIONS = new Set(['superuser', 'replication', 'bypassrls']);

/** Predefined roles whose members read or write the server's files, run programs, signal other sessions or subscribe. */
const SERVER_WIDE_ROLES = new Set(['pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files', 'pg_signal_backend', 'pg_create_subscription']);

/** Functions that read or write the server's files, act on other sessions or the whole server, or connect elsewhere. */
const OUTREACHING_FUNCTIONS = new Map<string, string>([
  ...['pg_read_file', 'pg_read_binary_file', 'pg_stat_file', 'lo_import', 'lo_export', 'pg_file_write', 'pg_file_rename', 'pg_file_unlink', 'pg_file_sync'].map(
    (name) => [name, "reads or writes the database server's files"] as const,
  ),
  ...['pg_ls_dir', 'pg_ls_logdir', 'pg_ls_waldir', 'pg_ls_tmpdir', 'pg_ls_archive_statusdir', 'pg_ls_logicalsnapdir', 'pg_ls_logicalmapdir', 'pg_ls_replslotdir', 'pg_logdir_ls'].map(
    (name) => [name, "lists the database server's directories"] as const,
  ),
  ...['pg_terminate_backend', 'pg_cancel_backend'].map((name) => [name, 'acts on other sessions of the server'] as const),
  ...[
    'pg_reload_conf',
    'pg_rotate_logfile',
    'pg_promote',
    'pg_switch_wal',
    'pg_create_restore_point',
    'pg_backup_start',
    'pg_backup_stop',
    'pg_start_backup',
    'pg_stop_backup',
    'pg_create_physical_replication_slot',
    'pg_create_logical_replication_slot',
    'pg_copy_physical_replication_slot',
    'pg_copy_logical_replication_slot',
    'pg_drop_replication_slot',
    'pg_replication_origin_create',
    'pg_replication_origin_drop',
  ].map((name) => [name, 'acts on the whole database server'] as const),
]);

function refusalOf(type: string, node: Record<string, unknown>, text: string, depth: number): Found | undefined {
  return statementRefusal(type, node, text, depth) ?? callRefusal(node);
}

function statementRefusal(type: string, node: Record<string, any>, text: string, depth: number): Found | undefined {
  if (DATABASE_STATEMENTS.has(type) || onDatabase(type, node)) {
    return { reason: "it acts on a database of the server, and sql-preflight's own throwaway database is the only one it touches" };
  }
  if (TABLESPACE_STATEMENTS.has(type)) return { reason: "tablespaces are directories on the database server's file system, shared by all its databases" };
  if (FOREIGN_STATEMENTS.has(type)) return { reason: 'foreign servers, user mappings and subscriptions connect to other databases' };
  switch (type) {
    case 'AlterSystemStmt':
      return { reason: "ALTER SYSTEM changes the configuration of the whole server" };
    case 'LoadStmt':
      return { reason: 'LOAD loads a shared library into the server' };
    case 'CopyStmt':
      if (node.is_program) return { reason: 'COPY ... PROGRAM runs a shell command on the database server' };
      if (node.filename !== undefined) return { reason: "COPY with a file name reads or writes a file on the database server's file system" };
      return undefined;
    case 'CreateExtensionStmt': {
      const name = String(node.extname ?? '');
      if (untrustedLanguage(name)) return { reason: withoutSandbox(name) };
      return OUTREACHING_EXTENSIONS.has(name) || name.endsWith('_fdw')
        ? { reason: `the ${name} extension reaches outside the database: other servers, the file system or the network` }
        : undefined;
    }
    case 'CreatePLangStmt': {
      const name = String(node.plname ?? '');
      return untrustedLanguage(name) || (node.plhandler !== undefined && node.pltrusted !== true)
        ? { reason: withoutSandbox(name) }
        : undefined;
    }
    case 'CreateFunctionStmt':
    case 'DoStmt':
      return bodyRefusal(type, node, text, depth);
    case 'CreateRoleStmt':
    case 'AlterRoleStmt': {
      const options = defElems(node.options);
      const power = options.find((option) => SERVER_WIDE_ROLE_OPTIONS.has(option.defname) && option.arg?.Boolean?.boolval === true);
      if (power) return { reason: `a role with ${power.defname.toUpperCase()} has powers over the whole server, and roles outlive the throwaway database`, location: power.location };
      const password = type === 'AlterRoleStmt' ? options.find((option) => option.defname === 'password') : undefined;
      return password ? { reason: "it changes an existing role's password, which belongs to the server, not to the throwaway database", location: password.location } : undefined;
    }
    case 'GrantRoleStmt': {
      const roles = ((node.granted_roles ?? []) as { AccessPriv?: { priv_name?: string } }[]).map((role) => role.AccessPriv?.priv_name ?? '');
      const power = roles.find((role) => SERVER_WIDE_ROLES.has(role));
      return node.is_grant && power ? { reason: `members of ${power} reach the server's files, programs or sessions` } : undefined;
    }
    case 'VariableSetStmt':
      return node.kind !== 'VAR_RESET' && node.kind !== 'VAR_RESET_ALL' && (node.name === 'role' || node.name === 'session_authorization')
        ? { reason: 'it changes the role the statements run as' }
        : undefined;
    default:
      return undefined;
  }
}

/** GRANT, COMMENT, SECURITY LABEL, ALTER ... OWNER and RENAME on a database. */
function onDatabase(type: string, node: Record<string, unknown>): boolean {
  switch (type) {
    case 'GrantStmt':
      return node.objtype === 'OBJECT_DATABASE' || node.objtype === 'OBJECT_TABLESPACE' || node.objtype === 'OBJECT_PARAMETER_ACL';
    case 'CommentStmt':
    case 'SecLabelStmt':
      return node.objtype === 'OBJECT_DATABASE' || node.objtype === 'OBJECT_TABLESPACE';
    case 'AlterOwnerStmt':
      return node.objectType === 'OBJECT_DATABASE' || node.objectType === 'OBJECT_TABLESPACE';
    case 'RenameStmt':
      return node.renameType === 'OBJECT_DATABASE' || node.renameType === 'OBJECT_TABLESPACE';
    default:
      return false;
  }
}

/** A call anywhere in the statement's tree (BEGIN ATOMIC bodies included) to a function that reaches out. */
function callRefusal(node: unknown): Found | undefined {
  let found: Found | undefined;
  walk(node, (key, value) => {
    if (found || key !== 'FuncCall') return;
    const call = value as { funcname?: unknown[]; args?: unknown[]; location?: number };
    const name = (constantText(call.funcname?.at(-1)) ?? '').toLowerCase();
    if (SIGNALS.has(name) && signalsItself(call.args?.[0])) return;
    const reason =
      OUTREACHING_FUNCTIONS.get(name) ??
      (name.startsWith('dblink') || name.startsWith('postgres_fdw') ? 'connects to another database' : undefined) ??
      (name === 'set_config' && ['role', 'session_authorization'].includes(constantText(call.args?.[0]) ?? '') ? 'changes the role the statements run as' : undefined);
    if (reason) found = { reason: `${name}() ${reason}`, ...(call.location !== undefined && call.location >= 0 ? { location: call.location } : {}) };
  });
  return found;
}

const SIGNALS = new Set(['pg_terminate_backend', 'pg_cancel_backend']);

/** `pg_backend_pid()`: a session that ends or cancels itself reaches nothing outside. */
function signalsItself(arg: unknown): boolean {
  const call = (arg as { FuncCall?: { funcname?: unknown[]; args?: unknown[] } } | undefined)?.FuncCall;
  return call !== undefined && (call.args ?? []).length === 0 && constantText(call.funcname?.at(-1))?.toLowerCase() === 'pg_backend_pid';
}

function walk(value: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child);
      walk(child, visit);
    }
  }
}

/**
 * A function or DO block in a language without a sandbox, a C function, or a SQL or PL/pgSQL body whose static
 * statements would be refused on their own. Statements of a body are located at the statement that holds it.
 */
function bodyRefusal(type: string, node: Record<string, unknown>, text: string, depth: number): Found | undefined {
  const options = defElems(type === 'DoStmt' ? node.args : node.options);
  const language = (constantText(options.find((option) => option.defname === 'language')?.arg) ?? 'plpgsql').toLowerCase();
  if (untrustedLanguage(language)) {
    return { reason: language === 'c' ? 'a C function loads a shared library into the server' : withoutSandbox(language) };
  }
  const as = options.find((option) => option.defname === 'as')?.arg;
  const body = constantText(as) ?? constantText((as as { List?: { items?: unknown[] } } | undefined)?.List?.items?.[0]);
  if (body === undefined) return undefined;
  const nested = language === 'sql' ? [body] : language === 'plpgsql' ? plpgsqlStatements(text) : [];
  for (const sql of nested) {
    const found = nestedRefusal(sql, depth + 1);
    if (found) return { reason: `its body runs a statement that would be refused: ${found.reason}` };
  }
  return undefined;
}

function nestedRefusal(sql: string, depth: number): Found | undefined {
  if (depth > MAX_DEPTH) return { reason: 'function bodies are nested too deeply to be read' };
  const parsed = parseSql(sql);
  // A body the parser cannot read fails on the server too, when the function is created or called.
  if (!parsed.ok) return undefined;
  const bytes = Buffer.from(sql, 'utf8');
  for (const statement of parsed.statements) {
    const found = refusalOf(statement.type, statement.node, bytes.toString('utf8', statement.range.start, statement.range.end), depth);
    if (found) return found;
  }
  return undefined;
}

/**
 * The SQL of a PL/pgSQL function's or DO block's static statements and expressions. A body libpg-query cannot
 * read gives none: PostgreSQL's own check of the body runs when it is created, and its dynamic SQL is out of
 * reach anyway.
 */
function plpgsqlStatements(text: string): string[] {
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(text);
  } catch {
    return [];
  }
  const statements: string[] = [];
  walk(tree, (key, value) => {
    if (key !== 'PLpgSQL_expr') return;
    const expr = value as { query?: string; parseMode?: number };
    // parseMode 0 is a whole statement; the others are expressions, which a SELECT evaluates the same way.
    if (expr.query) statements.push(expr.parseMode === 0 ? expr.query : `SELECT ${expr.query}`);
  });
  return statements;
}

interface DefElem {
  defname: string;
  arg?: any;
  location?: number;
}

function defElems(list: unknown): DefElem[] {
  return ((list ?? []) as { DefElem?: DefElem }[]).map((item) => item.DefElem).filter((item): item is DefElem => item !== undefined);
}
