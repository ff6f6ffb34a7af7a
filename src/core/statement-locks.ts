import type { Constraint, RangeVar } from '@pgsql/types';
import { relationName } from './ast.js';
import type { Catalog } from './catalog.js';
import { LOCK_MODES, type LockMode } from './locks.js';
import { constantText, type StatementInfo } from './statements.js';

/**
 * A table-level lock a statement takes on a relation that exists before it runs, as the PostgreSQL
 * documentation states it. Locks on objects the statement creates, and on relations it reaches only
 * indirectly (inheritance children, partitions, a view's base tables, the tables behind a REINDEX SCHEMA),
 * are not listed.
 */
export interface StatementLock {
  /** The relation as written, schema-qualified when written so. */
  relation: string;
  mode: LockMode;
  /**
   * The relation's RangeVar in the statement; for statements that name relations as plain name lists
   * (DROP, COMMENT ON) one built from the written name, without a location.
   */
  rangeVar?: RangeVar;
  /**
   * Set when `relation` names an index (DROP INDEX, REINDEX INDEX): `mode` is the lock on the index and
   * `tableMode` the lock on the index's table, which the statement does not name.
   */
  index?: { tableMode: LockMode };
}

const ACCESS_SHARE: LockMode = 'AccessShareLock';
const ROW_SHARE: LockMode = 'RowShareLock';
const ROW_EXCLUSIVE: LockMode = 'RowExclusiveLock';
const SHARE_UPDATE_EXCLUSIVE: LockMode = 'ShareUpdateExclusiveLock';
const SHARE: LockMode = 'ShareLock';
const SHARE_ROW_EXCLUSIVE: LockMode = 'ShareRowExclusiveLock';
const EXCLUSIVE: LockMode = 'ExclusiveLock';
const ACCESS_EXCLUSIVE: LockMode = 'AccessExclusiveLock';

/** Postgres compares lock modes by their number when it combines subcommands (LOCK_MODES is in that order). */
function strongerLock(a: LockMode, b: LockMode): LockMode {
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

type AnyNode = Record<string, any>;

/**
 * The table-level locks a statement takes on existing relations, one entry per relation (the strongest
 * mode when it takes several). `postgresVersion` matters only where the documented mode changed between
 * versions; it defaults to the newest behaviour.
 */
export function locksTakenBy(statement: Pick<StatementInfo, 'type' | 'node'>, postgresVersion = Infinity): StatementLock[] {
  const locks = new LockList();
  const node = statement.node as AnyNode;
  switch (statement.type) {
    case 'AlterTableStmt':
      alterTable(node, locks, postgresVersion);
      break;
    case 'AlterObjectSchemaStmt':
      // SET SCHEMA is an ALTER TABLE form without a lock note: ACCESS EXCLUSIVE.
      if (node.objectType === 'OBJECT_TABLE') locks.add(node.relation, ACCESS_EXCLUSIVE);
      break;
    case 'RenameStmt':
      if (isTableRename(node)) locks.add(node.relation, ACCESS_EXCLUSIVE);
      break;
    case 'IndexStmt':
      // https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES (SHARE, SHARE UPDATE EXCLUSIVE)
      locks.add(node.relation, node.concurrent ? SHARE_UPDATE_EXCLUSIVE : SHARE);
      break;
    case 'DropStmt':
      drop(node, locks);
      break;
    case 'TruncateStmt':
      for (const relation of rangeVars(node.relations)) locks.add(relation, ACCESS_EXCLUSIVE);
      break;
    case 'LockStmt': {
      // https://www.postgresql.org/docs/current/sql-lock.html: without IN ... MODE the mode is ACCESS EXCLUSIVE.
      const mode = LOCK_MODES[(node.mode ?? LOCK_MODES.length) - 1] ?? ACCESS_EXCLUSIVE;
      for (const relation of rangeVars(node.relations)) locks.add(relation, mode);
      break;
    }
    case 'ReindexStmt':
      reindex(node, locks);
      break;
    case 'VacuumStmt': {
      const full = node.is_vacuumcmd === true && booleanOption(node.options, 'full');
      for (const item of node.rels ?? []) locks.add(item.VacuumRelation?.relation, full ? ACCESS_EXCLUSIVE : SHARE_UPDATE_EXCLUSIVE);
      break;
    }
    case 'ClusterStmt':
      locks.add(node.relation, ACCESS_EXCLUSIVE);
      break;
    case 'RefreshMatViewStmt':
      locks.add(node.relation, node.concurrent ? EXCLUSIVE : ACCESS_EXCLUSIVE);
      break;
    case 'CreateTrigStmt':
      locks.add(node.relation, SHARE_ROW_EXCLUSIVE);
      break;
    case 'CommentStmt':
      comment(node, locks);
      break;
    case 'CreateStmt':
      // https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE:
      // CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on the partitioned table.
      if (node.partbound) for (const parent of rangeVars(node.inhRelations)) locks.add(parent, ACCESS_EXCLUSIVE);
      break;
    case 'CreateTableAsStmt':
      dataAccess(node.query, locks);
      break;
    case 'CopyStmt':
      // COPY FROM modifies the table (ROW EXCLUSIVE, like INSERT); COPY TO reads it.
      if (node.relation) locks.add(node.relation, node.is_from ? ROW_EXCLUSIVE : ACCESS_SHARE);
      else dataAccess(node.query, locks);
      break;
    case 'SelectStmt':
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      dataAccess({ [statement.type]: node }, locks);
      break;
  }
  return locks.list();
}

/** The table a lock falls on: the relation itself, or for an index the table the catalog knows it on. */
export function lockedTable(lock: StatementLock, catalog: Catalog): RangeVar | string | undefined {
  if (!lock.index) return lock.rangeVar ?? lock.relation;
  const schema = lock.rangeVar?.schemaname ?? 'public';
  const name = lock.rangeVar?.relname;
  for (const table of catalog.tables.values()) {
    if ((table.schema ?? 'public') === schema && table.indexes.some((i) => i.name === name)) return table.key;
  }
  return undefined;
}

class LockList {
  private readonly byKey = new Map<string, StatementLock>();

  add(relation: RangeVar | undefined, mode: LockMode, index?: { tableMode: LockMode }): void {
    if (!relation?.relname) return;
    const key = `${relation.schemaname ?? ''}.${relation.relname}`;
    const existing = this.byKey.get(key);
    if (!existing) {
      this.byKey.set(key, { relation: relationName(relation), mode, rangeVar: relation, ...(index && { index }) });
      return;
    }
    existing.mode = strongerLock(existing.mode, mode);
    if (index && existing.index) existing.index.tableMode = strongerLock(existing.index.tableMode, index.tableMode);
  }

  list(): StatementLock[] {
    return [...this.byKey.values()];
  }
}

/**
 * https://www.postgresql.org/docs/current/sql-altertable.html: "An ACCESS EXCLUSIVE lock is acquired unless
 * explicitly noted. When multiple subcommands are given, the lock acquired will be the strictest one required
 * by any subcommand." The exceptions below are the ones the page notes.
 */
function alterTable(node: AnyNode, locks: LockList, postgresVersion: number): void {
  // ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE have their own pages and lock notes.
  if (node.objtype !== 'OBJECT_TABLE') return;
  let tableMode: LockMode | undefined;
  const raise = (mode: LockMode) => {
    tableMode = tableMode ? strongerLock(tableMode, mode) : mode;
  };
  for (const item of node.cmds ?? []) {
    const cmd = item.AlterTableCmd as AnyNode | undefined;
    if (!cmd) continue;
    switch (cmd.subtype) {
      case 'AT_SetStatistics':
      case 'AT_SetOptions':
      case 'AT_ResetOptions':
      case 'AT_ClusterOn':
      case 'AT_DropCluster':
        raise(SHARE_UPDATE_EXCLUSIVE);
        break;
      case 'AT_ValidateConstraint':
        // A foreign key's validation also takes ROW SHARE on the referenced table, which only the
        // constraint's definition names.
        raise(SHARE_UPDATE_EXCLUSIVE);
        break;
      case 'AT_SetRelOptions':
      case 'AT_ResetRelOptions':
        raise(relOptionsLock(cmd.def?.List?.items ?? []));
        break;
      case 'AT_EnableTrig':
      case 'AT_EnableAlwaysTrig':
      case 'AT_EnableReplicaTrig':
      case 'AT_EnableTrigAll':
      case 'AT_EnableTrigUser':
      case 'AT_DisableTrig':
      case 'AT_DisableTrigAll':
      case 'AT_DisableTrigUser':
        raise(SHARE_ROW_EXCLUSIVE);
        break;
      case 'AT_AddConstraint': {
        const constraint = cmd.def?.Constraint as Constraint | undefined;
        if (constraint?.contype === 'CONSTR_FOREIGN') {
          // "ADD FOREIGN KEY requires only a SHARE ROW EXCLUSIVE lock ... also ... on the referenced table"
          raise(SHARE_ROW_EXCLUSIVE);
          locks.add(constraint.pktable, SHARE_ROW_EXCLUSIVE);
        } else {
          raise(ACCESS_EXCLUSIVE);
        }
        break;
      }
      case 'AT_AddColumn':
        raise(ACCESS_EXCLUSIVE);
        for (const c of cmd.def?.ColumnDef?.constraints ?? []) {
          const constraint = c.Constraint as Constraint | undefined;
          if (constraint?.contype === 'CONSTR_FOREIGN') locks.add(constraint.pktable, SHARE_ROW_EXCLUSIVE);
        }
        break;
      case 'AT_AttachPartition':
        // SHARE UPDATE EXCLUSIVE on the parent since Postgres 12 (ACCESS EXCLUSIVE before), ACCESS EXCLUSIVE
        // on the table being attached (and on a default partition, which the statement does not name).
        raise(postgresVersion >= 12 ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE);
        locks.add(cmd.def?.PartitionCmd?.name, ACCESS_EXCLUSIVE);
        break;
      case 'AT_DetachPartition':
        // CONCURRENTLY: SHARE UPDATE EXCLUSIVE on the parent, ACCESS EXCLUSIVE on the partition in its second
        // transaction; without it the parent gets the default ACCESS EXCLUSIVE.
        raise(cmd.def?.PartitionCmd?.concurrent ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE);
        locks.add(cmd.def?.PartitionCmd?.name, ACCESS_EXCLUSIVE);
        break;
      case 'AT_DetachPartitionFinalize':
        // FINALIZE completes an interrupted DETACH ... CONCURRENTLY, i.e. its second transaction.
        raise(SHARE_UPDATE_EXCLUSIVE);
        locks.add(cmd.def?.PartitionCmd?.name, ACCESS_EXCLUSIVE);
        break;
      default:
        raise(ACCESS_EXCLUSIVE);
    }
  }
  if (tableMode) locks.add(node.relation, tableMode);
}

/**
 * "SHARE UPDATE EXCLUSIVE lock will be taken for fillfactor, toast and autovacuum storage parameters, as well
 * as the planner parameter parallel_workers" (sql-altertable.html, SET ( storage_parameter ... )); any other
 * parameter falls back to the page's default, ACCESS EXCLUSIVE.
 */
function relOptionsLock(options: AnyNode[]): LockMode {
  const light = options.every((option) => {
    const def = option.DefElem as { defnamespace?: string; defname?: string } | undefined;
    const name = def?.defname ?? '';
    return def?.defnamespace === 'toast' || name === 'fillfactor' || name === 'parallel_workers' || name === 'toast_tuple_target' || name.includes('autovacuum');
  });
  return light ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
}

function isTableRename(node: AnyNode): boolean {
  switch (node.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_TABCONSTRAINT':
      return true;
    case 'OBJECT_COLUMN':
      return node.relationType === 'OBJECT_TABLE';
    default:
      return false;
  }
}

function drop(node: AnyNode, locks: LockList): void {
  if (node.removeType === 'OBJECT_TABLE') {
    for (const relation of namedRelations(node.objects)) locks.add(relation, ACCESS_EXCLUSIVE);
  } else if (node.removeType === 'OBJECT_INDEX') {
    // https://www.postgresql.org/docs/current/sql-dropindex.html: a normal DROP INDEX takes ACCESS EXCLUSIVE on
    // the table; CONCURRENTLY does not lock out reads or writes, and takes SHARE UPDATE EXCLUSIVE.
    const mode = node.concurrent ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
    for (const index of namedRelations(node.objects)) locks.add(index, mode, { tableMode: mode });
  }
}

/**
 * https://www.postgresql.org/docs/current/sql-reindex.html: REINDEX locks out writes (SHARE) on the table and
 * takes ACCESS EXCLUSIVE on each index it rebuilds; CONCURRENTLY takes SHARE UPDATE EXCLUSIVE instead.
 */
function reindex(node: AnyNode, locks: LockList): void {
  const concurrent = booleanOption(node.params, 'concurrently');
  if (node.kind === 'REINDEX_OBJECT_TABLE') {
    locks.add(node.relation, concurrent ? SHARE_UPDATE_EXCLUSIVE : SHARE);
  } else if (node.kind === 'REINDEX_OBJECT_INDEX') {
    if (concurrent) locks.add(node.relation, SHARE_UPDATE_EXCLUSIVE, { tableMode: SHARE_UPDATE_EXCLUSIVE });
    else locks.add(node.relation, ACCESS_EXCLUSIVE, { tableMode: SHARE });
  }
}

/** https://www.postgresql.org/docs/current/sql-comment.html: SHARE UPDATE EXCLUSIVE on the commented object. */
function comment(node: AnyNode, locks: LockList): void {
  const parts = nameParts(node.object);
  switch (node.objtype) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_FOREIGN_TABLE':
      locks.add(rangeVarOf(parts), SHARE_UPDATE_EXCLUSIVE);
      break;
    case 'OBJECT_COLUMN':
      locks.add(rangeVarOf(parts.slice(0, -1)), SHARE_UPDATE_EXCLUSIVE);
      break;
  }
}

/**
 * Reads and writes (https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES): ACCESS SHARE
 * on every table read, ROW EXCLUSIVE on the target of INSERT, UPDATE, DELETE and MERGE (also inside WITH),
 * ROW SHARE on the tables a SELECT locks with FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE.
 */
function dataAccess(root: unknown, locks: LockList): void {
  const cteNames = new Set<string>();
  collectCteNames(root, cteNames);
  const add = (relation: RangeVar | undefined, mode: LockMode) => {
    if (relation?.relname && !relation.schemaname && cteNames.has(relation.relname)) return;
    locks.add(relation, mode);
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value as AnyNode)) {
      if (key === 'RangeVar') add(child as RangeVar, ACCESS_SHARE);
      else if (key === 'InsertStmt' || key === 'UpdateStmt' || key === 'DeleteStmt' || key === 'MergeStmt') add(child.relation, ROW_EXCLUSIVE);
      else if (key === 'SelectStmt') for (const relation of rowLockedRelations(child)) add(relation, ROW_SHARE);
      // lockingClause names aliases and intoClause a table the statement creates: neither is a relation read.
      if (key === 'lockingClause' || key === 'intoClause') continue;
      visit(child);
    }
  };
  visit(root);
}

function collectCteNames(value: unknown, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectCteNames(item, names);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as AnyNode)) {
    if (key === 'CommonTableExpr' && child.ctename) names.add(child.ctename);
    collectCteNames(child, names);
  }
}

/** The FROM-list tables of one SELECT level that its locking clauses cover (all of them when none is named). */
function rowLockedRelations(select: AnyNode): RangeVar[] {
  const clauses = (select.lockingClause ?? []).map((c: AnyNode) => c.LockingClause).filter(Boolean);
  if (clauses.length === 0) return [];
  const from: RangeVar[] = [];
  const collect = (item: AnyNode | undefined): void => {
    if (!item) return;
    if (item.RangeVar) from.push(item.RangeVar);
    if (item.JoinExpr) {
      collect(item.JoinExpr.larg);
      collect(item.JoinExpr.rarg);
    }
  };
  for (const item of select.fromClause ?? []) collect(item);
  if (clauses.some((c: AnyNode) => !c.lockedRels?.length)) return from;
  const named = new Set(clauses.flatMap((c: AnyNode) => rangeVars(c.lockedRels).map((r) => r.relname)));
  return from.filter((r) => named.has(r.alias?.aliasname ?? r.relname));
}

function rangeVars(items: AnyNode[] | undefined): RangeVar[] {
  return (items ?? []).map((item) => item.RangeVar as RangeVar | undefined).filter((r): r is RangeVar => !!r);
}

function nameParts(node: unknown): string[] {
  const items = (node as { List?: { items?: unknown[] } } | undefined)?.List?.items ?? [];
  return items.map(constantText).filter((p): p is string => p !== undefined);
}

function rangeVarOf(parts: string[]): RangeVar | undefined {
  if (parts.length === 0) return undefined;
  const relname = parts.at(-1)!;
  return parts.length > 1 ? { schemaname: parts.at(-2)!, relname } : { relname };
}

function namedRelations(objects: AnyNode[] | undefined): RangeVar[] {
  return (objects ?? []).map((o) => rangeVarOf(nameParts(o))).filter((r): r is RangeVar => !!r);
}

/** A boolean option (`FULL`, `CONCURRENTLY`) as Postgres reads it: present without a value means on. */
export function booleanOption(options: unknown[] | undefined, name: string): boolean {
  const option = ((options ?? []) as AnyNode[]).map((o) => o.DefElem as AnyNode | undefined).find((d) => d?.defname === name);
  if (!option) return false;
  if (!option.arg) return true;
  const value = constantText(option.arg) ?? (option.arg.Integer ? String(option.arg.Integer.ival ?? 0) : undefined);
  return !['false', 'off', '0', 'no'].includes((value ?? '').toLowerCase());
}
