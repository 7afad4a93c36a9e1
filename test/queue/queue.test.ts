// The work queue in process, on SQLite and PostgreSQL: enqueueing is idempotent and rejects like
// ingest; a lease that expires lets another worker claim the job; a crash between storing and
// marking done neither loses nor doubles anything; a poison document is parked with its error.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { makeDocument } from '../../src/ingest/document.ts';
import { ingestInputs } from '../../src/ingest/index.ts';
import { createExtractor } from '../../src/pipeline.ts';
import {
  claimJobs,
  completeJob,
  enqueueDocuments,
  enqueueInputs,
  parsePayload,
  queueStatus,
  retryParked,
  runWorker,
} from '../../src/queue/index.ts';
import { parseDuration } from '../../src/queue/watch.ts';
import type { Store } from '../../src/store/index.ts';
import { testBackends } from '../../src/store/test-stores.ts';
import type { Document } from '../../src/types.ts';
import { firstDifference, sleep, snapshot } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'blocwatch-queue-'));
const backends = testBackends();
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const b of backends) await b.cleanup();
});

const extractor = createExtractor();

const TEXTS = [
  'Iranian Foreign Minister Abbas Araghchi arrived in Moscow on Monday for talks with Sergei Lavrov. The two ministers signed an agreement on energy cooperation.',
  'China imposed new sanctions on Japanese banks, the ministry in Beijing said on Tuesday. Japan condemned the decision as provocative.',
  'Turkish troops carried out an air strike near the border with Iraq, officials said. Protesters gathered outside the Turkish embassy in Baghdad.',
  'India and Brazil agreed to expand trade in grain and fertiliser. Prime Minister Narendra Modi will visit Brasilia next month, his office said.',
];

function doc(id: string, text: string, date = '2025-03-10'): Document {
  return makeDocument({ id, text, published_at: date, format: 'jsonl', source: 'Test Wire' });
}

function jsonl(name: string, lines: readonly unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return path;
}

async function jobs(store: Store) {
  return store.db.selectFrom('jobs').selectAll().orderBy('id').execute();
}

const quiet = { pollMs: 10, retryDelayMs: 0, once: true } as const;

test('parseDuration reads ms, s, m, h and bare seconds', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('60s'), 60_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('2'), 2000);
  assert.equal(parseDuration('soon'), null);
  assert.equal(parseDuration('0s'), 0);
  assert.equal(parseDuration('-1s'), null);
});

test('parsePayload checks the document fields', () => {
  const d = doc('p1', TEXTS[0]);
  assert.deepEqual(parsePayload(JSON.stringify(d)), d);
  assert.throws(() => parsePayload('{'), /invalid payload/);
  assert.throws(
    () => parsePayload(JSON.stringify({ ...d, text: 42 })),
    /text: expected a string, found number/,
  );
  assert.throws(() => parsePayload('[]'), /expected a JSON object/);
});

for (const backend of backends) {
  describe(`queue on ${backend.name}`, () => {
    test('enqueue twice adds nothing; bad lines are rejected with reasons like ingest', async () => {
      const store = await backend.open();
      try {
        const path = jsonl('mixed.jsonl', [
          { id: 'a1', date: '2025-03-10', text: TEXTS[0] },
          { id: 'a2', date: '2025-03-11', text: TEXTS[1] },
          '{"id": "broken"',
          { id: 'a3', date: '2025-03-12', text: 42 },
          { id: 'a4', date: '2025-03-12', text: TEXTS[1] },
          { id: 'a1', date: '2025-03-13', text: TEXTS[2] },
        ]);
        const first = await enqueueInputs(store, [path]);
        assert.equal(first.read, 3);
        assert.equal(first.enqueued, 2);
        assert.equal(first.duplicates, 1, 'a4 repeats the text of a2');
        assert.equal(first.rejected, 3);
        const reasons = first.rejections.map((r) => `${r.input.replace(dir, '')} ${r.reason}`);
        assert.ok(
          reasons.some((r) => r.startsWith('/mixed.jsonl:3 invalid JSON')),
          reasons.join('\n'),
        );
        assert.ok(
          reasons.includes('/mixed.jsonl:4 text: expected a string, found number'),
          reasons.join('\n'),
        );
        assert.ok(reasons.some((r) => r.includes('"a1" is already stored or queued with different text')));
        const second = await enqueueInputs(store, [path]);
        assert.equal(second.enqueued, 0);
        assert.equal(second.duplicates, 3);
        assert.equal((await jobs(store)).length, 2);
        const rejected = await store.db.selectFrom('rejected_inputs').selectAll().execute();
        assert.equal(rejected.length, 6, 'each run records its rejections');
        // once stored, the same text is still not queued again
        await runWorker(store, { ...quiet, extractor });
        const third = await enqueueInputs(store, [path]);
        assert.equal(third.enqueued, 0);
        assert.equal((await jobs(store)).length, 2);
        assert.equal((await store.stats()).documents, 2);
      } finally {
        await store.close();
      }
    });

    test('near-duplicates are decided at enqueue time, as a sequential ingest decides them', async () => {
      const original = `${TEXTS[3]} ${TEXTS[0]} ${TEXTS[1]}`;
      const edited = original.replace('next month', 'in May');
      const inputs = [
        doc('n1', original, '2025-04-01'),
        doc('n2', TEXTS[2], '2025-04-01'),
        doc('n3', edited, '2025-04-02'),
        doc('n4', `${edited} Both sides agreed to meet again.`, '2025-04-02'),
      ];
      const path = jsonl(
        'near.jsonl',
        inputs.map((d) => ({ id: d.id, date: d.published_at, text: d.text })),
      );
      const queued = await backend.open();
      const ref = await backend.open();
      try {
        const summary = await enqueueInputs(queued, [path], { chunkSize: 2 });
        assert.equal(summary.enqueued, 4);
        assert.ok(summary.near_duplicates >= 1, 'the edited copy is a near-duplicate');
        const rows = await jobs(queued);
        assert.equal(rows.find((r) => r.doc_id === 'n3')?.duplicate_of, 'n1');
        // workers store in any order: hold back the originals so the copies are stored first
        await queued.db
          .updateTable('jobs')
          .set({ status: 'parked' })
          .where('doc_id', 'in', ['n1', 'n2'])
          .execute();
        await runWorker(queued, { ...quiet, extractor, batch: 1 });
        assert.equal((await queued.stats()).documents, 2);
        assert.equal(await retryParked(queued), 2);
        await runWorker(queued, { ...quiet, extractor, batch: 1 });
        await ingestInputs(ref, extractor, [path]);
        const diff = firstDifference(await snapshot(queued), await snapshot(ref));
        assert.equal(diff, null, `queue and ingest differ: ${diff}`);
        const stored = await queued.getDocument('n3');
        assert.equal(stored?.duplicate_of, 'n1');
      } finally {
        await queued.close();
        await ref.close();
      }
    });

    test('a job whose lease expires is claimed again; the late worker cannot mark it done', async () => {
      const store = await backend.open();
      try {
        await enqueueDocuments(store, [{ doc: doc('l1', TEXTS[0]), input: 'l1' }]);
        const [a] = await claimJobs(store, { workerId: 'A', leaseMs: 1 });
        assert.equal(a.attempts, 1);
        await sleep(30);
        const [b] = await claimJobs(store, { workerId: 'B', leaseMs: 60_000 });
        assert.equal(b?.id, a.id, 'B claims the job after A’s lease expired');
        assert.equal(b.attempts, 2);
        assert.equal(await completeJob(store, a.id, 'A'), false, 'A no longer holds it');
        assert.deepEqual(await claimJobs(store, { workerId: 'C' }), [], 'B’s live lease keeps C out');
        assert.equal(await completeJob(store, b.id, 'B'), true);
        const [row] = await jobs(store);
        assert.equal(row.status, 'done');
      } finally {
        await store.close();
      }
    });

    test('a crash between storing a document and marking its job done stores it once', async () => {
      const store = await backend.open();
      try {
        await enqueueDocuments(store, [
          { doc: doc('c1', TEXTS[0]), input: 'c1' },
          { doc: doc('c2', TEXTS[1]), input: 'c2' },
        ]);
        // worker A claims both, stores c1, then "dies" before marking anything done
        const claimed = await claimJobs(store, { workerId: 'A', leaseMs: 1 });
        assert.equal(claimed.length, 2);
        const first = await store.storeExtraction(extractor.extract(parsePayload(claimed[0].payload)), {
          runId: claimed[0].runId,
          duplicateOf: claimed[0].duplicateOf,
        });
        assert.equal(first.status, 'stored');
        assert.ok(first.events > 0);
        const before = await store.stats();
        await sleep(30);
        const summary = await runWorker(store, { ...quiet, extractor, workerId: 'B' });
        assert.equal(summary.done, 2);
        assert.equal(summary.already_stored, 1, 'c1 was found stored');
        assert.equal(summary.stored, 1);
        const afterStats = await store.stats();
        assert.equal(afterStats.documents, 2);
        const c1Events = await store.countEvents({ docId: 'c1' });
        assert.equal(c1Events, first.events, 'c1’s events are not doubled');
        assert.ok(afterStats.events > before.events);
        assert.deepEqual(
          (await jobs(store)).map((j) => [j.doc_id, j.status, j.attempts]),
          [
            ['c1', 'done', 2],
            ['c2', 'done', 2],
          ],
        );
      } finally {
        await store.close();
      }
    });

    test('a poison document is parked after max attempts with its error; the rest is stored', async () => {
      const store = await backend.open();
      try {
        await enqueueDocuments(store, [
          { doc: doc('ok1', TEXTS[0]), input: 'ok1' },
          { doc: doc('poison', TEXTS[1]), input: 'poison.txt' },
          { doc: doc('ok2', TEXTS[2]), input: 'ok2' },
        ]);
        const poisoned = {
          extract(d: Document) {
            if (d.id === 'poison') throw new Error('tokenizer blew up on this one');
            return extractor.extract(d);
          },
        };
        const summary = await runWorker(store, { ...quiet, extractor: poisoned, maxAttempts: 3 });
        assert.equal(summary.done, 2);
        assert.equal(summary.failed, 3);
        assert.equal(summary.parked, 1);
        const rows = await jobs(store);
        const p = rows.find((r) => r.doc_id === 'poison');
        assert.equal(p?.status, 'parked');
        assert.equal(p?.attempts, 3);
        assert.equal(p?.last_error, 'extraction failed: tokenizer blew up on this one');
        assert.equal(await store.getDocument('poison'), undefined);
        const status = await queueStatus(store);
        assert.deepEqual(status.counts, { queued: 0, running: 0, done: 2, parked: 1 });
        assert.equal(status.parked[0].doc_id, 'poison');
        assert.equal(status.parked[0].input, 'poison.txt');
        // once fixed, a retry stores it
        assert.equal(await retryParked(store), 1);
        const again = await runWorker(store, { ...quiet, extractor });
        assert.equal(again.stored, 1);
        assert.deepEqual((await queueStatus(store)).counts, { queued: 0, running: 0, done: 3, parked: 0 });
      } finally {
        await store.close();
      }
    });

    test('a job whose worker dies every time is parked by the next claim', async () => {
      const store = await backend.open();
      try {
        await enqueueDocuments(store, [{ doc: doc('k1', TEXTS[3]), input: 'k1' }]);
        for (let i = 1; i <= 2; i++) {
          const claimed = await claimJobs(store, { workerId: `dying-${i}`, leaseMs: 1, maxAttempts: 2 });
          assert.equal(claimed.length, 1);
          await sleep(30);
        }
        assert.deepEqual(await claimJobs(store, { workerId: 'next', maxAttempts: 2 }), []);
        const [row] = await jobs(store);
        assert.equal(row.status, 'parked');
        assert.match(row.last_error ?? '', /stopped before finishing it 2 times/);
      } finally {
        await store.close();
      }
    });

    test('an unreadable payload is parked with the reason', async () => {
      const store = await backend.open();
      try {
        await enqueueDocuments(store, [{ doc: doc('b1', TEXTS[0]), input: 'b1' }]);
        await store.db.updateTable('jobs').set({ payload: '{"id":"b1","text":7}' }).execute();
        const summary = await runWorker(store, { ...quiet, extractor, maxAttempts: 2 });
        assert.equal(summary.parked, 1);
        const [row] = await jobs(store);
        assert.equal(row.status, 'parked');
        assert.equal(row.attempts, 2);
        assert.match(row.last_error ?? '', /^invalid payload: published_at: expected a string/);
      } finally {
        await store.close();
      }
    });
  });
}
