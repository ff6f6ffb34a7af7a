import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../../src/core/parse.js';
import type { Report } from '../../src/core/types.js';
import { unsafeStatement } from '../../src/replay/guard.js';
import { run } from '../../src/run.js';
import { PROVIDERS } from '../replay/providers.js';

describe('unsafeStatement', () => {
  beforeAll(() => loadParser());

  /** Whether the policy in src/replay/guard.ts (and README, Security) refuses the statement. */
  const cases: [sql: string, refused: boolean][] = [
    ['DROP DATABASE preflight', true],
    ['CREATE DATABASE other', true],
    ["ALTER DATABASE preflight SET work_mem = '1GB'", true],
    ['ALTER DATABASE preflight RENAME TO gone', true],
    ['GRANT CONNECT ON DATABASE preflight TO PUBLIC', true],
    ["ALTER SYSTEM SET work_mem = '1MB'", true],
    ["LOAD 'auto_explain'", true],
    ["CREATE TABLESPACE fast LOCATION '/mnt/fast'", true],
    ["COPY orders TO PROGRAM 'touch /tmp/x'", true],
    ["COPY orders FROM '/etc/passwd'", true],
    ['COPY orders FROM STDIN', false],
    ['COPY (SELECT 1) TO STDOUT', false],
    ['CREATE EXTENSION dblink', true],
    ['CREATE EXTENSION IF NOT EXISTS postgres_fdw', true],
    ['CREATE EXTENSION file_fdw', true],
    ['CREATE EXTENSION adminpack', true],
    ['CREATE EXTENSION plpython3u', true],
    ['CREATE LANGUAGE plperlu', true],
    ['CREATE EXTENSION pg_trgm', false],
    ['CREATE EXTENSION "uuid-ossp"', false],
    ['CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw', true],
    ['CREATE USER MAPPING FOR app SERVER remote', true],
    ['CREATE FOREIGN DATA WRAPPER mine', true],
    ["CREATE SUBSCRIPTION sub CONNECTION 'host=elsewhere' PUBLICATION pub", true],
    ["SELECT lo_import('/etc/passwd')", true],
    ["SELECT pg_catalog.pg_read_file('/etc/passwd')", true],
    ["SELECT * FROM pg_ls_dir('.')", true],
    ["SELECT dblink_exec('dbname=preflight', 'DROP TABLE t')", true],
    ["SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'preflight'", true],
    ['SELECT pg_terminate_backend(pg_backend_pid())', false],
    ['CREATE ROLE admin SUPERUSER', true],
    ['ALTER ROLE app WITH BYPASSRLS', true],
    ["ALTER ROLE CURRENT_USER PASSWORD 'x'", true],
    ['CREATE ROLE app LOGIN', false],
    ["ALTER ROLE app SET search_path = app", false],
    ['GRANT pg_execute_server_program TO app', true],
    ['GRANT app TO reporting', false],
    ['SET ROLE postgres', true],
    ['SET SESSION AUTHORIZATION postgres', true],
    ["SELECT set_config('role', 'postgres', false)", true],
    ["SELECT set_config('search_path', 'app', false)", false],
    ['RESET ROLE', false],
    ["CREATE FUNCTION f() RETURNS int AS '/tmp/evil.so', 'f' LANGUAGE c", true],
    ['DO LANGUAGE plpython3u $$ import os $$', true],
    ["DO $$ BEGIN IF true THEN COPY orders TO PROGRAM 'touch /tmp/x'; END IF; END $$", true],
    ["CREATE FUNCTION f(n int) RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM dblink_exec('dbname=x', 'SELECT 1'); END $$", true],
    ["CREATE FUNCTION f() RETURNS text LANGUAGE sql AS 'SELECT pg_read_file(''/etc/passwd'')'", true],
    ["CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT pg_read_file('/etc/passwd'); END", true],
    ['CREATE FUNCTION f(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN n + 1; END $$', false],
    // Built at run time: invisible to the guard; the server's permissions are what stops it (README, Security).
    ["DO $$ BEGIN EXECUTE format('COPY orders TO PROGRAM %L', 'touch /tmp/x'); END $$", false],
    ['CREATE TABLE orders (id bigint PRIMARY KEY)', false],
    ["ALTER TABLE orders ADD COLUMN note text DEFAULT 'x'", false],
  ];

  it.each(cases)('%s: refused %s', (sql, refused) => {
    const parsed = parseSql(sql);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const [statement] = parsed.statements;
    expect(unsafeStatement({ ...statement!, text: sql }) !== undefined).toBe(refused);
  });

  it('points at what is refused: the function call, the role option, or else the statement', () => {
    const located = (sql: string, at: string) => {
      const parsed = parseSql(sql);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return [unsafeStatement({ ...parsed.statements[0]!, text: sql })?.offset, sql.indexOf(at)];
    };
    for (const [sql, at] of [
      ["SELECT 1, lo_export(42, '/tmp/x')", 'lo_export'],
      ['CREATE ROLE admin LOGIN SUPERUSER', 'SUPERUSER'],
      ["COPY orders TO PROGRAM 'x'", 'COPY'],
    ] as const) {
      const [offset, expected] = located(sql, at);
      expect(offset).toBe(expected);
    }
  });
});

/** One attack per file, on line 2, between two harmless statements; `reason` is part of the refusal's message. */
const ATTACKS = (target: { database: string; second: string; marker: string }) => [
  { file: '010_drop_database.sql', attack: `DROP DATABASE ${target.database};`, reason: 'acts on a database of the server' },
  { file: '011_drop_second_database.sql', attack: `DROP DATABASE ${target.second} WITH (FORCE);`, reason: 'acts on a database of the server' },
  { file: '012_alter_system.sql', attack: "ALTER SYSTEM SET work_mem = '1MB';", reason: 'ALTER SYSTEM' },
  { file: '013_copy_to_program.sql', attack: `COPY (SELECT 1) TO PROGRAM 'touch ${target.marker}';`, reason: 'COPY ... PROGRAM runs a shell command' },
  { file: '014_copy_from_file.sql', attack: "COPY orders FROM '/etc/passwd';", reason: 'COPY with a file name' },
  { file: '015_dblink.sql', attack: 'CREATE EXTENSION dblink;', reason: 'the dblink extension' },
  {
    file: '016_dblink_exec.sql',
    attack: `SELECT dblink_exec('dbname=${target.database}', 'DROP TABLE untrusted_marker');`,
    reason: 'dblink_exec() connects to another database',
  },
  { file: '017_postgres_fdw.sql', attack: 'CREATE EXTENSION postgres_fdw;', reason: 'the postgres_fdw extension' },
  {
    file: '018_function_body.sql',
    attack: `DO $$ BEGIN COPY (SELECT 1) TO PROGRAM 'touch ${target.marker}'; END $$;`,
    reason: 'its body runs a statement that would be refused: COPY ... PROGRAM',
  },
];

interface Project {
  dir: string;
  changed: string[];
}

/**
 * A plain migrations folder: 001 creates a table, 002 (existing, replayed) tries COPY ... TO PROGRAM, and the
 * change is one file per attack; setup SQL tries ALTER SYSTEM on its line 2 and goes on.
 */
function writeProject(attacks: { file: string; attack: string }[], extra: Record<string, string> = {}): Project {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-untrusted-'));
  const files: Record<string, string> = {
    '.sql-preflight.yml': 'migrations:\n  - db/migrations\nsetup:\n  - db/setup.sql\n',
    'db/setup.sql': "CREATE TABLE setup_first (id int);\nALTER SYSTEM SET work_mem = '1MB';\nCREATE TABLE setup_last (id int);\n",
    'db/migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\nINSERT INTO orders VALUES (1);\n',
    'db/migrations/002_existing_copy.sql': "CREATE TABLE existing_first (id int);\nCOPY orders TO PROGRAM 'true';\n",
    ...Object.fromEntries(attacks.map(({ file, attack }, i) => [`db/migrations/${file}`, `CREATE TABLE before_${i} (id int);\n${attack}\nCREATE TABLE after_${i} (id int);\n`])),
    ...extra,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, changed: [...attacks.map((a) => a.file), ...Object.keys(extra).map((path) => path.split('/').at(-1)!)].map((file) => `db/migrations/${file}`) };
}

function findingsOf(report: Report, ruleId: string): { file: string; line: number; message: string }[] {
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => ({ file: f.file, line: f.line, message: f.message }));
}

const where = (findings: { file: string; line: number }[]) => findings.map((f) => `${f.file}:${f.line}`).sort();

for (const provider of PROVIDERS) describe.skipIf(provider.skip)(`check on ${provider.kind} refuses what reaches outside the throwaway database`, () => {
  // Names of nothing: this block checks the findings; the next one checks the server with real names.
  const target = { database: `preflight_absent_${randomBytes(4).toString('hex')}`, second: `preflight_absent_${randomBytes(4).toString('hex')}`, marker: join(tmpdir(), `sql-preflight-untrusted-${randomBytes(4).toString('hex')}`) };
  const attacks = ATTACKS(target);
  let project: Project;
  let report: Report;

  beforeAll(async () => {
    project = writeProject(attacks);
    const options = provider.options();
    const result = await run({
      cwd: project.dir,
      paths: [],
      changed: project.changed,
      database: { kind: provider.kind, url: options.databaseUrl, image: options.postgresImage },
    });
    report = result.report;
  }, 180_000);

  afterAll(() => {
    if (project) rmSync(project.dir, { recursive: true, force: true });
  });

  it('reports each refused statement where it stands, and runs nothing after it in its file', () => {
    const refused = findingsOf(report, 'unsafe-statement-refused');
    expect(where(refused)).toEqual(
      where([
        { file: 'db/setup.sql', line: 2 },
        { file: 'db/migrations/002_existing_copy.sql', line: 2 },
        ...attacks.map((a) => ({ file: `db/migrations/${a.file}`, line: 2 })),
      ]),
    );
    for (const attack of attacks) {
      const finding = refused.find((f) => f.file === `db/migrations/${attack.file}`)!;
      expect(finding.message).toContain('sql-preflight did not run this statement');
      expect(finding.message).toContain(attack.reason);
      const statements = report.files.find((f) => f.path === `db/migrations/${attack.file}`)!.statements;
      expect(statements.map((s) => s.trace !== undefined)).toEqual([true, false, false]);
    }
    expect(findingsOf(report, 'migration-failed')).toEqual([]);
    expect(findingsOf(report, 'base-migration-failed')).toEqual([]);
  });

  it('keeps the static findings on the refused statements', () => {
    expect(where(findingsOf(report, 'ban-drop-database'))).toEqual(['db/migrations/010_drop_database.sql:2', 'db/migrations/011_drop_second_database.sql:2']);
  });
});

const server = PROVIDERS.find((p) => p.kind === 'url')!;

describe.skipIf(server.skip)('check on a database URL leaves the server as it was', () => {
  const suffix = randomBytes(4).toString('hex');
  const table = `untrusted_marker_${suffix}`;
  const second = `preflight_untrusted_${suffix}`;
  const marker = join(tmpdir(), `sql-preflight-untrusted-${suffix}`);
  let url: URL;
  let database: string;
  let project: Project;
  let report: Report;
  let throwaway: string | undefined;
  /**
   * Held open during the run: should the guard ever let DROP DATABASE through, the URL's database, which other
   * tests share, is then in use and cannot be dropped; the test still fails, on its findings.
   */
  let holder: pg.Client | undefined;

  const connect = async (name: string) => {
    const other = new URL(url);
    other.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: other.toString() });
    await client.connect();
    return client;
  };
  const withClient = async <T>(name: string, use: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = await connect(name);
    try {
      return await use(client);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    url = new URL(server.options().databaseUrl!);
    database = url.pathname.slice(1);
    holder = await connect(database);
    await holder.query(`CREATE TABLE ${table} (note text)`);
    await holder.query(`INSERT INTO ${table} VALUES ('still here')`);
    await holder.query(`CREATE DATABASE ${second}`);
    await withClient(second, async (client) => {
      await client.query(`CREATE TABLE ${table} (note text)`);
      await client.query(`INSERT INTO ${table} VALUES ('still here')`);
    });

    // Dynamic SQL is out of the guard's sight: the role's missing privileges stop these (README, Security).
    const dynamic = {
      'db/migrations/020_dynamic_copy.sql':
        `CREATE FUNCTION sneak_copy() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('COPY (SELECT 1) TO PROGRAM %L', 'touch ${marker}'); END $$;\n` +
        'SELECT sneak_copy();\n',
      'db/migrations/021_dynamic_drop.sql':
        `CREATE FUNCTION sneak_drop() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('DROP DATABASE %I', '${second}'); END $$;\n` +
        'SELECT sneak_drop();\n',
      'db/migrations/022_dynamic_dblink.sql': "DO $$ BEGIN EXECUTE 'CREATE EXTENSION ' || 'dblink'; END $$;\n",
    };
    project = writeProject(ATTACKS({ database, second, marker }), dynamic);
    const result = await run({
      cwd: project.dir,
      paths: [],
      changed: project.changed,
      database: { kind: 'url', url: url.toString() },
      progress: {
        phase: (_name, work) => work(),
        step: () => {},
        note: (message) => (throwaway ??= /throwaway database (\S+)/.exec(message)?.[1]),
      },
    });
    report = result.report;
  }, 180_000);

  afterAll(async () => {
    if (project) rmSync(project.dir, { recursive: true, force: true });
    rmSync(marker, { force: true });
    if (!holder) return;
    await holder.query(`DROP TABLE IF EXISTS ${table}`);
    await holder.query(`DROP DATABASE IF EXISTS ${second} WITH (FORCE)`);
    await holder.end();
  });

  it('reports the attacks as refused, where they stand', () => {
    const attacks = ATTACKS({ database, second, marker }).map((a) => `db/migrations/${a.file}:2`);
    expect(where(findingsOf(report, 'unsafe-statement-refused'))).toEqual([...attacks, 'db/migrations/002_existing_copy.sql:2', 'db/setup.sql:2'].sort());
  });

  it("leaves the URL's database and the role's other database with their rows", async () => {
    for (const name of [database, second]) {
      const rows = await withClient(name, (client) => client.query(`SELECT note FROM ${table}`));
      expect(rows.rows).toEqual([{ note: 'still here' }]);
    }
  });

  it('runs no program on the server', () => {
    expect(existsSync(marker)).toBe(false);
  });

  it('drops its throwaway database (and template) at the end', async () => {
    expect(throwaway).toMatch(/^sql_preflight_[0-9a-f]+$/);
    const left = await withClient(database, (client) =>
      client.query('SELECT datname FROM pg_database WHERE datname = $1 OR datname = $2', [throwaway, `${throwaway}_template`]),
    );
    expect(left.rows).toEqual([]);
  });

  it('leaves SQL built at run time to the server, which refuses it for a role without those privileges', () => {
    const failed = findingsOf(report, 'migration-failed');
    expect(where(failed)).toEqual(['db/migrations/020_dynamic_copy.sql:2', 'db/migrations/021_dynamic_drop.sql:2', 'db/migrations/022_dynamic_dblink.sql:1']);
    const message = (file: string) => failed.find((f) => f.file === `db/migrations/${file}`)!.message;
    expect(message('020_dynamic_copy.sql')).toMatch(/superuser|pg_execute_server_program/);
    expect(message('021_dynamic_drop.sql')).toContain('DROP DATABASE cannot be executed from a function');
    expect(message('022_dynamic_dblink.sql')).toContain('permission denied to create extension "dblink"');
  });
});
