// Trace overhead: running migrations under the lock tracer (`createTracer` / `traceFile` from src/trace, what
// `sql-preflight check` does with the change) against applying the same files plainly (`applyMigration` from
// src/replay, what `check` does with the existing migrations), on the same server and on PGlite; plus the whole
// `sql-preflight check` on fixtures/check on each provider.
//
// The files are the replay section's generated history (same generator, same seed, same folder). Two scenarios:
//
// - `history`: all files, from an empty database. The tracer reports only relations that existed before the
//   change, so here it has none to report and the canary never probes: this is the tracer's bookkeeping alone
//   (catalog reads before and after every statement, statements sent one at a time).
// - `change`: the first files are applied plainly (untimed), then the rest are timed, as a change on top of an
//   existing schema: every table the change touches is one the tracer reports, and the canary probes.
//
// Each measurement runs in a child process of its own (`node --import tsx bench/trace.mjs --child ...`, since
// src/ is TypeScript) with a fresh throwaway database, so that its peak RSS is its own. The child times:
// replay = the files through `applyMigration` (parsing included); trace = parsing and analysing them as
// `check` does (`lintSources(...).changed`, no rules) + `createTracer` (the canary's sessions) + `traceFile` for
// each file. Both sides must apply every file without a failure and end with the same schema (fingerprints
// compared), so that a fast side that skipped work would show. The canary runs only on a real server
// (`provider.concurrent`); "canary off" hands the tracer the same provider with `concurrent: false`.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, measure, median, rssMethod } from './lib/measure.mjs';
import { DEFAULT_FILES, DEFAULT_SEED, findServer, writeHistory } from './replay.mjs';

export const name = 'trace';
export const title = 'Trace overhead: createTracer/traceFile vs plain applyMigration on the same files and server; check on fixtures/check per provider';

/** The goal from the issue: tracing the files at most 1.5x the time of replaying them. */
export const GOAL = 1.5;
/** `change` scenario: files applied untimed before the measured ones (the rest of the 320-file history). */
export const CHANGE_PREFIX = 240;
/** The tracer's default `canaryLockTimeoutMs` (src/trace/tracer.ts). */
const DEFAULT_CANARY_MS = 20;

const benchDir = dirname(fileURLToPath(import.meta.url));

if (process.argv[2] === '--child' && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await child(JSON.parse(process.argv[3])))}\n`);
  // PGlite's worker and pg's sockets are gone after dispose; exit anyway rather than wait on a stray handle.
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------
// The child: one side (replay or trace) of one scenario on one provider, in a fresh database.

/**
 * Counts what goes over a session, and times it by kind: the migration's own SQL, the tracer's transaction
 * control (BEGIN / COMMIT / ROLLBACK), and its catalog queries (`query`: state, settings, CHECK lookups); for
 * the canary's probe session, its probes and how many of them ran into their lock_timeout.
 */
function counted(session, counts) {
  const timed = async (kind, work) => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      counts.ms[kind] += performance.now() - started;
    }
  };
  return {
    async query(sql, params) {
      counts.roundTrips++;
      return timed('queries', () => session.query(sql, params));
    },
    async exec(sql) {
      counts.roundTrips++;
      const probe = sql.startsWith('SET LOCAL lock_timeout');
      if (probe) counts.probes++;
      const started = performance.now();
      try {
        const result = await timed(/^(BEGIN|COMMIT|ROLLBACK)$/.test(sql) ? 'control' : 'statements', () => session.exec(sql));
        // A probe that got its locks: how long the round trip took, planning included (the margin a shorter
        // lock_timeout must leave is for a lock that is merely busy, which would show here as a long probe).
        if (probe) counts.freeProbeMs.push(performance.now() - started);
        return result;
      } catch (error) {
        // 55P03: the probe's lock_timeout ran out, i.e. a read or write of that table would have waited.
        if (probe && error?.code === '55P03') counts.probeWaits++;
        throw error;
      }
    },
    close: () => session.close(),
  };
}

function newCounts() {
  return { roundTrips: 0, probes: 0, probeWaits: 0, freeProbeMs: [], ms: { statements: 0, control: 0, queries: 0 } };
}

async function child(task) {
  const { openProvider } = await import('../src/db/index.ts');
  const { applyMigration, schemaFingerprint } = await import('../src/replay/index.ts');
  const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
  const names = readdirSync(task.dir).filter((n) => n.endsWith('.sql')).sort();
  const files = names.map((n) => ({ path: n, text: readFileSync(join(task.dir, n), 'utf8'), skipped: [], transaction: task.mode }));
  const prefix = files.slice(0, task.prefix);
  const measured = files.slice(task.prefix);

  const { provider } = await openProvider({ ...task.options, postgresVersion: 15 });
  const main = newCounts();
  const canary = newCounts();
  const failures = [];
  const result = { side: task.side, files: measured.length, serverVersion: provider.serverVersion.full };
  try {
    const session = await provider.open();
    for (const file of prefix) {
      const failure = await applyMigration(session, file);
      if (failure) failures.push(failure);
    }
    const watched = counted(session, main);
    if (task.side === 'replay') {
      const started = process.hrtime.bigint();
      for (const file of measured) {
        const failure = await applyMigration(watched, file);
        if (failure) failures.push(failure);
      }
      result.totalMs = ms(started);
    } else {
      const { lintSources } = await import('../src/core/lint.ts');
      const { createTracer } = await import('../src/trace/index.ts');
      const started = process.hrtime.bigint();
      // What `check` does with the change: parse and analyse (here without rules), keep `changed`.
      const sources = measured.map((f) => ({ ...f, kind: 'migration', format: 'plain', change: 'change' }));
      const { changed } = lintSources(sources, { postgresVersion: 15, rules: [] });
      result.analyseMs = ms(started);
      const creating = process.hrtime.bigint();
      // The tracer sees the provider through a wrapper: "off" says it is not concurrent (no canary, as on
      // PGlite); "on" passes the real answer and counts the canary sessions' probes.
      const tracerProvider = {
        kind: provider.kind,
        serverVersion: provider.serverVersion,
        concurrent: task.canary === 'on' && provider.concurrent,
        open: async () => counted(await provider.open(), canary),
        dispose: () => provider.dispose(),
      };
      const tracer = await createTracer(tracerProvider, watched, task.canaryLockTimeoutMs ? { canaryLockTimeoutMs: task.canaryLockTimeoutMs } : {});
      result.createTracerMs = ms(creating);
      const tracing = process.hrtime.bigint();
      const observedBy = {};
      let statements = 0;
      let blockedReports = 0;
      let lockedStatements = 0;
      // Tables a file's transaction was seen blocking: the fewest probes that wait, if the canary probed each
      // table once per transaction (a lock is held until the transaction ends).
      let blockedPerTransaction = 0;
      // Every blocked report, in order: canary variants with different lock timeouts must give the same answers.
      const blockedAnswers = [];
      try {
        for (const file of measured) {
          const analyzed = changed.get(file.path);
          if (!analyzed) throw new Error(`${file.path} did not parse`);
          const traced = await tracer.traceFile(analyzed);
          if (traced.failure) failures.push({ file: file.path, ...traced.failure });
          blockedPerTransaction += new Set(traced.statements.flatMap((t) => (t?.blocked ?? []).filter((b) => b.reads || b.writes).map((b) => b.relation))).size;
          for (const trace of traced.statements) {
            if (!trace) continue;
            statements++;
            observedBy[trace.observedBy] = (observedBy[trace.observedBy] ?? 0) + 1;
            if (trace.locks.length) lockedStatements++;
            blockedReports += trace.blocked?.length ?? 0;
            if (trace.blocked) blockedAnswers.push(trace.blocked);
          }
        }
        result.traceMs = ms(tracing);
      } finally {
        await tracer.close();
      }
      result.totalMs = ms(started);
      result.statements = statements;
      result.statementsWithLocks = lockedStatements;
      result.observedBy = observedBy;
      result.blockedReports = blockedReports;
      result.blockedTablesPerTransaction = blockedPerTransaction;
      result.blockedAnswers = JSON.stringify(blockedAnswers);
      const free = [...canary.freeProbeMs].sort((a, b) => a - b);
      result.canary = {
        ...canary,
        freeProbeMs: free.length ? { count: free.length, median: free[Math.floor(free.length / 2)], p99: free[Math.floor(free.length * 0.99)], max: free.at(-1) } : null,
      };
    }
    result.roundTrips = main.roundTrips;
    result.sessionMs = main.ms;
    const fingerprint = await schemaFingerprint(session);
    result.fingerprint = JSON.stringify(fingerprint);
    await session.close();
  } finally {
    await provider.dispose();
  }
  result.failureCount = failures.length;
  result.failures = failures.slice(0, 3);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// The orchestration.

const round1 = (x) => Math.round(x * 10) / 10;
const round2 = (x) => Math.round(x * 100) / 100;
const round4 = (x) => Math.round(x * 10000) / 10000;

export async function run({ repoRoot, runs, warmups, log }) {
  const seed = Number(process.env.BENCH_SEED ?? DEFAULT_SEED);
  const fileCount = Math.max(300, Number(process.env.BENCH_REPLAY_FILES ?? DEFAULT_FILES));
  // The replay section's folder: the same generator and seed write the same bytes (see sha256).
  const history = await writeHistory(join(benchDir, '.corpus', 'replay'), { seed, files: fileCount });
  log(`history: ${history.files} files, ${history.statements} statements, ${(history.bytes / 1024).toFixed(0)} KiB, seed ${seed}, sha256 ${history.sha256}, in ${relative(repoRoot, history.dir)}/`);
  const prefix = Math.min(CHANGE_PREFIX, Math.floor(history.files * 0.75));
  const scenarios = [
    { id: 'history', prefix: 0, what: `all ${history.files} files from an empty database (nothing existed before: no relation to report, no canary probe)` },
    { id: 'change', prefix, what: `files ${prefix + 1}-${history.files} after files 1-${prefix} were applied untimed (every table touched existed before)` },
  ];

  const scratch = mkdtempSync(join(tmpdir(), 'bench-trace-'));
  const spawnChild = async (task) => {
    const m = await measure(process.execPath, ['--import', 'tsx', join(benchDir, 'trace.mjs'), '--child', JSON.stringify(task)], { cwd: repoRoot, outDir: scratch });
    if (m.exitCode !== 0) throw new Error(`the trace child exited ${m.exitCode ?? m.signal}: ${readFileSync(m.stderrPath, 'utf8').trim().split('\n').slice(-5).join(' / ')}`);
    const result = JSON.parse(readFileSync(m.stdoutPath, 'utf8'));
    if (result.failureCount > 0) throw new Error(`${task.side} (${task.label}): ${result.failureCount} files failed, first: ${JSON.stringify(result.failures[0])}`);
    return { ...result, wallS: m.wall, peakRssMb: m.peakRssMb };
  };

  const skipped = [];
  const providers = [];
  const server = await findServer(log);
  try {
    if (server) {
      log(`server: ${server.kind === 'url' ? 'url (BENCH_DATABASE_URL / SQL_PREFLIGHT_TEST_DATABASE_URL)' : `container from ${server.image}`}`);
      providers.push({
        id: server.kind,
        options: { kind: 'url', databaseUrl: server.adminUrl },
        variants: [
          { id: 'replay', side: 'replay' },
          { id: 'trace, canary off', side: 'trace', canary: 'off' },
          { id: `trace, canary on (${DEFAULT_CANARY_MS} ms, default)`, side: 'trace', canary: 'on' },
          { id: 'trace, canary on (100 ms, the old default)', side: 'trace', canary: 'on', canaryLockTimeoutMs: 100 },
          { id: 'trace, canary on (10 ms)', side: 'trace', canary: 'on', canaryLockTimeoutMs: 10 },
        ],
      });
    } else {
      skipped.push({ id: 'trace on a server', reason: 'no BENCH_DATABASE_URL / SQL_PREFLIGHT_TEST_DATABASE_URL or BENCH_POSTGRES_IMAGE / SQL_PREFLIGHT_TEST_POSTGRES_IMAGE' });
      log(`bench: SERVER NOT AVAILABLE, measuring PGlite only: ${skipped[0].reason}.`);
    }
    providers.push({
      id: 'pglite',
      options: { kind: 'pglite' },
      // PGlite has one connection: the tracer never opens a canary there.
      variants: [
        { id: 'replay', side: 'replay' },
        { id: 'trace (no canary on PGlite)', side: 'trace', canary: 'off' },
      ],
    });

    const overhead = [];
    for (const provider of providers) {
      for (const scenario of scenarios) {
        const samples = new Map(provider.variants.map((v) => [v.id, []]));
        for (let round = 0; round < warmups + runs; round++) {
          // Rotate the order, so that drift on the machine and the server spreads over every variant.
          const order = provider.variants.map((_, i) => provider.variants[(i + round) % provider.variants.length]);
          const results = [];
          for (const variant of order) {
            const label = `${provider.id}, ${scenario.id}, ${variant.id}`;
            const result = await spawnChild({ ...variant, label, op: 'run', dir: history.dir, mode: 'transaction', prefix: scenario.prefix, options: provider.options });
            results.push({ variant, result });
          }
          const replay = results.find((r) => r.variant.side === 'replay').result;
          for (const { variant, result } of results) {
            if (result.fingerprint !== replay.fingerprint) throw new Error(`${provider.id}, ${scenario.id}: the schema after "${variant.id}" differs from the replay's`);
          }
          // Whatever its lock timeout, the canary must find the same tables blocked for the same operations.
          const canaries = results.filter((r) => r.variant.canary === 'on');
          for (const { variant, result } of canaries) {
            if (result.blockedAnswers !== canaries[0].result.blockedAnswers) throw new Error(`${provider.id}, ${scenario.id}: "${variant.id}" found other tables blocked than "${canaries[0].variant.id}"`);
          }
          if (round < warmups) continue;
          for (const { variant, result } of results) samples.get(variant.id).push(result);
        }
        const replayS = median(samples.get('replay').map((s) => s.totalMs / 1000));
        for (const variant of provider.variants) {
          const xs = samples.get(variant.id);
          const totalS = median(xs.map((s) => s.totalMs / 1000));
          const last = xs.at(-1);
          overhead.push({
            provider: provider.id,
            serverVersion: last.serverVersion,
            scenario: scenario.id,
            variant: variant.id,
            ...(variant.canaryLockTimeoutMs ? { canaryLockTimeoutMs: variant.canaryLockTimeoutMs } : variant.canary === 'on' ? { canaryLockTimeoutMs: DEFAULT_CANARY_MS } : {}),
            files: last.files,
            medianS: round4(totalS),
            minS: round4(Math.min(...xs.map((s) => s.totalMs / 1000))),
            samplesS: xs.map((s) => round4(s.totalMs / 1000)),
            ...(variant.side === 'trace'
              ? {
                  analyseMedianMs: round1(median(xs.map((s) => s.analyseMs))),
                  createTracerMedianMs: round1(median(xs.map((s) => s.createTracerMs))),
                  traceFilesMedianS: round4(median(xs.map((s) => s.traceMs / 1000))),
                  statements: last.statements,
                  statementsWithLocks: last.statementsWithLocks,
                  observedBy: last.observedBy,
                  blockedReports: last.blockedReports,
                  canaryProbes: last.canary.probes,
                  canaryProbeWaits: last.canary.probeWaits,
                  canaryRoundTrips: last.canary.roundTrips,
                  blockedTablesPerTransaction: last.blockedTablesPerTransaction,
                  canaryProbeSessionMedianS: round4(median(xs.map((s) => s.canary.ms.statements / 1000))),
                  // Probes that got their locks, over every measured run: round trip in ms (planning included).
                  ...(variant.canary === 'on' && xs.some((s) => s.canary.freeProbeMs)
                    ? {
                        freeProbeMs: {
                          count: xs.reduce((n, s) => n + (s.canary.freeProbeMs?.count ?? 0), 0),
                          medianOfMedians: round2(median(xs.filter((s) => s.canary.freeProbeMs).map((s) => s.canary.freeProbeMs.median))),
                          worstP99: round2(Math.max(...xs.filter((s) => s.canary.freeProbeMs).map((s) => s.canary.freeProbeMs.p99))),
                          max: round2(Math.max(...xs.filter((s) => s.canary.freeProbeMs).map((s) => s.canary.freeProbeMs.max))),
                        },
                      }
                    : {}),
                  sameBlockedAnswersAsOtherCanaryVariants: variant.canary === 'on' ? true : undefined,
                }
              : {}),
            roundTrips: last.roundTrips,
            // Time on the main session, by kind (medians): the migration's SQL, BEGIN/COMMIT/ROLLBACK, catalog queries.
            sessionMedianS: {
              statements: round4(median(xs.map((s) => s.sessionMs.statements / 1000))),
              transactionControl: round4(median(xs.map((s) => s.sessionMs.control / 1000))),
              tracerQueries: round4(median(xs.map((s) => s.sessionMs.queries / 1000))),
            },
            ratio: round2(totalS / replayS),
            childWallMedianS: round4(median(xs.map((s) => s.wallS))),
            peakRssMb: round1(Math.max(...xs.map((s) => s.peakRssMb))),
          });
        }
      }
    }

    log('');
    log(
      formatTable(
        ['provider', 'scenario', 'variant', 'median s', 'min s', 'ratio', 'round trips', 'probes (waits)', 'peak RSS MB'],
        overhead.map((o) => [
          o.provider,
          o.scenario,
          o.variant,
          o.medianS.toFixed(3),
          o.minS.toFixed(3),
          o.ratio.toFixed(2),
          o.roundTrips,
          o.canaryProbes ? `${o.canaryProbes} (${o.canaryProbeWaits})` : '',
          o.peakRssMb.toFixed(1),
        ]),
      ),
    );
    log('');
    for (const o of overhead.filter((x) => x.variant !== 'replay')) {
      const t = o.sessionMedianS;
      log(
        `ratio ${o.provider}, ${o.scenario}, ${o.variant}: ${o.ratio.toFixed(2)} → ${o.ratio <= GOAL ? `goal met (≤ ${GOAL})` : `goal NOT met (≤ ${GOAL})`}; ` +
          `of its ${o.medianS.toFixed(3)} s: analyse ${(o.analyseMedianMs / 1000).toFixed(3)}, createTracer ${(o.createTracerMedianMs / 1000).toFixed(3)}, traceFile ${o.traceFilesMedianS.toFixed(3)} ` +
          `(main session: statements ${t.statements.toFixed(3)}, BEGIN/COMMIT ${t.transactionControl.toFixed(3)}, catalog queries ${t.tracerQueries.toFixed(3)}` +
          `${o.canaryProbes ? `; canary probes ${o.canaryProbeSessionMedianS.toFixed(3)}, ${o.canaryProbeWaits} waits, ${o.blockedTablesPerTransaction} blocked tables counted once per transaction` : ''}` +
          `${o.freeProbeMs ? `; probes that did not wait: ${o.freeProbeMs.count}, median ${o.freeProbeMs.medianOfMedians} ms, p99 ${o.freeProbeMs.worstP99} ms, max ${o.freeProbeMs.max} ms` : ''})`,
      );
    }
    for (const s of scenarios) log(`scenario ${s.id}: ${s.what}`);

    const check = await checkCommand({ repoRoot, runs, warmups, log, server, skipped, scratch });

    log(`runs: ${runs} measured after ${warmups} warm-up; peak RSS: ${rssMethod.label}.`);
    for (const s of skipped) log(`not measured: ${s.id}: ${s.reason}`);
    return {
      history: { files: history.files, statements: history.statements, bytes: history.bytes, seed, sha256: history.sha256, dir: relative(repoRoot, history.dir) },
      server: server ? { kind: server.kind, ...(server.image ? { image: server.image } : {}) } : null,
      goal: GOAL,
      scenarios,
      runs,
      warmups,
      rssMethod: rssMethod.id,
      overhead,
      check,
      skipped,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await server?.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The whole `sql-preflight check` on fixtures/check, as test/check/check.test.ts runs it, on each provider.

const CHECK_CHANGE = ['101_status_width.sql', '102_total_precision.sql', '103_unlogged_audit.sql', '104_total_check.sql', '105_broken.sql'].map(
  (f) => `db/migrations/${f}`,
);

async function checkCommand({ repoRoot, runs, warmups, log, server, skipped, scratch }) {
  const cli = join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    skipped.push({ id: 'check on fixtures/check', reason: 'no dist/cli.js: run `npm run build` first' });
    return null;
  }
  const project = mkdtempSync(join(tmpdir(), 'bench-check-'));
  cpSync(join(repoRoot, 'fixtures', 'check'), project, { recursive: true });
  const image = process.env.BENCH_POSTGRES_IMAGE || process.env.SQL_PREFLIGHT_TEST_POSTGRES_IMAGE;
  const changed = CHECK_CHANGE.flatMap((f) => ['--changed', f]);
  const output = join(scratch, 'report.json');
  const common = ['--format', 'json', '--output', output, '--fail-on', 'never'];
  // The URL goes through the environment, so that it is not in the recorded command line.
  const env = { ...process.env };
  delete env.SQL_PREFLIGHT_DATABASE_URL;
  const rows = [
    { id: 'lint (reference: no database)', args: ['lint', ...changed, ...common] },
    { id: 'check --db pglite', provider: 'pglite', args: ['check', ...changed, '--db', 'pglite', ...common, '--quiet'] },
  ];
  if (image) rows.push({ id: 'check --db docker', provider: 'docker', args: ['check', ...changed, '--db', 'docker', '--postgres-image', image, ...common, '--quiet'] });
  else skipped.push({ id: 'check --db docker', reason: 'no BENCH_POSTGRES_IMAGE / SQL_PREFLIGHT_TEST_POSTGRES_IMAGE' });
  if (server?.kind === 'url') rows.push({ id: 'check --db url', provider: 'url', args: ['check', ...changed, '--db', 'url', ...common, '--quiet'], env: { ...env, SQL_PREFLIGHT_DATABASE_URL: server.adminUrl } });
  else skipped.push({ id: 'check --db url', reason: 'no BENCH_DATABASE_URL / SQL_PREFLIGHT_TEST_DATABASE_URL' });

  const samples = new Map(rows.map((r) => [r.id, []]));
  for (let round = 0; round < warmups + runs; round++) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[(i + round) % rows.length];
      rmSync(output, { force: true });
      const m = await measure(process.execPath, [cli, ...row.args], { cwd: project, env: row.env ?? env, outDir: scratch });
      if (m.exitCode !== 0) throw new Error(`${row.id} exited ${m.exitCode ?? m.signal}: ${readFileSync(m.stderrPath, 'utf8').trim().split('\n').slice(-5).join(' / ')}`);
      const report = JSON.parse(readFileSync(output, 'utf8'));
      if (row.provider && report.database?.provider !== row.provider) throw new Error(`${row.id}: the report's database is ${JSON.stringify(report.database)}`);
      const traced = report.files.flatMap((f) => f.statements).filter((s) => s.trace).length;
      if (row.provider && traced === 0) throw new Error(`${row.id}: no statement was traced`);
      if (round >= warmups) samples.get(row.id).push({ wall: m.wall, cpu: m.cpu, peakRssMb: m.peakRssMb, traced, findings: report.summary.total, phases: report.phases });
    }
  }
  rmSync(project, { recursive: true, force: true });

  const results = rows.map((row) => {
    const xs = samples.get(row.id);
    const phases = {};
    for (const name of new Set(xs.flatMap((x) => (x.phases ?? []).map((p) => p.name)))) {
      phases[name] = round1(median(xs.map((x) => x.phases?.find((p) => p.name === name)?.durationMs ?? 0)));
    }
    return {
      id: row.id,
      command: `node dist/cli.js ${row.args.map((a) => (a === output ? '<report.json>' : a)).join(' ')}${row.provider === 'url' ? ' (SQL_PREFLIGHT_DATABASE_URL=<server>)' : ''}`,
      medianS: round4(median(xs.map((x) => x.wall))),
      minS: round4(Math.min(...xs.map((x) => x.wall))),
      samplesS: xs.map((x) => round4(x.wall)),
      cpuMedianS: round4(median(xs.map((x) => x.cpu))),
      peakRssMb: round1(Math.max(...xs.map((x) => x.peakRssMb))),
      statementsTraced: xs.at(-1).traced,
      findings: xs.at(-1).findings,
      phasesMedianMs: phases,
    };
  });
  log('');
  log(`check on fixtures/check (${CHECK_CHANGE.length} changed files on top of 3 existing ones), whole process:`);
  log(
    formatTable(
      ['command', 'median s', 'min s', 'CPU s', 'traced', 'findings', 'peak RSS MB', 'phases (median ms)'],
      results.map((r) => [r.id, r.medianS.toFixed(3), r.minS.toFixed(3), r.cpuMedianS.toFixed(2), r.statementsTraced, r.findings, r.peakRssMb.toFixed(1), Object.entries(r.phasesMedianMs).map(([k, v]) => `${k} ${v}`).join(', ')]),
    ),
  );
  return { project: 'fixtures/check', changed: CHECK_CHANGE, results };
}
