// Store tests, run against SQLite (temporary file) and PostgreSQL (random schema).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { makeDocument } from '../ingest/document.ts';
import { simhash } from '../ingest/hash.ts';
import { fakeDocument, fakeEvent, fakeExtraction, ISR } from './fixtures.ts';
import { eventToRecord, openStore, rowToCodedEvent } from './index.ts';
import { testBackends } from './test-stores.ts';

for (const backend of testBackends()) {
  describe(`store on ${backend.name}`, () => {
    after(() => backend.cleanup());

    test('migrations create every table and reopening is a no-op', async () => {
      const location = backend.location();
      const store = await openStore(location);
      const tables = (await store.db.introspection.getTables()).map((t) => t.name).sort();
      for (const t of [
        'claims',
        'documents',
        'events',
        'ingest_runs',
        'quotes',
        'rejected_inputs',
        'un_roll_calls',
        'un_votes',
        'unknown_mentions',
      ])
        assert.ok(tables.includes(t), `missing table ${t}`);
      await store.close();
      const again = await openStore(location);
      assert.equal((await again.stats()).documents, 0);
      await again.close();
    });

    test('storeExtraction writes a document and its records once (idempotent)', async () => {
      const store = await backend.open();
      try {
        const doc = fakeDocument(1);
        const x = fakeExtraction(doc, 3);
        const first = await store.storeExtraction(x, { runId: 'r1' });
        assert.deepEqual(first, { status: 'stored', docId: 'doc-1', events: 3, claims: 1, quotes: 1 });
        const second = await store.storeExtraction(x, { runId: 'r2' });
        assert.equal(second.status, 'duplicate');
        // same text under another id is still the same content
        const copy = await store.storeExtraction({ ...x, doc: { ...doc, id: 'doc-1-copy' } });
        assert.equal(copy.status, 'duplicate');
        assert.equal(copy.docId, 'doc-1');
        const stats = await store.stats();
        assert.equal(stats.documents, 1);
        assert.equal(stats.events, 3);
        assert.equal(stats.claims, 1);
        assert.equal(stats.quotes, 1);
        assert.equal(stats.unknown_mentions, 1, 'the same unknown mention twice is stored once');
        assert.deepEqual(stats.events_by_quad, { '1': 3, '2': 0, '3': 0, '4': 0 });
        assert.equal(typeof stats.events, 'number', 'counts are numbers, not strings');
        assert.equal((await store.findByContentHash(doc.content_hash))?.id, 'doc-1');
      } finally {
        await store.close();
      }
    });

    test('a different text under a stored id is an id conflict and writes nothing', async () => {
      const store = await backend.open();
      try {
        await store.storeExtraction(fakeExtraction(fakeDocument(1)));
        const other = fakeDocument(1, 'A completely different article about trade between Chile and Peru.');
        const r = await store.storeExtraction(fakeExtraction(other));
        assert.equal(r.status, 'id_conflict');
        assert.equal((await store.stats()).documents, 1);
      } finally {
        await store.close();
      }
    });

    test('a failing record rolls back the whole document', async () => {
      const store = await backend.open();
      try {
        const doc = fakeDocument(7);
        const x = fakeExtraction(doc);
        const bad = { ...x, events: [...x.events, fakeEvent(doc, 9, { code: null as unknown as string })] };
        await assert.rejects(store.storeExtraction(bad), /storing a document/);
        const stats = await store.stats();
        assert.equal(stats.documents, 0);
        assert.equal(stats.events, 0);
      } finally {
        await store.close();
      }
    });

    test('events round-trip: the stored record equals the record built from the CodedEvent', async () => {
      const store = await backend.open();
      try {
        const doc = fakeDocument(2);
        const x = fakeExtraction(doc, 2);
        await store.storeExtraction(x);
        const page = await store.listEvents({}, { limit: 10 });
        const byId = new Map(page.items.map((e) => [e.id, e]));
        for (const e of x.events) assert.deepEqual(byId.get(e.id), eventToRecord(e));
        const row = await store.db
          .selectFrom('events')
          .selectAll()
          .where('id', '=', x.events[0].id)
          .executeTakeFirstOrThrow();
        assert.deepEqual(rowToCodedEvent(row), { ...x.events[0] });
        const rec = byId.get(x.events[1].id)!;
        assert.equal(rec.target, null);
        assert.equal(rec.goldstein, 1.9);
        assert.deepEqual(Object.keys(rec).slice(0, 6), [
          'kind',
          'id',
          'doc_id',
          'sentence_index',
          'origin',
          'source',
        ]);
      } finally {
        await store.close();
      }
    });

    test('listEvents filters and paginates with a cursor', async () => {
      const store = await backend.open();
      try {
        for (let i = 0; i < 5; i++) {
          const doc = fakeDocument(i, undefined, `2025-0${i + 1}-15`);
          const x = fakeExtraction(doc, 2);
          const events =
            i === 4
              ? [fakeEvent(doc, 0, { target: ISR, code: '190', root: '19', quad_class: 4, goldstein: -10 })]
              : x.events;
          await store.storeExtraction({ ...x, events });
        }
        assert.equal(await store.countEvents(), 9);
        assert.equal(await store.countEvents({ quad: 4 }), 1);
        assert.equal(await store.countEvents({ pair: ['ISR', 'IRN'] }), 1);
        assert.equal(await store.countEvents({ pair: ['RUSGOV', 'IRN'] }), 4);
        assert.equal(await store.countEvents({ actor: 'IRNG' }), 9);
        assert.equal(await store.countEvents({ country: 'RUS' }), 4);
        assert.equal(await store.countEvents({ code: '010', from: '2025-02-01', to: '2025-03-31' }), 2);
        assert.equal(await store.countEvents({ root: '19', modality: 'asserted', origin: 'blocwatch' }), 1);
        assert.equal(await store.countEvents({ actor: "IRN' OR 1=1 --" }), 0, 'filters are parameters');
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await store.listEvents({}, { limit: 4, cursor });
          seen.push(...page.items.map((e) => e.id));
          cursor = page.next_cursor;
        } while (cursor);
        assert.equal(seen.length, 9);
        assert.equal(new Set(seen).size, 9);
        assert.equal(seen[0], 'doc-4-e0', 'newest first');
        const all = [];
        for await (const e of store.iterateEvents({}, 2)) all.push(e.id);
        assert.deepEqual([...all].sort(), [...seen].sort());
      } finally {
        await store.close();
      }
    });

    test('near-duplicates: found by SimHash, their events flagged and not counted', async () => {
      const store = await backend.open();
      try {
        const text =
          'Iran and Russia agreed on Tuesday to deepen cooperation in energy and trade, officials in Moscow said after talks between the two foreign ministers that lasted for more than three hours and covered the South Caucasus, Afghanistan and the war in Ukraine, as well as plans for a new joint commission on transport corridors and banking links between the two countries.';
        const a = makeDocument({ id: 'a', published_at: '2025-12-18', text, format: 'text' });
        await store.storeExtraction(fakeExtraction(a));
        const edited = text.replace('three hours', 'four hours');
        const near = await store.findNearDuplicate(simhash(edited), { publishedAt: '2025-12-19' });
        assert.equal(near?.id, 'a');
        const farInTime = await store.findNearDuplicate(simhash(edited), {
          publishedAt: '2026-06-01',
          windowBits: 14,
        });
        assert.ok(farInTime === undefined || farInTime.distance <= 3);
        const unrelated = await store.findNearDuplicate(
          simhash(
            'The central bank raised its key interest rate by half a point, citing persistent inflation in food prices.',
          ),
          { publishedAt: '2025-12-18' },
        );
        assert.equal(unrelated, undefined);
        const b = makeDocument({ id: 'b', published_at: '2025-12-19', text: edited, format: 'text' });
        await store.storeExtraction(fakeExtraction(b), { duplicateOf: near!.id });
        const stats = await store.stats();
        assert.equal(stats.near_duplicates, 1);
        assert.equal(stats.events, 4);
        assert.equal(stats.events_counted, 2);
        assert.equal(await store.countEvents(), 2);
        assert.equal(await store.countEvents({ includeDuplicates: true }), 4);
        // a copy of the copy points at the original
        const again = await store.findNearDuplicate(b.simhash, { publishedAt: '2025-12-19' });
        assert.equal(again?.id, 'a');
      } finally {
        await store.close();
      }
    });

    test('replaceExtraction swaps a document’s records in one transaction', async () => {
      const store = await backend.open();
      try {
        const doc = fakeDocument(3);
        await store.storeExtraction(fakeExtraction(doc, 4));
        const r = await store.replaceExtraction({ ...fakeExtraction(doc, 1), claims: [], quotes: [] });
        assert.deepEqual(r, { status: 'stored', docId: 'doc-3', events: 1, claims: 0, quotes: 0 });
        const stats = await store.stats();
        assert.equal(stats.events, 1);
        assert.equal(stats.claims, 0);
        await store.deleteExtractionsForDoc('doc-3');
        assert.equal((await store.stats()).events, 0);
        assert.equal((await store.stats()).documents, 1);
        await assert.rejects(store.replaceExtraction(fakeExtraction(fakeDocument(99))), /not stored/);
      } finally {
        await store.close();
      }
    });

    test('ingest runs and rejected inputs are recorded', async () => {
      const store = await backend.open();
      try {
        const run = await store.startRun(['a.txt', 'b/']);
        await store.recordRejected(run, 'b/x.bin', 'BW_ERR_INPUT_REJECTED', 'binary file');
        await store.finishRun(run, { read: 3, stored: 2, duplicates: 1, near_duplicates: 0, rejected: 1 });
        const row = await store.getRun(run);
        assert.equal(row?.stored, 2);
        assert.ok(row?.finished_at);
        const rejected = await store.db.selectFrom('rejected_inputs').selectAll().execute();
        assert.equal(rejected.length, 1);
        assert.equal(rejected[0].reason, 'binary file');
        assert.equal(typeof rejected[0].id, 'number');
      } finally {
        await store.close();
      }
    });

    test('iterateDocuments, iterateClaims and iterateQuotes page through everything', async () => {
      const store = await backend.open();
      try {
        for (let i = 0; i < 7; i++) await store.storeExtraction(fakeExtraction(fakeDocument(i)));
        const ids = [];
        for await (const d of store.iterateDocuments(3)) ids.push(d.id);
        assert.equal(ids.length, 7);
        const claims = [];
        for await (const c of store.iterateClaims(2)) claims.push(c);
        assert.equal(claims.length, 7);
        assert.deepEqual(claims[0].actors, ['RUS', 'IRN']);
        assert.equal(claims[0].speaker_actor, 'RUSGOV');
        const quotes = [];
        for await (const q of store.iterateQuotes(2)) quotes.push(q);
        assert.equal(quotes.length, 7);
        assert.equal(quotes[0].direct, true);
      } finally {
        await store.close();
      }
    });
  });
}

test('openStore reports an unreachable PostgreSQL server in one line', async () => {
  await assert.rejects(
    openStore('postgres://nobody@127.0.0.1:1/none'),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, 'BW_ERR_DB_OPEN');
      assert.ok(!error.message.includes('\n'));
      return true;
    },
  );
});

test('a SQLite connection opened with a page cache size keeps that many MiB of pages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blocwatch-cache-'));
  try {
    const file = join(dir, 'cache.db');
    const sized = await openStore(file, { pageCacheMiB: 64, walCheckpointPages: 5000 });
    const plain = await openStore(file);
    try {
      const size = async (store: Awaited<ReturnType<typeof openStore>>) =>
        Number((await sql<{ cache_size: number }>`pragma cache_size`.execute(store.db)).rows[0]?.cache_size);
      const checkpoint = async (store: Awaited<ReturnType<typeof openStore>>) =>
        Number(
          (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db)).rows[0]
            ?.wal_autocheckpoint,
        );
      assert.equal(await size(sized), -64 * 1024);
      assert.equal(await checkpoint(sized), 5000);
      // better-sqlite3 builds SQLite with a 16 MiB default, and SQLite checkpoints every 1,000 pages
      assert.equal(await size(plain), -16000);
      assert.equal(await checkpoint(plain), 1000);
    } finally {
      await sized.close();
      await plain.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
