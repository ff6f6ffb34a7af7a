/**
 * Reading the conditions EXPLAIN prints (`Filter: ((o.status = 'late'::text) AND (o.total > 100))`), enough to name
 * the columns an index could serve. Postgres deparses every condition fully parenthesised, so a top-level AND list
 * of `(column op value)` comparisons is easy to take apart; anything else (OR, functions of a column) yields nothing
 * and the rules fall back to general advice.
 */

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`;
const COLUMN = new RegExp(String.raw`^(?:(${IDENTIFIER})\.)?(${IDENTIFIER})$`);
const OPERATORS = ['=', '<=', '>=', '<', '>'];

export interface ComparedColumn {
  /** As written in the plan, quoted if it needs quotes. */
  column: string;
  equality: boolean;
}

/** The top-level AND terms of a condition, outer parentheses removed. */
export function conjuncts(condition: string): string[] {
  const terms: string[] = [];
  const body = unwrap(condition.trim());
  let depth = 0;
  let quoted: string | undefined;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === quoted) quoted = undefined;
    } else if (c === "'" || c === '"') {
      quoted = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (depth === 0 && body.startsWith(' AND ', i)) {
      terms.push(body.slice(start, i));
      start = i + ' AND '.length;
      i += ' AND '.length - 1;
    }
  }
  terms.push(body.slice(start));
  return terms.map((t) => unwrap(t.trim()));
}

/**
 * Columns compared with something else in a condition's AND terms (`col = value`, `col < value`, or a join
 * `a.col = b.col`), equality first as a btree index wants them. With `alias`, only that table's columns.
 */
export function comparedColumns(condition: string, alias?: string): ComparedColumn[] {
  const found: ComparedColumn[] = [];
  for (const term of conjuncts(condition)) {
    const split = splitComparison(term);
    if (!split) continue;
    const sides = [COLUMN.exec(split.left), COLUMN.exec(split.right)];
    for (const [i, side] of sides.entries()) {
      if (!side) continue;
      const sideAlias = side[1] !== undefined ? unquote(side[1]) : undefined;
      if (alias !== undefined && sideAlias !== undefined && sideAlias !== alias) continue;
      // `a.x = a.y` compares a row with itself: no index helps.
      const other = sides[1 - i];
      if (other && (other[1] !== undefined ? unquote(other[1]) : undefined) === sideAlias) continue;
      const column = side[2]!;
      if (!found.some((f) => f.column === column)) found.push({ column, equality: split.operator === '=' });
    }
  }
  return [...found.filter((f) => f.equality), ...found.filter((f) => !f.equality)];
}

function splitComparison(term: string): { left: string; operator: string; right: string } | undefined {
  let depth = 0;
  let quoted: string | undefined;
  for (let i = 0; i < term.length; i++) {
    const c = term[i]!;
    if (quoted) {
      if (c === quoted) quoted = undefined;
      continue;
    }
    if (c === "'" || c === '"') quoted = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && c === ' ') {
      const operator = OPERATORS.find((op) => term.startsWith(` ${op} `, i));
      if (operator) return { left: stripCast(term.slice(0, i)), operator, right: stripCast(term.slice(i + operator.length + 2)) };
    }
  }
  return undefined;
}

/** `'late'::text` and `(o.code)::text` lose their cast (Postgres casts varchar columns to text to compare them). */
function stripCast(side: string): string {
  const cast = side.match(/^(.*?)::[a-z ]+(?:\([0-9, ]+\))?(?:\[\])?$/);
  return unwrap(cast ? cast[1]! : side);
}

/** Removes parentheses that wrap the whole text. */
function unwrap(text: string): string {
  while (text.startsWith('(') && text.endsWith(')') && closingParen(text) === text.length - 1) text = text.slice(1, -1).trim();
  return text;
}

function closingParen(text: string): number {
  let depth = 0;
  let quoted: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === quoted) quoted = undefined;
    } else if (c === "'" || c === '"') {
      quoted = c;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier;
}
