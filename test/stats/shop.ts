import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

const schema = JSON.parse(readFileSync(new URL('../../schemas/stats.schema.json', import.meta.url), 'utf8'));
export const validateStatsFile = new Ajv({ strict: true, allErrors: true }).compile(schema);

/** 10,000 orders, one in 50 of them 'rare', so pg_stats is known by hand: ANALYZE samples every row of so small a table. */
export const SHOP = `
CREATE SCHEMA shop;
CREATE TABLE shop.orders (
  id integer PRIMARY KEY,
  status text NOT NULL,
  tags text[],
  placed date NOT NULL
);
INSERT INTO shop.orders
SELECT g, CASE WHEN g % 50 = 0 THEN 'rare' ELSE 'common' END, CASE WHEN g % 2 = 0 THEN ARRAY['x'] END, DATE '2024-01-01' + g % 100
  FROM generate_series(1, 10000) g;
CREATE TABLE shop.events (id integer NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
INSERT INTO shop.events SELECT g, DATE '2024-01-01' + g % 366 FROM generate_series(1, 1000) g;
CREATE MATERIALIZED VIEW shop.statuses AS SELECT status, count(*) AS n FROM shop.orders GROUP BY status;
CREATE SCHEMA other;
CREATE TABLE other.ignored (id integer);
`;

/** What pg_stats must say about shop.orders.status and shop.orders.tags, worked out from SHOP. */
export const STATUS = { name: 'status', inherited: false, null_frac: 0, n_distinct: 2, most_common_vals: '{common,rare}', most_common_freqs: [0.98, 0.02], histogram_bounds: null };
export const TAGS = { name: 'tags', inherited: false, null_frac: 0.5, most_common_elems: '{x}' };
