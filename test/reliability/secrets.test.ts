import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAction, JOB_TOKEN, runAction, type ActionRun } from '../action/harness.js';
import { createRepository, git, type Repository } from '../action/repository.js';
import { serviceGate } from '../db/env.js';
import { startGitHubFake, type FakeFile, type GitHubFake } from '../support/github-fake.js';

const server = serviceGate('SQL_PREFLIGHT_TEST_DATABASE_URL', '.ci/setup-postgres.sh');
const CLI = resolve('dist/cli.js');

/**
 * A migration that fails with what the server knows of the connection string. The password is not part of it:
 * a server keeps only a SCRAM verifier, so no SQL can echo it; what could echo it is sql-preflight's own
 * connection errors, which the runs with a wrong password below provoke.
 */
const ECHO = "DO $$ BEGIN RAISE EXCEPTION 'connected as %@%:%/%', current_user, inet_server_addr(), inet_server_port(), current_database(); END $$;\n";

/** A password as a user may write it, with characters that a URL must percent-encode. */
const SPECIAL_PASSWORD = `p@ss:w/rd ?#%${randomBytes(3).toString('hex')}`;

/** The URL with another password, set through the URL API so that it is percent-encoded as a user would have to. */
function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** Every form in which a secret could be written out, by name: as is, and percent-encoded as a URL or a form would. */
function forms(secret: string): [string, string][] {
  return [
    ['as is', secret],
    ['percent-encoded', encodeURIComponent(secret)],
    ['form-encoded', encodeURIComponent(secret).replace(/%20/g, '+')],
    ['URI-encoded', encodeURI(secret)],
  ];
}

/** Every file under `dir` (but .git), with its text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => !path.split(/[\\/]/).includes('.git'))
    .map((path) => join(dir, path))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/**
 * Names each output that contains a form of a secret, without the secret itself: a failing test's log must not
 * leak it either. A `::add-mask::` line is the one place a secret must appear.
 */
function leaks(outputs: Record<string, string>, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [output, text] of Object.entries(outputs)) {
    const shown = text
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    for (const [secret, value] of Object.entries(secrets)) {
      for (const [form, written] of forms(value)) if (shown.includes(written)) found.push(`${output} contains the ${secret} (${form})`);
    }
  }
  return found;
}

describe.skipIf(server.skip)('secrets in a full run', () => {
  let url: string;
  let password: string;
  const token = `ghp_${randomBytes(18).toString('hex')}`;

  beforeAll(() => {
    url = server.value();
    password = decodeURIComponent(new URL(url).password);
    expect(password.length).toBeGreaterThan(0);
  });

  describe('the CLI, check --db url', () => {
    let project: string;

    beforeAll(() => {
      project = mkdtempSync(join(tmpdir(), 'preflight-secrets-cli-'));
      const files: Record<string, string> = {
        '.sql-preflight.yml': 'migrations:\n  - db/migrations\n',
        'db/migrations/001_orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n',
        'db/migrations/002_echo.sql': ECHO,
        'db/migrations/003_missing.sql': 'ALTER TABLE missing ADD COLUMN note text;\n',
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(project, path)), { recursive: true });
        writeFileSync(join(project, path), text);
      }
    });

    afterAll(() => {
      if (project) rmSync(project, { recursive: true, force: true });
    });

    function cli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: project,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? project, SQL_PREFLIGHT_DATABASE_URL: databaseUrl, GITHUB_TOKEN: token },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
    }

    it.each(['text', 'json', 'sarif', 'github'])('--format %s: no output carries the password or the token', async (format) => {
      const output = join(project, `report.${format}`);
      const toFile = format === 'json' || format === 'sarif';
      const result = await cli(['check', '--db', 'url', '--no-color', '--format', format, ...(toFile ? ['--output', output] : [])], url);
      // The run got as far as the failing migrations: the outputs hold their errors.
      expect(result.code).toBe(1);
      const report = toFile ? readFileSync(output, 'utf8') : result.stdout;
      expect(report).toContain('connected as');
      expect(report).toMatch(/relation \\?"missing\\?" does not exist/);
      const written = Object.fromEntries(filesUnder(project).map((file) => [file.path, file.text]));
      expect(leaks({ stdout: result.stdout, stderr: result.stderr, ...written }, { password, token })).toEqual([]);
    }, 60_000);

    it('a connection error names the URL with its password masked', async () => {
      const wrong = withPassword(url, SPECIAL_PASSWORD);
      const result = await cli(['check', '--db', 'url', '--format', 'json', '--output', join(project, 'wrong.json')], wrong);
      expect(result.code).toBe(2);
      const { protocol, username, host, pathname } = new URL(wrong);
      expect(result.stderr).toContain(`could not connect to ${protocol}//${username}:***@${host}${pathname}`);
      const written = Object.fromEntries(filesUnder(project).map((file) => [file.path, file.text]));
      expect(leaks({ stdout: result.stdout, stderr: result.stderr, ...written }, { 'wrong password': SPECIAL_PASSWORD, password, token })).toEqual([]);
    }, 60_000);
  });

  describe('the Action, database: url', () => {
    let action: string;
    let repository: Repository;
    const payload = JSON.parse(readFileSync(resolve('fixtures/action/pull_request.json'), 'utf8'));

    beforeAll(() => {
      action = installAction();
      repository = createRepository();
      // Not committed: an existing migration to the Action, which replays it and reports its failure.
      writeFileSync(join(repository.dir, 'db/migrations/004_echo.sql'), ECHO);
    });

    afterAll(() => {
      for (const dir of [action, repository?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function pullRequest(databaseUrl: string): Promise<{ run: ActionRun; github: GitHubFake }> {
      const github = await startGitHubFake({
        owner: 'acme',
        repo: 'shop',
        token: JOB_TOKEN,
        pull: { number: 42, headSha: repository.head, baseSha: repository.base, files: pullRequestFiles(repository) },
      });
      try {
        const run = await runAction(action, {
          workspace: repository.dir,
          eventName: 'pull_request',
          payload,
          inputs: { database: 'url', 'database-url': databaseUrl, 'sarif-file': 'preflight.sarif', 'fail-on': 'never' },
          env: { GITHUB_API_URL: github.url, GITHUB_SHA: repository.merge, GITHUB_REF: 'refs/pull/42/merge' },
        });
        return { run, github };
      } finally {
        await github.close();
      }
    }

    /** The pull request's files as GitHub lists them: the diff from where it branched off to its head. */
    function pullRequestFiles(repo: Repository): FakeFile[] {
      const statuses: Record<string, FakeFile['status']> = { A: 'added', M: 'modified', D: 'removed' };
      return git(repo.dir, ['diff', '--name-status', '--no-renames', repo.forkPoint, repo.head])
        .split('\n')
        .map((line) => {
          const [status, filename] = line.split('\t') as [string, string];
          const diff = git(repo.dir, ['diff', '--no-color', repo.forkPoint, repo.head, '--', filename]);
          return { filename, status: statuses[status], patch: diff.slice(diff.indexOf('@@')) };
        });
    }

    /** Everything the run wrote or sent: logs and annotations, summary, outputs, files, and what reached GitHub. */
    function outputsOf(run: ActionRun, github: GitHubFake): Record<string, string> {
      const files = [repository.dir, ...(run.outputs.report ? [dirname(run.outputs.report)] : [])].flatMap(filesUnder);
      return {
        stdout: run.stdout,
        stderr: run.stderr,
        summary: run.summary,
        outputs: JSON.stringify(run.outputs),
        ...Object.fromEntries(files.map((file) => [file.path, file.text])),
        'GitHub state': JSON.stringify(github.state),
        'GitHub request bodies': JSON.stringify(github.requests.map((request) => request.body)),
      };
    }

    it('masks the password and the token, and nothing else carries them', async () => {
      const { run, github } = await pullRequest(url);
      const masked = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
      expect({ token: masked.includes(`::add-mask::${JOB_TOKEN}`), password: masked.includes(`::add-mask::${password}`) }).toEqual({ token: true, password: true });
      // It ran and reported: the comments and the report hold the failing migration's error.
      expect(run.outputs.report).toBeDefined();
      expect(readFileSync(run.outputs.report!, 'utf8')).toContain('connected as');
      expect(github.state.issueComments).toHaveLength(1);
      expect(leaks(outputsOf(run, github), { password, token: JOB_TOKEN })).toEqual([]);
    }, 120_000);

    it('a connection error names the URL with its password masked, in the log and the step failure', async () => {
      const wrong = withPassword(url, SPECIAL_PASSWORD);
      const { run, github } = await pullRequest(wrong);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`${new URL(wrong).username}:***@`);
      expect(leaks(outputsOf(run, github), { 'wrong password': SPECIAL_PASSWORD, password, token: JOB_TOKEN })).toEqual([]);
    }, 120_000);
  });
});
