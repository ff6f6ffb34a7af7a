import type { Explain, PlanNode } from '../plan/model.js';
import { formatCost, formatRise, nodeLabel, planExcerpt, relationName } from '../plan/text.js';
import { walkPlan, type PlanVisit } from '../plan/walk.js';

/** A query's plan got worse from the schema before the change (base) to the schema after it (changed). */
export interface PlanRegression {
  kind: 'index-scan-lost' | 'cost-increase';
  /** Names the relation or node and the costs. */
  message: string;
  /** The nodes that differ, in EXPLAIN's text format, with each plan's total cost. */
  evidence: {
    base: { cost: number; lines: string[] };
    changed: { cost: number; lines: string[] };
    relation?: string;
    /** The total cost's rise as a share of the base cost, e.g. 0.25. */
    increase?: number;
  };
}

export interface CompareOptions {
  /** Report a rise of the total estimated cost above this share of the base cost. */
  costIncrease: number;
  /** Plans whose changed total cost is below this are never reported. */
  trivialCost: number;
}

/**
 * RegreSQL's gates (research notes, dynamic.md §3.6 and §5.1): a cost rise above 10% is a regression, and plans
 * under a total cost of 10 are trivial. A cost of 10 is what reading ten pages in sequence costs with the default
 * seq_page_cost; a plan that cheap reads a handful of pages whatever the change did, and its relative changes
 * are noise (a primary key lookup costs about 8).
 */
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { costIncrease: 0.1, trivialCost: 10 };

const INDEX_ACCESS = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Heap Scan']);

/**
 * The regressions from `base` to `changed`, two plans of the same query. Scans are matched by the relation and
 * alias they read, not by their place in the tree: an index, index-only or bitmap scan of a relation in `base`
 * that became a Seq Scan of it in `changed`, when the plan got more expensive, is `index-scan-lost`; otherwise a
 * rise of the total cost above `costIncrease` is `cost-increase`.
 */
export function comparePlans(base: Explain, changed: Explain, options: Partial<CompareOptions> = {}): PlanRegression[] {
  const { costIncrease, trivialCost } = { ...DEFAULT_COMPARE_OPTIONS, ...options };
  const baseCost = base.Plan['Total Cost'] ?? 0;
  const changedCost = changed.Plan['Total Cost'] ?? 0;
  if (changedCost < trivialCost || changedCost <= baseCost) return [];
  const increase = baseCost > 0 ? (changedCost - baseCost) / baseCost : Number.POSITIVE_INFINITY;
  const baseScans = scansByRelation(base);
  const changedScans = scansByRelation(changed);

  const lost: PlanRegression[] = [];
  for (const [key, before] of baseScans) {
    const after = changedScans.get(key) ?? [];
    const indexed = before.find((v) => INDEX_ACCESS.has(v.node['Node Type']));
    const seq = after.find((v) => v.node['Node Type'] === 'Seq Scan');
    if (!indexed || !seq || after.some((v) => INDEX_ACCESS.has(v.node['Node Type']))) continue;
    const relation = relationName(seq.node)!;
    lost.push({
      kind: 'index-scan-lost',
      message:
        `${nodeLabel(indexed.node)} became ${nodeLabel(seq.node)}: the query's estimated cost rises from ` +
        `${formatCost(baseCost)} to ${formatCost(changedCost)}${formatRise(increase)}.`,
      evidence: {
        base: { cost: baseCost, lines: excerpt(indexed) },
        changed: { cost: changedCost, lines: excerpt(seq) },
        relation,
        increase,
      },
    });
  }
  if (lost.length || increase <= costIncrease) return lost;

  // The scans whose access path changed or whose own cost rose past the threshold are what a reader needs to see.
  const differing: { before: PlanVisit | undefined; after: PlanVisit }[] = [];
  for (const [key, after] of changedScans) {
    const before = baseScans.get(key) ?? [];
    after.forEach((visit, i) => {
      const was = before[i];
      if (!was || nodeLabel(was.node) !== nodeLabel(visit.node) || nodeCost(visit) > nodeCost(was) * (1 + costIncrease)) {
        differing.push({ before: was, after: visit });
      }
    });
  }
  const changes = differing.map(({ before, after }) =>
    before && nodeLabel(before.node) !== nodeLabel(after.node)
      ? `${nodeLabel(before.node)} became ${nodeLabel(after.node)}`
      : `${nodeLabel(after.node)} costs ${formatCost(nodeCost(after))}${before ? ` (was ${formatCost(nodeCost(before))})` : ''}`,
  );
  const relations = [...new Set(differing.map((d) => relationName(d.after.node)!))];
  return [
    {
      kind: 'cost-increase',
      message:
        `The query's estimated cost rises from ${formatCost(baseCost)} to ${formatCost(changedCost)}${formatRise(increase)}` +
        `${changes.length ? `: ${changes.join('; ')}` : ''}.`,
      evidence: {
        base: { cost: baseCost, lines: differing.length ? differing.flatMap((d) => (d.before ? excerpt(d.before) : [])) : planExcerpt(base.Plan, []) },
        changed: { cost: changedCost, lines: differing.length ? differing.flatMap((d) => excerpt(d.after)) : planExcerpt(changed.Plan, []) },
        ...(relations.length === 1 ? { relation: relations[0] } : {}),
        increase,
      },
    },
  ];
}

function nodeCost(visit: PlanVisit): number {
  return visit.node['Total Cost'] ?? 0;
}

/** Scans of each relation, keyed by relation and alias (a self-join reads one relation under two aliases), in plan order. */
function scansByRelation(explain: Explain): Map<string, PlanVisit[]> {
  const scans = new Map<string, PlanVisit[]>();
  for (const visit of walkPlan(explain.Plan)) {
    const relation = relationName(visit.node);
    if (relation === undefined || visit.node['Node Type'] === 'ModifyTable') continue;
    const key = `${relation} ${visit.node.Alias ?? ''}`;
    scans.set(key, [...(scans.get(key) ?? []), visit]);
  }
  return scans;
}

/** A scan's lines; a bitmap heap scan's with the bitmap index scans below it, which name the index. */
function excerpt(visit: PlanVisit): string[] {
  const bitmaps = visit.node['Node Type'] === 'Bitmap Heap Scan' ? bitmapIndexScans(visit.node) : [];
  return planExcerpt(visit.node, bitmaps);
}

function bitmapIndexScans(node: PlanNode): PlanNode[] {
  return (node.Plans ?? []).flatMap((child) => (child['Node Type'] === 'Bitmap Index Scan' ? [child] : bitmapIndexScans(child)));
}

/** What an error message says is missing or mistyped, as PostgreSQL names it. */
type Missing =
  | { kind: 'column'; name: string; relation?: string }
  | { kind: 'relation'; name: string; schema?: string }
  | { kind: 'function'; name: string; types: string[] }
  | { kind: 'type'; name: string }
  | { kind: 'schema'; name: string }
  /** An operator, a cast or a value does not fit a column's type: a type change. */
  | { kind: 'types'; types: string[]; column?: string };

/**
 * The messages PostgreSQL gives when a query refers to something a migration dropped, renamed or retyped. Names
 * come unquoted, schema-qualified when the query qualified them.
 */
function readMessage(message: string): Missing | undefined {
  const text = message.trim();
  let m: RegExpExecArray | null;
  if ((m = /^column "(.+)" of relation "(.+)" does not exist/.exec(text))) return { kind: 'column', name: m[1]!, relation: m[2]! };
  if ((m = /^column "(.+)" does not exist/.exec(text))) return { kind: 'column', name: m[1]! };
  if ((m = /^column (\S+) does not exist/.exec(text))) return { kind: 'column', name: lastPart(m[1]!) };
  if ((m = /^column "(.+)" is of type (.+) but expression is of type (.+)$/.exec(text))) return { kind: 'types', types: [m[2]!, m[3]!], column: m[1]! };
  if ((m = /^relation "(.+)" does not exist/.exec(text))) {
    const dot = m[1]!.lastIndexOf('.');
    return dot < 0 ? { kind: 'relation', name: m[1]! } : { kind: 'relation', name: m[1]!.slice(dot + 1), schema: m[1]!.slice(0, dot) };
  }
  if ((m = /^function (\S+)\((.*)\) does not exist/.exec(text))) {
    return { kind: 'function', name: lastPart(m[1]!), types: m[2]! ? m[2]!.split(', ') : [] };
  }
  if ((m = /^type "(.+)" does not exist/.exec(text))) return { kind: 'type', name: lastPart(m[1]!) };
  if ((m = /^schema "(.+)" does not exist/.exec(text))) return { kind: 'schema', name: m[1]! };
  if ((m = /^operator does not exist: (.+)$/.exec(text))) return { kind: 'types', types: operandTypes(m[1]!) };
  if ((m = /^invalid input syntax for type (.+?):/.exec(text))) return { kind: 'types', types: [m[1]!] };
  return undefined;
}

/** `text = integer`, `- text`, `character varying ~~ integer[]`: the operand types around the operator. */
function operandTypes(signature: string): string[] {
  const [left, , right] = /^(?:(.+) )?([-+*/<>=~!@#%^&|`?]+) (.+)$/.exec(signature)?.slice(1) ?? [];
  return [left, right].filter((t): t is string => !!t).map((t) => t.replace(/\[\]$/, ''));
}

function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * The statement of the change that broke a query: the query planned on the schema before the change and failed
 * after it with `message`. Looks for the DROP, RENAME, SET SCHEMA or ALTER COLUMN TYPE of the column, relation,
 * function, type or schema the message names; the first one in the change wins. Undefined when the message is
 * not about a missing or retyped object, or no statement of the change touches it.
 */
export function findBreakingStatement(
  message: string,
  statements: readonly { file: string; index: number; stmt: unknown }[],
): { file: string; index: number } | undefined {
  const missing = readMessage(message);
  if (!missing) return undefined;
  const found =
    statements.find((s) => breaks(s.stmt, missing)) ??
    // A function that still exists no longer takes the arguments it is given: a column's type changed.
    (missing.kind === 'function' ? statements.find((s) => breaks(s.stmt, { kind: 'types', types: missing.types })) : undefined);
  return found && { file: found.file, index: found.index };
}

const RELATION_KINDS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE', 'OBJECT_SEQUENCE']);
const FUNCTION_KINDS = new Set(['OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_ROUTINE', 'OBJECT_AGGREGATE']);
const TYPE_KINDS = new Set(['OBJECT_TYPE', 'OBJECT_DOMAIN']);

interface RangeVarNode { schemaname?: string; relname?: string }
type Ast = Record<string, any>;

function breaks(stmt: unknown, missing: Missing): boolean {
  const [type, node] = Object.entries((stmt ?? {}) as Ast)[0] ?? [];
  if (!type || typeof node !== 'object' || node === null) return false;
  const n = node as Ast;
  switch (missing.kind) {
    case 'column':
      if (missing.relation !== undefined && n.relation?.relname !== missing.relation) return false;
      if (type === 'AlterTableStmt') return commands(n).some((c) => c.subtype === 'AT_DropColumn' && c.name === missing.name);
      return type === 'RenameStmt' && n.renameType === 'OBJECT_COLUMN' && n.subname === missing.name;
    case 'relation':
      if (type === 'DropStmt' && RELATION_KINDS.has(n.removeType)) {
        return objectNames(n).some((names) => names.at(-1) === missing.name && (missing.schema === undefined || names.at(-2) === missing.schema));
      }
      if ((type === 'RenameStmt' && RELATION_KINDS.has(n.renameType)) || (type === 'AlterObjectSchemaStmt' && RELATION_KINDS.has(n.objectType))) {
        return isRelation(n.relation, missing.name, missing.schema);
      }
      return missing.schema !== undefined && breaks(stmt, { kind: 'schema', name: missing.schema });
    case 'function':
      if (type === 'DropStmt' && FUNCTION_KINDS.has(n.removeType)) return objectNames(n).some((names) => names.at(-1) === missing.name);
      if ((type === 'RenameStmt' && FUNCTION_KINDS.has(n.renameType)) || (type === 'AlterObjectSchemaStmt' && FUNCTION_KINDS.has(n.objectType))) {
        return stringNames(n.object?.ObjectWithArgs?.objname).at(-1) === missing.name;
      }
      return false;
    case 'type':
      if (type === 'DropStmt' && TYPE_KINDS.has(n.removeType)) return objectNames(n).some((names) => names.at(-1) === missing.name);
      if ((type === 'RenameStmt' && TYPE_KINDS.has(n.renameType)) || (type === 'AlterObjectSchemaStmt' && TYPE_KINDS.has(n.objectType))) {
        return stringNames(n.object?.List?.items).at(-1) === missing.name;
      }
      return false;
    case 'schema':
      if (type === 'DropStmt' && n.removeType === 'OBJECT_SCHEMA') return objectNames(n).some((names) => names[0] === missing.name);
      return type === 'RenameStmt' && n.renameType === 'OBJECT_SCHEMA' && n.subname === missing.name;
    case 'types':
      return retypes(type, n, missing);
  }
}

/** An ALTER COLUMN ... TYPE to one of the types named (of the column named, when the message names one). */
function retypes(type: string, n: Ast, missing: { types: string[]; column?: string }): boolean {
  if (type !== 'AlterTableStmt') return false;
  return commands(n).some(
    (c) =>
      c.subtype === 'AT_AlterColumnType' &&
      (missing.column === undefined || c.name === missing.column) &&
      missing.types.includes(typeDisplayName(stringNames(c.def?.ColumnDef?.typeName?.names))),
  );
}

function commands(n: Ast): Ast[] {
  return ((n.cmds ?? []) as Ast[]).map((c) => c.AlterTableCmd ?? {});
}

function isRelation(relation: RangeVarNode | undefined, name: string, schema: string | undefined): boolean {
  return relation?.relname === name && (schema === undefined || relation.schemaname === schema);
}

/** The names a DROP lists: `List` of strings for relations, `TypeName`, `ObjectWithArgs`, or a bare string for schemas. */
function objectNames(n: Ast): string[][] {
  return ((n.objects ?? []) as Ast[]).map((o) =>
    stringNames(o.List?.items ?? o.TypeName?.names ?? o.ObjectWithArgs?.objname ?? (o.String ? [o] : [])),
  );
}

function stringNames(items: unknown): string[] {
  return Array.isArray(items) ? items.map((i: Ast) => i.String?.sval).filter((s): s is string => typeof s === 'string') : [];
}

/** format_type's name of a type as the parser spells it (`pg_catalog.int8` -> `bigint`), as error messages print it. */
function typeDisplayName(names: string[]): string {
  const name = names.at(-1) ?? '';
  return BUILTIN_TYPE_NAMES[name] ?? name;
}

const BUILTIN_TYPE_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
  timetz: 'time with time zone',
  varbit: 'bit varying',
};
