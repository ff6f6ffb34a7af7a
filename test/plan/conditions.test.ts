import { describe, expect, it } from 'vitest';
import { comparedColumns, conjuncts } from '../../src/plan/conditions.js';

describe('conjuncts', () => {
  it('splits the top-level AND terms only', () => {
    expect(conjuncts("((o.status = 'late'::text) AND ((o.total > 10) OR (o.total < 1)) AND (o.note = 'a AND b'::text))")).toEqual([
      "o.status = 'late'::text",
      '(o.total > 10) OR (o.total < 1)',
      "o.note = 'a AND b'::text",
    ]);
  });
});

describe('comparedColumns', () => {
  it('names the columns compared with values, equality first', () => {
    const columns = comparedColumns("((orders.created_at > '2024-01-01'::timestamp with time zone) AND (orders.status = 'late'::text))", 'orders');
    expect(columns.map((c) => [c.column, c.equality])).toEqual([
      ['status', true],
      ['created_at', false],
    ]);
  });

  it('reads unqualified columns, casts of columns and quoted names', () => {
    expect(comparedColumns("(((code)::text = 'x'::text) AND (\"Total\" >= 3))").map((c) => c.column)).toEqual(['code', '"Total"']);
  });

  it("keeps only the given table's side of a join condition", () => {
    expect(comparedColumns('(o.customer_id = c.id)', 'o').map((c) => c.column)).toEqual(['customer_id']);
    expect(comparedColumns('(o.customer_id = c.id)', 'c').map((c) => c.column)).toEqual(['id']);
  });

  it('finds nothing an index could serve in ORs, functions and comparisons within a row', () => {
    expect(comparedColumns('((a = 1) OR (b = 2))')).toEqual([]);
    expect(comparedColumns("(lower(t.email) = 'x'::text)", 't')).toEqual([]);
    expect(comparedColumns('(t.a = t.b)', 't')).toEqual([]);
  });
});
