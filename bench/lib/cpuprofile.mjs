// Summarises a V8 .cpuprofile (from `node --cpu-prof`) into phases and top self-time functions.
//
// Only the main thread is sampled. Work on V8's background threads (concurrent GC marking, WASM tier-up
// compilation) and anything after the profile is written at exit never shows up here, which is why the
// section compares the profiled time with the process's wall time.
import { readFileSync } from 'node:fs';

// Frames before the first module marker: the bundle's module function, i.e. top-level code run at import.
export const BUNDLE_TOP = 'dist/cli.js top level';

/**
 * esbuild (unminified) marks where each bundled source file starts with a `// src/...` comment line, so a
 * line number in dist/cli.js tells which source module a function came from.
 */
export function bundleModuleMap(bundlePath) {
  const starts = [];
  readFileSync(bundlePath, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /^\/\/ ((?:src|scripts)\/[^\s]+\.(?:ts|js|mjs)|package\.json)$/.exec(line);
      if (m) starts.push({ line: i, module: m[1] });
    });
  return (lineNumber) => {
    let found = BUNDLE_TOP;
    for (const s of starts) {
      if (s.line > lineNumber) break;
      found = s.module;
    }
    return found;
  };
}

function whereOf(frame, moduleOfBundleLine, bundleUrlPart) {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : 'V8 builtin';
  if (url.startsWith('wasm://')) return 'libpg-query WASM';
  if (bundleUrlPart && url.includes(bundleUrlPart)) return moduleOfBundleLine(frame.lineNumber);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `node_modules/${pkg[1]}`;
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/vm')) return 'node: module loader';
  if (url.startsWith('node:')) return 'node: other internals';
  return url.replace(/^file:\/\//, '');
}

function ownerOf(w) {
  if (w.startsWith('src/rules/')) return 'sql-preflight rules (src/rules)';
  if (w.startsWith('src/reporters/')) return 'sql-preflight report output (src/reporters)';
  if (w.startsWith('src/migrations/')) return 'sql-preflight discovery + reading (src/migrations)';
  if (w.startsWith('src/config/') || w.startsWith('schemas/')) return 'sql-preflight config (src/config)';
  if (w.startsWith('src/core/')) return 'sql-preflight core (statements, catalog, locks, lint loop)';
  if (w === BUNDLE_TOP) return 'sql-preflight module top level (code run at import)';
  if (w.startsWith('src/')) return `sql-preflight ${w}`;
  return undefined;
}

/**
 * The phase of one sample, from its call stack: the libpg-query entry point below it wins (so WASM time is
 * split into parse, scan and load), then the nearest source module of the bundle, then the runtime's own
 * pseudo-frames.
 */
function phaseOf(stack, where) {
  for (const f of stack) {
    if (where(f).startsWith('node_modules/libpg-query') || where(f) === 'libpg-query WASM') {
      // look further down for the API call that started this WASM/JS glue work
      const api = stack.find((g) => ['parseSync', 'scanSync', 'loadModule', 'parse', 'scan'].includes(g.functionName) && where(g).startsWith('node_modules/libpg-query'));
      if (api?.functionName.startsWith('parse')) return 'libpg-query parseSync (WASM parse + JSON of the AST)';
      if (api?.functionName.startsWith('scan')) return 'libpg-query scanSync (WASM scan + JSON of the tokens)';
      return 'libpg-query load (WASM compile + instantiate, module init)';
    }
  }
  // The nearest sql-preflight frame owns the sample; a dependency between it and the leaf is named, so that
  // e.g. schema compilation inside ajv shows up under whoever called ajv.
  let dependency;
  for (const f of stack) {
    const w = where(f);
    if (!dependency && w.startsWith('node_modules/')) dependency = w.slice('node_modules/'.length);
    const owner = ownerOf(w);
    if (owner) return dependency ? `${owner}, inside ${dependency}` : owner;
  }
  const top = stack[0];
  const w = where(top);
  if (w === '(garbage collector)') return 'garbage collector';
  if (w === '(program)') return 'V8/native not attributed to JS ("(program)": parsing/compiling JS, runtime)';
  if (w === '(idle)') return 'idle (main thread waiting)';
  if (stack.some((f) => where(f) === 'node: module loader')) return 'module loading (node ESM loader)';
  if (w.startsWith('node_modules/')) return `dependency ${w.slice('node_modules/'.length)}`;
  return `other (${w})`;
}

export function summariseProfile(profilePath, { bundlePath, bundleUrlPart } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const moduleOf = bundlePath ? bundleModuleMap(bundlePath) : () => 'bundle';
  const where = (f) => whereOf(f, moduleOf, bundleUrlPart);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Sample i lasts until sample i+1; timeDeltas[i] is the gap before sample i.
  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dur = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dur));
  }

  const phases = new Map();
  const functions = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const stack = [];
    for (let n = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n).callFrame);
    const phase = phaseOf(stack, where);
    phases.set(phase, (phases.get(phase) ?? 0) + us);
    const f = stack[0];
    const key = `${f.functionName || '(anonymous)'}\t${where(f)}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const ms = (us) => Math.round(us / 100) / 10;
  const pct = (us) => Math.round((us / totalUs) * 1000) / 10;
  return {
    profiledMs: ms(totalUs),
    phases: [...phases].sort((a, b) => b[1] - a[1]).map(([phase, us]) => ({ phase, ms: ms(us), pct: pct(us) })),
    topFunctions: [...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([key, us]) => {
        const [fn, at] = key.split('\t');
        return { function: fn, where: at, selfMs: ms(us), pct: pct(us) };
      }),
  };
}
