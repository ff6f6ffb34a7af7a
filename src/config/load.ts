import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { RuleSetting } from '../core/lint.js';
import type { Rule } from '../core/rule.js';
import type { FailOn, MigrationFormat, TransactionMode } from '../core/types.js';
import { UsageError } from '../errors.js';
import { closest } from './suggest.js';
import schema from '../../schemas/config.schema.json' with { type: 'json' };

export const CONFIG_FILE_NAMES = ['.sql-preflight.yml', '.sql-preflight.yaml'];

export interface MigrationEntry {
  path: string;
  format?: MigrationFormat | 'auto';
  transaction?: TransactionMode | 'auto';
}

export interface Config {
  /** The config file, or undefined when none was found and defaults apply. */
  file: string | undefined;
  /** Paths in the config are relative to this folder. */
  root: string;
  postgresVersion?: number;
  failOn?: FailOn;
  migrations: MigrationEntry[];
  /** Globs (or folders, or files) of query files to plan with EXPLAIN, relative to `root`. */
  queries: string[];
  ignore: string[];
  rules: Record<string, RuleSetting>;
  /** SQL files run before the existing migrations on the database (relative to `root`). */
  setup: string[];
  /** Production row counts by table name. */
  tables: Record<string, { rows: number }>;
  seed: SeedConfig;
  statementTimeoutMs: number | undefined;
  /** The budget of the database part of `check`, from `run-timeout`. */
  runTimeoutMs: number | undefined;
}

/** The `seed:` section: what `check` fills the replayed schema with before planning queries. */
export interface SeedConfig {
  /** SQL files run after the replay, relative to `root`. */
  files: string[];
  maxRows?: number;
  maxTotalRows?: number;
  defaultRows?: number;
  randomSeed?: number;
  skew?: boolean;
}

let validator: ValidateFunction | undefined;
/** Compiled on first use: most runs without a config file never need it. */
function validate(data: unknown): boolean {
  validator ??= new Ajv({ allErrors: true }).compile(schema);
  return validator(data);
}

/** Finds `.sql-preflight.yml` in `cwd` or the nearest parent folder. */
export function findConfig(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadConfig(file: string | undefined, rules: readonly Rule<any>[], cwd: string): Config {
  if (!file) {
    return { file: undefined, root: cwd, migrations: [], queries: [], ignore: [], rules: {}, setup: [], tables: {}, seed: { files: [] }, statementTimeoutMs: undefined, runTimeoutMs: undefined };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  return parseConfig(text, file, rules);
}

/** Parses and validates config text; every problem names the file, line and key at fault. */
export function parseConfig(text: string, file: string, rules: readonly Rule<any>[]): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const where = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new UsageError(`${where(error.pos[0])}: invalid YAML: ${error.message.split('\n')[0]}`);
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (!validate(data)) {
    const problems = simplify(validator?.errors ?? []).map((e) => `${where(offsetOf(doc, e))}: ${describe(e, Object.keys(schemaProperties()))}`);
    throw new UsageError(problems.join('\n'));
  }
  const ruleIds = new Map(rules.map((r) => [r.meta.id, r]));
  const settings: Record<string, RuleSetting> = {};
  const problems: string[] = [];
  for (const [id, value] of Object.entries((data.rules ?? {}) as Record<string, unknown>)) {
    const rule = ruleIds.get(id);
    const at = where(keyOffset(doc, ['rules', id]));
    if (!rule) {
      const suggestion = closest(id, [...ruleIds.keys()]);
      problems.push(`${at}: unknown rule "${id}" in rules${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`);
      continue;
    }
    const setting = typeof value === 'string' ? { severity: value as RuleSetting['severity'] } : (value as { severity?: RuleSetting['severity']; options?: Record<string, unknown> });
    for (const [option, optionValue] of Object.entries(setting.options ?? {})) {
      const defaults = (rule.meta.defaultOptions ?? {}) as Record<string, unknown>;
      if (!(option in defaults)) {
        const known = Object.keys(defaults);
        problems.push(`${where(keyOffset(doc, ['rules', id, 'options', option]))}: rule ${id} has no option "${option}"${known.length ? ` (options: ${known.join(', ')})` : ''}.`);
      } else if (typeof optionValue !== typeof defaults[option]) {
        problems.push(`${where(keyOffset(doc, ['rules', id, 'options', option]))}: option "${option}" of rule ${id} must be a ${typeof defaults[option]}.`);
      }
    }
    settings[id] = { severity: setting.severity ?? rule.meta.severity, ...(setting.options ? { options: setting.options } : {}) };
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  const migrations = ((data.migrations ?? []) as (string | MigrationEntry)[]).map((m) => (typeof m === 'string' ? { path: m } : m));
  return {
    file,
    root: dirname(file),
    postgresVersion: data['postgres-version'] as number | undefined,
    failOn: data['fail-on'] as FailOn | undefined,
    migrations,
    queries: (data.queries ?? []) as string[],
    ignore: (data.ignore ?? []) as string[],
    rules: settings,
    setup: (data.setup ?? []) as string[],
    tables: (data.tables ?? {}) as Record<string, { rows: number }>,
    seed: seedConfig((data.seed ?? {}) as Record<string, unknown>),
    statementTimeoutMs: data['statement-timeout'] === undefined ? undefined : Number(data['statement-timeout']) * 1000,
    runTimeoutMs: data['run-timeout'] === undefined ? undefined : Number(data['run-timeout']) * 1000,
  };
}

function seedConfig(seed: Record<string, unknown>): SeedConfig {
  const optional = <T>(key: string, name: string) => (seed[key] === undefined ? {} : { [name]: seed[key] as T });
  return {
    files: (seed.files ?? []) as string[],
    ...optional<number>('max-rows', 'maxRows'),
    ...optional<number>('max-total-rows', 'maxTotalRows'),
    ...optional<number>('default-rows', 'defaultRows'),
    ...optional<number>('random-seed', 'randomSeed'),
    ...optional<boolean>('skew', 'skew'),
  };
}

function schemaProperties(): Record<string, unknown> {
  return (schema as { properties: Record<string, unknown> }).properties;
}

/**
 * anyOf reports one error per branch. The branch the user meant is the one whose type matches the data, so a
 * type error is dropped when another error points at the same place or deeper.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'anyOf');
  const kept = specific.filter(
    (e) => e.keyword !== 'type' || !specific.some((other) => other !== e && other.keyword !== 'type' && other.instancePath.startsWith(e.instancePath)),
  );
  const byPlace = new Map<string, ErrorObject>();
  for (const error of kept) {
    const key = error.instancePath + (error.keyword === 'additionalProperties' ? `/${error.params.additionalProperty}` : '');
    if (!byPlace.has(key)) byPlace.set(key, error);
  }
  return byPlace.size ? [...byPlace.values()] : errors.slice(0, 1);
}

function pathOf(error: ErrorObject): string[] {
  return error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describe(error: ErrorObject, topLevelKeys: string[]): string {
  const path = pathOf(error);
  const name = path.length ? path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('') : 'the config';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = error.params.additionalProperty as string;
      const suggestion = path.length === 0 ? closest(key, topLevelKeys) : undefined;
      return `unknown key "${key}"${path.length ? ` in ${name}` : ''}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`;
    }
    case 'enum':
      return `${name} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'type':
      return `${name} must be ${article(error.params.type as string)}.`;
    case 'required':
      return `${name} needs "${error.params.missingProperty}".`;
    default:
      return `${name} ${error.message ?? 'is invalid'}.`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function offsetOf(doc: Document, error: ErrorObject): number | undefined {
  const path = pathOf(error);
  if (error.keyword === 'additionalProperties') return keyOffset(doc, [...path, error.params.additionalProperty as string]);
  const node = doc.getIn(path.map(segment), true) as YamlNode | undefined;
  return node?.range?.[0] ?? keyOffset(doc, path);
}

/** The offset of a mapping key (so "unknown key" points at the key, not its value). */
function keyOffset(doc: Document, path: string[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as YamlNode | null)?.range?.[0];
  for (const part of path) {
    if (isSeq(node) && /^\d+$/.test(part)) {
      node = node.items[Number(part)];
      offset = (node as YamlNode | undefined)?.range?.[0] ?? offset;
      continue;
    }
    if (!isMap(node)) return offset;
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === part);
    if (!pair) return offset;
    offset = (pair.key as YamlNode).range?.[0];
    node = pair.value;
  }
  return offset;
}

function segment(part: string): string | number {
  return /^\d+$/.test(part) ? Number(part) : part;
}
