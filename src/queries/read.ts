import { scanSync } from 'libpg-query';
import { parseSql, type ParsedStatement, type ParseFailure, type ParseOutcome } from '../core/parse.js';
import { maskRanges } from '../core/source.js';
import type { ByteRange } from '../core/types.js';
import { readAnnotation, rewriteParameters, type Annotation } from './sqlc.js';
import type { Query, SqlcCommand } from './types.js';

const BOM = 0xfeff;
const PLANNABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c]);

type QueryBase = Pick<Query, 'file' | 'name' | 'command'>;

interface FoundAnnotation extends Annotation {
  /** The annotation's line; the query's block runs from here to the next annotation. */
  range: ByteRange;
}

/**
 * Reads the queries of a query file (call `loadParser()` first). A file with at least one well-formed sqlc
 * annotation (`-- name: <Name> <:command>`) is a sqlc file: each annotation starts a block that holds one query,
 * with sqlc's parameters rewritten. Any other file is plain SQL: each statement is a query, and `@x` stays
 * Postgres' absolute-value operator.
 */
export function readQueryFile(path: string, text: string): Query[] {
  const bom = text.charCodeAt(0) === BOM ? 3 : 0;
  // libpg-query rejects a byte-order mark; blanking it keeps every offset.
  const executed = maskRanges(text, bom ? [{ start: 0, end: 3 }] : []);
  const bytes = Buffer.from(executed, 'utf8');
  const annotations = findAnnotations(executed, bytes, bom);
  return annotations.some((a) => !a.problem) ? sqlcQueries(path, bytes, annotations) : plainQueries(path, bytes, executed);
}

function sqlcQueries(path: string, bytes: Buffer, annotations: readonly FoundAnnotation[]): Query[] {
  return annotations.map((annotation, i) => {
    const base: QueryBase = {
      file: path,
      ...(annotation.name ? { name: annotation.name } : {}),
      ...(annotation.command ? { command: annotation.command } : {}),
    };
    const end = annotations[i + 1]?.range.start ?? bytes.length;
    const outcome = parseAt(bytes, annotation.range.start, end);
    if (!outcome.ok) return unparsed(base, contentRange(bytes, annotation.range.end, end), outcome.error);
    // sqlc skips statements that have no annotation of their own, so a block's query is its first statement.
    const statement = outcome.statements[0];
    if (!statement) {
      const problem = { message: 'The annotation is followed by no statement.', range: annotation.range };
      return { ...base, sql: '', parameters: [], range: annotation.range, plannable: false, problem };
    }
    const query = toQuery(base, bytes, statement, true);
    return annotation.problem ? { ...query, problem: { message: annotation.problem, range: annotation.range } } : query;
  });
}

function plainQueries(path: string, bytes: Buffer, text: string): Query[] {
  const base: QueryBase = { file: path };
  const parsed = parseSql(text, bytes.length);
  if (parsed.ok) return parsed.statements.map((statement) => toQuery(base, bytes, statement, false));
  // Postgres rejects the whole file; psql splits it at semicolons and runs the statements one by one, so the
  // statements around the broken one are still queries.
  const semicolons = semicolonEnds(text);
  if (!semicolons) return [unparsed(base, contentRange(bytes, 0, bytes.length), parsed.error)];
  const queries: Query[] = [];
  let start = 0;
  for (const end of [...semicolons, bytes.length]) {
    const outcome = parseAt(bytes, start, end);
    if (outcome.ok) queries.push(...outcome.statements.map((statement) => toQuery(base, bytes, statement, false)));
    else queries.push(unparsed(base, contentRange(bytes, start, end), outcome.error));
    start = end;
  }
  return queries;
}

function toQuery(base: QueryBase, bytes: Buffer, statement: ParsedStatement, named: boolean): Query {
  const rewrite = rewriteParameters(bytes, statement.range, statement.tokens, named);
  const reason = skipReason(statement, base.command);
  const query: Query = {
    ...base,
    sql: rewrite.sql,
    parameters: rewrite.parameters,
    range: statement.range,
    plannable: reason === undefined,
    ...(reason ? { skipReason: reason } : {}),
  };
  let problem = rewrite.problem;
  if (!problem && rewrite.sql !== bytes.toString('utf8', statement.range.start, statement.range.end)) {
    // As sqlc does, check that the statement still parses once its parameters are rewritten: `FROM sqlc.arg(t)`
    // parses as a function call, `FROM $1` does not.
    const checked = parseSql(rewrite.sql);
    if (!checked.ok) {
      const at = rewrite.origin(checked.error.offset ?? 0);
      problem = { message: `${checked.error.message} (once the sqlc parameters are written as $n)`, range: { start: at, end: at } };
    }
  }
  return problem ? { ...query, problem } : query;
}

function skipReason(statement: ParsedStatement, command: SqlcCommand | undefined): string | undefined {
  if (command === ':copyfrom') {
    return "sqlc runs a :copyfrom query as COPY FROM STDIN into the INSERT's table and columns, not as the INSERT itself, and EXPLAIN cannot plan a COPY.";
  }
  if (!PLANNABLE.has(statement.type)) {
    return `${statement.tokens[0]?.text.toUpperCase() ?? statement.type} is not a query EXPLAIN can plan: only SELECT, INSERT, UPDATE, DELETE and MERGE are.`;
  }
  if (statement.node.intoClause) return 'SELECT INTO creates a table (it is CREATE TABLE AS), so it is not planned as a query.';
  return undefined;
}

function unparsed(base: QueryBase, range: ByteRange, error: ParseFailure): Query {
  const at = error.offset ?? range.start;
  return { ...base, sql: '', parameters: [], range, plannable: false, problem: { message: error.message, range: { start: at, end: at } } };
}

/** Lines that start with a comment sqlc reads as an annotation. */
function findAnnotations(text: string, bytes: Buffer, bom: number): FoundAnnotation[] {
  const found: FoundAnnotation[] = [];
  for (const start of commentStarts(text, bytes, bom)) {
    if (start !== bom && bytes[start - 1] !== 0x0a) continue;
    const newline = bytes.indexOf(0x0a, start);
    const line = bytes.toString('utf8', start, newline === -1 ? bytes.length : newline).replace(/\r$/, '');
    const annotation = readAnnotation(line);
    if (annotation) found.push({ ...annotation, range: { start, end: start + Buffer.byteLength(line, 'utf8') } });
  }
  return found;
}

/** Where comments start, from the scanner, so that text inside string literals and dollar quotes is not one. */
function commentStarts(text: string, bytes: Buffer, bom: number): number[] {
  try {
    return scanSync(text)
      .tokens.filter((t) => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT')
      .map((t) => t.start);
  } catch {
    // The scanner gives up on an unterminated quote or comment. sqlc reads annotations line by line anyway, and
    // the blocks keep the damage to the query that holds it.
    const starts = [bom];
    for (let i = bom; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
    return starts.filter((s) => (bytes[s] === 0x2d && bytes[s + 1] === 0x2d) || (bytes[s] === 0x2f && bytes[s + 1] === 0x2a));
  }
}

/** The byte offsets just past each `;` the scanner sees, or undefined when it cannot scan the text. */
function semicolonEnds(text: string): number[] | undefined {
  try {
    return scanSync(text)
      .tokens.filter((t) => t.text === ';')
      .map((t) => t.end);
  } catch {
    return undefined;
  }
}

/**
 * Parses part of the file on its own, with ranges and the error offset moved to file offsets (node `location`
 * fields stay relative to the part).
 */
function parseAt(bytes: Buffer, start: number, end: number): ParseOutcome {
  const outcome = parseSql(bytes.toString('utf8', start, end), end - start);
  if (!outcome.ok) {
    const { message, offset } = outcome.error;
    return { ok: false, error: { message, offset: offset === undefined ? undefined : offset + start } };
  }
  const shift = (range: ByteRange) => ({ start: range.start + start, end: range.end + start });
  return {
    ok: true,
    statements: outcome.statements.map((s) => ({ ...s, range: shift(s.range), tokens: s.tokens.map((t) => ({ ...t, range: shift(t.range) })) })),
  };
}

/** The text of an unparsed query: without surrounding whitespace and its final semicolon. */
function contentRange(bytes: Buffer, start: number, end: number): ByteRange {
  while (start < end && WHITESPACE.has(bytes[start]!)) start++;
  while (end > start && (WHITESPACE.has(bytes[end - 1]!) || bytes[end - 1] === 0x3b)) end--;
  return { start, end };
}
