import { builtinTypeName, columnDefinitions, relationName, tokenRangeAt, typeNameSpan } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'ban-char-type',
    category: 'types',
    severity: 'notice',
    summary: 'Use text instead of char(n).',
    why:
      'character(n) pads every value with spaces up to n characters and stores the padding, so short values waste space, ' +
      'and the docs call it usually the slowest of the string types. The padding is treated as insignificant when two ' +
      'char values are compared but is removed when a value is converted to text or varchar, so equality, LIKE, joins ' +
      'against text columns and lengths seen by the application disagree about what the value is. Writing char without a ' +
      'length means char(1). The quoted "char" type is a different, single-byte internal type and is not affected.',
    safeAlternative:
      'Declare the column as text; if the length must be limited, add CHECK (char_length(column) <= n). For fixed-size ' +
      'codes, CHECK (char_length(column) = n) states the rule without padding.',
    examples: {
      bad: ['CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);'],
      good: [
        'CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2), name text NOT NULL);',
        'CREATE TABLE flags (id bigint PRIMARY KEY, kind "char" NOT NULL);',
      ],
    },
    references: ['https://www.postgresql.org/docs/current/datatype-character.html'],
  },
  create(context) {
    return {
      statement(statement) {
        for (const column of columnDefinitions(statement)) {
          const typeName = column.def.typeName;
          if (builtinTypeName(typeName) !== 'bpchar') continue;
          const span = typeNameSpan(statement, typeName);
          if (!span) continue;
          // A bare bpchar has no length: it accepts any length and pads nothing, but still ignores trailing spaces.
          const length = typeName.typmods?.length ? constantText(typeName.typmods[0]) : undefined;
          const nameRange = tokenRangeAt(statement, column.def.location);
          const replacement = length && nameRange ? `text CHECK (char_length(${context.file.lines.slice(nameRange)}) <= ${length})` : 'text';
          const array = (typeName.arrayBounds?.length ?? 0) > 0;
          // A column that already holds data, or whose type was chosen in ALTER COLUMN TYPE, needs a human decision.
          const newColumn = column.kind === 'create-table' || (column.kind === 'add-column' && context.isNewTable(column.relation));
          const padding = length ? `values are blank-padded to ${length} character${length === '1' ? '' : 's'}, and ` : '';
          context.report(statement, {
            range: span.range,
            message:
              `${relationName(column.relation)}.${column.name} is ${context.file.lines.slice(span.range)}: ${padding}trailing ` +
              'spaces are ignored in comparisons but dropped on conversion to text, so lookups and joins behave unexpectedly.',
            fix: newColumn && !array ? { description: `Use ${replacement}`, edits: [{ range: span.range, text: replacement }] } : undefined,
          });
        }
      },
    };
  },
});
