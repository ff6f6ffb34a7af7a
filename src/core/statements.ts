import type { ParsedStatement } from './parse.js';
import type { LineIndex } from './source.js';
import type { ByteRange, FileKind, MigrationFormat, TransactionMode } from './types.js';

/** A statement with the context it runs in: the transaction around it and the timeouts in effect. */
export interface StatementInfo extends ParsedStatement {
  index: number;
  /** True when the statement runs inside a transaction block (explicit, or the runner's wrapping). */
  inTransaction: boolean;
  /** Statements that share this number run in the same transaction; undefined when autocommitted. */
  transaction: number | undefined;
  /** `lock_timeout` in effect, as written (`'0'` and undefined both mean none). */
  lockTimeout: string | undefined;
  statementTimeout: string | undefined;
  /** The statement's source text (first token to last token). */
  text: string;
}

/** A file as the rules see it. */
export interface AnalyzedFile {
  path: string;
  kind: FileKind;
  format: MigrationFormat | 'sql';
  transaction: TransactionMode;
  statements: StatementInfo[];
  lines: LineIndex;
  /** Byte ranges of comments and whitespace before each statement (where ignore comments live). */
  leading: ByteRange[];
}

interface Settings {
  lockTimeout: string | undefined;
  statementTimeout: string | undefined;
}

/** TransactionStmt kinds that open a transaction block (BEGIN, START TRANSACTION). */
export const TRANSACTION_BEGIN: ReadonlySet<string> = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);
/** TransactionStmt kinds that end the open transaction block (COMMIT, ROLLBACK, PREPARE TRANSACTION). */
export const TRANSACTION_END: ReadonlySet<string> = new Set(['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE']);

/**
 * Walks a file's statements as its runner would execute them, tracking transaction blocks and the
 * `lock_timeout` / `statement_timeout` settings (SET, SET LOCAL, RESET, set_config) with their scope.
 */
export function analyzeStatements(
  statements: readonly ParsedStatement[],
  mode: TransactionMode,
  lines: LineIndex,
): StatementInfo[] {
  let nextTransaction = 1;
  const runnerWraps = mode === 'transaction' || (mode === 'implicit' && statements.length > 1);
  let current: number | undefined = runnerWraps ? nextTransaction++ : undefined;
  let session: Settings = { lockTimeout: undefined, statementTimeout: undefined };
  let local: Partial<Settings> = {};
  let sessionAtBegin = session;

  return statements.map((parsed, index) => {
    const transactionKind = parsed.type === 'TransactionStmt' ? (parsed.node.kind as string) : undefined;
    if (transactionKind && TRANSACTION_BEGIN.has(transactionKind) && current === undefined) {
      current = nextTransaction++;
      sessionAtBegin = session;
    }
    const info: StatementInfo = {
      ...parsed,
      index,
      inTransaction: current !== undefined,
      transaction: current,
      lockTimeout: local.lockTimeout ?? session.lockTimeout,
      statementTimeout: local.statementTimeout ?? session.statementTimeout,
      text: lines.slice(parsed.range),
    };
    for (const change of settingChanges(parsed)) {
      const key = change.name === 'lock_timeout' ? 'lockTimeout' : 'statementTimeout';
      if (change.local) {
        // SET LOCAL outside a transaction block has no effect (Postgres warns and ignores it).
        if (current !== undefined) local[key] = change.value ?? '0';
      } else {
        session = { ...session, [key]: change.value };
        delete local[key];
      }
    }
    if (transactionKind && TRANSACTION_END.has(transactionKind) && current !== undefined) {
      // A rolled-back transaction also rolls back the SETs made inside it.
      if (transactionKind === 'TRANS_STMT_ROLLBACK') session = sessionAtBegin;
      // Within one multi-statement query, Postgres opens a new implicit transaction for the statements that follow.
      const implicitAgain = mode === 'implicit' && runnerWraps && index < statements.length - 1;
      current = implicitAgain ? nextTransaction++ : undefined;
      sessionAtBegin = session;
      local = {};
    }
    return info;
  });
}

interface SettingChange {
  name: 'lock_timeout' | 'statement_timeout';
  /** undefined = back to the server default. */
  value: string | undefined;
  local: boolean;
}

const TRACKED = new Set(['lock_timeout', 'statement_timeout']);

function settingChanges(statement: ParsedStatement): SettingChange[] {
  if (statement.type === 'VariableSetStmt') {
    const node = statement.node as { kind?: string; name?: string; args?: unknown[]; is_local?: boolean };
    if (node.kind === 'VAR_RESET_ALL') {
      return [...TRACKED].map((name) => ({ name, value: undefined, local: false }) as SettingChange);
    }
    if (!node.name || !TRACKED.has(node.name)) return [];
    const name = node.name as SettingChange['name'];
    const local = node.is_local === true;
    if (node.kind === 'VAR_SET_VALUE') return [{ name, value: constantText(node.args?.[0]), local }];
    return [{ name, value: undefined, local }];
  }
  if (statement.type === 'SelectStmt') return setConfigCalls(statement.node);
  return [];
}

/** Finds `set_config('lock_timeout', '5s', is_local)` calls in a SELECT's target list. */
function setConfigCalls(select: Record<string, unknown>): SettingChange[] {
  const changes: SettingChange[] = [];
  const targets = (select.targetList as { ResTarget?: { val?: unknown } }[] | undefined) ?? [];
  for (const target of targets) {
    const call = (target.ResTarget?.val as { FuncCall?: { funcname?: unknown[]; args?: unknown[] } })?.FuncCall;
    const name = call?.funcname?.map(constantText).at(-1);
    if (name !== 'set_config' || !call?.args || call.args.length !== 3) continue;
    const setting = constantText(call.args[0]);
    if (!setting || !TRACKED.has(setting)) continue;
    const isLocal = (call.args[2] as { A_Const?: { boolval?: { boolval?: boolean } } }).A_Const?.boolval?.boolval;
    changes.push({
      name: setting as SettingChange['name'],
      value: constantText(call.args[1]),
      local: isLocal === true,
    });
  }
  return changes;
}

/** The text of a constant node (string, integer or float literal, or a `String` name part). */
export function constantText(node: unknown): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as Record<string, Record<string, unknown>>;
  if (n.String) return n.String.sval as string;
  const constant = n.A_Const;
  if (!constant) return undefined;
  if (constant.sval) return (constant.sval as { sval?: string }).sval ?? '';
  if (constant.ival) return String((constant.ival as { ival?: number }).ival ?? 0);
  if (constant.fval) return (constant.fval as { fval?: string }).fval;
  if (constant.boolval) return String((constant.boolval as { boolval?: boolean }).boolval ?? false);
  return undefined;
}

/** True when a timeout value means "no timeout". */
export function isDisabledTimeout(value: string | undefined): boolean {
  return value === undefined || /^\s*0+\s*(ms|s|min|h|d|us)?\s*$/i.test(value);
}
