import { parseSql } from '../core/parse.js';
import type { Session } from '../db/provider.js';

/** Where a parameter's sample value for EXPLAIN ANALYZE comes from, as read from the query's syntax tree. */
export type ParameterSource =
  | {
      kind: 'column';
      /** The relations the column may belong to, as regclass text, in the order the query names them. */
      tables: string[];
      column: string;
      /** `column = ANY($n)`: the parameter is an array of the column's values. */
      array: boolean;
    }
  | { kind: 'limit' }
  | { kind: 'offset' };

/** LIMIT $n: a page of a typical size. */
const SAMPLE_LIMIT = '10';

type Ast = Record<string, any>;

interface Relation {
  /** regclass text: quoted, schema-qualified when the query qualifies it. */
  regclass: string;
  schema: string | undefined;
  name: string;
  alias: string | undefined;
}

const MODIFYING = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/**
 * For each `$n` of a query (call `loadParser()` first), the column it is compared with (`col = $1`, `col > $2`,
 * `col IN ($3)`, `col = ANY($4)`, `col BETWEEN $5 AND $6`, `col LIKE $7`), assigned to (`INSERT ... (col) VALUES
 * ($8)`, `UPDATE ... SET col = $9`, `ON CONFLICT ... SET col = $10`), or whether it is a LIMIT or OFFSET. The first
 * use met in the tree, outer statement first, wins. Columns are resolved by name against every table the statement
 * names (not scope by scope): a qualified column by the table's alias or name, a bare one by the first table that
 * has it, which the database decides.
 */
export function parameterSources(sql: string): Map<number, ParameterSource> {
  const sources = new Map<number, ParameterSource>();
  const tree = statementTree(sql);
  if (!tree) return sources;
  const relations: Relation[] = [];
  const cteNames = new Set<string>();
  walk(tree, (type, node) => {
    if (type === 'CommonTableExpr') cteNames.add(node.ctename);
    if (type === 'RangeVar') relations.push(relationOf(node));
    // The table a statement changes is a field of its own, not a node of the tree.
    if (MODIFYING.has(type)) relations.push(relationOf(node.relation));
  });
  const tables = relations.filter((r) => r.schema !== undefined || !cteNames.has(r.name));

  const use = (params: number[], source: ParameterSource | undefined) => {
    if (!source) return;
    for (const n of params) if (!sources.has(n)) sources.set(n, source);
  };
  const columnSource = (ref: Ast | undefined, array = false): ParameterSource | undefined => {
    const fields = ((ref?.fields ?? []) as Ast[]).map((f) => f.String?.sval as string | undefined);
    if (!ref || fields.length === 0 || fields.some((f) => f === undefined)) return undefined;
    const column = fields.at(-1)!;
    const qualifier = fields.at(-2);
    const schema = fields.at(-3);
    const candidates =
      qualifier === undefined
        ? tables
        : tables.filter((t) => (t.alias ?? t.name) === qualifier && (schema === undefined || t.schema === schema));
    return candidates.length ? { kind: 'column', tables: unique(candidates.map((t) => t.regclass)), column, array } : undefined;
  };
  const assignments = (relation: Ast, targets: Ast[] | undefined) => {
    const table = relationOf(relation);
    for (const target of targets ?? []) {
      const { name, val } = target.ResTarget ?? {};
      if (name && val) use(paramsIn(val), { kind: 'column', tables: [table.regclass], column: name, array: false });
    }
  };

  walk(tree, (type, node) => {
    switch (type) {
      case 'A_Expr': {
        const array = node.kind === 'AEXPR_OP_ANY' || node.kind === 'AEXPR_OP_ALL';
        use(paramsIn(node.rexpr), columnSource(columnRef(node.lexpr), array));
        // `$1 = ANY(col)` compares an element with an array column: its values are of the wrong type.
        if (!array) use(paramsIn(node.lexpr), columnSource(columnRef(node.rexpr)));
        break;
      }
      case 'SelectStmt':
        use(paramsIn(node.limitCount), { kind: 'limit' });
        use(paramsIn(node.limitOffset), { kind: 'offset' });
        break;
      case 'InsertStmt': {
        const table = relationOf(node.relation);
        const columns = ((node.cols ?? []) as Ast[]).map((c) => c.ResTarget?.name as string | undefined);
        for (const row of (node.selectStmt?.SelectStmt?.valuesLists ?? []) as Ast[]) {
          ((row.List?.items ?? []) as Ast[]).forEach((value, i) => {
            const column = columns[i];
            if (column) use(paramsIn(value), { kind: 'column', tables: [table.regclass], column, array: false });
          });
        }
        assignments(node.relation, node.onConflictClause?.targetList);
        break;
      }
      case 'UpdateStmt':
        assignments(node.relation, node.targetList);
        break;
    }
  });
  return sources;
}

/** The byte offset of the first `$n` in the query, for errors about a parameter that Postgres gives no position for. */
export function parameterLocation(sql: string, n: number): number | undefined {
  const tree = statementTree(sql);
  let location: number | undefined;
  if (tree) {
    walk(tree, (type, node) => {
      if (type === 'ParamRef' && node.number === n && location === undefined) location = node.location;
    });
  }
  return location;
}

/**
 * A value for each parameter of the prepared statement `prepared`, as text, drawn deterministically from the
 * data where the parameter has a column: the column's most common value (pg_stats), else the middle of its
 * histogram, else its first non-NULL value in the table; else a value of the parameter's type
 * (pg_prepared_statements.parameter_types); NULL only when none of these fits.
 */
export async function sampleParameters(session: Session, sql: string, prepared: string): Promise<(string | null)[]> {
  const sources = parameterSources(sql);
  const types = await session.query<{ fallback: string | null }>(TYPE_FALLBACK, [prepared]);
  const values: (string | null)[] = [];
  for (const [i, { fallback }] of types.entries()) {
    const source = sources.get(i + 1);
    let value: string | null | undefined;
    if (source?.kind === 'limit') value = SAMPLE_LIMIT;
    else if (source?.kind === 'offset') value = '0';
    else if (source?.kind === 'column') {
      value = await columnValue(session, source.tables, source.column);
      if (value !== null && source.array) value = `{${arrayElement(value)}}`;
    }
    values.push(value ?? fallback);
  }
  return values;
}

async function columnValue(session: Session, tables: string[], column: string): Promise<string | null> {
  const [found] = await session.query<{ table: string; value: string | null }>(COLUMN_STATISTICS, [tables, column]);
  if (!found) return null;
  if (found.value !== null) return found.value;
  // No statistics (a table never analysed, a column that is always NULL): read the table itself.
  const [row] = await session.query<{ value: string }>(
    `SELECT ${quoteIdent(column)}::text AS value FROM ${found.table} WHERE ${quoteIdent(column)} IS NOT NULL LIMIT 1`,
  );
  return row?.value ?? null;
}

// The first candidate table that has the column, and the value the statistics hold for it. Histogram bounds and
// common values are values ANALYZE met in the table; `anyarray::text::text[]` gives each in its type's text form.
const COLUMN_STATISTICS = `
SELECT c.oid::regclass::text AS "table",
       (SELECT coalesce(common[1], bounds[(array_length(bounds, 1) + 1) / 2])
          FROM (SELECT s.most_common_vals::text::text[] AS common, s.histogram_bounds::text::text[] AS bounds
                  FROM pg_catalog.pg_stats s
                 WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
                 ORDER BY s.inherited DESC
                 LIMIT 1) AS stats) AS value
  FROM unnest($1::text[]) WITH ORDINALITY AS candidate(name, position)
  JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(candidate.name)
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY candidate.position
 LIMIT 1`;

// A value every type of a category accepts (domains by their base type's category); the first label of an enum.
const TYPE_FALLBACK = `
SELECT CASE base.typcategory
         WHEN 'N' THEN '1'
         WHEN 'B' THEN 'true'
         WHEN 'S' THEN ''
         WHEN 'D' THEN '2000-01-01 00:00:00+00'
         WHEN 'T' THEN '1 day'
         WHEN 'A' THEN '{}'
         WHEN 'E' THEN (SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = base.oid ORDER BY e.enumsortorder LIMIT 1)
       END AS fallback
  FROM pg_catalog.pg_prepared_statements p,
       unnest(p.parameter_types) WITH ORDINALITY AS parameter(type, position)
  JOIN pg_catalog.pg_type t ON t.oid = parameter.type
  JOIN pg_catalog.pg_type base ON base.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
 WHERE p.name = $1
 ORDER BY parameter.position`;

function statementTree(sql: string): Ast | undefined {
  const outcome = parseSql(sql);
  const statement = outcome.ok ? outcome.statements[0] : undefined;
  return statement && { [statement.type]: statement.node };
}

/** Calls `visit` for every node, parents before their children. */
function walk(value: unknown, visit: (type: string, node: Ast) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (/^[A-Z]/.test(key) && typeof child === 'object' && child !== null && !Array.isArray(child)) visit(key, child as Ast);
      walk(child, visit);
    }
  }
}

/**
 * The `$n` an expression is, maybe cast, or the `$n` of a list (`IN ($1, $2)`, `BETWEEN $1 AND $2`, VALUES).
 * A parameter inside a function call or arithmetic (`now() - make_interval(days => $1)`) is not the column's value.
 */
function paramsIn(expression: Ast | undefined): number[] {
  if (!expression) return [];
  if (expression.List) return ((expression.List.items ?? []) as Ast[]).flatMap(paramsIn);
  let node: Ast | undefined = expression;
  while (node?.TypeCast || node?.CollateClause) node = (node.TypeCast ?? node.CollateClause).arg;
  return node?.ParamRef ? [node.ParamRef.number] : [];
}

/** The column an expression is, maybe cast or collated: `status`, `o.status::text`. */
function columnRef(expression: Ast | undefined): Ast | undefined {
  let node = expression;
  while (node?.TypeCast || node?.CollateClause) node = (node.TypeCast ?? node.CollateClause).arg;
  return node?.ColumnRef;
}

function relationOf(rangeVar: Ast): Relation {
  const name = rangeVar.relname as string;
  const schema = rangeVar.schemaname as string | undefined;
  const regclass = schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
  return { regclass, schema, name, alias: rangeVar.alias?.aliasname };
}

/** Always quoted: the parser has already folded unquoted names, so the quoted form names the same thing. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function arrayElement(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
