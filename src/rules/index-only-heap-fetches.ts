import { definePlanRule } from '../core/rule.js';
import { formatCount, nodeLabel, relationName } from '../plan/text.js';
import { actualRows, workShare } from '../plan/walk.js';

// Defaults from ExplainSQL's ES007 (index-only scan heap fetches): at least 25% of the rows and at least 100
// fetches, in a node taking at least 10% of the runtime. pev2 and postgres.ai Joe flag any fetch (research notes,
// dynamic.md §2.5, §3.1, §3.3, §3.6).
const defaultOptions = { minShare: 0.25, minFetches: 100, minRuntimeShare: 0.1 };

export default definePlanRule({
  meta: {
    id: 'index-only-heap-fetches',
    category: 'plan',
    severity: 'notice',
    needsAnalyze: true,
    summary: 'An index-only scan fetched many rows from the table because the visibility map is out of date.',
    why:
      'An Index Only Scan answers from the index alone only for pages the visibility map marks all-visible. Rows on ' +
      'other pages (changed since the last VACUUM) are checked in the table, one random page read each, so a scan ' +
      'planned as index-only does the work of an ordinary index scan, or more. The planner also costs it as cheap ' +
      'from the all-visible share it saw at the last VACUUM or ANALYZE.',
    safeAlternative:
      'VACUUM the table so its pages are marked all-visible again, and make autovacuum keep up with it: lower ' +
      'autovacuum_vacuum_scale_factor (and autovacuum_vacuum_insert_scale_factor for tables that are mostly ' +
      'inserted into) for that table. On a CI database, VACUUM after seeding.',
    defaultOptions,
    optionDocs: {
      minShare: 'Flag when the heap fetches are at least this share of the rows the index returned.',
      minFetches: 'Only flag at least this many heap fetches.',
      minRuntimeShare: 'Only flag a scan that takes at least this share of the execution time.',
    },
    examples: {
      existing:
        'CREATE TABLE events (\n  id bigint PRIMARY KEY,\n  kind int NOT NULL,\n  payload text NOT NULL\n);\n' +
        "INSERT INTO events SELECT g, g % 50, 'event ' || g FROM generate_series(1, 100000) AS g;\n" +
        'CREATE INDEX events_kind_id_idx ON events (kind, id);\nVACUUM ANALYZE events;\n' +
        '-- Changes since the last VACUUM: a third of the rows, on every page.\n' +
        'UPDATE events SET payload = upper(payload) WHERE id % 3 = 0;',
      bad: ['SELECT id FROM events WHERE kind = 7;'],
      good: ['VACUUM events;\nSELECT id FROM events WHERE kind = 7;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/indexes-index-only-scans.html',
      'https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-VISIBILITY-MAP',
    ],
  },
  check(plan, context) {
    const { minShare, minFetches, minRuntimeShare } = context.options;
    for (const visit of context.nodes) {
      const { node } = visit;
      const fetches = node['Heap Fetches'];
      const loops = node['Actual Loops'] ?? 0;
      if (node['Node Type'] !== 'Index Only Scan' || fetches === undefined || fetches < minFetches || loops === 0) continue;
      // The rows the scan produced: those returned and those a filter dropped after the visibility check.
      const rows = (actualRows(node) ?? 0) + ((node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * loops;
      if (fetches < minShare * Math.max(rows, 1) || workShare(plan, visit, true) < minRuntimeShare) continue;
      const table = relationName(node) ?? 'the table';
      context.report({
        node,
        message:
          `${nodeLabel(node)} fetched ${formatCount(fetches)} rows from ${table} to return ${formatCount(rows)}: ` +
          'their pages are not marked all-visible, so the index-only scan read the table anyway.',
        help: `VACUUM ${table} so its pages are marked all-visible again, and tune autovacuum for it (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor) so it stays so.`,
        evidence: { heapFetches: fetches, rows: Math.round(rows) },
      });
    }
  },
});
