// The ingest loop: read inputs, skip exact duplicates, link near-duplicates, extract, store each
// document with its records in one transaction. Sequential and deterministic; a parallel version
// can run `extract` in workers as long as documents are stored in input order (near-duplicate
// links depend on what is already stored).
import type { Readable } from 'node:stream';
import { describeError, type ErrorCode } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { Document, Extraction } from '../types.ts';
import { NEAR_DUPLICATE_BITS } from './hash.ts';
import { type IngestItem, type ReadOptions, readInputs } from './sources.ts';

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

  for await (const item of items as AsyncGenerator<IngestItem>) {
    current = item.input;
    if (item.kind === 'rejected') {
      await rejectItem(item.input, item.code, item.reason);
      progress();
      continue;
    }
    counts.read++;
    const doc = item.doc;
    const existing = await store.findByContentHash(doc.content_hash);
    if (existing) {
      counts.duplicates++;
      progress();
      continue;
    }
    const near = await store.findNearDuplicate(doc.simhash, {
      publishedAt: doc.published_at,
      maxBits: nearBits,
      ...(options.nearDuplicateWindowBits !== undefined
        ? { windowBits: options.nearDuplicateWindowBits }
        : {}),
    });
    let extraction: Extraction;
    try {
      extraction = getExtractor().extract(doc);
    } catch (error) {
      // a stage failing on one document must not stop the batch
      counts.read--;
      await rejectItem(item.input, 'BW_ERR_INTERNAL', `extraction failed: ${describeError(error)}`);
      progress();
      continue;
    }
    const result = await store.storeExtraction(extraction, { runId, duplicateOf: near?.id ?? null });
    if (result.status === 'stored') {
      counts.stored++;
      if (near) counts.near_duplicates++;
      totals.events += result.events;
      totals.claims += result.claims;
      totals.quotes += result.quotes;
    } else if (result.status === 'duplicate') {
      counts.duplicates++;
    } else {
      counts.read--;
      await rejectItem(
        item.input,
        'BW_ERR_INPUT_REJECTED',
        `document id "${doc.id}" is already stored with different text`,
      );
    }
    progress();
  }
  await store.finishRun(runId, counts);
  return { runId, ...counts, ...totals, rejections };
}
