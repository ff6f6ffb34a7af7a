import { beforeAll, describe, expect, it } from 'vitest';
import { lintSources, type LintOptions } from '../../src/core/lint.js';
import { loadParser } from '../../src/core/parse.js';
import { defineRule } from '../../src/core/rule.js';
import type { SqlSource } from '../../src/core/types.js';
import requireConcurrentIndex from '../../src/rules/require-concurrent-index-creation.js';
import syntaxError from '../../src/rules/syntax-error.js';
import templatedSql from '../../src/rules/templated-sql.js';
import unreadableFile from '../../src/rules/unreadable-file.js';
import unusedIgnore from '../../src/rules/unused-ignore.js';

beforeAll(loadParser);

const rules = [requireConcurrentIndex, syntaxError, templatedSql, unreadableFile, unusedIgnore];

function file(path: string, text: string, extra: Partial<SqlSource> = {}): SqlSource {
  return { path, text, kind: 'migration', format: 'plain', transaction: 'none', skipped: [], change: path, ...extra };
}

function lint(sources: SqlSource[], options: Partial<LintOptions> = {}) {
  const result = lintSources(sources, { postgresVersion: 17, rules, ...options });
  return { ...result, brief: result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`) };
}

const INDEX = 'CREATE INDEX i ON orders (customer_id);';

describe('ignore comments', () => {
  it('suppress the named rule for the next statement only', () => {
    const { brief, suppressed } = lint([file('a.sql', `-- sql-preflight-ignore require-concurrent-index-creation -- small table\n${INDEX}\n${INDEX}`)]);
    expect(brief).toEqual(['a.sql:3:1 require-concurrent-index-creation']);
    expect(suppressed).toBe(1);
  });

  it('suppress the statement a trailing comment ends', () => {
    expect(lint([file('a.sql', `${INDEX} -- sql-preflight-ignore require-concurrent-index-creation\n${INDEX}`)]).brief).toEqual([
      'a.sql:2:1 require-concurrent-index-creation',
    ]);
  });

  it('suppress a rule for the whole file', () => {
    expect(lint([file('a.sql', `${INDEX}\n-- sql-preflight-ignore-file require-concurrent-index-creation\n${INDEX}`)]).brief).toEqual([]);
  });

  it('are reported when they name an unknown rule or match nothing', () => {
    const { findings } = lint([file('a.sql', '-- sql-preflight-ignore require-concurent-index, require-concurrent-index-creation\nCREATE INDEX CONCURRENTLY i ON t (a);')]);
    expect(findings.map((f) => [f.ruleId, f.severity, f.line, f.column])).toEqual([['unused-ignore', 'notice', 1, 1]]);
    expect(findings[0]!.message).toContain('names unknown rule require-concurent-index');
    expect(findings[0]!.message).toContain('matches no finding of require-concurrent-index-creation');
  });

  it('inside a statement are not directives', () => {
    expect(lint([file('a.sql', "SELECT '-- sql-preflight-ignore x';")]).brief).toEqual([]);
  });
});

describe('files that cannot be analysed', () => {
  it('yield one syntax-error at the position Postgres gives, and other files are still linted', () => {
    const { brief, findings, files } = lint([file('bad.sql', 'SELECT 1;\nALTER TABLE t ADD COLUMN c int DEFALT 1;'), file('good.sql', INDEX)]);
    expect(brief).toEqual(['bad.sql:2:32 syntax-error', 'good.sql:1:1 require-concurrent-index-creation']);
    expect(findings[0]!.message).toBe('Syntax error: syntax error at or near "DEFALT".');
    expect(files[0]!.parseErrors).toEqual([{ line: 2, column: 32, message: 'syntax error at or near "DEFALT"' }]);
  });

  it('yield templated-sql for template placeholders', () => {
    const { brief, findings } = lint([file('t.sql', 'CREATE TABLE x (a int);\nCREATE INDEX {{ .Name }} ON x (a);')]);
    expect(brief).toEqual(['t.sql:2:14 templated-sql']);
    expect(findings[0]!.message).toContain('{{');
  });

  it('yield unreadable-file for a read error', () => {
    const { brief } = lint([file('bin.sql', 'SELECT 1;\nSEL\0ECT 2;', { readError: { message: 'The file contains a NUL byte.', range: { start: 13, end: 14 } } })]);
    expect(brief).toEqual(['bin.sql:2:4 unreadable-file']);
  });
});

describe('changes and the existing schema', () => {
  it('treats tables created by an earlier file of the same change as new', () => {
    const change = 'feature';
    const { brief } = lint([
      file('1.sql', 'CREATE TABLE orders (id bigint, customer_id bigint);', { change }),
      file('2.sql', INDEX, { change }),
    ]);
    expect(brief).toEqual([]);
  });

  it('treats tables of existing migrations as existing, and does not lint existing migrations', () => {
    const { brief } = lint([
      file('1.sql', `CREATE TABLE orders (id bigint, customer_id bigint);\n${INDEX}`, { change: undefined }),
      file('2.sql', INDEX),
    ]);
    expect(brief).toEqual(['2.sql:1:1 require-concurrent-index-creation']);
  });

  it('does not analyse the parts the runner skips, and keeps positions of the rest', () => {
    const text = `-- +goose Up\nSELECT 1;\n-- +goose Down\n${INDEX}\n`;
    const downStart = Buffer.byteLength(text.slice(0, text.indexOf('-- +goose Down')));
    const { brief, files } = lint([file('g.sql', text, { skipped: [{ start: downStart, end: Buffer.byteLength(text) }] })]);
    expect(brief).toEqual([]);
    expect(files[0]!.statements.map((s) => s.line)).toEqual([2]);
  });
});

describe('settings', () => {
  it('apply a severity override and turn rules off', () => {
    const warn = lint([file('a.sql', INDEX)], { ruleSettings: { 'require-concurrent-index-creation': { severity: 'warning' } } });
    expect(warn.findings.map((f) => f.severity)).toEqual(['warning']);
    const off = lint([file('a.sql', INDEX)], { ruleSettings: { 'require-concurrent-index-creation': { severity: 'off' } } });
    expect(off.findings).toEqual([]);
  });

  it('skip rules outside the Postgres versions they apply to', () => {
    const since14 = defineRule({
      meta: { ...requireConcurrentIndex.meta, id: 'since-14', postgres: { since: 14 } },
      create: (context) => ({ statement: (s) => context.report(s, { message: 'x' }) }),
    });
    expect(lint([file('a.sql', 'SELECT 1;')], { rules: [since14], postgresVersion: 13 }).findings).toEqual([]);
    expect(lint([file('a.sql', 'SELECT 1;')], { rules: [since14], postgresVersion: 14 }).findings).toHaveLength(1);
  });
});

describe('fingerprints', () => {
  it('stay the same when lines are added above the statement, and differ between statements', () => {
    const before = lint([file('a.sql', INDEX)]).findings[0]!.fingerprint;
    const after = lint([file('a.sql', `-- a new comment\n\n${INDEX}`)]).findings[0]!.fingerprint;
    const other = lint([file('a.sql', 'CREATE INDEX j ON orders (status);')]).findings[0]!.fingerprint;
    expect(after).toBe(before);
    expect(other).not.toBe(before);
  });
});
