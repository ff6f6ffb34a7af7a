export { detectFormat } from './detect.js';
export { discoverMigrations } from './discover.js';
export { readMigrationFile, type MigrationInput } from './read.js';
export type { DiscoveryProblem, MigrationConfig, MigrationFile, MigrationSet } from './types.js';
