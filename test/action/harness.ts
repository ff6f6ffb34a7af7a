import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';

/**
 * A copy of the Action as the runner gets it: action.yml and dist/, and no node_modules anywhere above, so a
 * dependency left out of the bundle fails here as it would on GitHub.
 */
export function installAction(): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-action-'));
  cpSync(resolve('action.yml'), join(dir, 'action.yml'));
  cpSync(resolve('dist'), join(dir, 'dist'), { recursive: true });
  return dir;
}

/** What the runner puts for `${{ github.token }}`: the job's GITHUB_TOKEN. */
export const JOB_TOKEN = 'ghs_j0bT0kenF0rT3sts0000000000000000000';

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
}

export interface RunOptions {
  /** The checkout: GITHUB_WORKSPACE and the step's working directory. */
  workspace: string;
  eventName: string;
  payload: object;
  /** The step's `with:`; the rest take their defaults from action.yml, as the runner does. */
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** Runs `node dist/index.js` with the environment the runner gives a JavaScript action. */
export async function runAction(actionDir: string, options: RunOptions): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), 'preflight-runner-'));
  const files = { event: join(temp, 'event.json'), output: join(temp, 'output'), summary: join(temp, 'summary.md') };
  writeFileSync(files.event, JSON.stringify(options.payload));
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: 'preflight',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9/unused',
    RUNNER_TEMP: mkdtempSync(join(temp, 'runner-temp-')),
    ...inputEnv(actionDir, options.inputs ?? {}),
    ...options.env,
  };
  // Asynchronously, so that a fake GitHub API in this process can answer the Action.
  const child = spawn(process.execPath, [join(actionDir, 'dist/index.js')], { cwd: options.workspace, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    annotations: parseAnnotations(stdout),
  };
}

/** A secret reaches stdout once, in the command that tells the runner to mask it, and nowhere else. */
export function expectHidden(run: ActionRun, secret: string): void {
  const lines = run.stdout.split('\n').filter((line) => line !== `::add-mask::${secret}`);
  expect(lines.join('\n')).not.toContain(secret);
  expect(run.stderr).not.toContain(secret);
  expect(run.summary).not.toContain(secret);
  expect(JSON.stringify(run.outputs)).not.toContain(secret);
  if (run.outputs.report) expect(readFileSync(run.outputs.report, 'utf8')).not.toContain(secret);
}

/** INPUT_<NAME> for every input of action.yml: the given value, else the default. */
function inputEnv(actionDir: string, given: Record<string, string>): Record<string, string> {
  const declared = (parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }> }).inputs;
  const unknown = Object.keys(given).filter((name) => !(name in declared));
  if (unknown.length) throw new Error(`action.yml declares no input ${unknown.join(', ')}`);
  return Object.fromEntries(
    Object.entries(declared).map(([name, input]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      given[name] ?? String(input.default ?? '').replace('${{ github.token }}', JOB_TOKEN),
    ]),
  );
}

/** The GITHUB_OUTPUT file: `name<<delimiter`, the value's lines, `delimiter`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const end = lines.indexOf(match[2]!, i + 1);
    outputs[match[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

function parseAnnotations(stdout: string): Annotation[] {
  return stdout.split('\n').flatMap((line) => {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) return [];
    const properties = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), unescape(pair.slice(pair.indexOf('=') + 1))]),
    );
    return [{ level: match[1] as Annotation['level'], properties, message: unescape(match[3]!) }];
  });
}

function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}
