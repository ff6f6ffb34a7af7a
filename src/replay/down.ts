import type { Session } from '../db/provider.js';
import type { MigrationFile } from '../migrations/types.js';
import { applyMigration, type ReplayFailure } from './apply.js';
import { compareFingerprints, schemaFingerprint, type SchemaFingerprint } from './fingerprint.js';

export type DownCheck =
  | { ok: true }
  | {
      ok: false;
      /** The down part failed, or the up part failed when applied again after it. */
      failure?: ReplayFailure;
      /** How the schema after the down part differs from the schema before the up part, one line per object. */
      difference?: string[];
    };

/**
 * Checks that a migration can be undone and done again, as `migrate down` then `migrate up` would: on a
 * database where `file` has just been applied, runs its down part (in the file's transaction mode), compares
 * the schema with `before` (the fingerprint taken before the up part was applied), then applies the up part
 * again, which must succeed. The database ends with the migration applied, unless something failed. A file
 * without a down part has nothing to check.
 */
export async function checkDownMigration(session: Session, file: MigrationFile, before: SchemaFingerprint): Promise<DownCheck> {
  if (!file.down) return { ok: true };
  const down = await applyMigration(session, { ...file.down, transaction: file.transaction });
  if (down) return { ok: false, failure: down };
  const difference = compareFingerprints(before, await schemaFingerprint(session));
  const again = await applyMigration(session, file);
  const failure = again && { ...again, message: `applying the migration again after its down part failed: ${again.message}` };
  if (!failure && difference.length === 0) return { ok: true };
  return { ok: false, ...(failure ? { failure } : {}), ...(difference.length > 0 ? { difference } : {}) };
}
