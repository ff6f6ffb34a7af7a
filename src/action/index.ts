import { setFlagsFromString } from 'node:v8';

// As in the CLI (src/cli/index.ts): V8's background re-compilation of the WASM parser costs hundreds of MB for
// no gain in a short run. The flags only apply to modules compiled after they are set, hence before main loads.
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');

const { main } = await import('./main.js');
await main();
