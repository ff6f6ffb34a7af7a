import { beforeAll, describe, expect, it } from 'vitest';
import { builtinTypeName, columnDefinitions, quoteIdentifier, typeNameSpan } from '../../src/core/ast.js';
import { loadParser, parseSql } from '../../src/core/parse.js';
import { LineIndex } from '../../src/core/source.js';
import { analyzeStatements } from '../../src/core/statements.js';

beforeAll(loadParser);

/** Every column of the statements, with its type as written, the part before array bounds and the built-in name. */
function columns(sql: string) {
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const lines = new LineIndex(sql);
  return analyzeStatements(parsed.statements, 'none', lines).flatMap((statement) =>
    columnDefinitions(statement).map((column) => {
      const span = typeNameSpan(statement, column.def.typeName)!;
      return { kind: column.kind, name: column.name, type: lines.slice(span.range), base: lines.slice(span.base), builtin: builtinTypeName(column.def.typeName) };
    }),
  );
}

describe('typeNameSpan', () => {
  it('covers every spelling of a type, up to what follows it', () => {
    const types = [
      'int',
      'double precision',
      'character varying ( 20 )',
      'national character varying(4)',
      'bit varying(3)',
      'numeric(10, 2)',
      'timestamp(3) without time zone',
      'timestamp  WITH  TIME  ZONE',
      'time with time zone',
      'interval day to second(3)',
      'interval(2)',
      'pg_catalog.int4',
      'public . "My Type"',
      '"varchar"(10)',
      'int4 array[3]',
      'text ARRAY',
      'varchar(3)[][2]',
    ];
    const sql = `CREATE TABLE t (${types.map((t, i) => `c${i} ${t} NOT NULL DEFAULT NULL`).join(',\n  ')});`;
    expect(columns(sql).map((c) => c.type)).toEqual(types);
  });

  it('separates array bounds from the element type', () => {
    expect(columns('CREATE TABLE t (a timestamp(3)[], b json ARRAY[2], c int)').map((c) => c.base)).toEqual(['timestamp(3)', 'json', 'int']);
  });

  it('stops before COLLATE, USING and constraints', () => {
    const sql = 'ALTER TABLE t ALTER COLUMN a TYPE varchar(5) COLLATE "C" USING a::varchar, ADD COLUMN b interval year REFERENCES x;';
    expect(columns(sql)).toEqual([
      { kind: 'alter-type', name: 'a', type: 'varchar(5)', base: 'varchar(5)', builtin: 'varchar' },
      { kind: 'add-column', name: 'b', type: 'interval year', base: 'interval year', builtin: 'interval' },
    ]);
  });
});

describe('builtinTypeName', () => {
  it('names the built-in type, and nothing for types of other schemas', () => {
    expect(columns('CREATE TABLE t (a integer, b char(2), c "char", d app.varchar(3), e pg_catalog.json, f serial)').map((c) => c.builtin)).toEqual([
      'int4',
      'bpchar',
      'char',
      undefined,
      'json',
      'serial',
    ]);
  });
});

describe('quoteIdentifier', () => {
  it('quotes like quote_ident', () => {
    expect(['orders', 'name', 'user', 'select', 'Orders', 'a-b', 'say "hi"', '_x1', '1x'].map(quoteIdentifier)).toEqual([
      'orders',
      'name',
      '"user"',
      '"select"',
      '"Orders"',
      '"a-b"',
      '"say ""hi"""',
      '_x1',
      '"1x"',
    ]);
  });
});
