import { definePlanRule } from '../core/rule.js';
import type { Explain, PlanNode } from '../plan/model.js';
import { formatCount, nodeLabel } from '../plan/text.js';
import { workShare, type PlanVisit } from '../plan/walk.js';

// Defaults from ExplainSQL's ES003 (sort spilled): quiet when the spill is under 10 MB and the node takes under 5%
// of the runtime. Hash batches > 1 (pev2, ES004), HashAggregate disk usage (ES004), `external merge` sorts
// (Pg::Explain::Hinter DISK_SORT) and temp blocks written (postgres.ai Joe TEMP_BUF_WRITTEN) are the signals
// (research notes, dynamic.md §2.5, §3.1-3.3, §3.6).
const defaultOptions = { minSpillKb: 10_240, minRuntimeShare: 0.05 };

/** PostgreSQL's default block size; temp blocks are counted in blocks. */
const BLOCK_KB = 8;

interface Spill {
  /** What the node did, as a sentence ending. */
  what: string;
  kb: number | undefined;
  /** The share of the runtime the spilling work takes. */
  share: number;
  help: string;
}

export default definePlanRule({
  meta: {
    id: 'spill-to-disk',
    category: 'plan',
    severity: 'warning',
    needsAnalyze: true,
    summary: 'A sort, hash or aggregate ran out of work_mem and spilled to temporary files.',
    why:
      'Sorts, hash tables and hash aggregates get `work_mem` of memory each (hashes `work_mem × hash_mem_multiplier`). ' +
      'When the data does not fit, Postgres writes it to temporary files and reads it back, in several passes for ' +
      'big inputs: the node runs many times slower, and under concurrent load the temporary files compete for disk ' +
      'bandwidth with everything else.',
    safeAlternative:
      "Raise work_mem for this query only (`SET LOCAL work_mem = '64MB'` in its transaction, or for the role that runs " +
      'it) rather than globally, since every sort and hash of every connection may use that much. Or give the node ' +
      'less to hold: an index that returns rows in the wanted order, a LIMIT, fewer columns, or better row estimates.',
    defaultOptions,
    optionDocs: {
      minSpillKb: 'Flag a spill of at least this many kB whatever its share of the runtime.',
      minRuntimeShare: 'Flag a smaller spill when the spilling node takes at least this share of the execution time.',
    },
    examples: {
      existing:
        'CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL,\n' +
        '  created_at timestamptz NOT NULL\n);\nINSERT INTO orders\n' +
        "SELECT g, 1 + g % 2000, g % 500 + 0.99, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'\n" +
        'FROM generate_series(1, 200000) AS g;\nVACUUM ANALYZE orders;',
      bad: ['SELECT id, customer_id, total FROM orders ORDER BY total DESC, created_at;'],
      good: ["SET work_mem = '32MB';\nSELECT id, customer_id, total FROM orders ORDER BY total DESC, created_at;"],
    },
    references: [
      'https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-WORK-MEM',
      'https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-HASH-MEM-MULTIPLIER',
    ],
  },
  check(plan, context) {
    const { minSpillKb, minRuntimeShare } = context.options;
    const workMem = workMemSetting(plan);
    for (const visit of context.nodes) {
      const spill = spillOf(plan, visit, workMem);
      if (!spill || ((spill.kb ?? 0) < minSpillKb && spill.share < minRuntimeShare)) continue;
      context.report({
        node: visit.node,
        message: `${nodeLabel(visit.node)} ${spill.what}`,
        help: spill.help,
        evidence: { spillKb: spill.kb, workMem },
      });
    }
  },
});

function spillOf(plan: Explain, visit: PlanVisit, workMem: string): Spill | undefined {
  const { node } = visit;
  const share = workShare(plan, visit, true);
  const memory = `work_mem (${workMem})`;
  if (node['Sort Space Type'] === 'Disk') {
    const kb = node['Sort Space Used'];
    return {
      what: `spilled to disk (${node['Sort Method']}, ${formatCount(kb ?? 0)} kB written) because its rows did not fit in ${memory}.`,
      kb,
      share,
      help:
        `Raise work_mem for this query (SET LOCAL work_mem in its transaction) above what the sort needs in memory, which is more than the ${formatCount(kb ?? 0)} kB it wrote; ` +
        'or sort fewer rows: an index in the ORDER BY order, a LIMIT, or fewer columns.',
    };
  }
  const incrementalKb = incrementalSortDiskKb(node);
  if (incrementalKb !== undefined) {
    return {
      what: `spilled groups to disk (up to ${formatCount(incrementalKb)} kB) because they did not fit in ${memory}.`,
      kb: incrementalKb,
      share,
      help: 'Raise work_mem for this query, or add the remaining ORDER BY columns to the index that gives the presorted order.',
    };
  }
  if (node['Node Type'] === 'Hash' && (node['Hash Batches'] ?? 1) > 1) {
    const join = visit.parent;
    const kb = join ? hashJoinTempKb(join) : undefined;
    const planned = node['Original Hash Batches'] ?? 1;
    return {
      what:
        `split its hash table into ${node['Hash Batches']} batches${planned > 1 ? '' : ' (planned: 1)'} because it did not fit in ${memory} ` +
        `(× hash_mem_multiplier): the join wrote ${kb === undefined ? 'both inputs' : `${formatCount(kb)} kB`} to temporary files and read them back.`,
      kb,
      share: share + (join ? workShare(plan, join, true) : 0),
      help:
        'Raise work_mem or hash_mem_multiplier for this query so the hash table fits; check that the smaller input is the hashed ' +
        `one (${formatCount(node['Actual Rows'] ?? 0)} rows here) and that its row estimate is right.`,
    };
  }
  if (node['Node Type'] === 'Aggregate' && (node['HashAgg Batches'] ?? 1) > 1) {
    const kb = node['Disk Usage'];
    return {
      what: `spilled ${formatCount(kb ?? 0)} kB of groups to disk in ${node['HashAgg Batches']} batches because they did not fit in ${memory} (× hash_mem_multiplier).`,
      kb,
      share,
      help: 'Raise work_mem or hash_mem_multiplier for this query, or group fewer rows (filter first, or pre-aggregate).',
    };
  }
  if (node.Storage === 'Disk') {
    const kb = node['Maximum Storage'];
    return {
      what: `kept its rows in a temporary file (${formatCount(Number(kb ?? 0))} kB) because they did not fit in ${memory}.`,
      kb: kb === undefined ? undefined : Number(kb),
      share,
      help: 'Raise work_mem for this query, or make the node hold fewer or narrower rows.',
    };
  }
  const written = ownTempWritten(visit);
  if (written > 0 && !spillsElsewhere(visit)) {
    const kb = written * BLOCK_KB;
    return {
      what: `wrote ${formatCount(kb)} kB to temporary files because its working data did not fit in ${memory}.`,
      kb,
      share,
      help: 'Raise work_mem for this query, or make the node hold fewer or narrower rows.',
    };
  }
  return undefined;
}

function workMemSetting(plan: Explain): string {
  // EXPLAIN (SETTINGS) lists only settings that differ from the defaults; without SETTINGS the value is unknown.
  return plan.Settings?.work_mem ?? (plan.Settings ? '4MB, the default' : 'unknown here');
}

function incrementalSortDiskKb(node: PlanNode): number | undefined {
  if (node['Node Type'] !== 'Incremental Sort') return undefined;
  const peaks = ['Full-sort Groups', 'Pre-sorted Groups']
    .map((key) => (node[key] as Record<string, Record<string, number> | undefined> | undefined)?.['Sort Space Disk']?.['Peak Sort Space Used'])
    .filter((kb): kb is number => kb !== undefined);
  return peaks.length ? Math.max(...peaks) : undefined;
}

/** Temp blocks the node wrote itself: BUFFERS counts include the children's. */
function ownTempWritten(visit: PlanVisit): number {
  const own = visit.node['Temp Written Blocks'] ?? 0;
  return own - visit.children.reduce((sum, child) => sum + (child.node['Temp Written Blocks'] ?? 0), 0);
}

/** The temp blocks a hash join and its Hash wrote for batching, without what its outer side wrote on its own. */
function hashJoinTempKb(join: PlanVisit): number | undefined {
  const total = join.node['Temp Written Blocks'];
  if (total === undefined) return undefined;
  const outer = join.children.find((c) => c.node['Parent Relationship'] === 'Outer');
  return (total - (outer?.node['Temp Written Blocks'] ?? 0)) * BLOCK_KB;
}

/** A hash join's own temp writes are its Hash's batches, reported on the Hash. */
function spillsElsewhere(visit: PlanVisit): boolean {
  return visit.children.some((c) => c.node['Node Type'] === 'Hash' && (c.node['Hash Batches'] ?? 1) > 1);
}
