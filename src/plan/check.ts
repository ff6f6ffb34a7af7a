import type { RuleSetting } from '../core/lint.js';
import { isPlanRule, type PlanReportDescriptor, type Rule } from '../core/rule.js';
import type { Severity } from '../core/types.js';
import type { Explain } from './model.js';
import { nodeLabel, planExcerpt } from './text.js';
import { walkPlan } from './walk.js';

/** What a plan finding quotes: the node's name and its lines in EXPLAIN's text format. */
export interface PlanEvidence {
  plan: { node: string; lines: string[] };
  [key: string]: unknown;
}

/** A plan rule's finding, not yet placed in a file: the caller knows where the query is. */
export interface PlanFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  help: string;
  docsUrl: string;
  evidence: PlanEvidence;
}

export interface PlanCheckOptions {
  /** Per-rule severity and options from the config; rules not named keep their defaults, `off` skips a rule. */
  ruleSettings?: Readonly<Record<string, RuleSetting>>;
  /**
   * Rows of a table on the database the plan came from (e.g. pg_class.reltuples), so that estimate-only plans
   * can tell how selective a scan is. `schema` is known only for VERBOSE plans.
   */
  tableRows?: (table: { schema: string | undefined; name: string }) => number | undefined;
}

/** Runs the plan rules among `rules` on one query's plan; findings come in plan order. */
export function checkPlan(explain: Explain, rules: readonly Rule<any>[], options: PlanCheckOptions = {}): PlanFinding[] {
  const nodes = walkPlan(explain.Plan);
  const order = new Map(nodes.map((visit, i) => [visit.node, i]));
  const found: { position: number; finding: PlanFinding }[] = [];
  for (const rule of rules) {
    if (!isPlanRule(rule)) continue;
    const setting = options.ruleSettings?.[rule.meta.id];
    const severity = setting?.severity ?? rule.meta.severity;
    if (severity === 'off') continue;
    rule.check(explain, {
      options: { ...rule.meta.defaultOptions, ...setting?.options },
      nodes,
      tableRows(node) {
        const name = node['Relation Name'];
        return name === undefined ? undefined : options.tableRows?.({ schema: node.Schema, name });
      },
      report(descriptor: PlanReportDescriptor) {
        found.push({
          position: order.get(descriptor.node) ?? nodes.length,
          finding: {
            ruleId: rule.meta.id,
            severity,
            message: descriptor.message,
            help: descriptor.help ?? rule.meta.safeAlternative,
            docsUrl: rule.meta.docsUrl,
            evidence: {
              plan: { node: nodeLabel(descriptor.node), lines: planExcerpt(descriptor.node, descriptor.quote ?? []) },
              ...descriptor.evidence,
            },
          },
        });
      },
    });
  }
  // A stable sort keeps each node's findings in rule order.
  return found.sort((a, b) => a.position - b.position).map((f) => f.finding);
}
