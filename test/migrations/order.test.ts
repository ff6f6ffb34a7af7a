import { describe, expect, it } from 'vitest';
import { compareFlywayVersions, naturalCompare, parseFlywayVersion } from '../../src/migrations/order.js';
import { planMigrations, type LoadedFile } from '../../src/migrations/plan.js';

function folder(root: string, names: string[]): Map<string, LoadedFile> {
  return new Map(names.map((name) => [name, { path: `${root}/${name}`, text: 'SELECT 1;' }]));
}

describe('natural order (plain folders)', () => {
  it('compares runs of digits as numbers', () => {
    const names = ['10_x.sql', '2_x.sql', '1_x.sql', '1_a.sql', '20_x.sql', '3_x.sql'];
    expect([...names].sort(naturalCompare)).toEqual(['1_a.sql', '1_x.sql', '2_x.sql', '3_x.sql', '10_x.sql', '20_x.sql']);
    expect(['v10.sql', 'v9.sql', 'v9a.sql'].sort(naturalCompare)).toEqual(['v9.sql', 'v9a.sql', 'v10.sql']);
  });

  it('keeps a total order between equal numbers written differently', () => {
    expect(naturalCompare('01_x.sql', '1_x.sql')).not.toBe(0);
    expect(Math.sign(naturalCompare('01_x.sql', '1_x.sql'))).toBe(-Math.sign(naturalCompare('1_x.sql', '01_x.sql')));
  });

  it('orders a plain folder naturally', () => {
    const plan = planMigrations('plain', 'sql', folder('sql', ['10_c.sql', '2_b.sql', '1_a.sql', 'seed.sql']));
    expect(plan.inputs.map((i) => [i.path, i.version])).toEqual([
      ['sql/1_a.sql', '1'],
      ['sql/2_b.sql', '2'],
      ['sql/10_c.sql', '10'],
      ['sql/seed.sql', undefined],
    ]);
  });
});

describe('Flyway versions', () => {
  const v = (text: string) => parseFlywayVersion(text)!;

  it('compares parts as numbers: 1.9 < 1.10 < 1.11 < 2', () => {
    expect(compareFlywayVersions(v('1.9'), v('1.10'))).toBeLessThan(0);
    expect(compareFlywayVersions(v('1.10'), v('1.11'))).toBeLessThan(0);
    expect(compareFlywayVersions(v('1.11'), v('2'))).toBeLessThan(0);
  });

  it('treats _ as a part separator (V1_1 is 1.1) and missing parts as zero', () => {
    expect(compareFlywayVersions(v('1_1'), v('1.1'))).toBe(0);
    expect(compareFlywayVersions(v('1'), v('1.0.0'))).toBe(0);
    expect(compareFlywayVersions(v('001'), v('1'))).toBe(0);
  });

  it('rejects what is not a version', () => {
    expect(parseFlywayVersion('1..2')).toBeUndefined();
    expect(parseFlywayVersion('1.a')).toBeUndefined();
  });

  it('runs versioned migrations by version, then repeatables by description', () => {
    const plan = planMigrations(
      'flyway',
      'db',
      folder('db', ['R__b_view.sql', 'V1_10__j.sql', 'V2__k.sql', 'V1_9__i.sql', 'R__a_view.sql', 'V1__a.sql', 'V1_1__b.sql', 'U1_1__b.sql', 'B2__base.sql']),
    );
    expect(plan.inputs.map((i) => [i.path, i.version, i.down?.path])).toEqual([
      ['db/V1__a.sql', '1', undefined],
      ['db/V1_1__b.sql', '1.1', 'db/U1_1__b.sql'],
      ['db/V1_9__i.sql', '1.9', undefined],
      ['db/V1_10__j.sql', '1.10', undefined],
      ['db/V2__k.sql', '2', undefined],
      ['db/R__a_view.sql', undefined, undefined],
      ['db/R__b_view.sql', undefined, undefined],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it('reports two files with the same version (V1_1 and V1.1) and names Flyway does not run', () => {
    const plan = planMigrations('flyway', 'db', folder('db', ['V1_1__a.sql', 'V1.1__b.sql', 'v2__lower.sql', 'U3__orphan.sql']));
    expect(plan.inputs.map((i) => i.path)).toEqual(['db/V1.1__b.sql']);
    expect(plan.problems).toEqual([
      { kind: 'runner', path: 'db/v2__lower.sql', message: expect.stringMatching(/Flyway does not run this file/) },
      { kind: 'runner', path: 'db/V1_1__a.sql', message: expect.stringMatching(/version 1\.1 is also used by db\/V1\.1__b\.sql/) },
      { kind: 'runner', path: 'db/U3__orphan.sql', message: expect.stringMatching(/no versioned migration/) },
    ]);
  });
});

describe('runner orders', () => {
  it('golang-migrate and goose sort by numeric version', () => {
    const golang = planMigrations('golang-migrate', 'm', folder('m', ['10_c.up.sql', '9_b.up.sql', '9_b.down.sql', '100_d.up.sql']));
    expect(golang.inputs.map((i) => i.version)).toEqual(['9', '10', '100']);
    const goose = planMigrations('goose', 'm', folder('m', ['10_c.sql', '9_b.sql', '20240101000000_d.sql', 'readme.sql']));
    expect(goose.inputs.map((i) => i.version)).toEqual(['9', '10', '20240101000000']);
    expect(goose.problems).toEqual([{ kind: 'runner', path: 'm/readme.sql', message: expect.stringMatching(/goose cannot run this file/) }]);
  });

  it('dbmate and the Supabase CLI sort by file name', () => {
    const dbmate = planMigrations('dbmate', 'm', folder('m', ['2_b.sql', '10_c.sql', '1_a.sql']));
    expect(dbmate.inputs.map((i) => i.version)).toEqual(['10', '1', '2']);
    const supabase = planMigrations('supabase', 'm', folder('m', ['20240102000000_b.sql', '20240101000000_a.sql', 'seed.sql']));
    expect(supabase.inputs.map((i) => i.version)).toEqual(['20240101000000', '20240102000000']);
    expect(supabase.problems).toEqual([{ kind: 'runner', path: 'm/seed.sql', message: expect.stringMatching(/skips this file/) }]);
  });

  it('diesel sorts by the folder name before the first _, without dashes', () => {
    const diesel = planMigrations('diesel', 'm', folder('m', ['2024-01-02-000000_b/up.sql', '00000000000000_diesel_initial_setup/up.sql', '2024-01-01-000000_a/up.sql', '2024-01-03-000000_c/down.sql']));
    expect(diesel.inputs.map((i) => i.version)).toEqual(['00000000000000', '20240101000000', '20240102000000']);
    expect(diesel.problems).toEqual([{ kind: 'runner', path: 'm/2024-01-03-000000_c/down.sql', message: expect.stringMatching(/has no up\.sql/) }]);
  });
});
