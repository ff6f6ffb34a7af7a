import { loadModule, parseSync, scanSync, hasSqlDetails } from 'libpg-query';
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
  let result;
  try {
    result = parseSync(text);
  } catch (error) {
    return { ok: false, error: toParseFailure(error, text) };
  }
  const raw = result.stmts ?? [];
  if (raw.length === 0) return { ok: true, statements: [] };
  const tokens = scanSync(text).tokens.filter((t) => !COMMENT_TOKENS.has(t.tokenName));
  const statements: ParsedStatement[] = [];
  let cursor = 0;
  for (const stmt of raw) {
    const start = stmt.stmt_location ?? 0;
    const end = stmt.stmt_len ? start + stmt.stmt_len : byteLength;
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

function toParseFailure(error: unknown, text: string): ParseFailure {
  if (hasSqlDetails(error) && error.sqlDetails) {
    const cursor = error.sqlDetails.cursorPosition;
    return {
      message: error.sqlDetails.message,
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
