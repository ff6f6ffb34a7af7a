/**
 * A fake of the GitHub REST API for tests: an HTTP server on 127.0.0.1 serving the pull-request endpoints
 * sql-preflight uses from an in-memory store. Every request is matched to an operation of GitHub's published
 * OpenAPI description (@octokit/openapi, api.github.com.json) and its path and query parameters and JSON body are
 * validated against it; every response the fake sends is validated against the operation's response schema.
 * Requests GitHub would reject (a comment line outside the diff, a body over 65,536 characters, ...) are answered
 * as GitHub answers them. Both kinds are recorded in `violations`, which a test expects to stay empty.
 *
 *   const github = await startGitHubFake({ owner: 'acme', repo: 'shop', pull: { number: 7, headSha, baseSha, files } });
 *   createGitHubClient(token, { baseUrl: github.url });
 *   ...
 *   expect(github.violations).toEqual([]);
 *   await github.close();
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

export type DiffStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface FakeFile {
  filename: string;
  /** Default `modified`. */
  status?: DiffStatus;
  /** The unified diff GitHub shows for the file; leave it out for a file GitHub shows no diff of. */
  patch?: string;
  previous_filename?: string;
}

export interface FakePullRequest {
  number: number;
  headSha: string;
  baseSha: string;
  files: FakeFile[];
}

export interface GitHubFakeOptions {
  owner: string;
  repo: string;
  pull: FakePullRequest;
  /** When set, a request with another token is answered 401 "Bad credentials". */
  token?: string;
  /** A fork's token: every write is answered 403 "Resource not accessible by integration". */
  readOnly?: boolean;
}

export interface FakeUser {
  login: string;
  id: number;
  type: 'Bot' | 'User';
}

/** Who the token acts as: the GITHUB_TOKEN's app user. */
export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
export const OCTOCAT: FakeUser = { login: 'octocat', id: 583231, type: 'User' };

export interface StoredReviewComment {
  id: number;
  reviewId: number | null;
  path: string;
  line: number;
  startLine: number | null;
  body: string;
  user: FakeUser;
  inReplyToId?: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoredReview {
  id: number;
  body: string;
  event: string;
  commitId: string;
  user: FakeUser;
  submittedAt: string;
}

export interface StoredIssueComment {
  id: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
}

export interface FakeState {
  files: FakeFile[];
  reviews: StoredReview[];
  reviewComments: StoredReviewComment[];
  issueComments: StoredIssueComment[];
  readOnly: boolean;
}

/**
 * - `request`: the request does not match GitHub's OpenAPI description (answered 422, or 404 for an unknown path);
 * - `github`: valid by the schema, but GitHub would reject it (answered as GitHub does);
 * - `response`: the fake itself answered something the description does not allow (a bug in the fake).
 */
export interface Violation {
  kind: 'request' | 'github' | 'response';
  endpoint: string;
  message: string;
}

export interface RecordedRequest {
  method: string;
  /** The operation's route, e.g. `POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews`; the raw path when none matched. */
  endpoint: string;
  url: string;
  body: unknown;
  authorization: string | undefined;
  status?: number;
}

/**
 * A failure for the next calls of an endpoint: a status with GitHub's message for it (401 "Bad credentials", 403
 * "Resource not accessible by integration", 404, 422, 500, 502, ...), a secondary rate limit (403 with
 * `retry-after: 1`), a primary rate limit (403 with `x-ratelimit-remaining: 0`, reset in a second), no answer
 * (`hang`), or the connection reset without an answer (`reset`). With `processed`, the request is carried out
 * before the failure is answered, as when GitHub times out after creating a review.
 */
export type Fault =
  | { status: number; message?: string; errors?: ValidationError[]; headers?: Record<string, string>; processed?: boolean }
  | 'secondary-rate-limit'
  | 'rate-limit'
  | 'hang'
  | 'reset';

/** An entry of a 422's `errors`: GitHub sends plain sentences for some checks, objects for others. */
export type ValidationError = string | { resource: string; field: string; code: string; message?: string };

export interface GitHubFake {
  /** The API root to give the client as `baseUrl`. */
  url: string;
  state: FakeState;
  violations: Violation[];
  requests: RecordedRequest[];
  /** Makes the next `times` calls to `endpoint` (e.g. `'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews'`) fail. */
  failNext(endpoint: string, fault: Fault, times?: number): void;
  /** A comment made outside the code under test, e.g. a human reply (`inReplyTo`) to one of ours. */
  addReviewComment(comment: { path: string; line: number; body: string; user?: FakeUser; inReplyTo?: number }): StoredReviewComment;
  addIssueComment(comment: { body: string; user?: FakeUser }): StoredIssueComment;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const MAX_BODY = 65_536;
const MAX_LISTED_FILES = 3000;

// The OpenAPI description, parsed once per test worker and compiled per operation on first use.

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  [key: string]: unknown;
}
interface Operation {
  parameters?: ({ $ref: string } | Parameter)[];
  requestBody?: { content?: Record<string, { schema: unknown }> };
  responses: Record<string, unknown>;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: { type?: string };
}
interface Route {
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
}

let loaded: { spec: Spec; ajv: Ajv; routes: Route[]; validators: Map<string, ValidateFunction> } | undefined;

function openApi() {
  if (loaded) return loaded;
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  allowNullInNullableEnums(spec);
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
    formats: {
      'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/,
      uri: (value: string) => URL.canParse(value),
    },
  });
  // The whole description is one schema document, so that `#/components/...` references resolve inside it.
  ajv.addSchema({ ...spec, $id: 'github' }, undefined, undefined, false);
  const routes = Object.keys(spec.paths).map((template) => {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)');
    return { template, regex: new RegExp(`^${pattern}$`), names, literals: template.split('/').filter((s) => s && !s.startsWith('{')).length };
  });
  // Where two templates match a path, the one with more literal segments is the operation GitHub routes to.
  routes.sort((a, b) => b.literals - a.literals);
  loaded = { spec, ajv, routes, validators: new Map() };
  return loaded;
}

/**
 * GitHub sends `null` for fields described as `{ nullable: true, enum: [...] }` (e.g. a single-line review
 * comment's `start_side`), while the OpenAPI 3.0.3 reading that Ajv follows allows null only if the enum lists it.
 * The fake answers as GitHub does, so the enums get their null.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const schema = node as { nullable?: unknown; enum?: unknown[] };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
  for (const value of Object.values(node)) allowNullInNullableEnums(value);
}

function pointer(parts: (string | number)[]): string {
  return '#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** The object at a JSON pointer of the description, following `$ref`s of non-schema objects (responses, parameters). */
function resolve(ref: string): { at: string; value: Record<string, unknown> } {
  const { spec } = openApi();
  let at = ref;
  for (;;) {
    const value = at
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], spec) as Record<string, unknown>;
    if (typeof value?.$ref !== 'string') return { at, value };
    at = value.$ref;
  }
}

function validator(schemaPointer: string): ValidateFunction {
  const { ajv, validators } = openApi();
  let validate = validators.get(schemaPointer);
  if (!validate) {
    const encoded = schemaPointer.split('/').map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');
    validate = ajv.compile({ $ref: `github${encoded}` });
    validators.set(schemaPointer, validate);
  }
  return validate;
}

function schemaErrors(schemaPointer: string, value: unknown): string[] {
  const validate = validator(schemaPointer);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`);
}

/** Properties the schema does not define: GitHub ignores them, so a misspelt field would be lost silently. */
function unknownProperties(schema: unknown, value: unknown, path: string): string[] {
  let node = schema as Record<string, unknown> | undefined;
  while (node && typeof node.$ref === 'string') node = resolve(node.$ref).value;
  if (!node) return [];
  if (Array.isArray(value) && node.items) return value.flatMap((item, i) => unknownProperties(node.items, item, `${path}/${i}`));
  const properties = node.properties as Record<string, unknown> | undefined;
  if (!properties || typeof value !== 'object' || value === null || Array.isArray(value) || node.additionalProperties) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key in properties ? unknownProperties(properties[key], item, `${path}/${key}`) : [`${path}/${key} is not a property of the request body`],
  );
}

interface Matched {
  template: string;
  method: string;
  operation: Operation;
  /** Where the operation is in the description, as pointer segments. */
  parts: string[];
  params: Record<string, string>;
}

function matchOperation(method: string, path: string): Matched | undefined {
  const { spec, routes } = openApi();
  for (const route of routes) {
    const match = route.regex.exec(path);
    const operation = match && spec.paths[route.template]![method.toLowerCase()];
    if (!match || !operation) continue;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { template: route.template, method, operation, parts: ['paths', route.template, method.toLowerCase()], params };
  }
  return undefined;
}

/** Path and query values arrive as text; the schema says which are numbers. */
function typed(value: string, schema: { type?: string }): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function requestErrors(matched: Matched, query: URLSearchParams, body: unknown, rawBody: string): string[] {
  const errors: string[] = [];
  const parameters = (matched.operation.parameters ?? []).map((_, i) => resolve(pointer([...matched.parts, 'parameters', i])));
  const known = new Set<string>();
  for (const { at, value } of parameters) {
    const parameter = value as unknown as Parameter;
    if (parameter.in === 'header') continue;
    const raw = parameter.in === 'path' ? matched.params[parameter.name] : (query.get(parameter.name) ?? undefined);
    if (parameter.in === 'query') known.add(parameter.name);
    if (raw === undefined) {
      if (parameter.required) errors.push(`missing ${parameter.in} parameter ${parameter.name}`);
      continue;
    }
    errors.push(...schemaErrors(`${at}/schema`, typed(raw, parameter.schema)).map((e) => `${parameter.in} parameter ${parameter.name}: ${e}`));
  }
  for (const name of new Set(query.keys())) if (!known.has(name)) errors.push(`unknown query parameter ${name}`);

  const content = matched.operation.requestBody?.content?.['application/json'];
  if (!content) {
    if (rawBody !== '') errors.push('the operation takes no request body');
    return errors;
  }
  if (body === undefined) return rawBody === '' ? errors : [...errors, 'the request body is not JSON'];
  errors.push(...schemaErrors(pointer([...matched.parts, 'requestBody', 'content', 'application/json', 'schema']), body).map((e) => `body${e}`));
  errors.push(...unknownProperties(content.schema, body, 'body'));
  return errors;
}

function responseErrors(matched: Matched, status: number, body: unknown): string[] {
  const responses = matched.operation.responses;
  if (!(String(status) in responses)) {
    // GitHub answers errors the description does not list (401, 403, 5xx) for any operation, as a basic error.
    if (status >= 400) return schemaErrors('#/components/schemas/basic-error', body);
    return [`status ${status} is not a response of the operation`];
  }
  const { at, value } = resolve(pointer([...matched.parts, 'responses', String(status)]));
  const content = (value.content as Record<string, unknown> | undefined)?.['application/json'];
  if (!content) return body === undefined ? [] : [`status ${status} has no body in the description`];
  return schemaErrors(`${at}/content/application~1json/schema`, body);
}

// The fake itself.

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

class HttpFailure {
  constructor(readonly answer: Answer) {}
}

function fail(status: number, message: string, extra: Record<string, unknown> = {}): HttpFailure {
  return new HttpFailure({ status, body: { message, documentation_url: DOCS, status: String(status), ...extra } });
}

const DEFAULT_MESSAGES: Record<number, string> = {
  401: 'Bad credentials',
  403: 'Resource not accessible by integration',
  404: 'Not Found',
  422: 'Validation Failed',
  500: 'Server Error',
  502: 'Server Error',
  503: 'Service Unavailable',
};

export async function startGitHubFake(options: GitHubFakeOptions): Promise<GitHubFake> {
  openApi();
  const { owner, repo, pull } = options;
  const state: FakeState = { files: pull.files, reviews: [], reviewComments: [], issueComments: [], readOnly: options.readOnly ?? false };
  const violations: Violation[] = [];
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, Fault[]>();
  const hanging = new Set<ServerResponse>();
  let nextId = 1000;
  let url = '';
  const now = () => new Date().toISOString();
  const web = `https://github.com/${owner}/${repo}`;
  const api = `https://api.github.com/repos/${owner}/${repo}`;

  const user = (u: FakeUser) => ({
    login: u.login,
    id: u.id,
    node_id: `U_${u.id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url: `https://api.github.com/users/${encodeURIComponent(u.login)}`,
    html_url: `https://github.com/${encodeURIComponent(u.login)}`,
    followers_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/followers`,
    following_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/following{/other_user}`,
    gists_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/gists{/gist_id}`,
    starred_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/starred{/owner}{/repo}`,
    subscriptions_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/subscriptions`,
    organizations_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/orgs`,
    repos_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/repos`,
    events_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/events{/privacy}`,
    received_events_url: `https://api.github.com/users/${encodeURIComponent(u.login)}/received_events`,
    type: u.type,
    site_admin: false,
  });
  const association = (u: FakeUser) => (u.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR');

  const diffEntry = (file: FakeFile) => {
    const rows = (file.patch ?? '').split('\n');
    const additions = rows.filter((r) => r.startsWith('+')).length;
    const deletions = rows.filter((r) => r.startsWith('-')).length;
    const path = file.filename.split('/').map(encodeURIComponent).join('/');
    return {
      sha: Buffer.from(file.filename).toString('hex').padEnd(40, '0').slice(0, 40),
      filename: file.filename,
      status: file.status ?? 'modified',
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${web}/blob/${pull.headSha}/${path}`,
      raw_url: `${web}/raw/${pull.headSha}/${path}`,
      contents_url: `${api}/contents/${path}?ref=${pull.headSha}`,
      ...(file.patch !== undefined ? { patch: file.patch } : {}),
      ...(file.previous_filename !== undefined ? { previous_filename: file.previous_filename } : {}),
    };
  };

  const reviewComment = (c: StoredReviewComment) => ({
    url: `${api}/pulls/comments/${c.id}`,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: `PRRC_${c.id}`,
    diff_hunk: diffHunk(c.path, c.line),
    path: c.path,
    commit_id: pull.headSha,
    original_commit_id: pull.headSha,
    ...(c.inReplyToId !== undefined ? { in_reply_to_id: c.inReplyToId } : {}),
    user: user(c.user),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: `${web}/pull/${pull.number}#discussion_r${c.id}`,
    pull_request_url: `${api}/pulls/${pull.number}`,
    author_association: association(c.user),
    _links: {
      self: { href: `${api}/pulls/comments/${c.id}` },
      html: { href: `${web}/pull/${pull.number}#discussion_r${c.id}` },
      pull_request: { href: `${api}/pulls/${pull.number}` },
    },
    start_line: c.startLine,
    original_start_line: c.startLine,
    start_side: c.startLine === null ? null : 'RIGHT',
    line: c.line,
    original_line: c.line,
    side: 'RIGHT',
    subject_type: 'line',
  });

  const issueComment = (c: StoredIssueComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${api}/issues/comments/${c.id}`,
    body: c.body,
    html_url: `${web}/pull/${pull.number}#issuecomment-${c.id}`,
    user: user(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${api}/issues/${pull.number}`,
    author_association: association(c.user),
  });

  /** RIGHT-side ranges from the hunk headers alone: independent of the parser under test. */
  const hunkRanges = (path: string) =>
    [...(state.files.find((f) => f.filename === path)?.patch ?? '').matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)].map((m) => ({
      start: Number(m[1]),
      end: Number(m[1]) + (m[2] === undefined ? 1 : Number(m[2])) - 1,
      offset: m.index,
    }));

  /** The diff up to the commented line, as GitHub shows it with a comment. */
  function diffHunk(path: string, line: number): string {
    const patch = state.files.find((f) => f.filename === path)?.patch ?? '';
    const hunk = hunkRanges(path).find((h) => line >= h.start && line <= h.end);
    if (!hunk) return patch.split('\n')[0] ?? '';
    const rows = patch.slice(hunk.offset).split('\n');
    const out = [rows[0]!];
    let current = hunk.start - 1;
    for (const row of rows.slice(1)) {
      if (row.startsWith('@@') || current >= line) break;
      out.push(row);
      if (!row.startsWith('-') && !row.startsWith('\\')) current++;
    }
    return out.join('\n');
  }

  function paginate<T>(items: T[], query: URLSearchParams, path: string): Answer {
    const perPage = Math.min(100, Number(query.get('per_page') ?? 30));
    const page = Number(query.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number) => `<${url}${path}?per_page=${perPage}&page=${n}>`;
    const links = [];
    if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) links.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
    return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers: links.length ? { link: links.join(', ') } : {} };
  }

  const writable = () => {
    if (state.readOnly) throw fail(403, 'Resource not accessible by integration');
  };
  const checkBody = (body: string, what: string) => {
    if ([...body].length > MAX_BODY) throw fail(422, 'Validation Failed', { errors: [{ resource: what, code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` }] });
  };
  const findReviewComment = (id: string) => {
    const comment = state.reviewComments.find((c) => c.id === Number(id));
    if (!comment) throw fail(404, 'Not Found');
    return comment;
  };
  const findIssueComment = (id: string) => {
    const comment = state.issueComments.find((c) => c.id === Number(id));
    if (!comment) throw fail(404, 'Not Found');
    return comment;
  };

  type Handler = (params: Record<string, string>, query: URLSearchParams, body: Record<string, unknown>, path: string) => Answer;
  const handlers: Record<string, Handler> = {
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': (_p, query, _b, path) => paginate(state.files.slice(0, MAX_LISTED_FILES).map(diffEntry), query, path),
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments': (_p, query, _b, path) => paginate(state.reviewComments.map(reviewComment), query, path),
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (_p, _q, body) => {
      writable();
      const comments = (body.comments ?? []) as { path: string; body: string; line?: number; side?: string; start_line?: number; start_side?: string; position?: number }[];
      const problems: string[] = [];
      if (body.commit_id !== undefined && body.commit_id !== pull.headSha) problems.push(`No commit found for SHA: ${String(body.commit_id)}`);
      if ((body.event === 'COMMENT' || body.event === 'REQUEST_CHANGES') && !body.body) problems.push('Body is required for a review with this event');
      if ([...String(body.body ?? '')].length > MAX_BODY) problems.push(`Body is too long (maximum is ${MAX_BODY} characters)`);
      for (const comment of comments) {
        if (comment.position !== undefined) problems.push('position is deprecated: use line and side');
        if (comment.side === 'LEFT' || comment.start_side === 'LEFT') problems.push('the fake only knows RIGHT-side comments');
        if (!state.files.some((f) => f.filename === comment.path)) problems.push(`Path could not be resolved: ${comment.path}`);
        const hunk = hunkRanges(comment.path).find((h) => comment.line !== undefined && comment.line >= h.start && comment.line <= h.end);
        if (!hunk) problems.push('Pull request review thread line must be part of the diff');
        else if (comment.start_line !== undefined && !(comment.start_line >= hunk.start && comment.start_line < comment.line!)) {
          problems.push('Pull request review thread start line must be part of the same hunk as the line.');
        }
        if ([...comment.body].length > MAX_BODY) problems.push(`Body is too long (maximum is ${MAX_BODY} characters)`);
      }
      if (problems.length > 0) throw fail(422, 'Unprocessable Entity', { errors: problems });
      const review: StoredReview = { id: nextId++, body: String(body.body ?? ''), event: String(body.event ?? 'PENDING'), commitId: pull.headSha, user: ACTIONS_BOT, submittedAt: now() };
      state.reviews.push(review);
      for (const comment of comments) {
        state.reviewComments.push({
          id: nextId++,
          reviewId: review.id,
          path: comment.path,
          line: comment.line!,
          startLine: comment.start_line ?? null,
          body: comment.body,
          user: ACTIONS_BOT,
          createdAt: review.submittedAt,
          updatedAt: review.submittedAt,
        });
      }
      return {
        status: 200,
        body: {
          id: review.id,
          node_id: `PRR_${review.id}`,
          user: user(review.user),
          body: review.body,
          state: review.event === 'COMMENT' ? 'COMMENTED' : review.event === 'PENDING' ? 'PENDING' : review.event === 'APPROVE' ? 'APPROVED' : 'CHANGES_REQUESTED',
          html_url: `${web}/pull/${pull.number}#pullrequestreview-${review.id}`,
          pull_request_url: `${api}/pulls/${pull.number}`,
          _links: { html: { href: `${web}/pull/${pull.number}#pullrequestreview-${review.id}` }, pull_request: { href: `${api}/pulls/${pull.number}` } },
          submitted_at: review.submittedAt,
          commit_id: review.commitId,
          author_association: association(review.user),
        },
      };
    },
    'PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}': (params, _q, body) => {
      const comment = findReviewComment(params.comment_id!);
      writable();
      checkBody(String(body.body), 'PullRequestReviewComment');
      comment.body = String(body.body);
      comment.updatedAt = now();
      return { status: 200, body: reviewComment(comment) };
    },
    'DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}': (params) => {
      const comment = findReviewComment(params.comment_id!);
      writable();
      state.reviewComments.splice(state.reviewComments.indexOf(comment), 1);
      return { status: 204 };
    },
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (_p, query, _b, path) => paginate(state.issueComments.map(issueComment), query, path),
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (_p, _q, body) => {
      writable();
      checkBody(String(body.body), 'IssueComment');
      const comment: StoredIssueComment = { id: nextId++, body: String(body.body), user: ACTIONS_BOT, createdAt: now(), updatedAt: now() };
      state.issueComments.push(comment);
      return { status: 201, body: issueComment(comment), headers: { location: `${api}/issues/comments/${comment.id}` } };
    },
    'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': (params, _q, body) => {
      const comment = findIssueComment(params.comment_id!);
      writable();
      checkBody(String(body.body), 'IssueComment');
      comment.body = String(body.body);
      comment.updatedAt = now();
      return { status: 200, body: issueComment(comment) };
    },
    'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': (params) => {
      const comment = findIssueComment(params.comment_id!);
      writable();
      state.issueComments.splice(state.issueComments.indexOf(comment), 1);
      return { status: 204 };
    },
  };

  function faultAnswer(fault: Exclude<Fault, 'hang' | 'reset'>): Answer {
    if (fault === 'secondary-rate-limit') {
      return {
        status: 403,
        headers: { 'retry-after': '1' },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: `${DOCS}/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits`, status: '403' },
      };
    }
    if (fault === 'rate-limit') {
      return {
        status: 403,
        headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
        body: { message: 'API rate limit exceeded for installation ID 1.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`, status: '403' },
      };
    }
    const message = fault.message ?? DEFAULT_MESSAGES[fault.status] ?? 'Error';
    return { status: fault.status, headers: fault.headers, body: { message, documentation_url: DOCS, status: String(fault.status), ...(fault.errors ? { errors: fault.errors } : {}) } };
  }

  function respond(res: ServerResponse, record: RecordedRequest, matched: Matched | undefined, answer: Answer): void {
    record.status = answer.status;
    if (matched) {
      for (const message of responseErrors(matched, answer.status, answer.body)) {
        violations.push({ kind: 'response', endpoint: record.endpoint, message: `${answer.status}: ${message}` });
      }
    }
    const headers: Record<string, string> = { 'x-github-request-id': `FAKE:${requests.length}`, ...answer.headers };
    if (answer.body === undefined) {
      res.writeHead(answer.status, headers).end();
    } else {
      res.writeHead(answer.status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.body));
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const method = req.method ?? 'GET';
    const target = new URL(req.url ?? '/', 'http://fake');
    const matched = matchOperation(method, target.pathname);
    const endpoint = matched ? `${method} ${matched.template}` : `${method} ${target.pathname}`;
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = { method, endpoint, url: req.url ?? '', body, authorization: req.headers.authorization };
    requests.push(record);
    if (!matched) {
      violations.push({ kind: 'request', endpoint, message: 'no operation of the GitHub REST API has this method and path' });
      return respond(res, record, undefined, { status: 404, body: { message: 'Not Found', documentation_url: DOCS } });
    }
    const [scheme, credentials] = (req.headers.authorization ?? '').split(' ');
    if (options.token !== undefined && !(/^(token|bearer)$/i.test(scheme ?? '') && credentials === options.token)) {
      return respond(res, record, matched, faultAnswer({ status: 401 }));
    }
    const errors = requestErrors(matched, target.searchParams, body, rawBody);
    if (errors.length > 0) {
      for (const message of errors) violations.push({ kind: 'request', endpoint, message });
      return respond(res, record, matched, { status: 422, body: { message: `Invalid request.\n\n${errors.join('\n')}`, documentation_url: DOCS, status: '422' } });
    }
    const fault = faults.get(endpoint)?.shift();
    if (fault === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    // A TCP RST, as from a proxy or load balancer that drops the connection: the client reads ECONNRESET.
    if (fault === 'reset') return void req.socket.resetAndDestroy();
    if (fault && !(typeof fault === 'object' && fault.processed)) return respond(res, record, matched, faultAnswer(fault));

    const handler = handlers[endpoint];
    if (!handler) {
      violations.push({ kind: 'github', endpoint, message: 'the fake does not implement this operation' });
      return respond(res, record, matched, { status: 404, body: { message: 'Not Found', documentation_url: DOCS } });
    }
    const { params } = matched;
    const number = params.pull_number ?? params.issue_number;
    if (params.owner !== owner || params.repo !== repo || (number !== undefined && Number(number) !== pull.number)) {
      violations.push({ kind: 'github', endpoint, message: `no pull request ${params.owner}/${params.repo}#${number ?? ''} here` });
      return respond(res, record, matched, { status: 404, body: { message: 'Not Found', documentation_url: DOCS } });
    }
    try {
      const answer = handler(params, target.searchParams, (body ?? {}) as Record<string, unknown>, target.pathname);
      respond(res, record, matched, fault ? faultAnswer(fault) : answer);
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      // Rejections a correct client never causes; the fork token's 403 is a situation, not a mistake.
      if (!(error.answer.status === 403 && state.readOnly)) {
        violations.push({ kind: 'github', endpoint, message: `${error.answer.status}: ${JSON.stringify(error.answer.body)}` });
      }
      respond(res, record, matched, error.answer);
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    state,
    violations,
    requests,
    failNext(endpoint, fault, times = 1) {
      if (!openApi().routes.some((r) => endpoint === `${endpoint.split(' ')[0]} ${r.template}`)) throw new Error(`failNext: ${endpoint} is not an operation of the GitHub REST API`);
      faults.set(endpoint, [...(faults.get(endpoint) ?? []), ...Array<Fault>(times).fill(fault)]);
    },
    addReviewComment({ path, line, body, user: author = OCTOCAT, inReplyTo }) {
      const parent = inReplyTo === undefined ? undefined : state.reviewComments.find((c) => c.id === inReplyTo);
      if (inReplyTo !== undefined && !parent) throw new Error(`addReviewComment: no comment ${inReplyTo} to reply to`);
      const comment: StoredReviewComment = {
        id: nextId++,
        reviewId: null,
        path: parent?.path ?? path,
        line: parent?.line ?? line,
        startLine: parent?.startLine ?? null,
        body,
        user: author,
        ...(inReplyTo !== undefined ? { inReplyToId: inReplyTo } : {}),
        createdAt: now(),
        updatedAt: now(),
      };
      state.reviewComments.push(comment);
      return comment;
    },
    addIssueComment({ body, user: author = OCTOCAT }) {
      const comment: StoredIssueComment = { id: nextId++, body, user: author, createdAt: now(), updatedAt: now() };
      state.issueComments.push(comment);
      return comment;
    },
    async close() {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
