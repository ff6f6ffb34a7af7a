/** A problem with how sql-preflight was called: a flag, the config or a file it could not read (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}
