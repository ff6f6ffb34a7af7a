export { discoverQueries } from './discover.js';
export { readQueryFile } from './read.js';
export type { Query, QueryDiscoveryProblem, QueryFile, QueryParameter, QueryProblem, SqlcCommand } from './types.js';
