import { SEVERITIES, type FailOn, type FileReport, type Finding, type QueryPlanSummary, type QueryReport, type Report, type Span } from '../core/types.js';
import type { IndexSuggestion } from '../explain/advise.js';
import { formatCost, formatCount, formatRise } from '../plan/text.js';
import { queryLocation, type QueryLocation } from '../queries/index.js';
import { evidenceLines, formatSize, seedLine } from '../reporters/evidence.js';
import { allPages, GitHubApiError, sleep, type GitHubClient } from './client.js';
import { SEVERITY_LABELS } from './comment.js';
import { lastLine } from './diff.js';
import { cell, code, escapeMarkdown, plural } from './markdown.js';
import type { PullRequestId, PullRequestRef } from './pull-request.js';
import type { Fallback, SkippedFinding, SkipReason } from './review.js';

export const SUMMARY_MARKER = '<!-- sql-preflight:summary -->';

/** GitHub rejects a comment body longer than this ("Body is too long (maximum is 65536 characters)"). */
export const MAX_COMMENT_LENGTH = 65_536;

export interface SummaryOptions {
  /** Links locations to the head commit's files; without it (e.g. on a push) locations are plain text. */
  pr?: PullRequestRef;
  /** `GITHUB_SERVER_URL` on GitHub Enterprise Server. */
  serverUrl?: string;
  /** The findings that got no inline comment (`publishReview`'s `skipped`), with why. */
  overflow?: readonly SkippedFinding[];
  /** Findings whose annotation GitHub drops (it shows 10 per level per step). */
  annotationsNotShown?: readonly Finding[];
  runTimeMs?: number;
  /** The severity at which findings fail the check, to say how many do. */
  failOn?: FailOn;
  /** What the run could not check. */
  problems?: readonly string[];
  /** The longest body to produce: a comment's limit by default (a job summary may hold 1 MiB). */
  maxLength?: number;
}

const SKIP_REASONS: Record<SkipReason, string> = {
  'outside-diff': 'not on a line this pull request changes',
  'not-listed': 'in a file past the first 3,000 that GitHub lists for a pull request',
  'workspace-differs': 'the checked-out file differs from the head commit on these lines',
  'over-cap': 'over the limit of inline comments',
  rejected: 'GitHub refused the review that carried it',
};

/**
 * A part of the summary that can be shortened: its rows are dropped from the end (least important last) and a
 * note says how many are left out.
 */
interface Section {
  before: string;
  /** Shown only with at least one row (a table's head). */
  header: string;
  rows: string[];
  noun: string;
  nouns: string;
  after: string;
}

/**
 * The conversation comment: counts, every finding with a link to its lines, the findings without an inline
 * comment, the annotations GitHub does not show, and what the database showed for each migration. It is kept
 * under `maxLength` by shortening the largest sections first, with a note, never by failing.
 */
export function renderSummary(report: Report, options: SummaryOptions = {}): string {
  const maxLength = options.maxLength ?? MAX_COMMENT_LENGTH;
  const link = locationLink(options);
  const sorted = [...report.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const sections: Section[] = [];
  if (options.problems?.length) {
    sections.push({
      before: '> [!WARNING]\n> sql-preflight could not check everything it was asked to:\n',
      header: '',
      rows: options.problems.map((p) => `> - ${escapeMarkdown(p).replace(/\r?\n/g, ' ')}`),
      noun: 'problem',
      nouns: 'problems',
      after: '',
    });
  }
  if (sorted.length > 0) {
    sections.push({
      before: '',
      header: '| Severity | Rule | Location | Finding |\n| --- | --- | --- | --- |\n',
      rows: sorted.map((f) => `| ${SEVERITY_LABELS[f.severity]} | ${ruleLink(f)} | ${link(f.file, f)} | ${cell(f.message)} |`),
      noun: 'finding',
      nouns: 'findings',
      after: '',
    });
  }
  const affected = (report.queries ?? []).filter(affectedByChange);
  if (affected.length > 0) {
    sections.push({
      before: '### Query plans the change affects\n\n',
      header: '| Query | Name | Estimated cost | Status |\n| --- | --- | --- | --- |\n',
      rows: affected.map((q) => `| ${link(q.file, lineSpan(q.line))} | ${q.name ? cell(q.name) : ''} | ${costCell(q)} | ${statusCell(q)} |`),
      noun: 'query',
      nouns: 'queries',
      after: '',
    });
  }
  const indexes = testedIndexes(report.findings);
  if (indexes.length > 0) {
    sections.push({
      before: '### Indexes tested on the seeded data\n\n',
      header: '| Index | For the query | Estimated cost | Size |\n| --- | --- | --- | --- |\n',
      rows: indexes.map(({ query, index }) => {
        const forQuery = query ? link(query.file, lineSpan(query.line), queryLocation(query)) : '';
        return `| ${code(index.statement)} | ${forQuery} | ${formatCost(index.beforeCost)} → ${formatCost(index.afterCost)} | ${formatSize(index.sizeBytes)} |`;
      }),
      noun: 'index',
      nouns: 'indexes',
      after: '',
    });
  }
  if (report.notes?.length) {
    sections.push({
      before: '> [!NOTE]\n> Not findings, but worth knowing:\n',
      header: '',
      rows: report.notes.map((n) => `> - ${escapeMarkdown(n).replace(/\r?\n/g, ' ')}`),
      noun: 'note',
      nouns: 'notes',
      after: '',
    });
  }
  if (options.overflow?.length) {
    sections.push({
      before: `<details>\n<summary>${plural(options.overflow.length, 'finding')} without an inline comment</summary>\n\n`,
      header: '| Location | Rule | Why |\n| --- | --- | --- |\n',
      rows: options.overflow.map(({ finding, reason }) => `| ${link(finding.file, finding)} | ${code(finding.ruleId)} | ${SKIP_REASONS[reason]} |`),
      noun: 'finding',
      nouns: 'findings',
      after: '\n\n</details>',
    });
  }
  if (options.annotationsNotShown?.length) {
    sections.push({
      before: `<details>\n<summary>${plural(options.annotationsNotShown.length, 'annotation')} GitHub does not show</summary>\n\nGitHub shows 10 annotations of each level per step; these findings have none in the diff view.\n\n`,
      header: '| Severity | Location | Rule |\n| --- | --- | --- |\n',
      rows: options.annotationsNotShown.map((f) => `| ${SEVERITY_LABELS[f.severity]} | ${link(f.file, f)} | ${code(f.ruleId)} |`),
      noun: 'annotation',
      nouns: 'annotations',
      after: '\n\n</details>',
    });
  }
  for (const file of report.files) {
    const traced = file.statements.filter((s) => s.trace);
    if (traced.length === 0) continue;
    sections.push({
      before: `<details>\n<summary>What the database showed for ${escapeHtml(file.path)}: ${plural(traced.length, 'statement')}</summary>\n\n`,
      header: '| Line | Statement | What happened |\n| --- | --- | --- |\n',
      rows: traced.map((s) => `| ${link(file.path, s, String(s.line))} | ${s.type} | ${traceCell(s.trace!)} |`),
      noun: 'statement',
      nouns: 'statements',
      after: '\n\n</details>',
    });
  }

  if (report.seed) {
    sections.push({
      before: `<details>\n<summary>${escapeHtml(seedLine(report.seed))}</summary>\n\n`,
      header: '| Table | Status | Rows generated | Note |\n| --- | --- | --- | --- |\n',
      rows: report.seed.tables.map((t) => `| ${cell(t.table)} | ${cell(t.status)} | ${formatCount(t.rows)} | ${t.note ? cell(t.note) : ''} |`),
      noun: 'table',
      nouns: 'tables',
      after: '\n\n</details>',
    });
  }

  const head = `${SUMMARY_MARKER}\n## sql-preflight\n\n${countsLine(report)}${options.failOn && report.findings.length > 0 ? ` ${failOnSentence(report, options.failOn)}` : ''}`;
  const foot = footer(report, options.runTimeMs);
  return fit(head, sections, foot, maxLength);
}

function countsLine(report: Report): string {
  const { summary } = report;
  const scope = `${plural(summary.files, 'file')}, ${plural(summary.statements, 'statement')}`;
  const dropped = [
    summary.suppressed ? `${summary.suppressed} suppressed by ignore comments` : '',
    summary.refuted ? `${summary.refuted} dropped because the database showed them wrong` : '',
  ].filter(Boolean);
  const tail = dropped.length ? ` (${dropped.join('; ')})` : '';
  if (summary.total === 0) return `No problems found in ${scope}${tail}.`;
  const counts = SEVERITIES.filter((s) => summary[s] > 0).map((s) => plural(summary[s], s));
  return `**${plural(summary.total, 'problem')}** (${counts.join(', ')}) in ${scope}${tail}.`;
}

function failOnSentence(report: Report, failOn: FailOn): string {
  if (failOn === 'never') return 'With `fail-on: never`, findings do not fail the check.';
  const failing = report.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn)).length;
  return `With \`fail-on: ${failOn}\`, ${failing === 0 ? 'none fail' : `${plural(failing, 'finding')} ${failing === 1 ? 'fails' : 'fail'}`} the check.`;
}

function footer(report: Report, runTimeMs: number | undefined): string {
  const parts: string[] = [];
  if (report.database) {
    const { provider, serverVersion, reason } = report.database;
    parts.push(`Database: ${escapeMarkdown(provider)}, PostgreSQL ${escapeMarkdown(serverVersion)} (${escapeMarkdown(reason)}).`);
  }
  parts.push(`Rules for PostgreSQL ${report.postgresVersion}.`);
  if (runTimeMs !== undefined) parts.push(`Run time ${(runTimeMs / 1000).toFixed(1)} s.`);
  parts.push(`${report.tool.name} ${report.tool.version}`);
  return `<sub>${parts.join(' ')}</sub>`;
}

function traceCell(trace: NonNullable<FileReport['statements'][number]['trace']>): string {
  if (trace.error) return cell(`failed: ${trace.error.message}${trace.error.code ? ` (${trace.error.code})` : ''}`);
  return evidenceLines(trace).map(cell).join('<br>');
}

/** A query whose plan the change may have moved: one of the change's own, or one whose status or cost differs. */
function affectedByChange(query: QueryReport): boolean {
  const { before, after } = query;
  return query.changed || before?.status !== after?.status || before?.cost !== after?.cost;
}

function costCell({ before, after }: QueryReport): string {
  const cost = (plan: QueryPlanSummary | undefined) => (plan?.status === 'planned' && plan.cost !== undefined ? formatCost(plan.cost) : '–');
  const rise = before?.cost && after?.cost !== undefined && after.cost > before.cost ? formatRise((after.cost - before.cost) / before.cost) : '';
  return `${cost(before)} → ${cost(after)}${rise}`;
}

function statusCell({ before, after }: QueryReport): string {
  const outcome = after ?? before;
  if (!outcome) return '';
  if (outcome.status === 'failed') return cell(`${before?.status === 'planned' ? 'broken by the change' : 'fails'}: ${outcome.message ?? ''}`);
  if (outcome.status === 'skipped') return cell(`not planned: ${outcome.message ?? ''}`);
  const how = [outcome.generic ? 'generic plan' : '', outcome.analyzed ? 'analyzed' : ''].filter(Boolean);
  return `planned${how.length ? ` (${how.join(', ')})` : ''}`;
}

/** The indexes the advisor created and measured, from the findings that carry one, once per index and query. */
function testedIndexes(findings: readonly Finding[]): { query?: QueryLocation; index: IndexSuggestion }[] {
  const seen = new Set<string>();
  return findings.flatMap((f) => {
    const evidence = f.evidence as { query?: QueryLocation; index?: IndexSuggestion } | undefined;
    if (!evidence?.index) return [];
    const key = `${evidence.index.statement}\0${evidence.query ? queryLocation(evidence.query) : ''}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...(evidence.query ? { query: evidence.query } : {}), index: evidence.index }];
  });
}

/** The span of one whole line, for a link to a query's first line. */
function lineSpan(line: number): Span {
  return { line, column: 1, endLine: line, endColumn: 1 };
}

function ruleLink(finding: Finding): string {
  return finding.docsUrl ? `[${code(finding.ruleId)}](${finding.docsUrl})` : code(finding.ruleId);
}

/** `path:line` linked to the lines in the head commit, e.g. `.../blob/<sha>/db/001.sql#L4-L6`. */
function locationLink(options: SummaryOptions): (path: string, span: Span, text?: string) => string {
  return (path, span, text = `${path}:${span.line}`) => {
    const label = escapeMarkdown(text);
    if (!options.pr) return label;
    const { owner, repo, headSha } = options.pr;
    const end = lastLine(span);
    const anchor = end > span.line ? `#L${span.line}-L${end}` : `#L${span.line}`;
    const url = `${options.serverUrl ?? 'https://github.com'}/${owner}/${repo}/blob/${headSha}/${path.split('/').map(encodeURIComponent).join('/')}${anchor}`;
    return `[${label}](${url})`;
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Joins the parts, dropping rows from the largest section until the whole fits; if the sections' titles alone
 * are still too long, whole sections go, largest first, and as a last resort the text is cut.
 */
function fit(head: string, sections: Section[], foot: string, maxLength: number): string {
  const SEPARATOR = '\n\n';
  const rowEnds = sections.map((s) => {
    const ends = [0];
    for (const row of s.rows) ends.push(ends.at(-1)! + row.length + 1);
    return ends;
  });
  const shown = sections.map((s) => s.rows.length);
  const kept = sections.map(() => true);
  const note = (s: Section, omitted: number) =>
    `_…and ${omitted.toLocaleString('en-US')} more ${omitted === 1 ? s.noun : s.nouns}, left out to keep this comment within GitHub's size limit._`;
  const sectionLength = (i: number) => {
    const s = sections[i]!;
    const n = shown[i]!;
    const omitted = s.rows.length - n;
    const body = n > 0 ? s.header.length + rowEnds[i]![n]! - 1 : 0;
    const tail = omitted > 0 ? (n > 0 ? 2 : 0) + note(s, omitted).length : 0;
    return s.before.length + body + tail + s.after.length;
  };
  const lengths = sections.map((_, i) => sectionLength(i));
  const total = () => head.length + foot.length + SEPARATOR.length * (kept.filter(Boolean).length + 1) + lengths.reduce((sum, l, i) => sum + (kept[i] ? l : 0), 0);

  while (total() > maxLength) {
    const candidates = sections.map((_, i) => i).filter((i) => kept[i] && shown[i]! > 0);
    if (candidates.length === 0) break;
    const largest = candidates.reduce((a, b) => (lengths[b]! > lengths[a]! ? b : a));
    shown[largest]!--;
    lengths[largest] = sectionLength(largest);
  }
  while (total() > maxLength && kept.some(Boolean)) {
    const largest = lengths.reduce((a, l, i) => (kept[i] && (a === -1 || l > lengths[a]!) ? i : a), -1);
    kept[largest] = false;
  }

  const parts = [head];
  sections.forEach((s, i) => {
    if (!kept[i]) return;
    const n = shown[i]!;
    const omitted = s.rows.length - n;
    const body = n > 0 ? s.header + s.rows.slice(0, n).join('\n') : '';
    parts.push(s.before + body + (omitted > 0 ? (n > 0 ? '\n\n' : '') + note(s, omitted) : '') + s.after);
  });
  if (kept.some((k) => !k)) parts.push('_Some sections were left out to keep this comment within GitHub\'s size limit._');
  parts.push(foot);
  const text = parts.join(SEPARATOR);
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  // Never end on half of a surrogate pair.
  return (/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut) + '…';
}

export interface SummaryComment {
  id: number;
  url: string;
  action: 'created' | 'updated' | 'unchanged';
}

/**
 * Keeps ONE summary comment on the pull request, found by its hidden marker and edited in place. A second one
 * (left by two runs racing) is deleted. Returns `{ fallback }` when the token may not write.
 */
export async function upsertSummaryComment(client: GitHubClient, pr: PullRequestId, body: string): Promise<SummaryComment | Fallback> {
  const text = body.startsWith(SUMMARY_MARKER) ? body : `${SUMMARY_MARKER}\n${body}`;
  try {
    for (let attempt = 0; ; attempt++) {
      const [existing, ...extra] = (await listIssueComments(client, pr)).filter((c) => c.body?.startsWith(SUMMARY_MARKER));
      for (const comment of extra) await deleteIssueComment(client, pr, Number(comment.id));
      if (existing && existing.body === text) {
        // Found after a failed create: GitHub created it after all.
        return { id: Number(existing.id), url: existing.html_url, action: attempt > 0 ? 'created' : 'unchanged' };
      }
      if (existing) {
        const { data } = await client.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner: pr.owner,
          repo: pr.repo,
          comment_id: existing.id,
          body: text,
        });
        return { id: Number(data.id), url: data.html_url, action: 'updated' };
      }
      try {
        const { data } = await client.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner: pr.owner,
          repo: pr.repo,
          issue_number: pr.number,
          body: text,
          // GitHub may create the comment and still answer 5xx: the loop looks for it before trying again.
          request: { retries: 0 },
        });
        return { id: Number(data.id), url: data.html_url, action: 'created' };
      } catch (error) {
        if (!(error instanceof GitHubApiError && error.transient) || attempt >= client.retries) throw error;
        await sleep((attempt + 1) ** 2 * client.secondMs);
      }
    }
  } catch (error) {
    if (error instanceof GitHubApiError && error.notAccessible) return { fallback: error.message };
    throw error;
  }
}

function listIssueComments(client: GitHubClient, pr: PullRequestId) {
  return allPages((page) =>
    client.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: pr.owner,
      repo: pr.repo,
      issue_number: pr.number,
      per_page: 100,
      page,
    }),
  );
}

async function deleteIssueComment(client: GitHubClient, pr: PullRequestId, id: number): Promise<void> {
  try {
    await client.octokit.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { owner: pr.owner, repo: pr.repo, comment_id: id });
  } catch (error) {
    if (!(error instanceof GitHubApiError && error.status === 404)) throw error;
  }
}
