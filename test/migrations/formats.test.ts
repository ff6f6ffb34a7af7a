import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/core/lint.js';
import type { MigrationFormat, SqlSource, TransactionMode } from '../../src/core/types.js';
import { discoverMigrations } from '../../src/migrations/index.js';
import rule from '../../src/rules/require-concurrent-index-creation.js';
import { executed } from './helpers.js';

const cwd = fileURLToPath(new URL('../..', import.meta.url));

interface FormatCase {
  format: MigrationFormat;
  root: string;
  /** Relative to the root, in run order. */
  files: string[];
  versions: (string | undefined)[];
  transactions: TransactionMode[];
  /** The down part of the migration that replaces the name index, relative to the root. */
  down?: string;
  /**
   * Where require-concurrent-index-creation reports the last migration's CREATE INDEX, counted by hand: the
   * statement follows `/* ✓ *\/ ` (8 code points, the check mark is 3 bytes), so it starts in column 9, and
   * `CREATE INDEX users_name_lower_idx ON users (lower(name))` is 56 code points (62 with Prisma's and Drizzle's
   * quoted identifiers).
   */
  finding: { line: number; column: number; endLine: number; endColumn: number };
}

const unquoted = (line: number) => ({ line, column: 9, endLine: line, endColumn: 9 + 56 });
const quoted = (line: number) => ({ line, column: 9, endLine: line, endColumn: 9 + 62 });

const cases: FormatCase[] = [
  {
    format: 'plain',
    root: 'fixtures/formats/plain',
    files: ['1_create_users.sql', '2_add_email.sql', '3_email_index.sql', '10_replace_name_index.sql'],
    versions: ['1', '2', '3', '10'],
    transactions: ['none', 'none', 'none', 'none'],
    finding: unquoted(3),
  },
  {
    format: 'golang-migrate',
    root: 'fixtures/formats/golang-migrate',
    files: ['1_create_users.up.sql', '2_add_email.up.sql', '3_email_index.up.sql', '10_replace_name_index.up.sql'],
    versions: ['1', '2', '3', '10'],
    transactions: ['implicit', 'implicit', 'implicit', 'implicit'],
    down: '10_replace_name_index.down.sql',
    finding: unquoted(3),
  },
  {
    format: 'goose',
    root: 'fixtures/formats/goose',
    files: ['1_create_users.sql', '2_add_email.sql', '3_email_index.sql', '10_replace_name_index.sql'],
    versions: ['1', '2', '3', '10'],
    transactions: ['transaction', 'transaction', 'none', 'transaction'],
    down: '10_replace_name_index.sql',
    // Line 1 is `-- +goose Up`, line 2 the comment, line 3 the DROP INDEX.
    finding: unquoted(4),
  },
  {
    format: 'dbmate',
    root: 'fixtures/formats/dbmate/db/migrations',
    files: [
      '20240101120000_create_users.sql',
      '20240102090000_add_email.sql',
      '20240103080000_email_index.sql',
      '20240104070000_replace_name_index.sql',
    ],
    versions: ['20240101120000', '20240102090000', '20240103080000', '20240104070000'],
    // `-- migrate:up transaction:false` makes dbmate send the block in one Exec outside a transaction.
    transactions: ['transaction', 'transaction', 'implicit', 'transaction'],
    down: '20240104070000_replace_name_index.sql',
    finding: unquoted(4),
  },
  {
    format: 'flyway',
    root: 'fixtures/formats/flyway/db/migration',
    // 1.9 before 1.10; the baseline (B1_10) is not run against an existing database; repeatables last, by description.
    files: [
      'V1__create_users.sql',
      'V1_1__add_email.sql',
      'V1_9__email_index.sql',
      'V1_10__replace_name_index.sql',
      'V1_11__email_lower_index.sql',
      'R__a_report_view.sql',
      'R__users_view.sql',
    ],
    versions: ['1', '1.1', '1.9', '1.10', '1.11', undefined, undefined],
    // V1_9 opts out in its .conf; Flyway itself runs V1_11 (CREATE INDEX CONCURRENTLY) outside a transaction.
    transactions: ['transaction', 'transaction', 'none', 'transaction', 'none', 'transaction', 'transaction'],
    down: 'U1_10__replace_name_index.sql',
    finding: unquoted(3),
  },
  {
    format: 'prisma',
    root: 'fixtures/formats/prisma/prisma/migrations',
    files: [
      '20240101120000_create_users/migration.sql',
      '20240102090000_add_email/migration.sql',
      '20240103080000_email_index/migration.sql',
      '20240104070000_replace_name_index/migration.sql',
    ],
    versions: ['20240101120000', '20240102090000', '20240103080000', '20240104070000'],
    transactions: ['implicit', 'implicit', 'implicit', 'implicit'],
    finding: quoted(5),
  },
  {
    format: 'drizzle',
    root: 'fixtures/formats/drizzle/drizzle',
    files: ['0000_create_users.sql', '0001_add_email.sql', '0002_email_index.sql', '0003_replace_name_index.sql'],
    versions: ['0000', '0001', '0002', '0003'],
    transactions: ['transaction', 'transaction', 'transaction', 'transaction'],
    finding: quoted(3),
  },
  {
    format: 'diesel',
    root: 'fixtures/formats/diesel/migrations',
    files: [
      '2024-01-01-120000_create_users/up.sql',
      '2024-01-02-090000_add_email/up.sql',
      '2024-01-03-080000_email_index/up.sql',
      '2024-01-04-070000_replace_name_index/up.sql',
    ],
    versions: ['20240101120000', '20240102090000', '20240103080000', '20240104070000'],
    // metadata.toml `run_in_transaction = false`: diesel sends up.sql in one batch_execute, no BEGIN.
    transactions: ['transaction', 'transaction', 'implicit', 'transaction'],
    down: '2024-01-04-070000_replace_name_index/down.sql',
    finding: unquoted(3),
  },
  {
    format: 'supabase',
    root: 'fixtures/formats/supabase/supabase/migrations',
    files: [
      '20240101120000_create_users.sql',
      '20240102090000_add_email.sql',
      '20240103080000_email_index.sql',
      '20240104070000_replace_name_index.sql',
    ],
    versions: ['20240101120000', '20240102090000', '20240103080000', '20240104070000'],
    transactions: ['transaction', 'transaction', 'transaction', 'transaction'],
    finding: unquoted(3),
  },
];

const { sets, problems } = await discoverMigrations(cwd, ['fixtures/formats']);

describe('fixtures/formats', () => {
  it('finds one set per fixture, with no problems', () => {
    expect(sets.map((s) => [s.root, s.format])).toEqual(
      [...cases].sort((a, b) => a.root.localeCompare(b.root)).map((c) => [c.root, c.format]),
    );
    expect(problems).toEqual([]);
  });

  for (const c of cases) {
    describe(c.format, () => {
      const set = () => sets.find((s) => s.root === c.root)!;
      const replaced = () => set().files.find((f) => /replace_name_index/.test(f.path))!;

      it('is detected and read in run order with its versions', () => {
        expect(set().format).toBe(c.format);
        expect(set().files.map((f) => f.path)).toEqual(c.files.map((f) => `${c.root}/${f}`));
        expect(set().files.map((f) => f.version)).toEqual(c.versions);
      });

      it('has the runner’s transaction mode', () => {
        expect(set().files.map((f) => f.transaction)).toEqual(c.transactions);
      });

      it('executes only the up part forward', () => {
        const file = replaced();
        expect(executed(file.text, file.skipped)).toEqual(['DropStmt', 'IndexStmt users_name_lower_idx']);
        if (c.down) {
          expect(file.down?.path).toBe(`${c.root}/${c.down}`);
          expect(executed(file.down!.text, file.down!.skipped)).toEqual(['DropStmt', 'IndexStmt users_name_idx']);
        } else {
          expect(file.down).toBeUndefined();
        }
      });

      // The down part's `CREATE INDEX users_name_idx` would be reported as well if it were read forward.
      it('reports positions in the original file, and nothing from the down part', () => {
        const sources: SqlSource[] = set().files.map((f) => ({ ...f, change: f === replaced() ? 'pr' : undefined }));
        const { findings } = lintSources(sources, { postgresVersion: 17, rules: [rule] });
        expect(findings.map((f) => ({ file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn }))).toEqual([
          { file: replaced().path, ...c.finding },
        ]);
      });
    });
  }
});

describe('goose sections', () => {
  it('runs the StatementBegin/End block in the Up section and none of the Down section', () => {
    const file = sets.find((s) => s.format === 'goose')!.files[1]!;
    expect(executed(file.text, file.skipped)).toEqual(['AlterTableStmt', 'CreateFunctionStmt']);
    expect(executed(file.down!.text, file.down!.skipped)).toEqual(['DropStmt', 'AlterTableStmt']);
  });
});
