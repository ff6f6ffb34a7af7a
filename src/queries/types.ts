import type { ByteRange, SqlSource } from '../core/types.js';

/**
 * The commands sqlc's annotation parser accepts (internal/metadata/meta.go). `:execlastid` is accepted for every
 * engine, although only the MySQL drivers give it a meaning.
 */
export const SQLC_COMMANDS = [
  ':one',
  ':many',
  ':exec',
  ':execrows',
  ':execresult',
  ':execlastid',
  ':copyfrom',
  ':batchexec',
  ':batchmany',
  ':batchone',
] as const;

export type SqlcCommand = (typeof SQLC_COMMANDS)[number];

export interface QueryParameter {
  /** The n of `$n` in `Query.sql`. */
  index: number;
  /** The name sqlc gives it (`@name`, `sqlc.arg(name)`, ...), as Postgres reads the identifier; absent for `$n`. */
  name?: string;
  /** Set by `sqlc.narg`: the application may pass NULL. */
  nullable?: boolean;
  /** Set by `sqlc.slice`: the application passes a list as this one parameter (see `rewriteParameters`). */
  list?: boolean;
}

export interface QueryProblem {
  message: string;
  /** Where in the original file; empty at a parse error's position. */
  range: ByteRange;
}

export interface Query {
  /** The file, relative to the working directory with forward slashes. */
  file: string;
  /** sqlc files: the query's name from its `-- name:` annotation. */
  name?: string;
  command?: SqlcCommand;
  /**
   * What to send to Postgres: the statement from its first token to its last, with sqlc's named parameters
   * replaced by `$1..$n` and `sqlc.embed(t)` by `t.*`. Empty when the query does not parse.
   */
  sql: string;
  /** `$1..$n` in order: `parameters[i].index === i + 1`. */
  parameters: QueryParameter[];
  /** The query's text in the original file, first token to last (leading comments and `;` excluded). */
  range: ByteRange;
  /** Whether the statement is one EXPLAIN plans (SELECT, INSERT, UPDATE, DELETE, MERGE); false when it does not parse. */
  plannable: boolean;
  /** Why a query that parses is not planned (a utility statement, a `:copyfrom`), for the notice. */
  skipReason?: string;
  /**
   * The query cannot be planned as written: it does not parse (before or after the rewrite), or sqlc would reject
   * its annotation or macros. Such a query is reported, whatever `plannable` says.
   */
  problem?: QueryProblem;
}

export interface QueryFile {
  path: string;
  /** The file as read, so that ranges map to lines with `LineIndex`. */
  text: string;
  queries: Query[];
  /** Set when the file is not UTF-8 text or could not be read; it then has no queries. */
  readError?: NonNullable<SqlSource['readError']>;
}

/** Something about what was asked for: a path that does not exist, a glob that matched nothing, a symlink loop. */
export interface QueryDiscoveryProblem {
  kind: 'path';
  path: string;
  message: string;
}

/** Where a query is, as findings' evidence and messages name it. */
export interface QueryLocation {
  file: string;
  /** 1-based line of the query's first token. */
  line: number;
  /** The sqlc name. */
  name?: string;
}
