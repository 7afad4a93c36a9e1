// The store's aggregate tables (migration 0004) against the events themselves, on SQLite and on
// PostgreSQL: after inserts (aggregated or still above the SQLite watermark), deletions (including
// the newest row, whose rowid SQLite reuses), updates that move events between cells or out of
// the counted set, and a re-ingest (replaceExtraction). Every answer read from the aggregates
// must equal the same grouping done with plain SQL over the events table.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { EventRow } from '../ingest/importers/writer.ts';
import { eventCounts } from '../server/aggregate.ts';
import { actorCounts, refreshAggregates } from '../store/aggregates.ts';
import type { Store } from '../store/index.ts';
import { migrations } from '../store/migrations.ts';
import { densePairAlignment, denseStances, eventPairAlignment, stanceTable } from './alignment.ts';
import { loadCells, pairSums, splitScope } from './cells.ts';
import { dyadSeries } from './index.ts';
import { loadRelations, loadRelationWindows } from './relations.ts';
import { ev, insertEvents, postgresStore, sqliteStore, type TestStore } from './test-support.ts';

const COUNTRIES = ['AAA', 'BBB', 'CCC', 'DDD', 'EEE', '---'];
const ORIGINS = ['blocwatch', 'gdelt', 'icews'] as const;
const MODALITIES = ['asserted', 'asserted', 'asserted', 'reported', 'planned', 'negated'];
const CODES: [string, number, number][] = [
  ['042', 1, 1.9],
  ['057', 1, 8],
  ['061', 2, 6.4],
  ['111', 3, -2],
  ['173', 4, -5],
  ['190', 4, -10],
  ['036', 1, 4],
];

/** Deterministic pseudo-random events over two years. */
function generated(seed: number, n: number): EventRow[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rows: EventRow[] = [];
  for (let i = 0; i < n; i++) {
    const a = pick(COUNTRIES);
    let b = pick(COUNTRIES);
    if (b === a && rnd() < 0.8) b = COUNTRIES[(COUNTRIES.indexOf(a) + 1) % COUNTRIES.length]!;
    const [code, quad, g] = pick(CODES);
    const day = 1 + Math.floor(rnd() * 730);
    const date = new Date(Date.UTC(2024, 0, day)).toISOString().slice(0, 10);
    rows.push(
      ev(a, b, date, code, quad, g, {
        origin: pick(ORIGINS),
        modality: pick(MODALITIES),
        is_duplicate: rnd() < 0.1 ? 1 : 0,
        confidence: Math.round(rnd() * 10) / 10,
        source_name: rnd() < 0.5 ? `${a} government` : `${a} ministry`,
      }),
    );
  }
  return rows;
}

const COUNTED = `is_duplicate = 0 and modality in ('asserted', 'reported') and source_country <> '---' and target_country <> '---'`;

type Sums = Record<string, number[]>;

/** Plain SQL over the events: per key, counts by quad class and the Goldstein sums. */
async function rawCells(store: Store, where = '1 = 1'): Promise<Sums> {
  const r = await sql<Record<string, string | number>>`
    select substr(date, 1, 7) as month, source_country as s, target_country as t, origin,
      count(*) as n, sum(case when quad_class = 1 then 1 else 0 end) as q1,
      sum(case when quad_class = 2 then 1 else 0 end) as q2,
      sum(case when quad_class = 3 then 1 else 0 end) as q3,
      sum(case when quad_class = 4 then 1 else 0 end) as q4,
      sum(goldstein) as g, sum(abs(goldstein)) as ga, sum(goldstein * goldstein) as gq,
      max(abs(goldstein)) as gmax
    from events where ${sql.raw(COUNTED)} and ${sql.raw(where)}
    group by substr(date, 1, 7), source_country, target_country, origin`.execute(store.db);
  const out: Sums = {};
  for (const x of r.rows)
    out[`${x.month}|${x.s}|${x.t}|${x.origin}`] = ['n', 'q1', 'q2', 'q3', 'q4', 'g', 'ga', 'gq', 'gmax'].map(
      (k) => Number(x[k]),
    );
  return out;
}

function cellSums(cells: Awaited<ReturnType<typeof loadCells>>): Sums {
  const out: Sums = {};
  for (const c of cells) {
    const key = `${c.month}|${c.source_country}|${c.target_country}|${c.origin}`;
    const v = [
      c.n_coop + c.n_conflict,
      c.n1,
      c.n2,
      c.n3,
      c.n4,
      c.gsum,
      c.coop_abs + c.conflict_abs,
      c.coop_sq + c.conflict_sq,
      c.gmax,
    ];
    const prev = out[key];
    if (!prev) out[key] = v;
    else {
      for (let i = 0; i < 8; i++) prev[i]! += v[i]!;
      prev[8] = Math.max(prev[8]!, v[8]!);
    }
  }
  return out;
}

function assertSameSums(got: Sums, want: Sums, what: string): void {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${what}: the same cells`);
  for (const [key, w] of Object.entries(want)) {
    const g = got[key]!;
    for (let i = 0; i < 5; i++) assert.equal(g[i], w[i], `${what} ${key}: count ${i}`);
    for (let i = 5; i < 8; i++) assert.ok(Math.abs(g[i]! - w[i]!) < 1e-9, `${what} ${key}: sum ${i}`);
    // the largest |goldstein| is an upper bound after deletions; never below the true one
    assert.ok(g[8]! >= w[8]!, `${what} ${key}: gmax`);
  }
}

async function check(store: Store, label: string): Promise<void> {
  assertSameSums(cellSums(await loadCells(store.db, {})), await rawCells(store), `${label} all`);
  const partial = { from: '2024-02-10', to: '2025-11-20' };
  assertSameSums(
    cellSums(await loadCells(store.db, partial)),
    await rawCells(store, `date >= '${partial.from}' and date <= '${partial.to}'`),
    `${label} partial months`,
  );
  const originScope = { from: '2024-03-01', to: '2024-03-09', origins: ['gdelt' as const] };
  assertSameSums(
    cellSums(await loadCells(store.db, originScope)),
    await rawCells(store, `date >= '2024-03-01' and date <= '2024-03-09' and origin = 'gdelt'`),
    `${label} days of one origin`,
  );

  // relations per directed pair: a range of months, and every date (read from the pair totals)
  for (const scope of [
    partial,
    {},
    { from: '2000-01-01', to: '2030-12-31' },
    { origins: ['icews' as const] },
  ]) {
    const pairs = await pairSums(store.db, scope);
    const where = [
      'from' in scope ? `date >= '${scope.from}' and date <= '${scope.to}'` : '1 = 1',
      'origins' in scope ? `origin = 'icews'` : '1 = 1',
    ].join(' and ');
    const raw = await sql<Record<string, string | number>>`
      select source_country as s, target_country as t, count(*) as n, sum(goldstein) as g,
        sum(abs(goldstein)) as ga, sum(case when quad_class <= 2 then 1 else 0 end) as nc
      from events where ${sql.raw(COUNTED)} and ${sql.raw(where)}
        and source_country <> target_country and source_country <> '' and target_country <> ''
      group by source_country, target_country`.execute(store.db);
    const what = `${label} pairs ${JSON.stringify(scope)}`;
    assert.equal(pairs.length, raw.rows.length, what);
    const byPair = new Map(pairs.map((p) => [`${p[0]}|${p[1]}`, p]));
    for (const r of raw.rows) {
      const [, , nc, ac, , nk, ak, , gsum] = byPair.get(`${r.s}|${r.t}`)!;
      assert.equal(nc + nk, Number(r.n), `${what} ${r.s}|${r.t}: events`);
      assert.equal(nc, Number(r.nc), `${what} ${r.s}|${r.t}: cooperative`);
      assert.ok(Math.abs(gsum - Number(r.g)) < 1e-9, `${what} ${r.s}|${r.t}: goldstein`);
      assert.ok(Math.abs(ac + ak - Number(r.ga)) < 1e-9, `${what} ${r.s}|${r.t}: |g|`);
    }
  }

  // a dyad series: totals per month and direction, and the evidence
  const series = await dyadSeries(store.db, { a: 'AAA', b: 'BBB', period: 'month', evidence: 2 });
  const months = await sql<Record<string, string | number>>`
    select substr(date, 1, 7) as m, count(*) as n, sum(goldstein) as g from events
    where ${sql.raw(COUNTED)} and ((source_country = 'AAA' and target_country = 'BBB') or (source_country = 'BBB' and target_country = 'AAA'))
    group by substr(date, 1, 7)`.execute(store.db);
  const want = new Map(months.rows.map((r) => [String(r.m), r]));
  for (const p of series.periods) {
    const w = want.get(p.key);
    assert.equal(p.events, w ? Number(w.n) : 0, `${label} dyad ${p.key}: events`);
    if (w) assert.ok(Math.abs(p.goldstein_sum - Number(w.g)) < 1e-3, `${label} dyad ${p.key}: goldstein`);
  }
  const top = await sql<{ id: string; m: string }>`
    select id, substr(date, 1, 7) as m from (
      select id, date, row_number() over (partition by substr(date, 1, 7) order by abs(goldstein) desc, confidence desc, id) as rn
      from events where ${sql.raw(COUNTED)}
        and ((source_country = 'AAA' and target_country = 'BBB') or (source_country = 'BBB' and target_country = 'AAA'))
    ) as x where rn <= 2`.execute(store.db);
  const evidence = new Map<string, Set<string>>();
  for (const r of top.rows) evidence.set(r.m, (evidence.get(r.m) ?? new Set()).add(r.id));
  for (const p of series.periods)
    assert.deepEqual(
      new Set(p.evidence.map((e) => e.id)),
      evidence.get(p.key) ?? new Set(),
      `${label} dyad ${p.key}: evidence`,
    );

  // the overview counts
  const counts = await eventCounts({ db: store.db });
  const all = await sql<{ n: number }>`select count(*) as n from events`.execute(store.db);
  assert.equal(counts.events, Number(all.rows[0]!.n), `${label}: all events`);
  const classes = await sql<Record<string, string | number>>`
    select quad_class, modality, origin, count(*) as n from events where is_duplicate = 0
    group by quad_class, modality, origin`.execute(store.db);
  const key = (r: Record<string, unknown>) => `${r.quad_class}|${r.modality}|${r.origin}`;
  assert.deepEqual(
    Object.fromEntries(counts.grouped.map((r) => [key(r), Number(r.n)])),
    Object.fromEntries(classes.rows.map((r) => [key(r), Number(r.n)])),
    `${label}: counts by class`,
  );
  const actors = await sql<Record<string, string | number>>`
    select side, code, country, name, sum(n) as n from (
      select 'source' as side, source_code as code, source_country as country, source_name as name, count(*) as n
        from events where is_duplicate = 0 group by source_code, source_country, source_name
      union all
      select 'target', target_code, target_country, target_name, count(*)
        from events where is_duplicate = 0 group by target_code, target_country, target_name
    ) as x group by side, code, country, name`.execute(store.db);
  const table = await sql<Record<string, string | number>>`
    select side, code, country, actor_name as name, sum(n) as n from (${sql.raw((await actorCounts(store.db))!)}) as a
    where is_duplicate = 0 group by side, code, country, actor_name`.execute(store.db);
  const akey = (r: Record<string, unknown>) => `${r.side}|${r.code}|${r.country}|${r.name}`;
  assert.deepEqual(
    Object.fromEntries(table.rows.filter((r) => Number(r.n) !== 0).map((r) => [akey(r), Number(r.n)])),
    Object.fromEntries(actors.rows.map((r) => [akey(r), Number(r.n)])),
    `${label}: actor counts`,
  );
}

/** SQLite: run `fn` while another connection holds the write lock, so no refresh can run. */
async function whileLocked(store: Store, fn: () => Promise<void>): Promise<void> {
  if (store.dialect !== 'sqlite') return fn();
  const other = new SqliteDatabase(store.location);
  other.exec('BEGIN IMMEDIATE');
  try {
    await fn();
    const state = await sql<{ w: number; h: number }>`
      select (select watermark from event_aggregates_state) as w, (select max(rowid) from events) as h`.execute(
      store.db,
    );
    assert.ok(state.rows[0]!.w < state.rows[0]!.h, 'the new rows were read above the watermark');
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
}

async function scenario(store: Store): Promise<void> {
  const first = generated(7, 1500);
  await insertEvents(store, first);
  await whileLocked(store, () => check(store, 'inserted, not yet aggregated'));
  await refreshAggregates(store.db);
  await check(store, 'refreshed');

  await insertEvents(store, generated(11, 400));
  const ids = first.filter((_, i) => i % 9 === 0).map((e) => e.id);
  await store.db.deleteFrom('events').where('id', 'in', ids).execute();
  await whileLocked(store, () => check(store, 'deleted some, new rows not aggregated'));
  await check(store, 'deleted some');

  // updates that move events to another cell, out of the counted set and back
  const moved = first.filter((_, i) => i % 13 === 1).map((e) => e.id);
  await store.db.updateTable('events').set({ date: '2025-06-15' }).where('id', 'in', moved).execute();
  const dup = first.filter((_, i) => i % 17 === 2).map((e) => e.id);
  await store.db.updateTable('events').set({ is_duplicate: 1 }).where('id', 'in', dup).execute();
  const planned = first.filter((_, i) => i % 19 === 3).map((e) => e.id);
  await store.db
    .updateTable('events')
    .set({ modality: 'asserted', goldstein: 9.5 })
    .where('id', 'in', planned)
    .execute();
  await check(store, 'updated');
  await refreshAggregates(store.db);
  await check(store, 'refreshed again');

  // SQLite reuses the rowid of a deleted newest row: new rows must still be counted
  const newest = await sql<{ id: string }>`select id from events order by ${sql.raw(
    store.dialect === 'sqlite' ? 'rowid' : 'id',
  )} desc limit 5`.execute(store.db);
  await store.db
    .deleteFrom('events')
    .where(
      'id',
      'in',
      newest.rows.map((r) => r.id),
    )
    .execute();
  await insertEvents(store, generated(13, 5));
  await check(store, 'newest deleted, new inserted');
  await refreshAggregates(store.db);
  await check(store, 'refreshed after reuse');
}

async function alignmentMatches(store: Store): Promise<void> {
  // the blocs graph scores pairs from dense arrays: the same figures as eventPairAlignment
  const m = await loadRelations(store.db, {});
  const stances = stanceTable(m);
  const nodes = [...m.partners.keys()].sort();
  const dense = denseStances(m, stances, nodes);
  let compared = 0;
  for (const a of nodes)
    for (const b of nodes) {
      if (b <= a) continue;
      const full = eventPairAlignment(m, stances, a, b);
      const fast = densePairAlignment(dense, a, b);
      assert.equal(fast.alignment, full.alignment, `${a}-${b} alignment`);
      assert.equal(fast.events, full.events, `${a}-${b} events`);
      compared++;
    }
  assert.ok(compared >= 10);
}

async function windowsMatch(store: Store): Promise<void> {
  // trends reads its windows in one pass: the same matrices as one query per window
  const spans = [
    { from: '2024-01-01', to: '2024-03-31' },
    { from: '2024-04-01', to: '2024-06-30' },
    { from: '2024-07-01', to: '2024-07-31' },
  ];
  const together = await loadRelationWindows(store.db, spans, undefined);
  for (let i = 0; i < spans.length; i++) {
    const alone = await loadRelations(store.db, spans[i]!);
    const got = together[i]!;
    assert.deepEqual([...got.relations.keys()].sort(), [...alone.relations.keys()].sort(), `window ${i}`);
    for (const [key, r] of alone.relations) {
      const g = got.relations.get(key)!;
      assert.equal(g.coop.n, r.coop.n, `window ${i} ${key}`);
      assert.equal(g.conflict.n, r.conflict.n, `window ${i} ${key}`);
      assert.equal(g.abEvents, r.abEvents, `window ${i} ${key}`);
      assert.ok(Math.abs(g.coop.w - r.coop.w) < 1e-9 && Math.abs(g.conflict.w2 - r.conflict.w2) < 1e-9);
    }
  }
}

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`aggregates equal the events (${backend})`, () => {
    let t: TestStore | null = null;
    before(async () => {
      t = backend === 'sqlite' ? await sqliteStore() : await postgresStore();
    });
    after(async () => {
      await t?.cleanup();
    });
    test('inserts, deletions, updates and rowid reuse', async (ctx) => {
      if (!t) return ctx.skip('no PostgreSQL server');
      await scenario(t.store);
    });
    test('dense pair alignment equals eventPairAlignment', async (ctx) => {
      if (!t) return ctx.skip('no PostgreSQL server');
      await alignmentMatches(t.store);
    });
    test('the migration fills the aggregates from the events already stored', async (ctx) => {
      if (!t) return ctx.skip('no PostgreSQL server');
      const store = t.store;
      const migration = migrations(store.dialect)['0004_event_aggregates']!;
      await migration.down!(store.db);
      await insertEvents(store, generated(17, 300));
      await migration.up(store.db);
      await check(store, 'migrated');
      const totals = await sql<{ n: number }>`select count(*) as n from event_dyad_totals`.execute(store.db);
      assert.ok(Number(totals.rows[0]!.n) > 0, 'pair totals filled');
    });
    test('windows read together equal windows read alone', async (ctx) => {
      if (!t) return ctx.skip('no PostgreSQL server');
      await windowsMatch(t.store);
    });
  });
}

test('splitScope: whole months and partial edges', () => {
  assert.deepEqual(splitScope({ from: '2024-01-01', to: '2024-12-31' }), {
    months: { fromMonth: '2024-01', toMonth: '2024-12' },
    edges: [],
  });
  assert.deepEqual(splitScope({ from: '2024-01-15', to: '2024-03-10' }), {
    months: { fromMonth: '2024-02', toMonth: '2024-02' },
    edges: [
      { from: '2024-01-15', to: '2024-01-31' },
      { from: '2024-03-01', to: '2024-03-10' },
    ],
  });
  assert.deepEqual(splitScope({ from: '2024-02-03', to: '2024-02-20' }), {
    months: null,
    edges: [{ from: '2024-02-03', to: '2024-02-20' }],
  });
  assert.deepEqual(splitScope({ from: '2024-02-03', to: '2024-03-01' }), {
    months: null,
    edges: [
      { from: '2024-02-03', to: '2024-02-29' },
      { from: '2024-03-01', to: '2024-03-01' },
    ],
  });
  assert.deepEqual(splitScope({}), { months: { fromMonth: undefined, toMonth: undefined }, edges: [] });
});
