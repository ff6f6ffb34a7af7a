// Entry point of `npm run bench`: runs each benchmark section and records its results in bench/results/.
//
//   node bench/run.mjs                 all default sections
//   node bench/run.mjs lint            only the named sections (lint, replay, trace, seed, load, explain; also: lint-profile)
//   node bench/run.mjs --runs 9        measured runs per tool (default 5), --warmups N (default 1)
//   node bench/run.mjs --no-save       print only, leave bench/results/ as it is
//
// A section is a module exporting `name`, `title` and `run(context)`, which prints its own table through
// `context.log` and returns a JSON-able object; this file adds the machine description and writes it to
// bench/results/<name>.json. To add one, write bench/<name>.mjs and list it in SECTIONS.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SECTIONS = [
  { name: 'lint', load: () => import('./lint.mjs'), byDefault: true },
  { name: 'replay', load: () => import('./replay.mjs'), byDefault: true },
  { name: 'trace', load: () => import('./trace.mjs'), byDefault: true },
  { name: 'seed', load: () => import('./seed.mjs'), byDefault: true },
  { name: 'load', load: () => import('./load.mjs'), byDefault: true },
  { name: 'explain', load: () => import('./explain.mjs'), byDefault: true },
  // Profiling changes what it measures, so it is run on request (once, to explain the lint numbers).
  { name: 'lint-profile', load: () => import('./lint-profile.mjs'), byDefault: false },
];

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '5' },
    warmups: { type: 'string', default: process.env.BENCH_WARMUPS ?? '1' },
    'no-save': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`usage: node bench/run.mjs [${SECTIONS.map((s) => s.name).join(' | ')} ...] [--runs N] [--warmups N] [--no-save]\n`);
  process.exit(0);
}
const unknown = positionals.filter((p) => !SECTIONS.some((s) => s.name === p));
if (unknown.length) {
  process.stderr.write(`bench: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
const chosen = positionals.length ? SECTIONS.filter((s) => positionals.includes(s.name)) : SECTIONS.filter((s) => s.byDefault);
const runs = Math.max(1, Number(values.runs));
const warmups = Math.max(0, Number(values.warmups));
const log = (line) => process.stdout.write(`${line}\n`);

function gitDescribe() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    // Others' uncommitted src/ changes end up in dist/ too, so say whether the tree was clean.
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'package.json'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' (src/ has uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

const machine = {
  node: process.version,
  platform: `${process.platform}-${process.arch} ${release()}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  commit: gitDescribe(),
};
log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB, ${machine.platform}, Node ${machine.node}, commit ${machine.commit}`);
// Whole-process timings on a 2-core machine move a lot when a test suite runs beside them; say so up front
// and keep the load in the results, rather than let a busy run pass as a clean one.
machine.loadAverage1m = Math.round(loadavg()[0] * 100) / 100;
if (machine.loadAverage1m > 0.5) log(`bench: WARNING: load average ${machine.loadAverage1m} before starting; other processes are competing for the CPU and the numbers will be noisy.`);

let failed = false;
for (const section of chosen) {
  const mod = await section.load();
  log(`\n== ${mod.title} ==`);
  const started = new Date();
  try {
    const result = await mod.run({ repoRoot, benchDir, runs, warmups, log });
    if (!values['no-save']) {
      mkdirSync(join(benchDir, 'results'), { recursive: true });
      const file = join(benchDir, 'results', `${mod.name}.json`);
      writeFileSync(file, JSON.stringify({ benchmark: mod.name, date: started.toISOString(), machine, ...result }, null, 2) + '\n');
      log(`results written to bench/results/${mod.name}.json`);
    }
  } catch (error) {
    failed = true;
    log(`bench: section ${section.name} failed: ${error.stack ?? error}`);
  }
}
process.exitCode = failed ? 1 : 0;
