import { fingerprint } from '../../src/core/lint.js';
import type { Finding, Report } from '../../src/core/types.js';
import type { IndexSuggestion } from '../../src/explain/advise.js';
import { makeReport } from './sample-report.js';

/**
 * A hand-built report of `check` with query files, for the reporters that show plans: each kind of finding the
 * EXPLAIN phase makes, with the evidence src/check/explain.ts gives it, and the report's seed, queries and notes.
 * The query's sqlc name has markdown characters, so that escaping shows.
 */

export const MIGRATION = 'db/migrations/002_drop_index.sql';
export const QUERIES = 'db/queries/orders.sql';
export const QUERY_NAME = 'List_*Orders*';

const docs = (id: string) => `https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/${id}.md`;

function explainFinding(overrides: Partial<Finding> & Pick<Finding, 'ruleId' | 'severity' | 'file' | 'line' | 'message'>): Finding {
  return {
    column: 1,
    endLine: overrides.line,
    endColumn: 40,
    docsUrl: docs(overrides.ruleId),
    source: 'explain',
    ...overrides,
    fingerprint: fingerprint(overrides.ruleId, overrides.file, overrides.message, ''),
  };
}

const INDEX_SCAN = ['Index Scan using orders_customer_id_idx on orders  (cost=0.29..8.30 rows=1 width=40)', '  Index Cond: (customer_id = $1)'];
const SEQ_SCAN = ['Seq Scan on orders  (cost=0.00..1234.50 rows=1 width=40)', '  Filter: (customer_id = $1)'];

/** Created and measured by the advisor: 2,236,416 bytes is 2184 kB. */
export const restoringIndex: IndexSuggestion = {
  statement: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx1 ON public.orders (customer_id);',
  table: 'public.orders',
  columns: ['customer_id'],
  beforeCost: 1234.5,
  afterCost: 8.3,
  sizeBytes: 2_236_416,
  planLines: ['Index Scan using orders_customer_id_idx1 on orders  (cost=0.29..8.30 rows=1 width=40)', '  Index Cond: (customer_id = $1)'],
};

/** On the migration statement that dropped the index; its help starts with the index that brings the plan back. */
export const regressionFinding = explainFinding({
  ruleId: 'plan-regression',
  severity: 'warning',
  file: MIGRATION,
  line: 1,
  statement: 0,
  message: `The query at ${QUERIES}:3 (${QUERY_NAME}) gets a worse plan after this statement: Index Scan using orders_customer_id_idx on orders became Seq Scan on orders.`,
  help: `Measured on the seeded data, this index brings the estimated cost from 1,234.50 to 8.30:\n${restoringIndex.statement}\nKeep an index that serves the query.`,
  evidence: {
    query: { file: QUERIES, line: 3, name: QUERY_NAME },
    base: { cost: 8.3, lines: INDEX_SCAN },
    changed: { cost: 1234.5, lines: SEQ_SCAN },
    relation: 'orders',
    increase: (1234.5 - 8.3) / 8.3,
    index: restoringIndex,
  },
});

export const planRuleFinding = explainFinding({
  ruleId: 'selective-seq-scan',
  severity: 'warning',
  file: QUERIES,
  line: 7,
  message: 'Seq Scan on orders reads 50,000 rows to return 12.',
  help: 'Add an index on the filtered column.',
  evidence: { query: { file: QUERIES, line: 7 }, plan: { node: 'Seq Scan on orders', lines: ['Seq Scan on orders  (cost=0.00..1020.00 rows=12 width=40)', "  Filter: (status = 'late'::text)"] } },
});

export const brokenFinding = explainFinding({
  ruleId: 'query-broken-by-change',
  severity: 'error',
  file: MIGRATION,
  line: 2,
  statement: 1,
  message: `This statement breaks the query at ${QUERIES}:11, which works before the change: PostgreSQL now rejects it with "column "note" does not exist".`,
  evidence: { query: { file: QUERIES, line: 11 }, error: { message: 'column "note" does not exist', code: '42703' } },
});

export const suggestedIndex: IndexSuggestion = {
  statement: 'CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders (status);',
  table: 'public.orders',
  columns: ['status'],
  beforeCost: 1020,
  afterCost: 4.5,
  sizeBytes: 16_384,
  planLines: ['Index Scan using orders_status_idx on orders  (cost=0.29..4.50 rows=12 width=40)', "  Index Cond: (status = 'late'::text)"],
};

export const suggestionFinding = explainFinding({
  ruleId: 'index-suggestion',
  severity: 'notice',
  file: QUERIES,
  line: 7,
  message: 'An index on public.orders (status) cuts this query\'s estimated cost from 1,020.00 to 4.50 on the seeded data.',
  help: `Measured on the seeded data, this index brings the estimated cost from 1,020.00 to 4.50:\n${suggestedIndex.statement}`,
  evidence: { query: { file: QUERIES, line: 7 }, index: suggestedIndex },
});

export const explainFindings: Finding[] = [regressionFinding, brokenFinding, planRuleFinding, suggestionFinding];

export const explainReport: Report = {
  ...makeReport(explainFindings, []),
  seed: {
    rows: 52_000,
    ms: 1830,
    tables: [
      { table: 'public.customers', status: 'filled', rows: 2000 },
      { table: 'public.orders', status: 'partial', rows: 50_000, note: 'capped at max-rows 50,000' },
      { table: 'public.settings', status: 'kept', rows: 0, note: 'it had rows already' },
    ],
    statistics: { mode: 'restored', tables: 2 },
  },
  queries: [
    { file: QUERIES, line: 3, name: QUERY_NAME, changed: false, before: { status: 'planned', cost: 8.3, generic: true }, after: { status: 'planned', cost: 1234.5, generic: true } },
    { file: QUERIES, line: 7, changed: true, before: { status: 'planned', cost: 1020 }, after: { status: 'planned', cost: 1020 } },
    { file: QUERIES, line: 11, changed: false, before: { status: 'planned', cost: 12 }, after: { status: 'failed', message: 'column "note" does not exist' } },
    { file: 'db/queries/customers.sql', line: 1, name: 'GetCustomer', changed: false, before: { status: 'planned', cost: 8.27 }, after: { status: 'planned', cost: 8.27 } },
  ],
  notes: ['db/queries/orders.sql:15: not planned: a `COPY` statement <cannot> be explained', 'Statistics of public.audit: the schema has no such table.'],
};
