import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSources } from '../../src/core/lint.js';
import { loadParser } from '../../src/core/parse.js';
import type { Finding } from '../../src/core/types.js';
import { FINGERPRINT_KEY, SARIF_SCHEMA_URL, sarifReporter } from '../../src/reporters/sarif.js';
import requireConcurrentIndexCreation from '../../src/rules/require-concurrent-index-creation.js';
import { context, dropFinding, indexFinding, makeReport, sampleReport, sampleRules, textFinding } from './sample-report.js';
import { explainReport, MIGRATION, QUERIES, QUERY_NAME } from './explain-report.js';

const official = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

/**
 * The official schema declares draft-04, which ajv 8 does not ship. It uses only keywords whose meaning did not
 * change up to draft-07 except `id`, renamed `$id` (the test below checks the other draft-04-only form, the
 * boolean exclusiveMinimum/Maximum, is absent), so it is compiled as draft-07 with `id` moved to `$id`.
 */
function draft07(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema, id, ...rest } = schema;
  return { $id: id, ...rest };
}

// Strict mode stays on except `strictRequired`: the official schema says "one of these must be present" as
// `anyOf: [{ required: [...] }]` branches naming properties declared beside the anyOf, which that check forbids.
const ajv = new Ajv({
  strict: true,
  strictRequired: false,
  allErrors: true,
  // ajv checks no format by itself; these follow RFC 3986 closely enough to catch an unencoded path.
  formats: {
    uri: /^[A-Za-z][A-Za-z0-9+.-]*:(?:[\w\-.~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/,
    'uri-reference': /^(?:[\w\-.~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/,
    'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i,
  },
});
const validate = ajv.compile(draft07(official));

function render(report = sampleReport): Record<string, any> {
  return JSON.parse(sarifReporter.render(report, context));
}

describe('sarif reporter', () => {
  it('checks against the official SARIF 2.1.0 schema', () => {
    expect(official.id).toBe(SARIF_SCHEMA_URL);
    expect(official.$schema).toBe('http://json-schema.org/draft-04/schema#');
    const text = JSON.stringify(official);
    expect(text).not.toMatch(/"exclusive(Minimum|Maximum)":(true|false)/);
  });

  it('validates against the official schema', () => {
    const log = render();
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    expect(log.$schema).toBe(SARIF_SCHEMA_URL);
    expect(log.version).toBe('2.1.0');
  });

  it('validates with no findings at all', () => {
    const log = render(makeReport([], []));
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
  });

  it('fails a broken log, so the validation above can fail', () => {
    const badLevel = render();
    badLevel.runs[0].results[2].level = 'notice';
    expect(validate(badLevel)).toBe(false);

    const noMessage = render();
    delete noMessage.runs[0].results[0].message;
    expect(validate(noMessage)).toBe(false);

    const rawPath = render();
    rawPath.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'db/migrations/002 índices.sql';
    expect(validate(rawPath)).toBe(false);
  });

  it('describes the tool and every rule', () => {
    const run = render().runs[0];
    expect(run.columnKind).toBe('unicodeCodePoints');
    expect(run.originalUriBaseIds).toHaveProperty(['%SRCROOT%']);
    expect(run.invocations).toEqual([expect.objectContaining({ executionSuccessful: true })]);
    const { driver } = run.tool;
    expect(driver).toMatchObject({ name: 'sql-preflight', version: '0.1.0', informationUri: 'https://github.com/sql-preflight/sql-preflight' });
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(sampleRules.map((r) => r.id));
    expect(driver.rules[1]).toEqual({
      id: 'ban-drop-column',
      name: 'BanDropColumn',
      shortDescription: { text: 'Dropping a column breaks clients that still read it.' },
      fullDescription: { text: 'Application code deployed before the migration still selects the column and fails once it is gone.' },
      help: {
        text:
          'Stop reading the column in the application first, deploy, then drop it in a later migration.\n\n' +
          'Documentation: https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/ban-drop-column.md',
        markdown:
          '**Safe alternative:** Stop reading the column in the application first, deploy, then drop it in a later migration.\n\n' +
          '[Documentation of ban-drop-column](https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/ban-drop-column.md)',
      },
      helpUri: 'https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules/ban-drop-column.md',
      defaultConfiguration: { level: 'warning' },
      properties: {
        category: 'breaking',
        tags: ['postgresql', 'migrations', 'breaking'],
        'problem.severity': 'warning',
        postgres: { since: 11, note: 'Sample version range.' },
      },
    });
    expect(driver.rules.map((r: any) => r.defaultConfiguration.level)).toEqual(['error', 'warning', 'note']);
  });

  it('writes one result per finding, pointing at its rule and its range', () => {
    const { results, tool } = render().runs[0];
    expect(results.map((r: any) => [r.ruleId, tool.driver.rules[r.ruleIndex].id, r.level])).toEqual([
      ['require-concurrent-index-creation', 'require-concurrent-index-creation', 'error'],
      ['ban-drop-column', 'ban-drop-column', 'warning'],
      ['prefer-text', 'prefer-text', 'note'],
    ]);
    expect(results[1].locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'db/migrations/002_%C3%ADndices.sql', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 1, endLine: 6, endColumn: 19 },
        },
      },
    ]);
    expect(results[2].locations[0].physicalLocation.artifactLocation.uri).toBe('db/migrations/003_a%2Cb%3Ac.sql');
    expect(results[1].message.text).toBe('Dropping "ñame" breaks 100% of the clients that still read it.');
    expect(results[1].properties).toEqual({ source: 'static', evidence: { columns: ['ñame', 'note'] } });
  });

  it('adds a finding-specific help to the message, but not the rule default already in the rule help', () => {
    const { results } = render().runs[0];
    expect(results[0].message.text).toBe(indexFinding.message);
    expect(results[2].message.text).toBe(`${textFinding.message}\n\nUse text with CHECK (length(name) <= 80).`);
  });

  it('turns a fix into a SARIF fix with the same ranges', () => {
    const { results } = render().runs[0];
    expect(results[0].fixes).toEqual([
      {
        description: { text: 'Add CONCURRENTLY' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'db/migrations/002_%C3%ADndices.sql', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 2, startColumn: 13, endLine: 2, endColumn: 13 }, insertedContent: { text: ' CONCURRENTLY' } }],
          },
        ],
      },
    ]);
    expect(results[1]).not.toHaveProperty('fixes');
  });

  it('reports files that did not parse as tool notifications', () => {
    expect(render().runs[0].invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'db/migrations/001_init.sql was not analysed: PostgreSQL cannot parse it (syntax error at or near "TABLEE").' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'db/migrations/001_init.sql', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 7 },
            },
          },
        ],
      },
    ]);
  });

  it('gives findings of rules outside the registry a descriptor of their own', () => {
    const trace: Finding = { ...dropFinding, ruleId: 'trace-lock-wait', docsUrl: '', source: 'trace', fingerprint: 'f'.repeat(32) };
    const log = render(makeReport([indexFinding, trace]));
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    const { rules } = log.runs[0].tool.driver;
    expect(rules).toHaveLength(sampleRules.length + 1);
    expect(rules[log.runs[0].results[1].ruleIndex]).toEqual({ id: 'trace-lock-wait', name: 'TraceLockWait', defaultConfiguration: { level: 'warning' } });
  });

  describe('partialFingerprints', () => {
    const fingerprints = (log: Record<string, any>): string[] => log.runs[0].results.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY]);

    it('carry the finding fingerprint under our own key, not the one GitHub computes', () => {
      const log = render();
      expect(fingerprints(log)).toEqual([indexFinding.fingerprint, dropFinding.fingerprint, textFinding.fingerprint]);
      expect(log.runs[0].results[0].partialFingerprints).not.toHaveProperty('primaryLocationLineHash');
    });

    it('are the same in two renders and differ between findings', () => {
      const first = fingerprints(render());
      expect(fingerprints(render())).toEqual(first);
      expect(new Set(first).size).toBe(first.length);
    });

    describe('from a real lint run', () => {
      beforeAll(loadParser);

      const lint = (text: string) =>
        makeReport(
          lintSources([{ path: 'migrations/0002_índice.sql', text, kind: 'migration', format: 'plain', transaction: 'none', skipped: [], change: 'c' }], {
            postgresVersion: 17,
            rules: [requireConcurrentIndexCreation],
          }).findings,
        );

      it('survive lines added above the finding', () => {
        const sql = 'CREATE INDEX pedidos_año_idx ON pedidos (año);\nCREATE INDEX pedidos_mes_idx ON pedidos (mes);\n';
        const before = render(lint(sql)).runs[0].results;
        const after = render(lint(`-- índices de pedidos\n\n${sql}`)).runs[0].results;
        expect(before.map((r: any) => r.locations[0].physicalLocation.region.startLine)).toEqual([1, 2]);
        expect(after.map((r: any) => r.locations[0].physicalLocation.region.startLine)).toEqual([3, 4]);
        expect(after.map((r: any) => r.partialFingerprints)).toEqual(before.map((r: any) => r.partialFingerprints));
        expect(new Set(before.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY])).size).toBe(2);
      });
    });
  });
});

describe('sarif reporter on explain findings', () => {
  it('points a finding placed on the migration at the query it is about as a related location, and validates', () => {
    const log = render(explainReport);
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    const results = log.runs[0].results as any[];
    const regression = results.find((r) => r.ruleId === 'plan-regression');
    expect(regression.locations[0].physicalLocation.artifactLocation.uri).toBe(MIGRATION);
    expect(regression.relatedLocations).toEqual([
      { id: 0, physicalLocation: { artifactLocation: { uri: QUERIES, uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } }, message: { text: `The query ${QUERIES}:3 (${QUERY_NAME})` } },
    ]);
    // A finding on the query itself needs no pointer to it.
    expect(results.find((r) => r.ruleId === 'selective-seq-scan').relatedLocations).toBeUndefined();
  });
});
