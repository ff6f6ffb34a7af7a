export type { Token } from './parse.js';
import { scanSync } from 'libpg-query';
import type { AlterTableCmd, ColumnDef, Constraint, RangeVar, TypeName } from '@pgsql/types';
import { constantText, type StatementInfo } from './statements.js';
import type { ByteRange } from './types.js';

/**
 * The range covering the first occurrence of a keyword sequence, e.g. `keywordRange(s, 'DROP', 'COLUMN')`.
 * Matching is case-insensitive and only on keywords, so identifiers named like keywords are skipped.
 */
export function keywordRange(statement: StatementInfo, ...words: string[]): ByteRange | undefined {
  const tokens = statement.tokens;
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
  return statement.tokens.find((t) => t.range.start === location)?.range;
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

/** One action of an ALTER TABLE (`ADD COLUMN ...`, `ALTER COLUMN c SET NOT NULL`) and where it is written. */
export interface AlterTableCommand {
  cmd: AlterTableCmd;
  /** From the action's first token to its last; undefined when the actions cannot be told apart in the text. */
  range: ByteRange | undefined;
  /** `cmd.def` when it is a column: the column an ADD COLUMN adds, the new type of an ALTER COLUMN TYPE. */
  column: ColumnDef | undefined;
  /** `cmd.def` when it is a constraint: the constraint an ADD CONSTRAINT adds. */
  constraint: Constraint | undefined;
}

/**
 * The actions of an ALTER TABLE in the order written, each with its range. AlterTableCmd nodes carry no location,
 * so the actions are told apart by the commas between them; when that split does not match the parse tree, every
 * range is undefined (and a finding falls back to the whole statement).
 */
export function alterTableCommands(
  statement: StatementInfo,
  node: { relation?: RangeVar; cmds?: unknown[] },
): AlterTableCommand[] {
  const ranges = commandRanges(statement, node);
  const commands: AlterTableCommand[] = [];
  (node.cmds ?? []).forEach((item, i) => {
    const cmd = (item as { AlterTableCmd?: AlterTableCmd }).AlterTableCmd;
    if (!cmd) return;
    const def = cmd.def as { ColumnDef?: ColumnDef; Constraint?: Constraint } | undefined;
    commands.push({ cmd, range: ranges?.[i], column: def?.ColumnDef, constraint: def?.Constraint });
  });
  return commands;
}

function commandRanges(statement: StatementInfo, node: { relation?: RangeVar; cmds?: unknown[] }): ByteRange[] | undefined {
  const tokens = statement.tokens;
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

/** The constraints written on a column itself (`NOT NULL`, `DEFAULT`, `PRIMARY KEY`, `REFERENCES`, identity, ...). */
export function columnConstraints(def: ColumnDef | undefined): Constraint[] {
  return (def?.constraints ?? []).map((c) => (c as { Constraint?: Constraint }).Constraint).filter((c): c is Constraint => !!c);
}

/** Where a type is written: all of it (`varchar(20)[]`) and the part before any array bounds (`varchar(20)`). */
export interface TypeNameSpan {
  range: ByteRange;
  base: ByteRange;
}

const INTERVAL_FIELDS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'TO']);
const TYPE_NAME_WORDS = new Set(['PRECISION', 'VARYING', 'CHARACTER', 'CHAR']);

/**
 * The range of a type as written, e.g. `varchar(255)`, `timestamp(3) without time zone` or `public.money[]`.
 * A TypeName only records where it starts, so the end follows the type grammar: qualified names, multi-word
 * names (`double precision`, `national character varying`), modifiers, time zones, interval fields, array bounds.
 */
export function typeNameSpan(statement: StatementInfo, typeName: TypeName | undefined): TypeNameSpan | undefined {
  const tokens = statement.tokens;
  const first = tokens.findIndex((t) => t.range.start === typeName?.location);
  if (first < 0) return undefined;
  const word = (i: number) => (tokens[i]?.keyword ? tokens[i]!.text.toUpperCase() : undefined);
  const interval = word(first) === 'INTERVAL';
  let i = first + 1;
  let arrayStart: number | undefined;
  const skipGroup = (open: string, close: string) => {
    let depth = 0;
    do {
      if (tokens[i]!.text === open) depth++;
      else if (tokens[i]!.text === close) depth--;
      i++;
    } while (depth > 0 && i < tokens.length);
  };
  while (i < tokens.length) {
    const text = tokens[i]!.text;
    const keyword = word(i);
    if (text === '.' && i + 1 < tokens.length) i += 2;
    else if (text === '(') skipGroup('(', ')');
    else if (text === '[') {
      arrayStart ??= i;
      skipGroup('[', ']');
    } else if (keyword === 'ARRAY') {
      arrayStart ??= i;
      i++;
    } else if (keyword && TYPE_NAME_WORDS.has(keyword)) i++;
    else if ((keyword === 'WITH' || keyword === 'WITHOUT') && word(i + 1) === 'TIME' && word(i + 2) === 'ZONE') i += 3;
    else if (interval && keyword && INTERVAL_FIELDS.has(keyword)) i++;
    else break;
  }
  const range = { start: tokens[first]!.range.start, end: tokens[i - 1]!.range.end };
  return { range, base: arrayStart === undefined ? range : { start: range.start, end: tokens[arrayStart - 1]!.range.end } };
}

/**
 * The name of the built-in type a TypeName resolves to, as Postgres stores it (`varchar` for `character varying`,
 * `int4` for `integer`, `bpchar` for `char(n)`); undefined for a type qualified with a schema other than pg_catalog.
 */
export function builtinTypeName(typeName: TypeName | undefined): string | undefined {
  const names = (typeName?.names ?? []).map(constantText);
  if (names.length === 1) return names[0];
  if (names.length === 2 && names[0] === 'pg_catalog') return names[1];
  return undefined;
}

/** A column that a statement defines (CREATE TABLE, ADD COLUMN) or gives a new type (ALTER COLUMN TYPE). */
export interface ColumnDefinition {
  kind: 'create-table' | 'add-column' | 'alter-type';
  relation: RangeVar | undefined;
  name: string;
  def: ColumnDef & { typeName: TypeName };
  /** Constraints written on the column itself (`PRIMARY KEY`, `REFERENCES`, `DEFAULT`, identity). */
  constraints: Constraint[];
  /** The statement's table constraints: CREATE TABLE's constraint elements, or ALTER TABLE's ADD CONSTRAINTs. */
  tableConstraints: Constraint[];
}

/** The columns a CREATE TABLE or ALTER TABLE statement defines or retypes, in the order written. */
export function columnDefinitions(statement: StatementInfo): ColumnDefinition[] {
  const node = statement.node as {
    relation?: RangeVar;
    objtype?: string;
    tableElts?: { ColumnDef?: ColumnDef; Constraint?: Constraint }[];
    cmds?: { AlterTableCmd?: { subtype?: string; name?: string; def?: { ColumnDef?: ColumnDef; Constraint?: Constraint } } }[];
  };
  const found: { kind: ColumnDefinition['kind']; name: string | undefined; def: ColumnDef | undefined }[] = [];
  const tableConstraints: Constraint[] = [];
  if (statement.type === 'CreateStmt') {
    for (const element of node.tableElts ?? []) {
      if (element.ColumnDef) found.push({ kind: 'create-table', name: element.ColumnDef.colname, def: element.ColumnDef });
      if (element.Constraint) tableConstraints.push(element.Constraint);
    }
  } else if (statement.type === 'AlterTableStmt' && node.objtype === 'OBJECT_TABLE') {
    for (const item of node.cmds ?? []) {
      const cmd = item.AlterTableCmd;
      if (cmd?.subtype === 'AT_AddColumn') found.push({ kind: 'add-column', name: cmd.def?.ColumnDef?.colname, def: cmd.def?.ColumnDef });
      if (cmd?.subtype === 'AT_AlterColumnType') found.push({ kind: 'alter-type', name: cmd.name, def: cmd.def?.ColumnDef });
      if (cmd?.subtype === 'AT_AddConstraint' && cmd.def?.Constraint) tableConstraints.push(cmd.def.Constraint);
    }
  }
  const definitions: ColumnDefinition[] = [];
  for (const { kind, name, def } of found) {
    if (!name || !def?.typeName) continue;
    definitions.push({ kind, relation: node.relation, name, def: { ...def, typeName: def.typeName }, constraints: columnConstraints(def), tableConstraints });
  }
  return definitions;
}

/** An identifier quoted as Postgres' quote_ident would: only when it is not a plain lower-case name or unreserved keyword. */
export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name)) {
    const kind = scanSync(name).tokens[0]?.keywordKind ?? 0;
    if (kind <= 1) return name;
  }
  return `"${name.replaceAll('"', '""')}"`;
}
