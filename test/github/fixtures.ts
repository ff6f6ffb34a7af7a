import { fingerprint } from '../../src/core/lint.js';
import type { FileReport, Finding, Report, Severity } from '../../src/core/types.js';
import { createGitHubClient, type GitHubClient } from '../../src/github/client.js';
import type { PullRequestRef } from '../../src/github/pull-request.js';
import { startGitHubFake, type FakeFile, type GitHubFake, type GitHubFakeOptions } from '../support/github-fake.js';

/** A pull request that adds one migration and changes a few lines of an older one. */

export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const BASE_SHA = 'ffeeddccbbaa99887766554433221100ffeeddcc';
export const TOKEN = 'ghs_fakeToken0123456789abcdefABCDEF';

export const ADDED_PATH = 'db/migrations/20240102_orders.sql';
export const ADDED_SQL = [
  '-- orders: lookups by customer, a note, no more legacy',
  'CREATE INDEX orders_customer_idx ON orders (customer_id);',
  'ALTER TABLE orders',
  "  ADD COLUMN note text NOT NULL DEFAULT '';",
  'ALTER TABLE orders DROP COLUMN legacy;',
  '',
].join('\n');

export const CHANGED_PATH = 'db/migrations/20240101_init.sql';
/** Lines 1-12; the pull request changes line 11 only, so its hunk covers lines 8-12. */
export const CHANGED_SQL = [
  'CREATE TABLE customers (id bigint PRIMARY KEY);',
  'CREATE TABLE orders (',
  '  id bigint PRIMARY KEY,',
  '  customer_id bigint,',
  '  legacy text',
  ');',
  '',
  '-- seed data',
  'INSERT INTO customers VALUES (1);',
  'INSERT INTO customers VALUES (2);',
  'INSERT INTO customers VALUES (3);',
  'INSERT INTO orders VALUES (1, 1, NULL);',
  '',
].join('\n');

export const FILES: FakeFile[] = [
  {
    filename: ADDED_PATH,
    status: 'added',
    patch: '@@ -0,0 +1,5 @@\n' + ADDED_SQL.trimEnd().split('\n').map((line) => `+${line}`).join('\n'),
  },
  {
    filename: CHANGED_PATH,
    status: 'modified',
    patch: [
      '@@ -8,5 +8,5 @@ CREATE TABLE orders (',
      ' -- seed data',
      ' INSERT INTO customers VALUES (1);',
      ' INSERT INTO customers VALUES (2);',
      '-INSERT INTO customers VALUES (4);',
      '+INSERT INTO customers VALUES (3);',
      ' INSERT INTO orders VALUES (1, 1, NULL);',
    ].join('\n'),
  },
];

export const SOURCES: Record<string, string> = { [ADDED_PATH]: ADDED_SQL, [CHANGED_PATH]: CHANGED_SQL };

export function makeFinding(overrides: Partial<Finding> & { ruleId: string; severity: Severity; file: string; line: number }): Finding {
  const base: Finding = {
    column: 1,
    endLine: overrides.line,
    endColumn: 2,
    message: `${overrides.ruleId} at line ${overrides.line}.`,
    docsUrl: `https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/${overrides.ruleId}.md`,
    source: 'static',
    fingerprint: '',
    ...overrides,
  };
  return { ...base, fingerprint: overrides.fingerprint || fingerprint(base.ruleId, base.file, `line ${base.line}`, base.message) };
}

/** An error with a mechanical fix on line 2 of the added file, and the lock trace behind it. */
export const indexFinding = makeFinding({
  ruleId: 'require-concurrent-index-creation',
  severity: 'error',
  file: ADDED_PATH,
  line: 2,
  endColumn: 58,
  message: 'Creating an index on orders without CONCURRENTLY blocks writes to the table until the index is built.',
  help: 'Use CREATE INDEX CONCURRENTLY, outside a transaction.',
  fix: { description: 'Add CONCURRENTLY', edits: [{ line: 2, column: 13, endLine: 2, endColumn: 13, text: ' CONCURRENTLY' }] },
  source: 'static',
  statement: 0,
  evidence: {
    trace: { statement: 0 },
    locks: [{ relation: 'public.orders', mode: 'ShareLock' }],
    rewrites: [],
    validated: [],
    durationMs: 3.2,
    blocked: [{ relation: 'public.orders', reads: false, writes: true }],
  },
});

/** A warning over two lines (3-4) of the added file. */
export const columnFinding = makeFinding({
  ruleId: 'adding-required-column',
  severity: 'warning',
  file: ADDED_PATH,
  line: 3,
  endLine: 4,
  endColumn: 44,
  message: 'Adding a NOT NULL column to orders breaks inserts from clients deployed before the migration.',
  statement: 1,
});

export const dropFinding = makeFinding({
  ruleId: 'ban-drop-column',
  severity: 'notice',
  file: ADDED_PATH,
  line: 5,
  endColumn: 39,
  message: 'Dropping orders.legacy breaks clients that still read it.',
  statement: 2,
});

/** On line 2 of the older migration, which the pull request does not change. */
export const outsideFinding = makeFinding({
  ruleId: 'prefer-text',
  severity: 'warning',
  file: CHANGED_PATH,
  line: 2,
  endLine: 6,
  endColumn: 2,
  message: 'Column orders.legacy is fine, but this one is outside the diff.',
});

/** On line 11 of the older migration: the line the pull request changes. */
export const changedLineFinding = makeFinding({
  ruleId: 'ban-insert',
  severity: 'notice',
  file: CHANGED_PATH,
  line: 11,
  endColumn: 33,
  message: 'Inserting data in a schema migration runs it again on every fresh database.',
});

export function makeReport(findings: Finding[], files: FileReport[] = []): Report {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  return {
    tool: { name: 'sql-preflight', version: '0.1.0' },
    postgresVersion: 17,
    files,
    findings,
    summary: {
      error: count('error'),
      warning: count('warning'),
      notice: count('notice'),
      total: findings.length,
      files: 2,
      statements: 9,
      suppressed: 0,
      refuted: 0,
    },
    database: { provider: 'pglite', serverVersion: '18.3', reason: 'no Docker was found, so PGlite (PostgreSQL 18.3 in WebAssembly) is used' },
  };
}

export const PR: PullRequestRef = { owner: 'acme', repo: 'shop', number: 42, headSha: HEAD_SHA };

export function startFake(options: Partial<GitHubFakeOptions> = {}): Promise<GitHubFake> {
  return startGitHubFake({ owner: PR.owner, repo: PR.repo, pull: { number: PR.number, headSha: HEAD_SHA, baseSha: BASE_SHA, files: FILES }, token: TOKEN, ...options });
}

export const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A client for the fake whose waits (back-off, retry-after, write pacing, timeout) take milliseconds. */
export function fakeClient(fake: GitHubFake, token = TOKEN): GitHubClient {
  return createGitHubClient(token, { baseUrl: fake.url, secondMs: 1, writeIntervalMs: 0, notificationIntervalMs: 0, timeoutMs: 300, log: silent });
}

export const readSource = (path: string) => SOURCES[path];
