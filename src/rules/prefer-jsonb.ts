import { builtinTypeName, columnDefinitions, relationName, typeNameSpan } from '../core/ast.js';
import { defineRule } from '../core/rule.js';

export default defineRule({
  meta: {
    id: 'prefer-jsonb',
    category: 'types',
    severity: 'notice',
    summary: 'Store JSON documents as jsonb rather than json.',
    why:
      'json keeps an exact copy of the input text, so every function or operator that looks inside a value parses it ' +
      'again. json has no equality operator, which rules out DISTINCT, GROUP BY, UNIQUE and comparisons on the column, ' +
      'and its contents cannot be indexed with GIN for containment or key-existence queries. jsonb stores the parsed ' +
      'form: slightly slower to write, much faster to read, comparable and indexable.',
    safeAlternative:
      'Use jsonb. Keep json only when the exact text must survive: jsonb does not preserve whitespace or the order of ' +
      'object keys, and keeps only the last value of a duplicated key.',
    examples: {
      bad: ['CREATE TABLE webhooks (id bigint PRIMARY KEY, payload json NOT NULL);'],
      good: ['CREATE TABLE webhooks (id bigint PRIMARY KEY, payload jsonb NOT NULL);'],
    },
    references: ['https://www.postgresql.org/docs/current/datatype-json.html'],
  },
  create(context) {
    return {
      statement(statement) {
        for (const column of columnDefinitions(statement)) {
          if (builtinTypeName(column.def.typeName) !== 'json') continue;
          const span = typeNameSpan(statement, column.def.typeName);
          if (!span) continue;
          context.report(statement, {
            range: span.range,
            message:
              `${relationName(column.relation)}.${column.name} is json: every read re-parses the stored text, and the ` +
              'column can be neither compared for equality nor GIN-indexed.',
            // json -> jsonb is an assignment cast, so defaults, generated expressions and USING clauses written for json still fit.
            fix: {
              description: 'Use jsonb (it does not keep key order, duplicate keys or whitespace)',
              edits: [{ range: span.base, text: 'jsonb' }],
            },
          });
        }
      },
    };
  },
});
