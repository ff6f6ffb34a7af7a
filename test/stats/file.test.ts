import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { formatStatsFile, readStatsFile, seedTargets, type StatsFile, type TableStats } from '../../src/stats/index.js';

function table(name: string, fields: Partial<TableStats> = {}): TableStats {
  return { schema: 'public', name, kind: 'table', partition_of: null, relpages: 10, reltuples: 1_000, relallvisible: 10, columns: [], ...fields };
}

function file(tables: TableStats[]): StatsFile {
  return { version: 1, source: { server_version: '15.8', server_version_num: 150008 }, exported_at: '2025-01-02T03:04:05.000Z', with_values: true, tables };
}

const VALID = file([
  table('orders', {
    reltuples: 5_000_000,
    columns: [
      {
        name: 'status',
        inherited: false,
        null_frac: 0,
        avg_width: 8,
        n_distinct: 3,
        most_common_vals: '{paid,new,shipped}',
        most_common_freqs: [0.9, 0.09, 0.01],
        histogram_bounds: null,
        correlation: 0.5,
      },
    ],
  }),
]);

function failure(text: string): string {
  try {
    readStatsFile('prod-stats.json', text);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
}

/** The valid file with one change made to its data. */
function edited(edit: (data: any) => void): string {
  const data = JSON.parse(formatStatsFile(VALID));
  edit(data);
  return JSON.stringify(data);
}

describe('readStatsFile', () => {
  it('reads back what formatStatsFile writes, $schema pointer included', () => {
    const text = formatStatsFile(VALID);
    expect(readStatsFile('prod-stats.json', text)).toEqual({ $schema: expect.stringMatching(/stats\.schema\.json$/), ...VALID });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it.each([
    ['not JSON', '{"version": 1,', /^prod-stats\.json: not a statistics file: the JSON is invalid \(.+\)\.$/],
    ['a newer version', edited((d) => (d.version = 2)), /^prod-stats\.json: \/version is 2, but this sql-preflight reads version 1 .*newer sql-preflight/],
    ['a version that is not a number', edited((d) => (d.version = '1')), /^prod-stats\.json: \/version must be 1\.$/],
    ['no version', edited((d) => delete d.version), /^prod-stats\.json: the top level needs "version"\.$/],
    ['reltuples as text', edited((d) => (d.tables[0].reltuples = '5000000')), /^prod-stats\.json: \/tables\/0\/reltuples must be a number\.$/],
    ['freqs that are not numbers', edited((d) => (d.tables[0].columns[0].most_common_freqs = ['a'])), /^prod-stats\.json: \/tables\/0\/columns\/0\/most_common_freqs\/0 must be a number\.$/],
    ['values that are not text', edited((d) => (d.tables[0].columns[0].most_common_vals = ['paid'])), /^prod-stats\.json: \/tables\/0\/columns\/0\/most_common_vals must be a string or null\.$/],
    ['an unknown kind', edited((d) => (d.tables[0].kind = 'view')), /^prod-stats\.json: \/tables\/0\/kind must be one of "table", "partitioned", "matview"\.$/],
    ['a column without inherited', edited((d) => delete d.tables[0].columns[0].inherited), /^prod-stats\.json: \/tables\/0\/columns\/0 needs "inherited"\.$/],
    ['a misspelt key', edited((d) => (d.tables[0].rel_tuples = 1)), /^prod-stats\.json: \/tables\/0 has an unknown key "rel_tuples"\.$/],
    ['a fraction above 1', edited((d) => (d.tables[0].columns[0].null_frac = 1.5)), /^prod-stats\.json: \/tables\/0\/columns\/0\/null_frac must be <= 1\.$/],
  ])('refuses %s with the file and the JSON pointer', (_case, text, message) => {
    expect(failure(text)).toMatch(message);
  });

  it('lists every problem of a file, each on a line of its own, up to 20', () => {
    const two = failure(edited((d) => ((d.tables[0].relpages = 'x'), (d.tables[0].columns[0].avg_width = 1.5))));
    expect(two.split('\n')).toEqual(['prod-stats.json: /tables/0/relpages must be an integer.', 'prod-stats.json: /tables/0/columns/0/avg_width must be an integer.']);

    const many = failure(edited((d) => (d.tables = Array.from({ length: 25 }, (_, i) => ({ ...d.tables[0], name: i })))));
    const lines = many.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe('prod-stats.json: /tables/0/name must be a string.');
    expect(lines[20]).toBe('prod-stats.json: and 5 more problems.');
  });
});

describe('seedTargets', () => {
  it('gives production row counts by schema.name for the tables the seeder fills', () => {
    const stats = file([
      table('orders', { reltuples: 5_000_000.4 }),
      table('never_analysed', { reltuples: -1 }),
      table('order_totals', { kind: 'matview', reltuples: 300 }),
      // A partitioned table never analysed itself: the sum of its leaves, through a partition that is partitioned too.
      table('events', { kind: 'partitioned', relpages: 0, reltuples: -1 }),
      table('events_2024', { kind: 'partitioned', relpages: 0, reltuples: -1, partition_of: { schema: 'public', name: 'events' } }),
      table('events_2024_h1', { reltuples: 1_000, partition_of: { schema: 'public', name: 'events_2024' } }),
      table('events_2024_h2', { reltuples: 2_000, partition_of: { schema: 'public', name: 'events_2024' } }),
      table('events_2025', { reltuples: 500, partition_of: { schema: 'public', name: 'events' } }),
      table('events_default', { reltuples: -1, partition_of: { schema: 'public', name: 'events' } }),
      // Its own count is stale next to its partition's.
      table('logs', { kind: 'partitioned', relpages: 0, reltuples: 10 }),
      table('logs_all', { reltuples: 70, partition_of: { schema: 'public', name: 'logs' } }),
      table('empty_parent', { kind: 'partitioned', relpages: 0, reltuples: 42 }),
      { ...table('accounts', { reltuples: 300 }), schema: 'billing' },
    ]);
    expect(seedTargets(stats)).toEqual({
      'public.orders': { rows: 5_000_000 },
      'public.events': { rows: 3_500 },
      'public.logs': { rows: 70 },
      'public.empty_parent': { rows: 42 },
      'billing.accounts': { rows: 300 },
    });
  });
});
