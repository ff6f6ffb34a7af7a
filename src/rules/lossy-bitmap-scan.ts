import { definePlanRule } from '../core/rule.js';
import { formatCount, nodeLabel } from '../plan/text.js';
import { workShare } from '../plan/walk.js';

// Defaults from ExplainSQL's ES008 (lossy bitmap): any lossy heap block, in a node taking at least 5% of the
// runtime; pganalyze's "Lossy Bitmaps" insight gives the same advice (raise work_mem) (research notes, dynamic.md
// §3.3, §3.5, §3.6).
const defaultOptions = { minLossyBlocks: 1, minRuntimeShare: 0.05 };

export default definePlanRule({
  meta: {
    id: 'lossy-bitmap-scan',
    category: 'plan',
    severity: 'notice',
    needsAnalyze: true,
    summary: 'A bitmap heap scan outgrew work_mem and rechecked every row of the pages it made lossy.',
    why:
      'A bitmap scan first collects the matching row positions from the index, then reads those table pages in ' +
      'order. The bitmap must fit in work_mem; when it does not, Postgres keeps only the page numbers for part of it ' +
      '("lossy" blocks) and then has to check the condition on every row of those pages. The scan reads and discards ' +
      'rows it would otherwise never look at (Rows Removed by Index Recheck).',
    safeAlternative:
      "Raise work_mem for this query (`SET LOCAL work_mem = '16MB'` in its transaction) so the bitmap stays exact, or " +
      'make the condition more selective with a better index (more columns, or a partial index) so fewer pages match.',
    defaultOptions,
    optionDocs: {
      minLossyBlocks: 'Flag a scan with at least this many lossy heap blocks.',
      minRuntimeShare: 'Only flag a scan that takes at least this share of the execution time.',
    },
    examples: {
      existing:
        'CREATE TABLE readings (\n  id bigint PRIMARY KEY,\n  sensor int NOT NULL,\n  note text NOT NULL\n);\n' +
        '-- Wide rows (about 3,100 pages), each sensor spread over the whole table.\n' +
        "INSERT INTO readings SELECT g, g * 7919 % 100, repeat('x', 200) FROM generate_series(1, 100000) AS g;\n" +
        'CREATE INDEX readings_sensor_idx ON readings (sensor);\nVACUUM ANALYZE readings;',
      bad: ["SET work_mem = '64kB';\nSELECT * FROM readings WHERE sensor < 10;"],
      good: ["SET work_mem = '4MB';\nSELECT * FROM readings WHERE sensor < 10;"],
    },
    references: [
      'https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-WORK-MEM',
      'https://www.postgresql.org/docs/current/indexes-bitmap-scans.html',
    ],
  },
  check(plan, context) {
    const { minLossyBlocks, minRuntimeShare } = context.options;
    for (const visit of context.nodes) {
      const { node } = visit;
      const lossy = node['Lossy Heap Blocks'] ?? 0;
      const exact = node['Exact Heap Blocks'] ?? 0;
      // A bitmap with no exact block at all comes from an index that only knows pages (BRIN): lossy by design,
      // and more work_mem would not change it.
      if (node['Node Type'] !== 'Bitmap Heap Scan' || lossy < minLossyBlocks || exact === 0) continue;
      if (workShare(plan, visit, true) < minRuntimeShare) continue;
      const rechecked = (node['Rows Removed by Index Recheck'] ?? 0) * (node['Actual Loops'] ?? 1);
      const workMem = plan.Settings?.work_mem;
      context.report({
        node,
        message:
          `${nodeLabel(node)} kept ${formatCount(lossy)} of its ${formatCount(lossy + exact)} heap blocks as lossy page numbers because the bitmap ` +
          `did not fit in work_mem${workMem ? ` (${workMem})` : ''}, so it rechecked every row on them and discarded ${formatCount(rechecked)}.`,
        evidence: { lossyBlocks: lossy, exactBlocks: exact, rowsRemovedByRecheck: rechecked },
      });
    }
  },
});
