import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { parseSql } from '../../src/core/parse.js';
import { maskRanges } from '../../src/core/source.js';
import type { ByteRange } from '../../src/core/types.js';

/** The statements the runner executes from `text`, as `Type` or `IndexStmt <name>`. */
export function executed(text: string, skipped: readonly ByteRange[]): string[] {
  const parsed = parseSql(maskRanges(text, skipped));
  if (!parsed.ok) throw new Error(`does not parse: ${parsed.error.message}`);
  return parsed.statements.map((s) => (s.type === 'IndexStmt' ? `IndexStmt ${s.node.idxname as string}` : s.type));
}

const created: string[] = [];
afterEach(async () => {
  for (const dir of created.splice(0)) await rm(dir, { recursive: true, force: true });
});

/**
 * Makes a temporary project: string values are files, `{ link }` values symbolic links (target relative to the
 * link's folder). Returns its path; it is removed after the test.
 */
export async function project(files: Record<string, string | Uint8Array | { link: string }>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sql-preflight-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    if (typeof content === 'object' && 'link' in content) await symlink(content.link, file);
    else await writeFile(file, content);
  }
  return dir;
}
