import type { MigrationFormat } from '../core/types.js';

/** Files named like this each hold one migration in a folder of their own. */
export const PER_MIGRATION_FILES = new Set(['migration.sql', 'up.sql', 'down.sql']);

const GOOSE_MARKER = /^--\s*\+goose\s+(Up|Down)\s*$/m;
const DBMATE_MARKER = /^[ \t]*--\s*migrate:(up|down)\b/m;
const DRIZZLE_BREAKPOINT = '--> statement-breakpoint';

export const FLYWAY_NAME = /^(?:[VUB](\d[\d._]*?)|R)__(.+)\.sql$/;
export const GOLANG_MIGRATE_NAME = /^(\d+)_(.*)\.(down|up)\.(.*)$/;
const TIMESTAMPED = /^\d+_.+\.sql$/;

/** When two formats have as many votes, the one earlier here wins: its naming is the more specific. */
const PRIORITY: MigrationFormat[] = ['goose', 'dbmate', 'flyway', 'golang-migrate', 'diesel', 'prisma', 'drizzle', 'supabase', 'plain'];

export interface FormatEvidence {
  format: MigrationFormat;
  /** Files whose own name or markers point to another format than the folder's. */
  disagreeing: { file: string; format: MigrationFormat }[];
}

/**
 * Detects a migration folder's format from its file names (relative to the folder, forward slashes) and, when
 * given, the files' text. Markers inside files (goose annotations, dbmate markers) win over naming, since those
 * runners accept any name; then the folder's own files (Prisma's `migration_lock.toml`, Drizzle's
 * `meta/_journal.json`); then each file's name. A folder with none of these is plain.
 */
export function detectFormat(dir: string, fileNames: readonly string[], sampleTexts?: Readonly<Record<string, string>>): MigrationFormat {
  return weighFormat(dir, fileNames, sampleTexts).format;
}

export function weighFormat(dir: string, fileNames: readonly string[], sampleTexts: Readonly<Record<string, string>> = {}): FormatEvidence {
  const votes = fileNames.filter((name) => name.endsWith('.sql')).map((file) => ({ file, format: voteOf(dir, file, sampleTexts[file]) }));
  const markers = votes.filter((v) => v.format === 'goose' || v.format === 'dbmate');
  const folder = fileNames.includes('migration_lock.toml') ? 'prisma' : fileNames.includes('meta/_journal.json') ? 'drizzle' : undefined;
  const counted = markers.length > 0 ? markers : folder ? [] : votes.filter((v) => v.format !== undefined);
  const format = markers.length > 0 || !folder ? majority(counted.map((v) => v.format!)) : folder;
  return {
    format,
    disagreeing: votes.filter((v): v is { file: string; format: MigrationFormat } => v.format !== undefined && v.format !== format),
  };
}

/** A file's own evidence; undefined when its name and text fit any format (e.g. `001_init.sql`). */
function voteOf(dir: string, file: string, text: string | undefined): MigrationFormat | undefined {
  if (text !== undefined && GOOSE_MARKER.test(text)) return 'goose';
  if (text !== undefined && DBMATE_MARKER.test(text)) return 'dbmate';
  const [first, ...rest] = file.split('/');
  const base = rest.at(-1) ?? first!;
  if (rest.length === 1 && base === 'migration.sql') return 'prisma';
  if (rest.length === 1 && (base === 'up.sql' || base === 'down.sql')) return 'diesel';
  if (FLYWAY_NAME.test(base)) return 'flyway';
  if (GOLANG_MIGRATE_NAME.test(base)) return 'golang-migrate';
  if (text?.includes(DRIZZLE_BREAKPOINT)) return 'drizzle';
  if (TIMESTAMPED.test(base) && /(^|\/)supabase\/migrations$/.test(dir)) return 'supabase';
  return undefined;
}

function majority(formats: MigrationFormat[]): MigrationFormat {
  let best: MigrationFormat = 'plain';
  let bestCount = 0;
  for (const format of PRIORITY) {
    const count = formats.filter((f) => f === format).length;
    if (count > bestCount) [best, bestCount] = [format, count];
  }
  return best;
}
