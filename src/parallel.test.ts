import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateArticles } from '../bench/corpus.ts';
import { ExtractionPool, extractAll, extractJsonl } from './parallel.ts';
import { createExtractor } from './pipeline.ts';
import { extractionJsonl } from './store/records.ts';
import type { Document, Extraction } from './types.ts';

function toDocuments(count: number): Document[] {
  return [...generateArticles(count, 7)].map((a) => ({
    id: a.id,
    title: a.title,
    published_at: a.date,
    source: a.source,
    text: a.text,
    lang: 'en',
    content_hash: a.id,
    simhash: '0000000000000000',
    format: 'jsonl' as const,
  }));
}

async function collect(
  docs: Document[],
  workers: number,
  callingThreadExtracts = true,
): Promise<Extraction[]> {
  const out: Extraction[] = [];
  for await (const outcome of extractAll(docs, { workers, batchSize: 7, callingThreadExtracts })) {
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
    if (outcome.ok) out.push(outcome.extraction);
  }
  return out;
}

test('worker threads give exactly the single-threaded result, in input order', async () => {
  const docs = toDocuments(120);
  const single = await collect(docs, 1);
  const parallel = await collect(docs, 2);
  assert.equal(parallel.length, docs.length);
  assert.deepEqual(
    parallel.map((x) => x.doc.id),
    docs.map((d) => d.id),
  );
  assert.deepEqual(parallel, single);
  assert.ok(single.every((x) => (x.sentence_count ?? 0) > 0));
});

test('a document that fails is reported with its reason and the stream goes on', async () => {
  const docs = toDocuments(5);
  const broken = { ...docs[2], text: undefined as unknown as string };
  const outcomes = [];
  for await (const o of extractAll([docs[0], docs[1], broken, docs[3]], { workers: 2, batchSize: 1 }))
    outcomes.push(o);
  assert.deepEqual(
    outcomes.map((o) => o.ok),
    [true, true, false, true],
  );
  const failed = outcomes[2];
  assert.ok(!failed.ok && failed.reason.length > 0);
});

test('a run its consumer leaves early does not leak into the next run of the same pool', async () => {
  const first = toDocuments(150);
  // other documents: a reply of the first run taken for the second would show
  const second = first.slice(75).reverse();
  const single = await collect(second, 1);
  const pool = new ExtractionPool(2, { batchSize: 5 });
  try {
    // take one outcome and leave: the workers still hold batches of this run
    for await (const _ of pool.run(first)) break;
    const again: Extraction[] = [];
    for await (const o of pool.run(second)) if (o.ok) again.push(o.extraction);
    assert.deepEqual(
      again.map((x) => x.doc.id),
      second.map((d) => d.id),
    );
    assert.deepEqual(again, single);
  } finally {
    await pool.close();
  }
});

test('with or without the calling thread extracting, the result is the same', async () => {
  const docs = toDocuments(60);
  const single = await collect(docs, 1);
  assert.deepEqual(await collect(docs, 2, false), single);
  assert.deepEqual(await collect(docs, 3), single);
  const withHere = new ExtractionPool(2);
  const threadsOnly = new ExtractionPool(2, { callingThreadExtracts: false });
  try {
    // two extraction threads either way: this one and a worker, or two workers
    assert.equal(withHere.size, 2);
    assert.equal(threadsOnly.size, 2);
  } finally {
    await Promise.all([withHere.close(), threadsOnly.close()]);
  }
});

test('records printed on the extracting threads are those of the extraction, in input order', async () => {
  const docs = toDocuments(90);
  const extractor = createExtractor();
  const expected = docs.map((d) => extractionJsonl(extractor.extract(d)));
  assert.ok(expected.filter((j) => j !== '').length > 40);
  for (const workers of [1, 2, 3]) {
    const printed: string[] = [];
    for await (const o of extractJsonl(docs, { workers, batchSize: 4 })) {
      assert.ok(o.ok, o.ok ? '' : o.reason);
      if (o.ok) printed.push(Buffer.from(o.jsonl).toString('utf8'));
    }
    assert.deepEqual(printed, expected, `${workers} threads`);
  }
  // every line a record of one of the three kinds, ending in a newline
  const lines = expected.join('').split('\n');
  assert.equal(lines.pop(), '');
  for (const line of lines) assert.match(JSON.parse(line).kind, /^(event|claim|quote)$/);
});

test('a document that fails while printed records are asked for is reported and the stream goes on', async () => {
  const docs = toDocuments(4);
  const broken = { ...docs[1], text: undefined as unknown as string };
  const outcomes = [];
  for await (const o of extractJsonl([docs[0], broken, docs[2], docs[3]], { workers: 2, batchSize: 1 }))
    outcomes.push(o);
  assert.deepEqual(
    outcomes.map((o) => [o.ok, o.doc.id]),
    [
      [true, docs[0].id],
      [false, docs[1].id],
      [true, docs[2].id],
      [true, docs[3].id],
    ],
  );
});
