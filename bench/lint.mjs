// Lint throughput: sql-preflight against squawk on the same generated corpus, whole process, one run.
//
// "Whole process" is what a developer or CI waits for: spawn to exit, including runtime start-up, module and
// WASM loading, file discovery, parsing, rules and writing the report. Both tools read the same files from the
// same working directory and write a JSON report to a file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { writeCorpus, DEFAULT_FILES, DEFAULT_SEED } from './lib/corpus.mjs';
import { measure, median, formatTable, rssMethod } from './lib/measure.mjs';
import { ensureSquawk } from './lib/squawk.mjs';

export const name = 'lint';
export const title = 'Lint throughput: sql-preflight vs squawk (whole process)';

// Both tools get the same production version. squawk wants major.minor, sql-preflight a major.
export const POSTGRES_MAJOR = 17;

// V8 flags that keep WASM on the baseline compiler (Liftoff). By default V8 starts optimising libpg-query's
// hottest functions in the background; the parser's main function is ~100 KB of WASM and TurboFan takes
// ~0.6 s and ~600 MB to compile it, which a short CLI run pays at exit without ever using the result.
// The experiment rows measure what turning that off would buy (see README.md).
export const NO_WASM_TIER_UP = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];

/** Newest modification time under a folder, to tell whether dist/ was built from the current src/. */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureCli(repoRoot, log) {
  const cli = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    log('bench: dist/cli.js is missing; building it once with `node scripts/build.mjs` ...');
    const res = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    if (res.status !== 0 || !existsSync(cli)) {
      const detail = `${res.stderr ?? ''}${res.stdout ?? ''}`.trim().split('\n').slice(0, 8).join('\n    ');
      return { ok: false, reason: `dist/cli.js could not be built (node scripts/build.mjs exited ${res.status}):\n    ${detail}` };
    }
  }
  const stale = newestMtime(join(repoRoot, 'src')) > statSync(cli).mtimeMs;
  return { ok: true, cli, stale };
}

function excerpt(path, lines = 6) {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(0, lines).join('\n    ');
  } catch {
    return '';
  }
}

export async function run({ repoRoot, benchDir, runs, warmups, log }) {
  const seed = Number(process.env.BENCH_SEED ?? DEFAULT_SEED);
  const files = Number(process.env.BENCH_FILES ?? DEFAULT_FILES);
  const corpus = await writeCorpus(join(benchDir, '.corpus', 'lint'), { seed, files });
  const corpusRel = relative(repoRoot, corpus.dir);
  log(`corpus: ${corpus.files} files, ${corpus.statements} statements (counted by libpg-query), ${(corpus.bytes / 1024).toFixed(0)} KiB, seed ${seed}, sha256 ${corpus.sha256}, in ${corpusRel}/`);

  const tools = [];
  const skipped = [];

  const cli = ensureCli(repoRoot, log);
  if (cli.ok) {
    if (cli.stale) log('bench: note: src/ has files newer than dist/cli.js; the numbers are for the last build (run `npm run build` first to measure the current code).');
    tools.push({
      id: 'sql-preflight',
      role: 'subject',
      cmd: process.execPath,
      args: [cli.cli, 'lint', '.', '--format', 'json', '--fail-on', 'never', '--postgres-version', String(POSTGRES_MAJOR)],
      okExit: [0],
      check(stdout) {
        const report = JSON.parse(stdout);
        const s = report.summary;
        const parseErrors = report.files.reduce((n, f) => n + (f.parseErrors?.length ?? 0), 0);
        if (s.files !== corpus.files || s.statements !== corpus.statements) {
          throw new Error(`linted ${s.files} files / ${s.statements} statements, expected ${corpus.files} / ${corpus.statements}`);
        }
        return { files: s.files, statements: s.statements, findings: s.total, parseErrors, version: report.tool.version };
      },
    });
    tools.push({
      ...tools.at(-1),
      id: 'sql-preflight, no WASM tier-up (experiment)',
      role: 'experiment',
      args: [...NO_WASM_TIER_UP, ...tools.at(-1).args],
    });
  } else {
    skipped.push({ id: 'sql-preflight', reason: cli.reason });
  }

  const squawk = ensureSquawk(join(benchDir, '.tools'), log);
  if (squawk.ok) {
    const args = ['*.sql', '--reporter', 'json', '--pg-version', `${POSTGRES_MAJOR}.0`];
    // squawk's JSON lists violations only, so its file and statement counts are the corpus' (it reports a
    // syntax-error violation for anything it cannot parse, which is counted).
    const check = (stdout) => {
      const violations = JSON.parse(stdout);
      const syntax = violations.filter((v) => v.rule_name === 'syntax-error').length;
      return { files: corpus.files, statements: corpus.statements, findings: violations.length, parseErrors: syntax, version: squawk.version };
    };
    // squawk exits 1 when it reports violations; that is its normal answer on this corpus, not a failure.
    // Two rows: the npm `bin` (a Node script that spawns the binary: what `npx squawk` runs) and the binary itself.
    tools.push({ id: 'squawk (npm bin)', role: 'competitor', cmd: squawk.npmBin, args, okExit: [0, 1], check });
    tools.push({ id: 'squawk (native binary)', role: 'competitor', cmd: squawk.nativeBin, args, okExit: [0, 1], check });
  } else {
    skipped.push({ id: 'squawk', reason: squawk.reason });
    log(`bench: SQUAWK NOT AVAILABLE, measuring sql-preflight alone. ${squawk.reason}`);
  }

  // References, not contenders: what Node itself costs, and what loading libpg-query and parsing every file
  // costs with nothing else. The gaps between these and sql-preflight say where its time goes.
  tools.push({ id: 'ref: node -e 0', role: 'reference', cmd: process.execPath, args: ['-e', '0'], okExit: [0], check: () => ({}) });
  tools.push({
    id: 'ref: node + libpg-query parse only',
    role: 'reference',
    cmd: process.execPath,
    args: [join(benchDir, 'lib', 'parse-floor.mjs'), '.'],
    okExit: [0],
    check(stdout) {
      const r = JSON.parse(stdout);
      if (r.statements !== corpus.statements) throw new Error(`parsed ${r.statements} statements, expected ${corpus.statements}`);
      return { files: r.files, statements: r.statements };
    },
  });
  tools.push({ ...tools.at(-1), id: 'ref: parse only, no WASM tier-up', args: [...NO_WASM_TIER_UP, ...tools.at(-1).args] });

  const scratch = mkdtempSync(join(tmpdir(), 'bench-lint-'));
  const once = async (tool) => {
    const m = await measure(tool.cmd, tool.args, { cwd: corpus.dir, outDir: scratch });
    if (!tool.okExit.includes(m.exitCode)) {
      throw new Error(`exited ${m.exitCode ?? `by signal ${m.signal}`}; stderr:\n    ${excerpt(m.stderrPath)}`);
    }
    let checked;
    try {
      checked = tool.check(readFileSync(m.stdoutPath, 'utf8'));
    } catch (error) {
      throw new Error(`its output did not check out: ${error.message}; stderr:\n    ${excerpt(m.stderrPath)}`);
    }
    return { ...m, ...checked };
  };

  // Warm-up (at least one): fills the page cache for both tools, and is where a broken tool is found (it is
  // dropped with its error rather than failing the whole run).
  const live = [];
  for (const tool of tools) {
    try {
      for (let i = 0; i < Math.max(1, warmups); i++) await once(tool);
      live.push(tool);
    } catch (error) {
      skipped.push({ id: tool.id, reason: error.message });
      log(`bench: ${tool.id} FAILED and is left out: ${error.message}`);
    }
  }
  // Interleaved rounds with a rotating order, so drift on the machine (other load, thermal, caches) spreads
  // over all tools instead of landing on whichever ran last.
  for (const tool of live) tool.samples = [];
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < live.length; k++) {
      const tool = live[(round + k) % live.length];
      tool.samples.push(await once(tool));
    }
  }
  rmSync(scratch, { recursive: true, force: true });

  const rows = live.map((tool) => {
    const walls = tool.samples.map((s) => s.wall);
    const cpus = tool.samples.map((s) => s.cpu).filter((c) => Number.isFinite(c));
    const last = tool.samples.at(-1);
    const medianS = median(walls);
    return {
      tool: tool.id,
      role: tool.role,
      version: last.version,
      command: [tool.cmd === process.execPath ? 'node' : relative(repoRoot, tool.cmd), ...tool.args.map((a) => (a.startsWith(repoRoot) ? relative(repoRoot, a) : a))].join(' '),
      files: last.files ?? null,
      statements: last.statements ?? null,
      findings: last.findings ?? null,
      parseErrors: last.parseErrors ?? null,
      medianS: round4(medianS),
      minS: round4(Math.min(...walls)),
      cpuMedianS: cpus.length ? round4(median(cpus)) : null,
      statementsPerS: last.statements ? Math.round(last.statements / medianS) : null,
      peakRssMb: round1(Math.max(...tool.samples.map((s) => s.peakRssMb))),
      wallS: walls.map(round4),
    };
  });

  const ratios = {};
  for (const r of rows.filter((x) => x.role === 'competitor')) {
    for (const s of rows.filter((x) => x.role === 'subject' || x.role === 'experiment')) ratios[`${s.tool} / ${r.tool}`] = round2(s.medianS / r.medianS);
  }

  log('');
  log(
    formatTable(
      ['tool', 'files', 'statements', 'median s', 'min s', 'cpu s', 'statements/s', 'peak RSS MB'],
      rows.map((r) => [r.tool, r.files ?? '-', r.statements ?? '-', r.medianS.toFixed(3), r.minS.toFixed(3), r.cpuMedianS?.toFixed(3) ?? '-', r.statementsPerS ?? '-', r.peakRssMb.toFixed(1)]),
    ),
  );
  log('');
  log(`runs: ${runs} measured after ${warmups} warm-up per tool, interleaved; median and min are wall time spawn→exit.`);
  log(`peak RSS: ${rssMethod.label}.`);
  for (const r of rows.filter((x) => x.findings !== null)) log(`${r.tool}: ${r.findings} findings, ${r.parseErrors} syntax errors reported.`);
  for (const [k, v] of Object.entries(ratios)) {
    log(`ratio ${k} (median wall): ${v.toFixed(2)}  → ${v <= 1 ? `${(1 / v).toFixed(2)}x as fast (goal met)` : `${v.toFixed(2)}x slower (goal: ≤ 1.00)`}`);
  }
  if (!Object.keys(ratios).length) log('ratio: n/a (sql-preflight or squawk was not measured; see below)');
  for (const s of skipped) log(`not measured: ${s.id}: ${s.reason}`);

  return {
    corpus: { files: corpus.files, statements: corpus.statements, bytes: corpus.bytes, seed, sha256: corpus.sha256, dir: corpusRel },
    postgresVersion: POSTGRES_MAJOR,
    runs,
    warmups,
    rssMethod: rssMethod.id,
    results: rows,
    ratios,
    skipped,
  };
}

const round1 = (x) => Math.round(x * 10) / 10;
const round2 = (x) => Math.round(x * 100) / 100;
const round4 = (x) => Math.round(x * 10000) / 10000;
