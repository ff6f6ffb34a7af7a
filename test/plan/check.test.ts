import { describe, expect, it } from 'vitest';
import { checkPlan } from '../../src/plan/check.js';
import { readRecordedPlan } from '../../src/plan/fixtures.js';
import { parseExplain } from '../../src/plan/model.js';
import { rules } from '../../src/rules/index.js';

// 500 customers × 100 late orders without a join condition; the orders scan keeps 100 of 100,000 rows.
const cartesian = parseExplain(readRecordedPlan('examples/cartesian-product.bad-1').plan);

describe('checkPlan', () => {
  it('runs the plan rules of a rule list in plan order and skips the others', () => {
    const findings = checkPlan(cartesian, rules);
    expect(findings.map((f) => [f.ruleId, f.evidence.plan.node])).toEqual([
      ['cartesian-product', 'Nested Loop'],
      ['unbounded-result', 'Nested Loop'],
      ['selective-seq-scan', 'Seq Scan on public.orders o'],
    ]);
    const [first] = findings;
    expect(first).toMatchObject({ severity: 'warning', docsUrl: expect.stringMatching(/docs\/rules\/cartesian-product\.md$/) });
    expect(first!.help).toBe(rules.find((r) => r.meta.id === 'cartesian-product')!.meta.safeAlternative);
  });

  it('applies the configured severities and options', () => {
    const findings = checkPlan(cartesian, rules, {
      ruleSettings: {
        'cartesian-product': { severity: 'error' },
        'unbounded-result': { severity: 'off' },
        'selective-seq-scan': { severity: 'notice', options: { minRows: 200_000 } },
      },
    });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['cartesian-product', 'error']]);
  });

  it('asks the caller for table sizes of estimate-only plans', () => {
    const estimate = parseExplain(readRecordedPlan('seq-scan-estimate').plan);
    const asked: unknown[] = [];
    const findings = checkPlan(estimate, rules, {
      tableRows: (table) => {
        asked.push(table);
        return 100_000;
      },
    });
    expect(asked).toContainEqual({ schema: 'public', name: 'orders' });
    expect(findings.map((f) => f.ruleId)).toEqual(['selective-seq-scan']);
  });

  it('returns findings that survive JSON, for reports', () => {
    const findings = checkPlan(cartesian, rules);
    expect(JSON.parse(JSON.stringify(findings))).toEqual(findings);
  });
});
