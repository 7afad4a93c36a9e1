// Runs the extraction pipeline over a stream of documents on worker threads, keeping input order,
// so a parallel run gives exactly the output of a single-threaded one. Memory stays bounded: at most
// `maxInFlight` documents are queued or being processed at once.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describeError } from './errors.ts';
import { createExtractor, type Extractor, type ExtractorOptions } from './pipeline.ts';
import { extractionJsonl } from './store/records.ts';
import type { Document, Extraction } from './types.ts';

export interface ParallelOptions {
  /** Number of worker threads; 1 (or less) runs in this thread. Default: available cores. */
  readonly workers?: number;
  /** Documents per message to a worker. */
  readonly batchSize?: number;
  readonly extractor?: ExtractorOptions;
  /** Keep sentences and tokens in the result (costly across threads). */
  readonly keepSentences?: boolean;
  /**
   * The calling thread is one of the `workers`: it extracts a batch itself whenever every worker
   * thread already holds its share (default). Off, all `workers` are new threads and the calling
   * thread only hands out batches and reads replies.
   */
  readonly callingThreadExtracts?: boolean;
}

/** One document's outcome: its extraction, or the reason it failed. */
export type ExtractionOutcome =
  | { readonly ok: true; readonly extraction: Extraction }
  | { readonly ok: false; readonly doc: Document; readonly reason: string };

/**
 * One document's outcome as `extract` prints it: its records as JSON lines in UTF-8, made on the
 * thread that extracted it (see extractionJsonl), or the reason it failed. Bytes rather than a string:
 * they live outside the JavaScript heap, so the outcomes that wait for an older batch are never
 * copied by the garbage collector, and they are written out as they are.
 */
export type JsonlOutcome =
  | { readonly ok: true; readonly doc: Document; readonly jsonl: Uint8Array }
  | { readonly ok: false; readonly doc: Document; readonly reason: string };

/** What a run yields: extractions, or their records already printed. */
export type OutputForm = 'extraction' | 'jsonl';
interface OutcomeOf {
  extraction: ExtractionOutcome;
  jsonl: JsonlOutcome;
}

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
/** A batch for a worker to extract, and the form of the outcomes it wants back. */
export interface BatchRequest {
  readonly id: number;
  readonly form: OutputForm;
  readonly docs: readonly Document[];
}
/**
 * A worker's reply to one batch, outcomes in input order: extractions as one JSON string (see
 * extract-worker.ts), or printed records as one buffer of bytes, handed over without a copy.
 */
export type BatchReply =
  | { readonly id: number; readonly form: 'extraction'; readonly json: string }
  | {
      readonly id: number;
      readonly form: 'jsonl';
      /** The batch's records, document after document; a document's bytes end at its `ends` entry. */
      readonly bytes: Uint8Array;
      readonly ends: readonly number[];
      /** Per document: null, or why it failed. */
      readonly failures: readonly (string | null)[];
    };

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

/** One document extracted on this thread, its outcome in the form asked for. */
export function extractHere<F extends OutputForm>(
  extractor: Pick<Extractor, 'extract'>,
  doc: Document,
  form: F,
  keepSentences: boolean,
): OutcomeOf[F] {
  let extraction: Extraction;
  try {
    extraction = extractor.extract(doc);
  } catch (error) {
    return { ok: false, doc, reason: describeError(error) };
  }
  const outcome: ExtractionOutcome | JsonlOutcome =
    form === 'jsonl'
      ? { ok: true, doc, jsonl: Buffer.from(extractionJsonl(extraction)) }
      : { ok: true, extraction: keepSentences ? extraction : slimExtraction(extraction) };
  return outcome as OutcomeOf[F];
}

/** The outcomes of a worker's reply, given back the documents of its batch. */
function fromReply(reply: BatchReply, docs: readonly Document[]): (ExtractionOutcome | JsonlOutcome)[] {
  if (reply.form === 'jsonl')
    return docs.map((doc, i): JsonlOutcome => {
      const reason = reply.failures[i];
      if (reason !== null && reason !== undefined) return { ok: false, doc, reason };
      const start = i === 0 ? 0 : reply.ends[i - 1]!;
      return { ok: true, doc, jsonl: reply.bytes.subarray(start, reply.ends[i]) };
    });
  const wire = JSON.parse(reply.json) as WireOutcome[];
  return wire.map((o, i): ExtractionOutcome => {
    const doc = docs[i]!;
    return o.ok
      ? { ok: true, extraction: fromWire(doc, o.extraction) }
      : { ok: false, doc, reason: o.reason };
  });
}

/** Extracts every document of `docs`, yielding outcomes in input order. */
export function extractAll(
  docs: AsyncIterable<Document> | Iterable<Document>,
  options: ParallelOptions = {},
): AsyncGenerator<ExtractionOutcome> {
  return extractIn(docs, 'extraction', options);
}

/** Extracts every document of `docs`, yielding each one's records as `extract` prints them, in input order. */
export function extractJsonl(
  docs: AsyncIterable<Document> | Iterable<Document>,
  options: ParallelOptions = {},
): AsyncGenerator<JsonlOutcome> {
  return extractIn(docs, 'jsonl', options);
}

async function* extractIn<F extends OutputForm>(
  docs: AsyncIterable<Document> | Iterable<Document>,
  form: F,
  options: ParallelOptions,
): AsyncGenerator<OutcomeOf[F]> {
  const workers = Math.floor(options.workers ?? defaultWorkerCount());
  if (workers <= 1) {
    const extractor = createExtractor(options.extractor);
    for await (const doc of docs) yield extractHere(extractor, doc, form, options.keepSentences ?? false);
    return;
  }
  const pool = new ExtractionPool(workers, options);
  try {
    yield* pool.runAs(docs, form);
  } finally {
    await pool.close();
  }
}

interface BatchResult {
  readonly id: number;
  readonly outcomes: readonly (ExtractionOutcome | JsonlOutcome)[];
}

/**
 * A set of extraction threads: worker threads, each holding one extractor, and (unless told
 * otherwise) the calling thread with one of its own. Creating one costs the knowledge-base and model
 * load per thread, so long-running callers (ingest, workers, benchmarks) keep one and reuse it.
 *
 * Why the calling thread extracts: on two cores, a calling thread that only hands out batches and
 * reads replies is a third thread on them, and every document a worker extracts costs a reply on
 * both sides. A batch extracted here costs no reply, and the calling thread takes one only when no
 * worker thread has room, so it keeps pace with whatever else it does (an ingest's writes):
 * docs/performance.md, finding 24.
 */
export class ExtractionPool {
  private readonly pool: Worker[];
  /** The calling thread's own extractor, made at its first batch. */
  private here: Extractor | null = null;
  private readonly extractsHere: boolean;
  private readonly extractorOptions: ExtractorOptions;
  private readonly keepSentences: boolean;
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
    this.extractsHere = options.callingThreadExtracts ?? true;
    this.extractorOptions = options.extractor ?? {};
    this.keepSentences = options.keepSentences ?? false;
    const isSource = import.meta.url.endsWith('.ts');
    const workerUrl = new URL(isSource ? './extract-worker.ts' : './extract-worker.js', import.meta.url);
    const workerData = { extractor: this.extractorOptions, keepSentences: this.keepSentences };
    const threads = Math.floor(workerCount) - (this.extractsHere ? 1 : 0);
    this.pool = Array.from({ length: Math.max(this.extractsHere ? 0 : 1, threads) }, () => {
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

  /** Extraction threads, the calling thread included when it extracts. */
  get size(): number {
    return this.pool.length + (this.extractsHere ? 1 : 0);
  }

  /** Extracts every document, yielding outcomes in input order. One run at a time per pool. */
  run(docs: AsyncIterable<Document> | Iterable<Document>): AsyncGenerator<ExtractionOutcome> {
    return this.runAs(docs, 'extraction');
  }

  /** Extracts every document, yielding outcomes in the form asked for, in input order. */
  async *runAs<F extends OutputForm>(
    docs: AsyncIterable<Document> | Iterable<Document>,
    form: F,
  ): AsyncGenerator<OutcomeOf[F]> {
    if (this.busy) throw new Error('ExtractionPool.run is already running');
    this.busy = true;
    const batchSize = this.batchSize;
    // each worker holds several batches: it goes on with the next while the calling thread is busy
    // (extracting a batch itself, storing a transaction, reading input) and cannot hand it new work;
    // the batches the calling thread extracts wait here, done, for the older ones a worker holds
    const maxBatchesInFlight = (this.pool.length + (this.extractsHere ? 2 : 0)) * (AHEAD_PER_WORKER + 1);
    const outstanding = this.outstanding;
    const done = new Map<number, BatchResult>();
    // the documents of each batch in flight, given back their outcomes when the reply comes
    const sent = new Map<number, readonly Document[]>();
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
      done.set(reply.id, { id: reply.id, outcomes: fromReply(reply, docs) });
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
    const queue: BatchRequest[] = [];
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
    // the batches no worker thread has room for, extracted here; then the replies that came
    // meanwhile are let in (a loop over documents already in memory would keep them out)
    const extractWaiting = async () => {
      if (!this.extractsHere || queue.length === 0) return;
      this.here ??= createExtractor(this.extractorOptions);
      const extractor = this.here;
      while (queue.length > 0) {
        const batch = queue.shift()!;
        const outcomes = batch.docs.map((doc) => extractHere(extractor, doc, form, this.keepSentences));
        done.set(batch.id, { id: batch.id, outcomes });
      }
      if (this.pool.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const inFlight = () => nextId - nextToYield;
    const waitForProgress = () =>
      new Promise<void>((resolve) => {
        wake = resolve;
      });
    const flushReady = function* (): Generator<OutcomeOf[F]> {
      while (done.has(nextToYield)) {
        const result = done.get(nextToYield)!;
        done.delete(nextToYield);
        nextToYield++;
        yield* result.outcomes as OutcomeOf[F][];
      }
    };

    try {
      for await (const doc of docs) {
        pending.push(doc);
        if (pending.length < batchSize) continue;
        queue.push({ id: nextId++, form, docs: pending });
        pending = [];
        dispatch();
        await extractWaiting();
        yield* flushReady();
        while (inFlight() >= maxBatchesInFlight) {
          if (failure) throw failure;
          dispatch();
          if (done.has(nextToYield)) yield* flushReady();
          else await waitForProgress();
        }
      }
      if (pending.length > 0) queue.push({ id: nextId++, form, docs: pending });
      pending = [];
      dispatch();
      await extractWaiting();
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
