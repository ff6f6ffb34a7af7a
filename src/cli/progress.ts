import type { Progress } from '../core/progress.js';

/**
 * Progress on standard error: a live line on a terminal; in logs (CI), a line when a phase starts and ends and
 * at most one line per tenth of its items, so long runs show life without flooding the log.
 */
export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  const live = stream.isTTY === true;
  let phaseName = '';
  let phaseStart = 0;
  let lastTenth = -1;
  const clear = () => {
    if (live) stream.write('\r\x1b[K');
  };
  return {
    async phase(name, work) {
      phaseName = name;
      phaseStart = performance.now();
      lastTenth = -1;
      if (!live) stream.write(`sql-preflight: ${name}...\n`);
      try {
        return await work();
      } finally {
        clear();
        stream.write(`sql-preflight: ${name} done in ${seconds(performance.now() - phaseStart)}\n`);
      }
    },
    step(done, total, label) {
      const elapsed = seconds(performance.now() - phaseStart);
      if (live) {
        const text = `${phaseName}: ${done}/${total} ${label} (${elapsed})`;
        stream.write(`\r\x1b[K${text.slice(0, (stream.columns ?? 100) - 1)}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth || done === total) return;
      lastTenth = tenth;
      stream.write(`sql-preflight: ${phaseName} ${done}/${total} ${label} (${elapsed})\n`);
    },
    note(message) {
      clear();
      stream.write(`sql-preflight: ${message}\n`);
    },
  };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
