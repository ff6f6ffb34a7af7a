import { runDynamic, type DynamicResult, type DynamicSet } from '../../src/check/dynamic.js';
import { lintSources } from '../../src/core/lint.js';
import { loadParser } from '../../src/core/parse.js';
import { silentProgress } from '../../src/core/progress.js';
import type { OpenProviderOptions } from '../../src/db/index.js';
import { readMigrationFile } from '../../src/migrations/index.js';
import { rules } from '../../src/rules/index.js';

/** Plain migrations of one folder, `db/migrations`, by file name, in run order. */
export interface Migrations {
  existing: Record<string, string>;
  changed: Record<string, string>;
}

/**
 * The database part of `check` (runDynamic) on one folder, for what run() does not expose: OpenProviderOptions
 * such as the run deadline.
 */
export async function checkOnDatabase(migrations: Migrations, database: OpenProviderOptions): Promise<DynamicResult> {
  await loadParser();
  const read = (name: string, text: string) => readMigrationFile({ format: 'plain', path: `db/migrations/${name}`, text }).file;
  const existing = Object.entries(migrations.existing).map(([name, text]) => read(name, text));
  const changed = Object.entries(migrations.changed).map(([name, text]) => read(name, text));
  const lint = lintSources(
    [...existing.map((file) => ({ ...file, change: undefined })), ...changed.map((file) => ({ ...file, change: 'change' }))],
    { postgresVersion: 17, rules },
  );
  const set: DynamicSet = {
    existing: existing.map(({ path, text, skipped, transaction }) => ({ path, text, skipped, transaction })),
    changed: changed.map((file) => ({ file, analyzed: lint.changed.get(file.path) })),
  };
  return runDynamic([set], {
    database,
    setup: [],
    tables: {},
    rules: new Map(rules.map((rule) => [rule.meta.id, rule])),
    progress: silentProgress,
  });
}
