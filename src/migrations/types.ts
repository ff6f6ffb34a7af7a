import type { ByteRange, MigrationFormat, SqlSource, TransactionMode } from '../core/types.js';

/** One forward migration, read as its runner executes it. The CLI adds `change` to make it a `SqlSource`. */
export interface MigrationFile extends Omit<SqlSource, 'change' | 'format'> {
  format: MigrationFormat;
  /** Version or sequence key as the runner sees it (e.g. '20240101120000', '1.2.3'), for ordering and display. */
  version: string | undefined;
  /**
   * The down/undo part, when the format has one: the same file with the up part blanked (goose, dbmate) or the
   * separate down file (golang-migrate, diesel, Flyway's `U` file). It is never executed forward.
   */
  down?: { path: string; text: string; skipped: ByteRange[] };
}

/** The migrations of one folder, in the order the runner applies them. */
export interface MigrationSet {
  /** The migration folder, relative to the working directory with forward slashes ('.' for the directory itself). */
  root: string;
  format: MigrationFormat;
  files: MigrationFile[];
}

export interface MigrationConfig {
  /** A migration folder (relative to the working directory); the setting covers it and the folders below it. */
  path: string;
  format?: MigrationFormat | 'auto';
  /** Overrides how the runner executes every file of the folder, directives in the files included. */
  transaction?: TransactionMode | 'auto';
}

/**
 * Something that keeps discovery from reading migrations exactly as the runner would. `path` problems are about
 * what was asked for (a path that does not exist, a glob that matched nothing, a symlink loop); `runner` problems
 * are about the files themselves (the migration tool would refuse or misread them) and become findings.
 */
export interface DiscoveryProblem {
  kind: 'path' | 'runner';
  path: string;
  message: string;
}
