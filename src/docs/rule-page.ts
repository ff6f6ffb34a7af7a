import type { Rule } from '../core/rule.js';

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
  if (meta.category === 'trace') {
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
  if (meta.examples.existing) lines.push('', '## Schema in the examples', '', sqlBlock(meta.examples.existing));
  if (meta.examples.bad.length) {
    lines.push('', '## Flagged', '');
    lines.push(meta.examples.bad.map(sqlBlock).join('\n\n'));
  }
  if (meta.examples.good.length) {
    lines.push('', '## Not flagged', '');
    lines.push(meta.examples.good.map(sqlBlock).join('\n\n'));
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
