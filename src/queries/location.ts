import type { QueryLocation } from './types.js';

/** `db/queries/orders.sql:3 (GetOrder)`: how messages and reporters name a query. */
export function queryLocation(query: QueryLocation): string {
  return `${query.file}:${query.line}${query.name ? ` (${query.name})` : ''}`;
}
