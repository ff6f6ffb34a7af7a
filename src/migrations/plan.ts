import { posix } from 'node:path';
import type { MigrationFormat, SqlSource } from '../core/types.js';
import { FLYWAY_NAME, GOLANG_MIGRATE_NAME } from './detect.js';
import { compareBigInt, compareCodeUnits, compareFlywayVersions, naturalCompare, parseFlywayVersion } from './order.js';
import type { MigrationInput } from './read.js';
import type { DiscoveryProblem } from './types.js';

export interface LoadedFile {
  /** Relative to the working directory, forward slashes. */
  path: string;
  text: string;
  readError?: SqlSource['readError'];
}

/** A migration folder's files, keyed by their path relative to the folder (forward slashes). */
export type FolderFiles = ReadonlyMap<string, LoadedFile>;

interface Plan {
  inputs: MigrationInput[];
  problems: DiscoveryProblem[];
}

/**
 * Lists the migrations a runner executes from a folder, in its order, each with what it reads beside the file
 * (down file, script config). Files the runner would not run are left out with a problem saying why.
 */
export function planMigrations(format: MigrationFormat, root: string, files: FolderFiles): Plan {
  const plan: Plan = { inputs: [], problems: [] };
  const sql = [...files.keys()].filter((rel) => rel.endsWith('.sql')).sort(compareCodeUnits);
  const skip = (rel: string, why: string) => plan.problems.push({ kind: 'runner', path: files.get(rel)!.path, message: why });
  const input = (rel: string, version: string | undefined, extra: Partial<MigrationInput> = {}): MigrationInput => {
    const file = files.get(rel)!;
    return { format, path: file.path, text: file.text, readError: file.readError, version, ...extra };
  };
  const direct = (tool: string) =>
    sql.filter((rel) => {
      if (!rel.includes('/')) return true;
      skip(rel, `${tool} only reads the migration folder itself, not its subfolders, so it does not run this file.`);
      return false;
    });

  switch (format) {
    case 'plain':
      for (const rel of [...sql].sort(naturalCompare)) plan.inputs.push(input(rel, /^\d+/.exec(posix.basename(rel))?.[0]));
      break;

    case 'golang-migrate': {
      // source/parse.go: `^([0-9]+)_(.*)\.(down|up)\.(.*)$`, the version parsed as an unsigned integer.
      const byVersion = new Map<bigint, { up?: string; down?: string }>();
      for (const rel of direct('golang-migrate')) {
        const match = GOLANG_MIGRATE_NAME.exec(rel);
        if (!match) {
          skip(rel, 'golang-migrate does not run this file: its name is not {version}_{title}.up.sql or {version}_{title}.down.sql.');
          continue;
        }
        const version = BigInt(match[1]!);
        const pair = byVersion.get(version) ?? {};
        const direction = match[3] as 'up' | 'down';
        if (pair[direction]) skip(rel, `golang-migrate refuses to run: version ${version} has more than one ${direction} file.`);
        else pair[direction] = rel;
        byVersion.set(version, pair);
      }
      for (const [version, pair] of [...byVersion].sort(([a], [b]) => compareBigInt(a, b))) {
        if (!pair.up) {
          skip(pair.down!, `There is no up file for version ${version}: golang-migrate has nothing to run forward for it.`);
          continue;
        }
        plan.inputs.push(input(pair.up, String(version), { down: pair.down ? downOf(files, pair.down) : undefined }));
      }
      break;
    }

    case 'goose': {
      // goose's NumericComponent: the digits before the first `_`, a version greater than zero; sorted by it.
      const versions = new Map<bigint, string>();
      for (const rel of direct('goose')) {
        const match = /^(\d+)_/.exec(rel);
        if (!match || BigInt(match[1]!) < 1n) {
          skip(rel, 'goose cannot run this file: its name does not start with a version number above zero followed by "_".');
          continue;
        }
        const version = BigInt(match[1]!);
        if (versions.has(version)) skip(rel, `goose refuses to run: version ${version} is also used by ${files.get(versions.get(version)!)!.path}.`);
        else versions.set(version, rel);
      }
      for (const [version, rel] of [...versions].sort(([a], [b]) => compareBigInt(a, b))) plan.inputs.push(input(rel, String(version)));
      break;
    }

    case 'dbmate':
      // pkg/dbmate/db.go FindMigrations: files matching `^(\d+).*\.sql$`, sorted by file name.
      for (const rel of direct('dbmate')) {
        const match = /^(\d+).*\.sql$/.exec(rel);
        if (match) plan.inputs.push(input(rel, match[1]));
        else skip(rel, 'dbmate does not run this file: its name does not start with a version number.');
      }
      break;

    case 'flyway':
      planFlyway(files, sql, plan, input, skip);
      break;

    case 'prisma': {
      const folders: string[] = [];
      for (const rel of sql) {
        if (/^[^/]+\/migration\.sql$/.test(rel)) folders.push(posix.dirname(rel));
        else skip(rel, 'Prisma Migrate only runs <migrations>/<timestamp>_<name>/migration.sql, so it does not run this file.');
      }
      // Prisma applies the migration folders in the order of their names.
      for (const folder of folders.sort(compareCodeUnits)) plan.inputs.push(input(`${folder}/migration.sql`, /^(\d+)(?:_|$)/.exec(folder)?.[1] ?? folder));
      break;
    }

    case 'drizzle':
      planDrizzle(root, files, direct('drizzle'), plan, input, skip);
      break;

    case 'diesel': {
      const folders = new Map<string, { up?: string; down?: string }>();
      for (const rel of sql) {
        const match = /^([^/]+)\/(up|down)\.sql$/.exec(rel);
        if (!match) {
          skip(rel, 'diesel only runs <migrations>/<version>_<name>/up.sql, so it does not run this file.');
          continue;
        }
        folders.set(match[1]!, { ...folders.get(match[1]!), [match[2]!]: rel });
      }
      // diesel_migrations: the version is the folder name up to the first `_`, dashes removed; sorted as text.
      const versioned = [...folders].map(([folder, pair]) => ({ folder, pair, version: folder.split('_')[0]!.replace(/-/g, '') }));
      versioned.sort((a, b) => compareCodeUnits(a.version, b.version) || compareCodeUnits(a.folder, b.folder));
      for (const { folder, pair, version } of versioned) {
        if (!pair.up) {
          skip(pair.down!, `The folder ${folder} has no up.sql: diesel refuses to run the migrations.`);
          continue;
        }
        plan.inputs.push(
          input(pair.up, version, {
            settings: files.get(`${folder}/metadata.toml`)?.text,
            down: pair.down ? downOf(files, pair.down) : undefined,
          }),
        );
      }
      break;
    }

    case 'supabase': {
      // pkg/migration/list.go ListLocalMigrations: directory order (by name), `^([0-9]+)_(.*)\.sql$`; a first
      // `<timestamp>_init.sql` older than 2021-12-09 is skipped for backward compatibility.
      direct('Supabase CLI').forEach((rel, i) => {
        const legacy = /^(\d{14})_init\.sql$/.exec(rel);
        if (i === 0 && legacy && BigInt(legacy[1]!) < 20211209000000n) {
          skip(rel, 'The Supabase CLI skips a first migration named <timestamp>_init.sql from before 2021-12-09.');
          return;
        }
        const match = /^([0-9]+)_(.*)\.sql$/.exec(rel);
        if (match) plan.inputs.push(input(rel, match[1]));
        else skip(rel, 'The Supabase CLI skips this file: its name is not <timestamp>_<name>.sql.');
      });
      break;
    }
  }
  return plan;
}

function downOf(files: FolderFiles, rel: string): { path: string; text: string } {
  const file = files.get(rel)!;
  return { path: file.path, text: file.text };
}

type InputOf = (rel: string, version: string | undefined, extra?: Partial<MigrationInput>) => MigrationInput;
type Skip = (rel: string, why: string) => void;

/**
 * Flyway scans its locations recursively. Versioned migrations (`V`) run in version order, then repeatable ones
 * (`R__`) in the order of their descriptions. An undo migration (`U`) is the down part of the `V` file with the
 * same version. Baseline migrations (`B`) only run on an empty schema, as the starting point instead of the
 * versioned migrations up to their version; against an existing database Flyway ignores them, so they are not
 * part of the run order here.
 */
function planFlyway(files: FolderFiles, sql: string[], plan: Plan, input: InputOf, skip: Skip): void {
  const versioned: { rel: string; version: bigint[]; text: string }[] = [];
  const undo: { rel: string; version: bigint[] }[] = [];
  const repeatable: { rel: string; description: string }[] = [];
  for (const rel of sql) {
    const base = posix.basename(rel);
    const match = FLYWAY_NAME.exec(base);
    if (!match) {
      skip(rel, 'Flyway does not run this file: its name is not V<version>__<description>.sql or R__<description>.sql.');
      continue;
    }
    if (base.startsWith('R')) {
      repeatable.push({ rel, description: match[2]!.replace(/_/g, ' ') });
      continue;
    }
    const version = parseFlywayVersion(match[1]!);
    if (!version) {
      skip(rel, `Flyway refuses to run: "${match[1]}" is not a version (numbers separated by "." or "_").`);
      continue;
    }
    if (base.startsWith('V')) versioned.push({ rel, version, text: match[1]!.replace(/_/g, '.') });
    else if (base.startsWith('U')) undo.push({ rel, version });
  }
  versioned.sort((a, b) => compareFlywayVersions(a.version, b.version));
  versioned.forEach((migration, i) => {
    const previous = versioned[i - 1];
    if (previous && compareFlywayVersions(previous.version, migration.version) === 0) {
      skip(migration.rel, `Flyway refuses to run: version ${migration.text} is also used by ${files.get(previous.rel)!.path}.`);
      return;
    }
    const down = undo.find((u) => compareFlywayVersions(u.version, migration.version) === 0);
    plan.inputs.push(
      input(migration.rel, migration.text, {
        settings: files.get(`${migration.rel}.conf`)?.text,
        down: down ? downOf(files, down.rel) : undefined,
      }),
    );
  });
  for (const u of undo) {
    if (!versioned.some((v) => compareFlywayVersions(v.version, u.version) === 0)) {
      skip(u.rel, 'This undo migration has no versioned migration with the same version.');
    }
  }
  repeatable.sort((a, b) => compareCodeUnits(a.description, b.description));
  for (const r of repeatable) plan.inputs.push(input(r.rel, undefined, { settings: files.get(`${r.rel}.conf`)?.text }));
}

/**
 * drizzle-orm's migrator (src/migrator.ts readMigrationFiles) runs exactly the entries of `meta/_journal.json`,
 * in their order, reading `<tag>.sql` for each; it refuses to run without the journal.
 */
function planDrizzle(root: string, files: FolderFiles, sql: string[], plan: Plan, input: InputOf, skip: Skip): void {
  const journalFile = files.get('meta/_journal.json');
  const journalPath = journalFile?.path ?? posix.join(root, 'meta/_journal.json');
  let tags: string[] | undefined;
  if (journalFile) {
    try {
      const entries = (JSON.parse(journalFile.text) as { entries?: { tag?: unknown }[] }).entries;
      if (!Array.isArray(entries)) throw new Error('no "entries" array');
      tags = entries.map((entry) => String(entry.tag));
    } catch (error) {
      plan.problems.push({ kind: 'runner', path: journalPath, message: `drizzle's migrator cannot read this journal (${(error as Error).message}); files are ordered by name here.` });
    }
  } else {
    plan.problems.push({ kind: 'runner', path: journalPath, message: "There is no meta/_journal.json: drizzle's migrator refuses to run without it; files are ordered by name here." });
  }
  const version = (rel: string) => /^\d+/.exec(rel)?.[0];
  if (!tags) {
    for (const rel of [...sql].sort(naturalCompare)) plan.inputs.push(input(rel, version(rel)));
    return;
  }
  for (const tag of tags) {
    const rel = `${tag}.sql`;
    if (files.has(rel)) plan.inputs.push(input(rel, version(rel)));
    else plan.problems.push({ kind: 'runner', path: posix.join(root, rel), message: "meta/_journal.json lists this migration but the file is missing: drizzle's migrator fails." });
  }
  for (const rel of sql) {
    if (!tags.includes(rel.slice(0, -'.sql'.length))) skip(rel, "This file is not listed in meta/_journal.json, so drizzle's migrator does not run it.");
  }
}
