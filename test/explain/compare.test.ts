import { describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../../src/core/parse.js';
import { comparePlans, findBreakingStatement } from '../../src/explain/compare.js';
import { readRecordedPlan } from '../../src/plan/fixtures.js';
import { parseExplain, type Explain } from '../../src/plan/model.js';

// Pairs recorded by test/fixtures/plans/record.ts from `planPairs` in scenarios.ts: the same query before a
// migration (.base) and after it (.changed), EXPLAIN without ANALYZE on PGlite.
function plan(name: string): Explain {
  return parseExplain(readRecordedPlan(name).plan);
}

describe('comparePlans', () => {
  it('reports an index scan that became a Seq Scan, with both scans quoted', () => {
    const [regression, ...rest] = comparePlans(plan('regression-index-dropped.base'), plan('regression-index-dropped.changed'));
    expect(rest).toEqual([]);
    expect(regression).toEqual({
      kind: 'index-scan-lost',
      message: "Bitmap Heap Scan on public.orders became Seq Scan on public.orders: the query's estimated cost rises from 167.65 to 2,185.00 (13x).",
      evidence: {
        base: {
          cost: 167.65,
          lines: [
            'Bitmap Heap Scan on public.orders  (cost=4.68..167.65 rows=50 width=14)',
            '  Recheck Cond: (orders.customer_id = 42)',
            '  ->  Bitmap Index Scan on orders_customer_id_idx  (cost=0.00..4.67 rows=50 width=0)',
            '        Index Cond: (orders.customer_id = 42)',
          ],
        },
        changed: {
          cost: 2185,
          lines: ['Seq Scan on public.orders  (cost=0.00..2185.00 rows=50 width=14)', '  Filter: (orders.customer_id = 42)'],
        },
        relation: 'public.orders',
        increase: (2185 - 167.65) / 167.65,
      },
    });
  });

  it('matches scans by relation and alias inside a join, not by their place in the tree', () => {
    const base = plan('regression-join-index-dropped.base');
    const changed = plan('regression-join-index-dropped.changed');
    const regressions = comparePlans(base, changed);
    expect(regressions.map((r) => [r.kind, r.evidence.relation])).toEqual([['index-scan-lost', 'public.orders']]);
    expect(regressions[0]!.message).toBe(
      "Bitmap Heap Scan on public.orders o became Seq Scan on public.orders o: the query's estimated cost rises from 176.45 to 2,193.80 (12x).",
    );
    // The join's other input, the customers primary key lookup, is the same in both and not quoted.
    expect(regressions[0]!.evidence.changed.lines.join('\n')).not.toContain('customers');
  });

  it('reports a cost increase when the access path changes but an index is still used (a type change dropped the statistics)', () => {
    const [regression, ...rest] = comparePlans(plan('regression-type-change.base'), plan('regression-type-change.changed'));
    expect(rest).toEqual([]);
    expect(regression!.kind).toBe('cost-increase');
    expect(regression!.message).toBe(
      "The query's estimated cost rises from 29.61 to 1,978.29 (67x): Index Scan using orders_created_at_idx on public.orders became Bitmap Heap Scan on public.orders.",
    );
    expect(regression!.evidence.base.lines[0]).toBe('Index Scan using orders_created_at_idx on public.orders  (cost=0.29..29.61 rows=647 width=8)');
    expect(regression!.evidence.changed.lines.map((l) => l.trim().split('  (')[0])).toEqual([
      'Bitmap Heap Scan on public.orders',
      "Recheck Cond: (orders.created_at > '2024-03-10 00:00:00+00'::timestamp with time zone)",
      '->  Bitmap Index Scan on orders_created_at_idx',
      "Index Cond: (orders.created_at > '2024-03-10 00:00:00+00'::timestamp with time zone)",
    ]);
  });

  // Base 2,185.00; fillfactor 81 gives 2,400.00 (+9.8%), fillfactor 80 gives 2,425.00 (+11.0%).
  it.each([
    ['regression-cost-under.changed', []],
    ['regression-cost-over.changed', ["The query's estimated cost rises from 2,185.00 to 2,425.00 (+11%): Seq Scan on public.orders costs 2,425.00 (was 2,185.00)."]],
  ])('reports a cost increase only above 10%: %s', (changed, messages) => {
    expect(comparePlans(plan('regression-cost.base'), plan(changed)).map((r) => r.message)).toEqual(messages);
  });

  it('takes the threshold from the options', () => {
    const [regression] = comparePlans(plan('regression-cost.base'), plan('regression-cost-under.changed'), { costIncrease: 0.05 });
    expect(regression).toMatchObject({ kind: 'cost-increase', evidence: { base: { cost: 2185 }, changed: { cost: 2400 }, relation: 'public.orders', increase: 215 / 2185 } });
  });

  it('never reports a plan cheaper than trivialCost, however much it grew', () => {
    // 1.05 -> 1.80: +71%, still a read of one page.
    const base = plan('regression-trivial.base');
    const changed = plan('regression-trivial.changed');
    expect(comparePlans(base, changed)).toEqual([]);
    expect(comparePlans(base, changed, { trivialCost: 1 }).map((r) => r.kind)).toEqual(['cost-increase']);
  });

  it('reports nothing when the plan got cheaper or stayed the same', () => {
    expect(comparePlans(plan('regression-index-dropped.changed'), plan('regression-index-dropped.base'))).toEqual([]);
    expect(comparePlans(plan('regression-cost.base'), plan('regression-cost.base'))).toEqual([]);
  });
});

// The change's statements are parsed while the tests are collected.
await loadParser();

describe('findBreakingStatement', () => {
  const CHANGE = [
    ['001_orders.sql', 'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders DROP COLUMN total;\nALTER TABLE orders RENAME COLUMN placed_at TO created_at;'],
    ['002_customers.sql', 'ALTER TABLE customers RENAME TO clients;\nDROP VIEW IF EXISTS billing.open_invoices, order_totals;\nALTER TABLE audit SET SCHEMA archive;'],
    ['003_types.sql', 'ALTER TABLE orders ALTER COLUMN customer_id TYPE text, ALTER COLUMN status TYPE varchar(20);\nALTER TABLE users ALTER COLUMN age TYPE int;'],
    ['004_objects.sql', 'DROP FUNCTION order_total(bigint);\nALTER FUNCTION normalize_email(text) RENAME TO clean_email;\nDROP TYPE mood;\nALTER TYPE shade RENAME TO colour;\nDROP SCHEMA reporting CASCADE;'],
  ] as const;
  const statements = CHANGE.flatMap(([file, sql]) => {
    const parsed = parseSql(sql);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return parsed.statements.map((s, index) => ({ file, index, stmt: { [s.type]: s.node } }));
  });

  // The messages PostgreSQL gives (as PGlite printed them) for a query that uses what the change removed or retyped.
  it.each([
    ['column "total" does not exist', '001_orders.sql', 1],
    ['column o.total does not exist', '001_orders.sql', 1],
    ['column "placed_at" of relation "orders" does not exist', '001_orders.sql', 2],
    ['relation "customers" does not exist', '002_customers.sql', 0],
    ['relation "billing.open_invoices" does not exist', '002_customers.sql', 1],
    ['relation "order_totals" does not exist', '002_customers.sql', 1],
    ['relation "audit" does not exist', '002_customers.sql', 2],
    ['operator does not exist: text = integer', '003_types.sql', 0],
    ['column "age" is of type integer but expression is of type text', '003_types.sql', 1],
    ['invalid input syntax for type integer: "x"', '003_types.sql', 1],
    ['function order_total(integer) does not exist', '004_objects.sql', 0],
    ['function normalize_email(text) does not exist', '004_objects.sql', 1],
    ['function lower(integer) does not exist', '003_types.sql', 1],
    ['type "mood" does not exist', '004_objects.sql', 2],
    ['type "shade" does not exist', '004_objects.sql', 3],
    ['schema "reporting" does not exist', '004_objects.sql', 4],
    ['relation "reporting.order_stats" does not exist', '004_objects.sql', 4],
    ['type "public.mood" does not exist', '004_objects.sql', 2],
  ])('%s -> %s statement %i', (message, file, index) => {
    expect(findBreakingStatement(message, statements)).toEqual({ file, index });
  });

  it.each([
    ['column "shipped_at" does not exist'],
    ['relation "billing.customers" does not exist'],
    ['column "placed_at" of relation "invoices" does not exist'],
    ['operator does not exist: uuid = boolean'],
    ['canceling statement due to statement timeout'],
    ['division by zero'],
  ])('finds nothing for %s', (message) => {
    expect(findBreakingStatement(message, statements)).toBeUndefined();
  });
});
