// Follow-through matches every planned event in a few queries (windows merged per direction and
// root, the root checked on its index on SQLite). Each planned event's match must be the earliest
// matching event (by date, then id) found by plain SQL for that planned event alone, on generated
// events with overlapping windows, both directions, compatible roots, same-day ties and events of
// the planned event's own document.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { EventRow } from '../ingest/importers/writer.ts';
import { followups, loadFollowupRules, plannedEnd } from './followups.ts';
import { addDays, earlier } from './scope.ts';
import { ev, insertEvents, postgresStore, sqliteStore, type TestStore } from './test-support.ts';

const STATES = ['AAA', 'BBB', 'CCC'];
const CODES: [string, number, number][] = [
  ['036', 1, 4],
  ['040', 1, 1],
  ['042', 1, 1.9],
  ['057', 1, 8],
  ['061', 2, 6.4],
  ['111', 3, -2],
];

function generated(seed: number, n: number): EventRow[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rows: EventRow[] = [];
  for (let i = 0; i < n; i++) {
    const a = pick(STATES);
    const b = pick(STATES.filter((x) => x !== a));
    const [code, quad, g] = pick(CODES);
    const date = new Date(Date.UTC(2024, 0, 1 + Math.floor(rnd() * 60))).toISOString().slice(0, 10);
    const planned = rnd() < 0.3;
    const published = new Date(Date.UTC(2024, 0, 1 + Math.floor(rnd() * 60))).toISOString().slice(0, 10);
    rows.push(
      ev(a, b, date, code, quad, g, {
        // ids out of insertion order, so that same-day ties are broken by id, not by rowid
        id: `e${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}-${i}`,
        modality: planned ? 'planned' : pick(['asserted', 'reported', 'negated']),
        date_precision: planned ? pick(['day', 'day', 'month']) : 'day',
        published_at: planned ? published : date,
        doc_id: pick(['d1', 'd2', 'd3', null]),
        is_duplicate: rnd() < 0.05 ? 1 : 0,
      }),
    );
  }
  return rows;
}

for (const [name, open] of [
  ['SQLite', sqliteStore],
  ['PostgreSQL', postgresStore],
] as const) {
  describe(`follow-ups matching (${name})`, () => {
    let t: TestStore | null = null;
    before(async () => {
      t = await open();
      if (t) await insertEvents(t.store, generated(7, 600));
    });
    after(() => t?.cleanup());

    test('every match equals the plain-SQL first match of its planned event', async (ctx) => {
      if (!t) return ctx.skip('no PostgreSQL server');
      const db = t.store.db;
      const rules = loadFollowupRules();
      const r = await followups(db, { limit: 10_000 });
      assert.ok(r.items.length > 100, 'enough planned events');
      let held = 0;
      for (const item of r.items) {
        const p = item.planned;
        const root = p.code.slice(0, 2);
        const roots = rules.compatibleRootGroups.find((g) => g.includes(root)) ?? [root];
        const s = p.source_code.slice(0, 3);
        const tg = p.target_code.slice(0, 3);
        const sides = rules.symmetricRoots.has(root)
          ? [
              [s, tg],
              [tg, s],
            ]
          : [[s, tg]];
        const from = earlier(p.published_at, p.date);
        const to = addDays(plannedEnd(p.date, p.date_precision), rules.graceDays[p.date_precision] ?? 7);
        assert.deepEqual(item.window, { from, to });
        const expected = await sql<{ id: string }>`select id from events
          where (${sql.join(
            sides.map(([x, y]) => sql`(source_country = ${x} and target_country = ${y})`),
            sql` or `,
          )})
            and root in (${sql.join(roots)}) and date >= ${from} and date <= ${to}
            and modality in ('asserted', 'reported') and is_duplicate = 0
            and (doc_id is null or ${p.doc_id ?? ''} = '' or doc_id <> ${p.doc_id ?? ''})
          order by date, id limit 1`.execute(db);
        assert.equal(item.match?.id ?? null, expected.rows[0]?.id ?? null, `planned ${p.id}`);
        if (item.match) held++;
      }
      assert.ok(held > 20 && held < r.items.length, `${held} held of ${r.items.length}`);
    });
  });
}
