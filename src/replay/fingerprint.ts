import type { Session } from '../db/provider.js';

/** One object of a user schema, as the catalog describes it. */
export interface SchemaObject {
  /** `table`, `column`, `constraint`, `index`, `view`, `materialized view`, `sequence`, `function`, ... */
  kind: string;
  /** Schema-qualified and quoted where needed; a column or constraint is named after its table or domain. */
  name: string;
  /** The table or domain it belongs to, for columns, constraints, indexes, triggers and policies. */
  parent?: string;
  definition: string;
}

/** User schemas, keyed by `<kind> <name>`: comparable whatever the order in which the objects were created. */
export type SchemaFingerprint = ReadonlyMap<string, SchemaObject>;

/**
 * Tables in which migration tools record what they applied. A replay normally never creates them, but a
 * baseline dump may, and their rows are not part of the schema a down migration is expected to restore.
 */
const BOOKKEEPING_TABLES = [
  'goose_db_version',
  'schema_migrations',
  'flyway_schema_history',
  '_prisma_migrations',
  '__drizzle_migrations',
  '__diesel_schema_migrations',
];

// Objects that belong to an extension come and go with it, and are listed as the extension.
const NOT_IN_EXTENSION = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

/**
 * One row per object. Supported from PostgreSQL 12 (generated columns). Row order does not matter; nothing
 * here depends on creation order (column numbers, OIDs) or on data (sequence values, statistics).
 */
const FINGERPRINT_SQL = `
WITH schemas AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'supabase_migrations')
    AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
    AND ${NOT_IN_EXTENSION('pg_namespace', 'n.oid')}
),
bookkeeping AS (
  SELECT c.oid FROM pg_catalog.pg_class c
  WHERE c.relkind IN ('r', 'p') AND c.relname IN (${BOOKKEEPING_TABLES.map((t) => `'${t}'`).join(', ')})
),
rels AS (
  SELECT c.oid, c.relkind, c.relpersistence, c.relrowsecurity, c.relispartition, c.relpartbound,
         pg_catalog.format('%I.%I', s.nspname, c.relname) AS name
  FROM pg_catalog.pg_class c JOIN schemas s ON s.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
    AND c.oid NOT IN (SELECT oid FROM bookkeeping)
    AND ${NOT_IN_EXTENSION('pg_class', 'c.oid')}
    -- sequences of the bookkeeping tables' serial or identity columns
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('a', 'i') AND d.refobjid IN (SELECT oid FROM bookkeeping))
),
types AS (
  SELECT t.oid, t.typtype, t.typrelid, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault,
         pg_catalog.format('%I.%I', s.nspname, t.typname) AS name
  FROM pg_catalog.pg_type t JOIN schemas s ON s.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'r', 'c')
    AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
    AND ${NOT_IN_EXTENSION('pg_type', 't.oid')}
)
SELECT 'schema' AS kind, pg_catalog.quote_ident(s.nspname) AS name, NULL::text AS parent, '' AS definition FROM schemas s
UNION ALL
SELECT CASE r.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'table' END,
  r.name, NULL,
  CASE
    WHEN r.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(r.oid)
    WHEN r.relkind = 'S' THEN (
      SELECT pg_catalog.format('%s start %s increment %s min %s max %s cache %s%s', pg_catalog.format_type(q.seqtypid, NULL),
        q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, CASE WHEN q.seqcycle THEN ' cycle' ELSE '' END)
      FROM pg_catalog.pg_sequence q WHERE q.seqrelid = r.oid)
    ELSE pg_catalog.concat_ws(' ',
      CASE r.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'table' END,
      CASE WHEN r.relpersistence = 'u' THEN 'unlogged' END,
      CASE WHEN r.relkind = 'p' THEN 'partitioned by ' || pg_catalog.pg_get_partkeydef(r.oid) END,
      CASE WHEN r.relispartition THEN 'partition of ' || (
        SELECT pg_catalog.format('%I.%I', pn.nspname, pc.relname) FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = r.oid) || ' ' || pg_catalog.pg_get_expr(r.relpartbound, r.oid) END,
      CASE WHEN r.relrowsecurity THEN 'with row level security' END)
  END
FROM rels r
UNION ALL
SELECT 'column', r.name || '.' || pg_catalog.quote_ident(a.attname), r.name,
  pg_catalog.concat_ws(' ',
    pg_catalog.format_type(a.atttypid, a.atttypmod),
    CASE WHEN a.attcollation <> t.typcollation THEN 'collate ' || (SELECT pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END,
    CASE WHEN a.attnotnull THEN 'not null' END,
    CASE a.attidentity WHEN 'a' THEN 'generated always as identity' WHEN 'd' THEN 'generated by default as identity' END,
    CASE WHEN a.attgenerated <> '' THEN 'generated always as (' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) || ')'
         WHEN ad.adbin IS NOT NULL THEN 'default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END)
FROM rels r
JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE r.relkind IN ('r', 'p', 'f')
UNION ALL
SELECT 'constraint', owner.name || '.' || pg_catalog.quote_ident(k.conname), owner.name,
  pg_catalog.pg_get_constraintdef(k.oid) || CASE WHEN k.convalidated THEN '' ELSE ' (not validated)' END
FROM pg_catalog.pg_constraint k
JOIN (SELECT oid, name FROM rels UNION ALL SELECT oid, name FROM types) owner ON owner.oid IN (k.conrelid, k.contypid)
-- PostgreSQL 18 records NOT NULL as constraints; the column already says it, unless it is not validated.
WHERE NOT (k.contype = 'n' AND k.convalidated)
UNION ALL
SELECT 'index', pg_catalog.format('%I.%I', s.nspname, ic.relname), r.name,
  pg_catalog.pg_get_indexdef(x.indexrelid) || CASE WHEN x.indisvalid THEN '' ELSE ' (invalid)' END
FROM pg_catalog.pg_index x
JOIN rels r ON r.oid = x.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
JOIN pg_catalog.pg_namespace s ON s.oid = ic.relnamespace
-- Indexes behind primary keys, unique and exclusion constraints are listed as the constraint.
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
UNION ALL
SELECT 'trigger', r.name || '.' || pg_catalog.quote_ident(g.tgname), r.name, pg_catalog.pg_get_triggerdef(g.oid)
FROM pg_catalog.pg_trigger g JOIN rels r ON r.oid = g.tgrelid
WHERE NOT g.tgisinternal
UNION ALL
SELECT 'policy', r.name || '.' || pg_catalog.quote_ident(p.polname), r.name,
  pg_catalog.concat_ws(' ', CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END, 'for', p.polcmd::text,
    'to', (SELECT pg_catalog.string_agg(CASE WHEN o = 0 THEN 'public' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(o)) END, ', ' ORDER BY 1) FROM pg_catalog.unnest(p.polroles) o),
    'using (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
    'with check (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')')
FROM pg_catalog.pg_policy p JOIN rels r ON r.oid = p.polrelid
UNION ALL
SELECT CASE f.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
  pg_catalog.format('%I.%I(%s)', s.nspname, f.proname, pg_catalog.pg_get_function_identity_arguments(f.oid)), NULL,
  CASE WHEN f.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(f.oid)
       ELSE 'returns ' || pg_catalog.pg_get_function_result(f.oid) END
FROM pg_catalog.pg_proc f JOIN schemas s ON s.oid = f.pronamespace
WHERE ${NOT_IN_EXTENSION('pg_proc', 'f.oid')}
  -- the constructors a range type comes with
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = f.oid AND d.deptype = 'i')
UNION ALL
SELECT 'type', t.name, NULL,
  CASE t.typtype
    WHEN 'e' THEN 'enum (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                                FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) || ')'
    WHEN 'd' THEN pg_catalog.concat_ws(' ', 'domain over', pg_catalog.format_type(t.typbasetype, t.typtypmod),
                                      CASE WHEN t.typnotnull THEN 'not null' END, 'default ' || t.typdefault)
    WHEN 'r' THEN 'range of ' || (SELECT pg_catalog.format_type(g.rngsubtype, NULL) FROM pg_catalog.pg_range g WHERE g.rngtypid = t.oid)
    ELSE 'composite (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                           FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
  END
FROM types t
UNION ALL
SELECT 'extension', pg_catalog.quote_ident(x.extname), NULL, x.extversion || ' in schema ' || pg_catalog.quote_ident(n.nspname)
FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
`;

/** Describes the user schemas of the session's database; see `compareFingerprints` for the differences. */
export async function schemaFingerprint(session: Session): Promise<SchemaFingerprint> {
  const rows = await session.query<{ kind: string; name: string; parent: string | null; definition: string | null }>(FINGERPRINT_SQL);
  const objects = new Map<string, SchemaObject>();
  for (const row of rows) {
    const object: SchemaObject = { kind: row.kind, name: row.name, definition: row.definition ?? '' };
    if (row.parent !== null) object.parent = row.parent;
    objects.set(`${row.kind} ${row.name}`, object);
  }
  return objects;
}

/** Longer definitions (function bodies, views) are not repeated in a difference. */
const SHOWN_DEFINITION = 120;

/**
 * What is in `after` and not in `before` ("column public.orders.note still exists"), the other way round
 * ("index public.orders_note_idx missing"), and what differs. The columns, constraints and indexes of a table
 * that is itself extra or missing are not listed again. Sorted, one line per object.
 */
export function compareFingerprints(before: SchemaFingerprint, after: SchemaFingerprint): string[] {
  const extra = [...after.values()].filter((o) => !before.has(`${o.kind} ${o.name}`));
  const missing = [...before.values()].filter((o) => !after.has(`${o.kind} ${o.name}`));
  const covered = new Set([...extra, ...missing].filter((o) => o.parent === undefined).map((o) => o.name));
  const lines: string[] = [];
  for (const object of extra) if (!covered.has(object.parent!)) lines.push(`${object.kind} ${object.name} still exists`);
  for (const object of missing) if (!covered.has(object.parent!)) lines.push(`${object.kind} ${object.name} missing`);
  for (const [key, object] of after) {
    const was = before.get(key);
    if (!was || was.definition === object.definition) continue;
    const short = (text: string) => text.length <= SHOWN_DEFINITION && !text.includes('\n');
    lines.push(
      short(was.definition) && short(object.definition)
        ? `${object.kind} ${object.name} is ${object.definition}, was ${was.definition}`
        : `${object.kind} ${object.name} differs from before the migration`,
    );
  }
  return lines.sort();
}
