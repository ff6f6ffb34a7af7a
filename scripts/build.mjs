// Bundles the CLI into dist/. Dependencies stay external: `npm install` puts them (and the WASM files that
// libpg-query and PGlite load at run time) in node_modules beside the bundle.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/cli.js', { force: true });
await build({
  entryPoints: { cli: 'src/cli/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  legalComments: 'none',
  logLevel: 'warning',
});
