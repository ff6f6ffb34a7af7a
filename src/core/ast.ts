import { scanSync } from 'libpg-query';
import type { RangeVar } from '@pgsql/types';
import type { StatementInfo } from './statements.js';
import type { ByteRange } from './types.js';

export interface Token {
  text: string;
  /** Absolute byte range in the file. */
  range: ByteRange;
  keyword: boolean;
}

const tokenCache = new WeakMap<StatementInfo, Token[]>();

/** The statement's tokens (comments excluded), with byte ranges in the file. */
export function statementTokens(statement: StatementInfo): Token[] {
  let tokens = tokenCache.get(statement);
  if (!tokens) {
    const base = statement.range.start;
    tokens = scanSync(statement.text)
      .tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')
      .map((t) => ({ text: t.text, range: { start: base + t.start, end: base + t.end }, keyword: t.keywordKind !== 0 }));
    tokenCache.set(statement, tokens);
  }
  return tokens;
}

/**
 * The range covering the first occurrence of a keyword sequence, e.g. `keywordRange(s, 'DROP', 'COLUMN')`.
 * Matching is case-insensitive and only on keywords, so identifiers named like keywords are skipped.
 */
export function keywordRange(statement: StatementInfo, ...words: string[]): ByteRange | undefined {
  const tokens = statementTokens(statement);
  const upper = words.map((w) => w.toUpperCase());
  for (let i = 0; i + upper.length <= tokens.length; i++) {
    if (upper.every((w, j) => tokens[i + j]!.keyword && tokens[i + j]!.text.toUpperCase() === w)) {
      return { start: tokens[i]!.range.start, end: tokens[i + upper.length - 1]!.range.end };
    }
  }
  return undefined;
}

/** The range of the token that starts at a node's `location` (a byte offset in the file). */
export function tokenRangeAt(statement: StatementInfo, location: number | undefined): ByteRange | undefined {
  if (location === undefined) return undefined;
  return statementTokens(statement).find((t) => t.range.start === location)?.range;
}

/** From the token at `location` to the end of the statement, or the whole statement when there is no location. */
export function rangeFrom(statement: StatementInfo, location: number | undefined): ByteRange {
  if (location === undefined || location < statement.range.start || location >= statement.range.end) return statement.range;
  return { start: location, end: statement.range.end };
}

/** A relation as written, e.g. `public.orders` or `orders`. */
export function relationName(relation: RangeVar | undefined): string {
  if (!relation?.relname) return '?';
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
}

/**
 * The range of each action of an ALTER TABLE (`ADD COLUMN ...`, `ALTER COLUMN c SET NOT NULL`), in the order of
 * `node.cmds`: AlterTableCmd nodes carry no location, so the actions are told apart by the commas between them.
 * Undefined when the split does not match the parse tree.
 */
export function alterTableCommandRanges(
  statement: StatementInfo,
  node: { relation?: RangeVar; cmds?: unknown[] },
): ByteRange[] | undefined {
  const tokens = statementTokens(statement);
  let first = tokens.findIndex((t) => t.range.start === node.relation?.location);
  if (first < 0) return undefined;
  first++;
  while (tokens[first]?.text === '.') first += 2;
  const ranges: ByteRange[] = [];
  let depth = 0;
  let start = first;
  for (let i = first; i <= tokens.length; i++) {
    const text = tokens[i]?.text;
    if (text === '(' || text === '[') depth++;
    else if (text === ')' || text === ']') depth--;
    else if ((text === ',' && depth === 0) || i === tokens.length) {
      if (i === start) return undefined;
      ranges.push({ start: tokens[start]!.range.start, end: tokens[i - 1]!.range.end });
      start = i + 1;
    }
  }
  return ranges.length === (node.cmds?.length ?? 0) ? ranges : undefined;
}
