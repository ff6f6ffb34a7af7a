import type { AlterDomainStmt, Constraint, CreateDomainStmt, Node } from '@pgsql/types';
import { rangeFrom } from '../core/ast.js';
import { defineRule } from '../core/rule.js';
import { constantText } from '../core/statements.js';

/** ALTER DOMAIN ... VALIDATE CONSTRAINT stopped blocking writes in this version. */
const LIGHT_VALIDATE_SINCE = 19;

export default defineRule({
  meta: {
    id: 'ban-domain-check-constraint',
    category: 'locking',
    severity: 'error',
    summary: 'Add CHECK constraints to existing domains with NOT VALID.',
    why:
      'ALTER DOMAIN ... ADD CONSTRAINT ... CHECK checks every value of every table column that uses the domain, and ' +
      'holds a SHARE lock on each of those tables while it does, so their INSERTs, UPDATEs and DELETEs wait for the ' +
      'whole scan. The check also cannot see rows that concurrent transactions have not committed yet.',
    safeAlternative:
      'Add the constraint with NOT VALID, which is instant and already checks every new or updated value, commit, ' +
      'and run ALTER DOMAIN ... VALIDATE CONSTRAINT in a later transaction. The PostgreSQL documentation recommends ' +
      'this order as the reliable one. Before PostgreSQL 19 the VALIDATE step still blocks writes while it scans, so ' +
      'schedule it for a quiet moment; from 19 on it lets writes continue.',
    postgres: {
      note: 'From PostgreSQL 19, ALTER DOMAIN ... VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE instead of SHARE, so the second step no longer blocks writes.',
    },
    examples: {
      bad: ['ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0);'],
      good: [
        'ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0) NOT VALID;',
        'CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);',
        'CREATE DOMAIN score AS int;\nALTER DOMAIN score ADD CONSTRAINT score_range CHECK (VALUE BETWEEN 0 AND 100);',
      ],
    },
    references: [
      'https://www.postgresql.org/docs/current/sql-alterdomain.html',
      'https://postgrespro.com/list/id/E1upLlc-00162U-1r@gemulon.postgresql.org',
    ],
  },
  create(context) {
    // The catalog models tables only, so domains created earlier in this file are tracked here.
    const created = new Set<string>();
    return {
      CreateDomainStmt(node: CreateDomainStmt) {
        const key = domainKey(node.domainname);
        if (key) created.add(key);
      },
      AlterDomainStmt(node: AlterDomainStmt, statement) {
        const constraint = (node.def as { Constraint?: Constraint } | undefined)?.Constraint;
        if (node.subtype !== 'C' || constraint?.contype !== 'CONSTR_CHECK' || constraint.skip_validation) return;
        const key = domainKey(node.typeName);
        if (!key || created.has(key)) return;
        const domain = (node.typeName ?? []).map(constantText).join('.');
        const columns = columnsOfType(key.split('.').at(-1)!);
        const where = columns.length > 0 ? ` (${columns.join(', ')})` : '';
        const name = constraint.conname ?? 'the constraint';
        context.report(statement, {
          range: rangeFrom(statement, constraint.location),
          message: `Adding a CHECK constraint to domain ${domain} without NOT VALID scans every column of that type${where} and blocks writes to those tables until the scan finishes.`,
          help:
            `Add it with NOT VALID, commit, then run ALTER DOMAIN ${domain} VALIDATE CONSTRAINT ${name} in a later transaction` +
            (context.postgresVersion >= LIGHT_VALIDATE_SINCE
              ? ': from PostgreSQL 19 the validation lets writes continue.'
              : ': new and updated values are checked at once, and the validation, which still blocks writes before PostgreSQL 19, can wait for a quiet moment.'),
        });
      },
    };

    function columnsOfType(typeName: string): string[] {
      const found: string[] = [];
      for (const table of context.catalog.tables.values()) {
        if (context.isNewTable(table.key)) continue;
        for (const column of table.columns.values()) {
          if (column.type.name === typeName) found.push(`${table.schema ? `${table.schema}.` : ''}${table.name}.${column.name}`);
        }
      }
      return found;
    }
  },
});

function domainKey(names: Node[] | undefined): string | undefined {
  const parts = (names ?? []).map(constantText).filter((p): p is string => !!p);
  if (parts.length === 0) return undefined;
  return parts.length > 1 ? parts.join('.') : `public.${parts[0]}`;
}
