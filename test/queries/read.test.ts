import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../../src/core/parse.js';
import { LineIndex } from '../../src/core/source.js';
import type { ByteRange } from '../../src/core/types.js';
import { readQueryFile, type Query } from '../../src/queries/index.js';

beforeAll(() => loadParser());

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/queries/db/queries/${name}`, import.meta.url), 'utf8');

/** 1-based line and column (code points) of the start and the exclusive end of a range. */
const at = (text: string, range: ByteRange) => {
  const { line, column, endLine, endColumn } = new LineIndex(text).span(range);
  return [line, column, endLine, endColumn];
};

const byName = (queries: Query[]) => new Map(queries.map((q) => [q.name, q]));

describe('a sqlc queries file', () => {
  const text = fixture('shop.sql');
  let queries: Query[];
  beforeAll(() => {
    queries = readQueryFile('db/queries/shop.sql', text);
  });

  it('holds one query per annotation, each placed from its first token to its last', () => {
    expect(queries.map((q) => [q.name, q.command, ...at(text, q.range)])).toEqual([
      ['GetCustomer', ':one', 5, 1, 6, 14],
      ['GetCustomerByEmail', ':one', 9, 1, 11, 34],
      ['ListOrdersForCustomer', ':many', 15, 1, 20, 28],
      ['SearchOrders', ':many', 23, 1, 29, 25],
      ['OrdersByIDs', ':many', 32, 1, 34, 31],
      ['OrdersInStatuses', ':many', 38, 1, 40, 39],
      ['GetOrderWithCustomer', ':one', 43, 1, 46, 28],
      ['CreateOrder', ':one', 49, 1, 51, 25],
      ['UpdateOrderStatus', ':execrows', 54, 1, 57, 37],
      ['MarkShipped', ':exec', 60, 1, 62, 14],
      ['DeleteAbandonedCarts', ':execresult', 65, 1, 67, 61],
      ['CopyOrderItems', ':copyfrom', 70, 1, 71, 44],
      ['AddLoyaltyPoints', ':batchexec', 74, 1, 74, 62],
      ['BigSpenders', ':many', 77, 1, 87, 22],
      ['CountOrders', ':one', 90, 1, 90, 61],
    ]);
    expect(queries.every((q) => q.file === 'db/queries/shop.sql' && q.problem === undefined)).toBe(true);
  });

  it('numbers each name once, in order of first appearance, around the $n already there', () => {
    const q = byName(queries);
    expect(q.get('GetCustomer')!.parameters).toEqual([{ index: 1 }]);
    expect(q.get('ListOrdersForCustomer')!.parameters).toEqual([
      { index: 1, name: 'customer_id' },
      { index: 2, name: 'before_id' },
      { index: 3, name: 'page_size' },
    ]);
    expect(q.get('SearchOrders')!.parameters).toEqual([
      { index: 1, name: 'status', nullable: true },
      { index: 2, name: 'min_total' },
    ]);
    expect(q.get('OrdersByIDs')!.parameters).toEqual([{ index: 1, name: 'ids' }]);
    expect(q.get('OrdersInStatuses')!.parameters).toEqual([{ index: 1, name: 'statuses', list: true }]);
    expect(q.get('UpdateOrderStatus')!.parameters).toEqual([
      { index: 1, name: 'status' },
      { index: 2, name: 'id' },
    ]);
    expect(q.get('MarkShipped')!.parameters).toEqual([{ index: 1 }, { index: 2, name: 'tracking_id' }]);
    expect(q.get('GetOrderWithCustomer')!.parameters).toEqual([{ index: 1, name: 'order_id' }]);
  });

  it('rewrites the parameters and sqlc.embed, keeping casts, literals, quoted names, comments and dollar quotes', () => {
    const q = byName(queries);
    expect(q.get('GetCustomerByEmail')!.sql).toBe('SELECT id, email, loyalty_tier\nFROM customers\nWHERE email = lower($1::text)');
    expect(q.get('ListOrdersForCustomer')!.sql).toBe(
      'SELECT id, status, total, ordered_at\nFROM orders\nWHERE customer_id = $1\n  AND id < $2\nORDER BY id DESC\nLIMIT $3',
    );
    expect(q.get('SearchOrders')!.sql).toBe(
      [
        'SELECT id AS "@id", status, total',
        'FROM orders',
        'WHERE ($1::text IS NULL OR status = $1)',
        '  AND total >= $2::numeric',
        "  AND coalesce(note, '') <> 'café: @notaparam costs $1' /* not sqlc.arg(x) */",
        '  AND note IS DISTINCT FROM $$sqlc.narg(y) and @z$$',
        'ORDER BY ordered_at DESC',
      ].join('\n'),
    );
    expect(q.get('OrdersByIDs')!.sql).toBe('SELECT id, status\nFROM orders\nWHERE id = ANY($1::bigint[])');
    expect(q.get('OrdersInStatuses')!.sql).toBe('SELECT id\nFROM orders\nWHERE status IN ($1)');
    expect(q.get('GetOrderWithCustomer')!.sql).toBe(
      'SELECT orders.*, c.*\nFROM orders\nJOIN customers AS c ON c.id = orders.customer_id\nWHERE orders.id = $1',
    );
    expect(q.get('UpdateOrderStatus')!.sql).toBe(
      'UPDATE orders\nSET status = $1,\n    shipped_at = CASE WHEN $1 = \'shipped\' THEN now() ELSE shipped_at END\nWHERE id = $2 AND status <> $1',
    );
    expect(q.get('MarkShipped')!.sql).toBe('UPDATE orders\nSET shipped_at = now(), tracking_id = $2::uuid\nWHERE id = $1');
    expect(q.get('DeleteAbandonedCarts')!.sql).toBe(
      "DELETE FROM orders\nWHERE status = 'cart'\n  AND ordered_at < now() - make_interval(days => $1::int)",
    );
    expect(q.get('CountOrders')!.sql).toBe('SELECT count(*) FROM orders WHERE customer_id = $1');
  });

  it('plans every query but the :copyfrom, which sqlc runs as COPY', () => {
    expect(queries.filter((q) => !q.plannable).map((q) => [q.name, q.skipReason])).toEqual([
      ['CopyOrderItems', expect.stringMatching(/^sqlc runs a :copyfrom query as COPY FROM STDIN/)],
    ]);
    expect(byName(queries).get('CopyOrderItems')!.sql).toBe('INSERT INTO order_items (order_id, sku, quantity, price)\nVALUES ($1, $2, $3, $4)');
  });
});

describe('a plain SQL file', () => {
  const text = fixture('report.sql');

  it('holds one query per statement; utility statements are not planned', () => {
    const queries = readQueryFile('db/queries/report.sql', text);
    expect(queries.map((q) => [q.sql.split(/\s/)[0], q.plannable, ...at(text, q.range)])).toEqual([
      ['SET', false, 2, 1, 2, 31],
      ['SELECT', true, 4, 1, 8, 11],
      ['UPDATE', true, 10, 1, 12, 48],
      ['VACUUM', false, 14, 1, 14, 24],
    ]);
    expect(queries.map((q) => q.skipReason)).toEqual([
      'SET is not a query EXPLAIN can plan: only SELECT, INSERT, UPDATE, DELETE and MERGE are.',
      undefined,
      undefined,
      'VACUUM is not a query EXPLAIN can plan: only SELECT, INSERT, UPDATE, DELETE and MERGE are.',
    ]);
    expect(queries.map((q) => q.parameters)).toEqual([[], [{ index: 1 }], [], []]);
    expect(queries.every((q) => q.name === undefined && q.command === undefined && q.problem === undefined)).toBe(true);
  });

  it('leaves @x alone: outside sqlc it is the absolute-value operator', () => {
    const [query] = readQueryFile('q.sql', 'SELECT @balance FROM accounts WHERE id = $1;');
    expect(query!.sql).toBe('SELECT @balance FROM accounts WHERE id = $1');
    expect(query!.parameters).toEqual([{ index: 1 }]);
  });

  it('lists every $n up to the highest, so that Postgres gets to say which one it cannot type', () => {
    expect(readQueryFile('q.sql', 'SELECT $3::int;')[0]!.parameters).toEqual([{ index: 1 }, { index: 2 }, { index: 3 }]);
  });

  it('plans the statements EXPLAIN takes, WITH and MERGE included', () => {
    const text = [
      'WITH gone AS (DELETE FROM carts RETURNING id) SELECT count(*) FROM gone;',
      'MERGE INTO stock s USING incoming i ON s.sku = i.sku WHEN MATCHED THEN UPDATE SET qty = s.qty + i.qty;',
      'INSERT INTO t VALUES (1);',
      'CREATE INDEX t_a ON t (a);',
      'EXPLAIN SELECT 1;',
      'SELECT * INTO copy FROM t;',
    ].join('\n');
    expect(readQueryFile('q.sql', text).map((q) => [q.plannable, q.skipReason])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, undefined],
      [false, 'CREATE is not a query EXPLAIN can plan: only SELECT, INSERT, UPDATE, DELETE and MERGE are.'],
      [false, 'EXPLAIN is not a query EXPLAIN can plan: only SELECT, INSERT, UPDATE, DELETE and MERGE are.'],
      [false, 'SELECT INTO creates a table (it is CREATE TABLE AS), so it is not planned as a query.'],
    ]);
  });

  it('keeps the statements around a broken one, as psql runs them one by one', () => {
    const text = 'SELECT 1;\nSELECT FROM WHERE;\nUPDATE t SET a = 2;\n';
    const queries = readQueryFile('q.sql', text);
    expect(queries.map((q) => [q.sql, ...at(text, q.range)])).toEqual([
      ['SELECT 1', 1, 1, 1, 9],
      ['', 2, 1, 2, 18],
      ['UPDATE t SET a = 2', 3, 1, 3, 19],
    ]);
    expect(queries[1]!.plannable).toBe(false);
    expect(queries[1]!.problem!.message).toBe('syntax error at or near "WHERE"');
    expect(at(text, queries[1]!.problem!.range)).toEqual([2, 13, 2, 13]);
  });
});

describe('a broken query', () => {
  it('gets Postgres’ message at its place in the file, and the queries around it are still read', () => {
    const text = [
      '-- name: Fine :one',
      'SELECT 1;',
      '',
      '-- name: Broken :many',
      'SELECT id FROM orders WHERE status = @status AND AND total > 0;',
      '',
      '-- name: AfterBroken :exec',
      'DELETE FROM orders WHERE id = @id;',
    ].join('\n');
    const [fine, broken, after] = readQueryFile('q.sql', text);
    expect(fine!.problem).toBeUndefined();
    expect(broken).toMatchObject({ name: 'Broken', command: ':many', sql: '', parameters: [], plannable: false });
    expect(broken!.problem!.message).toBe('syntax error at or near "AND"');
    expect(at(text, broken!.problem!.range)).toEqual([5, 50, 5, 50]);
    expect(at(text, broken!.range)).toEqual([5, 1, 5, 63]);
    expect(after).toMatchObject({ name: 'AfterBroken', sql: 'DELETE FROM orders WHERE id = $1', parameters: [{ index: 1, name: 'id' }] });
  });

  it('is located past multi-byte text on its line', () => {
    const text = "-- name: Price :one\n/* größe 🚀 */ SELECT 'ü' FROM WHERE;\n";
    const [query] = readQueryFile('q.sql', text);
    expect(query!.problem!.message).toBe('syntax error at or near "WHERE"');
    expect(at(text, query!.problem!.range)).toEqual([2, 31, 2, 31]);
  });

  it('that parses only before its parameters are rewritten points at the parameter', () => {
    const text = '-- name: FromArg :many\nSELECT * FROM sqlc.arg(t);\n';
    const [query] = readQueryFile('q.sql', text);
    expect(query!.problem!.message).toBe('syntax error at or near "$1" (once the sqlc parameters are written as $n)');
    expect(at(text, query!.problem!.range)).toEqual([2, 15, 2, 15]);
  });

  it('with an unterminated literal spoils only its own block', () => {
    const text = "-- name: A :one\nSELECT 'unterminated;\n-- name: B :one\nSELECT 2;\n";
    const [a, b] = readQueryFile('q.sql', text);
    expect(a!.problem!.message).toMatch(/^unterminated quoted string/);
    expect(at(text, a!.problem!.range)).toEqual([2, 8, 2, 8]);
    expect(b).toMatchObject({ name: 'B', sql: 'SELECT 2', plannable: true });
    expect(b!.problem).toBeUndefined();
  });
});

describe('multi-byte text before a query', () => {
  it('counts columns in code points and keeps byte ranges into the original file', () => {
    const text = "\uFEFF-- name: Emoji :one\n/* größe 🚀 */ SELECT '€' AS price, @id::int AS id;\n";
    const [query] = readQueryFile('q.sql', text);
    expect(query!.name).toBe('Emoji');
    expect(at(text, query!.range)).toEqual([2, 15, 2, 50]);
    expect(query!.sql).toBe("SELECT '€' AS price, $1::int AS id");
    expect(new LineIndex(text).slice(query!.range)).toBe("SELECT '€' AS price, @id::int AS id");
  });

  it('in a plain file starting with a byte-order mark', () => {
    const text = '\uFEFF/* Ünïcödé */ SELECT 1;';
    const [query] = readQueryFile('q.sql', text);
    expect(at(text, query!.range)).toEqual([1, 15, 1, 23]);
  });
});

describe('sqlc parameters', () => {
  const one = (sql: string) => readQueryFile('q.sql', `-- name: Q :one\n${sql}`)[0]!;

  it('fill the numbers that no $n takes, and a name used again keeps its number', () => {
    const query = one('SELECT @a, $2, sqlc.arg(b), @a, sqlc.narg(c);');
    expect(query.sql).toBe('SELECT $1, $2, $3, $1, $4');
    expect(query.parameters).toEqual([{ index: 1, name: 'a' }, { index: 2 }, { index: 3, name: 'b' }, { index: 4, name: 'c', nullable: true }]);
  });

  it('are named as Postgres reads the identifier: unquoted names fold to lower case, quoted ones and strings do not', () => {
    const query = one(`SELECT @UserID, sqlc.arg(userid), sqlc.arg('UserID'), sqlc.arg("UserID"), sqlc.narg(USERID);`);
    expect(query.sql).toBe('SELECT $1, $1, $2, $2, $1');
    expect(query.parameters).toEqual([{ index: 1, name: 'userid', nullable: true }, { index: 2, name: 'UserID' }]);
  });

  it('may have comments and spaces inside the macro call, but @ must touch its name', () => {
    const query = one('SELECT sqlc.arg( /* why */ id ), SQLC.ARG(x), @ y FROM t;');
    expect(query.sql).toBe('SELECT $1, $2, @ y FROM t');
    expect(query.parameters.map((p) => p.name)).toEqual(['id', 'x']);
  });

  it('leave sqlc.embed as a star of the table or alias', () => {
    expect(one(`SELECT sqlc.embed(o), sqlc.embed('Order Lines') FROM orders o, "Order Lines";`).sql).toBe(
      'SELECT o.*, "Order Lines".* FROM orders o, "Order Lines"',
    );
  });

  it('report a macro sqlc does not know, or a call sqlc cannot read', () => {
    const text = '-- name: Q :one\nSELECT sqlc.args(id);\n-- name: R :one\nSELECT sqlc.arg(a, b);\n';
    const [q, r] = readQueryFile('q.sql', text);
    expect(q!.problem!.message).toBe('sqlc.args is not a sqlc macro: sqlc knows sqlc.arg, sqlc.narg, sqlc.slice and sqlc.embed.');
    expect(at(text, q!.problem!.range)).toEqual([2, 8, 2, 17]);
    expect(r!.problem!.message).toBe('sqlc.arg takes one name, an identifier or a string literal.');
    expect(at(text, r!.problem!.range)).toEqual([4, 8, 4, 16]);
  });

  it('are not looked for in the statements before the first annotation, which sqlc skips', () => {
    const queries = readQueryFile('q.sql', 'SELECT @x;\n\n-- name: Q :one\nSELECT @y;\nSELECT @z;\n');
    expect(queries.map((q) => [q.name, q.sql])).toEqual([['Q', 'SELECT $1']]);
  });
});

describe('sqlc annotations', () => {
  it('are read as sqlc reads them, and a malformed one is a problem on its line', () => {
    const text = [
      '-- name: Good :one',
      'SELECT 1;',
      '-- name: NoCommand',
      'SELECT 2;',
      '-- name:Tight :one',
      'SELECT 3;',
      '-- name: Extra :one please',
      'SELECT 4;',
      '-- name: 1st :one',
      'SELECT 5;',
      '-- name: Odd :bogus',
      'SELECT 6;',
      '-- name of the table: orders',
      'SELECT 7;',
      '/* name: Slashed :exec */',
      'SELECT 8;',
      '-- Names are fine: not an annotation.',
      '  -- name: Indented :one (not at the start of a line)',
      'SELECT 9;',
    ].join('\n');
    const queries = readQueryFile('q.sql', text);
    expect(queries.map((q) => [q.name, q.command, q.problem?.message, q.problem && at(text, q.problem.range)])).toEqual([
      ['Good', ':one', undefined, undefined],
      [undefined, undefined, expect.stringMatching(/^The annotation names no command; sqlc needs one of :one, :many,/), [3, 1, 3, 19]],
      [undefined, undefined, 'sqlc cannot read this annotation: it must read "-- name: <Name> <:command>".', [5, 1, 5, 19]],
      [undefined, undefined, 'sqlc cannot read this annotation: it must read "-- name: <Name> <:command>", words separated by single spaces.', [7, 1, 7, 27]],
      [undefined, ':one', '"1st" is not a valid sqlc query name: sqlc needs a Go identifier.', [9, 1, 9, 18]],
      ['Odd', undefined, expect.stringMatching(/^":bogus" is not a sqlc command; use one of :one,/), [11, 1, 11, 20]],
      [undefined, undefined, 'sqlc cannot read this annotation: it must read "-- name: <Name> <:command>".', [13, 1, 13, 29]],
      ['Slashed', ':exec', undefined, undefined],
    ]);
    expect(queries.map((q) => q.sql)).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 4', 'SELECT 5', 'SELECT 6', 'SELECT 7', 'SELECT 8']);
  });

  it('need one well-formed annotation to make a sqlc file', () => {
    const queries = readQueryFile('q.sql', '-- name: Broken\nSELECT @x;\n');
    expect(queries.map((q) => [q.name, q.sql, q.problem])).toEqual([[undefined, 'SELECT @x', undefined]]);
  });

  it('without a statement after them are a problem', () => {
    const text = '-- name: Q :one\nSELECT 1;\n-- name: Missing :many\n';
    const missing = readQueryFile('q.sql', text)[1]!;
    expect(missing).toMatchObject({ name: 'Missing', command: ':many', plannable: false, problem: { message: 'The annotation is followed by no statement.' } });
    expect(at(text, missing.problem!.range)).toEqual([3, 1, 3, 23]);
  });

  it('inside a string literal or a dollar quote start no block', () => {
    const text = "-- name: Q :one\nSELECT '\n-- name: Fake :one\n', $$\n-- name: Fake2 :one\n$$;\n";
    expect(readQueryFile('q.sql', text).map((q) => q.name)).toEqual(['Q']);
  });
});
