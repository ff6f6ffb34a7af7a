import { builtinTypeName, columnDefinitions, quoteIdentifier, relationName, tokenRangeAt, typeNameSpan } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

export default defineRule({
  meta: {
    id: 'prefer-text',
    category: 'types',
    severity: 'notice',
    summary: 'Use text (with a CHECK constraint if a limit is needed) instead of varchar(n).',
    why:
      'character varying(n) is stored exactly like text; the n only adds a length check, and the docs state there is no ' +
      'performance difference between the types. Because that check lives in the type, changing it is an ALTER COLUMN ' +
      'TYPE under an ACCESS EXCLUSIVE lock: since Postgres 9.2, raising or removing the limit only updates the catalog, ' +
      'but lowering it, or adding a limit to a text column, rewrites the table and its indexes while reads and writes ' +
      'wait. A CHECK constraint on a text column can be changed without either: add the new one NOT VALID, validate it ' +
      'while reads and writes go on, then drop the old one.',
    safeAlternative:
      'Declare the column as text. If the length must be limited, say so with CHECK (char_length(column) <= n), which ' +
      'is just as strict and can later be replaced without a rewrite. Plain varchar without a length is the same as text.',
    postgres: { note: 'Before Postgres 9.2 raising a varchar limit rewrote the table too; since then only lowering or adding one does.' },
    examples: {
      bad: ['CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);'],
      good: [
        'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL CHECK (char_length(email) <= 255));',
        'CREATE TABLE notes (id bigint PRIMARY KEY, body varchar);',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/datatype-character.html',
      'https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES',
      'https://www.postgresql.org/docs/release/9.2.0/',
    ],
  },
  create(context) {
    return {
      statement(statement) {
        for (const column of columnDefinitions(statement)) {
          const typeName = column.def.typeName;
          if (builtinTypeName(typeName) !== 'varchar' || !typeName.typmods?.length) continue;
          const span = typeNameSpan(statement, typeName);
          if (!span) continue;
          const table = relationName(column.relation);
          const limit = constantText(typeName.typmods[0]);
          const nameRange = tokenRangeAt(statement, column.def.location);
          const name = nameRange ? context.file.lines.slice(nameRange) : quoteIdentifier(column.name);
          const check = `CHECK (char_length(${name}) <= ${limit})`;
          const array = (typeName.arrayBounds?.length ?? 0) > 0;
          // On a table that already has rows, an inline CHECK makes ADD COLUMN scan the whole table under ACCESS EXCLUSIVE.
          const newColumn = column.kind === 'create-table' || (column.kind === 'add-column' && context.isNewTable(column.relation));
          const constraint = quoteIdentifier(`${column.relation?.relname}_${column.name}_check`);
          const separately =
            `add the limit separately: ALTER TABLE ${table} ADD CONSTRAINT ${constraint} ${check} NOT VALID; then ` +
            `ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint}; (validation lets reads and writes continue).`;
          let help: string | undefined;
          if (!array && column.kind === 'alter-type') {
            help = `Change the column to text instead (from varchar that needs no rewrite) and, if the limit is needed, ${separately}`;
          } else if (!array && !newColumn) {
            help = `Add the column as text and, if the limit is needed, ${separately}`;
          }
          context.report(statement, {
            range: span.range,
            message:
              `${table}.${column.name} is ${context.file.lines.slice(span.range)}: the length limit is a constraint hidden in the ` +
              `type, and lowering it later rewrites ${table} under an ACCESS EXCLUSIVE lock.`,
            help,
            fix:
              newColumn && !array
                ? { description: `Use text ${check}`, edits: [{ range: span.range, text: `text ${check}` }] }
                : undefined,
          });
        }
      },
    };
  },
});
