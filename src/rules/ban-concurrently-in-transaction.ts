import type { AlterTableStmt, DropStmt, IndexStmt, ReindexStmt } from '@pgsql/types';
import { defineRule } from '../core/rule.js';
import { constantText, type AnalyzedFile, type StatementInfo } from '../core/statements.js';

const BEGIN_KINDS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START']);

export default defineRule({
  meta: {
    id: 'ban-concurrently-in-transaction',
    category: 'transactions',
    severity: 'error',
    summary: 'Run CONCURRENTLY commands outside a transaction block.',
    why:
      'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY and ALTER TABLE ... DETACH ' +
      'PARTITION ... CONCURRENTLY commit several transactions of their own and wait for other transactions in ' +
      'between, so Postgres refuses to run them inside a transaction block: the migration fails with "cannot run ' +
      'inside a transaction block". The block can come from the file (BEGIN) or from the migration runner, which ' +
      'wraps a file in a transaction or sends it as one multi-statement query (an implicit transaction).',
    safeAlternative:
      'Run the statement on its own, outside any transaction: take it out of BEGIN ... COMMIT, and turn off the ' +
      "runner's transaction for that migration (or give the statement a migration file of its own).",
    postgres: { note: 'REFRESH MATERIALIZED VIEW CONCURRENTLY may run in a transaction block and is not flagged.' },
    examples: {
      bad: ['BEGIN;\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\nCOMMIT;'],
      good: [
        'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
        'BEGIN;\nREFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;\nCOMMIT;',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
      'https://www.postgresql.org/docs/current/sql-dropindex.html',
      'https://www.postgresql.org/docs/current/sql-reindex.html',
      'https://www.postgresql.org/docs/current/sql-altertable.html',
    ],
  },
  create(context) {
    const check = (command: string, statement: StatementInfo) => {
      if (!statement.inTransaction) return;
      const { file } = context;
      const begin = openingBegin(file, statement);
      const runner =
        file.transaction === 'implicit'
          ? file.statements.length > 1
          : file.transaction === 'transaction' && statement.transaction === file.statements[0]?.transaction;
      const reasons: string[] = [];
      if (begin) reasons.push(`the file opens a transaction block on line ${file.lines.position(begin.range.start).line}`);
      if (runner) reasons.push(runnerWrapping(file));
      const help: string[] = [];
      if (begin) help.push('Move the statement out of the BEGIN ... COMMIT block.');
      if (runner) help.push(optOut(file));
      context.report(statement, {
        message: `${command} cannot run inside a transaction block, so this migration fails: ${reasons.join(', and ') || 'it runs inside a transaction'}.`,
        help: help.length > 0 ? help.join(' ') : undefined,
      });
    };
    return {
      IndexStmt(node: IndexStmt, statement) {
        if (node.concurrent) check('CREATE INDEX CONCURRENTLY', statement);
      },
      DropStmt(node: DropStmt, statement) {
        if (node.removeType === 'OBJECT_INDEX' && node.concurrent) check('DROP INDEX CONCURRENTLY', statement);
      },
      ReindexStmt(node: ReindexStmt, statement) {
        const option = node.params?.map((p) => (p as { DefElem?: { defname?: string; arg?: unknown } }).DefElem).find((d) => d?.defname === 'concurrently');
        if (option && !isFalse(option.arg)) check('REINDEX ... CONCURRENTLY', statement);
      },
      AlterTableStmt(node: AlterTableStmt, statement) {
        const detach = node.cmds?.some((c) => {
          const cmd = (c as { AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } }).AlterTableCmd;
          return cmd?.subtype === 'AT_DetachPartition' && cmd.def?.PartitionCmd?.concurrent;
        });
        if (detach) check('ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY', statement);
      },
    };
  },
});

/** `(CONCURRENTLY false)`, `(CONCURRENTLY off)`, `(CONCURRENTLY 0)`: the spellings Postgres reads as false. */
function isFalse(arg: unknown): boolean {
  const integer = (arg as { Integer?: { ival?: number } } | undefined)?.Integer;
  if (integer) return !integer.ival;
  const value = constantText(arg)?.toLowerCase();
  return value === 'false' || value === 'off';
}

/** The BEGIN statement in the file that opened the statement's transaction, if the file opened it. */
function openingBegin(file: AnalyzedFile, statement: StatementInfo): StatementInfo | undefined {
  return file.statements.find(
    (s) =>
      s.index < statement.index &&
      s.transaction === statement.transaction &&
      s.type === 'TransactionStmt' &&
      BEGIN_KINDS.has(s.node.kind as string),
  );
}

const RUNNERS: Record<AnalyzedFile['format'], string> = {
  plain: 'the migration runner',
  sql: 'the migration runner',
  'golang-migrate': 'golang-migrate',
  goose: 'goose',
  dbmate: 'dbmate',
  flyway: 'Flyway',
  prisma: 'Prisma Migrate',
  drizzle: "Drizzle's migrator",
  diesel: 'Diesel',
  supabase: 'the Supabase CLI',
};

function runnerWrapping(file: AnalyzedFile): string {
  const runner = RUNNERS[file.format];
  return file.transaction === 'implicit'
    ? `${runner} sends the file as one multi-statement query, which Postgres runs as a single implicit transaction`
    : `${runner} runs the whole file in one transaction`;
}

/** How to run one migration without the runner's transaction, in the file's migration format. */
function optOut(file: AnalyzedFile): string {
  const alone = 'Put the statement alone in a migration file of its own: sent together, several statements run as one implicit transaction.';
  const implicit = file.transaction === 'implicit';
  switch (file.format) {
    case 'goose':
      return 'Add `-- +goose NO TRANSACTION` at the top of the file so goose runs it without a transaction (keep the statements that need one in another migration).';
    case 'dbmate':
      return implicit
        ? `${alone} Keep \`transaction:false\` on its \`-- migrate:up\` line.`
        : 'Put the statement alone in a migration whose header reads `-- migrate:up transaction:false`, so dbmate runs it without a transaction (several statements would still go out as one query, which is one implicit transaction).';
    case 'diesel':
      return implicit
        ? `${alone} Keep \`run_in_transaction = false\` in its metadata.toml.`
        : 'Put the statement alone in the up.sql of a migration whose metadata.toml says `run_in_transaction = false`, so Diesel runs it without a transaction (several statements would still go out as one query, which is one implicit transaction).';
    case 'flyway':
      return `Create \`${file.path.split('/').at(-1)}.conf\` next to the file containing \`executeInTransaction=false\`.`;
    case 'drizzle':
      return "Drizzle's migrator runs all pending migrations in one transaction and has no switch to turn that off for one migration: run this statement outside it, e.g. from a script after `drizzle-kit migrate`.";
    case 'supabase':
      return 'Put the statement alone in a migration file of its own, as Supabase advises for CONCURRENTLY.';
    default:
      return implicit
        ? alone
        : 'Run this file without a wrapping transaction (with psql: without --single-transaction), or move the statement to a file that runs without one.';
  }
}
