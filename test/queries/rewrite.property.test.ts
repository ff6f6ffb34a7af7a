import fc from 'fast-check';
import { scanSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../../src/core/parse.js';
import { readQueryFile } from '../../src/queries/index.js';

beforeAll(() => loadParser());

/** Text that looks like parameters, quotes and comment markers, to hide inside literals and comments. */
const tricky = ['a', 'Z', ' ', '\n', '@', '@id', '$', '$1', '$2', '$$', "'", '"', '(', ')', '.', ':', 'sqlc.arg(x)', 'sqlc.narg(y)', 'é', '🚀', '--'];
const text = (pieces: string[]) => fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((p) => p.join(''));

const literal = fc.oneof(
  text(tricky).map((s) => `'${s.replace(/'/g, "''")}'`),
  text(tricky).map((s) => `$q$${s}$q$`),
  text(tricky).map((s) => `"x${s.replace(/"/g, '""')}"`),
);
const comment = fc.oneof(
  text(tricky).map((s) => `/*${s}*/`),
  text(tricky.filter((p) => !p.includes('\n'))).map((s) => `--${s}\n`),
);
const parameter = fc
  .tuple(fc.constantFrom('@a', '@b', '@user_id', 'sqlc.arg(a)', "sqlc.arg('b')", 'sqlc.narg(c)', 'sqlc.slice(d)', '$1', '$3'), fc.boolean())
  .map(([p, cast]) => (cast ? `${p}::int` : p));
const item = fc.tuple(fc.option(comment, { nil: '' }), fc.oneof(literal, parameter)).map(([c, i]) => `${c} ${i}`);
const file = fc.array(item, { minLength: 1, maxLength: 8 }).map((items) => `-- name: Q :one\nSELECT${items.join(',')};\n`);

const PROTECTED = new Set(['SCONST', 'C_COMMENT', 'SQL_COMMENT']);

/** The tokens whose text the rewrite must keep, in order: literals (but a macro's name), quoted identifiers, comments. */
const kept = (sql: string) =>
  scanSync(sql)
    .tokens.filter((t, i, tokens) => (PROTECTED.has(t.tokenName) || t.text.startsWith('"')) && !(tokens[i - 1]?.text === '(' && tokens[i - 3]?.text === '.'))
    .map((t) => t.text);

describe('the sqlc parameter rewrite', () => {
  it('never changes text inside string literals, dollar quotes, quoted identifiers or comments', () => {
    fc.assert(
      fc.property(file, (source) => {
        const [query] = readQueryFile('q.sql', source);
        expect(query!.problem).toBeUndefined();
        expect(kept(query!.sql)).toEqual(kept(Buffer.from(source).toString('utf8', query!.range.start, query!.range.end)));
      }),
    );
  });

  it('only writes $n within 1..parameters.length, lists the parameters in order and uses every named one', () => {
    fc.assert(
      fc.property(file, (source) => {
        const [query] = readQueryFile('q.sql', source);
        const used = scanSync(query!.sql).tokens.filter((t) => t.tokenName === 'PARAM').map((t) => Number(t.text.slice(1)));
        for (const n of used) expect(n >= 1 && n <= query!.parameters.length).toBe(true);
        expect(query!.parameters.map((p) => p.index)).toEqual(query!.parameters.map((_, i) => i + 1));
        for (const named of query!.parameters.filter((p) => p.name !== undefined)) expect(used).toContain(named.index);
      }),
    );
  });
});
