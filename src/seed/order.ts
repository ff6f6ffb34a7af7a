import type { Column, ForeignKey, Relation } from './catalog.js';

export interface Step {
  relation: Relation;
  /** Foreign keys to tables filled later (cycles): inserted as NULL, set once their parent has rows. */
  deferred: ForeignKey[];
}

/**
 * The order to fill tables in: parents before children. A cycle is broken at foreign keys whose columns may be
 * NULL; tables whose NOT NULL foreign keys form a cycle (or that need such a table) cannot be filled, and come
 * back in `stuck` with the reason. Self-references are left to the filler.
 */
export function fillOrder(tables: readonly Relation[], byOid: ReadonlyMap<number, Relation>): { steps: Step[]; stuck: Map<Relation, string> } {
  const remaining = new Set(tables);
  const parentsIn = (t: Relation) => t.foreignKeys.filter((fk) => fk.parent !== t.oid && remaining.has(byOid.get(fk.parent)!));
  const steps: Step[] = [];
  const stuck = new Map<Relation, string>();
  while (remaining.size > 0) {
    let best: Step | undefined;
    for (const t of remaining) {
      const waiting = parentsIn(t);
      if (waiting.some((fk) => !nullable(t, fk))) continue;
      if (!best || waiting.length < best.deferred.length) best = { relation: t, deferred: waiting };
      if (waiting.length === 0) break;
    }
    if (best) {
      steps.push(best);
      remaining.delete(best.relation);
      continue;
    }
    // Every table left has a NOT NULL foreign key to another one left: following them always ends in a cycle.
    for (const t of remaining) stuck.set(t, cycleReason(t, (x) => parentsIn(x).find((fk) => !nullable(x, fk))!, byOid));
    remaining.clear();
  }
  return { steps, stuck };
}

/** A foreign key that can be left NULL: all its columns may be NULL (then MATCH SIMPLE and FULL both accept it). */
export function nullable(table: Relation, fk: ForeignKey): boolean {
  return fk.columns.every((num) => {
    const column = table.columns.find((c) => c.num === num);
    return column !== undefined && !column.notNull && !domainNotNull(column);
  });
}

export function domainNotNull(column: Column): boolean {
  return column.type.domainNotNull === true;
}

function cycleReason(start: Relation, edge: (t: Relation) => ForeignKey, byOid: ReadonlyMap<number, Relation>): string {
  const path: Relation[] = [];
  let at = start;
  while (!path.includes(at)) {
    path.push(at);
    at = byOid.get(edge(at).parent)!;
  }
  const cycle = [...path.slice(path.indexOf(at)), at].map((t) => t.name).join(' → ');
  if (path.indexOf(at) === 0) return `its NOT NULL foreign keys form a cycle (${cycle}), so no table in it can get the first row`;
  return `it needs rows in ${path[1]!.name}, whose NOT NULL foreign keys form a cycle (${cycle})`;
}
