// newestEvents runs a filter with an OR over an event's two sides (actor, pair, country) as two
// branches: every page must hold exactly what the single OR query gives, an event with the actor
// on both sides once, and cursor pages must walk every matching event exactly once.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fakeDocument, fakeEvent, IRN, ISR, RUS } from '../store/fixtures.ts';
import { eventToRow } from '../store/records.ts';
import { testBackends } from '../store/test-stores.ts';
import type { ActorRef } from '../types.ts';
import { type EventFilters, eventWhere } from './event-filters.ts';
import { newestEvents } from './routes/events.ts';

const IRNMIL: ActorRef = { code: 'IRNMIL', name: 'Iranian forces', country: 'IRN', sector: 'MIL' };

for (const backend of testBackends()) {
  describe(`newestEvents on ${backend.name}`, () => {
    after(() => backend.cleanup());

    test('side branches give the same pages as one OR query', async () => {
      const store = await backend.open();
      try {
        const doc = fakeDocument(1);
        const pairs: [ActorRef, ActorRef][] = [
          [IRN, RUS],
          [RUS, IRN],
          [IRN, IRNMIL],
          [IRNMIL, IRN],
          [IRN, IRN],
          [ISR, IRN],
          [RUS, ISR],
        ];
        // several events share a date, so the id decides the order inside a day
        const rows = Array.from({ length: 42 }, (_, i) => {
          const [source, target] = pairs[i % pairs.length]!;
          const day = String(1 + (i % 9)).padStart(2, '0');
          return eventToRow(fakeEvent(doc, i, { source, target, date: `2025-03-${day}` }));
        });
        await store.db.insertInto('events').values(rows).execute();
        const cases: EventFilters[] = [
          { actor: 'IRN' },
          { actor: 'IRNGOV' },
          { country: 'IRN' },
          { pair: 'IRN,RUS' },
          { pair: 'IRN,IRN' },
          { pair: 'IRNGOV,IRN' },
          { actor: 'IRN', from: '2025-03-03', to: '2025-03-07' },
        ];
        for (const f of cases) {
          const plain = await store.db
            .selectFrom('events')
            .select('id')
            .where(eventWhere(f))
            .orderBy('date', 'desc')
            .orderBy('id', 'desc')
            .execute();
          const want = plain.map((r) => r.id);
          assert.ok(want.length > 0, JSON.stringify(f));
          const whole = await newestEvents(store.db, f, { key: 'date', after: null, limit: 1000 });
          assert.deepEqual(
            whole.map((r) => r.id),
            want,
            JSON.stringify(f),
          );
          // pages of 5 through the cursor
          const walked: string[] = [];
          let cursor: [string, string] | null = null;
          for (let page = 0; page < 50; page++) {
            const rows = await newestEvents(store.db, f, { key: 'date', after: cursor, limit: 5 });
            walked.push(...rows.map((r) => r.id));
            if (rows.length < 5) break;
            const last = rows.at(-1)!;
            cursor = [last.date, last.id];
          }
          assert.deepEqual(walked, want, `${JSON.stringify(f)} paged`);
        }
      } finally {
        await store.close();
      }
    });
  });
}
