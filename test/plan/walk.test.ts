import { describe, expect, it } from 'vitest';
import { readRecordedPlan } from '../../src/plan/fixtures.js';
import { parseExplain, type Explain } from '../../src/plan/model.js';
import { nodeLabel } from '../../src/plan/text.js';
import { actualRows, exclusiveTime, inclusiveTime, isAnalyzed, relationsBelow, walkPlan, workShare } from '../../src/plan/walk.js';

const spill = parseExplain(readRecordedPlan('spill-hash-join').plan);

describe('walkPlan', () => {
  it('lists parents before children, outer before inner', () => {
    const visits = walkPlan(spill.Plan);
    expect(visits.map((v) => [v.depth, nodeLabel(v.node)])).toEqual([
      [0, 'Hash Join'],
      [1, 'Seq Scan on public.orders o'],
      [1, 'Hash'],
      [2, 'Seq Scan on public.orders later'],
    ]);
    expect(visits[3]!.parent).toBe(visits[2]);
    expect(visits[0]!.children).toEqual([visits[1], visits[2]]);
  });

  it('counts the workers and the leader below a Gather', () => {
    const explain: Explain = {
      Plan: {
        'Node Type': 'Gather',
        'Workers Planned': 2,
        'Workers Launched': 2,
        'Actual Total Time': 40,
        'Actual Loops': 1,
        Plans: [{ 'Node Type': 'Seq Scan', 'Parallel Aware': true, 'Actual Total Time': 30, 'Actual Rows': 10, 'Actual Loops': 3 }],
      },
      'Execution Time': 50,
    };
    const [gather, scan] = walkPlan(explain.Plan);
    expect([gather!.processes, scan!.processes]).toEqual([1, 3]);
    // 30 ms per loop, three loops in three processes side by side: 30 ms of wall-clock time.
    expect(inclusiveTime(scan!)).toBe(30);
    expect(exclusiveTime(gather!)).toBe(10);
    expect(actualRows(scan!.node)).toBe(30);
  });
});

describe('figures', () => {
  const [join, outer, hash] = walkPlan(spill.Plan);

  it('times a node with and without its children', () => {
    // Hash Join 156.071 ms; its Seq Scan 20.244 ms and Hash 45.697 ms.
    expect(inclusiveTime(join!)).toBeCloseTo(156.071);
    expect(exclusiveTime(join!)).toBeCloseTo(156.071 - 20.244 - 45.697);
    expect(workShare(spill, outer!, true)).toBeCloseTo(20.244 / 169.829);
  });

  it('falls back to costs without ANALYZE', () => {
    const estimate = parseExplain(readRecordedPlan('cross-join-estimate').plan);
    const [loop, customers] = walkPlan(estimate.Plan);
    expect(isAnalyzed(estimate)).toBe(false);
    expect(inclusiveTime(loop!)).toBeUndefined();
    // Seq Scan on customers: cost 39 of the Nested Loop's 2849.25.
    expect(workShare(estimate, customers!, false)).toBeCloseTo(39 / 2849.25);
  });

  it('names the tables below a node', () => {
    expect(relationsBelow(hash!)).toEqual(['public.orders']);
    expect(relationsBelow(join!)).toEqual(['public.orders']);
  });
});
