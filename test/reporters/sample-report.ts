import { fingerprint } from '../../src/core/lint.js';
import { DOCS_BASE_URL, type RuleMeta } from '../../src/core/rule.js';
import type { FileReport, Finding, Report } from '../../src/core/types.js';
import type { ReporterContext } from '../../src/reporters/reporter.js';
import requireConcurrentIndexCreation from '../../src/rules/require-concurrent-index-creation.js';

/** Hand-built reports for the reporter tests: multi-byte paths and messages, a fix, a multi-line range, a notice. */

type RuleInfo = RuleMeta & { docsUrl: string };

const banDropColumn: RuleInfo = {
  id: 'ban-drop-column',
  category: 'breaking',
  severity: 'warning',
  summary: 'Dropping a column breaks clients that still read it.',
  why: 'Application code deployed before the migration still selects the column and fails once it is gone.',
  safeAlternative: 'Stop reading the column in the application first, deploy, then drop it in a later migration.',
  postgres: { since: 11, note: 'Sample version range.' },
  examples: { bad: ['ALTER TABLE orders DROP COLUMN note;'], good: [] },
  docsUrl: `${DOCS_BASE_URL}/ban-drop-column.md`,
};

const preferText: RuleInfo = {
  id: 'prefer-text',
  category: 'types',
  severity: 'notice',
  summary: 'Prefer text over varchar(n).',
  why: 'Changing the length limit of varchar(n) later may rewrite the table.',
  safeAlternative: 'Use text, with a CHECK constraint when a limit is needed.',
  examples: { bad: ['CREATE TABLE t (name varchar(80));'], good: ['CREATE TABLE t (name text);'] },
  docsUrl: `${DOCS_BASE_URL}/prefer-text.md`,
};

export const sampleRules: readonly RuleInfo[] = [requireConcurrentIndexCreation.meta, banDropColumn, preferText];

export const context: ReporterContext = { readSource: () => undefined, rules: sampleRules, color: false };

const CHANGE_PATH = 'db/migrations/002_índices.sql';
const INDEX_SQL = 'CREATE INDEX pedidos_año_idx ON "pedidos_años" (año);';
const DROP_SQL = 'ALTER TABLE orders\n  DROP COLUMN "ñame",\n  DROP COLUMN note;';
const TEXT_PATH = 'db/migrations/003_a,b:c.sql';
const TEXT_SQL = 'CREATE TABLE "usuarios" (name varchar(80));';

export const indexFinding: Finding = {
  ruleId: 'require-concurrent-index-creation',
  severity: 'error',
  file: CHANGE_PATH,
  line: 2,
  column: 1,
  endLine: 2,
  endColumn: 53,
  message: 'Creating an index on "pedidos_años" without CONCURRENTLY blocks writes to the table until the index is built.',
  help: requireConcurrentIndexCreation.meta.safeAlternative,
  docsUrl: requireConcurrentIndexCreation.meta.docsUrl,
  fix: { description: 'Add CONCURRENTLY', edits: [{ line: 2, column: 13, endLine: 2, endColumn: 13, text: ' CONCURRENTLY' }] },
  source: 'static',
  statement: 1,
  fingerprint: fingerprint('require-concurrent-index-creation', CHANGE_PATH, INDEX_SQL, 'Creating an index on "pedidos_años" without CONCURRENTLY blocks writes to the table until the index is built.'),
};

export const dropFinding: Finding = {
  ruleId: 'ban-drop-column',
  severity: 'warning',
  file: CHANGE_PATH,
  line: 4,
  column: 1,
  endLine: 6,
  endColumn: 19,
  message: 'Dropping "ñame" breaks 100% of the clients that still read it.',
  help: banDropColumn.safeAlternative,
  docsUrl: banDropColumn.docsUrl,
  source: 'static',
  statement: 2,
  evidence: { columns: ['ñame', 'note'] },
  fingerprint: fingerprint('ban-drop-column', CHANGE_PATH, DROP_SQL, 'Dropping "ñame" breaks 100% of the clients that still read it.'),
};

export const textFinding: Finding = {
  ruleId: 'prefer-text',
  severity: 'notice',
  file: TEXT_PATH,
  line: 1,
  column: 31,
  endLine: 1,
  endColumn: 42,
  message: 'Column usuarios.name is varchar(80): changing the limit later, e.g. to 120, may rewrite the table.',
  help: 'Use text with CHECK (length(name) <= 80).',
  docsUrl: preferText.docsUrl,
  source: 'static',
  statement: 0,
  fingerprint: fingerprint('prefer-text', TEXT_PATH, TEXT_SQL, 'Column usuarios.name is varchar(80): changing the limit later, e.g. to 120, may rewrite the table.'),
};

const files: FileReport[] = [
  {
    path: 'db/migrations/001_init.sql',
    kind: 'migration',
    format: 'plain',
    transaction: 'none',
    statements: [],
    parseErrors: [{ line: 3, column: 7, message: 'syntax error at or near "TABLEE"' }],
  },
  {
    path: CHANGE_PATH,
    kind: 'migration',
    format: 'goose',
    transaction: 'transaction',
    statements: [
      { index: 0, type: 'CreateStmt', inTransaction: true, line: 1, column: 1, endLine: 1, endColumn: 45 },
      { index: 1, type: 'IndexStmt', inTransaction: true, line: 2, column: 1, endLine: 2, endColumn: 53 },
      { index: 2, type: 'AlterTableStmt', inTransaction: true, line: 4, column: 1, endLine: 6, endColumn: 19 },
    ],
    parseErrors: [],
  },
  {
    path: TEXT_PATH,
    kind: 'migration',
    format: 'plain',
    transaction: 'none',
    statements: [{ index: 0, type: 'CreateStmt', inTransaction: false, line: 1, column: 1, endLine: 1, endColumn: 43 }],
    parseErrors: [],
  },
];

export function makeReport(findings: Finding[], reportFiles: FileReport[] = files): Report {
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  return {
    tool: { name: 'sql-preflight', version: '0.1.0' },
    postgresVersion: 17,
    files: reportFiles,
    findings,
    summary: {
      error: count('error'),
      warning: count('warning'),
      notice: count('notice'),
      total: findings.length,
      files: reportFiles.length,
      statements: reportFiles.reduce((n, f) => n + f.statements.length, 0),
      suppressed: 1,
      refuted: 0,
    },
  };
}

/** In report order (file, then line): the notice's file sorts after the others. */
export const sampleReport: Report = makeReport([indexFinding, dropFinding, textFinding]);
