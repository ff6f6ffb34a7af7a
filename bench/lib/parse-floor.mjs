// Reference floor for the lint benchmark: a Node process that loads libpg-query's WASM and parses every .sql
// file in a folder, and nothing else (no scan, no rules, no report). Any linter built on this parser in Node
// pays at least this, so the gap between this and sql-preflight is sql-preflight's own work.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModule, parseSync } from 'libpg-query';

const dir = process.argv[2];
await loadModule();
let statements = 0;
const files = readdirSync(dir).filter((n) => n.endsWith('.sql')).sort();
for (const name of files) statements += parseSync(readFileSync(join(dir, name), 'utf8')).stmts?.length ?? 0;
process.stdout.write(JSON.stringify({ files: files.length, statements }) + '\n');
