// Worker-thread side of src/parallel.ts: builds one extractor, then extracts batches of documents.
// Outcomes go back without the documents (the main thread has them). Extractions cross as one JSON
// string per batch: parsing JSON costs the main thread far less than rebuilding the same objects from
// a structured clone, and the main thread's time is taken from the workers on a machine with few
// cores. Records printed here (`extract`'s JSONL) cross as strings and need no parsing at all.
import { parentPort, workerData } from 'node:worker_threads';
import { type BatchReply, type BatchRequest, extractHere, toWire, type WireOutcome } from './parallel.ts';
import { createExtractor } from './pipeline.ts';

const extractor = createExtractor(workerData.extractor);
const keepSentences: boolean = workerData.keepSentences;

parentPort!.on('message', (batch: BatchRequest) => {
  let reply: BatchReply;
  if (batch.form === 'jsonl') {
    const outcomes = batch.docs.map((doc) => {
      const o = extractHere(extractor, doc, 'jsonl', false);
      return o.ok ? { ok: true as const, jsonl: o.jsonl } : { ok: false as const, reason: o.reason };
    });
    reply = { id: batch.id, form: 'jsonl', outcomes };
  } else {
    const outcomes = batch.docs.map((doc): WireOutcome => {
      const o = extractHere(extractor, doc, 'extraction', true);
      return o.ok
        ? { ok: true, extraction: toWire(o.extraction, keepSentences) }
        : { ok: false, reason: o.reason };
    });
    reply = { id: batch.id, form: 'extraction', json: JSON.stringify(outcomes) };
  }
  parentPort!.postMessage(reply);
});
