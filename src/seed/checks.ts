/**
 * Reading simple CHECK constraints and partition bounds, so that generated values land inside them instead of
 * being filtered out. Only shapes that say something about one column are read (IN lists, numeric bounds,
 * lengths, IS NOT NULL); every CHECK is still applied as a filter on the generated rows, so a shape read wrongly
 * costs rows, never correctness.
 */

export interface ColumnHints {
  /** SQL literals the column must take one of (`col IN (...)`). */
  values?: string[];
  min?: number;
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  minLength?: number;
  maxLength?: number;
  notNull?: boolean;
}

/**
 * Hints for columns from one CHECK expression as pg_get_expr prints it. `column` maps a column reference as
 * printed (`name`, `"Name"`) to the column's key in the result. `complete`: every operand of the top-level AND
 * was read, so values that follow the hints satisfy the constraint.
 */
export function readCheck<K>(expr: string, column: (reference: string) => K | undefined): { hints: Map<K, ColumnHints>; complete: boolean } {
  const hints = new Map<K, ColumnHints>();
  const hintsOf = (key: K) => hints.get(key) ?? hints.set(key, {}).get(key)!;
  let complete = true;
  for (const part of conjuncts(expr)) {
    if (!readConjunct(part, column, hintsOf)) complete = false;
  }
  return { hints, complete };
}

/** Reads one operand into the hints; false when it has none of the shapes read here. */
function readConjunct<K>(part: string, column: (reference: string) => K | undefined, hintsOf: (key: K) => ColumnHints): boolean {
  let m = /^(.+?) = ANY \((.+)\)$/s.exec(part);
  if (m) {
    const name = column(columnReference(m[1]!));
    const list = arrayElements(m[2]!);
    if (name === undefined || !list) return false;
    hintsOf(name).values = list;
    return true;
  }
  m = /^(.+?) IS NOT NULL$/s.exec(part);
  if (m) {
    const name = column(columnReference(m[1]!));
    if (name === undefined) return false;
    hintsOf(name).notNull = true;
    return true;
  }
  m = /^(.+?) (>=|>|<=|<|=) (.+)$/s.exec(part);
  if (!m) return false;
  const [, left, op, right] = m as unknown as [string, string, string, string];
  const length = /^(?:length|char_length|character_length)\((.+)\)$/s.exec(left);
  const value = numericConstant(right);
  // A comparison as text ('10' < '9') is not one of numbers.
  if (value === undefined || (!length && TEXT_CAST.test(`${left} ${right}`))) return false;
  const name = column(columnReference(length ? length[1]! : left));
  if (name === undefined) return false;
  const h = hintsOf(name);
  if (length) {
    if (op === '<=' || op === '=') h.maxLength = Math.min(h.maxLength ?? Infinity, value);
    if (op === '<') h.maxLength = Math.min(h.maxLength ?? Infinity, value - 1);
    if (op === '>=' || op === '=') h.minLength = Math.max(h.minLength ?? 0, value);
    if (op === '>') h.minLength = Math.max(h.minLength ?? 0, value + 1);
    return true;
  }
  if ((op === '>=' || op === '>' || op === '=') && (h.min === undefined || value > h.min)) Object.assign(h, { min: value, minExclusive: op === '>' });
  if ((op === '<=' || op === '<' || op === '=') && (h.max === undefined || value < h.max)) Object.assign(h, { max: value, maxExclusive: op === '<' });
  return true;
}

const TEXT_CAST = /::(text|character varying|character|bpchar|name|citext)\b/;

/** Merges hints for one column from several constraints (a domain's and the table's). */
export function mergeHints(into: ColumnHints, more: ColumnHints): ColumnHints {
  const merged = { ...into };
  if (more.values) merged.values = more.values;
  if (more.min !== undefined && (merged.min === undefined || more.min > merged.min)) Object.assign(merged, { min: more.min, minExclusive: more.minExclusive });
  if (more.max !== undefined && (merged.max === undefined || more.max < merged.max)) Object.assign(merged, { max: more.max, maxExclusive: more.maxExclusive });
  if (more.minLength !== undefined) merged.minLength = Math.max(merged.minLength ?? 0, more.minLength);
  if (more.maxLength !== undefined) merged.maxLength = Math.min(merged.maxLength ?? Infinity, more.maxLength);
  if (more.notNull) merged.notNull = true;
  return merged;
}

/**
 * A domain's CHECK written for a column: the VALUE keyword (outside literals and quoted names) replaced by the
 * column reference.
 */
export function domainCheckFor(expr: string, column: string): string {
  return mapOutsideQuotes(expr, (code) => code.replace(/\bVALUE\b/g, column));
}

/** Partition bounds of one range partition on one column: literals, or undefined for MINVALUE / MAXVALUE. */
export function rangeBound(bound: string): { from: string; to: string } | undefined {
  const m = /^FOR VALUES FROM \((.+)\) TO \((.+)\)$/s.exec(bound);
  if (!m) return undefined;
  const [from, to] = [m[1]!.trim(), m[2]!.trim()];
  if (/^(MINVALUE|MAXVALUE)$/.test(from) || /^(MINVALUE|MAXVALUE)$/.test(to)) return undefined;
  if (splitTopLevel(from, ',').length !== 1 || splitTopLevel(to, ',').length !== 1) return undefined;
  return { from, to };
}

/** The values of one list partition (NULL left out). */
export function listBound(bound: string): string[] | undefined {
  const m = /^FOR VALUES IN \((.+)\)$/s.exec(bound);
  if (!m) return undefined;
  return splitTopLevel(m[1]!, ',').map((v) => v.trim()).filter((v) => v !== 'NULL');
}

/** The top-level `AND` operands of an expression, outer parentheses removed. */
function conjuncts(expr: string): string[] {
  const inner = unwrap(expr.trim());
  const parts = splitTopLevel(inner, ' AND ');
  return parts.length > 1 ? parts.flatMap(conjuncts) : [inner];
}

/** `(x)::text`, `x`, `"X"` → the reference itself. */
function columnReference(text: string): string {
  let t = unwrap(text.trim());
  for (;;) {
    const cast = /^(.*)::[a-z_ ]+(?:\(\d+(?:,\d+)?\))?(?:\[\])?$/is.exec(t);
    if (!cast || !balanced(cast[1]!)) return t;
    t = unwrap(cast[1]!.trim());
  }
}

/** A numeric constant as printed: `5`, `(0)::numeric`, `'1.5'::numeric`, `'-3'::integer`. */
function numericConstant(text: string): number | undefined {
  const t = columnReference(text).replace(/^'(.*)'$/s, '$1');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** `ARRAY['a'::text, 'b'::text]` or `(ARRAY[...])::text[]` → the element literals. */
function arrayElements(text: string): string[] | undefined {
  const t = columnReference(text);
  const m = /^ARRAY\[(.*)\]$/s.exec(t);
  if (!m || !balanced(m[1]!)) return undefined;
  return splitTopLevel(m[1]!, ',').map((e) => e.trim());
}

function unwrap(text: string): string {
  let t = text;
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

/** Parentheses and brackets balance outside quotes, and no quote is left open. */
function balanced(text: string): boolean {
  let depth = 0;
  let nested = true;
  const closed = scan(text, (ch, quoted) => {
    if (quoted) return;
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (depth < 0) nested = false;
  });
  return closed && nested && depth === 0;
}

/** Splits on `separator` where it stands outside quotes and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const quotedAt = new Uint8Array(text.length);
  scan(text, (ch, quoted, i) => {
    quotedAt[i] = quoted ? 1 : 0;
  });
  for (let i = 0; i < text.length; i++) {
    if (quotedAt[i]) continue;
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Calls `visit` for each character with whether it is inside a '...' literal or a "..." name (the quotes
 * included); returns false when a quote is left open.
 */
function scan(text: string, visit: (ch: string, quoted: boolean, index: number) => void): boolean {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      visit(ch, true, i);
      if (ch === quote) {
        if (text[i + 1] === quote) visit(text[++i]!, true, i);
        else quote = undefined;
      }
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      visit(ch, true, i);
    } else {
      visit(ch, false, i);
    }
  }
  return quote === undefined;
}

function mapOutsideQuotes(text: string, map: (code: string) => string): string {
  let out = '';
  let code = '';
  let literal = '';
  scan(text, (ch, quoted) => {
    if (quoted) {
      if (code) out += map(code);
      code = '';
      literal += ch;
    } else {
      out += literal;
      literal = '';
      code += ch;
    }
  });
  return out + literal + (code ? map(code) : '');
}
