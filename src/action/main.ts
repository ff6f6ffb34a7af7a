import * as core from '@actions/core';
import * as github from '@actions/github';
import { defaults as octokitDefaults } from '@actions/github/lib/utils';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { terminalProgress } from '../cli/progress.js';
import type { Progress } from '../core/progress.js';
import { SEVERITIES, type Finding, type Report, type Severity } from '../core/types.js';
import {
  createGitHubClient,
  GitHubApiError,
  listPullRequestFiles,
  publishReview,
  readOnlyReason,
  renderSummary,
  upsertSummaryComment,
  type GitHubClient,
  type GitHubClientOptions,
  type PullRequestFiles,
  type PublishReviewOptions,
  type PullRequestRef,
  type SkippedFinding,
} from '../github/index.js';
import { ANNOTATIONS_PER_LEVEL } from '../reporters/github.js';
import { reporters } from '../reporters/index.js';
import type { ReporterContext } from '../reporters/reporter.js';
import { rules } from '../rules/index.js';
import { run, type RunResult } from '../run.js';
import { VERSION } from '../version.js';
import { repositoryRoot, selectChange } from './change.js';
import { readInputs } from './inputs.js';

type OutputName = 'findings' | 'errors' | 'warnings' | 'notices' | 'report' | 'sarif';

/** The Action: the same run() as `sql-preflight check`, reported as annotations, a job summary and PR comments. */
export async function main(): Promise<void> {
  // Every output is set even when the run fails, so that later steps can test them without guarding; a count
  // stays empty (not 0) when the run did not finish, so that a gate on `errors == '0'` does not pass by mistake.
  const outputs: Record<OutputName, string> = { findings: '', errors: '', warnings: '', notices: '', report: '', sarif: '' };
  // GitHub shows 10 warning annotations per step: ours wait until the findings have taken theirs.
  const warnings: string[] = [];
  try {
    await check(outputs, warnings);
  } catch (error) {
    core.setFailed(describe(error));
  } finally {
    for (const warning of warnings) core.warning(warning);
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  }
}

async function check(outputs: Record<OutputName, string>, warnings: string[]): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = readInputs(workspace);
  const root = await repositoryRoot(inputs.cwd, workspace);
  const { payload, eventName } = github.context;
  const pr: PullRequestRef | undefined = payload.pull_request
    ? { ...github.context.repo, number: payload.pull_request.number, headSha: payload.pull_request.head.sha }
    : undefined;
  const client = inputs.token
    ? createGitHubClient(inputs.token, {
        baseUrl: github.context.apiUrl,
        userAgent: `sql-preflight/${VERSION}`,
        fetch: octokitDefaults.request?.fetch,
        // Retries and rate-limit waits are worth a line in the log, not an annotation: what finally failed gets one.
        log: { debug: core.debug, info: core.info, warn: core.info, error: core.info },
        ...waitsFromEnvironment(),
      })
    : undefined;
  if (eventName === 'pull_request_target') {
    warnings.push(
      'sql-preflight runs under pull_request_target, with a write token and the repository\'s secrets: if the checkout holds the ' +
        "pull request's migrations, they run as arbitrary SQL next to those. Use pull_request, and workflow_run to comment (see the README).",
    );
  }

  let files: PullRequestFiles | undefined;
  if (pr && client) {
    try {
      files = await listPullRequestFiles(client, pr);
    } catch (error) {
      warnings.push(`sql-preflight could not list the pull request's files (${describe(error)}); the change comes from git alone, and no review is posted.${advice(error)}`);
    }
  }
  const change = await selectChange({
    eventName,
    payload,
    base: inputs.base,
    cwd: inputs.cwd,
    root,
    pullRequestFiles: files?.files,
  });
  core.info(`sql-preflight: the change is ${change.reason}.`);

  const result = await run({
    cwd: inputs.cwd,
    paths: inputs.paths,
    configFile: inputs.configFile,
    postgresVersion: inputs.postgresVersion,
    failOn: inputs.failOn,
    base: change.base,
    changed: change.changed,
    // From the GitHub API, the change is every file of the pull request: run() keeps its migrations and query files.
    changedIncludesOtherFiles: true,
    database: inputs.database,
    queries: inputs.queries,
    analyze: inputs.analyze,
    statsFile: inputs.statsFile,
    progress: groupedProgress(),
  });
  // GitHub names files from the repository root (annotations, review comments, code scanning); the report names
  // them from the working directory.
  const report = fromRoot(result.report, relative(root, inputs.cwd));
  const readFile = (path: string) => readSource(resolve(root, path));
  const context: ReporterContext = { readSource: readFile, rules: rules.map((r) => r.meta), color: false };

  const reportDir = mkdtempSync(join(process.env.RUNNER_TEMP ?? tmpdir(), 'sql-preflight-'));
  outputs.report = join(reportDir, 'report.json');
  writeFileSync(outputs.report, reporters.json.render(report, context));
  outputs.findings = String(report.summary.total);
  outputs.errors = String(report.summary.error);
  outputs.warnings = String(report.summary.warning);
  outputs.notices = String(report.summary.notice);
  if (inputs.sarifFile) {
    mkdirSync(dirname(inputs.sarifFile), { recursive: true });
    writeFileSync(inputs.sarifFile, reporters.sarif.render(report, context));
    outputs.sarif = inputs.sarifFile;
  }

  // The reporter orders annotations most severe first and counts those past GitHub's per-level limit.
  process.stdout.write(reporters.github.render(report, context));
  for (const { finding, reason } of result.refuted) core.info(`sql-preflight: dropped ${finding.ruleId} at ${finding.file}:${finding.line}: ${reason}.`);

  const readOnly = pr && (client ? readOnlyReason(payload) : 'the github-token input is empty');
  const commenting = pr !== undefined && client !== undefined && inputs.comment !== 'off' && readOnly === undefined;
  const overflow =
    commenting && inputs.comment === 'review' && files
      ? await review(client, pr, report, { changedFiles: files, readFile, maxInlineComments: inputs.maxInlineComments }, warnings)
      : undefined;
  const summary = renderSummary(report, {
    pr,
    serverUrl: github.context.serverUrl,
    overflow,
    annotationsNotShown: annotationsNotShown(report.findings),
    runTimeMs: report.phases?.find((p) => p.name === 'total')?.durationMs,
    problems: result.problems,
  });
  // Runners before job summaries (and local runs) give no file to write to.
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary, true).write();
  if (commenting) {
    await summaryComment(client, pr, summary, warnings);
  } else if (pr && readOnly && inputs.comment !== 'off') {
    core.info(`sql-preflight: no comments: ${readOnly}; the findings are in the annotations and the job summary.`);
  }
  conclude(result, report);
}

/** Posts the review; returns the findings left without an inline comment, which the summary lists. */
async function review(
  client: GitHubClient,
  pr: PullRequestRef,
  report: Report,
  options: PublishReviewOptions,
  warnings: string[],
): Promise<SkippedFinding[] | undefined> {
  try {
    const published = await publishReview(client, pr, report, options);
    if ('fallback' in published) {
      core.info(`sql-preflight: no review (${published.fallback}); the findings are in the annotations and the job summary.${WRITE_ADVICE}`);
      return undefined;
    }
    core.info(
      `sql-preflight: review comments: ${published.posted.length} posted, ${published.kept.length} kept from earlier runs, ` +
        `${published.skipped.length} left to the summary, ${published.deleted.length} deleted, ${published.resolved.length} marked resolved.`,
    );
    if (published.rejected) {
      warnings.push(`sql-preflight's review was refused (${published.rejected.message}); its findings are listed in the summary instead.${advice(published.rejected)}`);
    }
    if (published.tidyFailed) {
      warnings.push(
        `sql-preflight could not delete or mark resolved its comments on findings that are gone (${published.tidyFailed.message}); the rest of the review went through.${advice(published.tidyFailed)}`,
      );
    }
    return published.skipped;
  } catch (error) {
    warnings.push(`sql-preflight could not post its review (${describe(error)}); the findings are in the annotations and the job summary.${advice(error)}`);
    return undefined;
  }
}

async function summaryComment(client: GitHubClient, pr: PullRequestRef, summary: string, warnings: string[]): Promise<void> {
  try {
    const comment = await upsertSummaryComment(client, pr, summary);
    if ('fallback' in comment) core.info(`sql-preflight: no summary comment (${comment.fallback}); the job summary has it.${WRITE_ADVICE}`);
    else core.info(`sql-preflight: summary comment ${comment.action}: ${comment.url}`);
  } catch (error) {
    warnings.push(`sql-preflight could not post its summary comment (${describe(error)}); the job summary has it.${advice(error)}`);
  }
}

/** Fails the step as the CLI's exit code would: findings at or above fail-on, or something left unchecked. */
function conclude(result: RunResult, report: Report): void {
  if (result.exitCode === 2) {
    core.setFailed(['sql-preflight could not check everything it was asked to:', ...result.problems.map((p) => `- ${p}`)].join('\n'));
  } else if (result.exitCode === 1) {
    const threshold = SEVERITIES.indexOf(result.failOn as Severity);
    const failing = report.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= threshold).length;
    core.setFailed(`sql-preflight found ${failing} problem${failing === 1 ? '' : 's'} at or above fail-on: ${result.failOn}.`);
  }
}

/** The findings past GitHub's per-level limit, in the reporter's order (most severe first, then report order). */
function annotationsNotShown(findings: readonly Finding[]): Finding[] {
  return SEVERITIES.flatMap((severity) => findings.filter((f) => f.severity === severity).slice(ANNOTATIONS_PER_LEVEL));
}

/** Each phase in a collapsible log group, with the CLI's progress lines (at most one per tenth) inside. */
function groupedProgress(): Progress {
  const lines = terminalProgress(process.stdout);
  return {
    phase: (name, work) => core.group(`sql-preflight: ${name}`, () => lines.phase(name, work)),
    step: (done, total, label) => lines.step(done, total, label),
    note: (message) => lines.note(message),
  };
}

function fromRoot(report: Report, prefix: string): Report {
  if (prefix === '') return report;
  const rebase = (path: string) => posix.join(prefix.split(sep).join('/'), path);
  return {
    ...report,
    files: report.files.map((file) => ({ ...file, path: rebase(file.path) })),
    findings: report.findings.map((finding) => ({ ...finding, file: rebase(finding.file) })),
  };
}

function readSource(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to do about a failed GitHub call, as a sentence to append; nothing for other errors. */
function advice(error: unknown): string {
  return error instanceof GitHubApiError && error.advice ? ` ${error.advice}` : '';
}

/** A write refused because of the token (publishReview and upsertSummaryComment fall back instead of throwing). */
const WRITE_ADVICE = " To comment, the job needs `pull-requests: write` in the workflow's `permissions:`.";

/**
 * The client's waits, shortened by tests that run the Action against a local fake of GitHub: the length of one
 * second (back-off, retry-after, GitHub's pacing of writes) and the request timeout. Workflows leave them unset.
 */
function waitsFromEnvironment(): Pick<GitHubClientOptions, 'secondMs' | 'writeIntervalMs' | 'notificationIntervalMs' | 'timeoutMs'> {
  const secondMs = Number(process.env.SQL_PREFLIGHT_GITHUB_SECOND_MS) || undefined;
  const timeoutMs = Number(process.env.SQL_PREFLIGHT_GITHUB_TIMEOUT_MS) || undefined;
  return { secondMs, writeIntervalMs: secondMs, notificationIntervalMs: secondMs && 3 * secondMs, timeoutMs };
}
