import type { Explain, PlanNode } from './model.js';
import { relationName } from './text.js';

/** A plan node with its place in the tree. */
export interface PlanVisit {
  node: PlanNode;
  parent: PlanVisit | undefined;
  children: PlanVisit[];
  depth: number;
  /**
   * How many processes ran the node: 1, or below a Gather the workers launched plus the leader. ANALYZE figures of
   * such nodes are summed over the processes, so times are divided by this to get wall-clock time.
   */
  processes: number;
}

/** Every node of the plan, parents before children, children in plan order (outer before inner). */
export function walkPlan(root: PlanNode): PlanVisit[] {
  const visits: PlanVisit[] = [];
  const visit = (node: PlanNode, parent: PlanVisit | undefined, processes: number): PlanVisit => {
    const entry: PlanVisit = { node, parent, children: [], depth: parent ? parent.depth + 1 : 0, processes };
    visits.push(entry);
    const gather = node['Node Type'] === 'Gather' || node['Node Type'] === 'Gather Merge';
    // Without ANALYZE only the planned workers are known; the leader takes part unless Single Copy.
    const below = gather ? (node['Workers Launched'] ?? node['Workers Planned'] ?? 0) + (node['Single Copy'] ? 0 : 1) : processes;
    for (const child of node.Plans ?? []) entry.children.push(visit(child, entry, Math.max(1, below)));
    return entry;
  };
  visit(root, undefined, 1);
  return visits;
}

/** True when the plan was made with ANALYZE, so actual rows and loops are known. */
export function isAnalyzed(explain: Explain): boolean {
  return explain.Plan['Actual Loops'] !== undefined;
}

/** Rows the node produced over all its loops (ANALYZE), or undefined without ANALYZE. */
export function actualRows(node: PlanNode): number | undefined {
  const loops = node['Actual Loops'];
  return loops === undefined ? undefined : (node['Actual Rows'] ?? 0) * loops;
}

/** Wall-clock milliseconds spent in the node and below it, or undefined without ANALYZE timing. */
export function inclusiveTime(visit: PlanVisit): number | undefined {
  const { node } = visit;
  if (node['Actual Total Time'] === undefined) return undefined;
  return (node['Actual Total Time'] * (node['Actual Loops'] ?? 0)) / visit.processes;
}

/** Wall-clock milliseconds spent in the node itself: its time minus its children's. */
export function exclusiveTime(visit: PlanVisit): number | undefined {
  const total = inclusiveTime(visit);
  if (total === undefined) return undefined;
  const children = visit.children.reduce((sum, child) => sum + (inclusiveTime(child) ?? 0), 0);
  return Math.max(0, total - children);
}

/**
 * The share of the statement's work a node accounts for: its time over the execution time with ANALYZE timing,
 * else its estimated cost over the plan's. `exclusive` leaves out the node's children.
 */
export function workShare(explain: Explain, visit: PlanVisit, exclusive: boolean): number {
  const execution = explain['Execution Time'];
  const time = exclusive ? exclusiveTime(visit) : inclusiveTime(visit);
  if (time !== undefined && execution) return time / execution;
  const total = explain.Plan['Total Cost'];
  if (!total) return 1;
  const own = visit.node['Total Cost'] ?? 0;
  const children = exclusive ? visit.children.reduce((sum, child) => sum + (child.node['Total Cost'] ?? 0), 0) : 0;
  return Math.max(0, own - children) / total;
}

/** The tables read at or below a node. */
export function relationsBelow(visit: PlanVisit): string[] {
  const names = new Set<string>();
  const collect = (v: PlanVisit): void => {
    const name = relationName(v.node);
    if (name) names.add(name);
    v.children.forEach(collect);
  };
  collect(visit);
  return [...names];
}
