import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

/**
 * A REST client for the pull-request side of the Action. Built on @octokit/core rather than @actions/github, so
 * that nothing here reads the Actions environment (GITHUB_API_URL, the event file, proxies): the shell passes
 * those in.
 */
const RestClient = Octokit.plugin(retry, throttling);
export type RestOctokit = InstanceType<typeof RestClient>;

export interface GitHubClient {
  /** Failed calls reject with a `GitHubApiError`. */
  readonly octokit: RestOctokit;
  /** How often a failed call is tried again; `publishReview` reuses it for the creates it retries itself. */
  readonly retries: number;
  /** The length of one second of waiting (back-off, retry-after): 1000, or less in tests. */
  readonly secondMs: number;
}

export interface GitHubClientOptions {
  /** The REST API root: https://api.github.com, or `GITHUB_API_URL` on GitHub Enterprise Server. */
  baseUrl?: string;
  userAgent?: string;
  /** Retries of a call that failed with a 5xx, timed out, or hit a rate limit that clears soon enough. Default 3. */
  retries?: number;
  /** Milliseconds per second of back-off and of GitHub's `retry-after`; tests shrink it. Default 1000. */
  secondMs?: number;
  /**
   * GitHub asks for at least a second between writes, and the throttling plugin waits three between writes that
   * notify people (a review, a conversation comment). Defaults 1000 and 3000; tests shrink them.
   */
  writeIntervalMs?: number;
  notificationIntervalMs?: number;
  /** A call that has not been answered after this long is aborted (and retried). Default 30 s. */
  timeoutMs?: number;
  /** For a proxy: e.g. the proxy-aware fetch of @actions/github's `defaults.request.fetch`. */
  fetch?: typeof globalThis.fetch;
  log?: { debug(message: string): void; info(message: string): void; warn(message: string): void; error(message: string): void };
}

/** Waiting for a primary rate limit to reset can take up to an hour; a CI job should rather fall back. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 120;

export function createGitHubClient(token: string, options: GitHubClientOptions = {}): GitHubClient {
  const retries = options.retries ?? 3;
  const secondMs = options.secondMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const log = options.log ?? { debug: () => {}, info: () => {}, warn: console.warn, error: console.error };
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const endpoint = `${request.method} ${request.url}`;
    if (retryCount < retries && retryAfter <= MAX_RATE_LIMIT_WAIT_SECONDS) {
      log.warn(`GitHub ${kind} on ${endpoint}: retrying in ${retryAfter} s.`);
      return true;
    }
    log.warn(`GitHub ${kind} on ${endpoint}: giving up (retry ${retryCount + 1} would wait ${retryAfter} s).`);
    return false;
  };
  const octokit = new RestClient({
    auth: token,
    baseUrl: options.baseUrl,
    userAgent: options.userAgent ?? 'sql-preflight',
    log,
    request: {
      // A timeout per attempt, not per call, so that the retry plugin can try a hung request again.
      fetch: (input: string | URL | Request, init?: RequestInit) => {
        const timeout = AbortSignal.timeout(timeoutMs);
        return baseFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
      },
    },
    // Rate limits (403 or 429) are the throttling plugin's, which waits as long as GitHub says: were the retry plugin
    // to retry a 429 as well, each of its tries would be retried again by the other, far past `retries`.
    retry: { retries, retryAfterBaseValue: secondMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      retryAfterBaseValue: secondMs,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.notificationIntervalMs ?? 3000 }),
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
    },
  });
  // Registered after the plugins, so it sees the error that is left once they gave up.
  octokit.hook.error('request', (error, request) => {
    throw toApiError(error, `${request.method} ${request.url}`, token, timeoutMs);
  });
  return { octokit, retries, secondMs };
}

/**
 * A GitHub REST call that failed. The message names the endpoint by its route template, the status and GitHub's
 * own message; it never holds the token or the request, so it is safe to log and to show in a job summary.
 */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';

  constructor(
    /** Method and route template, e.g. `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`. */
    readonly endpoint: string,
    /** Undefined when no response came (network error, timeout). */
    readonly status: number | undefined,
    readonly githubMessage: string,
  ) {
    super(`GitHub API ${endpoint} failed: ${status === undefined ? 'no response' : status} (${githubMessage})`);
  }

  /**
   * The token may not do this: a pull request from a fork or from Dependabot gets a read-only GITHUB_TOKEN, and a
   * workflow's `permissions:` may leave out `pull-requests: write`.
   */
  get notAccessible(): boolean {
    return this.status === 403 && /not accessible by/i.test(this.githubMessage);
  }

  /** GitHub may have done the work even though the call failed: retry a create only after looking. */
  get transient(): boolean {
    return this.status === undefined || this.status >= 500;
  }

  /** A primary or secondary rate limit that did not clear within the retries. */
  get rateLimited(): boolean {
    return (this.status === 403 || this.status === 429) && /rate limit/i.test(this.githubMessage);
  }

  /** What the person running the workflow can do about it, for the log. */
  get advice(): string {
    const access = this.endpoint.startsWith('GET ') ? 'read' : 'write';
    if (this.status === 401) return 'GitHub did not accept the github-token input (revoked or expired?): set it to a valid token, e.g. the default `${{ github.token }}`.';
    if (this.notAccessible) {
      return `The token may not do this: give the job \`pull-requests: ${access}\` in the workflow's \`permissions:\` (pull requests from forks and Dependabot's get a read-only token whatever the workflow asks).`;
    }
    if (this.rateLimited) return 'GitHub\'s API rate limit was hit and did not clear soon enough: rerun the job later, or spread out the workflows that call the API.';
    if (this.status === 403) return 'The token lacks a permission this needs: check the workflow\'s `permissions:` and the github-token input.';
    if (this.status === 404) {
      return 'GitHub found no such pull request or comment: check that github-token is a token of this repository, or the comment was deleted while the job ran.';
    }
    if (this.status === 422) return 'GitHub refused the request as invalid: please report this to sql-preflight, with this message.';
    if (this.transient) return 'GitHub did not answer properly, even after retries: rerun the job (https://www.githubstatus.com says when GitHub has trouble).';
    return '';
  }
}

interface FailedRequest {
  status?: number;
  message?: string;
  cause?: unknown;
  response?: { data?: unknown };
}

function toApiError(error: unknown, endpoint: string, token: string, timeoutMs: number): GitHubApiError {
  const failed = (error ?? {}) as FailedRequest;
  const redact = (message: string) => (token ? message.replaceAll(token, '***') : message);
  if (failed.response) {
    return new GitHubApiError(endpoint, failed.status, redact(githubMessage(failed.response.data) ?? failed.message ?? 'no message'));
  }
  const timedOut = (failed.cause as Error | undefined)?.name === 'TimeoutError';
  return new GitHubApiError(endpoint, undefined, redact(timedOut ? `no answer within ${timeoutMs / 1000} s` : (failed.message ?? String(error))));
}

/** GitHub's `message`, with the details of a 422 (`errors`: strings, or objects with a message or field and code). */
function githubMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.trim() || undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  if (typeof message !== 'string') return undefined;
  if (!Array.isArray(errors) || errors.length === 0) return message;
  const details = errors.map((e) => {
    if (typeof e === 'string') return e;
    const { message: text, field, code } = (e ?? {}) as { message?: string; field?: string; code?: string };
    return text ?? [field, code].filter(Boolean).join(' ');
  });
  return `${message}: ${details.join('; ')}`;
}

/** Every page of a list endpoint, 100 items at a time, following GitHub's `Link: <...>; rel="next"`. */
export async function allPages<T>(fetchPage: (page: number) => Promise<{ data: T[]; headers: { link?: string } }>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const response = await fetchPage(page);
    items.push(...response.data);
    if (!/rel="next"/.test(response.headers.link ?? '')) return items;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
