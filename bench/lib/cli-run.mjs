// One whole-CLI run of a benchmark section that measures `check` as a user runs it: pinned to two cores when it
// can be, with the Docker container's memory watched, and its JSON report read back.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { watchContainerMemory } from './docker-memory.mjs';
import { measure } from './measure.mjs';

const CPUS = '0,1';

/** `taskset -c 0,1` when it is there and the machine has those CPUs; otherwise the command runs unpinned, and says why. */
export function pinning() {
  const probe = spawnSync('taskset', ['-c', CPUS, 'true'], { stdio: 'ignore' });
  if (probe.error) return { pinned: false, why: 'taskset is not installed' };
  if (probe.status !== 0) return { pinned: false, why: `taskset -c ${CPUS} failed (fewer CPUs?)` };
  return { pinned: true, cpus: CPUS };
}

/** The log line that says how the runs were pinned. */
export function pinningNote(pin) {
  return pin.pinned ? `pinned: taskset -c ${pin.cpus} (the Docker container is not: it runs under the engine)` : `NOT pinned: ${pin.why}; the CLI may use every core`;
}

/**
 * Runs `node <cli> ...command.args` in `dir` and reads the report it writes to `output`. `command.image` names the
 * container image whose memory is watched meanwhile. Throws, naming the command and the end of its stderr, when
 * it does not exit 0; `fail` throws the same way for the section's own checks of the report.
 */
export async function measureCliRun({ cli, pin, command, dir, env, scratch, output }) {
  rmSync(output, { force: true });
  const [cmd, args] = pin.pinned ? ['taskset', ['-c', pin.cpus, process.execPath, cli, ...command.args]] : [process.execPath, [cli, ...command.args]];
  const watcher = command.image ? await watchContainerMemory(command.image) : undefined;
  let m;
  let container;
  try {
    m = await measure(cmd, args, { cwd: dir, env, outDir: scratch });
  } finally {
    container = await watcher?.stop();
  }
  const fail = (why) => {
    throw new Error(`${command.id}: ${why}; stderr: ${readFileSync(m.stderrPath, 'utf8').trim().split('\n').slice(-5).join(' / ')}`);
  };
  if (m.exitCode !== 0) fail(`exited ${m.exitCode ?? `by signal ${m.signal}`}`);
  return { m, container, report: JSON.parse(readFileSync(output, 'utf8')), fail };
}
