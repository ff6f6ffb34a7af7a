import type { Explain, PlanNode } from './model.js';

/**
 * EXPLAIN's text format, rebuilt from the JSON format so findings can quote plan lines as people know them from
 * psql. Properties follow the JSON key order, which is the order Postgres writes them in text too. `Output` (VERBOSE)
 * is left out: it lists every column the node passes up, which is long and never what a finding is about.
 */

/** The node's first line without costs and timings, e.g. `Seq Scan on public.orders` or `Hash Join`. */
export function nodeLabel(node: PlanNode): string {
  const parts: string[] = [];
  if (node['Parallel Aware']) parts.push('Parallel ');
  if (node['Async Capable']) parts.push('Async ');
  parts.push(nodeName(node));
  const type = node['Node Type'];
  if (type === 'Index Scan' || type === 'Index Only Scan') {
    if (node['Scan Direction'] === 'Backward') parts.push(' Backward');
    parts.push(` using ${quote(node['Index Name'] ?? '?')}`);
  } else if (type === 'Bitmap Index Scan') {
    parts.push(` on ${quote(node['Index Name'] ?? '?')}`);
  }
  if (node.Alias !== undefined) parts.push(scanTarget(node, node.Alias));
  return parts.join('');
}

/** The table a node scans or modifies, schema-qualified when the plan names the schema (VERBOSE). */
export function relationName(node: PlanNode): string | undefined {
  const name = node['Relation Name'];
  if (name === undefined) return undefined;
  return node.Schema ? `${quote(node.Schema)}.${quote(name)}` : quote(name);
}

/** The node's lines in text format: the first line with costs and actual figures, then its properties indented by two. */
export function planLines(node: PlanNode): string[] {
  return [nodeLabel(node) + figures(node), ...properties(node).map((line) => `  ${line}`)];
}

/** The whole plan in text format, as `EXPLAIN` without `FORMAT JSON` prints it. */
export function planText(explain: Explain): string[] {
  const lines: string[] = [];
  renderNode(explain.Plan, 0, lines);
  if (explain.Settings && Object.keys(explain.Settings).length) {
    lines.push(`Settings: ${Object.entries(explain.Settings).map(([name, value]) => `${name} = '${value}'`).join(', ')}`);
  }
  const planningBuffers = explain.Planning && buffersLine(explain.Planning);
  if (planningBuffers) lines.push('Planning:', `  ${planningBuffers}`);
  if (explain['Planning Time'] !== undefined) lines.push(`Planning Time: ${explain['Planning Time'].toFixed(3)} ms`);
  for (const trigger of explain.Triggers ?? []) {
    const name = `Trigger ${trigger['Trigger Name']}${trigger['Constraint Name'] ? ` for constraint ${trigger['Constraint Name']}` : ''}`;
    lines.push(`${name}: ${trigger.Time !== undefined ? `time=${trigger.Time.toFixed(3)} ` : ''}calls=${trigger.Calls}`);
  }
  if (explain['Execution Time'] !== undefined) lines.push(`Execution Time: ${explain['Execution Time'].toFixed(3)} ms`);
  return lines;
}

/**
 * A node and some of its descendants, indented as in the whole plan, for findings about more than one node
 * (a nested loop and its inner side). Nodes in between that are not named are left out.
 */
export function planExcerpt(node: PlanNode, descendants: readonly PlanNode[]): string[] {
  const shown = new Set([node, ...descendants]);
  const lines: string[] = [];
  renderNode(node, 0, lines, (n) => shown.has(n));
  return lines;
}

function renderNode(node: PlanNode, indent: number, lines: string[], include: (node: PlanNode) => boolean = () => true): void {
  const shown = include(node);
  let level = indent;
  const name = node['Subplan Name'];
  if (name) {
    if (shown) lines.push(`${'  '.repeat(level)}${name}`);
    level++;
  }
  const [first = '', ...rest] = planLines(node);
  const arrow = level > 0;
  if (shown) lines.push(arrow ? `${'  '.repeat(level)}->  ${first}` : first);
  // Text EXPLAIN moves a child's properties two steps right of its arrow, and each node's properties one step in.
  if (arrow) level += 2;
  if (shown) for (const line of rest) lines.push('  '.repeat(level) + line);
  for (const child of node.Plans ?? []) renderNode(child, level + 1, lines, include);
}

function nodeName(node: PlanNode): string {
  const type = node['Node Type'];
  switch (type) {
    case 'Aggregate': {
      const names: Record<string, string> = { Plain: 'Aggregate', Sorted: 'GroupAggregate', Hashed: 'HashAggregate', Mixed: 'MixedAggregate' };
      const name = names[node.Strategy ?? 'Plain'] ?? 'Aggregate';
      const mode = node['Partial Mode'];
      return mode === 'Partial' || mode === 'Finalize' ? `${mode} ${name}` : name;
    }
    case 'SetOp':
      return `${node.Strategy === 'Hashed' ? 'HashSetOp' : 'SetOp'}${node.Command ? ` ${node.Command}` : ''}`;
    case 'ModifyTable':
      return node.Operation ?? type;
    case 'Foreign Scan':
      return node.Operation && node.Operation !== 'Select' ? `Foreign ${node.Operation}` : type;
    case 'Custom Scan':
      return typeof node['Custom Plan Provider'] === 'string' ? `Custom Scan (${node['Custom Plan Provider']})` : type;
    case 'Nested Loop':
    case 'Merge Join':
    case 'Hash Join': {
      const base = type === 'Nested Loop' ? type : type.slice(0, -' Join'.length);
      const join = node['Join Type'];
      if (join && join !== 'Inner') return `${base} ${join} Join`;
      return type;
    }
    default:
      return type;
  }
}

const OBJECT_NAME_KEYS = ['Relation Name', 'Function Name', 'CTE Name', 'Table Function Name', 'Tuplestore Name'] as const;

function scanTarget(node: PlanNode, alias: string): string {
  const key = OBJECT_NAME_KEYS.find((k) => typeof node[k] === 'string');
  const object = key ? (node[key] as string) : undefined;
  let target = ' on';
  if (object !== undefined) target += node.Schema ? ` ${quote(node.Schema)}.${quote(object)}` : ` ${quote(object)}`;
  if (object === undefined || alias !== object) target += ` ${quote(alias)}`;
  return target;
}

function figures(node: PlanNode): string {
  let text = '';
  if (node['Total Cost'] !== undefined) {
    text += `  (cost=${(node['Startup Cost'] ?? 0).toFixed(2)}..${node['Total Cost'].toFixed(2)} rows=${Math.round(node['Plan Rows'] ?? 0)} width=${node['Plan Width'] ?? 0})`;
  }
  const loops = node['Actual Loops'];
  if (loops !== undefined) {
    if (loops === 0) return `${text} (never executed)`;
    const time = node['Actual Total Time'] !== undefined ? `time=${(node['Actual Startup Time'] ?? 0).toFixed(3)}..${node['Actual Total Time'].toFixed(3)} ` : '';
    text += ` (actual ${time}rows=${rows(node['Actual Rows'] ?? 0)} loops=${loops})`;
  }
  return text;
}

/** Whole numbers as PostgreSQL 17 and earlier print them, fractions with two decimals as PostgreSQL 18 does. */
function rows(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Keys shown in the first line, or not shown in text format at all. */
const NOT_PROPERTIES = new Set([
  'Node Type', 'Strategy', 'Partial Mode', 'Operation', 'Parent Relationship', 'Subplan Name', 'Custom Plan Provider',
  'Parallel Aware', 'Async Capable', 'Scan Direction', 'Index Name', 'Alias', 'Schema', 'Join Type', 'Command',
  ...OBJECT_NAME_KEYS, 'Startup Cost', 'Total Cost', 'Plan Rows', 'Plan Width', 'Actual Startup Time',
  'Actual Total Time', 'Actual Rows', 'Actual Loops', 'Plans', 'Workers', 'Output',
]);

const BUFFER_KEYS = ['Shared', 'Local']
  .flatMap((kind) => ['Hit', 'Read', 'Dirtied', 'Written'].map((what) => `${kind} ${what} Blocks`))
  .concat(['Temp Read Blocks', 'Temp Written Blocks']);
const IO_TIMING_KEYS = ['Shared', 'Local', 'Temp'].flatMap((kind) => [`${kind} I/O Read Time`, `${kind} I/O Write Time`]);

/** Keys that text format folds into one line with their neighbours; the line is written at the first of them. */
const GROUPS: { keys: readonly string[]; when?: (node: PlanNode) => boolean; line: (node: PlanNode) => string | undefined }[] = [
  {
    keys: ['Sort Method', 'Sort Space Used', 'Sort Space Type'],
    line: (n) => `Sort Method: ${n['Sort Method']}  ${n['Sort Space Type']}: ${n['Sort Space Used']}kB`,
  },
  {
    keys: ['Hash Buckets', 'Original Hash Buckets', 'Hash Batches', 'Original Hash Batches', 'Peak Memory Usage'],
    when: (n) => n['Node Type'] === 'Hash',
    line: (n) =>
      n['Hash Batches'] !== n['Original Hash Batches'] || n['Hash Buckets'] !== n['Original Hash Buckets']
        ? `Buckets: ${n['Hash Buckets']} (originally ${n['Original Hash Buckets']})  Batches: ${n['Hash Batches']} (originally ${n['Original Hash Batches']})  Memory Usage: ${n['Peak Memory Usage']}kB`
        : `Buckets: ${n['Hash Buckets']}  Batches: ${n['Hash Batches']}  Memory Usage: ${n['Peak Memory Usage']}kB`,
  },
  {
    keys: ['Planned Partitions', 'HashAgg Batches', 'Peak Memory Usage', 'Disk Usage'],
    when: (n) => n['Node Type'] === 'Aggregate',
    line: (n) => {
      const parts: string[] = [];
      if (n['Planned Partitions']) parts.push(`Planned Partitions: ${n['Planned Partitions']}`);
      const batches = n['HashAgg Batches'];
      if (batches !== undefined) {
        parts.push(`Batches: ${batches}  Memory Usage: ${n['Peak Memory Usage']}kB${batches > 1 ? `  Disk Usage: ${n['Disk Usage']}kB` : ''}`);
      }
      return parts.length ? parts.join('  ') : undefined;
    },
  },
  {
    keys: ['Cache Hits', 'Cache Misses', 'Cache Evictions', 'Cache Overflows', 'Peak Memory Usage'],
    when: (n) => n['Node Type'] === 'Memoize',
    line: (n) =>
      `Hits: ${n['Cache Hits']}  Misses: ${n['Cache Misses']}  Evictions: ${n['Cache Evictions']}  Overflows: ${n['Cache Overflows']}  Memory Usage: ${n['Peak Memory Usage']}kB`,
  },
  {
    keys: ['Exact Heap Blocks', 'Lossy Heap Blocks'],
    line: (n) => {
      const exact = n['Exact Heap Blocks'] ?? 0;
      const lossy = n['Lossy Heap Blocks'] ?? 0;
      if (!exact && !lossy) return undefined;
      return `Heap Blocks:${exact ? ` exact=${exact}` : ''}${lossy ? ` lossy=${lossy}` : ''}`;
    },
  },
  { keys: ['Storage', 'Maximum Storage'], line: (n) => `Storage: ${n.Storage}  Maximum Storage: ${n['Maximum Storage']}kB` },
  { keys: BUFFER_KEYS, line: (n) => buffersLine(n) },
  { keys: IO_TIMING_KEYS, line: (n) => ioTimingLine(n) },
  {
    keys: ['WAL Records', 'WAL FPI', 'WAL Bytes', 'WAL Buffers Full'],
    line: (n) => {
      const parts = [['records', 'WAL Records'], ['fpi', 'WAL FPI'], ['bytes', 'WAL Bytes'], ['buffers full', 'WAL Buffers Full']]
        .filter(([, key]) => Number(n[key!]) > 0)
        .map(([label, key]) => `${label}=${n[key!]}`);
      return parts.length ? `WAL: ${parts.join(' ')}` : undefined;
    },
  },
];

function buffersLine(values: Record<string, unknown>): string | undefined {
  const sections = ['Shared', 'Local', 'Temp']
    .map((kind) => {
      const counts = ['Hit', 'Read', 'Dirtied', 'Written']
        .map((what) => [what.toLowerCase(), Number(values[`${kind} ${what} Blocks`] ?? 0)] as const)
        .filter(([, count]) => count > 0)
        .map(([what, count]) => `${what}=${count}`);
      return counts.length ? `${kind.toLowerCase()} ${counts.join(' ')}` : undefined;
    })
    .filter((section) => section !== undefined);
  return sections.length ? `Buffers: ${sections.join(', ')}` : undefined;
}

function ioTimingLine(values: Record<string, unknown>): string | undefined {
  const sections = ['Shared', 'Local', 'Temp']
    .map((kind) => {
      const times = ['Read', 'Write']
        .map((what) => [what.toLowerCase(), Number(values[`${kind} I/O ${what} Time`] ?? 0)] as const)
        .filter(([, ms]) => ms > 0)
        .map(([what, ms]) => `${what}=${ms.toFixed(3)}`);
      return times.length ? `${kind.toLowerCase()} ${times.join(' ')}` : undefined;
    })
    .filter((section) => section !== undefined);
  return sections.length ? `I/O Timings: ${sections.join(', ')}` : undefined;
}

function properties(node: PlanNode): string[] {
  const lines: string[] = [];
  const done = new Set<string>();
  for (const [key, value] of Object.entries(node)) {
    if (NOT_PROPERTIES.has(key) || done.has(key) || value === undefined || value === null) continue;
    const group = GROUPS.find((g) => g.keys.includes(key) && (g.when?.(node) ?? true));
    if (group) {
      for (const k of group.keys) done.add(k);
      const line = group.line(node);
      if (line) lines.push(line);
      continue;
    }
    const line = property(node, key, value);
    if (line !== undefined) lines.push(line);
  }
  return lines;
}

function property(node: PlanNode, key: string, value: unknown): string | undefined {
  // Text format hides these when they carry no news.
  if (key.startsWith('Rows Removed by') || key === 'Subplans Removed') return Number(value) > 0 ? `${key}: ${value}` : undefined;
  if (key === 'Disabled' || key === 'Single Copy') return value === true ? `${key}: true` : undefined;
  if (key === 'Inner Unique') return value === true && node.Output !== undefined ? 'Inner Unique: true' : undefined;
  if (key.endsWith(' Groups') && typeof value === 'object' && !Array.isArray(value)) return sortGroups(key, value as Record<string, unknown>);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? `${key}: ${value.join(', ')}` : undefined;
  if (typeof value === 'object') return undefined;
  return `${key}: ${value}`;
}

/** Incremental Sort's `Full-sort Groups` and `Pre-sorted Groups`. */
function sortGroups(key: string, group: Record<string, unknown>): string {
  const methods = (group['Sort Methods Used'] as string[] | undefined) ?? [];
  let line = `${key.replace(/ Groups$/, '')} Groups: ${group['Group Count']}  Sort Method${methods.length > 1 ? 's' : ''}: ${methods.join(', ')}`;
  for (const space of ['Memory', 'Disk']) {
    const used = group[`Sort Space ${space}`] as Record<string, number> | undefined;
    if (used) line += `  Average ${space}: ${used['Average Sort Space Used']}kB  Peak ${space}: ${used['Peak Sort Space Used']}kB`;
  }
  return line;
}

/** Identifiers as quote_ident writes them; kept here so plans render without loading the SQL parser. */
export function quote(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !KEYWORDS.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

// PostgreSQL's reserved, column-name and type/function-name keywords (src/include/parser/kwlist.h): the ones
// quote_ident quotes. Unreserved keywords are written bare.
const KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
    'where window with ' +
    'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like ' +
    'natural notnull outer overlaps right similar tablesample verbose ' +
    'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int ' +
    'integer interval json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar ' +
    'json_serialize json_table json_value least merge_action national nchar none normalize nullif numeric out overlay ' +
    'position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes ' +
    'xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

/** A row or block count for messages: rounded, with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A share for messages: `0.1%`, `12%`. */
export function formatShare(value: number): string {
  const percent = value * 100;
  return `${percent < 1 ? Number(percent.toPrecision(1)) : Math.round(percent)}%`;
}

/** An estimated cost for messages and reports: two decimals, as EXPLAIN prints it, with thousands separators. */
export function formatCost(cost: number): string {
  return cost.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A cost's rise as a share of the old cost, to follow the costs: ` (+25%)`, ` (3.4x)`; empty from a cost of 0. */
export function formatRise(increase: number): string {
  if (!Number.isFinite(increase)) return '';
  return increase >= 1 ? ` (${Number((increase + 1).toPrecision(2))}x)` : ` (+${Math.round(increase * 100)}%)`;
}
