// Installs squawk (npm package `squawk-cli`) into bench/.tools/, outside the project's dependencies.
//
// How the package delivers its binary (checked on 2.66.0): `squawk-cli` has no install script; it lists one
// optional dependency per platform (`@squawk-cli/linux-x64`, ...), each carrying the prebuilt native binary in
// its tarball, and its `bin` is a small Node script that spawns that binary. So a plain `npm install` from the
// registry is enough: nothing is downloaded from elsewhere at install time. The install only fails where npm
// skips optional dependencies or the platform has no package.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Pinned so that results recorded on different days compare the same squawk; override with BENCH_SQUAWK_VERSION.
export const SQUAWK_VERSION = process.env.BENCH_SQUAWK_VERSION || '2.66.0';

function npmCommand() {
  // The npm that belongs to the running Node, so a bench started with Node 24 does not pick up another npm.
  const beside = join(dirname(process.execPath), 'npm');
  return existsSync(beside) ? beside : 'npm';
}

function installedVersion(toolsDir) {
  try {
    return JSON.parse(readFileSync(join(toolsDir, 'node_modules', 'squawk-cli', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * Returns { ok: true, version, npmBin, nativeBin } or { ok: false, reason }. Never throws: a missing squawk
 * must not stop the rest of the benchmark.
 */
export function ensureSquawk(toolsDir, log = (m) => process.stderr.write(`${m}\n`)) {
  if (installedVersion(toolsDir) !== SQUAWK_VERSION) {
    log(`bench: installing squawk-cli@${SQUAWK_VERSION} into ${toolsDir} (not a project dependency) ...`);
    const res = spawnSync(
      npmCommand(),
      ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', '--include=optional', '--save-exact', `squawk-cli@${SQUAWK_VERSION}`],
      { encoding: 'utf8' },
    );
    if (res.status !== 0) {
      const detail = `${res.error?.message ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-6).join('\n    ');
      return { ok: false, reason: `npm install squawk-cli@${SQUAWK_VERSION} failed (exit ${res.status}):\n    ${detail}` };
    }
  }
  const npmBin = join(toolsDir, 'node_modules', '.bin', 'squawk');
  let nativeBin;
  try {
    // The package's own resolver: it knows which platform package holds the binary.
    const require = createRequire(join(toolsDir, 'node_modules', 'squawk-cli', 'package.json'));
    nativeBin = require('squawk-cli/js/index.js').getBinaryPath();
  } catch (error) {
    return { ok: false, reason: `squawk-cli is installed but its native binary is not: ${error.message}` };
  }
  const version = spawnSync(nativeBin, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    return { ok: false, reason: `squawk's binary ${nativeBin} does not run here: ${(version.error?.message ?? version.stderr ?? '').trim()}` };
  }
  return { ok: true, version: version.stdout.trim(), npmBin, nativeBin };
}
