import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRecordedPlan } from '../../src/plan/fixtures.js';
import { parseExplain, type PlanNode } from '../../src/plan/model.js';
import { nodeLabel, planExcerpt, planLines, planText, quote } from '../../src/plan/text.js';

const recorded = [
  ...readdirSync('test/fixtures/plans').filter((f) => f.endsWith('.json')),
  ...readdirSync('test/fixtures/plans/examples').map((f) => `examples/${f}`),
].map((f) => f.slice(0, -'.json'.length));

/**
 * The recorder ran each EXPLAIN twice, in JSON and in text format, so what differs between two runs is masked:
 * times, buffer counts (the first run warms the cache), heap fetches (the first run prunes). `Output` lines are
 * left out by design, and PostgreSQL 18 prints whole row counts with `.00`.
 */
function comparable(lines: string[]): string {
  return lines
    .filter((line) => !/^\s*Output: /.test(line))
    .join('\n')
    .replace(/time=\d+\.\d+\.\.\d+\.\d+/g, 'time=…')
    .replace(/(Planning|Execution) Time: [\d.]+ ms/g, '$1 Time: …')
    .replace(/rows=(\d+)\.00 loops/g, 'rows=$1 loops')
    .replace(/Planning:\n {2}Buffers: .*\n/g, '')
    .replace(/Buffers: .*/g, 'Buffers: …')
    .replace(/Heap Fetches: \d+/g, 'Heap Fetches: …');
}

describe('planText', () => {
  for (const name of recorded) {
    it(`prints ${name} as PostgreSQL's own text format does`, () => {
      const plan = readRecordedPlan(name);
      expect(comparable(planText(parseExplain(plan.plan)))).toBe(comparable(plan.text));
    });
  }
});

describe('planLines', () => {
  it('gives the first line with costs and actual figures, then the properties indented by two', () => {
    const node: PlanNode = {
      'Node Type': 'Seq Scan',
      'Relation Name': 'orders',
      Schema: 'public',
      Alias: 'orders',
      'Startup Cost': 0,
      'Total Cost': 1693,
      'Plan Rows': 5,
      'Plan Width': 44,
      'Actual Startup Time': 0.01,
      'Actual Total Time': 9.1,
      'Actual Rows': 3,
      'Actual Loops': 1,
      Output: ['id', 'status'],
      Filter: "(status = 'late'::text)",
      'Rows Removed by Filter': 99997,
    };
    expect(planLines(node)).toEqual([
      'Seq Scan on public.orders  (cost=0.00..1693.00 rows=5 width=44) (actual time=0.010..9.100 rows=3 loops=1)',
      "  Filter: (status = 'late'::text)",
      '  Rows Removed by Filter: 99997',
    ]);
  });

  it('shows fractional actual rows with two decimals and nodes that never ran', () => {
    const base = { 'Node Type': 'Result', 'Startup Cost': 0, 'Total Cost': 0.01, 'Plan Rows': 1, 'Plan Width': 4 };
    expect(planLines({ ...base, 'Actual Rows': 0.35, 'Actual Loops': 20 })[0]).toBe('Result  (cost=0.00..0.01 rows=1 width=4) (actual rows=0.35 loops=20)');
    expect(planLines({ ...base, 'Actual Rows': 0, 'Actual Loops': 0 })[0]).toBe('Result  (cost=0.00..0.01 rows=1 width=4) (never executed)');
  });

  it('hides zero counts and false flags as text format does', () => {
    const node: PlanNode = { 'Node Type': 'Seq Scan', 'Relation Name': 't', Alias: 't', Filter: '(a = 1)', 'Rows Removed by Filter': 0, Disabled: false, 'Shared Hit Blocks': 0 };
    expect(planLines(node)).toEqual(['Seq Scan on t', '  Filter: (a = 1)']);
  });
});

describe('nodeLabel', () => {
  const cases: [PlanNode, string][] = [
    [{ 'Node Type': 'Seq Scan', 'Relation Name': 'orders', Alias: 'o' }, 'Seq Scan on orders o'],
    [{ 'Node Type': 'Seq Scan', 'Parallel Aware': true, 'Relation Name': 'orders', Schema: 'public', Alias: 'orders' }, 'Parallel Seq Scan on public.orders'],
    [{ 'Node Type': 'Seq Scan', 'Relation Name': 'Order Lines', Schema: 'public', Alias: 'user' }, 'Seq Scan on public."Order Lines" "user"'],
    [
      { 'Node Type': 'Index Scan', 'Scan Direction': 'Backward', 'Index Name': 'orders_pkey', 'Relation Name': 'orders', Alias: 'orders' },
      'Index Scan Backward using orders_pkey on orders',
    ],
    [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'orders_status_idx' }, 'Bitmap Index Scan on orders_status_idx'],
    [{ 'Node Type': 'Hash Join', 'Join Type': 'Inner' }, 'Hash Join'],
    [{ 'Node Type': 'Hash Join', 'Join Type': 'Right Anti' }, 'Hash Right Anti Join'],
    [{ 'Node Type': 'Merge Join', 'Join Type': 'Left' }, 'Merge Left Join'],
    [{ 'Node Type': 'Nested Loop', 'Join Type': 'Inner' }, 'Nested Loop'],
    [{ 'Node Type': 'Nested Loop', 'Join Type': 'Semi' }, 'Nested Loop Semi Join'],
    [{ 'Node Type': 'Aggregate', Strategy: 'Hashed', 'Partial Mode': 'Simple' }, 'HashAggregate'],
    [{ 'Node Type': 'Aggregate', Strategy: 'Sorted', 'Partial Mode': 'Finalize' }, 'Finalize GroupAggregate'],
    [{ 'Node Type': 'ModifyTable', Operation: 'Insert', 'Relation Name': 'orders_archive', Schema: 'public', Alias: 'orders_archive' }, 'Insert on public.orders_archive'],
    [{ 'Node Type': 'CTE Scan', 'CTE Name': 'recent', Alias: 'r' }, 'CTE Scan on recent r'],
    [{ 'Node Type': 'Subquery Scan', Alias: 'latest' }, 'Subquery Scan on latest'],
    [{ 'Node Type': 'Values Scan', Alias: '*VALUES*' }, 'Values Scan on "*VALUES*"'],
    [{ 'Node Type': 'SetOp', Strategy: 'Hashed', Command: 'Except' }, 'HashSetOp Except'],
  ];
  for (const [node, label] of cases) it(label, () => expect(nodeLabel(node)).toBe(label));
});

describe('quote', () => {
  it('quotes as quote_ident does: upper case, spaces and reserved words, not plain names', () => {
    expect(['orders', 'order_lines', 'Orders', 'order lines', 'order', 'user', 'status', 'name'].map(quote)).toEqual([
      'orders',
      'order_lines',
      '"Orders"',
      '"order lines"',
      '"order"',
      '"user"',
      'status',
      'name',
    ]);
  });
});

describe('planExcerpt', () => {
  it('indents descendants as the whole plan does', () => {
    const scan: PlanNode = { 'Node Type': 'Seq Scan', 'Relation Name': 'orders', Alias: 'o', Filter: '(o.customer_id = c.id)' };
    const sort: PlanNode = { 'Node Type': 'Sort', 'Sort Key': ['o.created_at DESC'], Plans: [scan] };
    const outer: PlanNode = { 'Node Type': 'Seq Scan', 'Relation Name': 'customers', Alias: 'c' };
    const loop: PlanNode = { 'Node Type': 'Nested Loop', 'Join Type': 'Inner', Plans: [outer, sort] };
    expect(planExcerpt(loop, [sort, scan])).toEqual([
      'Nested Loop',
      '  ->  Sort',
      '        Sort Key: o.created_at DESC',
      '        ->  Seq Scan on orders o',
      '              Filter: (o.customer_id = c.id)',
    ]);
  });
});
