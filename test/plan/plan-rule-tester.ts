import { describe, expect, it } from 'vitest';
import type { PlanRule } from '../../src/core/rule.js';
import { checkPlan, type PlanFinding } from '../../src/plan/check.js';
import { readRecordedPlan } from '../../src/plan/fixtures.js';
import { parseExplain } from '../../src/plan/model.js';

export interface PlanCase {
  /** A recorded plan in test/fixtures/plans, e.g. `seq-scan-estimate` or `examples/selective-seq-scan.bad-1`. */
  plan: string;
  options?: Record<string, unknown>;
  /** Rows of tables by name, for estimate-only plans. */
  tableRows?: Record<string, number>;
  name?: string;
}

export interface ExpectedPlanFinding {
  /** The reported node's label, e.g. `Seq Scan on public.orders`. */
  node: string;
  /** A substring or pattern the message must contain. */
  message?: string | RegExp;
  help?: string | RegExp;
  /** The quoted plan lines, exactly. */
  lines?: string[];
  evidence?: Record<string, unknown>;
}

export type ValidPlanCase = string | PlanCase;

export interface InvalidPlanCase extends PlanCase {
  findings: ExpectedPlanFinding[];
}

/** Runs `rule` alone on a recorded plan. */
export function checkRecorded(rule: PlanRule<any>, c: PlanCase): PlanFinding[] {
  const explain = parseExplain(readRecordedPlan(c.plan).plan);
  return checkPlan(explain, [rule], {
    ruleSettings: c.options ? { [rule.meta.id]: { severity: rule.meta.severity, options: c.options } } : undefined,
    tableRows: c.tableRows ? (table) => c.tableRows?.[table.name] : undefined,
  });
}

/**
 * Table-driven plan-rule tests on recorded plans: valid plans give no finding, invalid ones exactly the listed
 * findings, in plan order. The expectations come from reading the recorded plan, not from the rule's output.
 */
export function planRuleTester(rule: PlanRule<any>, cases: { valid: ValidPlanCase[]; invalid: InvalidPlanCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        const planCase = typeof c === 'string' ? { plan: c } : c;
        it(planCase.name ?? planCase.plan, () => {
          expect(checkRecorded(rule, planCase).map((f) => f.message)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name ?? c.plan, () => {
          const findings = checkRecorded(rule, c);
          expect(findings.map((f) => f.evidence.plan.node)).toEqual(c.findings.map((f) => f.node));
          c.findings.forEach((expected, i) => {
            const finding = findings[i]!;
            expect(finding.ruleId).toBe(rule.meta.id);
            if (expected.message) expect(finding.message).toMatch(expected.message);
            if (expected.help) expect(finding.help).toMatch(expected.help);
            if (expected.lines) expect(finding.evidence.plan.lines).toEqual(expected.lines);
            if (expected.evidence) expect(finding.evidence).toMatchObject(expected.evidence);
          });
        });
      }
    });
  });
}
