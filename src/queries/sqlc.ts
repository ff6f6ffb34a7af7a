import type { Token } from '../core/parse.js';
import type { ByteRange } from '../core/types.js';
import { SQLC_COMMANDS, type QueryParameter, type QueryProblem, type SqlcCommand } from './types.js';

export interface Annotation {
  name?: string;
  command?: SqlcCommand;
  /** Why sqlc would refuse the annotation; the query is then reported, not planned. */
  problem?: string;
}

const COMMANDS: ReadonlySet<string> = new Set(SQLC_COMMANDS);
const COMMAND_LIST = SQLC_COMMANDS.join(', ');
const GO_IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/**
 * Reads a line that starts with a comment the way sqlc does (internal/metadata/meta.go): a comment whose text
 * begins with "name" and holds a colon is meant as an annotation, and must then be exactly
 * `-- name: <Name> <:command>` (or `/* name: <Name> <:command> *\/`), words separated by single spaces.
 * Returns undefined for any other comment.
 */
export function readAnnotation(line: string): Annotation | undefined {
  const prefix = line.startsWith('--') ? '--' : line.startsWith('/*') ? '/*' : undefined;
  if (!prefix) return undefined;
  const rest = line.slice(prefix.length);
  if (!rest.trim().startsWith('name') || !rest.includes(':')) return undefined;
  const expected = `${prefix} name: <Name> <:command>${prefix === '/*' ? ' */' : ''}`;
  if (!rest.startsWith(' name: ')) return { problem: `sqlc cannot read this annotation: it must read "${expected}".` };
  const parts = line.trim().split(' ');
  if (prefix === '/*') parts.pop();
  if (parts.length === 3) return { problem: `The annotation names no command; sqlc needs one of ${COMMAND_LIST}.` };
  if (parts.length !== 4) return { problem: `sqlc cannot read this annotation: it must read "${expected}", words separated by single spaces.` };
  const [, , name, command] = parts as [string, string, string, string];
  if (!COMMANDS.has(command)) return { name, problem: `"${command}" is not a sqlc command; use one of ${COMMAND_LIST}.` };
  if (!GO_IDENTIFIER.test(name)) return { command: command as SqlcCommand, problem: `"${name}" is not a valid sqlc query name: sqlc needs a Go identifier.` };
  return { name, command: command as SqlcCommand };
}

export interface Rewrite {
  sql: string;
  parameters: QueryParameter[];
  /** The byte offset in the original file that produced a byte offset of `sql`. */
  origin(offset: number): number;
  problem?: QueryProblem;
}

interface Edit {
  range: ByteRange;
  text: string;
}

interface Use {
  range: ByteRange;
  name: string;
  nullable: boolean;
  list: boolean;
}

const PARAM = /^\$(\d+)$/;
const UNQUOTED_IDENTIFIER = /^[A-Za-z_\u0080-\u{10FFFF}][A-Za-z0-9_$\u0080-\u{10FFFF}]*$/u;
const QUOTED_IDENTIFIER = /^"((?:[^"]|"")+)"$/s;
const STRING = /^'((?:[^']|'')*)'$/s;
const MACROS = new Set(['arg', 'narg', 'slice', 'embed']);

/** An identifier's value as Postgres reads it: quoted ones as written, others with ASCII letters lowered. */
function identifier(token: Token | undefined): string | undefined {
  if (!token) return undefined;
  const quoted = QUOTED_IDENTIFIER.exec(token.text);
  if (quoted) return quoted[1]!.replace(/""/g, '"');
  return UNQUOTED_IDENTIFIER.test(token.text) ? token.text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : undefined;
}

/**
 * The text of a statement as Postgres is to receive it, with its parameters. The statement is read from its
 * scanner tokens, comments excluded, so that nothing inside comments, string literals, quoted identifiers or dollar
 * quotes is ever taken for a parameter. With `named` (sqlc files), sqlc's forms are rewritten as its PostgreSQL
 * engine does (internal/sql/rewrite/parameters.go, internal/sql/named/param_set.go):
 * - `@name`, `sqlc.arg(name)`, `sqlc.arg('name')`: one parameter per name, reused wherever the name recurs;
 * - `sqlc.narg(name)`: the same, marked nullable;
 * - `sqlc.slice(name)`: on PostgreSQL sqlc replaces it with one plain `$n` (its end-to-end test
 *   internal/endtoend/testdata/sqlc_slice/postgresql expects `id IN ($2)`) and the generated code binds the whole
 *   slice to that one scalar parameter; only the MySQL and SQLite engines expand it to a list at run time. It is
 *   kept as that `$n`, as the application sends it, and marked `list`. PostgreSQL code passes lists as arrays,
 *   `= ANY(@ids::bigint[])`, which is an ordinary named parameter;
 * - `sqlc.embed(t)`: `t.*`, which sqlc then expands to t's columns.
 * Existing `$n` keep their numbers; names take the lowest numbers no `$n` uses, in order of first appearance.
 * sqlc numbers names in the order its syntax-tree walk meets them (astutils/rewrite.go visits a SELECT's WITH
 * clause last and OFFSET before LIMIT), so `$n` here can differ from the `$n` in sqlc's generated code; the
 * names are the same.
 */
export function rewriteParameters(bytes: Buffer, range: ByteRange, tokens: readonly Token[], named: boolean): Rewrite {
  const positional = new Set<number>();
  for (const token of tokens) {
    const param = PARAM.exec(token.text);
    if (param) positional.add(Number(param[1]));
  }
  const uses: Use[] = [];
  const embeds: Edit[] = [];
  let problem: Rewrite['problem'];
  for (let i = 0; named && i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token.text === '@' && next && next.range.start === token.range.end) {
      const name = identifier(next);
      if (name !== undefined) {
        uses.push({ range: { start: token.range.start, end: next.range.end }, name, nullable: false, list: false });
        i++;
      }
      continue;
    }
    if (identifier(token) !== 'sqlc' || next?.text !== '.' || tokens[i + 3]?.text !== '(') continue;
    const macro = identifier(tokens[i + 2]);
    const callee = { start: token.range.start, end: tokens[i + 2]!.range.end };
    if (macro === undefined || !MACROS.has(macro)) {
      problem = { message: `sqlc.${tokens[i + 2]!.text} is not a sqlc macro: sqlc knows sqlc.arg, sqlc.narg, sqlc.slice and sqlc.embed.`, range: callee };
      break;
    }
    const argument = tokens[i + 4]!;
    const close = tokens[i + 5];
    const name = close?.text === ')' ? (identifier(argument) ?? STRING.exec(argument.text)?.[1]?.replace(/''/g, "'")) : undefined;
    if (name === undefined) {
      problem = { message: `sqlc.${macro} takes one name, an identifier or a string literal.`, range: callee };
      break;
    }
    const call = { start: token.range.start, end: close!.range.end };
    if (macro === 'embed') embeds.push({ range: call, text: `${identifier(argument) === undefined ? quote(name) : argument.text}.*` });
    else uses.push({ range: call, name, nullable: macro === 'narg', list: macro === 'slice' });
    i += 5;
  }

  const numbers = new Map<string, number>();
  const parameters = new Map<number, QueryParameter>();
  let free = 1;
  const edits: Edit[] = [...embeds];
  for (const use of uses) {
    let index = numbers.get(use.name);
    if (index === undefined) {
      while (positional.has(free) || parameters.has(free)) free++;
      index = free;
      numbers.set(use.name, index);
      parameters.set(index, { index, name: use.name });
    }
    const parameter = parameters.get(index)!;
    if (use.nullable) parameter.nullable = true;
    if (use.list) parameter.list = true;
    edits.push({ range: use.range, text: `$${index}` });
  }
  const count = Math.max(0, ...positional, ...parameters.keys());
  return {
    ...applyEdits(bytes, range, edits.sort((a, b) => a.range.start - b.range.start)),
    parameters: Array.from({ length: count }, (_, i) => parameters.get(i + 1) ?? { index: i + 1 }),
    ...(problem ? { problem } : {}),
  };
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Applies sorted, disjoint edits to the text of `range`, remembering where each output byte came from. */
function applyEdits(bytes: Buffer, range: ByteRange, edits: readonly Edit[]): Pick<Rewrite, 'sql' | 'origin'> {
  const parts: Buffer[] = [];
  const pieces: { at: number; from: number; length: number; copied: boolean }[] = [];
  let at = 0;
  const push = (part: Buffer, from: number, copied: boolean) => {
    parts.push(part);
    pieces.push({ at, from, length: part.length, copied });
    at += part.length;
  };
  let cursor = range.start;
  for (const edit of edits) {
    push(bytes.subarray(cursor, edit.range.start), cursor, true);
    push(Buffer.from(edit.text, 'utf8'), edit.range.start, false);
    cursor = edit.range.end;
  }
  push(bytes.subarray(cursor, range.end), cursor, true);
  return {
    sql: Buffer.concat(parts).toString('utf8'),
    origin: (offset) => {
      const piece = pieces.find((p) => offset < p.at + p.length);
      if (!piece) return range.end;
      return piece.copied ? piece.from + offset - piece.at : piece.from;
    },
  };
}
