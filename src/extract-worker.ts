// Worker-thread side of src/parallel.ts: builds one extractor, then extracts batches of documents.
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from './errors.ts';
import { slimExtraction } from './parallel.ts';
import { createExtractor } from './pipeline.ts';
import type { Document } from './types.ts';

const extractor = createExtractor(workerData.extractor);
const keepSentences: boolean = workerData.keepSentences;

parentPort!.on('message', (batch: { id: number; docs: Document[] }) => {
  const outcomes = batch.docs.map((doc) => {
    try {
      const extraction = extractor.extract(doc);
      return { ok: true as const, extraction: keepSentences ? extraction : slimExtraction(extraction) };
    } catch (error) {
      return { ok: false as const, doc, reason: describeError(error) };
    }
  });
  parentPort!.postMessage({ id: batch.id, outcomes });
});
