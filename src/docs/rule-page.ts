import { isPlanRule, type PlanRule, type Rule } from '../core/rule.js';
import { checkPlan } from '../plan/check.js';
import { exampleFixtureName, readRecordedPlan, type ExampleKind } from '../plan/fixtures.js';
import { parseExplain } from '../plan/model.js';
import { planText } from '../plan/text.js';

export const GENERATED_NOTICE = '<!-- Generated from the rule\'s metadata by `npm run docs`; edit src/rules/<id>.ts instead. -->';

function versions(rule: Rule<any>): string {
  const { since, until } = rule.meta.postgres ?? {};
  if (since !== undefined && until !== undefined) return `PostgreSQL ${since} to ${until}`;
  if (since !== undefined) return `PostgreSQL ${since} and later`;
  if (until !== undefined) return `PostgreSQL ${until} and earlier`;
  return 'all PostgreSQL versions';
}

function sqlBlock(sql: string): string {
  return ['```sql', sql.trim(), '```'].join('\n');
}

/** The docs page of a rule, made from its metadata so the two cannot disagree. */
export function renderRulePage(rule: Rule<any>): string {
  const { meta } = rule;
  const lines = [
    GENERATED_NOTICE.replace('<id>', meta.id),
    '',
    `# ${meta.id}`,
    '',
    `**Severity:** ${meta.severity} · **Category:** ${meta.category} · **Applies to:** ${versions(rule)}`,
    '',
    meta.summary,
    '',
    '## Why it hurts',
    '',
    meta.why,
    '',
    '## Safe alternative',
    '',
    meta.safeAlternative,
  ];
  if (isPlanRule(rule)) {
    lines.push(
      '',
      '## How it is found',
      '',
      'In the plans of query files: sql-preflight runs EXPLAIN for each query on a throwaway database with seeded data and checks the plan; `lint` alone cannot see it. ' +
        (rule.meta.needsAnalyze
          ? 'The rule reads figures that only EXPLAIN ANALYZE gives (the query has to run), so it is quiet on estimate-only plans.'
          : 'The rule reads EXPLAIN ANALYZE figures when the plan has them and falls back to the estimates otherwise.'),
    );
  } else if (meta.category === 'plan') {
    lines.push(
      '',
      '## How it is found',
      '',
      'By `sql-preflight check`, which plans each query of the project\'s query files on a throwaway database with seeded data, on the schema before the change and on the schema after it; `lint` alone cannot see it. ' +
        'The examples below are the schema and query before the change, and the migrations that are (or are not) flagged, or for index advice the queries.',
    );
  } else if (meta.category === 'trace') {
    lines.push('', '## How it is found', '', 'By `sql-preflight check`, which runs the change on a throwaway PostgreSQL and watches what each statement does; `lint` alone cannot see it.');
  } else if (meta.verifiedBy) {
    const claims = { rewrite: 'a table or index rewrite', validation: 'a validation scan', lock: 'a lock that blocks reads or writes' };
    lines.push(
      '',
      '## Checked on a database',
      '',
      `\`sql-preflight check\` runs the statement on a throwaway PostgreSQL. When it shows no ${claims[meta.verifiedBy]} on a table that existed before the change, the finding is dropped (and listed with \`--verbose\`).`,
    );
  }
  if (meta.postgres?.note) lines.push('', '## PostgreSQL versions', '', meta.postgres.note);
  if (isPlanRule(rule)) {
    lines.push(...planExamples(rule));
  } else {
    lines.push(...sqlExamples(rule));
  }
  const options = Object.entries(meta.defaultOptions ?? {});
  if (options.length) {
    lines.push('', '## Options', '');
    for (const [name, value] of options) {
      const doc = (meta.optionDocs as Record<string, string> | undefined)?.[name] ?? '';
      lines.push(`- \`${name}\` (default \`${JSON.stringify(value)}\`): ${doc}`);
    }
    lines.push('', 'Set them in `.sql-preflight.yml`:', '', '```yaml', 'rules:', `  ${meta.id}:`, '    options:', ...options.map(([name, value]) => `      ${name}: ${JSON.stringify(value)}`), '```');
  }
  lines.push(
    '',
    '## Turning it off',
    '',
    `For one statement, put \`-- sql-preflight-ignore ${meta.id}\` on the line before it; for a whole file, \`-- sql-preflight-ignore-file ${meta.id}\`. ` +
      `For the project, set \`rules: { ${meta.id}: off }\` in \`.sql-preflight.yml\`.`,
  );
  if (meta.references?.length) {
    lines.push('', '## References', '', ...meta.references.map((url) => `- <${url}>`));
  }
  return lines.join('\n') + '\n';
}

function sqlExamples(rule: Rule<any>): string[] {
  const { examples } = rule.meta;
  const lines: string[] = [];
  if (examples.existing) lines.push('', '## Schema in the examples', '', sqlBlock(examples.existing));
  if (examples.bad.length) lines.push('', '## Flagged', '', examples.bad.map(sqlBlock).join('\n\n'));
  if (examples.good.length) lines.push('', '## Not flagged', '', examples.good.map(sqlBlock).join('\n\n'));
  return lines;
}

/** Each example's query, the plan a real PostgreSQL made for it (recorded in test/fixtures/plans), and the finding. */
function planExamples(rule: PlanRule<any>): string[] {
  const lines = ['', '## Tables in the examples', '', sqlBlock(rule.meta.examples.existing)];
  const sections: [ExampleKind, string][] = [['bad', 'Flagged'], ['good', 'Not flagged']];
  for (const [kind, title] of sections) {
    lines.push('', `## ${title}`);
    rule.meta.examples[kind].forEach((query, i) => {
      const recorded = readRecordedPlan(exampleFixtureName(rule.meta.id, kind, i));
      const explain = parseExplain(recorded.plan);
      lines.push('', sqlBlock(query), '', `Plan (\`${recorded.explain.replace(', FORMAT JSON', '')}\` on ${recorded.server}):`, '');
      lines.push(['```text', ...planText(explain), '```'].join('\n'));
      for (const finding of checkPlan(explain, [rule])) lines.push('', `> ${finding.message}`);
    });
  }
  return lines;
}

/** The rule table for README.md, one row per rule with a link to its page. */
export function renderRuleTable(rules: readonly Rule<any>[]): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${r.meta.severity} | ${r.meta.category} | ${r.meta.summary} |`);
  return ['| Rule | Severity | Category | Summary |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export const RULE_TABLE_START = '<!-- rules:start -->';
export const RULE_TABLE_END = '<!-- rules:end -->';

export function replaceRuleTable(readme: string, rules: readonly Rule<any>[]): string {
  const start = readme.indexOf(RULE_TABLE_START);
  const end = readme.indexOf(RULE_TABLE_END);
  if (start === -1 || end === -1) return readme;
  return readme.slice(0, start + RULE_TABLE_START.length) + '\n' + renderRuleTable(rules) + '\n' + readme.slice(end);
}
