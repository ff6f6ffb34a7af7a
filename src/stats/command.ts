import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { describe, type Session } from '../db/provider.js';
import { hideSecrets, redactUrl } from '../db/redact.js';
import { exportStats } from './export.js';
import { formatStatsFile } from './file.js';

const USAGE = `Usage: sql-preflight stats export --database-url URL [--output FILE] [--schema SCHEMA]... [--no-values]

Writes the table sizes (pg_class) and column statistics (pg_stats) of a database as JSON, for check --stats.
It reads nothing else, over one read-only connection.

  --database-url URL   the database to read, e.g. production or a replica of it
  --output FILE        write the file here instead of to standard output
  --schema SCHEMA      only this schema (repeatable; default: every schema but the system ones)
  --no-values          leave out the statistics that hold column values (most common values, histograms)
`;

const CONNECT_TIMEOUT_MS = 10_000;
/** Reading pg_stats of a large schema takes seconds, not minutes; this only keeps a stuck server from hanging CI. */
const STATEMENT_TIMEOUT_MS = 120_000;

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

/**
 * `sql-preflight stats export`: `argv` holds the arguments after `stats export`. Exit codes: 0 written, 2 a usage,
 * connection, database or file problem. The password of the URL is never printed.
 */
export async function statsExportCommand(argv: string[], io: CommandIo): Promise<number> {
  const fail = (message: string, hint = false) => {
    io.stderr.write(`sql-preflight: ${message}\n${hint ? 'Run sql-preflight stats export --help for usage.\n' : ''}`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'database-url': { type: 'string' },
        output: { type: 'string' },
        schema: { type: 'string', multiple: true },
        'no-values': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs quotes the arguments it rejects, and one of them may be the URL.
    return fail(argv.reduce((message, arg) => hideSecrets(message, arg), (error as Error).message), true);
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  // No SQL_PREFLIGHT_DATABASE_URL fallback: that variable names the server for throwaway databases, not production.
  const url = values['database-url'];
  if (!url) return fail('stats export needs --database-url, the database to read the statistics of.', true);
  if (!/^postgres(ql)?:\/\//.test(url)) return fail(`--database-url must be a postgres:// URL, not ${redactUrl(url)}.`, true);

  const where = redactUrl(url);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'sql-preflight stats export',
  });
  // A connection the server ends is reported as an 'error' event, which would otherwise crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    return fail(hideSecrets(`could not connect to ${where}: ${describe(error)}`, url));
  }
  let text: string;
  let summary: string;
  try {
    await client.query('SET default_transaction_read_only = on');
    const stats = await exportStats(sessionOf(client), { schemas: values.schema, withValues: !values['no-values'] });
    const columns = stats.tables.reduce((sum, table) => sum + table.columns.length, 0);
    for (const schema of values.schema ?? []) {
      if (!stats.tables.some((table) => table.schema === schema)) io.stderr.write(`sql-preflight: schema "${schema}" has no tables on ${where}.\n`);
    }
    text = formatStatsFile(stats);
    summary = `statistics of ${plural(stats.tables.length, 'table')} (${plural(columns, 'column')}) from PostgreSQL ${stats.source.server_version} at ${where}`;
  } catch (error) {
    return fail(hideSecrets(`could not read the statistics from ${where}: ${describe(error)}`, url));
  } finally {
    await client.end().catch(() => {});
  }

  if (!values.output) {
    io.stdout.write(text);
    io.stderr.write(`sql-preflight: wrote the ${summary}.\n`);
    return 0;
  }
  try {
    writeFileSync(resolve(io.cwd, values.output), text);
  } catch (error) {
    return fail(`${values.output}: cannot write the statistics (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  io.stderr.write(`sql-preflight: wrote the ${summary} to ${values.output}.\n`);
  return 0;
}

function sessionOf(client: pg.Client): Session {
  return {
    query: async <Row>(sql: string, params: unknown[] = []) => {
      // @types/pg does not know queryMode; 'extended' makes a parameterless query single-statement too.
      const config = { text: sql, values: params, queryMode: 'extended' };
      return (await client.query(config)).rows as Row[];
    },
    exec: async (sql: string) => {
      await client.query(sql);
    },
    close: () => client.end(),
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
