// storeBatch: many documents in one transaction must give exactly what storing them one at a time
// gives (near-duplicate links included), and one document the database refuses must not cost the
// others theirs.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { CodedEvent, Extraction } from '../types.ts';
import { fakeDocument, fakeExtraction } from './fixtures.ts';
import type { BatchItemResult, Store } from './index.ts';
import { testBackends } from './test-stores.ts';

const STORY =
  'The foreign ministers of Iran and Russia met in Moscow on Tuesday and agreed to expand their cooperation on energy, transport corridors and banking, officials of both governments said after more than three hours of talks that also covered regional security.';

/** Documents that exercise every status and a copy of a near-duplicate inside one batch. */
function extractions(): Extraction[] {
  const original = fakeDocument(1, STORY, '2025-03-10');
  const edited = fakeDocument(2, STORY.replace('three hours', 'four hours'), '2025-03-11');
  const sameText = fakeDocument(3, STORY, '2025-03-12');
  const other = fakeDocument(4, undefined, '2025-03-12');
  const sameId = {
    ...fakeDocument(5, 'A different text under an id already used in this batch.'),
    id: other.id,
  };
  // 10 bits from the original but three days later (outside its window), 11 from the edited copy
  const editedAgain = fakeDocument(6, STORY.replace('three hours', 'five hours'), '2025-03-13');
  // 4 bits from the original, 11 from the edited copy, 12 from editedAgain
  const extended = fakeDocument(
    7,
    STORY.replace('regional security', 'regional security issues'),
    '2025-03-12',
  );
  return [original, edited, sameText, other, sameId, editedAgain, extended].map((d) => fakeExtraction(d, 2));
}

async function dump(store: Store) {
  const db = store.db;
  return {
    documents: await db
      .selectFrom('documents')
      .select(['id', 'content_hash', 'duplicate_of', 'run_id'])
      .orderBy('id')
      .execute(),
    events: await db.selectFrom('events').selectAll().orderBy('id').execute(),
    claims: await db.selectFrom('claims').selectAll().orderBy('id').execute(),
    quotes: await db.selectFrom('quotes').selectAll().orderBy('id').execute(),
    unknown: await db.selectFrom('unknown_mentions').selectAll().orderBy('doc_id').orderBy('start').execute(),
  };
}

const summary = (results: BatchItemResult[]) =>
  results.map((r) => [r.status, r.docId, r.duplicateOf, r.events, r.claims, r.quotes]);

for (const backend of testBackends()) {
  describe(`storeBatch on ${backend.name}`, () => {
    after(() => backend.cleanup());

    test('one batch stores exactly what one-document batches store, near-duplicates included', async () => {
      const whole = await backend.open();
      const single = await backend.open();
      const oneByOne = await backend.open();
      try {
        const xs = extractions();
        const together = await whole.storeBatch(xs, { runId: null });
        const apart: BatchItemResult[] = [];
        for (const x of xs) apart.push(...(await single.storeBatch([x], { runId: null })));
        assert.deepEqual(summary(together), summary(apart));
        // the same as the one-document path (findNearDuplicate, then storeExtraction)
        for (const x of xs) {
          const near = await oneByOne.findNearDuplicate(x.doc.simhash, { publishedAt: x.doc.published_at });
          await oneByOne.storeExtraction(x, { runId: null, duplicateOf: near?.id ?? null });
        }
        assert.deepEqual(await dump(oneByOne), await dump(whole));
        assert.deepEqual(summary(together), [
          ['stored', 'doc-1', null, 2, 1, 1],
          ['stored', 'doc-2', 'doc-1', 2, 1, 1],
          ['duplicate', 'doc-1', null, 0, 0, 0],
          ['stored', 'doc-4', null, 2, 1, 1],
          ['id_conflict', 'doc-4', null, 0, 0, 0],
          // a copy of the near-duplicate but not of the original: only originals are candidates,
          // so it starts a cluster of its own (it was linked to doc-1 through doc-2 before)
          ['stored', 'doc-6', null, 2, 1, 1],
          // linked to the original, not to a near-duplicate stored earlier in the same batch
          ['stored', 'doc-7', 'doc-1', 2, 1, 1],
        ]);
        assert.deepEqual(await dump(whole), await dump(single));
        const events = await whole.db
          .selectFrom('events')
          .select(['doc_id', 'is_duplicate'])
          .where('doc_id', '=', 'doc-2')
          .execute();
        assert.deepEqual(
          events.map((e) => Number(e.is_duplicate)),
          [1, 1],
          'a near-duplicate’s records are flagged',
        );
      } finally {
        await whole.close();
        await single.close();
        await oneByOne.close();
      }
    });

    test('a document whose rows the database refuses fails alone; the rest of the batch is stored', async () => {
      const store = await backend.open();
      try {
        const xs = [1, 2, 3].map((n) => fakeExtraction(fakeDocument(10 + n), 2));
        const bad = xs[1]!;
        // a stage bug: an event without a code (the column is NOT NULL)
        const broken = { ...bad.events[0]!, code: null } as unknown as CodedEvent;
        xs[1] = { ...bad, events: [broken, ...bad.events.slice(1)] };
        const results = await store.storeBatch(xs, { runId: null });
        assert.deepEqual(
          results.map((r) => r.status),
          ['stored', 'failed', 'stored'],
        );
        assert.match(results[1]!.reason ?? '', /code|null/i);
        const ids = await store.db.selectFrom('documents').select('id').orderBy('id').execute();
        assert.deepEqual(
          ids.map((r) => r.id),
          ['doc-11', 'doc-13'],
          'nothing of the failed document is kept',
        );
        const events = await store.db.selectFrom('events').select('doc_id').execute();
        assert.equal(events.length, 4);
        assert.ok(events.every((e) => e.doc_id !== 'doc-12'));
      } finally {
        await store.close();
      }
    });
  });
}
