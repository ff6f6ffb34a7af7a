import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser, parseSql } from '../../src/core/parse.js';
import { LineIndex } from '../../src/core/source.js';
import { analyzeStatements, isDisabledTimeout } from '../../src/core/statements.js';
import type { TransactionMode } from '../../src/core/types.js';

beforeAll(loadParser);

function analyze(sql: string, mode: TransactionMode = 'none') {
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return analyzeStatements(parsed.statements, mode, new LineIndex(sql)).map((s) => ({
    text: s.text,
    tx: s.transaction,
    lock: s.lockTimeout,
    statement: s.statementTimeout,
  }));
}

describe('transaction tracking', () => {
  it('autocommits each statement without a runner transaction or BEGIN', () => {
    expect(analyze('SELECT 1; SELECT 2;').map((s) => s.tx)).toEqual([undefined, undefined]);
  });

  it('puts every statement in the runner transaction', () => {
    expect(analyze('SELECT 1; SELECT 2;', 'transaction').map((s) => s.tx)).toEqual([1, 1]);
  });

  it('runs a lone statement of an implicit-transaction file on its own', () => {
    expect(analyze('CREATE INDEX CONCURRENTLY i ON t (a);', 'implicit').map((s) => s.tx)).toEqual([undefined]);
    expect(analyze('SELECT 1; CREATE INDEX CONCURRENTLY i ON t (a);', 'implicit').map((s) => s.tx)).toEqual([1, 1]);
  });

  it('follows explicit BEGIN and COMMIT', () => {
    expect(analyze('SELECT 1; BEGIN; SELECT 2; COMMIT; SELECT 3; BEGIN; SELECT 4; ROLLBACK;').map((s) => s.tx)).toEqual([
      undefined, 1, 1, 1, undefined, 2, 2, 2,
    ]);
  });
});

describe('timeout tracking', () => {
  it('applies SET from the next statement on, until RESET', () => {
    expect(analyze("SELECT 1; SET lock_timeout = '5s'; SELECT 2; RESET lock_timeout; SELECT 3;").map((s) => s.lock)).toEqual([
      undefined, undefined, '5s', '5s', undefined,
    ]);
  });

  it('ends SET LOCAL with its transaction', () => {
    expect(analyze("BEGIN; SET LOCAL lock_timeout = '2s'; SELECT 1; COMMIT; SELECT 2;").map((s) => s.lock)).toEqual([
      undefined, undefined, '2s', '2s', undefined,
    ]);
  });

  it('ignores SET LOCAL outside a transaction block, as Postgres does', () => {
    expect(analyze("SET LOCAL lock_timeout = '2s'; SELECT 1;").map((s) => s.lock)).toEqual([undefined, undefined]);
  });

  it('undoes a session SET made in a rolled-back transaction', () => {
    expect(analyze("BEGIN; SET statement_timeout = '1min'; ROLLBACK; SELECT 1;").map((s) => s.statement)).toEqual([
      undefined, undefined, '1min', undefined,
    ]);
  });

  it('reads set_config with its is_local flag', () => {
    expect(
      analyze("SELECT set_config('lock_timeout', '3s', false); SELECT 1; BEGIN; SELECT set_config('statement_timeout', '9s', true); SELECT 2; COMMIT; SELECT 3;").map(
        (s) => [s.lock, s.statement],
      ),
    ).toEqual([
      [undefined, undefined], ['3s', undefined], ['3s', undefined], ['3s', undefined], ['3s', '9s'], ['3s', '9s'], ['3s', undefined],
    ]);
  });

  it('reads numeric and unit values, and RESET ALL', () => {
    expect(analyze('SET lock_timeout TO 1000; SELECT 1; RESET ALL; SELECT 2;').map((s) => s.lock)).toEqual([undefined, '1000', '1000', undefined]);
  });

  it('treats zero in any unit as no timeout', () => {
    expect(['0', '0ms', '0s', ' 0 min'].every(isDisabledTimeout)).toBe(true);
    expect(['5s', '100', '1min'].some(isDisabledTimeout)).toBe(false);
  });
});
