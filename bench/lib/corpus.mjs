// Deterministic migration corpus for the lint benchmark.
//
// The same seed always yields byte-identical files, so runs on different days (or machines) lint the same
// input and their numbers can be compared. The generator keeps a small model of the schema it has created so
// that later migrations alter, index and reference tables and columns that exist, as a real history would.
import { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const DEFAULT_SEED = 20240611;
export const DEFAULT_FILES = 200;

// mulberry32: tiny, fast and good enough for picking templates; Math.random cannot be seeded.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    sample: (list, n) => {
      const copy = [...list];
      const out = [];
      while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
  };
}

const NOUNS = [
  'accounts', 'users', 'organizations', 'memberships', 'projects', 'tasks', 'comments', 'orders', 'order_items',
  'invoices', 'payments', 'refunds', 'products', 'prices', 'inventory', 'warehouses', 'shipments', 'addresses',
  'sessions', 'api_keys', 'webhooks', 'webhook_deliveries', 'notifications', 'audit_events', 'subscriptions',
  'plans', 'coupons', 'tickets', 'attachments', 'feature_flags', 'experiments', 'ledger_entries',
];

const COLUMN_KINDS = [
  { name: 'status', type: 'text', def: "'pending'", update: "'active'" },
  { name: 'external_ref', type: 'varchar(64)', update: "md5(id::text)" },
  { name: 'amount', type: 'numeric(12,2)', def: '0', update: 'round((random() * 1000)::numeric, 2)' },
  { name: 'quantity', type: 'integer', def: '1', update: '1' },
  { name: 'is_archived', type: 'boolean', def: 'false', update: 'false' },
  { name: 'metadata', type: 'jsonb', def: "'{}'::jsonb", update: "jsonb_build_object('migrated', true)" },
  { name: 'tags', type: 'text[]', def: "'{}'::text[]", update: "ARRAY['legacy']" },
  { name: 'currency', type: 'char(3)', def: "'EUR'", update: "'EUR'" },
  { name: 'due_on', type: 'date', update: "(created_at + interval '30 days')::date" },
  { name: 'processed_at', type: 'timestamptz', update: 'created_at' },
  { name: 'retry_count', type: 'smallint', def: '0', update: '0' },
  { name: 'ip_address', type: 'inet', update: "'127.0.0.1'::inet" },
  { name: 'public_id', type: 'uuid', def: 'gen_random_uuid()', update: 'gen_random_uuid()' },
  { name: 'score', type: 'double precision', def: '0', update: '0.5' },
  { name: 'search_vector', type: 'tsvector', update: "to_tsvector('simple', coalesce(status, ''))" },
  { name: 'payload', type: 'bytea', update: "'\\x00'::bytea" },
  { name: 'ttl', type: 'interval', def: "interval '1 hour'", update: "interval '1 hour'" },
  { name: 'priority', type: 'bigint', def: '0', update: '0' },
];

// Multi-byte on purpose: byte offsets and code-point offsets diverge in these files, as they do in real
// projects documented in other languages.
const DESCRIPTIONS = [
  'Kundenkonten – enthält Größe, Straße und Maßeinheit',
  'Données de facturation (€) — à vérifier après la migration',
  '注文テーブル：顧客の注文を保存します',
  'Таблица заказов; не удалять без согласования',
  '订单明细 📦 每行一个商品',
  'Ödeme kayıtları ✓ (çift kayıt yok)',
  "Customer's ledger — append-only, see ADR-12 §3",
  'Σ totals per account; λ-style derived values 🚀',
  'Registro de envíos: año, mañana, pingüino',
  'Πίνακας αποστολών — ελέγχεται κάθε νύχτα',
];

const ROLES = ['app_rw', 'app_ro', 'reporting', 'billing_service', 'support_readonly'];

const sqlString = (text) => `'${text.replace(/'/g, "''")}'`;

class Schema {
  constructor(r) {
    this.r = r;
    this.tables = [];
    this.indexes = [];
    this.counter = 0;
  }

  newTable() {
    const base = this.r.pick(NOUNS);
    const taken = this.tables.filter((t) => t.base === base).length;
    const name = taken ? `${base}_v${taken + 1}` : base;
    const extra = this.r.sample(COLUMN_KINDS, this.r.int(3, 7));
    const table = {
      base,
      name,
      schema: this.r.chance(0.3) ? 'app' : 'public',
      columns: ['id', 'created_at', 'updated_at', ...extra.map((c) => c.name)],
      kinds: extra,
      tenant: this.r.chance(0.5),
      constraintCount: 0,
    };
    return table;
  }

  existing() {
    return this.r.pick(this.tables);
  }

  id(prefix) {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }
}

const qualified = (t) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`);

// Each block returns whole statements, each ending in its own terminator. A block is one "thing a developer
// did" in a migration, so files read like real migrations rather than a shuffled bag of statements.
const BLOCKS = {
  createTable(s, r) {
    const t = s.newTable();
    const parent = s.tables.length && r.chance(0.7) ? s.existing() : undefined;
    const cols = [
      '    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
      ...(t.tenant ? ['    tenant_id bigint NOT NULL'] : []),
      ...(parent ? [`    ${parent.base}_id bigint NOT NULL REFERENCES ${qualified(parent)} (id) ON DELETE ${r.pick(['CASCADE', 'RESTRICT', 'SET NULL'])}`] : []),
      ...t.kinds.map((k) => {
        const notNull = k.def && r.chance(0.6) ? ' NOT NULL' : '';
        const def = k.def && r.chance(0.8) ? ` DEFAULT ${k.def}` : '';
        const check = k.name === 'status' ? " CHECK (status IN ('pending', 'active', 'closed'))" : '';
        return `    ${k.name} ${k.type}${notNull}${def}${check}`;
      }),
      '    created_at timestamptz NOT NULL DEFAULT now()',
      '    updated_at timestamptz NOT NULL DEFAULT now()',
    ];
    if (t.kinds.some((k) => k.name === 'amount')) cols.push(`    CONSTRAINT ${t.name}_amount_nonnegative CHECK (amount >= 0)`);
    if (t.kinds.some((k) => k.name === 'external_ref')) cols.push(`    CONSTRAINT ${t.name}_external_ref_key UNIQUE ${t.tenant ? '(tenant_id, external_ref)' : '(external_ref)'}`);
    if (parent) t.columns.push(`${parent.base}_id`);
    if (t.tenant) t.columns.push('tenant_id');
    const out = [];
    if (t.schema !== 'public' && !s.tables.some((x) => x.schema === t.schema)) out.push(`CREATE SCHEMA IF NOT EXISTS ${t.schema};`);
    out.push(`CREATE TABLE ${r.chance(0.5) ? 'IF NOT EXISTS ' : ''}${qualified(t)} (\n${cols.join(',\n')}\n);`);
    if (parent) {
      const idx = `${t.name}_${parent.base}_id_idx`;
      s.indexes.push({ name: idx, table: t });
      out.push(`CREATE INDEX ${idx} ON ${qualified(t)} (${parent.base}_id);`);
    }
    out.push(`COMMENT ON TABLE ${qualified(t)} IS ${sqlString(r.pick(DESCRIPTIONS))};`);
    if (r.chance(0.5)) out.push(`COMMENT ON COLUMN ${qualified(t)}.${t.kinds[0].name} IS ${sqlString(r.pick(DESCRIPTIONS))};`);
    out.push(`GRANT SELECT, INSERT, UPDATE${r.chance(0.3) ? ', DELETE' : ''} ON ${qualified(t)} TO ${r.pick(ROLES)};`);
    if (t.tenant) {
      out.push(`ALTER TABLE ${qualified(t)} ENABLE ROW LEVEL SECURITY;`);
      out.push(
        `CREATE POLICY ${t.name}_tenant_isolation ON ${qualified(t)}\n    AS PERMISSIVE FOR ALL TO ${r.pick(ROLES)}\n    USING (tenant_id = current_setting('app.tenant_id')::bigint)\n    WITH CHECK (tenant_id = current_setting('app.tenant_id')::bigint);`,
      );
    }
    s.tables.push(t);
    return out;
  },

  addColumnWithBackfill(s, r) {
    const t = s.existing();
    const kind = r.pick(COLUMN_KINDS.filter((k) => !t.columns.includes(k.name) && k.def));
    if (!kind) return [];
    t.columns.push(kind.name);
    t.kinds.push(kind);
    const out = [`ALTER TABLE ${qualified(t)} ADD COLUMN IF NOT EXISTS ${kind.name} ${kind.type};`];
    const batches = r.int(1, 3);
    for (let b = 0; b < batches; b++) {
      out.push(`UPDATE ${qualified(t)}\n   SET ${kind.name} = ${kind.def}\n WHERE id >= ${b * 50000} AND id < ${(b + 1) * 50000}\n   AND ${kind.name} IS NULL;`);
    }
    out.push(`ALTER TABLE ${qualified(t)} ALTER COLUMN ${kind.name} SET DEFAULT ${kind.def};`);
    if (r.chance(0.6)) out.push(`ALTER TABLE ${qualified(t)} ALTER COLUMN ${kind.name} SET NOT NULL;`);
    return out;
  },

  addColumnDirect(s, r) {
    const t = s.existing();
    const kind = r.pick(COLUMN_KINDS.filter((k) => !t.columns.includes(k.name)));
    if (!kind) return [];
    t.columns.push(kind.name);
    t.kinds.push(kind);
    // Now and then a volatile default: the kind of statement these linters exist to flag.
    const def = kind.name === 'public_id' ? ' DEFAULT gen_random_uuid()' : kind.def && r.chance(0.5) ? ` DEFAULT ${kind.def}` : '';
    return [`ALTER TABLE ${qualified(t)} ADD COLUMN ${kind.name} ${kind.type}${def};`];
  },

  alterColumns(s, r) {
    const t = s.existing();
    const out = [];
    const kind = t.kinds.length ? r.pick(t.kinds) : undefined;
    if (kind && r.chance(0.5)) out.push(`ALTER TABLE ${qualified(t)} ALTER COLUMN ${kind.name} DROP NOT NULL;`);
    if (t.kinds.some((k) => k.name === 'quantity') && r.chance(0.5)) {
      out.push(`ALTER TABLE ${qualified(t)} ALTER COLUMN quantity TYPE bigint USING quantity::bigint;`);
    }
    if (t.kinds.some((k) => k.name === 'status') && r.chance(0.5)) out.push(`ALTER TABLE ${qualified(t)} ALTER COLUMN status SET DEFAULT 'active';`);
    const legacy = `legacy_${r.pick(['flag', 'code', 'notes', 'owner'])}`;
    out.push(`ALTER TABLE ${qualified(t)} DROP COLUMN IF EXISTS ${legacy};`);
    if (r.chance(0.3)) {
      out.push(`ALTER TABLE ${qualified(t)} RENAME COLUMN updated_at TO modified_at;`);
      t.columns = t.columns.map((c) => (c === 'updated_at' ? 'modified_at' : c));
    }
    if (r.chance(0.3)) out.push(`ALTER TABLE ${qualified(t)} ALTER COLUMN created_at SET STATISTICS 500, ALTER COLUMN id SET STATISTICS 1000;`);
    return out;
  },

  constraintNotValid(s, r) {
    const t = s.existing();
    const other = s.existing();
    t.constraintCount += 1;
    const out = [];
    if (other !== t) {
      const col = `${other.base}_ref_id`;
      if (!t.columns.includes(col)) {
        out.push(`ALTER TABLE ${qualified(t)} ADD COLUMN IF NOT EXISTS ${col} bigint;`);
        t.columns.push(col);
      }
      const fk = `${t.name}_${col}_fkey${t.constraintCount}`;
      out.push(`ALTER TABLE ${qualified(t)}\n    ADD CONSTRAINT ${fk} FOREIGN KEY (${col}) REFERENCES ${qualified(other)} (id) NOT VALID;`);
      out.push(`ALTER TABLE ${qualified(t)} VALIDATE CONSTRAINT ${fk};`);
    }
    const ck = `${t.name}_created_before_updated${t.constraintCount}`;
    out.push(`ALTER TABLE ${qualified(t)} ADD CONSTRAINT ${ck} CHECK (created_at <= ${t.columns.includes('updated_at') ? 'updated_at' : 'now()'}) NOT VALID;`);
    out.push(`ALTER TABLE ${qualified(t)} VALIDATE CONSTRAINT ${ck};`);
    return out;
  },

  concurrentIndexes(s, r) {
    const t = s.existing();
    const out = [];
    const cols = r.sample(t.columns.filter((c) => c !== 'id'), r.int(1, 2));
    const name = `${t.name}_${cols.join('_')}_idx${s.indexes.length}`;
    const where = r.chance(0.4) ? (t.columns.includes('is_archived') ? ' WHERE NOT is_archived' : ' WHERE created_at > DATE \'2020-01-01\'') : '';
    out.push(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name}\n    ON ${qualified(t)} USING btree (${cols.map((c, i) => (i ? `${c} DESC` : c)).join(', ')})${where};`);
    s.indexes.push({ name, table: t });
    if (t.columns.includes('metadata') && r.chance(0.6)) {
      const gin = `${t.name}_metadata_gin${s.indexes.length}`;
      out.push(`CREATE INDEX CONCURRENTLY ${gin} ON ${qualified(t)} USING gin (metadata jsonb_path_ops);`);
      s.indexes.push({ name: gin, table: t });
    }
    if (t.columns.includes('external_ref') && r.chance(0.5)) {
      const uniq = `${t.name}_external_ref_uniq${s.indexes.length}`;
      out.push(`CREATE UNIQUE INDEX CONCURRENTLY ${uniq} ON ${qualified(t)} (lower(external_ref)) INCLUDE (id);`);
      s.indexes.push({ name: uniq, table: t });
    }
    const old = s.indexes.length > 3 && r.chance(0.5) ? s.indexes.splice(r.int(0, s.indexes.length - 2), 1)[0] : undefined;
    if (old) out.push(`DROP INDEX CONCURRENTLY IF EXISTS ${old.table.schema}.${old.name};`);
    return out;
  },

  plainIndex(s, r) {
    const t = s.existing();
    const col = r.pick(t.columns);
    const name = `${t.name}_${col}_idx${s.indexes.length}`;
    s.indexes.push({ name, table: t });
    return [`CREATE INDEX ${name} ON ${qualified(t)} (${col});`];
  },

  triggerFunction(s, r) {
    const t = s.existing();
    const fn = `${t.schema}.${t.name}_touch`;
    const stamp = t.columns.includes('updated_at') ? 'updated_at' : 'modified_at';
    // Inner semicolons, a nested dollar-quoted literal and a tagged outer quote: what naive splitters get wrong.
    return [
      `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger
LANGUAGE plpgsql
SECURITY INVOKER
AS $fn$
DECLARE
    v_now timestamptz := clock_timestamp();
    v_note text := $note$it's a "touch"; keep ; inside$note$;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW IS DISTINCT FROM OLD THEN
        NEW.${stamp} := v_now;
    END IF;
    IF TG_OP = 'INSERT' THEN
        NEW.created_at := coalesce(NEW.created_at, v_now);
    END IF;
    RAISE DEBUG '% on %: % (%)', TG_OP, TG_TABLE_NAME, v_note, v_now;
    RETURN NEW;
END;
$fn$;`,
      `DROP TRIGGER IF EXISTS ${t.name}_touch_trg ON ${qualified(t)};`,
      `CREATE TRIGGER ${t.name}_touch_trg\n    BEFORE INSERT OR UPDATE ON ${qualified(t)}\n    FOR EACH ROW\n    WHEN (pg_trigger_depth() = 0)\n    EXECUTE FUNCTION ${fn}();`,
    ];
  },

  sqlFunction(s, r) {
    const t = s.existing();
    const fn = `${t.schema}.${t.name}_count_since`;
    const out = [
      `CREATE OR REPLACE FUNCTION ${fn}(p_since timestamptz, p_limit integer DEFAULT 100)
RETURNS bigint
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
    SELECT count(*)
      FROM ${qualified(t)}
     WHERE created_at >= p_since
     LIMIT p_limit;
$$;`,
    ];
    if (r.chance(0.5)) {
      out.push(`CREATE OR REPLACE FUNCTION ${t.schema}.${t.name}_purge(p_days integer)
RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE
    v_deleted integer;
BEGIN
    EXECUTE format($q$DELETE FROM %I.%I WHERE created_at < now() - make_interval(days => $1)$q$, '${t.schema}', '${t.name}')
        USING p_days;
    GET DIAGNOSTICS v_deleted = ROW_COUNT;
    RETURN v_deleted;
EXCEPTION
    WHEN lock_not_available THEN
        RAISE NOTICE 'skipped %; table busy', '${t.name}';
        RETURN 0;
END
$body$;`);
      out.push(`REVOKE ALL ON FUNCTION ${t.schema}.${t.name}_purge(integer) FROM PUBLIC;`);
      out.push(`GRANT EXECUTE ON FUNCTION ${t.schema}.${t.name}_purge(integer) TO ${r.pick(ROLES)};`);
    }
    return out;
  },

  doBlock(s, r) {
    const type = s.id('status_kind');
    const out = [
      `DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = '${type}') THEN
        CREATE TYPE ${type} AS ENUM ('draft', 'open', 'closed');
    END IF;
END
$$;`,
    ];
    if (r.chance(0.5)) out.push(`ALTER TYPE ${type} ADD VALUE IF NOT EXISTS 'archived' AFTER 'closed';`);
    if (r.chance(0.4)) {
      out.push(`DO LANGUAGE plpgsql $do$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('public', 'app') LOOP
        EXECUTE format('GRANT SELECT ON %I.%I TO %I;', r.schemaname, r.tablename, '${r.pick(ROLES)}');
    END LOOP;
END;
$do$;`);
    }
    return out;
  },

  views(s, r) {
    const a = s.existing();
    const name = s.id(`${a.base}_summary`);
    const out = [
      `CREATE OR REPLACE VIEW ${a.schema}.${name} AS
SELECT date_trunc('day', x.created_at) AS day,
       count(*) AS n,
       count(*) FILTER (WHERE x.id % 2 = 0) AS even_n,
       max(x.created_at) AS latest
  FROM ${qualified(a)} AS x
 WHERE x.created_at > now() - interval '90 days'
 GROUP BY 1
 ORDER BY 1 DESC;`,
      `GRANT SELECT ON ${a.schema}.${name} TO ${r.pick(ROLES)};`,
    ];
    if (r.chance(0.4)) {
      const mv = `${name}_mv`;
      out.push(`CREATE MATERIALIZED VIEW IF NOT EXISTS ${a.schema}.${mv} AS\nSELECT id, created_at FROM ${qualified(a)} WHERE created_at > now() - interval '1 year'\nWITH NO DATA;`);
      out.push(`CREATE UNIQUE INDEX ${mv}_id ON ${a.schema}.${mv} (id);`);
      out.push(`REFRESH MATERIALIZED VIEW ${a.schema}.${mv};`);
    }
    return out;
  },

  seedRows(s, r) {
    const t = s.existing();
    const rows = r.int(2, 5);
    const values = Array.from({ length: rows }, (_, i) => `    (${sqlString(Array.from(r.pick(DESCRIPTIONS)).slice(0, 20).join(''))}, now() - interval '${i} days')`);
    return [
      `CREATE TABLE IF NOT EXISTS ${t.schema}.${t.name}_labels (id bigserial PRIMARY KEY, label text NOT NULL UNIQUE, created_at timestamptz NOT NULL);`,
      `INSERT INTO ${t.schema}.${t.name}_labels (label, created_at)\nVALUES\n${values.join(',\n')}\nON CONFLICT (label) DO NOTHING;`,
    ];
  },

  dropLegacy(s, r) {
    const t = s.existing();
    const out = [`DROP TABLE IF EXISTS ${t.schema}.${t.name}_legacy_${r.int(1, 9)};`];
    if (r.chance(0.5)) out.push(`DROP FUNCTION IF EXISTS ${t.schema}.${t.name}_old_touch() CASCADE;`);
    if (r.chance(0.4)) out.push(`ALTER TABLE ${qualified(t)} SET (autovacuum_vacuum_scale_factor = 0.02, fillfactor = 90);`);
    return out;
  },
};

const WEIGHTS = [
  ['createTable', 14],
  ['addColumnWithBackfill', 10],
  ['addColumnDirect', 8],
  ['alterColumns', 8],
  ['constraintNotValid', 8],
  ['concurrentIndexes', 9],
  ['plainIndex', 4],
  ['triggerFunction', 6],
  ['sqlFunction', 6],
  ['doBlock', 5],
  ['views', 6],
  ['seedRows', 4],
  ['dropLegacy', 4],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((n, [, w]) => n + w, 0);

function pickBlock(r) {
  let x = r.next() * TOTAL_WEIGHT;
  for (const [name, w] of WEIGHTS) {
    x -= w;
    if (x < 0) return name;
  }
  return WEIGHTS[0][0];
}

// Statements whose Postgres semantics forbid a transaction block; a migration containing them is usually not
// wrapped in BEGIN/COMMIT (the few that are anyway are realistic mistakes for the linters to catch).
const NON_TRANSACTIONAL = /\bCONCURRENTLY\b|\bADD VALUE\b/;

/** Returns [{ name, text }] for `files` migration files; same seed, same bytes. */
export function generateMigrations({ seed = DEFAULT_SEED, files = DEFAULT_FILES } = {}) {
  const r = rng(seed);
  const s = new Schema(r);
  const out = [];
  for (let i = 1; i <= files; i++) {
    const target = r.int(6, 12);
    const body = [];
    const used = [];
    // The first migrations build the schema that later ones change.
    while (body.length < target) {
      const block = s.tables.length < 3 ? 'createTable' : pickBlock(r);
      const stmts = BLOCKS[block](s, r);
      if (!stmts.length) continue;
      used.push(block);
      body.push(...stmts);
    }
    const transactional = !body.some((st) => NON_TRANSACTIONAL.test(st));
    const wrap = transactional ? r.chance(0.7) : r.chance(0.03);
    const header = [`-- Migration ${String(i).padStart(4, '0')}: ${used[0]}${used.length > 1 ? ` (+${used.length - 1} more)` : ''}`, `-- Generated by bench/lib/corpus.mjs (seed ${seed}); edits are overwritten.`];
    const prologue = [];
    if (r.chance(0.6)) prologue.push(`SET lock_timeout = '${r.pick(['2s', '5s', '10s'])}';`);
    if (r.chance(0.4)) prologue.push(`SET statement_timeout = '${r.pick(['30s', '5min', '15min'])}';`);
    const statements = wrap ? ['BEGIN;', ...prologue, ...body, 'COMMIT;'] : [...prologue, ...body];
    // A block comment between statements now and then: comments are part of real files and of the scanner's work.
    const parts = statements.map((st, k) => (k > 0 && r.chance(0.08) ? `/* step ${k}: ${r.pick(['backfill in batches', 'keep in sync with the app', 'see ticket OPS-' + r.int(100, 999)])} */\n${st}` : st));
    const name = `${String(i).padStart(4, '0')}_${used[0].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}.sql`;
    out.push({ name, text: `${header.join('\n')}\n\n${parts.join('\n\n')}\n` });
  }
  return out;
}

/**
 * Writes the corpus into `dir` (emptied first) and counts its statements with the same parser sql-preflight
 * uses, so the count is Postgres' own and not the generator's belief. Returns the corpus' description.
 */
export async function writeCorpus(dir, { seed = DEFAULT_SEED, files = DEFAULT_FILES } = {}) {
  const migrations = generateMigrations({ seed, files });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const m of migrations) writeFileSync(join(dir, m.name), m.text);
  // Stops sql-preflight's upward config search here, so a config elsewhere in the checkout cannot change what
  // is measured. An empty config is the defaults.
  writeFileSync(join(dir, '.sql-preflight.yml'), '# bench corpus: defaults on purpose\n');
  const { loadModule, parseSync } = await import('libpg-query');
  await loadModule();
  let statements = 0;
  let bytes = 0;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    bytes += Buffer.byteLength(text);
    hash.update(name).update('\0').update(text);
    let parsed;
    try {
      parsed = parseSync(text);
    } catch (error) {
      throw new Error(`bench corpus: ${name} does not parse (${error.message}); fix the generator.`);
    }
    statements += parsed.stmts?.length ?? 0;
  }
  return { dir, seed, files: migrations.length, statements, bytes, sha256: hash.digest('hex').slice(0, 16) };
}
