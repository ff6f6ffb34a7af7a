import type { ColumnDef, Constraint, RangeVar, TypeName } from '@pgsql/types';
import { columnConstraints } from './ast.js';
import { constantText } from './statements.js';
import type { ParsedStatement } from './parse.js';

/** A column type as written, normalised: `varchar` with typmods `[20]`, `int4`, `_text` for `text[]`. */
export interface ColumnType {
  name: string;
  typmods: number[];
  array: boolean;
}

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  notNull: boolean;
}

export interface ConstraintInfo {
  name: string | undefined;
  kind: 'check' | 'foreign-key' | 'unique' | 'primary-key' | 'exclusion' | 'not-null';
  columns: string[];
  validated: boolean;
  /** For CHECK constraints of the form `col IS NOT NULL`: that column. */
  notNullColumn?: string;
}

export interface IndexInfo {
  name: string | undefined;
  columns: string[];
  unique: boolean;
  partial: boolean;
}

export interface TableInfo {
  key: string;
  name: string;
  schema: string | undefined;
  columns: Map<string, ColumnInfo>;
  constraints: ConstraintInfo[];
  indexes: IndexInfo[];
  /** The change that created the table; undefined for tables of the existing schema. */
  change: string | undefined;
  file: string;
}

/** Which file a statement comes from, and which change under review it belongs to (none for existing migrations). */
export interface SourceRef {
  file: string;
  change: string | undefined;
}

/** Tables are keyed by `schema.name`; an unqualified name is taken to be in `public`. */
export function relationKey(relation: RangeVar | string | undefined): string | undefined {
  if (!relation) return undefined;
  if (typeof relation === 'string') return relation.includes('.') ? relation.toLowerCase() : `public.${relation.toLowerCase()}`;
  if (!relation.relname) return undefined;
  return `${relation.schemaname ?? 'public'}.${relation.relname}`;
}

export function columnType(typeName: TypeName | undefined): ColumnType {
  const names = (typeName?.names ?? []).map(constantText).filter((n): n is string => !!n);
  const last = names.at(-1) ?? 'unknown';
  return {
    name: last,
    typmods: (typeName?.typmods ?? []).map((m) => Number(constantText(m))).filter((n) => !Number.isNaN(n)),
    array: (typeName?.arrayBounds?.length ?? 0) > 0,
  };
}

/**
 * What the schema looks like as migrations are read in order. It is a model made from the SQL text alone,
 * good enough for rules to tell new tables from existing ones and to know a column's type before a change.
 */
export class Catalog {
  readonly tables = new Map<string, TableInfo>();

  table(relation: RangeVar | string | undefined): TableInfo | undefined {
    const key = relationKey(relation);
    return key ? this.tables.get(key) : undefined;
  }

  apply(statement: ParsedStatement, source: SourceRef): void {
    const node = statement.node as Record<string, any>;
    switch (statement.type) {
      case 'CreateStmt':
        return this.createTable(node.relation, node.tableElts ?? [], source);
      case 'CreateTableAsStmt':
        return this.createTable(node.into?.rel, [], source);
      case 'AlterTableStmt':
        return this.alterTable(node);
      case 'IndexStmt':
        return this.addIndex(node);
      case 'RenameStmt':
        return this.rename(node);
      case 'DropStmt':
        return this.drop(node);
    }
  }

  private createTable(relation: RangeVar | undefined, elements: any[], source: SourceRef) {
    const key = relationKey(relation);
    if (!key || !relation?.relname) return;
    const table: TableInfo = {
      key,
      name: relation.relname,
      schema: relation.schemaname,
      columns: new Map(),
      constraints: [],
      indexes: [],
      change: source.change,
      file: source.file,
    };
    for (const element of elements) {
      if (element.ColumnDef) this.addColumn(table, element.ColumnDef);
      if (element.Constraint) this.addConstraint(table, element.Constraint, true);
    }
    this.tables.set(key, table);
  }

  private addColumn(table: TableInfo, def: ColumnDef) {
    if (!def.colname) return;
    const column: ColumnInfo = { name: def.colname, type: columnType(def.typeName), notNull: false };
    table.columns.set(def.colname, column);
    for (const constraint of columnConstraints(def)) {
      if (constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_PRIMARY') column.notNull = true;
      if (constraint.contype !== 'CONSTR_NOTNULL') this.addConstraint(table, { ...constraint, keys: constraint.keys ?? [{ String: { sval: def.colname } }] }, true);
    }
  }

  private addConstraint(table: TableInfo, constraint: Constraint, inCreate: boolean) {
    const columns = (constraint.keys ?? constraint.fk_attrs ?? []).map(constantText).filter((c): c is string => !!c);
    const validated = inCreate || !constraint.skip_validation;
    switch (constraint.contype) {
      case 'CONSTR_CHECK': {
        const notNullColumn = isNotNullTest(constraint.raw_expr);
        table.constraints.push({ name: constraint.conname, kind: 'check', columns, validated, notNullColumn });
        return;
      }
      case 'CONSTR_FOREIGN':
        table.constraints.push({ name: constraint.conname, kind: 'foreign-key', columns, validated });
        return;
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE':
        table.constraints.push({ name: constraint.conname, kind: constraint.contype === 'CONSTR_PRIMARY' ? 'primary-key' : 'unique', columns, validated: true });
        table.indexes.push({ name: constraint.conname ?? constraint.indexname, columns, unique: true, partial: false });
        if (constraint.contype === 'CONSTR_PRIMARY') for (const c of columns) { const col = table.columns.get(c); if (col) col.notNull = true; }
        return;
      case 'CONSTR_EXCLUSION':
        table.constraints.push({ name: constraint.conname, kind: 'exclusion', columns, validated: true });
        return;
      case 'CONSTR_NOTNULL':
        for (const c of columns) { const col = table.columns.get(c); if (col && validated) col.notNull = true; }
        table.constraints.push({ name: constraint.conname, kind: 'not-null', columns, validated });
        return;
    }
  }

  private alterTable(node: Record<string, any>) {
    const table = this.table(node.relation);
    if (!table) return;
    for (const item of node.cmds ?? []) {
      const cmd = item.AlterTableCmd;
      if (!cmd) continue;
      const column = cmd.name ? table.columns.get(cmd.name) : undefined;
      switch (cmd.subtype) {
        case 'AT_AddColumn':
          if (cmd.def?.ColumnDef) this.addColumn(table, cmd.def.ColumnDef);
          break;
        case 'AT_DropColumn':
          if (cmd.name) table.columns.delete(cmd.name);
          break;
        case 'AT_AlterColumnType':
          if (column && cmd.def?.ColumnDef) column.type = columnType(cmd.def.ColumnDef.typeName);
          break;
        case 'AT_SetNotNull':
          if (column) column.notNull = true;
          break;
        case 'AT_DropNotNull':
          if (column) column.notNull = false;
          break;
        case 'AT_AddConstraint':
          if (cmd.def?.Constraint) this.addConstraint(table, cmd.def.Constraint, false);
          break;
        case 'AT_ValidateConstraint':
          for (const c of table.constraints) if (c.name === cmd.name) c.validated = true;
          for (const c of table.constraints) {
            if (c.name === cmd.name && c.kind === 'not-null') for (const name of c.columns) { const col = table.columns.get(name); if (col) col.notNull = true; }
          }
          break;
        case 'AT_DropConstraint':
          table.constraints = table.constraints.filter((c) => c.name !== cmd.name);
          table.indexes = table.indexes.filter((i) => i.name !== cmd.name);
          break;
      }
    }
  }

  private addIndex(node: Record<string, any>) {
    const table = this.table(node.relation);
    if (!table) return;
    const columns = (node.indexParams ?? []).map((p: any) => p.IndexElem?.name ?? '(expression)');
    table.indexes.push({ name: node.idxname, columns, unique: !!node.unique, partial: !!node.whereClause });
  }

  private rename(node: Record<string, any>) {
    const table = this.table(node.relation);
    if (!table) return;
    if (node.renameType === 'OBJECT_TABLE' && node.newname) {
      this.tables.delete(table.key);
      const key = `${table.schema ?? 'public'}.${node.newname}`;
      this.tables.set(key, { ...table, key, name: node.newname });
    } else if (node.renameType === 'OBJECT_COLUMN' && node.subname && node.newname) {
      const column = table.columns.get(node.subname);
      if (column) {
        table.columns.delete(node.subname);
        table.columns.set(node.newname, { ...column, name: node.newname });
      }
    }
  }

  private drop(node: Record<string, any>) {
    for (const object of node.objects ?? []) {
      const parts = (object.List?.items ?? []).map(constantText).filter((p: string | undefined): p is string => !!p);
      if (parts.length === 0) continue;
      const key = parts.length > 1 ? parts.join('.') : `public.${parts[0]}`;
      if (node.removeType === 'OBJECT_TABLE') this.tables.delete(key);
      if (node.removeType === 'OBJECT_INDEX') {
        const name = parts.at(-1);
        for (const table of this.tables.values()) table.indexes = table.indexes.filter((i) => i.name !== name);
      }
    }
  }
}

/** Recognises `col IS NOT NULL` (the check that lets SET NOT NULL skip its scan since Postgres 12). */
function isNotNullTest(expr: unknown): string | undefined {
  const test = (expr as { NullTest?: { nulltesttype?: string; arg?: { ColumnRef?: { fields?: unknown[] } } } })?.NullTest;
  if (test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  return constantText(test.arg?.ColumnRef?.fields?.at(-1));
}
