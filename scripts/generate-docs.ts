// Writes docs/rules/<id>.md for every rule and the rule table in README.md, from the rules' metadata.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { renderRulePage, replaceRuleTable } from '../src/docs/rule-page.js';
import { rules } from '../src/rules/index.js';

mkdirSync('docs/rules', { recursive: true });
const pages = new Set(rules.map((r) => `${r.meta.id}.md`));
for (const file of readdirSync('docs/rules')) if (!pages.has(file)) rmSync(`docs/rules/${file}`);
for (const rule of rules) writeFileSync(`docs/rules/${rule.meta.id}.md`, renderRulePage(rule));
writeFileSync('README.md', replaceRuleTable(readFileSync('README.md', 'utf8'), rules));
console.log(`Wrote ${rules.length} rule pages.`);
