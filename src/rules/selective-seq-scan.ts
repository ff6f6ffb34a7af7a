import { definePlanRule } from '../core/rule.js';
import { comparedColumns } from '../plan/conditions.js';
import type { PlanNode } from '../plan/model.js';
import { formatCount, formatShare, relationName } from '../plan/text.js';
import { actualRows, isAnalyzed, workShare, type PlanVisit } from '../plan/walk.js';

// Defaults from ExplainSQL's ES001 (selective seq scan): keeps < 5% of the rows read, on a table of >= 1,000 pages
// or >= 50,000 rows per scan, taking >= 10% of the runtime (research notes, dynamic.md §3.3 and §3.6).
const defaultOptions = { maxKeptShare: 0.05, minPages: 1000, minRows: 50_000, minRuntimeShare: 0.1 };

export default definePlanRule({
  meta: {
    id: 'selective-seq-scan',
    category: 'plan',
    severity: 'warning',
    needsAnalyze: false,
    summary: 'A sequential scan of a large table keeps only a small share of the rows it reads.',
    why:
      'A Seq Scan reads every page of the table and checks the filter on every row, so its cost grows with the ' +
      'table, not with the result: a query that returns a handful of rows from a table of millions reads all of ' +
      'them, on every call, and pushes other data out of the cache while doing so.',
    safeAlternative:
      'Create an index on the filtered columns (equality columns first, then at most one range column), with ' +
      'CREATE INDEX CONCURRENTLY in a migration. If the query always filters on the same value, a partial index ' +
      '(`... WHERE status = \'late\'`) is smaller still.',
    defaultOptions,
    optionDocs: {
      maxKeptShare: 'Flag the scan when it returns less than this share of the rows it reads.',
      minPages: 'A table is large from this many pages read per scan (with BUFFERS).',
      minRows: 'A table is large from this many rows read per scan (or, without ANALYZE, in the table).',
      minRuntimeShare:
        'Only flag a scan that takes at least this share of the execution time (of the estimated cost without ANALYZE).',
    },
    examples: {
      existing:
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  status text NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\n' +
        "INSERT INTO orders\nSELECT g, CASE WHEN g % 1000 = 0 THEN 'late' ELSE 'delivered' END, g % 500 + 0.99\n" +
        'FROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE orders;',
      bad: ["SELECT id, total FROM orders WHERE status = 'late';"],
      good: [
        "CREATE INDEX orders_status_idx ON orders (status);\nSELECT id, total FROM orders WHERE status = 'late';",
        "SELECT id, total FROM orders WHERE status = 'delivered';",
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/using-explain.html',
      'https://www.postgresql.org/docs/current/indexes-multicolumn.html',
      'https://www.postgresql.org/docs/current/indexes-partial.html',
    ],
  },
  check(plan, context) {
    const { options } = context;
    for (const visit of context.nodes) {
      const { node } = visit;
      const filter = node.Filter;
      const table = relationName(node);
      if (node['Node Type'] !== 'Seq Scan' || !filter || !table) continue;
      const scan = isAnalyzed(plan) ? analyzed(visit) : estimated(visit, context.tableRows(node));
      if (!scan || scan.read === 0) continue;
      const kept = scan.returned / scan.read;
      const large = scan.readPerScan >= options.minRows || (scan.pagesPerScan ?? 0) >= options.minPages;
      if (kept >= options.maxKeptShare || !large || workShare(plan, visit, true) < options.minRuntimeShare) continue;
      const columns = comparedColumns(filter, node.Alias).map((c) => c.column);
      const verb = scan.estimated ? 'would read' : 'read';
      context.report({
        node,
        message:
          `Seq Scan on ${table} ${verb} ${formatCount(scan.read)} rows to return ${scan.estimated ? 'about ' : ''}` +
          `${formatCount(scan.returned)} (${formatShare(kept)}): the filter ${filter} is checked on every row of the table.`,
        help: columns.length
          ? `Create an index for the filter so Postgres reads only the matching rows: CREATE INDEX CONCURRENTLY ON ${table} (${columns.join(', ')}); ` +
            '(in a migration). If the query always uses the same value, a partial index with that WHERE clause is smaller.'
          : undefined,
        evidence: { rowsRead: Math.round(scan.read), rowsReturned: Math.round(scan.returned), estimated: scan.estimated },
      });
    }
  },
});

interface ScanFigures {
  read: number;
  returned: number;
  readPerScan: number;
  pagesPerScan: number | undefined;
  estimated: boolean;
}

function analyzed(visit: PlanVisit): ScanFigures | undefined {
  const { node } = visit;
  const loops = node['Actual Loops'] ?? 0;
  if (loops === 0) return undefined;
  const returned = actualRows(node) ?? 0;
  const read = returned + (node['Rows Removed by Filter'] ?? 0) * loops;
  // A parallel scan's loops count every process; the table was read once per execution of the whole scan.
  const scans = loops / visit.processes;
  const pages = pagesRead(node);
  return { read, returned, readPerScan: read / scans, pagesPerScan: pages === undefined ? undefined : pages / scans, estimated: false };
}

function estimated(visit: PlanVisit, tableRows: number | undefined): ScanFigures | undefined {
  // Below a Limit or a semi/anti join the scan may stop early, which the estimate does not tell.
  if (tableRows === undefined || stopsEarly(visit)) return undefined;
  const returned = (visit.node['Plan Rows'] ?? 0) * visit.processes;
  return { read: tableRows, returned, readPerScan: tableRows, pagesPerScan: undefined, estimated: true };
}

function pagesRead(node: PlanNode): number | undefined {
  const hit = node['Shared Hit Blocks'];
  const read = node['Shared Read Blocks'];
  return hit === undefined && read === undefined ? undefined : (hit ?? 0) + (read ?? 0);
}

function stopsEarly(visit: PlanVisit): boolean {
  for (let v = visit.parent; v; v = v.parent) {
    const type = v.node['Node Type'];
    const join = v.node['Join Type'];
    if (type === 'Limit' || join === 'Semi' || join === 'Anti') return true;
  }
  return false;
}
