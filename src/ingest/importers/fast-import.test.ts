// The fast import path: line batches, the one-pass GDELT field picker, the CSV re-export's edge
// cases, the multi-row SQLite writer and its bulk load (indexes dropped and re-created in one
// transaction, so that a killed import leaves the database as it was).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { gzipSync, zipSync } from 'fflate';
import { sqliteStore, type TestStore } from '../../analysis/test-support.ts';
import { PACKAGE_ROOT } from '../../paths.ts';
import { GDELT_LAYOUTS, makeGdeltConverter, pickNativeFields } from './gdelt.ts';
import { importGdelt, importIcews } from './index.ts';
import { expandedSizeEstimate, readLineBatches, readLines } from './lines.ts';
import { appendOnlyIndexes, bulkLoad } from './writer.ts';

const GDELT_TSV = resolve(PACKAGE_ROOT, '..', 'shared', 'data', 'gdelt-sample', 'raw-rows-gdelt1-daily.tsv');
const ICEWS = resolve(PACKAGE_ROOT, '..', 'shared', 'data', 'icews-sample', 'events.2018.sample.tab');

/** A native GDELT 2.0 row built from named values (everything else empty). */
function row20(values: Record<string, string>): string {
  return GDELT_LAYOUTS['2.0'].map((name) => values[name] ?? '').join('\t');
}

const BASE: Record<string, string> = {
  GLOBALEVENTID: '700000001',
  SQLDATE: '20240105',
  Actor1Code: 'RUSGOV',
  Actor1Name: 'RUSSIA',
  Actor1CountryCode: 'RUS',
  Actor1Type1Code: 'GOV',
  Actor2Code: 'IRNGOV',
  Actor2Name: 'IRAN',
  Actor2CountryCode: 'IRN',
  Actor2Type1Code: 'GOV',
  EventCode: '0431',
  EventBaseCode: '043',
  EventRootCode: '04',
  QuadClass: '1',
  GoldsteinScale: '2.8',
  ActionGeo_Type: '1',
  ActionGeo_FullName: 'Tehran, Iran',
  ActionGeo_CountryCode: 'IR',
  ActionGeo_Lat: '35.7',
  ActionGeo_Long: '51.4',
  DATEADDED: '20240106101500',
  SOURCEURL: 'https://news.example.org/a',
};

function indexDefinitions(file: string): string[] {
  const h = new SqliteDatabase(file, { readonly: true });
  try {
    return (
      h
        .prepare(
          "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL",
        )
        .all() as { sql: string }[]
    )
      .map((r) => r.sql)
      .sort();
  } finally {
    h.close();
  }
}

function countEvents(file: string): number {
  const h = new SqliteDatabase(file, { readonly: true });
  try {
    return (h.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    h.close();
  }
}

test('line batches: CRLF, a last line without newline, multi-byte characters across chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-lines-'));
  try {
    const file = join(dir, 'x.txt');
    // put "Côte d’Ivoire" across the 1 MiB chunk boundary
    const pad = 'a'.repeat(1024 * 1024 - 3);
    writeFileSync(file, `first\r\n${pad}Côte d’Ivoire\nlast`);
    const lines: string[] = [];
    for await (const batch of readLineBatches(file)) lines.push(...batch);
    assert.deepEqual(lines, ['first', `${pad}Côte d’Ivoire`, 'last']);
    const again: string[] = [];
    for await (const line of readLines(file)) again.push(line);
    assert.deepEqual(again, lines);
    assert.equal(expandedSizeEstimate(file), readFileSync(file).length);
    const gz = join(dir, 'x.gz');
    writeFileSync(gz, gzipSync(readFileSync(file)));
    assert.equal(expandedSizeEstimate(gz), readFileSync(file).length);
    const zip = join(dir, 'x.zip');
    writeFileSync(zip, zipSync({ 'x.txt': readFileSync(file) }));
    assert.equal(expandedSizeEstimate(zip), readFileSync(file).length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('line batches: a CRLF split by the chunk boundary, a line of several chunks, bad UTF-8, compressed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-lines-'));
  try {
    const chunk = 1024 * 1024;
    const long = `${'é'.repeat(chunk)}z`; // 2 MiB + 1 byte: spans three chunks
    const text = Buffer.concat([
      Buffer.from(`\uFEFFhead\n${'b'.repeat(chunk - 9)}\r\n`), // the \r ends the first chunk
      Buffer.from(`${long}\r\n\r\nbad `),
      Buffer.from([0xff, 0xc3]),
      Buffer.from(' end\r'),
    ]);
    assert.equal(text[chunk - 1], 13);
    const file = join(dir, 'x.txt');
    writeFileSync(file, text);
    const expected = ['\uFEFFhead', 'b'.repeat(chunk - 9), long, '', 'bad \uFFFD\uFFFD end'];
    for (const f of [file, join(dir, 'x.gz'), join(dir, 'x.zip')]) {
      if (f.endsWith('.gz')) writeFileSync(f, gzipSync(text));
      if (f.endsWith('.zip')) writeFileSync(f, zipSync({ 'x.txt': text }));
      const lines: string[] = [];
      for await (const batch of readLineBatches(f)) lines.push(...batch);
      assert.deepEqual(lines, expected, f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('native GDELT rows: one split per line, leading zeros kept, bad rows explained', () => {
  const convert = makeGdeltConverter();
  const tabs = new Int32Array(64);
  const slots: string[] = new Array(21).fill('');
  const out: unknown[] = new Array(21);
  const layout = pickNativeFields(row20({ ...BASE, EventCode: '010', EventRootCode: '01' }), tabs, slots);
  assert.ok(typeof layout !== 'number');
  assert.equal(layout.version, '2.0');
  assert.equal(convert(slots, out), null);
  assert.equal(out[0], 'gdelt:700000001');
  assert.equal(out[9], '010', 'CAMEO code stays a string with its leading zero');
  assert.equal(out[10], '01');
  assert.equal(out[14], '2024-01-05');
  assert.equal(out[15], '2024-01-06');
  assert.equal(out[17], 'IRN', 'FIPS IR is Iran');
  // a 1.0 row of the sample (58 columns)
  const v1 = readFileSync(GDELT_TSV, 'utf8').split('\n')[1]!;
  const l1 = pickNativeFields(v1, tabs, slots);
  assert.ok(typeof l1 !== 'number' && l1.version === '1.0');
  // missing and extra columns
  const fields = row20(BASE).split('\t');
  assert.equal(pickNativeFields(fields.slice(0, 56).join('\t'), tabs, slots), 56);
  assert.equal(pickNativeFields([...fields, 'extra'].join('\t'), tabs, slots), 62);
  assert.equal(pickNativeFields('no tabs at all', tabs, slots), 1);
  // more tabs than the picker keeps: still a number, never an overflow
  assert.ok((pickNativeFields('\t'.repeat(200), tabs, slots) as number) > 61);
  for (const [change, message] of [
    [{ GLOBALEVENTID: '12a' }, /GLOBALEVENTID: expected digits/],
    [{ SQLDATE: '2024-01' }, /SQLDATE: expected YYYYMMDD/],
    [{ EventCode: '4' }, /EventCode: expected a CAMEO code/],
    [{ EventCode: '04x' }, /EventCode: expected a CAMEO code/],
    [{ QuadClass: '7' }, /QuadClass: expected 1..4/],
  ] as const) {
    const l = pickNativeFields(row20({ ...BASE, ...change }), tabs, slots);
    assert.ok(typeof l !== 'number');
    assert.match(convert(slots, out) ?? '', message);
  }
  // empty QuadClass and GoldsteinScale fall back to the CAMEO table
  const l = pickNativeFields(row20({ ...BASE, QuadClass: '', GoldsteinScale: '' }), tabs, slots);
  assert.ok(typeof l !== 'number');
  assert.equal(convert(slots, out), null);
  assert.equal(out[11], 1);
  assert.equal(typeof out[12], 'number');
});

describe('fast import into SQLite', () => {
  let t: TestStore;
  let dir: string;
  before(async () => {
    t = await sqliteStore();
    dir = mkdtempSync(join(tmpdir(), 'bw-fast-'));
  });
  after(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('CSV re-export: quoted commas and quotes, NA, an extra column, missing geography columns', async () => {
    const header = [
      'GLOBALEVENTID',
      'SQLDATE',
      'Actor1Code',
      'Actor1Name',
      'Actor1CountryCode',
      'Actor2Code',
      'Actor2Name',
      'Actor2CountryCode',
      'EventCode',
      'EventRootCode',
      'QuadClass',
      'GoldsteinScale',
      'MyNote',
      'SOURCEURL',
    ];
    const file = join(dir, 'reexport.csv');
    writeFileSync(
      file,
      [
        header.map((h) => `"${h}"`).join(','),
        '500000001,20230301,"USAGOV","UNITED STATES, GOVERNMENT","USA","CHN","CHINA","CHN","036","03",1,4,"a ""quoted"" note, with a comma","https://x.example/1"',
        '500000002,20230302,NA,NA,NA,"NA","NAMIBIA",NA,"190","19",4,-10,"multi',
        'line note",NA',
        '500000003,20230303,"RUS","RUSSIA","RUS","UKR","UKRAINE","UKR","oops","19",4,-10,"",""',
      ].join('\r\n'),
    );
    const r = await importGdelt(t.store, [file]);
    assert.equal(r.read, 3);
    assert.equal(r.stored, 2);
    assert.equal(r.rejected, 1);
    assert.match(r.rejections[0]!, /reexport\.csv:5 EventCode/);
    const a = await t.store.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', 'gdelt:500000001')
      .executeTakeFirstOrThrow();
    assert.equal(a.source_name, 'UNITED STATES, GOVERNMENT');
    assert.equal(a.code, '036');
    assert.equal(a.root, '03');
    assert.equal(a.location_country, null);
    assert.equal(a.source_url, 'https://x.example/1');
    const b = await t.store.db
      .selectFrom('events')
      .selectAll()
      .where('id', '=', 'gdelt:500000002')
      .executeTakeFirstOrThrow();
    assert.equal(b.source_code, '', 'NA is missing');
    assert.equal(b.target_code, '', 'a quoted "NA" in the re-export is missing too');
    assert.equal(b.target_name, 'NAMIBIA');
    assert.equal(b.goldstein, -10);
    assert.equal(b.source_url, null);
  });

  test('a file mixing 1.0 and 2.0 rows: each row keeps its layout version, bulk or not', async () => {
    const v1 = readFileSync(GDELT_TSV, 'utf8').split('\n')[1]!.split('\t');
    const lines: string[] = [];
    // runs of each version shorter and longer than one multi-row statement
    for (let i = 0; i < 300; i++) {
      const id = String(510000000 + i);
      lines.push(
        i % 100 < 70 || (i > 200 && i % 2 === 0)
          ? row20({ ...BASE, GLOBALEVENTID: id })
          : [id, ...v1.slice(1)].join('\t'),
      );
    }
    const file = join(dir, 'mixed.tsv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    for (const indexMode of ['rebuild', 'keep'] as const) {
      const r = await importGdelt(t.store, [file], { indexMode });
      assert.equal(r.stored, indexMode === 'rebuild' ? 300 : 0);
    }
    const rows = await t.store.db
      .selectFrom('events')
      .select(['id', 'rule', 'coder_version'])
      .where('id', 'like', 'gdelt:5100%')
      .orderBy('id')
      .execute();
    assert.equal(rows.length, 300);
    rows.forEach((row, i) => {
      const version = i % 100 < 70 || (i > 200 && i % 2 === 0) ? '2.0' : '1.0';
      assert.deepEqual([row.rule, row.coder_version], [`gdelt-${version}`, `gdelt-${version}`], row.id);
    });
  });

  test('bulk load: indexes dropped and re-created, rows equal to an indexed import, idempotent', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 500; i++)
      lines.push(
        row20({
          ...BASE,
          GLOBALEVENTID: String(800000000 + i),
          SQLDATE: `2024${String(1 + (i % 12)).padStart(2, '0')}15`,
          Actor2CountryCode: i % 3 === 0 ? 'CHN' : 'IRN',
        }),
      );
    const file = join(dir, 'bulk.tsv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = indexDefinitions(t.store.location);
    assert.ok(before.some((s) => s.includes('events_dyad_cover')));
    const bulk = await importGdelt(t.store, [file], { indexMode: 'rebuild' });
    assert.equal(bulk.stored, 500);
    assert.equal(bulk.rebuiltIndexes, true);
    assert.deepEqual(indexDefinitions(t.store.location), before);
    const again = await importGdelt(t.store, [file], { indexMode: 'rebuild' });
    assert.equal(again.stored, 0);
    const keep = await importGdelt(t.store, [file], { indexMode: 'keep' });
    assert.equal(keep.stored, 0);
    assert.equal(keep.rebuiltIndexes, false);
    // the indexes answer queries after the bulk load
    const n = await t.store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_country', '=', 'RUS')
      .where('target_country', '=', 'CHN')
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 167);
  });

  test('a bulk load whose index keys exceed one sorted run: indexes consistent with the table', async () => {
    // 20,000 rows: the keys of each index are several 512 KiB runs, sorted on SQLite's threads
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++)
      lines.push(
        row20({
          ...BASE,
          GLOBALEVENTID: String(600000000 + i),
          SQLDATE: `20${10 + (i % 15)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`,
          Actor1CountryCode: ['RUS', 'USA', 'CHN', 'IRN', 'FRA'][i % 5]!,
          Actor2CountryCode: ['IRN', 'UKR', 'DEU', 'CHN'][i % 4]!,
          EventCode: ['0431', '036', '190', '112', '057'][i % 5]!,
        }),
      );
    const file = join(dir, 'runs.tsv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await importGdelt(t.store, [file], { indexMode: 'rebuild' });
    assert.equal(r.stored, 20_000);
    const h = new SqliteDatabase(t.store.location, { readonly: true });
    try {
      assert.deepEqual(h.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
      // a count through the dyad index equals a count through the table
      const viaIndex = h
        .prepare("SELECT count(*) AS n FROM events WHERE source_country = 'USA' AND target_country = 'UKR'")
        .get() as { n: number };
      const viaTable = h
        .prepare(
          "SELECT count(*) AS n FROM events NOT INDEXED WHERE source_country = 'USA' AND target_country = 'UKR'",
        )
        .get() as { n: number };
      assert.equal(viaIndex.n, viaTable.n);
      assert.equal(viaIndex.n, 1000);
    } finally {
      h.close();
    }
  });

  test('a bulk import killed half-way leaves the database as it was, indexes included', async () => {
    const file = join(dir, 'killed.tsv');
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) lines.push(row20({ ...BASE, GLOBALEVENTID: String(900000000 + i) }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const before = indexDefinitions(t.store.location);
    const count = countEvents(t.store.location);
    // a child process starts a bulk load, writes rows, and dies without committing
    const writerUrl = new URL('./writer.ts', import.meta.url).href;
    const script = `
      import { createEventWriter } from ${JSON.stringify(writerUrl)};
      const w = createEventWriter({ dialect: 'sqlite', location: ${JSON.stringify(t.store.location)} },
        { columns: ['id', 'source_code', 'source_name', 'source_country', 'source_sector', 'target_code',
          'target_name', 'target_country', 'target_sector', 'code', 'root', 'quad_class', 'goldstein',
          'plover', 'modality', 'date', 'date_precision', 'published_at', 'evidence_text', 'rule',
          'confidence', 'coder_version'], constants: { origin: 'gdelt' } },
        { indexMode: 'rebuild' });
      for (let i = 0; i < 1000; i++)
        w.add(['killed:' + i, 'A', 'A', 'RUS', '', 'B', 'B', 'IRN', '', '040', '04', 1, 1, '', 'asserted',
          '2024-01-01', 'day', '2024-01-01', '', 'r', 1, 'v']);
      process.kill(process.pid, 'SIGKILL');
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
    });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    assert.equal(countEvents(t.store.location), count, 'no row of the killed import is visible');
    assert.deepEqual(indexDefinitions(t.store.location), before, 'every index is still there');
    // and the database takes the same import normally afterwards
    const r = await importGdelt(t.store, [file], { indexMode: 'rebuild' });
    assert.equal(r.stored, 300);
  });

  test('ICEWS through the same writer: bulk and kept indexes store the same rows', async () => {
    const r1 = await importIcews(t.store, [ICEWS], { indexMode: 'rebuild' });
    assert.equal(r1.stored, 3705);
    const r2 = await importIcews(t.store, [ICEWS], { indexMode: 'keep' });
    assert.equal(r2.stored, 0);
  });

  test('a bulk load keeps the indexes whose keys are the same for every imported row', () => {
    const h = new SqliteDatabase(t.store.location, { readonly: true });
    try {
      const kept = (columns: string[], constants: Record<string, string> = {}) =>
        [...appendOnlyIndexes(h, { columns: columns as never, constants })].sort();
      const gdeltLike = ['id', 'source_country', 'target_country', 'code', 'root', 'date', 'published_at'];
      // doc_id is never given (NULL for all), and no imported row is planned
      assert.deepEqual(kept(gdeltLike, { origin: 'gdelt', modality: 'asserted' }), [
        'events_doc',
        'events_planned',
      ]);
      // planned rows enter the partial index; a varying modality could too
      assert.deepEqual(kept(gdeltLike, { modality: 'planned' }), ['events_doc']);
      assert.deepEqual(kept([...gdeltLike, 'modality']), ['events_doc']);
      assert.deepEqual(kept([...gdeltLike, 'doc_id'], { modality: 'asserted' }), ['events_planned']);
    } finally {
      h.close();
    }
  });
});

test('bulk load decision: large relative to the table', () => {
  assert.equal(bulkLoad(1_000_000, 0), true);
  assert.equal(bulkLoad(1_000, 0), false, 'small imports keep the indexes');
  assert.equal(bulkLoad(100_000, 10_000_000), false, 'small relative to the table');
  assert.equal(bulkLoad(6_000_000, 10_000_000), true);
  assert.equal(bulkLoad(10, 10, 'rebuild'), true);
  assert.equal(bulkLoad(1e9, 0, 'keep'), false);
});
