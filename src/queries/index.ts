export { discoverQueries } from './discover.js';
export { queryLocation } from './location.js';
export { readQueryFile } from './read.js';
export type { Query, QueryDiscoveryProblem, QueryFile, QueryLocation, QueryParameter, QueryProblem, SqlcCommand } from './types.js';
