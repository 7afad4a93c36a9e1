// The ingest loop: read inputs, skip exact duplicates, extract (on worker threads when asked),
// link near-duplicates and store the documents with their records in batches, one transaction per
// batch (up to DOCS_PER_TRANSACTION documents, or what is ready after MAX_BATCH_AGE_MS). Extraction
// may run ahead on other threads, but documents are stored strictly in input order and each one's
// near-duplicate link is decided against everything stored before it (earlier documents of its
// batch included), so the final database is the same for any number of workers and any batch
// boundaries. A process killed mid-batch loses only the uncommitted batch, which the next run
// reads, extracts and stores again (documents are recognised by their content hash).
import type { Readable } from 'node:stream';
import type { ErrorCode } from '../errors.ts';
import { type ExtractionOutcome, ExtractionPool, extractHere } from '../parallel.ts';
import type { ExtractorOptions } from '../pipeline.ts';
import { type BatchItemResult, bulkIngest, type Store } from '../store/index.ts';
import type { Document, Extraction } from '../types.ts';
import { NEAR_DUPLICATE_BITS } from './hash.ts';
import { type IngestItem, inputFileBytes, type ReadOptions, readInputs } from './sources.ts';

export interface Rejection {
  readonly input: string;
  readonly code: ErrorCode;
  readonly reason: string;
}

export interface IngestSummary {
  readonly runId: string;
  /** Documents read (stored, duplicate or near-duplicate), not counting rejected inputs. */
  readonly read: number;
  /** Documents newly stored, near-duplicates included. */
  readonly stored: number;
  /** Exact duplicates (same content hash as a stored document): nothing stored. */
  readonly duplicates: number;
  /** Stored documents linked to an earlier near-identical one (their records are flagged). */
  readonly near_duplicates: number;
  readonly rejected: number;
  readonly events: number;
  readonly claims: number;
  readonly quotes: number;
  /** The first rejections (at most `maxRejectionsKept`), for the summary. */
  readonly rejections: readonly Rejection[];
}

export interface IngestProgress {
  readonly inputsDone: number;
  readonly read: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly near_duplicates: number;
  readonly rejected: number;
  readonly current: string;
}

export interface IngestOptions extends Omit<ReadOptions, 'onInputDone'> {
  /** SimHash distance (bits) up to which any stored document is a near-duplicate (default 3). */
  readonly nearDuplicateBits?: number;
  /** SimHash distance up to which a document published within two days is a near-duplicate (default 14). */
  readonly nearDuplicateWindowBits?: number;
  readonly onProgress?: (progress: IngestProgress) => void;
  /** Rejections kept in the summary (all are recorded in the store). Default 50. */
  readonly maxRejectionsKept?: number;
  readonly stdin?: Readable;
  /** Extraction threads. 1 (default) extracts in this thread with the given extractor. */
  readonly workers?: number;
  /** Options for the extractors built inside worker threads (when workers > 1). */
  readonly extractorOptions?: ExtractorOptions;
  /**
   * A bulk load: the store drops its record tables' read indexes for the run and re-creates them at
   * its end (`Store.deferIndexes`; SQLite only). See `bulkIngest` for when that pays.
   */
  readonly bulk?: boolean;
}

/** Documents stored per transaction. */
export const DOCS_PER_TRANSACTION = 200;
/** A batch is committed once its first document has waited this long, so a slow input still makes progress. */
export const MAX_BATCH_AGE_MS = 1000;

/**
 * Input bytes per stored event, for guessing a load's size from its files: generated news gives one
 * event per 90 bytes of JSONL, AG News one per 1,100; the larger keeps a small load into a large
 * store from re-creating indexes it did not need to drop.
 */
const BYTES_PER_EVENT_ESTIMATE = 1000;

/** Whether ingesting these inputs into this store is a bulk load (see `IngestOptions.bulk`). */
export async function isBulkLoad(store: Store, inputs: readonly string[]): Promise<boolean> {
  const expected = (await inputFileBytes(inputs)) / BYTES_PER_EVENT_ESTIMATE;
  if (store.dialect !== 'sqlite' || !bulkIngest(expected, 0)) return false;
  return bulkIngest(expected, await store.countEvents({ includeDuplicates: true }));
}

/** What ingest needs from the pipeline: createExtractor() fits. */
export interface DocumentExtractor {
  extract(doc: Document): Extraction;
}

/**
 * Ingest inputs into the store. `extractor` may be a factory: it is then called once, when the
 * first new document needs extracting (so a run of duplicates or rejections never loads the models).
 */
export async function ingestInputs(
  store: Store,
  extractorOrFactory: DocumentExtractor | (() => DocumentExtractor),
  inputs: readonly string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  let extractor: DocumentExtractor | null =
    typeof extractorOrFactory === 'function' ? null : extractorOrFactory;
  const getExtractor = (): DocumentExtractor => {
    extractor ??= (extractorOrFactory as () => DocumentExtractor)();
    return extractor;
  };
  const runId = await store.startRun(inputs);
  const maxKept = options.maxRejectionsKept ?? 50;
  const nearBits = options.nearDuplicateBits ?? NEAR_DUPLICATE_BITS;
  const counts = { read: 0, stored: 0, duplicates: 0, near_duplicates: 0, rejected: 0 };
  const totals = { events: 0, claims: 0, quotes: 0 };
  const rejections: Rejection[] = [];
  let inputsDone = 0;
  let current = '';
  const progress = () => options.onProgress?.({ inputsDone, ...counts, current });

  const rejectItem = async (input: string, code: ErrorCode, reason: string) => {
    counts.rejected++;
    if (rejections.length < maxKept) rejections.push({ input, code, reason });
    await store.recordRejected(runId, input, code, reason);
  };

  const items = readInputs(
    inputs,
    {
      ...options,
      onInputDone: () => {
        inputsDone++;
        progress();
      },
    },
    options.stdin,
  );

  // inputs of the documents sent for extraction, in order (outcomes come back in the same order)
  const inputsInFlight: string[] = [];
  async function* newDocuments(): AsyncGenerator<Document> {
    for await (const item of items as AsyncGenerator<IngestItem>) {
      current = item.input;
      if (item.kind === 'rejected') {
        await rejectItem(item.input, item.code, item.reason);
        progress();
        continue;
      }
      counts.read++;
      if (await store.findByContentHash(item.doc.content_hash)) {
        counts.duplicates++;
        progress();
        continue;
      }
      inputsInFlight.push(item.input);
      yield item.doc;
    }
  }
  async function* extractInline(docs: AsyncIterable<Document>): AsyncGenerator<ExtractionOutcome> {
    for await (const doc of docs) yield extractHere(getExtractor(), doc, 'extraction', true);
  }

  const nearDuplicates = {
    maxBits: nearBits,
    ...(options.nearDuplicateWindowBits !== undefined ? { windowBits: options.nearDuplicateWindowBits } : {}),
  };
  let batch: Extraction[] = [];
  let batchInputs: string[] = [];
  let batchStarted = 0;
  const account = async (result: BatchItemResult, input: string, doc: Document) => {
    if (result.status === 'stored') {
      counts.stored++;
      if (result.duplicateOf !== null) counts.near_duplicates++;
      totals.events += result.events;
      totals.claims += result.claims;
      totals.quotes += result.quotes;
    } else if (result.status === 'duplicate') {
      counts.duplicates++;
    } else if (result.status === 'id_conflict') {
      counts.read--;
      await rejectItem(
        input,
        'BW_ERR_INPUT_REJECTED',
        `document id "${doc.id}" is already stored with different text`,
      );
    } else {
      counts.read--;
      await rejectItem(input, 'BW_ERR_DB_QUERY', `storing failed: ${result.reason ?? 'unknown error'}`);
    }
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const docs = batch;
    const docInputs = batchInputs;
    batch = [];
    batchInputs = [];
    const results = await store.storeBatch(docs, { runId, nearDuplicates });
    for (let i = 0; i < docs.length; i++) await account(results[i]!, docInputs[i]!, docs[i]!.doc);
    progress();
  };

  const workers = Math.max(1, Math.floor(options.workers ?? 1));
  const deferred = options.bulk ? await store.deferIndexes() : false;
  const pool =
    workers > 1 ? new ExtractionPool(workers, { extractor: options.extractorOptions ?? {} }) : null;
  try {
    const outcomes = (pool ? pool.run(newDocuments()) : extractInline(newDocuments()))[
      Symbol.asyncIterator
    ]();
    // a timer that wakes the loop when the oldest document of the batch has waited long enough
    let due: Promise<'due'> | null = null;
    let timer: NodeJS.Timeout | null = null;
    const clearDue = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      due = null;
    };
    try {
      let next = outcomes.next();
      for (;;) {
        const step = due ? await Promise.race([next, due]) : await next;
        if (step === 'due') {
          clearDue();
          await flush();
          continue;
        }
        if (step.done) break;
        next = outcomes.next();
        const outcome = step.value;
        const input = inputsInFlight.shift() ?? current;
        if (!outcome.ok) {
          // a stage failing on one document must not stop the batch
          counts.read--;
          await rejectItem(input, 'BW_ERR_INTERNAL', `extraction failed: ${outcome.reason}`);
          progress();
          continue;
        }
        if (batch.length === 0) {
          batchStarted = performance.now();
          due = new Promise((resolve) => {
            timer = setTimeout(() => resolve('due'), MAX_BATCH_AGE_MS);
          });
        }
        batch.push(outcome.extraction);
        batchInputs.push(input);
        if (batch.length >= DOCS_PER_TRANSACTION || performance.now() - batchStarted >= MAX_BATCH_AGE_MS) {
          clearDue();
          await flush();
        }
      }
      clearDue();
      await flush();
    } catch (error) {
      clearDue();
      // what was extracted before the failure is still stored
      await flush().catch(() => {});
      throw error;
    }
  } finally {
    await pool?.close();
    // also after a failure: what was stored keeps its indexes (a killed process gets them back at the next open)
    if (deferred) await store.restoreIndexes();
  }
  await store.finishRun(runId, counts);
  return { runId, ...counts, ...totals, rejections };
}
