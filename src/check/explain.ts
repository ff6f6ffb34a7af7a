import { fingerprint, toFinding, type RuleSetting } from '../core/lint.js';
import type { Progress } from '../core/progress.js';
import type { Rule } from '../core/rule.js';
import { parseSql } from '../core/parse.js';
import { LineIndex } from '../core/source.js';
import type { StatementInfo } from '../core/statements.js';
import type { ByteRange, Finding, QueryPlanSummary, QueryReport, SeedSummary, Severity } from '../core/types.js';
import { ProviderError, type Session } from '../db/provider.js';
import { comparePlans, findBreakingStatement, IndexAdvisor, planQuery, type IndexSuggestion, type PlanRegression, type QueryPlan } from '../explain/index.js';
import { checkPlan, formatCost, walkPlan, type Explain } from '../plan/index.js';
import { queryLocation, type Query, type QueryFile, type QueryLocation } from '../queries/index.js';
import { refusalMessage, unsafeStatement, type Refusal } from '../replay/guard.js';
import { DEFAULT_MAX_TOTAL_ROWS, seedDatabase, type SeedReport } from '../seed/index.js';
import { applyStats, seedTargets, type StatsFile } from '../stats/index.js';
import type { TracedFile } from './merge.js';

export interface ExplainOptions {
  queryFiles: readonly QueryFile[];
  /** Query files of the change: their plans go through the plan rules, their failures are reported, their queries get index advice. */
  isChanged(path: string): boolean;
  /** EXPLAIN ANALYZE with sample parameter values (rolled back) instead of estimates only. */
  analyze: boolean;
  seed: {
    files: { path: string; text: string }[];
    maxRows?: number;
    maxTotalRows?: number;
    defaultRows?: number;
    randomSeed?: number;
    skew?: boolean;
  };
  /** Production sizes from the config; the statistics file's counts fill in the tables it does not name. */
  tables: Readonly<Record<string, { rows?: number }>>;
  stats?: StatsFile;
  rules: ReadonlyMap<string, Rule<any>>;
  ruleSettings: Readonly<Record<string, RuleSetting>>;
  progress: Progress;
}

export interface ExplainResult {
  findings: Finding[];
  queries: QueryReport[];
  seed: SeedSummary;
  /** What the reader should know and that is not a finding: skipped queries, tables the seeder could not fill, statistics. */
  notes: string[];
}

interface PlannedQuery {
  query: Query;
  /** The query's file, its lines indexed once for all of its queries. */
  file: { path: string; lines: LineIndex };
  changedFile: boolean;
  /** A DML statement of the change's migrations, planned after the change only and never given index advice. */
  backfill?: boolean;
  /** With --analyze: why the guard would not run the query (null: it may run); it is then only planned. */
  refusal?: Refusal | null;
  base?: QueryPlan;
  after?: QueryPlan;
}

/**
 * The EXPLAIN phase of one migration folder, in the order `runDynamic` calls it: `seed` and `planBase` on the
 * replayed schema before the change, `planChanged` after the change ran, then `result`.
 */
export class ExplainRun {
  readonly #options: ExplainOptions;
  readonly #planned: PlannedQuery[];
  readonly #findings: Finding[] = [];
  readonly #notes: string[] = [];
  #serverMajor = 0;
  #seed: SeedSummary = { rows: 0, ms: 0, tables: [] };

  constructor(options: ExplainOptions) {
    this.#options = options;
    this.#planned = options.queryFiles.flatMap((file) => {
      const indexed = { path: file.path, lines: new LineIndex(file.text) };
      return file.queries.map((query) => ({ query, file: indexed, changedFile: options.isChanged(file.path) }));
    });
  }

  /** Runs the seed files, fills every empty table, and makes the planner see production's statistics when there are some. */
  async seed(session: Session, serverMajor: number): Promise<void> {
    this.#serverMajor = serverMajor;
    const { seed } = this.#options;
    const report = await seedDatabase(session, {
      tables: this.#sizes(),
      ...(seed.maxRows !== undefined ? { maxRows: seed.maxRows } : {}),
      ...(seed.maxTotalRows !== undefined ? { maxTotalRows: seed.maxTotalRows } : {}),
      ...(seed.defaultRows !== undefined ? { defaultRows: seed.defaultRows } : {}),
      ...(seed.randomSeed !== undefined ? { seed: seed.randomSeed } : {}),
      ...(seed.skew !== undefined ? { skew: seed.skew } : {}),
      userSeedFiles: seed.files,
      progress: this.#options.progress,
    });
    this.#recordSeed(report);
    await this.#applyStats(session);
  }

  /** Rows per table: the config's sizes, and the statistics file's for the tables the config does not size. */
  #sizes(): Record<string, { rows?: number }> {
    return { ...(this.#options.stats ? seedTargets(this.#options.stats) : {}), ...this.#options.tables };
  }

  /** Plans every query on the schema before the change. */
  async planBase(session: Session): Promise<void> {
    for (const [i, planned] of this.#planned.entries()) {
      this.#options.progress.step(i, this.#planned.length, `${planned.file.path}: ${label(planned.query)}`);
      planned.base = await this.#plan(session, planned);
    }
  }

  /**
   * Fills the tables the change created, refreshes the statistics of the tables it rewrote, plans every query
   * again and reports what the change broke or made slower, then checks the plans of the change's own queries.
   */
  async planChanged(session: Session, traced: readonly TracedFile[]): Promise<void> {
    const refill = await seedDatabase(session, {
      tables: this.#sizes(),
      ...(this.#options.seed.maxRows !== undefined ? { maxRows: this.#options.seed.maxRows } : {}),
      // The change's new tables share what is left of the run's budget.
      maxTotalRows: Math.max((this.#options.seed.maxTotalRows ?? DEFAULT_MAX_TOTAL_ROWS) - this.#seed.rows, 0),
      analyzeKept: false,
    });
    this.#recordSeed(refill);
    const rewritten = new Set(traced.flatMap((t) => t.traces.flatMap((trace) => trace?.rewrites ?? [])));
    for (const relation of rewritten) {
      // Rewrites list the indexes rebuilt with their table too, which ANALYZE refuses; the table's ANALYZE covers them.
      await session.query(`ANALYZE ${relation}`).catch((error: unknown) => {
        if (error instanceof ProviderError) throw error;
      });
    }
    if (rewritten.size > 0) await this.#applyStats(session, false);

    const statements = traced.flatMap((t) => t.file.statements.map((s) => ({ file: t.file.path, index: s.index, stmt: { [s.type]: s.node } })));
    this.#planned.push(...backfills(traced));
    const regressed: { planned: PlannedQuery; regression: PlanRegression; finding: Finding }[] = [];
    for (const [i, planned] of this.#planned.entries()) {
      this.#options.progress.step(i, this.#planned.length, `${planned.file.path}: ${label(planned.query)}`);
      planned.after = await this.#plan(session, planned);
      const { base, after } = planned;
      if (base?.status === 'planned' && after.status === 'failed') {
        const cause = findBreakingStatement(after.message, statements);
        this.#broken(planned, after, cause && traced.find((t) => t.file.path === cause.file), cause?.index);
      } else if (base?.status === 'planned' && after.status === 'planned') {
        const [regression] = comparePlans(base.explain, after.explain, this.#ruleOptions('plan-regression'));
        if (regression) {
          const finding = this.#regression(planned, regression, traced);
          if (finding) regressed.push({ planned, regression, finding });
        }
      }
    }
    await this.#checkChangedQueries(session, regressed);
  }

  result(): ExplainResult {
    const summary = (plan: QueryPlan | undefined): QueryPlanSummary | undefined => {
      if (!plan) return undefined;
      if (plan.status === 'planned') return { status: 'planned', cost: plan.explain.Plan['Total Cost'] ?? 0, generic: plan.generic, analyzed: plan.analyzed };
      return plan.status === 'failed' ? { status: 'failed', message: plan.message } : { status: 'skipped', message: plan.reason };
    };
    const queries = this.#planned.map((planned) => {
      const { changedFile, base, after } = planned;
      return {
        ...this.#where(planned).evidence,
        changed: changedFile,
        ...(base ? { before: summary(base)! } : {}),
        ...(after ? { after: summary(after)! } : {}),
      };
    });
    return { findings: this.#findings, queries, seed: this.#seed, notes: this.#notes };
  }

  /** With --analyze a query runs (rolled back); one the guard refuses is only planned, which runs nothing. */
  async #plan(session: Session, planned: PlannedQuery): Promise<QueryPlan> {
    if (this.#options.analyze && planned.refusal === undefined) planned.refusal = refusalOf(planned.query) ?? null;
    return planQuery(session, planned.query, { serverMajor: this.#serverMajor, analyze: this.#options.analyze && !planned.refusal });
  }

  #recordSeed(report: SeedReport): void {
    // Seeding again after the change lists every table again: only the ones the change created are new.
    const known = new Set(this.#seed.tables.map((t) => t.table));
    const tables = report.tables
      .filter((t) => !known.has(t.table))
      .map((t) => ({ table: t.table, status: t.status, rows: t.rows, ...(t.note ? { note: t.note } : {}) }));
    this.#seed = { ...this.#seed, rows: this.#seed.rows + report.rows, ms: Math.round(this.#seed.ms + report.ms), tables: [...this.#seed.tables, ...tables] };
    if (report.scaled) {
      const { requested, cap } = report.scaled;
      this.#notes.push(
        `Seeding: the tables' sizes add up to ${requested.toLocaleString('en-US')} rows, more than seed.max-total-rows (${cap.toLocaleString('en-US')}), ` +
          'so each table got proportionally fewer; raise it in .sql-preflight.yml for plans at a larger scale.',
      );
    }
    for (const problem of report.problems) {
      if (problem.kind === 'seed-file') {
        const file = this.#options.seed.files.find((f) => f.path === problem.file)!;
        const offset = problem.offset ?? 0;
        this.#add('base-migration-failed', file.path, new LineIndex(file.text), { start: offset, end: offset }, `The seed SQL failed: ${problem.message}.`, file.text);
      } else {
        this.#notes.push(problem.kind === 'table' ? `Seeding ${problem.table}: ${problem.message}.` : `Seeding: ${problem.message}.`);
      }
    }
  }

  async #applyStats(session: Session, note = true): Promise<void> {
    if (!this.#options.stats) return;
    const applied = await applyStats(session, this.#options.stats, this.#serverMajor);
    this.#seed.statistics = { mode: applied.mode, tables: applied.tables.length };
    if (!note) return;
    this.#notes.push(...applied.notes, ...applied.problems.map((p) => `Statistics of ${p.table}: ${p.message}.`));
  }

  #ruleOptions(id: string): Record<string, any> {
    const rule = this.#options.rules.get(id);
    return { ...rule?.meta.defaultOptions, ...this.#options.ruleSettings[id]?.options };
  }

  /** The finding's severity from the config, or undefined when the rule is off. */
  #severity(id: string): Severity | undefined {
    const rule = this.#options.rules.get(id);
    const severity = this.#options.ruleSettings[id]?.severity ?? rule?.meta.severity;
    return !rule || severity === 'off' ? undefined : severity;
  }

  /** Adds a finding of the explain phase; the fingerprint is the query's or statement's text, not the costs the message quotes. */
  #add(id: string, path: string, lines: LineIndex, range: ByteRange, message: string, identity: string, extra: { help?: string; evidence?: Record<string, unknown>; statement?: number } = {}): Finding | undefined {
    const severity = this.#severity(id);
    if (!severity) return undefined;
    const rule = this.#options.rules.get(id)!;
    const finding: Finding = {
      ...toFinding(id, severity, path, lines, range, { message, ...(extra.help ? { help: extra.help } : {}), ...(extra.evidence ? { evidence: extra.evidence } : {}) }, undefined, rule),
      source: 'explain',
      fingerprint: fingerprint(id, path, identity, ''),
    };
    if (extra.statement !== undefined) finding.statement = extra.statement;
    this.#findings.push(finding);
    return finding;
  }

  /** Where a query is, for messages: `db/queries/orders.sql:3 (GetOrder)`. */
  #where(planned: PlannedQuery): { text: string; evidence: QueryLocation } {
    const line = planned.file.lines.position(planned.query.range.start).line;
    const name = planned.query.name;
    const evidence = { file: planned.file.path, line, ...(name ? { name } : {}) };
    return { text: queryLocation(evidence), evidence };
  }

  #broken(planned: PlannedQuery, after: Extract<QueryPlan, { status: 'failed' }>, causeFile: TracedFile | undefined, causeIndex: number | undefined): void {
    const where = this.#where(planned);
    const evidence = { query: where.evidence, error: { message: after.message, ...(after.code ? { code: after.code } : {}) } };
    if (causeFile && causeIndex !== undefined) {
      const statement = causeFile.file.statements[causeIndex]!;
      this.#add(
        'query-broken-by-change',
        causeFile.file.path,
        causeFile.file.lines,
        statement.range,
        `This statement breaks the query at ${where.text}, which works before the change: PostgreSQL now rejects it with "${after.message.replace(/\.$/, '')}".`,
        `${statement.text}\0${planned.query.sql}`,
        { evidence, statement: causeIndex },
      );
      return;
    }
    this.#add(
      'query-broken-by-change',
      planned.file.path,
      planned.file.lines,
      this.#errorRange(planned, after.position),
      `This query works on the schema before the change and fails after it: ${sentence(after.message)}`,
      planned.query.sql,
      { evidence },
    );
  }

  /**
   * A regression is reported where the reviewer of the migration sees it: on the statement that dropped an index
   * the plan before the change used, else the first one that rewrote or locked the relation whose scan got worse;
   * on the query when no statement of the change touched it.
   */
  #regression(planned: PlannedQuery, regression: PlanRegression, traced: readonly TracedFile[]): Finding | undefined {
    const where = this.#where(planned);
    const evidence = { query: where.evidence, ...regression.evidence };
    const base = planned.base?.status === 'planned' ? planned.base.explain : undefined;
    const usedIndexes = new Set(base ? walkPlan(base.Plan).flatMap((v) => v.node['Index Name'] ?? []) : []);
    const relation = regression.evidence.relation;
    const statements = traced.flatMap((t) => t.file.statements.map((statement) => ({ t, statement, trace: t.traces[statement.index] })));
    const cause =
      statements.find(({ statement }) => droppedIndexes(statement).some((name) => usedIndexes.has(name))) ??
      statements.find(({ trace }) => relation !== undefined && trace && !trace.error && trace.rewrites.includes(relation)) ??
      statements.find(({ trace }) => relation !== undefined && trace && !trace.error && trace.locks.some((l) => l.relation === relation));
    if (cause) {
      const { t, statement } = cause;
      return this.#add('plan-regression', t.file.path, t.file.lines, statement.range, `The query at ${where.text} gets a worse plan after this statement: ${regression.message}`, `${statement.text}\0${planned.query.sql}`, {
        evidence,
        statement: statement.index,
      });
    }
    return this.#add('plan-regression', planned.file.path, planned.file.lines, planned.query.range, `This query gets a worse plan after the change: ${regression.message}`, planned.query.sql, { evidence });
  }

  /** The plan rules, failures, skipped statements and index advice for the queries of the change's query files. */
  async #checkChangedQueries(session: Session, regressed: { planned: PlannedQuery; regression: PlanRegression; finding: Finding }[]): Promise<void> {
    const allRules = [...this.#options.rules.values()];
    const rows = await tableRows(session);
    const advisor = new IndexAdvisor(session);
    const advised = new Map<string, PlannedQuery>();
    // A finding whose remedy is an index on a table it reads gets the measured one instead of a separate
    // index-suggestion finding.
    const remedied = new Map<PlannedQuery, { finding: Finding; table: string | undefined; regression: boolean }[]>();
    for (const [i, planned] of this.#planned.entries()) {
      const { after, query } = planned;
      const key = String(i);
      const regression = regressed.find((r) => r.planned === planned);
      if (regression && after?.status === 'planned') {
        advisor.consider(key, after.explain, () => this.#replan(session, query));
        advised.set(key, planned);
        remedied.set(planned, [{ finding: regression.finding, table: regression.regression.evidence.relation, regression: true }]);
      }
      if (!planned.changedFile || !after) continue;
      const where = this.#where(planned);
      const { lines } = planned.file;
      if (planned.refusal) {
        this.#add('unsafe-statement-refused', planned.file.path, lines, this.#errorRange(planned, planned.refusal.offset), `${refusalMessage(planned.refusal)}: under --analyze it was only planned`, query.sql);
      }
      if (after.status === 'skipped') {
        this.#notes.push(`${where.text}: not planned: ${after.reason}`);
      } else if (after.status === 'failed' && planned.backfill) {
        // A later statement of the change may have dropped what it uses; it ran, and the trace has its evidence.
        this.#notes.push(`${where.text}: not planned on the schema after the change: ${sentence(after.message)}`);
      } else if (after.status === 'failed') {
        if (planned.base?.status === 'planned') continue; // reported as broken by the change
        this.#add('query-plan-failed', planned.file.path, lines, this.#errorRange(planned, after.position), `PostgreSQL cannot plan this query on the schema after the change: ${sentence(after.message)}`, query.sql, {
          evidence: { query: where.evidence, error: { message: after.message, ...(after.code ? { code: after.code } : {}) } },
        });
      } else {
        const rules = planned.backfill ? allRules.filter((r) => BACKFILL_RULES.has(r.meta.id)) : allRules;
        for (const found of checkPlan(after.explain, rules, { ruleSettings: this.#options.ruleSettings, tableRows: ({ schema, name }) => rows.get(`${schema ?? 'public'}.${name}`) })) {
          const table = nodeTable(found.evidence.plan.node);
          // The regression already shows this scan, with the plan before the change.
          if (regression && table !== undefined && table === regression.regression.evidence.relation) continue;
          const finding = this.#add(found.ruleId, planned.file.path, lines, query.range, found.message, query.sql, { help: found.help, evidence: { query: where.evidence, ...found.evidence } });
          if (finding) remedied.set(planned, [...(remedied.get(planned) ?? []), { finding, table, regression: false }]);
        }
        if (!advised.has(key) && !planned.backfill) {
          advisor.consider(key, after.explain, () => this.#replan(session, query));
          advised.set(key, planned);
        }
      }
    }
    if (advised.size === 0) return;
    for (const [key, suggestions] of await advisor.run()) {
      const planned = advised.get(key)!;
      const remedies = remedied.get(planned) ?? [];
      for (const suggestion of suggestions) {
        const remedy = remedies.find((r) => r.table === suggestion.table);
        if (remedy) {
          remedies.splice(remedies.indexOf(remedy), 1);
          const { finding } = remedy;
          finding.help = remedy.regression ? `${indexHelp(suggestion)}\n${finding.help ?? ''}`.trim() : indexHelp(suggestion);
          finding.evidence = { ...finding.evidence, index: suggestion };
          continue;
        }
        // Halving a cheap plan saves little on each call, and a finding of its own costs the reader more.
        if (suggestion.beforeCost - suggestion.afterCost < MIN_SAVED_COST) continue;
        const where = this.#where(planned);
        this.#add(
          'index-suggestion',
          planned.file.path,
          planned.file.lines,
          planned.query.range,
          `An index on ${suggestion.table} (${suggestion.columns.join(', ')}) cuts this query's estimated cost from ${formatCost(suggestion.beforeCost)} to ${formatCost(suggestion.afterCost)} on the seeded data.`,
          `${planned.query.sql}\0${suggestion.statement}`,
          { help: `Create it in a migration of its own, outside a transaction block:\n${suggestion.statement}`, evidence: { query: where.evidence, index: suggestion } },
        );
      }
    }
  }

  /** The advisor replans inside its own transaction: estimates only, so that no candidate runs the query. */
  async #replan(session: Session, query: Query): Promise<Explain | undefined> {
    const plan = await planQuery(session, query, { serverMajor: this.#serverMajor });
    return plan.status === 'planned' ? plan.explain : undefined;
  }

  /**
   * The file range of a failure at `position` in query.sql. Offsets agree with the file up to the first place
   * where sqlc's parameters were rewritten; a position past it points at the query's start.
   */
  #errorRange({ query, file }: PlannedQuery, position: number | undefined): ByteRange {
    if (query.problem) return query.problem.range;
    if (position === undefined) return query.range;
    const original = file.lines.bytes.subarray(query.range.start, query.range.end);
    const sent = Buffer.from(query.sql, 'utf8');
    let same = 0;
    while (same < original.length && same < sent.length && original[same] === sent[same]) same++;
    const at = position < same || sent.equals(original) ? query.range.start + position : query.range.start;
    return { start: at, end: at };
  }
}

/**
 * The plan rules that judge a one-off backfill. A backfill reads most of its table once, so a sequential scan is
 * usually its best plan, and its filter's constants are rarely in the generated rows; a join without a condition
 * or an inner side scanned once per outer row is wrong at any size.
 */
const BACKFILL_RULES = new Set(['cartesian-product', 'repeated-inner-scan']);

/**
 * An index-suggestion of its own needs to save at least this much estimated cost per call: a hundred pages read
 * in sequence, about 800 kB. Below it the table is small enough that a sequential scan costs next to nothing.
 */
const MIN_SAVED_COST = 100;

/** The relation a plan node label names (`Seq Scan on public.orders o` -> `public.orders`), as relationName writes it. */
function nodeTable(label: string): string | undefined {
  return / on (\S+)/.exec(label)?.[1];
}

/**
 * The change's DML that reads tables (UPDATE, DELETE, MERGE, INSERT ... SELECT ... FROM): backfills, planned on the
 * schema after the change, where the columns they fill exist. They run on the seeded data during the trace anyway;
 * the plan shows how they find their rows.
 */
function backfills(traced: readonly TracedFile[]): PlannedQuery[] {
  const found: PlannedQuery[] = [];
  for (const { file, traces } of traced) {
    for (const statement of file.statements) {
      if (!readsTables(statement) || !traces[statement.index] || traces[statement.index]!.error) continue;
      const query: Query = { file: file.path, sql: statement.text, parameters: [], range: statement.range, plannable: true };
      found.push({ query, file: { path: file.path, lines: file.lines }, changedFile: true, backfill: true });
    }
  }
  return found;
}

function readsTables(statement: StatementInfo): boolean {
  if (statement.type === 'UpdateStmt' || statement.type === 'DeleteStmt' || statement.type === 'MergeStmt') return true;
  const select = (statement.node as { selectStmt?: { SelectStmt?: { fromClause?: unknown[] } } }).selectStmt?.SelectStmt;
  return statement.type === 'InsertStmt' && (select?.fromClause?.length ?? 0) > 0;
}

/** The indexes a DROP INDEX statement names, without their schema. */
function droppedIndexes(statement: StatementInfo): string[] {
  if (statement.type !== 'DropStmt') return [];
  const node = statement.node as { removeType?: string; objects?: { List?: { items?: { String?: { sval?: string } }[] } }[] };
  if (node.removeType !== 'OBJECT_INDEX') return [];
  return (node.objects ?? []).flatMap((o) => o.List?.items?.at(-1)?.String?.sval ?? []);
}

/** The guard's refusal of a query, read from its parse tree (offsets in query.sql). */
function refusalOf(query: Query): Refusal | undefined {
  if (!query.plannable || query.sql === '') return undefined;
  const parsed = parseSql(query.sql);
  if (!parsed.ok) return undefined;
  for (const statement of parsed.statements) {
    const refusal = unsafeStatement({ ...statement, text: query.sql });
    if (refusal) return refusal;
  }
  return undefined;
}

/** Postgres' message, with its hint when it has one, ended by exactly one full stop. */
function sentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

function label(query: Query): string {
  return query.name ?? query.sql.replace(/\s+/g, ' ').slice(0, 60);
}

function indexHelp(suggestion: IndexSuggestion): string {
  return `Measured on the seeded data, this index brings the estimated cost from ${formatCost(suggestion.beforeCost)} to ${formatCost(suggestion.afterCost)}:\n${suggestion.statement}`;
}

/** Rows the planner counts on per `schema.name`, which the plan rules judge estimate-only scans by. */
async function tableRows(session: Session): Promise<Map<string, number>> {
  try {
    const rows = await session.query<{ name: string; rows: number }>(
      `SELECT n.nspname || '.' || c.relname AS name, c.reltuples::float8 AS rows FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.reltuples >= 0`,
    );
    return new Map(rows.map((r) => [r.name, Number(r.rows)]));
  } catch (error) {
    // Without sizes, the plan rules judge estimate-only scans by nothing and stay quiet about them.
    if (error instanceof ProviderError) throw error;
    return new Map();
  }
}
