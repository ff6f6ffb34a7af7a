import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/core/lint.js';
import { loadParser, parseSql } from '../../src/core/parse.js';
import type { Rule } from '../../src/core/rule.js';
import type { Finding, SqlSource, TransactionMode } from '../../src/core/types.js';

await loadParser();

export interface CaseSettings {
  /** The production Postgres major version; defaults to 17. */
  postgresVersion?: number;
  /** How the runner executes the file; defaults to `none` (each statement commits on its own). */
  transaction?: TransactionMode;
  /** Existing migrations: the schema before the change. */
  existing?: string;
  options?: Record<string, unknown>;
  /** A name for the test; defaults to the SQL. */
  name?: string;
}

export type ValidCase = string | (CaseSettings & { code: string });

export interface ExpectedError {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A substring or pattern the message must contain. */
  message?: string | RegExp;
}

export interface InvalidCase extends CaseSettings {
  code: string;
  errors: ExpectedError[];
}

/**
 * Lints `code` as one migration file of a change, after `existing` as the existing schema, and returns the
 * findings of `rule`. `allRules` runs the other rules too (ignore comments naming them then count as known).
 */
export function lintCase(rule: Rule<any>, settings: CaseSettings & { code: string }, allRules: readonly Rule<any>[] = [rule]): Finding[] {
  const sources: SqlSource[] = [];
  if (settings.existing) sources.push(source('existing.sql', settings.existing, settings.transaction, undefined));
  sources.push(source('migration.sql', settings.code, settings.transaction, 'change'));
  const result = lintSources(sources, {
    postgresVersion: settings.postgresVersion ?? 17,
    rules: allRules,
    ruleSettings: settings.options ? { [rule.meta.id]: { severity: rule.meta.severity, options: settings.options } } : {},
  });
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

function source(path: string, text: string, transaction: TransactionMode = 'none', change: string | undefined): SqlSource {
  return { path, text, kind: 'migration', format: 'plain', transaction, skipped: [], change };
}

/**
 * Table-driven rule tests in the manner of ESLint's RuleTester: every valid case reports nothing, every
 * invalid case reports exactly the listed positions. Every case must be valid SQL, so a typo cannot make a
 * test pass without testing anything.
 */
export function ruleTester(rule: Rule<any>, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        const settings = typeof c === 'string' ? { code: c } : c;
        it(settings.name ?? settings.code, () => {
          expectParses(settings.code);
          expect(lintCase(rule, settings).map(brief)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name ?? c.code, () => {
          expectParses(c.code);
          const findings = lintCase(rule, c);
          expect(findings.map(brief)).toEqual(c.errors.map((e) => expectedBrief(e)));
          c.errors.forEach((e, i) => {
            if (e.message) expect(findings[i]!.message).toMatch(e.message);
          });
        });
      }
    });
  });
}

function expectParses(code: string): void {
  const parsed = parseSql(code);
  expect(parsed.ok ? 'parses' : parsed.error.message).toBe('parses');
}

function brief(f: Finding) {
  return { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn };
}

function expectedBrief(e: ExpectedError) {
  return {
    line: e.line,
    column: e.column,
    endLine: e.endLine ?? expect.any(Number),
    endColumn: e.endColumn ?? expect.any(Number),
  };
}
