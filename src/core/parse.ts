import { loadModule, parseSync, scanSync, hasSqlDetails, type ScanToken } from 'libpg-query';
import type { Node } from '@pgsql/types';
import type { ByteRange } from './types.js';

export type { Node };

export interface ParsedStatement {
  /** The node's single key, e.g. `AlterTableStmt`. */
  type: string;
  /** The node's payload (the value under `type`). Typed loosely: rules narrow it with the helpers in ast.ts. */
  node: Record<string, unknown>;
  /** From the first token to the last token of the statement (leading comments excluded, `;` excluded). */
  range: ByteRange;
  /** The statement's tokens, comments excluded, with byte ranges in the file. */
  tokens: Token[];
}

export interface Token {
  text: string;
  range: ByteRange;
  /** True for SQL keywords (reserved or not), so identifiers that look like keywords can be told apart. */
  keyword: boolean;
}

export interface ParseFailure {
  message: string;
  /** Byte offset of Postgres' error cursor, when it gave one. */
  offset: number | undefined;
}

export type ParseOutcome =
  | { ok: true; statements: ParsedStatement[] }
  | { ok: false; error: ParseFailure };

let loaded: Promise<void> | undefined;

/** Loads the WASM parser once; every other function here needs it loaded. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

const COMMENT_TOKENS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/**
 * Parses SQL with the real PostgreSQL parser. libpg-query reports statement offsets in UTF-8 bytes, omits the
 * first statement's offset and an unterminated last statement's length, and counts leading comments into a
 * statement; the scanner's tokens give the exact first and last token of each statement.
 */
export function parseSql(text: string, byteLength = Buffer.byteLength(text, 'utf8')): ParseOutcome {
  // libpg-query rejects an empty string, while Postgres runs an empty file as no statements.
  if (text.length === 0) return { ok: true, statements: [] };
  let scanned: ScanToken[] | undefined;
  try {
    scanned = scanSync(text).tokens.filter((t) => !COMMENT_TOKENS.has(t.tokenName));
  } catch {
    // The scanner fails on an unterminated string or comment; the parser says where and why.
  }
  const deep = scanned && tooDeep(scanned);
  if (deep) {
    return {
      ok: false,
      error: { message: `nesting deeper than ${MAX_NESTING} levels at or near "${deep.text}", which sql-preflight does not analyse`, offset: deep.start },
    };
  }
  let result;
  try {
    result = parseSync(text);
  } catch (error) {
    return { ok: false, error: toParseFailure(error, text) };
  }
  const raw = result.stmts ?? [];
  if (raw.length === 0) return { ok: true, statements: [] };
  const tokens = scanned ?? [];
  const statements: ParsedStatement[] = [];
  let cursor = 0;
  for (const stmt of raw) {
    const start = stmt.stmt_location ?? 0;
    const end = stmt.stmt_len ? start + stmt.stmt_len : byteLength;
    if (treeDepth(stmt.stmt) > MAX_NESTING) {
      const first = tokens.find((t) => t.start >= start);
      return { ok: false, error: { message: `nesting deeper than ${MAX_NESTING} levels, which sql-preflight does not analyse`, offset: first?.start ?? start } };
    }
    while (cursor < tokens.length && tokens[cursor]!.start < start) cursor++;
    const first = cursor;
    while (cursor < tokens.length && tokens[cursor]!.end <= end) cursor++;
    let last = cursor - 1;
    while (last > first && tokens[last]!.text === ';') last--;
    const node = stmt.stmt as Record<string, Record<string, unknown>> | undefined;
    const type = node ? Object.keys(node)[0]! : 'Unknown';
    statements.push({
      type,
      node: node?.[type] ?? {},
      range: first <= last ? { start: tokens[first]!.start, end: tokens[last]!.end } : { start, end },
      tokens: tokens.slice(first, last + 1).map((t) => ({ text: t.text, range: { start: t.start, end: t.end }, keyword: t.keywordKind !== 0 })),
    });
  }
  return { ok: true, statements };
}

/**
 * How deeply a statement may nest, in parse-tree nodes. The parser hands its tree back recursively and overflows
 * the WebAssembly stack at about 9,000 chained operators, after which it fails on later input too; the rules walk
 * the tree recursively and run out of stack on a few thousand levels. So the tokens are checked before parsing,
 * and the tree, exactly, after. PostgreSQL itself, with its default max_stack_depth, refuses a chain of 5,000
 * operators.
 */
export const MAX_NESTING = 1000;

const OPENERS = new Map([['(', ')'], ['[', ']'], ['CASE', 'END']]);
/** Tokens between the items of a flat list: the parser makes siblings of what they separate, not a deeper tree. */
const SEPARATORS = new Set([',', ';', 'AND', 'OR', 'WHEN', 'THEN', 'ELSE']);
/** Each of these nests the whole query or join before it, across the separators within. */
const NESTING_CLAUSES = new Set(['UNION', 'INTERSECT', 'EXCEPT', 'JOIN']);
const LEAVES = new Set(['IDENT', 'UIDENT', 'ICONST', 'FCONST', 'SCONST', 'USCONST', 'BCONST', 'XCONST', 'PARAM']);

interface Level {
  closer: string;
  /** The depth that NESTING_CLAUSES built, to which a separator returns. */
  base: number;
  depth: number;
  deepest: number;
}

/**
 * The token at which the text looks to nest deeper than MAX_NESTING, judged from the tokens alone so that the
 * parser is never handed a tree it cannot give back: each bracket or CASE opens a level, and each operator or
 * keyword adds one to the chain it is part of (`a + b + c` nests, and so does `NOT NOT a`), which a separator
 * ends. Names and constants add nothing.
 */
function tooDeep(tokens: ScanToken[]): ScanToken | undefined {
  const fresh = (closer: string): Level => ({ closer, base: 0, depth: 0, deepest: 0 });
  const levels = [fresh('')];
  let outer = 0;
  for (const token of tokens) {
    const word = token.keywordKind === 0 ? token.text : token.text.toUpperCase();
    let level = levels.at(-1)!;
    const closer = OPENERS.get(word);
    if (closer) {
      outer += level.depth + 1;
      level = fresh(closer);
      levels.push(level);
    } else if (word === level.closer) {
      levels.pop();
      const inner = level;
      level = levels.at(-1)!;
      outer -= level.depth + 1;
      level.depth += 1 + inner.deepest;
    } else if (word === ';' && levels.length === 1) {
      levels[0] = fresh('');
      continue;
    } else if (SEPARATORS.has(word)) {
      level.depth = level.base;
    } else if (!LEAVES.has(token.tokenName) && word !== '.') {
      if (NESTING_CLAUSES.has(word)) level.base++;
      level.depth++;
    }
    level.deepest = Math.max(level.deepest, level.depth);
    if (outer + level.depth > MAX_NESTING) return token;
  }
  return undefined;
}

/** How many nodes deep a parse tree goes, counted without recursion. */
function treeDepth(root: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [value, above] = pending.pop()!;
    if (!value || typeof value !== 'object') continue;
    // A node is an object whose one key is its type, such as `A_Expr`; fields and lists do not count.
    const key = Array.isArray(value) ? undefined : Object.keys(value)[0];
    const depth = key !== undefined && /^[A-Z]/.test(key) ? above + 1 : above;
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push([child, depth]);
  }
  return deepest;
}

function toParseFailure(error: unknown, text: string): ParseFailure {
  if (hasSqlDetails(error) && error.sqlDetails) {
    const cursor = error.sqlDetails.cursorPosition;
    return {
      message: shortenNear(error.sqlDetails.message),
      offset: cursor >= 0 ? codePointToByteOffset(text, cursor) : undefined,
    };
  }
  return { message: error instanceof Error ? error.message : String(error), offset: undefined };
}

/** Postgres counts its error cursor in characters (code points); reports need bytes. */
function codePointToByteOffset(text: string, codePoint: number): number {
  let bytes = 0;
  let seen = 0;
  for (const char of text) {
    if (seen === codePoint) return bytes;
    bytes += Buffer.byteLength(char, 'utf8');
    seen++;
  }
  return bytes;
}

/**
 * After an unterminated string or dollar quote Postgres quotes everything from there to the end of the input,
 * which can be most of a large file: keep its first line, at most 40 characters of it, with control characters
 * shown as U+FFFD so that they reach no terminal.
 */
function shortenNear(message: string): string {
  return message.replace(/(at or near ")([\s\S]*)"$/, (_, lead: string, near: string) => {
    const firstLine = near.split(/\r?\n/)[0]!;
    const chars = [...firstLine.replace(/[\x00-\x1f\x7f]/g, '\uFFFD')];
    return `${lead}${chars.slice(0, 40).join('')}${firstLine === near && chars.length <= 40 ? '' : '…'}"`;
  });
}
