import { describe, expect, it } from 'vitest';
import { parseExplain } from '../../src/plan/model.js';

const explain = [{ Plan: { 'Node Type': 'Result', 'Plan Rows': 1 }, 'Planning Time': 0.01 }];

describe('parseExplain', () => {
  it('reads the JSON array, its text and the rows a client returns', () => {
    for (const output of [explain, JSON.stringify(explain), [{ 'QUERY PLAN': explain }], [{ 'QUERY PLAN': JSON.stringify(explain) }], explain[0]]) {
      expect(parseExplain(output)).toEqual(explain[0]);
    }
  });

  it('rejects what is not EXPLAIN (FORMAT JSON) output', () => {
    for (const output of [[], [{ Plan: {} }], { plan: 'Seq Scan on t' }, 'Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)', null]) {
      expect(() => parseExplain(output)).toThrow(/EXPLAIN \(FORMAT JSON\)|JSON/);
    }
  });
});
