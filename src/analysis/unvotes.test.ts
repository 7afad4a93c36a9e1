// UN General Assembly votes 2000–2019: the agreement figures of the data's notes and the blocs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { csvRecords } from '../ingest/importers/csv.ts';
import { importUnVotes } from '../ingest/importers/index.ts';
import { readLines } from '../ingest/importers/lines.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { alignment, blocs } from './index.ts';
import { postgresStore, sqliteStore, type TestStore } from './test-support.ts';

const DATA = resolve(PACKAGE_ROOT, '..', 'shared', 'data', 'un-votes');
const VOTES = join(DATA, 'votes_2000_2019.csv.gz');
const ROLL_CALLS = join(DATA, 'roll_calls.csv.gz');
const ISSUES = join(DATA, 'roll_call_issues.csv');

describe('UN votes on SQLite', () => {
  let t: TestStore;
  before(async () => {
    t = await sqliteStore();
    const r = await importUnVotes(t.store, [VOTES], { rollCalls: ROLL_CALLS, issues: ISSUES });
    assert.equal(r.votes, 321_357);
    assert.equal(r.rollCalls, 6_203);
    assert.equal(r.rejected, 0);
  });
  after(async () => {
    await t.cleanup();
  });

  test('Namibia ("NA") is a country, not a missing value', async () => {
    const n = await t.store.db
      .selectFrom('un_votes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('country', '=', 'NAM')
      .executeTakeFirstOrThrow();
    assert.ok(Number(n.n) > 1500);
    const issues = await t.store.db
      .selectFrom('un_roll_calls')
      .select('issues')
      .where('rcid', '=', 77)
      .executeTakeFirstOrThrow();
    assert.ok(issues.issues.split(',').includes('me'));
  });

  test('pair agreement 2000–2019 reproduces the published figures within 0.01', async () => {
    const expected: [string, string, number][] = [
      ['USA', 'ISR', 0.8],
      ['GBR', 'FRA', 0.92],
      ['RUS', 'CHN', 0.76],
      ['USA', 'CUB', 0.13],
      ['CHN', 'IND', 0.75],
      ['USA', 'GBR', 0.54],
      ['USA', 'RUS', 0.25],
      ['USA', 'CHN', 0.17],
    ];
    for (const [a, b, value] of expected) {
      const r = await alignment(t.store.db, { a, b, origins: ['unvotes'], from: '2000', to: '2019' });
      assert.equal(r.mode, 'unvotes');
      if (r.mode !== 'unvotes') return;
      assert.ok(Math.abs(r.pair!.agreement! - value) <= 0.01, `${a}-${b}: ${r.pair!.agreement} vs ${value}`);
      assert.equal(r.pair!.years.length, 20);
    }
    const cuba = await alignment(t.store.db, {
      a: 'USA',
      b: 'CUB',
      origins: ['unvotes'],
      from: '2000',
      to: '2019',
    });
    if (cuba.mode === 'unvotes') assert.ok(cuba.pair!.kappa! < 0 && cuba.pair!.s! < 0);
  });

  test('blocs 2015–2019: GBR, FRA, DEU together; USA with ISR; USA apart from CUB; repeatable', async () => {
    const r = await blocs(t.store.db, { origins: ['unvotes'], from: '2015', to: '2019' });
    assert.equal(r.windows.length, 5);
    for (const w of r.windows) {
      const blocOf = (c: string) => w.blocs.find((b) => b.members.includes(c))?.id;
      const gbr = blocOf('GBR');
      assert.ok(gbr, `${w.from}: GBR in a bloc`);
      assert.equal(blocOf('FRA'), gbr, `${w.from}: FRA with GBR`);
      assert.equal(blocOf('DEU'), gbr, `${w.from}: DEU with GBR`);
      assert.ok(blocOf('USA'), `${w.from}: USA in a bloc`);
      assert.equal(blocOf('ISR'), blocOf('USA'), `${w.from}: ISR with USA`);
      assert.notEqual(blocOf('CUB'), blocOf('USA'), `${w.from}: CUB apart from USA`);
      assert.ok(w.modularity! > 0);
    }
    const again = await blocs(t.store.db, { origins: ['unvotes'], from: '2015', to: '2019' });
    assert.deepEqual(again, r);
  });
});

describe('UN votes on PostgreSQL (one year)', () => {
  let t: TestStore | null = null;
  before(async () => {
    t = await postgresStore();
  });
  after(async () => {
    await t?.cleanup();
  });
  test('agreement and kappa match SQLite for 2019', async (ctx) => {
    if (!t) return ctx.skip('PostgreSQL not reachable');
    // a narrower import: the roll calls and votes of 2019 only
    const dir = mkdtempSync(join(tmpdir(), 'bw-unvotes-'));
    try {
      const keep = new Set<string>();
      const callLines: string[] = [];
      for await (const [, fields] of csvRecords(readLines(ROLL_CALLS))) {
        if (fields[0] === 'rcid' || fields[3]?.startsWith('2019')) {
          if (fields[0] !== 'rcid') keep.add(fields[0]!);
          callLines.push(fields.slice(0, 4).join(','));
        }
      }
      assert.ok(keep.size > 50);
      const votes = gunzipSync(readFileSync(VOTES))
        .toString('utf8')
        .split('\n')
        .filter((line, i) => i === 0 || keep.has(line.slice(0, line.indexOf(','))));
      writeFileSync(join(dir, 'calls.csv'), `${callLines.join('\n')}\n`);
      writeFileSync(join(dir, 'votes.csv'), `${votes.join('\n')}\n`);
      await importUnVotes(t.store, [join(dir, 'votes.csv')], { rollCalls: join(dir, 'calls.csv') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const r = await alignment(t.store.db, {
      a: 'USA',
      b: 'ISR',
      origins: ['unvotes'],
      from: '2019',
      to: '2019',
    });
    assert.equal(r.mode, 'unvotes');
    if (r.mode !== 'unvotes') return;
    assert.ok(r.pair!.n > 50);
    assert.ok(r.pair!.agreement! > 0.8);
    const b = await blocs(t.store.db, { origins: ['unvotes'], from: '2019', to: '2019' });
    const blocOf = (c: string) => b.windows[0]!.blocs.find((x) => x.members.includes(c))?.id;
    assert.equal(blocOf('FRA'), blocOf('GBR'));
    assert.notEqual(blocOf('CUB'), blocOf('USA'));
  });
});
