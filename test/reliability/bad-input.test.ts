/**
 * Bad input, end to end: each case is a small project with one bad thing next to a good migration, run through
 * the CLI bundle as users run it and through `run()`. The bad thing gets a message naming its file (and line and
 * column where it has one), the good migration's finding is still reported, the exit code follows the README
 * (0 nothing at or above --fail-on, 1 findings, 2 usage, config or I/O problems) and nothing internal leaks out.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING } from '../../src/core/parse.js';
import { run, type RunOptions } from '../../src/run.js';

const CLI = resolve('dist/cli.js');

const GOOD = { 'm/9_good.sql': 'CREATE INDEX orders_status_idx ON orders (status);\n' };

/** A stack frame, a JavaScript error name or a raw control character means something leaked past the reporting. */
const LEAK = /\n\s+at \S+ \(|at Object\.|RangeError|TypeError|ReferenceError|Maximum call stack|memory access out of bounds|Unexpected token|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

interface Located {
  file: string;
  line: number;
  /** Left out where the place within the line is the nesting heuristic's to choose. */
  column?: number;
  ruleId: string;
  /** Part of the message, as the text report prints it. */
  message?: string;
}

const GOOD_FINDING: Located = { file: 'm/9_good.sql', line: 1, column: 1, ruleId: 'require-concurrent-index-creation' };

interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  /** Symbolic links to make, as [path, target]. */
  links?: [string, string][];
  /** After the command; without, `m`. */
  paths?: string[];
  check?: boolean;
  /** `--changed`: the files of the change. */
  changed?: string[];
  code: 0 | 1 | 2;
  /** Findings the bad input must produce. */
  findings?: Located[];
  /** Problems about paths (printed on standard error, `problems` of run()). */
  problems?: string[];
  /** A config error: the run stops before anything is linted. */
  usage?: string;
  /** The statements the report counts, when the point is that the file was read through. */
  statements?: number;
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const repeat = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i)).join('');

// About 20 MB of ordinary INSERTs into a table the file creates, then one statement with a finding on its last line.
const BIG_ROWS = 175_000;
const BIG = `CREATE TABLE big (id bigint PRIMARY KEY, note text);\n${repeat(BIG_ROWS, (i) => `INSERT INTO big (id, note) VALUES (${i}, 'row ${i} of a migration that is large because it carries data');\n`)}CREATE INDEX big_lookup ON orders (id);\n`;

const CASES: Case[] = [
  // Postgres runs both as no statements; Prisma writes comment-only migrations for empty changes. Nothing to report.
  { name: 'an empty file', files: { 'm/1_bad.sql': '' }, code: 1, findings: [] },
  { name: 'a comment-only file', files: { 'm/1_bad.sql': '-- nothing yet\n/* still /* nothing */ */\n' }, code: 1, findings: [] },
  {
    name: 'invalid UTF-8',
    files: { 'm/1_bad.sql': bytes('SELECT 1;\nSELECT ', [0xff], ';\n') },
    code: 1,
    // "SELECT 1;\n" is 10 bytes, "SELECT " 7 more: offset 17, line 2, column 8.
    findings: [{ file: 'm/1_bad.sql', line: 2, column: 8, ruleId: 'unreadable-file', message: 'byte 0xFF at byte offset 17' }],
  },
  {
    name: 'a NUL byte',
    files: { 'm/1_bad.sql': bytes('SELECT 1;\nSE', [0], 'LECT 2;\n') },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, column: 3, ruleId: 'unreadable-file', message: 'NUL byte at byte offset 12' }],
  },
  {
    name: 'a binary file named .sql',
    // A PNG's signature and header: 0x89 cannot start a UTF-8 character; the bytes after it include \x1a and NULs.
    files: { 'm/1_bad.sql': bytes([0x89], 'PNG\r\n', [0x1a], '\n', [0, 0, 0, 0x0d], 'IHDR', [0, 0, 1, 0, 0, 0, 1, 0, 8, 6]) },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 1, column: 1, ruleId: 'unreadable-file', message: 'byte 0x89 at byte offset 0' }],
  },
  {
    name: 'a 20 MB migration',
    files: { 'm/1_big.sql': BIG },
    code: 1,
    findings: [{ file: 'm/1_big.sql', line: BIG_ROWS + 2, column: 1, ruleId: 'require-concurrent-index-creation' }],
    statements: BIG_ROWS + 3,
  },
  {
    name: '10,000 statements in one file',
    files: { 'm/1_many.sql': `${repeat(10_000, (i) => `CREATE TABLE t${i} (id bigint PRIMARY KEY);\n`)}CREATE INDEX late ON orders (id);\n` },
    code: 1,
    findings: [{ file: 'm/1_many.sql', line: 10_001, column: 1, ruleId: 'require-concurrent-index-creation' }],
    statements: 10_002,
  },
  {
    name: '10,000 nested parentheses',
    files: { 'm/1_bad.sql': `SELECT 1;\nSELECT ${'('.repeat(10_000)}1${')'.repeat(10_000)};\n` },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, ruleId: 'syntax-error', message: `nesting deeper than ${MAX_NESTING} levels at or near "("` }],
  },
  {
    // The parser itself overflows its stack on this, and did so silently before the nesting limit.
    name: 'a chain of 10,000 operators',
    files: { 'm/1_bad.sql': `SELECT 1;\nUPDATE accounts SET total = 0${' + 1'.repeat(10_000)};\n` },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, ruleId: 'syntax-error', message: `nesting deeper than ${MAX_NESTING} levels at or near "+"` }],
  },
  {
    // Parsed, but the rules' tree walks ran out of stack on it: the run crashed with no report.
    name: 'subqueries nested 500 deep',
    files: { 'm/1_bad.sql': `SELECT 1;\nSELECT ${'(SELECT '.repeat(500)}1${')'.repeat(500)};\n` },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, ruleId: 'syntax-error', message: `nesting deeper than ${MAX_NESTING} levels` }],
  },
  {
    // Within the limit by its tokens, one node past it in the tree: SelectStmt, ResTarget, the operators, the constant.
    name: 'a tree one node deeper than the limit',
    files: { 'm/1_bad.sql': `SELECT 1;\nSELECT 1${' + 1'.repeat(MAX_NESTING - 2)};\n` },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, column: 1, ruleId: 'syntax-error', message: `nesting deeper than ${MAX_NESTING} levels` }],
  },
  {
    name: 'expressions nested just within the limit',
    files: { 'm/1_deep.sql': `UPDATE accounts SET total = 0${' + 1'.repeat(MAX_NESTING - 20)};\n` },
    code: 1,
    findings: [{ file: 'm/1_deep.sql', line: 1, column: 1, ruleId: 'require-where-clause' }],
  },
  {
    // Each overflow of the parser's stack used to leave it broken for the files after ("memory access out of bounds").
    name: '40 files that each nest too deeply',
    files: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m/1_${String(i).padStart(2, '0')}.sql`, `SELECT 1${' + 1'.repeat(10_000)};\n`])),
    code: 1,
    findings: Array.from({ length: 40 }, (_, i) => ({ file: `m/1_${String(i).padStart(2, '0')}.sql`, line: 1, ruleId: 'syntax-error' })),
  },
  {
    name: 'an unterminated string',
    files: { 'm/1_bad.sql': "SELECT 1;\nSELECT 'abc;\nSELECT 2;\n" },
    code: 1,
    // Postgres quotes the rest of the file after the quote; only its first line is kept.
    findings: [{ file: 'm/1_bad.sql', line: 2, column: 8, ruleId: 'syntax-error', message: `Syntax error: unterminated quoted string at or near "'abc;…".` }],
  },
  {
    name: 'an unterminated dollar quote',
    files: { 'm/1_bad.sql': 'SELECT 1;\nDO $body$ BEGIN\n  PERFORM 1;\n' },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, column: 4, ruleId: 'syntax-error', message: 'Syntax error: unterminated dollar-quoted string at or near "$body$ BEGIN…".' }],
  },
  {
    name: 'a Go template placeholder',
    files: { 'm/1_bad.sql': 'SELECT 1;\nCREATE TABLE {{ .Name }} (id bigint);\n' },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, column: 14, ruleId: 'templated-sql', message: '("{{…")' }],
  },
  {
    name: 'a Jinja block',
    files: { 'm/1_bad.sql': "SELECT 1;\n{% if env == 'prod' %}\nCREATE TABLE t (id bigint);\n{% endif %}\n" },
    code: 1,
    findings: [{ file: 'm/1_bad.sql', line: 2, column: 1, ruleId: 'templated-sql', message: '("{%…")' }],
  },
  {
    name: 'CRLF line endings and a byte-order mark',
    // By hand: line 3 starts with "/* é🚀 */ ", nine characters (é and 🚀 one each), so the statement is at column 10.
    files: { 'm/1_crlf.sql': '\uFEFFSELECT 1;\r\n-- größe\r\n/* é🚀 */ CREATE INDEX a_idx ON accounts (b);\r\n' },
    code: 1,
    findings: [{ file: 'm/1_crlf.sql', line: 3, column: 10, ruleId: 'require-concurrent-index-creation' }],
  },
  {
    name: 'an unknown config key',
    files: { '.sql-preflight.yml': 'migrations: [m]\nfail-onn: never\n' },
    paths: [],
    code: 2,
    usage: '.sql-preflight.yml:2:1: unknown key "fail-onn" (did you mean "fail-on"?).',
  },
  {
    name: 'a misspelt rule in the config',
    files: { '.sql-preflight.yml': 'migrations: [m]\nrules:\n  require-concurent-index-creation: off\n' },
    paths: [],
    code: 2,
    usage: '.sql-preflight.yml:3:3: unknown rule "require-concurent-index-creation" in rules (did you mean "require-concurrent-index-creation"?).',
  },
  {
    name: 'a config that is a list, not a mapping',
    files: { '.sql-preflight.yml': '- m\n' },
    paths: [],
    code: 2,
    usage: '.sql-preflight.yml:1:1: the config must be an object.',
  },
  {
    name: 'a config key of the wrong type',
    files: { '.sql-preflight.yml': 'migrations: m\n' },
    paths: [],
    code: 2,
    usage: '.sql-preflight.yml:1:13: migrations must be an array.',
  },
  {
    name: 'a glob that matches nothing',
    files: {},
    paths: ['m', 'db/*.sql'],
    code: 2,
    problems: ['db/*.sql: The glob matched no files.'],
  },
  {
    name: 'a symbolic link loop',
    files: {},
    links: [['m/loop', '..']],
    code: 2,
    problems: ['m/loop: Symbolic link loop: it points to ., which contains it; not followed.'],
  },
  {
    name: 'a symbolic link to itself',
    files: {},
    links: [['m/1_self.sql', '1_self.sql']],
    code: 2,
    problems: ['m/1_self.sql: Symbolic link loop: it leads back to itself through links; not followed.'],
  },
  {
    name: 'a migration that fails (check on PGlite)',
    files: {
      'm/1_base.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
      'm/2_fails.sql': 'ALTER TABLE orders ADD COLUMN total numeric;\nALTER TABLE missing ADD COLUMN x int;\n',
    },
    check: true,
    changed: ['m/2_fails.sql', 'm/9_good.sql'],
    code: 1,
    findings: [{ file: 'm/2_fails.sql', line: 2, column: 1, ruleId: 'migration-failed', message: 'relation "missing" does not exist' }],
  },
  {
    name: 'a seed file that fails (check on PGlite)',
    files: {
      '.sql-preflight.yml': 'queries: [q]\nseed:\n  files: [seed.sql]\n  default-rows: 100\n',
      'm/1_base.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
      'seed.sql': "INSERT INTO orders VALUES (1, 'new');\nINSERT INTO orderz VALUES (2, 'new');\n",
      'q/orders.sql': 'SELECT id FROM orders WHERE status = $1;\n',
    },
    check: true,
    changed: ['m/9_good.sql'],
    code: 1,
    findings: [{ file: 'seed.sql', line: 2, column: 13, ruleId: 'base-migration-failed', message: 'relation "orderz" does not exist' }],
  },
  {
    name: 'a query that fails to plan (check on PGlite)',
    files: {
      '.sql-preflight.yml': 'queries: [q]\nseed:\n  default-rows: 100\n',
      'm/1_base.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
      'q/orders.sql': 'SELECT id FROM orders WHERE statuz = $1;\n',
    },
    check: true,
    changed: ['m/9_good.sql', 'q/orders.sql'],
    code: 1,
    findings: [{ file: 'q/orders.sql', line: 1, column: 29, ruleId: 'query-plan-failed', message: 'column "statuz" does not exist' }],
  },
];

function project(testCase: Case): string {
  const root = mkdtempSync(join(tmpdir(), 'preflight-reliability-'));
  const files = testCase.usage ? testCase.files : { ...GOOD, ...testCase.files };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  for (const [path, target] of testCase.links ?? []) symlinkSync(target, join(root, path));
  return root;
}

const args = (testCase: Case) => [
  testCase.check ? 'check' : 'lint',
  ...(testCase.paths ?? ['m']),
  ...(testCase.check ? ['--db', 'pglite', '--quiet'] : []),
  ...(testCase.changed ?? []).flatMap((path) => ['--changed', path]),
];
const expected = (testCase: Case): Located[] => [...(testCase.findings ?? []), ...(testCase.usage ? [] : [GOOD_FINDING])];
const TIMEOUT = 180_000;

describe('bad input through the CLI', () => {
  it.each(CASES)('$name', (testCase) => {
    const root = project(testCase);
    const result = spawnSync(process.execPath, [CLI, ...args(testCase), '--no-color'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    const { stdout, stderr } = result;
    expect(stdout + stderr).not.toMatch(LEAK);
    expect(result.status).toBe(testCase.code);
    if (testCase.usage) {
      expect(stderr).toContain(testCase.usage);
      expect(stdout).toBe('');
      return;
    }
    for (const problem of testCase.problems ?? []) expect(stderr).toContain(`sql-preflight: ${problem}\n`);
    for (const finding of expected(testCase)) {
      const header = `${finding.file}:${finding.line}:${finding.column ?? ''}`;
      const line = stdout.split('\n').find((l) => l.startsWith(header) && l.includes(`  ${finding.ruleId}  `));
      expect(line, `${header} ${finding.ruleId} in\n${stdout.slice(0, 3000)}`).toBeDefined();
      if (finding.message) expect(line).toContain(finding.message);
    }
    // A file with nothing to report is still read: the summary counts it.
    if (testCase.findings?.length === 0) expect(stdout).toMatch(/^(?![\s\S]*m\/1_bad\.sql:)[\s\S]* in 2 files, 1 statement\.\n$/);
    if (testCase.statements) expect(stdout).toContain(`, ${testCase.statements} statements.`);
  }, TIMEOUT);
});

describe('bad input through run()', () => {
  it.each(CASES)('$name', async (testCase) => {
    const root = project(testCase);
    const options: RunOptions = { cwd: root, paths: testCase.paths ?? ['m'], changed: testCase.changed, ...(testCase.check ? { database: { kind: 'pglite' } } : {}) };
    if (testCase.usage) {
      await expect(run(options)).rejects.toThrow(testCase.usage);
      return;
    }
    const result = await run(options);
    const brief = (f: Located) => ({ file: f.file, line: f.line, ruleId: f.ruleId, ...(f.column === undefined ? {} : { column: f.column }) });
    expect(JSON.stringify([result.report.findings, result.problems])).not.toMatch(LEAK);
    expect(result.exitCode).toBe(testCase.code);
    expect(result.problems).toEqual(testCase.problems ?? []);
    for (const finding of expected(testCase)) {
      const match = result.report.findings.find((f) => f.file === finding.file && f.ruleId === finding.ruleId && f.line === finding.line);
      expect(match && brief(match), `${finding.file}:${finding.line} ${finding.ruleId}`).toEqual(brief({ ...finding, column: finding.column ?? match?.column }));
      if (finding.message) expect(match!.message).toContain(finding.message.replace(/^Syntax error: /, '').replace(/\.$/, ''));
    }
    if (testCase.findings?.length === 0) {
      expect(result.report.findings.filter((f) => f.file === 'm/1_bad.sql')).toEqual([]);
      expect(result.report.files.map((f) => [f.path, f.statements.length])).toEqual([['m/1_bad.sql', 0], ['m/9_good.sql', 1]]);
    }
    if (testCase.statements) expect(result.report.summary.statements).toBe(testCase.statements);
  }, TIMEOUT);
});
