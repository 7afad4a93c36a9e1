// Runs the extraction pipeline over a stream of documents on worker threads, keeping input order,
// so a parallel run gives exactly the output of a single-threaded one. Memory stays bounded: at most
// `maxInFlight` documents are queued or being processed at once.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describeError } from './errors.ts';
import { createExtractor, type ExtractorOptions } from './pipeline.ts';
import type { Document, Extraction } from './types.ts';

export interface ParallelOptions {
  /** Number of worker threads; 1 (or less) runs in this thread. Default: available cores. */
  readonly workers?: number;
  /** Documents per message to a worker. */
  readonly batchSize?: number;
  readonly extractor?: ExtractorOptions;
  /** Keep sentences and tokens in the result (costly across threads). */
  readonly keepSentences?: boolean;
}

/** One document's outcome: its extraction, or the reason it failed. */
export type ExtractionOutcome =
  | { readonly ok: true; readonly extraction: Extraction }
  | { readonly ok: false; readonly doc: Document; readonly reason: string };

/** Batches a worker holds at once (the one it extracts and those waiting in its port). */
const AHEAD_PER_WORKER = 3;

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * What storing an extraction needs: no sentences or tokens, and of the mentions only the unknown
 * names (the store keeps those; resolved mentions live on in the events' actors).
 */
export function slimExtraction(extraction: Extraction): Extraction {
  return {
    ...extraction,
    sentences: [],
    sentence_count: extraction.sentences.length,
    mentions: extraction.mentions.filter((m) => m.kind === 'unknown'),
  };
}

/**
 * An extraction as it crosses from a worker: without its document, which the main thread holds,
 * and with every evidence text left out, since it is the document's text between `start` and `end`
 * (the main thread cuts it again: a third of the bytes a worker sends otherwise).
 */
export type WireExtraction = Omit<Extraction, 'doc'>;
export type WireOutcome =
  | { readonly ok: true; readonly extraction: WireExtraction }
  | { readonly ok: false; readonly reason: string };
/** A worker's reply to one batch: the outcomes in order, as JSON (see extract-worker.ts). */
export interface BatchReply {
  readonly id: number;
  readonly json: string;
}

interface Evidenced {
  readonly evidence: { text: string; start: number; end: number };
}

function withoutEvidenceText<T extends Evidenced>(records: readonly T[]): T[] {
  return records.map((r) => ({ ...r, evidence: { ...r.evidence, text: '' } }));
}

function restoreEvidenceText(records: readonly Evidenced[], text: string): void {
  for (const r of records) r.evidence.text = text.slice(r.evidence.start, r.evidence.end);
}

export function toWire(extraction: Extraction, keepSentences: boolean): WireExtraction {
  const { doc: _doc, ...rest } = keepSentences ? extraction : slimExtraction(extraction);
  return {
    ...rest,
    events: withoutEvidenceText(rest.events),
    claims: withoutEvidenceText(rest.claims),
    quotes: withoutEvidenceText(rest.quotes),
  };
}

/** The extraction a worker sent, whole again: its document, and the evidence texts cut from it. */
export function fromWire(doc: Document, wire: WireExtraction): Extraction {
  for (const records of [wire.events, wire.claims, wire.quotes]) restoreEvidenceText(records, doc.text);
  return { doc, ...wire };
}

interface BatchResult {
  readonly id: number;
  readonly outcomes: ExtractionOutcome[];
}

/** Extracts every document of `docs`, yielding outcomes in input order. */
export async function* extractAll(
  docs: AsyncIterable<Document> | Iterable<Document>,
  options: ParallelOptions = {},
): AsyncGenerator<ExtractionOutcome> {
  const workers = Math.floor(options.workers ?? defaultWorkerCount());
  if (workers <= 1) {
    const extractor = createExtractor(options.extractor);
    for await (const doc of docs) {
      try {
        const extraction = extractor.extract(doc);
        yield { ok: true, extraction: options.keepSentences ? extraction : slimExtraction(extraction) };
      } catch (error) {
        yield { ok: false, doc, reason: describeError(error) };
      }
    }
    return;
  }
  yield* extractOnWorkers(docs, workers, options);
}

/**
 * A set of worker threads, each holding one extractor. Creating one costs the knowledge-base and
 * model load per thread, so long-running callers (ingest, workers, benchmarks) keep one and reuse it.
 */
export class ExtractionPool {
  private readonly pool: Worker[];
  private readonly batchSize: number;
  private busy = false;
  /** Batches posted to each worker and not answered yet, across runs. */
  private readonly outstanding = new Map<Worker, number>();
  /** Batch ids are unique across runs: a reply to a run that was left early is recognised. */
  private batchSeq = 0;
  /** The running run's handler of replies; replies that come between runs are only counted. */
  private onReply: ((reply: BatchReply) => void) | null = null;

  constructor(workerCount: number, options: ParallelOptions = {}) {
    this.batchSize = options.batchSize ?? 16;
    const isSource = import.meta.url.endsWith('.ts');
    const workerUrl = new URL(isSource ? './extract-worker.ts' : './extract-worker.js', import.meta.url);
    const workerData = { extractor: options.extractor ?? {}, keepSentences: options.keepSentences ?? false };
    this.pool = Array.from({ length: Math.max(1, workerCount) }, () => {
      if (!isSource) return new Worker(workerUrl, { workerData });
      // running from TypeScript sources (tests, benchmarks): the worker needs tsx's loader first
      const tsx = import.meta.resolve('tsx/esm/api');
      const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
      return new Worker(bootstrap, { eval: true, workerData });
    });
    for (const worker of this.pool) {
      this.outstanding.set(worker, 0);
      worker.on('message', (reply: BatchReply) => {
        this.outstanding.set(worker, this.outstanding.get(worker)! - 1);
        this.onReply?.(reply);
      });
    }
  }

  get size(): number {
    return this.pool.length;
  }

  /** Extracts every document, yielding outcomes in input order. One run at a time per pool. */
  async *run(docs: AsyncIterable<Document> | Iterable<Document>): AsyncGenerator<ExtractionOutcome> {
    if (this.busy) throw new Error('ExtractionPool.run is already running');
    this.busy = true;
    const batchSize = this.batchSize;
    // each worker holds several batches: it goes on with the next while the main thread is busy
    // (storing a transaction, reading input) and cannot hand it new work
    const maxBatchesInFlight = this.pool.length * (AHEAD_PER_WORKER + 1);
    const outstanding = this.outstanding;
    const done = new Map<number, BatchResult>();
    // the documents of each batch in flight, given back their outcomes when the reply comes
    const sent = new Map<number, Document[]>();
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    this.onReply = (reply) => {
      const docs = sent.get(reply.id);
      // a batch of an earlier run that its consumer left before the end: its worker is free again
      if (!docs) {
        notify();
        return;
      }
      sent.delete(reply.id);
      const wire = JSON.parse(reply.json) as WireOutcome[];
      const outcomes = wire.map((o, i): ExtractionOutcome => {
        const doc = docs[i]!;
        return o.ok
          ? { ok: true, extraction: fromWire(doc, o.extraction) }
          : { ok: false, doc, reason: o.reason };
      });
      done.set(reply.id, { id: reply.id, outcomes });
      notify();
    };
    const onError = (error: Error) => {
      failure = error;
      notify();
    };
    for (const worker of this.pool) worker.on('error', onError);

    let nextId = this.batchSeq;
    let nextToYield = nextId;
    let pending: Document[] = [];
    const queue: { id: number; docs: Document[] }[] = [];
    const dispatch = () => {
      while (queue.length > 0) {
        // the worker with the fewest batches waiting
        let target: Worker | null = null;
        for (const [w, n] of outstanding)
          if (n < AHEAD_PER_WORKER && (target === null || n < outstanding.get(target)!)) target = w;
        if (target === null) return;
        const batch = queue.shift()!;
        sent.set(batch.id, batch.docs);
        outstanding.set(target, outstanding.get(target)! + 1);
        target.postMessage(batch);
      }
    };
    const inFlight = () => nextId - nextToYield;
    const waitForProgress = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      });
    const flushReady = function* (): Generator<ExtractionOutcome> {
      while (done.has(nextToYield)) {
        const result = done.get(nextToYield)!;
        done.delete(nextToYield);
        nextToYield++;
        yield* result.outcomes;
      }
    };

    try {
      for await (const doc of docs) {
        pending.push(doc);
        if (pending.length < batchSize) continue;
        queue.push({ id: nextId++, docs: pending });
        pending = [];
        dispatch();
        yield* flushReady();
        while (inFlight() >= maxBatchesInFlight) {
          if (failure) throw failure;
          dispatch();
          if (done.has(nextToYield)) yield* flushReady();
          else await waitForProgress();
        }
      }
      if (pending.length > 0) queue.push({ id: nextId++, docs: pending });
      pending = [];
      dispatch();
      while (nextToYield < nextId) {
        if (failure) throw failure;
        dispatch();
        if (done.has(nextToYield)) yield* flushReady();
        else await waitForProgress();
      }
    } finally {
      this.onReply = null;
      for (const worker of this.pool) worker.off('error', onError);
      this.batchSeq = nextId;
      this.busy = false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.pool.map((w) => w.terminate()));
  }
}

async function* extractOnWorkers(
  docs: AsyncIterable<Document> | Iterable<Document>,
  workerCount: number,
  options: ParallelOptions,
): AsyncGenerator<ExtractionOutcome> {
  const pool = new ExtractionPool(workerCount, options);
  try {
    yield* pool.run(docs);
  } finally {
    await pool.close();
  }
}
