// Importers on the real samples in ../shared/data: GDELT (CSV re-export, native 1.0 rows, a 2.0
// row, zipped), ICEWS; idempotent re-import; dyad totals checked against an independent count.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync, zipSync } from 'fflate';
import { dyadSeries } from '../../analysis/index.ts';
import { sqliteStore, type TestStore } from '../../analysis/test-support.ts';
import { PACKAGE_ROOT } from '../../paths.ts';
import { csvRecords, parseCsvRecord } from './csv.ts';
import { GDELT_LAYOUTS, importGdelt, importIcews } from './index.ts';
import { readLines } from './lines.ts';

const SHARED = resolve(PACKAGE_ROOT, '..', 'shared', 'data');
const GDELT_CSV = join(SHARED, 'gdelt-sample', 'events-gdelt1-georgia-2012-01.csv');
const GDELT_TSV = join(SHARED, 'gdelt-sample', 'raw-rows-gdelt1-daily.tsv');
const ICEWS = join(SHARED, 'icews-sample', 'events.2018.sample.tab');

test('CSV records: quotes, doubled quotes, newlines, and NA kept as text', async () => {
  assert.deepEqual(parseCsvRecord('1,"a, b","say ""hi""",NA,'), ['1', 'a, b', 'say "hi"', 'NA', '']);
  async function* lines() {
    yield 'rcid,descr';
    yield '5,"first line';
    yield 'second line"';
    yield '6,plain';
  }
  const out: [number, string[]][] = [];
  for await (const r of csvRecords(lines())) out.push(r);
  assert.deepEqual(out, [
    [1, ['rcid', 'descr']],
    [2, ['5', 'first line\nsecond line']],
    [4, ['6', 'plain']],
  ]);
});

describe('importers on the samples', () => {
  let t: TestStore;
  let dir: string;
  before(async () => {
    t = await sqliteStore();
    dir = mkdtempSync(join(tmpdir(), 'bw-import-'));
  });
  after(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GDELT CSV re-export: every row stored, codes as strings, FIPS geography mapped', async () => {
    const r = await importGdelt(t.store, [GDELT_CSV]);
    assert.equal(r.read, 4324);
    assert.equal(r.stored, 4324);
    assert.equal(r.rejected, 0);
    const first = await t.store.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', 'gdelt:83625675')
      .executeTakeFirstOrThrow();
    assert.equal(first.code, '014');
    assert.equal(first.root, '01');
    assert.equal(first.source_country, '');
    assert.equal(first.target_code, 'BUS');
    assert.equal(first.location_country, 'GEO');
    assert.equal(first.date, '2012-01-01');
    assert.equal(first.origin, 'gdelt');
    const again = await importGdelt(t.store, [GDELT_CSV]);
    assert.equal(again.stored, 0, 're-import stores nothing new');
  });

  test('GDELT dyad totals equal an independent count over the raw rows', async () => {
    for (const [x, y] of [
      ['GEO', 'USA'],
      ['USA', 'RUS'],
    ] as const)
      await checkPair(x, y);
  });

  async function checkPair(x: string, y: string) {
    // independent: split the CSV ourselves and count the pair's rows by quad class
    const text = readFileSync(GDELT_CSV, 'utf8').trim().split('\n');
    const header = text[0]!.split(',').map((h) => h.replace(/"/g, ''));
    const col = (name: string) => header.indexOf(name);
    const quads = { '1': 0, '2': 0, '3': 0, '4': 0 } as Record<string, number>;
    let goldstein = 0;
    let n = 0;
    for (const line of text.slice(1)) {
      const f = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((x) => x.replace(/,$/, '').replace(/^"|"$/g, ''));
      const c1 = f[col('Actor1CountryCode')];
      const c2 = f[col('Actor2CountryCode')];
      if (!((c1 === x && c2 === y) || (c1 === y && c2 === x))) continue;
      n++;
      quads[f[col('QuadClass')]!]!++;
      goldstein += Number(f[col('GoldsteinScale')]);
    }
    assert.ok(n > 10, `expected ${x}–${y} rows in the sample, found ${n}`);
    const s = await dyadSeries(t.store.db, { a: x, b: y, origins: ['gdelt'], period: 'month' });
    assert.equal(s.totals.events, n);
    assert.deepEqual(s.totals.by_quad, quads);
    assert.ok(Math.abs(s.totals.goldstein_sum - goldstein) < 1e-6);
    // and the same through plain SQL
    const sql = await t.store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('origin', '=', 'gdelt')
      .where((eb) =>
        eb.or([
          eb.and([eb('source_country', '=', x), eb('target_country', '=', y)]),
          eb.and([eb('source_country', '=', y), eb('target_country', '=', x)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    assert.equal(Number(sql.n), n);
  }

  test('GDELT native rows: 1.0 (58 columns), 2.0 (61 columns), zipped and gzipped', async () => {
    const r = await importGdelt(t.store, [GDELT_TSV]);
    assert.equal(r.stored, 3);
    const exxon = await t.store.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', 'gdelt:324845987')
      .executeTakeFirstOrThrow();
    assert.equal(exxon.target_country, 'USA');
    assert.equal(exxon.location_country, 'PNG');
    assert.equal(exxon.code, '051');
    // a 2.0 row: the 1.0 row with ADM2 columns inserted and a 14-digit DATEADDED
    const v1 = readFileSync(GDELT_TSV, 'utf8').split('\n')[1]!.split('\t');
    assert.equal(v1.length, GDELT_LAYOUTS['1.0'].length);
    const v2 = GDELT_LAYOUTS['2.0'].map((name) => {
      if (name.endsWith('ADM2Code')) return 'XX01';
      if (name === 'DATEADDED') return '20141124093000';
      if (name === 'GLOBALEVENTID') return '900000001';
      return v1[GDELT_LAYOUTS['1.0'].indexOf(name as never)]!;
    });
    const zipPath = join(dir, '20141124093000.export.CSV.zip');
    writeFileSync(
      zipPath,
      zipSync({ '20141124093000.export.CSV': new TextEncoder().encode(`${v2.join('\t')}\n`) }),
    );
    const z = await importGdelt(t.store, [zipPath]);
    assert.equal(z.stored, 1);
    const row = await t.store.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', 'gdelt:900000001')
      .executeTakeFirstOrThrow();
    assert.equal(row.location_country, 'PNG');
    assert.equal(row.lat, -9.46472);
    assert.equal(row.published_at, '2014-11-24');
    assert.equal(row.coder_version, 'gdelt-2.0');
    const gzPath = join(dir, 'rows.tsv.gz');
    writeFileSync(gzPath, gzipSync(readFileSync(GDELT_TSV)));
    assert.equal((await importGdelt(t.store, [gzPath])).read, 3);
  });

  test('archives that expand past the limit are refused', async () => {
    const big = join(dir, 'bomb.zip');
    writeFileSync(big, zipSync({ 'x.tsv': new Uint8Array(2_000_000).fill(65) }, { level: 9 }));
    await assert.rejects(
      async () => {
        for await (const _ of readLines(big, { maxExpandedBytes: 100_000 })) {
          // drain
        }
      },
      (e: Error & { code?: string }) => e.code === 'BW_ERR_INPUT_TOO_LARGE',
    );
    await assert.rejects(importGdelt(t.store, [join(dir, 'missing.tsv')]), /no such file/);
  });

  test('ICEWS: names to codes, USA–PRK cooperative, ISR→PSE conflictual', async () => {
    const r = await importIcews(t.store, [ICEWS]);
    assert.equal(r.read, 3705);
    assert.equal(r.stored, 3705);
    // every country name of the sample maps to a code (NA stays empty)
    const unmapped = await t.store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('origin', '=', 'icews')
      .where('source_country', '=', '')
      .where('source_name', 'not like', '%(NA)%')
      .executeTakeFirstOrThrow();
    assert.ok(Number(unmapped.n) < 400, `${unmapped.n} events without a source country`);
    const usaPrk = await dyadSeries(t.store.db, { a: 'USA', b: 'PRK', origins: ['icews'], period: 'day' });
    assert.ok(usaPrk.totals.events > 100);
    assert.ok(usaPrk.totals.cooperation_index! > 0.5, `USA–PRK index ${usaPrk.totals.cooperation_index}`);
    const isrPse = await dyadSeries(t.store.db, { a: 'ISR', b: 'PSE', origins: ['icews'], directed: true });
    assert.ok(isrPse.totals.events > 10);
    assert.ok(isrPse.totals.cooperation_index! < -0.5, `ISR→PSE index ${isrPse.totals.cooperation_index}`);
    const consult = await t.store.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', 'icews:32889836')
      .executeTakeFirstOrThrow();
    assert.equal(consult.code, '040');
    assert.equal(consult.source_code, 'BGDGOV');
    assert.equal(consult.target_code, 'VNMMIL');
    assert.equal(consult.quad_class, 1);
  });
});
