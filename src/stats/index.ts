export { applyStats, RESTORE_MIN_MAJOR, type AppliedTable, type StatsApplied } from './apply.js';
export { statsExportCommand, type CommandIo } from './command.js';
export { exportStats, type ExportOptions } from './export.js';
export {
  formatStatsFile,
  readStatsFile,
  seedTargets,
  STATS_FORMAT_VERSION,
  STATS_SCHEMA_URL,
  tableName,
  type ColumnStats,
  type StatsFile,
  type TableKind,
  type TableStats,
} from './file.js';
