// The analysis functions on synthetic events, on SQLite and on PostgreSQL (own schema).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EventRow } from '../ingest/importers/writer.ts';
import { alignment, blocs, dyadSeries, followups, topDyads, trends } from './index.ts';
import { ev, insertEvents, postgresStore, sqliteStore, type TestStore } from './test-support.ts';

function fixture(): EventRow[] {
  const rows: EventRow[] = [];
  // IRN–RUS: cooperative, Jan–Mar 2026
  for (let d = 1; d <= 14; d++) {
    const day = `2026-01-${String(d).padStart(2, '0')}`;
    rows.push(ev('IRN', 'RUS', day, '042', 1, 1.9));
    rows.push(ev('RUS', 'IRN', day, '057', 1, 8));
  }
  rows.push(ev('RUS', 'IRN', '2026-02-20', '040', 1, 1)); // the meeting that was announced
  rows.push(ev('IRN', 'RUS', '2026-02-21', '112', 3, -2)); // one complaint
  // two camps: A-B-C cooperate, D-E-F cooperate, conflict across; third-party stances agree inside a camp
  const west = ['AAA', 'BBB', 'CCC'];
  const east = ['DDD', 'EEE', 'FFF'];
  for (const camp of [west, east])
    for (const x of camp)
      for (const y of camp)
        if (x < y) for (let k = 0; k < 4; k++) rows.push(ev(x, y, `2025-0${k + 1}-10`, '051', 1, 3.4));
  for (const x of west)
    for (const y of east) for (let k = 0; k < 4; k++) rows.push(ev(x, y, `2025-0${k + 1}-12`, '173', 4, -5));
  // a trend: GGG–HHH conflictual through 2025 H1, cooperative in July 2025
  for (let m = 1; m <= 6; m++)
    for (let k = 0; k < 8; k++)
      rows.push(ev('GGG', 'HHH', `2025-0${m}-${String(k + 1).padStart(2, '0')}`, '111', 3, -2));
  for (let k = 0; k < 25; k++)
    rows.push(ev('HHH', 'GGG', `2025-07-${String(k + 1).padStart(2, '0')}`, '036', 1, 4));
  // three articles do not make a trend: JJJ–KKK
  rows.push(ev('JJJ', 'KKK', '2025-03-01', '111', 3, -2));
  rows.push(ev('JJJ', 'KKK', '2025-07-01', '050', 1, 3.5));
  rows.push(ev('JJJ', 'KKK', '2025-07-02', '050', 1, 3.5));
  // excluded from analysis: a near-duplicate, a negated and a hypothetical event
  rows.push(ev('IRN', 'RUS', '2026-01-05', '190', 4, -10, { is_duplicate: 1 }));
  rows.push(ev('IRN', 'RUS', '2026-01-05', '190', 4, -10, { modality: 'negated' }));
  rows.push(ev('IRN', 'RUS', '2026-01-05', '190', 4, -10, { modality: 'hypothetical' }));
  // planned events: one held (meeting in February 2026), one without follow-up (April 2026)
  rows.push(
    ev('IRN', 'RUS', '2026-02-01', '036', 1, 4, {
      id: 'test:planned-feb',
      modality: 'planned',
      date_precision: 'month',
      published_at: '2026-01-15',
      doc_id: 'doc-1',
    }),
  );
  rows.push(
    ev('IRN', 'CHN', '2026-04-01', '043', 1, 2.8, {
      id: 'test:planned-apr',
      modality: 'planned',
      date_precision: 'month',
      published_at: '2026-01-15',
    }),
  );
  return rows;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`analysis on ${dialect}`, () => {
    let t: TestStore | null = null;
    before(async () => {
      t = dialect === 'sqlite' ? await sqliteStore() : await postgresStore();
      if (t) await insertEvents(t.store, fixture());
    });
    after(async () => {
      await t?.cleanup();
    });
    const db = () => {
      if (!t) throw new Error(`no ${dialect} database`);
      return t.store.db;
    };

    test('dyad series: totals, directions, periods, evidence', async (ctx) => {
      if (!t) return ctx.skip('PostgreSQL not reachable');
      const s = await dyadSeries(db(), {
        a: 'IRN',
        b: 'RUS',
        period: 'month',
        from: '2026-01',
        to: '2026-03',
      });
      assert.equal(s.totals.events, 30);
      assert.deepEqual(s.totals.by_quad, { '1': 29, '2': 0, '3': 1, '4': 0 });
      assert.equal(s.totals.a_to_b.events, 15);
      assert.equal(s.totals.b_to_a.events, 15);
      assert.equal(s.periods.length, 3);
      assert.equal(s.periods[2]!.events, 0);
      assert.ok(s.totals.cooperation_index! > 0.9);
      assert.equal(s.periods[0]!.evidence.length, 3);
      assert.equal(s.periods[0]!.evidence[0]!.code, '057');
      const directed = await dyadSeries(db(), { a: 'RUS', b: 'IRN', directed: true, period: 'year' });
      assert.equal(directed.totals.events, 15);
      assert.ok(Math.abs(directed.totals.goldstein_sum - (14 * 8 + 1)) < 1e-9);
    });

    test('top dyads: the most cooperative and the most conflictual pairs', async (ctx) => {
      if (!t) return ctx.skip('PostgreSQL not reachable');
      const r = await topDyads(db(), { from: '2026-01-01', to: '2026-12-31' });
      assert.deepEqual([r.cooperative[0]!.a, r.cooperative[0]!.b], ['IRN', 'RUS']);
      const r2 = await topDyads(db(), { from: '2025-01-01', to: '2025-12-31', limit: 20, minEvents: 4 });
      assert.ok(r2.conflictual.some((d) => d.a === 'AAA' && d.b === 'DDD'));
      assert.ok(!r2.cooperative.some((d) => d.a === 'JJJ'), 'three events are below the minimum');
    });

    test('alignment: same camp aligned, opposite camps opposed', async (ctx) => {
      if (!t) return ctx.skip('PostgreSQL not reachable');
      const same = await alignment(db(), { a: 'AAA', b: 'BBB', from: '2025', to: '2025' });
      assert.equal(same.mode, 'events');
      if (same.mode !== 'events') return;
      assert.equal(same.pair!.third_party.common, 4);
      assert.equal(same.pair!.third_party.kappa, 1);
      assert.ok(same.pair!.alignment! > 0.9);
      const opposed = await alignment(db(), { a: 'AAA', b: 'DDD', from: '2025', to: '2025' });
      if (opposed.mode !== 'events') return;
      assert.ok(opposed.pair!.alignment! < -0.9, JSON.stringify(opposed.pair));
      const ranking = await alignment(db(), { a: 'AAA', from: '2025', to: '2025' });
      assert.deepEqual(
        ranking.partners.slice(0, 2).map((p) => p.b),
        ['BBB', 'CCC'],
      );
    });

    test('blocs: two camps, repeatable', async (ctx) => {
      if (!t) return ctx.skip('PostgreSQL not reachable');
      const r = await blocs(db(), { from: '2025-01', to: '2025-06', window: 'year' });
      assert.equal(r.windows.length, 1);
      const w = r.windows[0]!;
      const members = w.blocs.map((b) => b.members.join(','));
      assert.ok(members.includes('AAA,BBB,CCC'), members.join(' | '));
      assert.ok(members.includes('DDD,EEE,FFF'), members.join(' | '));
      assert.ok(w.modularity! > 0.3);
      assert.ok(w.blocs[0]!.evidence.length > 0);
      const again = await blocs(db(), { from: '2025-01', to: '2025-06', window: 'year' });
      assert.deepEqual(again, r);
      // one window over the whole range: the same camps, the window spanning exactly the range
      const all = await blocs(db(), { from: '2025-02-10', to: '2025-05-20', window: 'all' });
      assert.equal(all.windows.length, 1);
      assert.deepEqual([all.windows[0]!.from, all.windows[0]!.to], ['2025-02-10', '2025-05-20']);
      const allMembers = all.windows[0]!.blocs.map((b) => b.members.join(','));
      assert.ok(
        allMembers.includes('AAA,BBB,CCC') && allMembers.includes('DDD,EEE,FFF'),
        allMembers.join(' | '),
      );
    });

    test('trends: a large change is significant, three articles are not', async (ctx) => {
      if (!t) return ctx.skip('PostgreSQL not reachable');
      const r = await trends(db(), { to: '2025-07-31', window: 'month', windows: 7, minEvents: 5 });
      assert.equal(r.rising.length, 1);
      assert.deepEqual([r.rising[0]!.a, r.rising[0]!.b], ['GGG', 'HHH']);
      assert.equal(r.rising[0]!.since, '2025-07-01');
      assert.ok(r.rising[0]!.q < 0.05);
      const loose = await trends(db(), { to: '2025-07-31', window: 'month', windows: 7, minEvents: 1 });
      assert.ok(!loose.rising.some((x) => x.a === 'JJJ'), 'three events cannot make a significant trend');
    });

    test('followups: held, pending and overdue', async (ctx) => {
      if (!t) return ctx.skip('PostgreSQL not reachable');
      const r = await followups(db(), { asOf: '2026-03-01' });
      const feb = r.items.find((i) => i.planned.id === 'test:planned-feb')!;
      assert.equal(feb.status, 'held');
      assert.equal(feb.match!.code, '040');
      assert.equal(feb.match!.date, '2026-02-20');
      const apr = r.items.find((i) => i.planned.id === 'test:planned-apr')!;
      assert.equal(apr.status, 'pending');
      const later = await followups(db(), { asOf: '2026-06-01' });
      assert.equal(later.items.find((i) => i.planned.id === 'test:planned-apr')!.status, 'overdue');
      assert.deepEqual(later.counts, { held: 1, pending: 0, overdue: 1 });
    });
  });
}
