import type { Node, RangeVar } from '@pgsql/types';
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

export type RuleCategory = 'locking' | 'breaking' | 'transactions' | 'types' | 'trace' | 'meta';

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
  /** True when the relation exists in the schema before the change (created by existing migrations). */
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
