// Enqueue: read inputs with the ingest readers (every format ingest takes, the same rejections
// with the same reasons) and add each document to the work queue instead of extracting it here.
import type { Readable } from 'node:stream';
import type { ErrorCode } from '../errors.ts';
import { type IngestItem, type ReadOptions, readInputs } from '../ingest/index.ts';
import type { Store } from '../store/index.ts';
import type { Document } from '../types.ts';
import { enqueueDocuments } from './jobs.ts';

export interface EnqueueRejection {
  readonly input: string;
  readonly code: ErrorCode;
  readonly reason: string;
}

export interface EnqueueSummary {
  readonly runId: string;
  /** Documents read, not counting rejected inputs. */
  readonly read: number;
  /** Documents added to the queue. */
  readonly enqueued: number;
  /** Documents whose text is already stored or queued: nothing added. */
  readonly duplicates: number;
  /** Enqueued documents linked to an earlier near-identical one. */
  readonly near_duplicates: number;
  readonly rejected: number;
  /** The first rejections (at most `maxRejectionsKept`). */
  readonly rejections: readonly EnqueueRejection[];
}

export interface EnqueueProgress {
  readonly read: number;
  readonly enqueued: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly current: string;
}

export interface EnqueueInputsOptions extends Omit<ReadOptions, 'onInputDone'> {
  readonly onProgress?: (progress: EnqueueProgress) => void;
  /** Rejections kept in the summary (all are recorded in rejected_inputs). Default 50. */
  readonly maxRejectionsKept?: number;
  /** Record a rejection in the store? Default: always (watch passes a filter to avoid repeats). */
  readonly shouldRecord?: (rejection: EnqueueRejection) => boolean;
  readonly stdin?: Readable;
  /** Documents enqueued per round of queries (default 200). */
  readonly chunkSize?: number;
}

/** Read `inputs` and enqueue their documents; one ingest run records the counts and rejections. */
export async function enqueueInputs(
  store: Store,
  inputs: readonly string[],
  options: EnqueueInputsOptions = {},
): Promise<EnqueueSummary> {
  const runId = await store.startRun(inputs);
  const maxKept = options.maxRejectionsKept ?? 50;
  const chunkSize = Math.max(1, options.chunkSize ?? 200);
  const counts = { read: 0, enqueued: 0, duplicates: 0, near_duplicates: 0, rejected: 0 };
  const rejections: EnqueueRejection[] = [];
  let current = '';
  const progress = () =>
    options.onProgress?.({
      read: counts.read,
      enqueued: counts.enqueued,
      duplicates: counts.duplicates,
      rejected: counts.rejected,
      current,
    });
  const rejectItem = async (rejection: EnqueueRejection) => {
    counts.rejected++;
    if (rejections.length < maxKept) rejections.push(rejection);
    if (options.shouldRecord?.(rejection) ?? true)
      await store.recordRejected(runId, rejection.input, rejection.code, rejection.reason);
  };

  // documents are enqueued in chunks (a few queries per chunk instead of several per document)
  let pending: { doc: Document; input: string }[] = [];
  const flush = async () => {
    const chunk = pending;
    pending = [];
    const results = await enqueueDocuments(store, chunk, { runId });
    for (const [i, result] of results.entries()) {
      if (result.status === 'enqueued') {
        counts.enqueued++;
        if (result.duplicateOf) counts.near_duplicates++;
      } else if (result.status === 'duplicate') {
        counts.duplicates++;
      } else {
        counts.read--;
        await rejectItem({
          input: chunk[i].input,
          code: 'BW_ERR_INPUT_REJECTED',
          reason: `document id "${chunk[i].doc.id}" is already stored or queued with different text`,
        });
      }
    }
    progress();
  };

  for await (const item of readInputs(inputs, options, options.stdin) as AsyncGenerator<IngestItem>) {
    current = item.input;
    if (item.kind === 'rejected') {
      await rejectItem({ input: item.input, code: item.code, reason: item.reason });
      continue;
    }
    counts.read++;
    pending.push({ doc: item.doc, input: item.input });
    if (pending.length >= chunkSize) await flush();
  }
  await flush();
  await store.finishRun(runId, {
    read: counts.read,
    stored: counts.enqueued,
    duplicates: counts.duplicates,
    near_duplicates: counts.near_duplicates,
    rejected: counts.rejected,
  });
  return { runId, ...counts, rejections };
}

export function formatEnqueueSummary(s: EnqueueSummary): string {
  const lines = [
    `read ${s.read}, enqueued ${s.enqueued}, duplicates ${s.duplicates}, near-duplicates ${s.near_duplicates}, rejected ${s.rejected}`,
  ];
  for (const r of s.rejections) lines.push(`rejected ${r.input}: ${r.reason}`);
  if (s.rejected > s.rejections.length)
    lines.push(
      `(${s.rejected - s.rejections.length} more rejections recorded in rejected_inputs, run ${s.runId})`,
    );
  return lines.join('\n');
}
