// Worker-thread side of src/parallel.ts: builds one extractor, then extracts batches of documents.
// Outcomes go back as one JSON string per batch, without the documents (the main thread has them):
// parsing JSON costs the main thread far less than rebuilding the same objects from a structured
// clone, and the main thread's time is taken from the workers on a machine with few cores.
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from './errors.ts';
import { type BatchReply, toWire, type WireOutcome } from './parallel.ts';
import { createExtractor } from './pipeline.ts';
import type { Document } from './types.ts';

const extractor = createExtractor(workerData.extractor);
const keepSentences: boolean = workerData.keepSentences;

parentPort!.on('message', (batch: { id: number; docs: Document[] }) => {
  const outcomes = batch.docs.map((doc): WireOutcome => {
    try {
      return { ok: true, extraction: toWire(extractor.extract(doc), keepSentences) };
    } catch (error) {
      return { ok: false, reason: describeError(error) };
    }
  });
  const reply: BatchReply = { id: batch.id, json: JSON.stringify(outcomes) };
  parentPort!.postMessage(reply);
});
