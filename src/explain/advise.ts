import { parseSync } from 'libpg-query';
import { loadParser } from '../core/parse.js';
import { ProviderError, type Session } from '../db/provider.js';
import type { Explain, PlanNode } from '../plan/model.js';
import { planExcerpt, quote } from '../plan/text.js';
import { walkPlan, type PlanVisit } from '../plan/walk.js';

/** An index that made a query's plan cheaper on the seeded database, measured by creating it. */
export interface IndexSuggestion {
  /** `CREATE INDEX CONCURRENTLY <name> ON <schema>.<table> (<cols>);`, identifiers quoted only when needed. */
  statement: string;
  table: string;
  columns: string[];
  /** The query's total estimated cost without the index and with it. */
  beforeCost: number;
  afterCost: number;
  /** The index's size on the seeded data. */
  sizeBytes: number;
  /** The plan's nodes that use the index, in EXPLAIN's text format. */
  planLines: string[];
}

export interface IndexAdvisorOptions {
  /** Keep an index that cuts the query's total cost by at least this share (default 0.5, Dexter's). */
  minImprovement?: number;
  /** Candidate indexes tried per query at most (default 10). */
  maxCandidatesPerQuery?: number;
}

/** An index scan whose filter throws away at least this share of the rows it fetched, and this many per loop (ExplainSQL ES006). */
const FILTERED_SHARE = 0.9;
const FILTERED_ROWS = 100;

interface ConsideredQuery {
  explain: Explain;
  replan: () => Promise<Explain | undefined>;
}

/** A column a scan compares, as the plan names it; equality comparisons are the ones a btree index leads with. */
interface ColumnUse {
  column: string;
  equality: boolean;
}

/** What one scan of a query could use an index on. */
interface ScanNeeds {
  /** The relation as the plan names it; `schema` only in VERBOSE plans. */
  relation: { schema: string | undefined; name: string };
  filters: ColumnUse[];
  /** Columns the inner side of a join is looked up by. */
  joinKeys: string[];
  /** The sort keys of a Sort directly above the scan, as a prefix of plain columns. */
  sortKeys: string[];
}

interface Table {
  schema: string;
  name: string;
  /** The leading columns of the table's valid, non-partial btree indexes (null for an expression). */
  indexes: (string | null)[][];
}

interface Candidate {
  table: Table;
  columns: string[];
  queries: Set<string>;
}

interface Measured {
  suggestion: IndexSuggestion;
  key: string;
}

/**
 * Verified index advice in the manner of Dexter, but measured instead of hypothetical: each candidate index is
 * created on the seeded data inside a transaction that is rolled back, and the queries that wanted it are planned
 * again. Give it the queries' plans with `consider`, then `run` once.
 */
export class IndexAdvisor {
  readonly #session: Session;
  readonly #minImprovement: number;
  readonly #maxCandidates: number;
  readonly #queries = new Map<string, ConsideredQuery>();

  constructor(session: Session, options: IndexAdvisorOptions = {}) {
    this.#session = session;
    this.#minImprovement = options.minImprovement ?? 0.5;
    this.#maxCandidates = options.maxCandidatesPerQuery ?? 10;
  }

  /**
   * Adds a query by its plan. Candidates are the filter columns of Seq Scans (and of index scans whose filter throws
   * away most rows), the join keys of the inner side of joins and sort keys; single columns first, then two columns
   * where the query filters on several. They are read from the plan when `run` starts. `replan` plans the query
   * again in the session's current state without beginning or ending a transaction.
   */
  consider(key: string, explain: Explain, replan: () => Promise<Explain | undefined>): void {
    this.#queries.set(key, { explain, replan });
  }

  /**
   * Creates each candidate once (CREATE INDEX, inside BEGIN ... ROLLBACK, each under a savepoint so that a failing
   * one does not end the rest), re-plans every query that wanted it, and keeps the indexes that cut a query's total
   * cost by `minImprovement`; a two-column index only when it cuts the best single-column cost by as much again.
   * At most one suggestion per query and table. Queries without a suggestion are not in the result.
   */
  async run(): Promise<Map<string, IndexSuggestion[]>> {
    await loadParser();
    const { singles, pairs } = await this.#candidates();
    const best = new Map<string, Measured>();
    // The cheapest plan any single-column index gave, kept or not: a second column has to beat it.
    const singleCost = new Map<string, number>();
    const slot = (key: string, table: Table): string => `${key}\0${table.schema}.${table.name}`;
    const cut = (cost: number): number => cost * (1 - this.#minImprovement);
    await this.#session.exec('BEGIN');
    try {
      for (const candidate of singles) {
        for (const measured of await this.#measure(candidate)) {
          const { beforeCost, afterCost } = measured.suggestion;
          const at = slot(measured.key, candidate.table);
          if (afterCost < (singleCost.get(at) ?? Number.POSITIVE_INFINITY)) singleCost.set(at, afterCost);
          if (afterCost <= cut(beforeCost) && afterCost < (best.get(at)?.suggestion.afterCost ?? Number.POSITIVE_INFINITY)) best.set(at, measured);
        }
      }
      for (const candidate of pairs) {
        for (const measured of await this.#measure(candidate)) {
          const { beforeCost, afterCost } = measured.suggestion;
          const at = slot(measured.key, candidate.table);
          if (afterCost <= cut(Math.min(beforeCost, singleCost.get(at) ?? beforeCost)) && afterCost < (best.get(at)?.suggestion.afterCost ?? Number.POSITIVE_INFINITY)) {
            best.set(at, measured);
          }
        }
      }
    } finally {
      await this.#session.exec('ROLLBACK');
    }
    const result = new Map<string, IndexSuggestion[]>();
    for (const { key, suggestion } of best.values()) result.set(key, [...(result.get(key) ?? []), suggestion]);
    return result;
  }

  /** Every query's candidates, merged across queries, minus those an existing index already leads with. */
  async #candidates(): Promise<{ singles: Candidate[]; pairs: Candidate[] }> {
    const tables = new Map<string, Table | undefined>();
    const candidates = new Map<string, Candidate>();
    for (const [key, query] of this.#queries) {
      let taken = 0;
      const wanted: { table: Table; columns: string[] }[] = [];
      for (const needs of scanNeeds(query.explain)) {
        const { schema, name } = needs.relation;
        const lookup = `${schema ?? ''}.${name}`;
        if (!tables.has(lookup)) tables.set(lookup, await this.#table(schema, name));
        const table = tables.get(lookup);
        if (!table) continue;
        for (const columns of columnSets(needs)) wanted.push({ table, columns });
      }
      // Single columns of every scan before any pair, so that the limit cuts pairs first.
      wanted.sort((a, b) => a.columns.length - b.columns.length);
      for (const { table, columns } of wanted) {
        if (taken >= this.#maxCandidates) break;
        if (table.indexes.some((leading) => columns.every((c, i) => leading[i] === c))) continue;
        const id = `${table.schema}.${table.name}(${columns.join(',')})`;
        const candidate = candidates.get(id) ?? { table, columns, queries: new Set<string>() };
        if (candidate.queries.has(key)) continue;
        candidate.queries.add(key);
        candidates.set(id, candidate);
        taken++;
      }
    }
    const all = [...candidates.values()];
    return { singles: all.filter((c) => c.columns.length === 1), pairs: all.filter((c) => c.columns.length > 1) };
  }

  /**
   * The table a scan reads. Plans name the schema only with VERBOSE; without it the name is looked up on the
   * search path, else taken when exactly one schema has a table of that name.
   */
  async #table(schema: string | undefined, name: string): Promise<Table | undefined> {
    const rows = await this.#session.query<Table>(
      `SELECT n.nspname AS schema, c.relname AS name,
              (SELECT coalesce(json_agg(ARRAY(SELECT a.attname::text
                                               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                                               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                               ORDER BY k.position)), '[]')
                 FROM pg_index i
                 JOIN pg_class ic ON ic.oid = i.indexrelid
                 JOIN pg_am am ON am.oid = ic.relam
                WHERE i.indrelid = c.oid AND i.indisvalid AND i.indpred IS NULL AND am.amname = 'btree') AS indexes
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = $2 AND c.relkind IN ('r', 'm')
          AND CASE WHEN $1::text IS NOT NULL THEN n.nspname = $1
                   WHEN to_regclass(quote_ident($2)) IS NOT NULL THEN c.oid = to_regclass(quote_ident($2))
                   ELSE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' END`,
      [schema ?? null, name],
    );
    return rows.length === 1 ? rows[0] : undefined;
  }

  /** Creates the candidate under a savepoint, re-plans the queries that wanted it, and drops it again. */
  async #measure(candidate: Candidate): Promise<Measured[]> {
    const session = this.#session;
    const { table, columns } = candidate;
    const measured: Measured[] = [];
    const name = await this.#freeIndexName(table, columns);
    const target = `${quote(table.schema)}.${quote(table.name)}`;
    const columnList = columns.map(quote).join(', ');
    await session.exec('SAVEPOINT sql_preflight_index');
    try {
      await session.exec(`CREATE INDEX ${quote(name)} ON ${target} (${columnList})`);
      const [size] = await session.query<{ bytes: number }>('SELECT pg_relation_size(to_regclass($1))::int8 AS bytes', [`${quote(table.schema)}.${quote(name)}`]);
      for (const key of candidate.queries) {
        const query = this.#queries.get(key)!;
        const plan = await this.#replan(query);
        const uses = plan ? walkPlan(plan.Plan).filter((v) => v.node['Index Name'] === name) : [];
        if (!plan || !uses.length) continue;
        measured.push({
          key,
          suggestion: {
            statement: `CREATE INDEX CONCURRENTLY ${quote(name)} ON ${target} (${columnList});`,
            table: `${table.schema}.${table.name}`,
            columns,
            beforeCost: query.explain.Plan['Total Cost'] ?? 0,
            afterCost: plan.Plan['Total Cost'] ?? 0,
            sizeBytes: Number(size!.bytes),
            planLines: uses.flatMap(indexUseLines),
          },
        });
      }
    } catch (error) {
      // A column without a btree operator class (json, point, ...) cannot be indexed this way: not a candidate.
      if (error instanceof ProviderError) throw error;
    } finally {
      await session.exec('ROLLBACK TO SAVEPOINT sql_preflight_index');
      await session.exec('RELEASE SAVEPOINT sql_preflight_index');
    }
    return measured;
  }

  /** The query's plan with the index in place, or undefined when planning fails (the failure is rolled back). */
  async #replan(query: ConsideredQuery): Promise<Explain | undefined> {
    await this.#session.exec('SAVEPOINT sql_preflight_replan');
    try {
      const plan = await query.replan();
      await this.#session.exec('RELEASE SAVEPOINT sql_preflight_replan');
      return plan;
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      await this.#session.exec('ROLLBACK TO SAVEPOINT sql_preflight_replan');
      await this.#session.exec('RELEASE SAVEPOINT sql_preflight_replan');
      return undefined;
    }
  }

  /** PostgreSQL's own choice for `CREATE INDEX ON t (a, b)`: `t_a_b_idx`, within 63 bytes, numbered when taken. */
  async #freeIndexName(table: Table, columns: string[]): Promise<string> {
    const base = truncateBytes(`${table.name}_${columns.join('_')}`, 63 - '_idx'.length);
    for (let n = 0; ; n++) {
      const name = n === 0 ? `${base}_idx` : `${truncateBytes(base, 63 - '_idx'.length - String(n).length)}_idx${n}`;
      const [row] = await this.#session.query<{ taken: boolean }>('SELECT to_regclass($1) IS NOT NULL AS taken', [`${quote(table.schema)}.${quote(name)}`]);
      if (!row!.taken) return name;
    }
  }
}

function truncateBytes(text: string, bytes: number): string {
  let out = '';
  for (const char of text) {
    if (Buffer.byteLength(out + char, 'utf8') > bytes) break;
    out += char;
  }
  return out;
}

/** The index's node; a Bitmap Index Scan with the Bitmap Heap Scan above it, which names the table. */
function indexUseLines(visit: PlanVisit): string[] {
  let heap = visit.node['Node Type'] === 'Bitmap Index Scan' ? visit.parent : undefined;
  while (heap && heap.node['Node Type'] !== 'Bitmap Heap Scan') heap = heap.parent;
  return heap ? planExcerpt(heap.node, [visit.node]) : planExcerpt(visit.node, []);
}

/** Single columns (equality filters, join keys, ranges, the first sort key), then pairs led by an equality filter. */
function columnSets(needs: ScanNeeds): string[][] {
  const singles = unique([...needs.filters.filter((f) => f.equality).map((f) => f.column), ...needs.joinKeys, ...needs.filters.map((f) => f.column), ...needs.sortKeys.slice(0, 1)]);
  const filterColumns = unique(needs.filters.map((f) => f.column));
  const seconds = unique([...filterColumns, ...needs.sortKeys.slice(0, 1)]);
  const pairs = needs.filters
    .filter((f) => f.equality)
    .flatMap((first) => seconds.filter((second) => second !== first.column).map((second) => [first.column, second]));
  return [...singles.map((c) => [c]), ...uniqueSets(pairs)];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueSets(sets: string[][]): string[][] {
  const seen = new Set<string>();
  return sets.filter((set) => !seen.has(set.join('\0')) && !!seen.add(set.join('\0')));
}

/** What each scan of the plan could use an index on. */
function scanNeeds(explain: Explain): ScanNeeds[] {
  const byNode = new Map<PlanNode, ScanNeeds>();
  const needsOf = (node: PlanNode): ScanNeeds => {
    let needs = byNode.get(node);
    if (!needs) {
      needs = { relation: { schema: node.Schema, name: node['Relation Name']! }, filters: [], joinKeys: [], sortKeys: [] };
      byNode.set(node, needs);
    }
    return needs;
  };
  for (const visit of walkPlan(explain.Plan)) {
    const { node } = visit;
    const type = node['Node Type'];
    if (type === 'Seq Scan' && node['Relation Name'] && node.Filter) {
      needsOf(node).filters.push(...comparedColumns(node.Filter, node));
    } else if ((type === 'Index Scan' || type === 'Index Only Scan' || type === 'Bitmap Heap Scan') && node['Relation Name'] && node.Filter && filtersMost(node)) {
      // A better index leads with what this one finds by, then adds what it throws away.
      const found = node['Index Cond'] ?? node['Recheck Cond'] ?? bitmapIndexCond(node);
      needsOf(node).filters.push(...(found ? comparedColumns(found, node) : []), ...comparedColumns(node.Filter, node));
    }
    const condition = node['Hash Cond'] ?? node['Merge Cond'] ?? (type === 'Nested Loop' ? node['Join Filter'] : undefined);
    const inner = node.Plans?.[1] && scanBelow(node.Plans[1]);
    if (condition && inner) needsOf(inner).joinKeys.push(...comparedColumns(condition, inner).filter((c) => c.equality).map((c) => c.column));
    const sorted = type === 'Sort' && node['Sort Key'] && node.Plans?.[0] ? scanBelow(node.Plans[0]) : undefined;
    if (sorted) needsOf(sorted).sortKeys.push(...sortColumns(node['Sort Key']!, sorted));
  }
  return [...byNode.values()].map((needs) => ({ ...needs, filters: uniqueUses(needs.filters) }));
}

function uniqueUses(uses: ColumnUse[]): ColumnUse[] {
  const equal = new Set(uses.filter((u) => u.equality).map((u) => u.column));
  const columns = unique(uses.map((u) => u.column));
  return [...columns.filter((c) => equal.has(c)), ...columns.filter((c) => !equal.has(c))].map((column) => ({ column, equality: equal.has(column) }));
}

function filtersMost(node: PlanNode): boolean {
  const removed = node['Rows Removed by Filter'];
  const kept = node['Actual Rows'];
  if (removed === undefined || kept === undefined) return false;
  return removed >= FILTERED_ROWS && removed / (removed + kept) >= FILTERED_SHARE;
}

function bitmapIndexCond(node: PlanNode): string | undefined {
  return node.Plans?.find((child) => child['Node Type'] === 'Bitmap Index Scan')?.['Index Cond'];
}

/** The scan a node passes through unchanged (Hash, Materialize, Memoize, Sort...): one relation's rows. */
function scanBelow(node: PlanNode): PlanNode | undefined {
  let current: PlanNode | undefined = node;
  while (current && !current['Relation Name']) current = current.Plans?.length === 1 ? current.Plans[0] : undefined;
  return current && current['Node Type'] !== 'ModifyTable' ? current : undefined;
}

type Ast = Record<string, any>;

/**
 * The scan's own columns that a condition compares with something else (`=`, `<`, `<=`, `>`, `>=`, `= ANY`,
 * `IS [NOT] NULL`) in its top-level AND terms, read with PostgreSQL's parser. A cast around the column is allowed
 * (varchar columns are compared as text); the measurement decides whether an index serves it.
 */
function comparedColumns(condition: string, scan: PlanNode): ColumnUse[] {
  const where = parseExpression(`SELECT 1 WHERE ${condition}`)?.whereClause as Ast | undefined;
  if (!where) return [];
  const uses: ColumnUse[] = [];
  for (const term of conjuncts(where)) {
    if (term.NullTest) {
      const column = scanColumn(term.NullTest.arg, scan);
      if (column) uses.push({ column, equality: true });
      continue;
    }
    const expr = term.A_Expr;
    const operator = expr?.name?.[0]?.String?.sval;
    if (!expr || !['=', '<', '<=', '>', '>='].includes(operator)) continue;
    if (expr.kind === 'AEXPR_OP_ANY') {
      const column = operator === '=' ? scanColumn(expr.lexpr, scan) : undefined;
      if (column) uses.push({ column, equality: true });
      continue;
    }
    if (expr.kind !== 'AEXPR_OP') continue;
    const left = scanColumn(expr.lexpr, scan);
    const right = scanColumn(expr.rexpr, scan);
    // `a.x = a.y` compares a row with itself: no index finds it.
    if (left && right) continue;
    const column = left ?? right;
    if (column) uses.push({ column, equality: operator === '=' });
  }
  return uses;
}

function sortColumns(keys: string[], scan: PlanNode): string[] {
  const select = parseExpression(`SELECT 1 ORDER BY ${keys.join(', ')}`);
  const columns: string[] = [];
  for (const item of (select?.sortClause ?? []) as Ast[]) {
    const column = scanColumn(item.SortBy?.node, scan);
    if (!column) break;
    columns.push(column);
  }
  return columns;
}

function parseExpression(sql: string): Ast | undefined {
  try {
    return (parseSync(sql).stmts?.[0]?.stmt as Ast | undefined)?.SelectStmt;
  } catch {
    // Plans print some expressions that are not SQL (`(hashed SubPlan 2)`): nothing to index there.
    return undefined;
  }
}

function conjuncts(node: Ast): Ast[] {
  return node.BoolExpr?.boolop === 'AND_EXPR' ? (node.BoolExpr.args as Ast[]).flatMap(conjuncts) : [node];
}

/** The column's name when `node` is a column of the scanned relation (qualified by its alias, or bare), maybe cast. */
function scanColumn(node: Ast | undefined, scan: PlanNode): string | undefined {
  const ref = (node?.TypeCast?.arg ?? node)?.ColumnRef;
  const fields = ((ref?.fields ?? []) as Ast[]).map((f) => f.String?.sval as string | undefined);
  if (!ref || fields.length === 0 || fields.some((f) => f === undefined)) return undefined;
  const column = fields.at(-1)!;
  const qualifier = fields.at(-2);
  if (qualifier !== undefined && qualifier !== scan.Alias && qualifier !== scan['Relation Name']) return undefined;
  return column;
}
