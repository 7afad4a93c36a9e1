// Worker-thread side of src/parallel.ts: builds one extractor, then extracts batches of documents.
// Outcomes go back without the documents (the main thread has them). Extractions cross as one JSON
// string per batch: parsing JSON costs the main thread far less than rebuilding the same objects from
// a structured clone, and the main thread's time is taken from the workers on a machine with few
// cores. Records printed here (`extract`'s JSONL) cross as bytes, handed over without a copy, and need no
// parsing at all.
import { parentPort, workerData } from 'node:worker_threads';
import { type BatchReply, type BatchRequest, extractHere, toWire, type WireOutcome } from './parallel.ts';
import { createExtractor } from './pipeline.ts';

const extractor = createExtractor(workerData.extractor);
const keepSentences: boolean = workerData.keepSentences;

parentPort!.on('message', (batch: BatchRequest) => {
  if (batch.form === 'jsonl') {
    const outcomes = batch.docs.map((doc) => extractHere(extractor, doc, 'jsonl', false));
    const ends: number[] = [];
    let size = 0;
    for (const o of outcomes) {
      size += o.ok ? o.jsonl.byteLength : 0;
      ends.push(size);
    }
    // one buffer of its own (not a slice of Node's shared pool), so it can be handed over
    const bytes = new Uint8Array(size);
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      if (o.ok) bytes.set(o.jsonl, i === 0 ? 0 : ends[i - 1]!);
    }
    const failures = outcomes.map((o) => (o.ok ? null : o.reason));
    parentPort!.postMessage({ id: batch.id, form: 'jsonl', bytes, ends, failures } satisfies BatchReply, [
      bytes.buffer,
    ]);
    return;
  }
  const outcomes = batch.docs.map((doc): WireOutcome => {
    const o = extractHere(extractor, doc, 'extraction', true);
    return o.ok
      ? { ok: true, extraction: toWire(o.extraction, keepSentences) }
      : { ok: false, reason: o.reason };
  });
  parentPort!.postMessage({
    id: batch.id,
    form: 'extraction',
    json: JSON.stringify(outcomes),
  } satisfies BatchReply);
});
