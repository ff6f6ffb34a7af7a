// Where sql-preflight's lint time goes: one `node --cpu-prof` run of the CLI on the lint corpus, summarised
// by phase (which libpg-query call or source module a sample sits under) and by top self-time function.
//
// Run on request (`node bench/run.mjs lint-profile`): the profiler's sampling slows the process a little, so
// these numbers explain the lint section's times rather than replace them.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCorpus, DEFAULT_FILES, DEFAULT_SEED } from './lib/corpus.mjs';
import { measure, formatTable } from './lib/measure.mjs';
import { summariseProfile } from './lib/cpuprofile.mjs';
import { ensureCli, NO_WASM_TIER_UP, POSTGRES_MAJOR } from './lint.mjs';

export const name = 'lint-profile';
export const title = 'Lint profile: where sql-preflight spends its time (node --cpu-prof, one run each)';

export async function run({ repoRoot, benchDir, log }) {
  const corpus = await writeCorpus(join(benchDir, '.corpus', 'lint'), {
    seed: Number(process.env.BENCH_SEED ?? DEFAULT_SEED),
    files: Number(process.env.BENCH_FILES ?? DEFAULT_FILES),
  });
  const cli = ensureCli(repoRoot, log);
  if (!cli.ok) throw new Error(cli.reason);
  if (cli.stale) log('bench: note: src/ has files newer than dist/cli.js; profiling the last build.');
  const lintArgs = [cli.cli, 'lint', '.', '--format', 'json', '--fail-on', 'never', '--postgres-version', String(POSTGRES_MAJOR)];

  const variants = [
    { id: 'default', nodeFlags: [] },
    { id: 'no WASM tier-up', nodeFlags: NO_WASM_TIER_UP },
  ];
  const out = { corpus: { files: corpus.files, statements: corpus.statements }, variants: [] };
  for (const variant of variants) {
    const scratch = mkdtempSync(join(tmpdir(), 'bench-prof-'));
    // One unprofiled run first, so the page cache is warm as in the lint section.
    await measure(process.execPath, [...variant.nodeFlags, ...lintArgs], { cwd: corpus.dir, outDir: scratch });
    const profDir = join(scratch, 'prof');
    const m = await measure(
      process.execPath,
      [...variant.nodeFlags, '--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=250', ...lintArgs],
      { cwd: corpus.dir, outDir: scratch },
    );
    if (m.exitCode !== 0) throw new Error(`the profiled run exited ${m.exitCode}`);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    const summary = summariseProfile(join(profDir, file), { bundlePath: cli.cli, bundleUrlPart: '/dist/cli.js' });
    rmSync(scratch, { recursive: true, force: true });

    const wallMs = Math.round(m.wall * 1000);
    log(`\n-- ${variant.id}${variant.nodeFlags.length ? ` (node ${variant.nodeFlags.join(' ')})` : ''} --`);
    log(
      `wall ${wallMs} ms (profiled, spawn→exit), CPU ${Math.round(m.cpu * 1000)} ms (all threads), peak RSS ${m.peakRssMb.toFixed(0)} MB; ` +
        `main thread sampled ${summary.profiledMs} ms; the rest (${Math.max(0, wallMs - Math.round(summary.profiledMs))} ms) is Node start-up before the ` +
        'profiler and shutdown after it (including waiting for background compile threads).',
    );
    log(formatTable(['phase (main thread)', 'ms', '%'], summary.phases.map((p) => [p.phase, p.ms.toFixed(1), p.pct.toFixed(1)])));
    log('');
    log(formatTable(['top self-time function', 'where', 'ms', '%'], summary.topFunctions.map((f) => [f.function, f.where, f.selfMs.toFixed(1), f.pct.toFixed(1)])));
    out.variants.push({ id: variant.id, nodeFlags: variant.nodeFlags, wallMs, cpuMs: Math.round(m.cpu * 1000), peakRssMb: Math.round(m.peakRssMb), ...summary });
  }
  return out;
}
