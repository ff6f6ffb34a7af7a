// Bundles dist/.
// - dist/cli.js, the CLI: dependencies stay external, because `npm install` puts them (and the WASM files that
//   libpg-query and PGlite load at run time) in node_modules beside the bundle.
// - dist/index.js, the GitHub Action: the runner checks the repository out without node_modules, so everything
//   is bundled and the files loaded at run time sit beside it (see ACTION_ASSETS and ACTION_MODULES).
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Modules the bundle does not import but hands to another thread or process by URL, through
 * `import.meta.resolve` (src/db/pglite.ts runs PGlite in a worker; src/db/server.ts drops databases from a
 * child process on exit). Each is bundled on its own, and the bundle resolves its name to that file.
 */
const ACTION_MODULES = { '@electric-sql/pglite': 'pglite.js', pg: 'pg.js' };

/**
 * Files read at run time relative to the code that loads them: libpg-query's Emscripten loader reads
 * `__dirname + '/libpg-query.wasm'` (dist/index.js); PGlite reads `new URL('./pglite.wasm', import.meta.url)`
 * and its siblings (dist/pglite.js).
 */
const ACTION_ASSETS = [
  ['libpg-query', 'wasm/libpg-query.wasm'],
  ['@electric-sql/pglite', 'dist/pglite.wasm'],
  ['@electric-sql/pglite', 'dist/initdb.wasm'],
  ['@electric-sql/pglite', 'dist/pglite.data'],
];

// CommonJS dependencies call require() and read __dirname, which an ES module does not have.
const COMMONJS_GLOBALS = [
  "import { createRequire as __sqlPreflightCreateRequire } from 'node:module';",
  "import { fileURLToPath as __sqlPreflightFileURLToPath } from 'node:url';",
  'const require = __sqlPreflightCreateRequire(import.meta.url);',
  'const __filename = __sqlPreflightFileURLToPath(import.meta.url);',
  "const __dirname = __sqlPreflightFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

const RESOLVE_BUNDLED = `const __sqlPreflightResolve = (specifier) => {
  const file = ${JSON.stringify(ACTION_MODULES)}[specifier];
  if (!file) throw new Error(\`sql-preflight: \${specifier} is not bundled with the Action\`);
  return new URL(file, import.meta.url).href;
};`;

const common = {
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
};

const generated = new Set(['cli.js', 'index.js', 'licenses.txt', ...Object.values(ACTION_MODULES), ...ACTION_ASSETS.map(([, file]) => file.split('/').at(-1))]);
for (const file of readdirSync('dist')) if (generated.has(file)) rmSync(join('dist', file));

await build({ ...common, entryPoints: { cli: 'src/cli/index.ts' }, target: 'node22', packages: 'external' });

const action = {
  ...common,
  target: 'node24',
  // ssh2 (testcontainers → dockerode) tries its optional native add-ons and goes on without them.
  external: ['cpu-features', '*.node', 'pg-native'],
  metafile: true,
};
const bundles = await Promise.all([
  build({
    ...action,
    entryPoints: { index: 'src/action/index.ts' },
    banner: { js: `${COMMONJS_GLOBALS}\n${RESOLVE_BUNDLED}` },
    define: { 'import.meta.resolve': '__sqlPreflightResolve' },
  }),
  build({
    ...action,
    entryPoints: Object.fromEntries(Object.entries(ACTION_MODULES).map(([name, file]) => [file.replace(/\.js$/, ''), name])),
    banner: { js: COMMONJS_GLOBALS },
  }),
]);
// Read and written rather than copied, so that the files do not keep an executable bit from node_modules.
for (const [pkg, file] of ACTION_ASSETS) writeFileSync(join('dist', file.split('/').at(-1)), readFileSync(join('node_modules', pkg, file)));
writeFileSync('dist/licenses.txt', licenses(bundles.flatMap((b) => Object.keys(b.metafile.inputs))));

/** The licence of every package in the Action's bundles, which redistribute them. */
function licenses(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [];
  for (const dir of [...packages.keys()].sort()) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${manifest.license ?? 'not stated'}`;
    sections.push(`${manifest.name}@${manifest.version}\n\n${text}`);
  }
  return [...new Set(sections)].join(`\n\n${'-'.repeat(80)}\n\n`) + '\n';
}
