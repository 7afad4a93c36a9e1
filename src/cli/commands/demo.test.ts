// The demo summary on both store backends, from hand-made extractions.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { fakeDocument, fakeEvent, fakeExtraction, IRN, ISR, RUS } from '../../store/fixtures.ts';
import { testBackends } from '../../store/test-stores.ts';
import { formatSummary, summarize } from './demo.ts';

for (const backend of testBackends()) {
  describe(`demo summary on ${backend.name}`, () => {
    after(() => backend.cleanup());

    test('most cooperative and most hostile dyads with their evidence; near-duplicates and hypotheticals left out', async () => {
      const store = await backend.open();
      try {
        const d1 = fakeDocument(1);
        const d2 = fakeDocument(2);
        const d3 = fakeDocument(3);
        await store.storeExtraction({
          ...fakeExtraction(d1),
          events: [
            fakeEvent(d1, 0, {
              goldstein: 8,
              code: '057',
              root: '05',
              evidence: { text: 'They signed a treaty.', start: 0, end: 21 },
            }),
            fakeEvent(d1, 1, { source: RUS, target: IRN, goldstein: 1.9 }),
            fakeEvent(d1, 2, {
              target: ISR,
              code: '190',
              root: '19',
              quad_class: 4,
              goldstein: -10,
              evidence: { text: 'Missiles were fired.', start: 30, end: 50 },
            }),
            fakeEvent(d1, 3, {
              target: ISR,
              code: '190',
              root: '19',
              quad_class: 4,
              goldstein: -10,
              modality: 'hypothetical',
            }),
            fakeEvent(d1, 4, { target: null, code: '010', root: '01' }),
          ],
        });
        // a near-duplicate's events do not count
        await store.storeExtraction(
          { ...fakeExtraction(d2), events: [fakeEvent(d2, 0, { target: ISR, goldstein: 50 })] },
          { duplicateOf: 'doc-1' },
        );
        await store.storeExtraction({
          ...fakeExtraction(d3),
          events: [fakeEvent(d3, 0, { source: ISR, target: RUS, goldstein: -2 })],
        });
        const s = await summarize(store);
        assert.equal(s.stats.documents, 3);
        assert.deepEqual(
          s.cooperative.map((d) => [d.a, d.b, d.events, Number(d.goldstein_sum.toFixed(1))]),
          [['IRN', 'RUS', 2, 9.9]],
        );
        assert.equal(s.cooperative[0].evidence?.text, 'They signed a treaty.');
        assert.equal(s.cooperative[0].evidence?.code, '057');
        assert.deepEqual(
          s.hostile.map((d) => [d.a, d.b, d.events, d.goldstein_sum]),
          [
            ['IRN', 'ISR', 1, -10],
            ['ISR', 'RUS', 1, -2],
          ],
        );
        assert.equal(s.hostile[0].evidence?.text, 'Missiles were fired.');
        const text = formatSummary(s, 'test.db');
        assert.match(text, /^3 documents \(1 near-duplicates, kept but not counted\) in test\.db$/m);
        assert.match(
          text,
          /Most cooperative dyads\n {2}IRN-RUS {2}\+9\.9 Goldstein over 2 events\n {4}2025-12-18 IRNGOV -> RUSGOV \(057\): "They signed a treaty\."/,
        );
        assert.match(text, /Most hostile dyads\n {2}IRN-ISR {2}-10\.0 Goldstein over 1 event\n/);
      } finally {
        await store.close();
      }
    });
  });
}
