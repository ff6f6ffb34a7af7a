// Whole-process measurement: wall time from spawn to exit, CPU time and peak RSS of one command.
//
// Peak RSS comes from GNU time (`/usr/bin/time -v`, Debian package `time`) when it is installed: it reads the
// kernel's rusage of the finished child, which is exact and costs nothing while the tool runs. Without it we
// fall back to polling /proc/<pid>/status (VmHWM, the kernel's own high-water mark) of the process and its
// descendants every few milliseconds, which can miss growth in the last interval before exit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

function gnuTimeWorks() {
  if (!existsSync(GNU_TIME)) return false;
  // busybox and BSD `time` take no -v/-o; only GNU time prints the "Maximum resident set size" line we parse.
  try {
    const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
    const out = join(dir, 'time.txt');
    const { status } = spawnSyncQuiet(GNU_TIME, ['-v', '-o', out, 'true']);
    const ok = status === 0 && /Maximum resident set size/.test(readFileSync(out, 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    return ok;
  } catch {
    return false;
  }
}

function spawnSyncQuiet(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' });
}

export const rssMethod = gnuTimeWorks()
  ? { id: 'gnu-time', label: '/usr/bin/time -v (kernel rusage of the child; for a wrapper that spawns the real binary, the larger of the two)' }
  : { id: 'proc-poll', label: '/proc/<pid>/status VmHWM polled every 5 ms over the process and its children (may miss the last few ms)' };

function readHwmKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function descendants(pid) {
  const out = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
          out.push(Number(c));
          stack.push(Number(c));
        }
      } catch {
        // the task exited between the two reads
      }
    }
  }
  return out;
}

/**
 * Runs `cmd args` once with stdout and stderr sent to files (so the tool does all of its output work, and the
 * harness does no reading while the clock runs). Returns wall seconds, CPU seconds, peak RSS in MB, the exit
 * code and the paths of the captured output.
 */
export async function measure(cmd, args, { cwd, env, outDir }) {
  const stdoutPath = join(outDir, 'stdout');
  const stderrPath = join(outDir, 'stderr');
  const timePath = join(outDir, 'time.txt');
  const out = openSync(stdoutPath, 'w');
  const err = openSync(stderrPath, 'w');
  const viaTime = rssMethod.id === 'gnu-time';
  const [file, argv] = viaTime ? [GNU_TIME, ['-v', '-o', timePath, cmd, ...args]] : [cmd, args];
  let peakKb = 0;
  let poller;
  const started = process.hrtime.bigint();
  const child = spawn(file, argv, { cwd, env: env ?? process.env, stdio: ['ignore', out, err] });
  if (!viaTime) {
    poller = setInterval(() => {
      for (const pid of [child.pid, ...descendants(child.pid)]) peakKb = Math.max(peakKb, readHwmKb(pid));
    }, 5);
  }
  const { code, signal } = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, s) => resolve({ code: c, signal: s }));
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (poller) clearInterval(poller);
  closeSync(out);
  closeSync(err);
  let cpu;
  let exitCode = code;
  if (viaTime) {
    const report = readFileSync(timePath, 'utf8');
    const num = (re) => Number(re.exec(report)?.[1] ?? NaN);
    peakKb = num(/Maximum resident set size \(kbytes\): (\d+)/);
    cpu = num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/);
    // GNU time exits with the child's status, and says so in its report too.
    const status = /Exit status: (\d+)/.exec(report);
    if (status) exitCode = Number(status[1]);
    if (/Command terminated by signal (\d+)/.test(report)) exitCode = null;
  }
  return { wall, cpu, peakRssMb: peakKb / 1024, exitCode, signal, stdoutPath, stderrPath };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Plain fixed-width table; the numbers are the point, not the borders. */
export function formatTable(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
