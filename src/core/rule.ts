import type { Node, RangeVar } from '@pgsql/types';
import type { Explain, PlanNode } from '../plan/model.js';
import type { PlanVisit } from '../plan/walk.js';
import type { Catalog } from './catalog.js';
import type { StatementInfo, AnalyzedFile } from './statements.js';
import type { ByteRange, Severity } from './types.js';

export const DOCS_BASE_URL = 'https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules';

/** Every parse node type name mapped to its payload type, e.g. `IndexStmt` -> `IndexStmt`. */
export type NodeTypes = { [N in Node as keyof N & string]: N[keyof N] };

/** Postgres versions a rule's answer depends on. */
export interface PostgresVersions {
  /** The rule applies from this major version on (inclusive). */
  since?: number;
  /** The rule applies up to this major version (inclusive). */
  until?: number;
  /** How the answer changes across versions, in one or two sentences. */
  note?: string;
}

export type RuleCategory = 'locking' | 'breaking' | 'transactions' | 'types' | 'trace' | 'plan' | 'meta';

export interface RuleMeta<Options extends object = object> {
  id: string;
  category: RuleCategory;
  severity: Severity;
  /** One line, shown in rule lists and as the SARIF short description. */
  summary: string;
  /** Why it hurts in production: the lock taken, what it blocks, for how long. */
  why: string;
  /** What to do instead, in prose; `examples.good` shows it in SQL. */
  safeAlternative: string;
  postgres?: PostgresVersions;
  /** Rule options with their defaults; the config may override them. */
  defaultOptions?: Options;
  /** A description of each option, for the docs page. */
  optionDocs?: { [K in keyof Options]: string };
  /**
   * SQL that must trigger the rule (`bad`) and SQL that must not (`good`); both run as tests and fill the docs.
   * `existing` is the schema before the change, for rules that need tables with rows (trace rules).
   */
  examples: { bad: string[]; good: string[]; existing?: string };
  /**
   * What a live database can confirm about this rule's claim. `check` drops a finding whose statement ran and
   * showed none of it: no rewrite, no validation scan, or no lock that blocks reads or writes.
   */
  verifiedBy?: 'rewrite' | 'validation' | 'lock';
  /** Postgres documentation pages that back the claims in `why`. */
  references?: string[];
}

export interface ReportDescriptor {
  /** Where the problem is; defaults to the whole statement. */
  range?: ByteRange;
  message: string;
  /** A more specific help text than the rule's safe alternative. */
  help?: string;
  fix?: { description: string; edits: { range: ByteRange; text: string }[] };
  evidence?: Record<string, unknown>;
}

export interface RuleContext<Options extends object = object> {
  readonly options: Options;
  readonly postgresVersion: number;
  readonly file: AnalyzedFile;
  /** The schema as it is just before the current statement runs (existing migrations + earlier statements). */
  readonly catalog: Catalog;
  /** True when the relation was created earlier in the change under review (so it is new and empty). */
  isNewTable(relation: RangeVar | string | undefined): boolean;
  /** Reports a finding on a statement; the range defaults to the whole statement. */
  report(statement: StatementInfo, descriptor: ReportDescriptor): void;
}

export type NodeVisitors = {
  [K in keyof NodeTypes]?: (node: NodeTypes[K], statement: StatementInfo) => void;
};

export interface RuleVisitor extends NodeVisitors {
  /** Called for every statement before the type-specific visitor. */
  statement?: (statement: StatementInfo) => void;
  /** Called once after the file's last statement. */
  endOfFile?: () => void;
}

export interface Rule<Options extends object = object> {
  meta: RuleMeta<Options> & { docsUrl: string };
  /** Called once per file; the returned visitor sees the file's statements in order. */
  create(context: RuleContext<Options>): RuleVisitor;
}

export function defineRule<Options extends object = object>(rule: {
  meta: RuleMeta<Options>;
  create(context: RuleContext<Options>): RuleVisitor;
}): Rule<Options> {
  return { ...rule, meta: { ...rule.meta, docsUrl: `${DOCS_BASE_URL}/${rule.meta.id}.md` } };
}

/**
 * A plan rule's metadata. The examples are queries rather than migrations: `existing` creates and fills the tables,
 * and each bad or good example is SQL whose last statement is the query whose plan is checked (statements before it,
 * such as SET or CREATE INDEX, prepare it). Their plans are recorded from a real PostgreSQL into
 * test/fixtures/plans/examples/ and fill the docs page.
 */
export interface PlanRuleMeta<Options extends object = object> extends Omit<RuleMeta<Options>, 'category' | 'verifiedBy' | 'examples'> {
  category: 'plan';
  /** True when the rule reads figures only EXPLAIN ANALYZE gives, so it is quiet on estimate-only plans. */
  needsAnalyze: boolean;
  examples: { existing: string; bad: string[]; good: string[] };
}

export interface PlanReportDescriptor {
  /** The node the finding is about; its lines are quoted. */
  node: PlanNode;
  message: string;
  /** A more specific help text than the rule's safe alternative. */
  help?: string;
  /** Descendants of `node` to quote with it (e.g. the inner side of a join), in plan order. */
  quote?: PlanNode[];
  /** Figures behind the message, next to the quoted plan lines. */
  evidence?: Record<string, unknown>;
}

export interface PlanRuleContext<Options extends object = object> {
  readonly options: Options;
  /** Every node of the plan, parents before children. */
  readonly nodes: readonly PlanVisit[];
  /**
   * The rows of a scanned table on the database the plan came from, when the caller knows them: an estimate-only
   * plan gives a scan's output rows but not how many it read.
   */
  tableRows(node: PlanNode): number | undefined;
  report(descriptor: PlanReportDescriptor): void;
}

/** A rule over an EXPLAIN plan; `checkPlan` (src/plan) runs it. */
export interface PlanRule<Options extends object = object> extends Rule<Options> {
  meta: PlanRuleMeta<Options> & { docsUrl: string };
  check(plan: Explain, context: PlanRuleContext<Options>): void;
}

export function definePlanRule<Options extends object = object>(rule: {
  meta: PlanRuleMeta<Options>;
  check(plan: Explain, context: PlanRuleContext<Options>): void;
}): PlanRule<Options> {
  return {
    ...rule,
    meta: { ...rule.meta, docsUrl: `${DOCS_BASE_URL}/${rule.meta.id}.md` },
    // The lint engine hands every registered rule each migration file; a plan rule has nothing to look at there.
    create: () => ({}),
  };
}

/**
 * True for a rule `checkPlan` runs on one plan. Plan rules without `check` (plan-regression, index-suggestion,
 * query-broken-by-change) are reported by `check`'s explain phase, which compares plans or measures indexes.
 */
export function isPlanRule(rule: Rule<any>): rule is PlanRule<any> {
  return rule.meta.category === 'plan' && typeof (rule as Partial<PlanRule<any>>).check === 'function';
}
