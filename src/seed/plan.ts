import type { Column, ForeignKey, Relation, TypeInfo } from './catalog.js';
import { domainCheckFor, listBound, mergeHints, rangeBound, readCheck, type ColumnHints } from './checks.js';
import { domainNotNull, nullable } from './order.js';
import { baseOf, below, columnValue, nullsPerMille, pick, ROW, unit, type Salts, type ValueContext } from './values.js';

/** How one table is filled: the INSERT's columns and their values, joins to parent keys, and row filters. */
export interface TablePlan {
  relation: Relation;
  /** Rows to insert, after capping by what the unique keys can hold. */
  target: number;
  /** Row numbers past this would repeat or overflow a unique column's values. */
  maxRow: number;
  columns: PlannedColumn[];
  /** `LEFT JOIN` clauses to the parents' key tables. */
  joins: string[];
  /** Salts of the row-number hashes the values read, as columns `h<salt>` of subquery `sp`. */
  hashes: number[];
  /** Conditions a generated row must meet (CHECK constraints, partition bounds), over the columns of `r`. */
  filters: Filter[];
  /** Nullable foreign keys to parents filled later (or to the table itself), set after all inserts. */
  deferred: ForeignKey[];
  /** A unique key whose values the generator cannot keep apart: rows may collide. */
  collisions: boolean;
  /** ON CONFLICT cannot be used: the table has a deferrable unique or exclusion constraint. */
  deferrableUnique: boolean;
  /** What the generator left out or capped, for the report. */
  notes: string[];
}

export interface PlannedColumn {
  column: Column;
  /** The value, cast to the column's type (a domain's base type), as column `sql` of the subquery `r`. */
  value: string;
  /** The select list item over `r`: domains are cast last, after the filters have seen the value. */
  outer: string;
}

export interface Filter {
  /** What the filter stands for, in a reason: `CHECK constraint orders_total_check`. */
  label: string;
  sql: string;
}

/**
 * A parent's key tuples numbered 1..count in key order. An integer key without gaps (identity columns, the
 * generator's own keys) is its smallest value plus the number, with no table; any other in a temporary table
 * with the number as column `i`.
 */
export type ParentKeys = { count: number; first: number } | { count: number; table: string };

export interface PlanContext extends ValueContext {
  byOid: ReadonlyMap<number, Relation>;
  /** Tables not filled yet: foreign keys to them are deferred. */
  pending: ReadonlySet<Relation>;
  salts(relation: Relation, column: string): Salts;
  keys(parent: Relation, columns: number[]): Promise<ParentKeys>;
}

const VOLATILE_UNIQUE_DEFAULT = /\b(nextval|gen_random_uuid|uuid_generate_v[14]|uuidv[47])\(/;

/** Plans the INSERT for a table, or says why it cannot be filled. */
export async function planTable(relation: Relation, rows: number, deferred: ForeignKey[], context: PlanContext): Promise<TablePlan | { reason: string }> {
  const byNum = new Map(relation.columns.map((c) => [c.num, c]));
  const notes: string[] = [];
  const routed = relation.partitioning?.routedColumns ?? new Set<string>();
  if (relation.partitioning && relation.partitioning.leafConstraints.length === 0) return { reason: 'it is partitioned but has no partition that could hold rows' };

  // Foreign keys decide their columns first: a reference beats a default.
  type Reference = { fk: ForeignKey; parent: Relation; mode: 'join' | 'deferred' | 'self' | 'null'; keys?: ParentKeys };
  const references: Reference[] = [];
  const fkColumn = new Map<number, Reference>();
  for (const fk of relation.foreignKeys) {
    const parent = context.byOid.get(fk.parent);
    const canBeNull = nullable(relation, fk);
    let reference: Reference;
    if (!parent) {
      if (!canBeNull) return { reason: `its NOT NULL foreign key ${fk.name} references a table outside the user schemas` };
      reference = { fk, parent: relation, mode: 'null' };
      notes.push(`${columnNames(fk, byNum)} left NULL: the referenced table is outside the user schemas`);
    } else if (parent === relation) {
      reference = { fk, parent, mode: canBeNull ? 'deferred' : 'self' };
    } else if (deferred.includes(fk) || context.pending.has(parent)) {
      reference = { fk, parent, mode: 'deferred' };
    } else {
      const keys = await context.keys(parent, fk.parentColumns);
      if (keys.count === 0) {
        if (!canBeNull) return { reason: `its NOT NULL foreign key ${fk.name} references ${parent.name}, which has no rows` };
        reference = { fk, parent, mode: 'null' };
        notes.push(`${columnNames(fk, byNum)} left NULL: ${parent.name} has no rows`);
      } else {
        reference = { fk, parent, mode: 'join', keys };
      }
    }
    references.push(reference);
    for (const num of fk.columns) if (!fkColumn.has(num)) fkColumn.set(num, reference);
  }

  const generated = relation.columns.filter(
    (c) => c.filledBy === 'nothing' || (c.filledBy === 'default' && (fkColumn.has(c.num) || routed.has(c.name))),
  );
  const inR = new Set(generated.map((c) => c.num));

  // Hints from the table's CHECK constraints and from the CHECKs of domain-typed columns.
  const hints = new Map<number, ColumnHints>();
  const bySql = new Map(relation.columns.map((c) => [c.sql, c.num]));
  const read = new Map<string, ReturnType<typeof readCheck<number>>>();
  /** Columns more than one constraint gives a list of values: only the last list is followed. */
  const lists = new Map<number, number>();
  const addHints = (expr: string) => {
    const check = readCheck(expr, (ref) => bySql.get(ref));
    read.set(expr, check);
    for (const [num, h] of check.hints) {
      hints.set(num, mergeHints(hints.get(num) ?? {}, h));
      if (h.values) lists.set(num, (lists.get(num) ?? 0) + 1);
    }
  };
  for (const check of relation.checks) addHints(check.expr);
  const domainChecks = (c: Column) =>
    c.type.base !== undefined ? baseOf(c.type, context.types).chain.flatMap((d) => (d.domainChecks ?? []).map((expr) => domainCheckFor(expr, c.sql))) : [];
  for (const c of generated) for (const expr of domainChecks(c)) addHints(expr);

  // Unique keys: one column per key takes distinct values (derived from the row number), or the key's foreign
  // keys walk through every combination of parent rows.
  let target = rows;
  let maxRow = Infinity;
  const injective = new Set<number>();
  const radix: Reference[][] = [];
  let collisions = false;
  const want = (c: Column, unique: boolean) => ({ unique, hints: hints.get(c.num) ?? {}, name: c.name.toLowerCase(), rows });
  const keyName = (columns: number[]) => `(${columns.map((n) => byNum.get(n)?.name ?? '?').join(', ')})`;
  for (const key of relation.uniques) {
    const columns = key.columns.map((n) => byNum.get(n)).filter((c): c is Column => c !== undefined);
    const selfUnique = columns.some(
      (c) => !inR.has(c.num) && (c.filledBy === 'identity' || (c.filledBy === 'default' && VOLATILE_UNIQUE_DEFAULT.test(c.default ?? ''))),
    );
    if (selfUnique || columns.some((c) => injective.has(c.num))) continue;
    const joined = references.filter((r) => r.mode === 'join' && r.fk.columns.every((n) => key.columns.includes(n)));
    const combinations = joined.reduce((product, r) => product * r.keys!.count, joined.length > 0 ? 1 : 0);
    let best: { column: Column; capacity: number } | undefined;
    for (const c of columns) {
      // A partition key column takes values inside the partitions' bounds, not distinct ones.
      if (!inR.has(c.num) || fkColumn.has(c.num) || routed.has(c.name)) continue;
      const value = columnValue(c, want(c, true), context.salts(relation, c.name), context);
      const capacity = 'expr' in value ? value.capacity : 0;
      if (!best || capacity > best.capacity) best = { column: c, capacity };
    }
    if (best && best.capacity > 0 && best.capacity >= Math.min(combinations, target)) {
      injective.add(best.column.num);
      if (best.capacity < target) notes.push(`capped at ${best.capacity} rows: unique key ${keyName(key.columns)} holds no more distinct values`);
      maxRow = Math.min(maxRow, best.capacity);
    } else if (joined.length > 0) {
      radix.push(joined);
      if (combinations < target) notes.push(`capped at ${combinations} rows: unique key ${keyName(key.columns)} has only that many combinations of parent rows`);
      maxRow = Math.min(maxRow, combinations);
    } else {
      collisions = true;
    }
  }
  target = Math.min(target, maxRow);

  // The partition key takes values inside the partitions' bounds.
  const partitionValue = relation.partitioning ? partitionKeyValue(relation, byNum, context) : undefined;

  const columns: PlannedColumn[] = [];
  const joins: string[] = [];
  const values = new Map<number, string>();
  /** Columns whose values the generator derived from their hints. */
  const hinted = new Set<number>();
  const unsupported: string[] = [];
  for (const c of generated) {
    const reference = fkColumn.get(c.num);
    if (reference) continue;
    const castTo = c.type.baseSql ?? c.sqlType;
    let value: string;
    if (partitionValue?.column === c) {
      value = partitionValue.expr;
    } else {
      const generatedValue = columnValue(c, want(c, injective.has(c.num)), context.salts(relation, c.name), context);
      if (!('expr' in generatedValue)) {
        if (c.notNull || domainNotNull(c)) return { reason: `column ${c.name} is NOT NULL, has no default, and its type ${generatedValue.unsupported} is not one the generator can produce` };
        unsupported.push(`${c.name} (${generatedValue.unsupported})`);
        continue;
      }
      value = generatedValue.expr;
      hinted.add(c.num);
    }
    const nulls = c.notNull || domainNotNull(c) || injective.has(c.num) || routed.has(c.name) || hints.get(c.num)?.notNull ? 0 : nullsPerMille(c.name.toLowerCase());
    const salts = context.salts(relation, c.name);
    values.set(c.num, value);
    const typed = `(${value})::${castTo}`;
    columns.push({ column: c, value: nulls > 0 ? `CASE WHEN ${below(1000, salts('null'))} < ${nulls} THEN NULL ELSE ${typed} END` : typed, outer: outerOf(c) });
  }
  if (unsupported.length > 0) notes.push(`left NULL, of a type the generator cannot produce: ${unsupported.join(', ')}`);

  // Foreign key columns: from the parent's keys, or NULL until their parent has rows.
  for (const [j, reference] of references.entries()) {
    const { fk } = reference;
    const own = fk.columns
      .map((n, i) => ({ column: byNum.get(n)!, parentColumn: fk.parentColumns[i]! }))
      .filter(({ column }) => fkColumn.get(column.num) === reference && inR.has(column.num));
    if (reference.mode === 'self') {
      const parentValues = fk.parentColumns.map((n) => values.get(n));
      if (parentValues.some((v) => v === undefined)) {
        return { reason: `its NOT NULL foreign key ${fk.name} references the table's own rows through columns the generator does not fill (identity or defaults)` };
      }
      // Each row references itself: the only parent certain to exist when the row is checked.
      for (const { column, parentColumn } of own) {
        columns.push({ column, value: `(${values.get(parentColumn)})::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
      }
      continue;
    }
    if (reference.mode !== 'join') {
      for (const { column } of own) columns.push({ column, value: `NULL::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
      continue;
    }
    const keys = reference.keys!;
    const alias = `k${j}`;
    const salts = context.salts(relation, `fk:${fk.name}`);
    const group = radix.find((g) => g.includes(reference));
    let index: string;
    if (group) {
      const stride = group.slice(0, group.indexOf(reference)).reduce((p, r) => p * r.keys!.count, 1);
      index = `1 + ((${ROW} - 1) / ${stride}) % ${keys.count}`;
    } else {
      index = `1 + ${pick(keys.count, salts('pick'), context.skew)}`;
      if (nullable(relation, fk)) index = `CASE WHEN ${below(1000, salts('null'))} < 100 THEN NULL ELSE ${index} END`;
    }
    const parent = reference.parent;
    if ('first' in keys) {
      // One integer column without gaps: the key is computed, no join.
      for (const { column } of own) columns.push({ column, value: `(${keys.first - 1} + ${index})::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
      continue;
    }
    joins.push(`LEFT JOIN ${keys.table} AS ${alias} ON ${alias}.i = ${index}`);
    for (const { column, parentColumn } of own) {
      const parentSql = parent.columns.find((c) => c.num === parentColumn)!.sql;
      columns.push({ column, value: `${alias}.${parentSql}::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
    }
  }

  // CHECK constraints and partition bounds become filters, where every column they read is generated here. A
  // CHECK the generated values follow by construction needs none: filtering costs a fifth of the insert time.
  const followed = (expr: string) => {
    const check = read.get(expr);
    return check !== undefined && check.complete && [...check.hints].every(([num, h]) => hinted.has(num) && (lists.get(num) ?? 0) <= 1 && honours(byNum.get(num)!, h, context));
  };
  const filters: Filter[] = [];
  const inSubquery = new Set(columns.map((c) => c.column.num));
  for (const check of relation.checks) {
    if (check.columns.every((n) => inSubquery.has(n)) && !followed(check.expr)) filters.push({ label: `CHECK constraint ${check.name}`, sql: `(${check.expr}) IS NOT FALSE` });
  }
  for (const { column } of columns) {
    for (const expr of domainChecks(column)) {
      if (!followed(expr)) filters.push({ label: `a CHECK of domain ${column.type.sql} (column ${column.name})`, sql: `(${expr}) IS NOT FALSE` });
    }
  }
  const partitioning = relation.partitioning;
  if (partitioning && !partitioning.defaultLeaf) {
    const names = new Set(columns.map((c) => c.column.name));
    if ([...partitioning.routedColumns].every((name) => names.has(name))) {
      filters.push({ label: "the partitions' bounds", sql: `(${partitioning.leafConstraints.map((c) => `(${c})`).join(' OR ')})` });
    }
  }

  // A value often reads one hash several times (a sentence, a NULL check and the value): each hash becomes a
  // column of the row-number subquery `sp`, computed once per row.
  const hashes = new Set<number>();
  const shared = (sql: string) =>
    sql.replace(/hashint8extended\(sp\.g, (\d+)\)/g, (_, salt: string) => {
      hashes.add(Number(salt));
      return `sp.h${salt}`;
    });
  for (const c of columns) c.value = shared(c.value);

  return {
    relation,
    target,
    maxRow,
    columns,
    joins: joins.map(shared),
    hashes: [...hashes],
    filters,
    deferred: references.filter((r) => r.mode === 'deferred').map((r) => r.fk),
    collisions,
    deferrableUnique: relation.uniques.some((u) => u.deferrable),
    notes,
  };
}

const BOUNDED = new Set(['int2', 'int4', 'int8', 'numeric']);
const TEXT = new Set(['text', 'varchar', 'bpchar', 'name']);

/** The column's generator keeps to these hints (a list of values is followed by every type). */
function honours(column: Column, hints: ColumnHints, context: PlanContext): boolean {
  if (hints.values) return true;
  const { type } = baseOf(column.type, context.types);
  const builtin = type.schema === 'pg_catalog';
  if (hints.min !== undefined || hints.max !== undefined) {
    if (!(builtin && BOUNDED.has(type.name))) return false;
    // Bounds that leave no value: the generator makes one anyway, and the CHECK must filter it out.
    const integer = type.name !== 'numeric';
    const lo = hints.min === undefined ? -Infinity : integer ? (hints.minExclusive ? Math.floor(hints.min) + 1 : Math.ceil(hints.min)) : hints.min;
    const hi = hints.max === undefined ? Infinity : integer ? (hints.maxExclusive ? Math.ceil(hints.max) - 1 : Math.floor(hints.max)) : hints.max;
    if (lo > hi || (lo === hi && !integer && (hints.minExclusive || hints.maxExclusive))) return false;
  }
  if ((hints.minLength !== undefined || hints.maxLength !== undefined) && !((builtin && TEXT.has(type.name)) || (!builtin && type.category === 'S'))) return false;
  return true;
}

function outerOf(column: Column): string {
  return column.type.base !== undefined ? `r.${column.sql}::${column.sqlType} AS ${column.sql}` : `r.${column.sql}`;
}

function columnNames(fk: ForeignKey, byNum: ReadonlyMap<number, Column>): string {
  return fk.columns.map((n) => byNum.get(n)?.name ?? '?').join(', ');
}

const RANGE_TYPES = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8', 'date', 'timestamp', 'timestamptz']);

/**
 * A value for the top level's partition key (one plain column) that falls inside a partition: a partition is
 * picked, then a value between its bounds (range) or one of its values (list).
 */
function partitionKeyValue(relation: Relation, byNum: ReadonlyMap<number, Column>, context: PlanContext): { column: Column; expr: string } | undefined {
  const partitioning = relation.partitioning!;
  if (partitioning.key.length !== 1) return undefined;
  const column = byNum.get(partitioning.key[0]!);
  if (!column || column.filledBy === 'identity' || column.filledBy === 'generated') return undefined;
  const salts = context.salts(relation, column.name);
  const base: TypeInfo = baseOf(column.type, context.types).type;
  if (partitioning.strategy === 'list') {
    const values = partitioning.bounds.flatMap((b) => listBound(b) ?? []);
    if (values.length === 0) return undefined;
    return { column, expr: `(ARRAY[${values.join(', ')}]::${base.sql}[])[1 + ${pick(values.length, salts('partition'), context.skew)}]` };
  }
  if (partitioning.strategy !== 'range' || base.schema !== 'pg_catalog' || !RANGE_TYPES.has(base.name)) return undefined;
  const ranges = partitioning.bounds.map(rangeBound).filter((r) => r !== undefined);
  if (ranges.length === 0) return undefined;
  const which = `1 + ${below(ranges.length, salts('partition'))}`;
  const from = `(ARRAY[${ranges.map((r) => r.from).join(', ')}]::${base.sql}[])[${which}]`;
  const to = `(ARRAY[${ranges.map((r) => r.to).join(', ')}]::${base.sql}[])[${which}]`;
  const u = unit(salts('bound'));
  switch (base.name) {
    case 'date':
      return { column, expr: `(${from} + floor(${u} * (${to} - ${from}))::int4)` };
    case 'timestamp':
    case 'timestamptz':
      return { column, expr: `(${from} + ${u} * (${to} - ${from}))` };
    case 'numeric':
    case 'float4':
    case 'float8':
      return { column, expr: `(${from} + ${u} * (${to} - ${from}))` };
    default:
      return { column, expr: `(${from} + floor(${u} * (${to} - ${from})))` };
  }
}
