// The ingest loop against both store backends, with a stand-in extractor (events without NLP).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { fakeEvent } from '../store/fixtures.ts';
import type { Store } from '../store/index.ts';
import { sqliteBackend, testBackends } from '../store/test-stores.ts';
import type { Document, Extraction } from '../types.ts';
import { ingestInputs, isBulkLoad } from './run.ts';

/** One event per paragraph; a document containing "EXPLODE" makes the extractor throw. */
const extractor = {
  extract(doc: Document): Extraction {
    if (doc.text.includes('EXPLODE')) throw new Error('stage failure for a test');
    const paragraphs = doc.text.split('\n\n');
    return {
      doc,
      sentences: [],
      mentions: [],
      events: paragraphs.map((_, i) => fakeEvent(doc, i)),
      claims: [],
      quotes: [],
    };
  },
};

const STORY =
  'Iran and Russia agreed on Tuesday to deepen cooperation in energy and trade, officials in Moscow said after talks between the two foreign ministers that lasted for more than three hours and covered the South Caucasus, Afghanistan and the war in Ukraine, as well as plans for a new joint commission on transport corridors and banking links between the two countries.';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'blocwatch-run-'));
  const lines = [
    { id: 'j1', date: '2025-12-18', text: STORY },
    { id: 'j2', date: '2025-12-19', text: STORY.replace('three hours', 'four hours') },
    {
      id: 'j3',
      date: '2025-12-20',
      text: 'Chile and Peru signed a port agreement.\n\nThey will meet again.',
    },
    { id: 'j4', date: '2025-12-20', text: 'This one will EXPLODE in the extractor.' },
    { id: 'j5', date: '2025-12-21', text: STORY },
  ];
  writeFileSync(join(dir, 'a.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{broken\n`);
  writeFileSync(join(dir, 'b.txt'), `Date: 2025-12-22\n\n${STORY}`);
  writeFileSync(join(dir, 'c.bin'), Buffer.from([1, 0, 2, 0, 3]));
});
after(() => rmSync(dir, { recursive: true, force: true }));

for (const backend of testBackends()) {
  describe(`ingestInputs on ${backend.name}`, () => {
    after(() => backend.cleanup());

    test('counts, near-duplicates, rejections, and a second run that stores nothing', async () => {
      const store = await backend.open();
      try {
        const progress: number[] = [];
        const s = await ingestInputs(store, extractor, [dir], { onProgress: (p) => progress.push(p.read) });
        assert.equal(s.read, 5, 'j1 j2 j3 j5 b.txt');
        assert.equal(s.stored, 3, 'j1 j2 j3');
        assert.equal(s.duplicates, 2, 'j5 and b.txt repeat j1');
        assert.equal(s.near_duplicates, 1, 'j2');
        assert.equal(s.rejected, 3, 'j4 extraction, the broken line, c.bin');
        assert.equal(s.events, 4);
        assert.deepEqual(
          s.rejections.map((r) => r.reason.split(/[:(]/)[0].trim()),
          ['extraction failed', 'invalid JSON', 'binary file'],
        );
        assert.ok(progress.length > 0);
        const doc = await store.getDocument('j2');
        assert.equal(doc?.duplicate_of, 'j1');
        assert.equal(doc?.run_id, s.runId);
        const run = await store.getRun(s.runId);
        assert.equal(run?.stored, 3);
        assert.equal(run?.rejected, 3);
        const stats = await store.stats();
        assert.equal(stats.rejected_inputs, 3);
        assert.equal(stats.events_counted, 3, 'the near-duplicate’s event is not counted');

        const again = await ingestInputs(store, extractor, [dir]);
        assert.equal(again.stored, 0);
        assert.equal(again.duplicates, 5);
        assert.equal((await store.stats()).documents, 3);
      } finally {
        await store.close();
      }
    });

    test('a document whose rows the store refuses is rejected with the reason; the others are stored', async () => {
      const store = await backend.open();
      const own = mkdtempSync(join(tmpdir(), 'blocwatch-refused-'));
      const input = join(own, 'refused.jsonl');
      const texts = [
        'Chile and Peru signed a port agreement.',
        'BADROW here.',
        'Peru and Bolivia held talks.',
      ];
      writeFileSync(
        input,
        `${texts.map((text, i) => JSON.stringify({ id: `r${i}`, date: '2025-12-18', text })).join('\n')}\n`,
      );
      // a stage bug: an event without a code (a NOT NULL column)
      const buggy = {
        extract(doc: Document): Extraction {
          const x = extractor.extract(doc);
          if (!doc.text.includes('BADROW')) return x;
          return { ...x, events: x.events.map((e) => ({ ...e, code: null as unknown as string })) };
        },
      };
      try {
        const s = await ingestInputs(store, buggy, [input]);
        assert.equal(s.stored, 2);
        assert.equal(s.rejected, 1);
        assert.equal(s.read, 2);
        assert.equal(s.rejections[0]?.input, `${input}:2`);
        assert.equal(s.rejections[0]?.code, 'BW_ERR_DB_QUERY');
        assert.match(s.rejections[0]?.reason ?? '', /^storing failed: .*(code|null)/i);
        const ids = await store.db.selectFrom('documents').select('id').orderBy('id').execute();
        assert.deepEqual(
          ids.map((r) => r.id),
          ['r0', 'r2'],
        );
      } finally {
        await store.close();
        rmSync(own, { recursive: true, force: true });
      }
    });
  });
}

describe('bulk ingest (SQLite)', () => {
  const backend = sqliteBackend();
  after(() => backend.cleanup());
  const indexNames = async (store: Store) =>
    (
      await sql<{ name: string }>`select name from sqlite_master where type = 'index' order by name`.execute(
        store.db,
      )
    ).rows.map((r) => r.name);
  const contents = async (store: Store) => ({
    documents: await store.db.selectFrom('documents').select(['id', 'duplicate_of']).orderBy('id').execute(),
    events: await store.db.selectFrom('events').selectAll().orderBy('id').execute(),
  });

  test('stores what a plain run stores and ends with every index in place', async () => {
    const plain = await backend.open();
    const bulk = await backend.open();
    try {
      const a = await ingestInputs(plain, extractor, [dir]);
      const b = await ingestInputs(bulk, extractor, [dir], { bulk: true });
      assert.deepEqual({ ...b, runId: '' }, { ...a, runId: '' });
      assert.deepEqual(await contents(bulk), await contents(plain));
      assert.deepEqual(await indexNames(bulk), await indexNames(plain));
    } finally {
      await plain.close();
      await bulk.close();
    }
  });

  test('a run that fails part-way still re-creates the indexes it dropped', async () => {
    const store = await backend.open();
    const expected = await indexNames(store);
    // a failure that stops the run (per-document failures do not): storing itself throws
    const brokenStore: Store = {
      ...store,
      async storeBatch() {
        throw new Error('the disk went away');
      },
    };
    try {
      await assert.rejects(ingestInputs(brokenStore, extractor, [dir], { bulk: true }), /disk went away/);
      assert.deepEqual(await indexNames(store), expected);
    } finally {
      await store.close();
    }
  });

  test('isBulkLoad: a few small files are no bulk load', async () => {
    const store = await backend.open();
    try {
      assert.equal(await isBulkLoad(store, [dir]), false);
    } finally {
      await store.close();
    }
  });
});
