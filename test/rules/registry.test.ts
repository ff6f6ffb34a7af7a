import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPlanRule, type Rule } from '../../src/core/rule.js';
import { renderRulePage, replaceRuleTable } from '../../src/docs/rule-page.js';
import { checkPlan } from '../../src/plan/check.js';
import { exampleFixtureName, readRecordedPlan } from '../../src/plan/fixtures.js';
import { parseExplain } from '../../src/plan/model.js';
import { rules } from '../../src/rules/index.js';
import { lintCase } from '../support/rule-tester.js';

function reportedByExplainPhase(rule: Rule<any>): boolean {
  return rule.meta.category === 'plan' && !isPlanRule(rule);
}

const ruleFiles = readdirSync('src/rules').filter((f) => f.endsWith('.ts') && f !== 'index.ts');

describe('rule registry', () => {
  it('lists every rule file exactly once, under the id that is its file name', () => {
    expect(rules.map((r) => `${r.meta.id}.ts`).sort()).toEqual([...ruleFiles].sort());
  });

  it('has a test file for every rule that has a check', () => {
    const tests = new Set(readdirSync('test/rules'));
    const planTests = new Set(readdirSync('test/plan/rules'));
    const missing = rules
      .filter((r) => r.meta.category !== 'meta' && r.meta.category !== 'trace' && !reportedByExplainPhase(r))
      .filter((r) => !(isPlanRule(r) ? planTests : tests).has(`${r.meta.id}.test.ts`))
      .map((r) => r.meta.id);
    expect(missing).toEqual([]);
  });
});

describe('rule docs', () => {
  it('README.md lists every rule (run `npm run docs` to update)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(replaceRuleTable(readme, rules)).toBe(readme);
  });

  for (const rule of rules) {
    describe(rule.meta.id, () => {
      it('has a docs page generated from its metadata (run `npm run docs` to update)', () => {
        expect(readFileSync(`docs/rules/${rule.meta.id}.md`, 'utf8')).toBe(renderRulePage(rule));
      });

      it('has complete metadata', () => {
        const { meta } = rule;
        expect(meta.summary).toMatch(/^[A-Z].*\.$/);
        expect(meta.why.length).toBeGreaterThan(40);
        expect(meta.safeAlternative.length).toBeGreaterThan(20);
        if (meta.category !== 'meta' && meta.category !== 'trace') {
          expect(meta.examples.good.length).toBeGreaterThan(0);
          expect(meta.examples.bad.length).toBeGreaterThan(0);
        }
        for (const url of meta.references ?? []) expect(url).toMatch(/^https:\/\//);
      });

      // Trace rules need a database; test/check runs their examples. The explain phase's rules compare plans or
      // measure indexes; test/explain runs their examples.
      if (rule.meta.category === 'trace' || reportedByExplainPhase(rule)) return;
      // Plan rules' examples are queries; their plans were recorded from a real PostgreSQL (test/fixtures/plans).
      if (isPlanRule(rule)) {
        for (const kind of ['bad', 'good'] as const) {
          for (const [i, query] of rule.meta.examples[kind].entries()) {
            const name = exampleFixtureName(rule.meta.id, kind, i);
            it(`${kind === 'bad' ? 'flags' : 'does not flag'} the recorded plan of its ${kind} example ${i + 1}`, () => {
              const recorded = readRecordedPlan(name);
              // A changed example must be recorded again: npx tsx test/fixtures/plans/record.ts <rule id>
              expect({ setup: recorded.setup, query: recorded.query }).toEqual({ setup: rule.meta.examples.existing, query });
              const findings = checkPlan(parseExplain(recorded.plan), [rule]);
              if (kind === 'bad') expect(findings.length).toBeGreaterThan(0);
              else expect(findings).toEqual([]);
            });
          }
        }
        return;
      }
      for (const [i, sql] of rule.meta.examples.bad.entries()) {
        it(`flags its bad example ${i + 1}`, () => {
          expect(lintCase(rule, { code: sql }, rules).length).toBeGreaterThan(0);
        });
      }
      for (const [i, sql] of rule.meta.examples.good.entries()) {
        it(`does not flag its good example ${i + 1}`, () => {
          expect(lintCase(rule, { code: sql }, rules)).toEqual([]);
        });
      }
    });
  }
});
