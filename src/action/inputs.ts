import * as core from '@actions/core';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FailOn } from '../core/types.js';
import { urlSecrets, type ProviderKind } from '../db/index.js';

const DATABASES = ['auto', 'docker', 'pglite', 'url'] as const;
const FAIL_ON = ['error', 'warning', 'notice', 'never'] as const;
const COMMENT = ['review', 'summary', 'off'] as const;

export type CommentMode = (typeof COMMENT)[number];

export interface ActionInputs {
  token: string;
  /** Absolute: the folder sql-preflight runs in, as the CLI would from a shell there. */
  cwd: string;
  configFile: string | undefined;
  paths: string[];
  queries: string[];
  analyze: boolean;
  /** A statistics file, relative to cwd as run() reads it. */
  statsFile: string | undefined;
  postgresVersion: number | undefined;
  database: { kind: 'auto' | ProviderKind; url: string | undefined; image: string | undefined };
  failOn: FailOn | undefined;
  base: string | undefined;
  comment: CommentMode;
  maxInlineComments: number;
  /** Absolute, or undefined when no SARIF file is wanted. */
  sarifFile: string | undefined;
}

/** An input with a value the Action cannot use; the message names the input as the workflow spells it. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * Reads and validates the inputs. Secrets are masked before anything else can print them, so that even a
 * failure to parse another input cannot leak them.
 */
export function readInputs(workspace: string): ActionInputs {
  const token = core.getInput('github-token');
  if (token) core.setSecret(token);
  const databaseUrl = core.getInput('database-url') || process.env.SQL_PREFLIGHT_DATABASE_URL || undefined;
  if (databaseUrl) for (const secret of urlSecrets(databaseUrl)) core.setSecret(secret);

  const cwd = resolve(workspace, core.getInput('working-directory') || '.');
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(`Input working-directory: ${cwd} is not a directory of the checkout.`);
  }
  const kind = oneOf('database', DATABASES, 'auto');
  if (kind === 'url' && !databaseUrl) throw new InputError('Input database-url is required when database is url.');
  const config = core.getInput('config');
  const sarif = core.getInput('sarif-file');
  return {
    token,
    cwd,
    configFile: config ? resolve(cwd, config) : undefined,
    paths: core.getMultilineInput('migrations'),
    queries: core.getMultilineInput('queries'),
    analyze: analyze(),
    statsFile: core.getInput('stats') || undefined,
    postgresVersion: postgresVersion(),
    database: { kind, url: databaseUrl, image: core.getInput('postgres-image') || undefined },
    failOn: core.getInput('fail-on') ? oneOf('fail-on', FAIL_ON, 'error') : undefined,
    base: core.getInput('base') || undefined,
    comment: oneOf('comment', COMMENT, 'review'),
    maxInlineComments: maxInlineComments(),
    // Workflow steps run at the workspace root, so a later upload step names the file relative to it.
    sarifFile: sarif ? resolve(workspace, sarif) : undefined,
  };
}

function oneOf<const T extends readonly string[]>(name: string, allowed: T, fallback: T[number]): T[number] {
  const value = core.getInput(name) || fallback;
  if (!allowed.includes(value)) throw new InputError(`Input ${name} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value;
}

function analyze(): boolean {
  const text = core.getInput('analyze') || 'false';
  // The spellings of YAML 1.2's core schema, which is what GitHub's own boolean inputs accept.
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(`Input analyze must be true or false, not "${text}".`);
}

function postgresVersion(): number | undefined {
  const text = core.getInput('postgres-version');
  if (!text) return undefined;
  const version = Number(text);
  if (!Number.isInteger(version) || version < 10 || version > 19) {
    throw new InputError(`Input postgres-version must be a PostgreSQL major version from 10 to 19, not "${text}".`);
  }
  return version;
}

function maxInlineComments(): number {
  const text = core.getInput('max-inline-comments') || '25';
  const count = Number(text);
  if (!Number.isInteger(count) || count < 0) throw new InputError(`Input max-inline-comments must be a whole number, 0 or more, not "${text}".`);
  return count;
}
