import { describe, expect, it } from 'vitest';
import { domainCheckFor, listBound, rangeBound, readCheck } from '../../src/seed/checks.js';

// The expressions as pg_get_expr prints them (PostgreSQL 15).
const columns = (ref: string) => ({ status: 'status', v: 'v', r: 'r', p: 'p', c: 'c', '"Code"': 'Code' })[ref];

describe('readCheck', () => {
  it('reads IN lists, also over varchar', () => {
    expect(readCheck("(status = ANY (ARRAY['a'::text, 'b'::text]))", columns)).toEqual({
      hints: new Map([['status', { values: ["'a'::text", "'b'::text"] }]]),
      complete: true,
    });
    expect(readCheck("((v)::text = ANY ((ARRAY['x'::character varying, 'y, z'::character varying])::text[]))", columns).hints.get('v')).toEqual({
      values: ["'x'::character varying", "'y, z'::character varying"],
    });
  });

  it('reads numeric bounds from BETWEEN, casts and exclusive comparisons', () => {
    expect(readCheck('((r >= 1) AND (r <= 5))', columns).hints.get('r')).toEqual({ min: 1, minExclusive: false, max: 5, maxExclusive: false });
    expect(readCheck('(p > (0)::numeric)', columns).hints.get('p')).toEqual({ min: 0, minExclusive: true });
    expect(readCheck("(p < '-1.5'::numeric)", columns).hints.get('p')).toEqual({ max: -1.5, maxExclusive: true });
  });

  it('reads lengths, IS NOT NULL and quoted names', () => {
    expect(readCheck('(length(c) <= 3)', columns).hints.get('c')).toEqual({ maxLength: 3 });
    expect(readCheck('((char_length("Code") = 2) AND ("Code" IS NOT NULL))', columns)).toEqual({
      hints: new Map([['Code', { minLength: 2, maxLength: 2, notNull: true }]]),
      complete: true,
    });
  });

  it('ignores what it does not understand and columns it does not know, and says the constraint was not read whole', () => {
    expect(readCheck("(c ~ '^[A-Z]+$'::text)", columns)).toEqual({ hints: new Map(), complete: false });
    expect(readCheck('((r > 0) OR (p > 0))', columns)).toEqual({ hints: new Map(), complete: false });
    expect(readCheck('(other > 1)', columns)).toEqual({ hints: new Map(), complete: false });
    expect(readCheck('(r > p)', columns)).toEqual({ hints: new Map(), complete: false });
    expect(readCheck("((c)::text > '5'::text)", columns)).toEqual({ hints: new Map(), complete: false });
    expect(readCheck("((r >= 1) AND (c ~ 'x'::text))", columns)).toEqual({ hints: new Map([['r', { min: 1, minExclusive: false }]]), complete: false });
  });
});

describe('domainCheckFor', () => {
  it('puts the column in place of VALUE, outside literals and quoted names', () => {
    expect(domainCheckFor(`((VALUE > 0) AND (VALUE <> 'VALUE'::text) AND ("VALUE" IS NULL))`, '"Amount"')).toBe(
      `(("Amount" > 0) AND ("Amount" <> 'VALUE'::text) AND ("VALUE" IS NULL))`,
    );
  });
});

describe('partition bounds', () => {
  it('reads single-column ranges and lists', () => {
    expect(rangeBound("FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-07-01 00:00:00+00')")).toEqual({
      from: "'2025-01-01 00:00:00+00'",
      to: "'2025-07-01 00:00:00+00'",
    });
    expect(rangeBound('FOR VALUES FROM (MINVALUE) TO (100)')).toBeUndefined();
    expect(rangeBound('FOR VALUES FROM (1, 2) TO (3, 4)')).toBeUndefined();
    expect(listBound("FOR VALUES IN ('a', NULL, 'b, c')")).toEqual(["'a'", "'b, c'"]);
    expect(listBound('DEFAULT')).toBeUndefined();
  });
});
