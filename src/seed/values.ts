import type { Column, TypeInfo } from './catalog.js';
import type { ColumnHints } from './checks.js';

/**
 * SQL expressions that compute a column's value from the row number `sp.g` of `generate_series`. Every random
 * choice is a hash of the row number salted per table, column and purpose (`hashint8extended`), so a value
 * depends on the seed and its row alone: not on batch sizes, evaluation order or the provider.
 */

export const ROW = 'sp.g';

export interface Want {
  /** The value must differ on every row: a unique key relies on this column. */
  unique: boolean;
  hints: ColumnHints;
  /** The column's name in lower case, for choosing realistic text. */
  name: string;
  /** Rows the table gets, to spread monotonic values (created_at) over the time span. */
  rows: number;
}

export interface Generated {
  expr: string;
  /** How many distinct values a unique column can take; Infinity when it does not matter. */
  capacity: number;
}

export interface Salts {
  /** A salt for hashing the row number, distinct per purpose within the column. */
  (purpose: string): number;
}

export interface ValueContext {
  types: ReadonlyMap<number, TypeInfo>;
  skew: boolean;
  /** The last day of the time span that dates and timestamps fall in (YYYY-MM-DD). */
  today: string;
}

/** Days that generated dates and timestamps span, ending today. */
const SPAN_DAYS = 3 * 365;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const hash = (salt: number, of = ROW) => `hashint8extended(${of}, ${salt})`;
/** An integer in [0, n); `n` may be an SQL expression. */
export const below = (n: number | string, salt: number, of = ROW) => `((${hash(salt, of)} & 9223372036854775807) % ${n})`;
/** A float in [0, 1). */
export const unit = (salt: number, of = ROW) => `((${hash(salt, of)} & 4503599627370495)::float8 / 4503599627370496)`;

/**
 * An index in [0, n): uniform, or with `skew` a power law under which the first values are the most common
 * (the first 1% of 100 parents get a fifth of the children).
 */
export function pick(n: number | string, salt: number, skew: boolean, of = ROW): string {
  return skew ? `floor(${n} * power(${unit(salt, of)}, 3))::int8` : below(n, salt, of);
}

/** Fraction of NULLs, in thousandths, for a nullable column. */
export function nullsPerMille(name: string): number {
  return /^(deleted|archived|removed|cancell?ed|banned|disabled|revoked)(_at|_on)?$/.test(name) ? 950 : 100;
}

/** The expression for a column, or why it has none. */
export function columnValue(column: Column, want: Want, salt: Salts, context: ValueContext): Generated | { unsupported: string } {
  const type = column.type.base !== undefined ? baseOf(column.type, context.types) : { type: column.type, typmod: column.typmod };
  if (want.hints.values && want.hints.values.length > 0) return fromList(want.hints.values, want, salt, context);
  return valueOf(type.type, type.typmod, want, salt, context, 0);
}

/** The non-domain type below a domain, with the typmod the innermost domain gave it. */
export function baseOf(type: TypeInfo, types: ReadonlyMap<number, TypeInfo>): { type: TypeInfo; typmod: number; chain: TypeInfo[] } {
  const chain: TypeInfo[] = [];
  let current = type;
  let typmod = -1;
  while (current.base !== undefined) {
    chain.push(current);
    if (typmod < 0) typmod = current.baseTypmod ?? -1;
    current = types.get(current.base)!;
  }
  return { type: current, typmod, chain };
}

function fromList(values: string[], want: Want, salt: Salts, context: ValueContext): Generated {
  const list = `(ARRAY[${values.join(', ')}])`;
  if (want.unique) return { expr: `${list}[${ROW}]`, capacity: values.length };
  return { expr: `${list}[1 + ${pick(values.length, salt('pick'), context.skew)}]`, capacity: Infinity };
}

function valueOf(type: TypeInfo, typmod: number, want: Want, salt: Salts, context: ValueContext, depth: number): Generated | { unsupported: string } {
  if (type.base !== undefined) {
    const base = baseOf(type, context.types);
    const inner = valueOf(base.type, base.typmod, want, salt, context, depth + 1);
    return 'expr' in inner ? { ...inner, expr: `(${inner.expr})::${type.sql}` } : inner;
  }
  if (type.labels) return fromList(type.labels.map((l) => `${l}::${type.sql}`), want, salt, context);
  if (type.element !== undefined) {
    const element = context.types.get(type.element)!;
    const item = (i: number) => valueOf(element, typmod, { ...want, unique: want.unique && i === 0, hints: {} }, (p) => salt(`${p}[${i}]`), context, depth + 1);
    const first = item(0);
    if (!('expr' in first)) return first;
    if (want.unique) return { expr: `ARRAY[${first.expr}]`, capacity: first.capacity };
    const rest = [1, 2].map((i) => (item(i) as Generated).expr);
    return { expr: `(ARRAY[${[first.expr, ...rest].join(', ')}])[1:${below(4, salt('length'))}]`, capacity: Infinity };
  }
  if (type.fields) {
    if (depth > 3) return { unsupported: `${type.sql} (nested too deep)` };
    const fields: string[] = [];
    for (const [i, field] of type.fields.entries()) {
      const value = valueOf(context.types.get(field.type)!, field.typmod, { ...want, unique: want.unique && i === 0, hints: {}, name: field.sql }, (p) => salt(`${p}.${i}`), context, depth + 1);
      if (!('expr' in value)) return value;
      fields.push(value.expr);
    }
    return { expr: `ROW(${fields.join(', ')})::${type.sql}`, capacity: Infinity };
  }
  if (type.subtype !== undefined) {
    const subtype = context.types.get(type.subtype)!;
    const a = valueOf(subtype, -1, { ...want, hints: {} }, (p) => salt(`${p}.lower`), context, depth + 1);
    const b = valueOf(subtype, -1, { ...want, unique: false, hints: {} }, (p) => salt(`${p}.upper`), context, depth + 1);
    if (!('expr' in a) || !('expr' in b)) return { unsupported: type.sql };
    if (want.unique) return { expr: `${type.sql}(${a.expr}, ${a.expr}, '[]')`, capacity: a.capacity };
    return { expr: `${type.sql}(least(${a.expr}, ${b.expr}), greatest(${a.expr}, ${b.expr}))`, capacity: Infinity };
  }
  const builtin = type.schema === 'pg_catalog' ? BUILTIN[type.name] : undefined;
  if (builtin) return builtin(typmod, want, salt, context);
  // Extension and user-defined types of the string category (citext, ...) take text.
  if (type.category === 'S') return text(undefined, want, salt, context);
  return { unsupported: type.sql };
}

type Builder = (typmod: number, want: Want, salt: Salts, context: ValueContext) => Generated | { unsupported: string };

const integer = (min: number, max: number, span: number): Builder => (_typmod, want, salt) => {
  const { lo, hi } = integerBounds(want.hints, min, max);
  if (want.unique) {
    const start = Math.max(lo, Math.min(1, hi));
    return { expr: `(${start - 1} + ${ROW})`, capacity: hi - start + 1 };
  }
  const from = want.hints.min !== undefined ? lo : Math.max(lo, hi >= 0 ? 0 : hi - span + 1);
  const to = Math.min(hi, from + span - 1);
  // Contradictory bounds leave a single value, which the CHECK filter then rejects.
  return { expr: `(${from} + ${below(Math.max(1, to - from + 1), salt('int'))})`, capacity: Infinity };
};

function integerBounds(hints: ColumnHints, min: number, max: number): { lo: number; hi: number } {
  const lo = hints.min === undefined ? min : Math.max(min, hints.minExclusive ? Math.floor(hints.min) + 1 : Math.ceil(hints.min));
  const hi = hints.max === undefined ? max : Math.min(max, hints.maxExclusive ? Math.ceil(hints.max) - 1 : Math.floor(hints.max));
  return { lo, hi };
}

const numeric: Builder = (typmod, want, salt) => {
  // numeric(p, s) keeps typmod - 4 = p << 16 | s; a negative scale (PostgreSQL 15+) behaves like 0 here.
  const precision = typmod >= 4 ? ((typmod - 4) >> 16) & 0xffff : undefined;
  const scale = typmod >= 4 ? Math.max(0, Math.min((typmod - 4) & 0x7ff, precision!)) : 2;
  const step = 10 ** -scale;
  const typeMax = precision === undefined ? MAX_SAFE : 10 ** (precision - scale) - step;
  const lo = Math.max(-typeMax, want.hints.min === undefined ? -typeMax : want.hints.min + (want.hints.minExclusive ? step : 0));
  const hi = Math.min(typeMax, want.hints.max === undefined ? typeMax : want.hints.max - (want.hints.maxExclusive ? step : 0));
  if (want.unique) {
    const unitStep = precision === undefined || precision - scale >= 1 ? 1 : step;
    const start = Math.max(lo, Math.min(unitStep, hi));
    return { expr: `(${start} + (${ROW} - 1) * ${unitStep}::numeric)`, capacity: Math.floor((hi - start) / unitStep) + 1 };
  }
  const from = want.hints.min !== undefined ? lo : Math.max(lo, hi >= 0 ? 0 : hi - 10_000);
  const to = Math.min(hi, from + 10_000);
  // In integer steps of the scale: converting a float to numeric goes through text and costs ten times more.
  const [first, last] = [Math.ceil(from / step - 1e-9), Math.floor(to / step + 1e-9)];
  const steps = `(${first} + ${below(Math.max(1, last - first + 1), salt('numeric'))})::numeric`;
  return { expr: scale === 0 ? steps : `(${steps} * ${step.toFixed(scale)})`, capacity: Infinity };
};

const float: Builder = (_typmod, want, salt) => {
  if (want.unique) return { expr: `(${want.hints.min ?? 0} + ${ROW})::float8`, capacity: Infinity };
  const from = want.hints.min ?? (want.hints.max !== undefined && want.hints.max < 0 ? want.hints.max - 1000 : 0);
  const to = want.hints.max ?? from + 1000;
  return { expr: `(${from} + ${unit(salt('float'))} * ${to - from})`, capacity: Infinity };
};

/** 16 bytes from two hashes (parsing hex is the cheapest way to a uuid; md5 costs twice as much). */
const bytes16 = (salt: Salts, purpose: string) => `(int8send(${hash(salt(`${purpose}.0`))}) || int8send(${hash(salt(`${purpose}.1`))}))`;

function timeSpan(context: ValueContext): { start: string; days: number } {
  const end = Date.parse(`${context.today}T00:00:00Z`);
  return { start: new Date(end - SPAN_DAYS * 86_400_000).toISOString().slice(0, 10), days: SPAN_DAYS };
}

/** created_at and its kind grow with the row number, as they do in a table that is only appended to. */
const MONOTONIC = /^(created|inserted|added|registered|occurred|recorded|logged|received|sent)(_at|_on|_date|_time)?$/;

const timestamp = (literal: (day: string) => string): Builder => (_typmod, want, salt, context) => {
  const { start, days } = timeSpan(context);
  const from = literal(start);
  if (want.unique) {
    const step = Math.max(1, Math.floor((days * 86_400) / Math.max(1, want.rows)));
    return { expr: `(${from} + (${ROW} - 1) * INTERVAL '${step} seconds')`, capacity: Infinity };
  }
  if (MONOTONIC.test(want.name)) {
    return { expr: `(${from} + ((${ROW} - 1 + ${unit(salt('jitter'))}) / ${Math.max(1, want.rows)}) * INTERVAL '${days} days')`, capacity: Infinity };
  }
  return { expr: `(${from} + ${unit(salt('time'))} * INTERVAL '${days} days')`, capacity: Infinity };
};

const date: Builder = (_typmod, want, salt, context) => {
  const { start, days } = timeSpan(context);
  if (want.unique) return { expr: `(DATE '${context.today}' - ${Math.max(1, want.rows)} + ${ROW}::int4)`, capacity: 5_000_000 };
  if (MONOTONIC.test(want.name)) return { expr: `(DATE '${start}' + ((${ROW} - 1) * ${days} / ${Math.max(1, want.rows)})::int4)`, capacity: Infinity };
  return { expr: `(DATE '${start}' + ${below(days, salt('date'))}::int4)`, capacity: Infinity };
};

const time: Builder = (_typmod, want, salt) =>
  want.unique
    ? { expr: `(TIME '00:00' + (${ROW} - 1) * INTERVAL '1 second')`, capacity: 86_400 }
    : { expr: `(TIME '00:00' + ${below(86_400, salt('time'))} * INTERVAL '1 second')`, capacity: Infinity };

const BUILTIN: Record<string, Builder> = {
  int2: integer(-32768, 32767, 1000),
  int4: integer(-2147483648, 2147483647, 1_000_000),
  int8: integer(-MAX_SAFE, MAX_SAFE, 1_000_000_000),
  numeric,
  float4: float,
  float8: float,
  money: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : below(1_000_000, salt('money'))}::numeric / 100)::money`, capacity: Infinity }),
  bool: (_t, want, salt) => (want.unique ? { expr: `(${ROW} = 1)`, capacity: 2 } : { expr: `((${hash(salt('bool'))} & 1) = 0)`, capacity: Infinity }),
  uuid: (_t, _want, salt) => ({ expr: `encode(${bytes16(salt, 'uuid')}, 'hex')::uuid`, capacity: Infinity }),
  text: (_t, want, salt, context) => text(undefined, want, salt, context),
  varchar: (typmod, want, salt, context) => text(typmod > 4 ? typmod - 4 : undefined, want, salt, context),
  bpchar: (typmod, want, salt, context) => text(typmod > 4 ? typmod - 4 : undefined, want, salt, context),
  name: (_t, want, salt, context) => text(63, want, salt, context),
  date,
  timestamp: timestamp((day) => `TIMESTAMP '${day}'`),
  timestamptz: timestamp((day) => `TIMESTAMPTZ '${day} 00:00:00+00'`),
  time,
  timetz: (typmod, want, salt, context) => {
    const t = time(typmod, want, salt, context) as Generated;
    return { ...t, expr: `${t.expr}::timetz` };
  },
  interval: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : below(30 * 86_400, salt('interval'))} * INTERVAL '1 second')`, capacity: Infinity }),
  json: (_t, _want, salt) => ({ expr: jsonObject('json', salt), capacity: Infinity }),
  jsonb: (_t, _want, salt) => ({ expr: jsonObject('jsonb', salt), capacity: Infinity }),
  bytea: (_t, _want, salt) => ({ expr: bytes16(salt, 'bytea'), capacity: Infinity }),
  inet: (_t, want, salt) => ({ expr: `('10.0.0.0'::inet + ${want.unique ? ROW : below(16_777_216, salt('inet'))})`, capacity: 4_000_000_000 }),
  cidr: (_t, want, salt) => ({
    expr: `network(set_masklen('10.0.0.0'::inet + ${want.unique ? ROW : below(65_536, salt('cidr'))} * 256, 24))`,
    capacity: 15_000_000,
  }),
  macaddr: (_t, _want, salt) => ({ expr: `left(encode(${bytes16(salt, 'mac')}, 'hex'), 12)::macaddr`, capacity: Infinity }),
  macaddr8: (_t, _want, salt) => ({ expr: `left(encode(${bytes16(salt, 'mac')}, 'hex'), 16)::macaddr8`, capacity: Infinity }),
  bit: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : hash(salt('bit'))})::int8::bit(64)`, capacity: Infinity }),
  varbit: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : hash(salt('bit'))})::int8::bit(64)::varbit`, capacity: Infinity }),
  tsvector: (_t, want, salt) => ({ expr: `to_tsvector('simple', ${sentence(salt, want.unique)})`, capacity: Infinity }),
  point: (_t, want, salt) => ({ expr: point(salt, 'point', want.unique), capacity: Infinity }),
  box: (_t, want, salt) => ({ expr: `box(${point(salt, 'a', want.unique)}, ${point(salt, 'b', false)})`, capacity: Infinity }),
  circle: (_t, want, salt) => ({ expr: `circle(${point(salt, 'centre', want.unique)}, 1 + ${unit(salt('radius'))} * 10)`, capacity: Infinity }),
  polygon: (_t, want, salt) => ({ expr: `polygon(box(${point(salt, 'a', want.unique)}, ${point(salt, 'b', false)}))`, capacity: Infinity }),
  lseg: (_t, want, salt) => ({ expr: `lseg(${point(salt, 'a', want.unique)}, ${point(salt, 'b', false)})`, capacity: Infinity }),
};

function point(salt: Salts, purpose: string, unique: boolean): string {
  return unique ? `point(${ROW}, ${unit(salt(`${purpose}.y`))} * 180 - 90)` : `point(${unit(salt(`${purpose}.x`))} * 360 - 180, ${unit(salt(`${purpose}.y`))} * 180 - 90)`;
}

function jsonObject(kind: 'json' | 'jsonb', salt: Salts): string {
  return (
    `${kind}_build_object('id', ${ROW}, 'name', ${word(salt('json'), 0)}, 'score', ${below(100, salt('score'))}, ` +
    `'tags', ${kind}_build_array(${word(salt('json'), 1)}, ${word(salt('json'), 2)}), 'active', ((${hash(salt('active'))} & 1) = 0))`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Text. Columns whose names say what they hold get values of that shape; the rest get a few words.

const WORDS = [
  'alpha', 'amber', 'apex', 'arc', 'atlas', 'aurora', 'beacon', 'birch', 'bold', 'bright', 'brook', 'cedar', 'cloud', 'comet', 'coral', 'crest',
  'delta', 'drift', 'echo', 'ember', 'falcon', 'fern', 'flint', 'forge', 'frost', 'glade', 'harbor', 'hazel', 'horizon', 'iris', 'jade', 'lumen',
  'maple', 'meadow', 'mesa', 'nova', 'oak', 'onyx', 'orbit', 'pearl', 'pine', 'pixel', 'prism', 'quartz', 'quill', 'raven', 'ridge', 'river',
  'sage', 'shadow', 'silver', 'slate', 'solar', 'spark', 'spruce', 'stone', 'summit', 'tide', 'timber', 'valley', 'vertex', 'willow', 'zenith', 'zephyr',
];
const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'Bruno', 'Chen', 'Clara', 'Dmitri', 'Elena', 'Farah', 'Felix', 'Grace', 'Hiro', 'Ines', 'Ivan', 'Jonas', 'Kaito',
  'Lena', 'Liam', 'Maya', 'Mateo', 'Nadia', 'Noah', 'Olga', 'Omar', 'Priya', 'Rafael', 'Sara', 'Tariq', 'Uma', 'Vera', 'Yusuf', 'Zoe',
];
const LAST_NAMES = [
  'Adams', 'Becker', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Martin', 'Nakamura', 'Novak', 'Okafor',
  'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Silva', 'Tanaka', 'Tran', 'Usman', 'Varga', 'Wagner', 'Weber', 'Wong', 'Yilmaz', 'Young', 'Zhang', 'Ziegler',
];
const CITIES = ['Amsterdam', 'Berlin', 'Chicago', 'Dublin', 'Lisbon', 'London', 'Madrid', 'Mumbai', 'Nairobi', 'Osaka', 'Paris', 'Prague', 'Seoul', 'Sydney', 'Toronto', 'Vienna'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'JP', 'IN', 'BR', 'CA', 'ES', 'IT', 'NL', 'SE', 'PL', 'KR', 'AU', 'MX'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'INR', 'BRL', 'CAD', 'CHF'];
const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'pt', 'it', 'nl'];
const STATUSES = ['active', 'pending', 'completed', 'cancelled', 'archived'];

const arrayLiteral = (list: readonly string[]) => `'{${list.map((w) => `"${w}"`).join(',')}}'::text[]`;
const WORDS_SQL = arrayLiteral(WORDS);

/** Word `k` (0..9) of the 64-word list, from 6 bits of one hash. */
function word(salt: number, k: number): string {
  return `(${WORDS_SQL})[1 + ((${hash(salt)} >> ${6 * k}) & 63)]`;
}

function choose(list: readonly string[], salt: number, skew: boolean): string {
  return `(${arrayLiteral(list)})[1 + ${pick(list.length, salt, skew)}]`;
}

/**
 * Three lists of 64 phrases of 3 to 5 words, the same on every run: a sentence takes one phrase from each of two
 * or three of them, with one hash. Looking up an element walks the array, so short lists keep it cheap.
 */
const PHRASES = (() => {
  let state = 0x2545f491;
  const next = () => {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) >>> 0;
    state = (state ^ Math.imul(state ^ (state >>> 12), 0x297a2d39)) >>> 0;
    return state;
  };
  const phrase = () => Array.from({ length: 3 + (next() % 3) }, () => WORDS[next() % WORDS.length]).join(' ');
  return [0, 1, 2].map(() => arrayLiteral(Array.from({ length: 64 }, phrase)));
})();

function sentence(salt: Salts, unique: boolean): string {
  const h = hash(salt('sentence'));
  const phrase = (list: number) => `(${PHRASES[list]})[1 + ((${h} >> ${6 * list}) & 63)]`;
  const body = `${phrase(0)} || ' ' || ${phrase(1)} || CASE WHEN ((${h} >> 18) & 1) = 0 THEN ' ' || ${phrase(2)} ELSE '' END`;
  return unique ? `(${body} || ' ' || ${ROW} || '.')` : `(${body} || '.')`;
}

type TextKind = (salt: Salts, unique: boolean, context: ValueContext) => string;

const suffix = (unique: boolean, salt: Salts, spread = 1000) => (unique ? ROW : below(spread, salt('number')));

const TEXT_KINDS: [RegExp, TextKind][] = [
  [/e_?mail/, (s, u) => `lower(${choose(FIRST_NAMES, s('first'), false)} || '.' || ${choose(LAST_NAMES, s('last'), false)}) || ${suffix(u, s)} || '@example.com'`],
  [/^(first|given)_?name$/, (s, u, c) => unique(choose(FIRST_NAMES, s('first'), c.skew), u)],
  [/^(last|family|sur)_?name$|^surname$/, (s, u, c) => unique(choose(LAST_NAMES, s('last'), c.skew), u)],
  [/user_?name|login|handle|nick/, (s, u) => `lower(${choose(FIRST_NAMES, s('first'), false)}) || ${suffix(u, s, 100_000)}`],
  [/(^|_)(full|display|contact|person|customer|author|owner)_?name$/, (s, u) => unique(`${choose(FIRST_NAMES, s('first'), false)} || ' ' || ${choose(LAST_NAMES, s('last'), false)}`, u)],
  [/url|website|link|href|uri$/, (s, u) => `'https://example.com/' || ${word(s('path'), 0)} || '/' || ${suffix(u, s, 100_000)}`],
  [/phone|mobile|fax/, (s, u) => `'+1 555 ' || lpad((${suffix(u, s, 10_000_000)})::text, 7, '0')`],
  [/country/, (s, u, c) => unique(choose(COUNTRIES, s('country'), c.skew), u)],
  [/currency/, (s, u, c) => unique(choose(CURRENCIES, s('currency'), c.skew), u)],
  [/locale|lang/, (s, u, c) => unique(choose(LOCALES, s('locale'), c.skew), u)],
  [/city|town/, (s, u, c) => unique(choose(CITIES, s('city'), c.skew), u)],
  [/street|address/, (s, u) => `${suffix(u, s, 2000)} || ' ' || initcap(${word(s('street'), 0)}) || ' Street'`],
  [/zip|postal|postcode/, (s, u) => `lpad((${suffix(u, s, 100_000)})::text, 5, '0')`],
  [/status|state$|kind|type$|category|role|tier|stage|priority|level/, (s, u, c) => unique(choose(STATUSES, s('status'), c.skew), u)],
  [/slug|code|sku|key$|token|hash|ref(erence)?$|external/, (s, u) => `${word(s('code'), 0)} || '-' || ${u ? ROW : `to_hex(${below(16_777_216, s('number'))})`}`],
  [/descr|body|content|comment|note|message|summary|bio|text|detail|reason|remark/, (s, u) => sentence(s, u)],
  [/name|title|label|subject|headline|caption/, (s, u) => unique(`initcap(${word(s('title'), 0)} || ' ' || ${word(s('title'), 1)})`, u)],
];

function unique(expr: string, isUnique: boolean): string {
  return isUnique ? `${expr} || ' ' || ${ROW}` : expr;
}

function text(maxLength: number | undefined, want: Want, salt: Salts, context: ValueContext): Generated {
  const kind = TEXT_KINDS.find(([pattern]) => pattern.test(want.name))?.[1];
  let expr = kind ? kind(salt, want.unique, context) : unique(`${word(salt('words'), 0)} || ' ' || ${word(salt('words'), 1)}`, want.unique);
  const limit = Math.min(maxLength ?? Infinity, want.hints.maxLength ?? Infinity);
  let capacity = Infinity;
  if (Number.isFinite(limit)) {
    // The row number comes last, so cutting from the left keeps unique values apart while they fit.
    expr = want.unique ? `right(${expr}, ${limit})` : `left(${expr}, ${limit})`;
    if (want.unique) capacity = limit >= 15 ? Infinity : 10 ** limit - 1;
  }
  if (want.hints.minLength) expr = `rpad(${expr}, ${want.hints.minLength}, 'x')`;
  return { expr, capacity };
}
