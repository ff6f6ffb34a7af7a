#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// V8 re-compiles the WASM parser's largest functions with its optimising compiler in the background: on a lint
// run that costs about 550 MB and keeps the process alive after the work is done, for no gain in a short run.
// The flags only take effect before the WASM module is compiled, hence before main is loaded.
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');

const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
