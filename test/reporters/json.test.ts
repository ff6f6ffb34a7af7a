import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { jsonReporter, REPORT_SCHEMA_URL } from '../../src/reporters/json.js';
import { explainReport } from './explain-report.js';
import { context, sampleReport } from './sample-report.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

function render(): Record<string, any> {
  return JSON.parse(jsonReporter.render(sampleReport, context));
}

describe('json reporter', () => {
  it('writes the report as it is, with a $schema pointer to the published schema', () => {
    const { $schema, ...report } = render();
    expect($schema).toBe(REPORT_SCHEMA_URL);
    expect(schema.$id).toBe(REPORT_SCHEMA_URL);
    expect(report).toEqual(sampleReport);
  });

  it('is pretty-printed and ends with a newline', () => {
    const text = jsonReporter.render(sampleReport, context);
    expect(text.startsWith('{\n  "$schema": ')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('validates against docs/report.schema.json', () => {
    expect(validate(render()), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'docsUrl', 'source', 'fingerprint'])(
    'rejects a finding without %s',
    (field) => {
      const report = render();
      delete report.findings[0][field];
      expect(validate(report)).toBe(false);
      expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/findings/0', keyword: 'required', params: { missingProperty: field } }));
    },
  );

  it('rejects values outside the documented ranges', () => {
    const badSeverity = render();
    badSeverity.findings[0].severity = 'info';
    expect(validate(badSeverity)).toBe(false);

    const zeroColumn = render();
    zeroColumn.findings[0].column = 0;
    expect(validate(zeroColumn)).toBe(false);

    const badFix = render();
    delete badFix.findings[0].fix.edits[0].text;
    expect(validate(badFix)).toBe(false);
  });

  it('accepts fields later versions add to statements and evidence', () => {
    const report = render();
    report.files[1].statements[1].trace = {
      locks: [{ relation: 'public.pedidos_años', mode: 'ShareLock' }],
      rewrites: [],
      validated: [],
      durationMs: 12,
      lockTimeout: '0',
      statementTimeout: '30s',
      observedBy: 'transaction',
    };
    report.files[1].statements[1].plan = { cost: 12.5 };
    report.findings[0].evidence = { lock: 'ShareLock', blocks: ['INSERT', 'UPDATE', 'DELETE'] };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('validates a report of check with query files: seed, queries, notes and explain findings', () => {
    const report = JSON.parse(jsonReporter.render(explainReport, context));
    expect(report).toMatchObject({ seed: explainReport.seed, queries: explainReport.queries, notes: explainReport.notes });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a seeded table without rows', (r: Record<string, any>) => delete r.seed.tables[0].rows, '/seed/tables/0'],
    ['an unknown statistics mode', (r: Record<string, any>) => (r.seed.statistics.mode = 'guessed'), '/seed/statistics/mode'],
    ['a query without its line', (r: Record<string, any>) => delete r.queries[0].line, '/queries/0'],
    ['an unknown plan status', (r: Record<string, any>) => (r.queries[2].after.status = 'broken'), '/queries/2/after/status'],
    ['a note that is not text', (r: Record<string, any>) => (r.notes[0] = { text: 'x' }), '/notes/0'],
  ])('rejects %s', (_, spoil, path) => {
    const report = JSON.parse(jsonReporter.render(explainReport, context));
    spoil(report);
    expect(validate(report)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(path);
  });

  it('rejects unknown fields in the closed objects (summary, tool, fix)', () => {
    const report = render();
    report.summary.errors = 1;
    expect(validate(report)).toBe(false);
  });

  it('documents an example that validates', () => {
    const doc = readFileSync(new URL('../../docs/report.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc);
    expect(example).not.toBeNull();
    expect(validate(JSON.parse(example![1]!)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('describes every field', () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, { description?: string }> }).properties;
      for (const [name, property] of Object.entries(properties ?? {})) {
        if (!property.description) undocumented.push(`${path}/${name}`);
      }
      for (const [key, value] of Object.entries(node)) visit(value, `${path}/${key}`);
    };
    visit(schema, '#');
    expect(undocumented).toEqual([]);
  });
});
