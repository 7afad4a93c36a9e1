// A queue worker: claim a batch of jobs under a lease, extract their documents (in this thread or
// on worker threads), store each document with its records, mark each job done.
//
// Exactly-once: the store writes a document and all its records in one transaction, keyed by the
// document id and unique content hash (a second write of the same document writes nothing and
// reports 'duplicate'). The job is marked done only after that transaction has committed. A crash
// before the commit leaves nothing behind; a crash between the commit and the done-marking leaves
// the job to be claimed again when its lease expires, and the second store is a no-op. Two workers
// holding the same job (one of them past its lease) cannot both write: the second insert of the
// document row waits for the first transaction and then does nothing.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError } from '../errors.ts';
import type { DocumentExtractor } from '../ingest/index.ts';
import { type ExtractionOutcome, ExtractionPool, extractHere as extractOne } from '../parallel.ts';
import { createExtractor, type ExtractorOptions } from '../pipeline.ts';
import type { Store } from '../store/index.ts';
import type { Document } from '../types.ts';
import {
  type ClaimedJob,
  claimJobs,
  completeJob,
  DEFAULT_BATCH,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  failJob,
  pendingJobs,
  renewLeases,
} from './jobs.ts';

export interface WorkerOptions {
  /** Identifies this worker in the jobs table (default host:pid:random). */
  readonly workerId?: string;
  /** Jobs claimed at a time (default 20). */
  readonly batch?: number;
  /** Extraction threads: 1 extracts in this thread (default 1). */
  readonly threads?: number;
  /** Lease on claimed jobs, renewed every third of it while working (default 60 s). */
  readonly leaseMs?: number;
  /** Claims before a job is parked (default 3). */
  readonly maxAttempts?: number;
  /** Stop when no job is queued or running (instead of polling for more). */
  readonly once?: boolean;
  /** Wait between polls of an empty queue (default 2 s). */
  readonly pollMs?: number;
  /** Delay before a failed job may be claimed again, times its attempt count (default 5 s). */
  readonly retryDelayMs?: number;
  /** Stop after the current batch when aborted. */
  readonly signal?: AbortSignal;
  readonly extractorOptions?: ExtractorOptions;
  /** Extract with this instead of a new pipeline (tests). */
  readonly extractor?: DocumentExtractor;
  readonly onBatch?: (progress: WorkerProgress) => void;
  readonly log?: (line: string) => void;
}

export interface WorkerProgress {
  readonly workerId: string;
  readonly batches: number;
  /** Jobs this worker finished: document stored now, or found already stored. */
  readonly done: number;
  /** Documents this worker stored. */
  readonly stored: number;
  /** Jobs whose document a previous attempt (or another run) had already stored. */
  readonly already_stored: number;
  /** Failures recorded (the job was queued again or parked). */
  readonly failed: number;
  readonly parked: number;
  /** Jobs whose lease passed to another worker before this one finished them. */
  readonly lost: number;
  readonly events: number;
}

export type WorkerSummary = WorkerProgress;

export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

const REQUIRED_STRINGS = ['id', 'published_at', 'text', 'lang', 'content_hash', 'simhash', 'format'] as const;

/** The job's Document, checked field by field. */
export function parsePayload(payload: string): Document {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch (error) {
    throw new Error(`invalid payload: ${describeError(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('invalid payload: expected a JSON object');
  const record = value as Record<string, unknown>;
  for (const field of REQUIRED_STRINGS) {
    const v = record[field];
    if (typeof v !== 'string')
      throw new Error(
        `invalid payload: ${field}: expected a string, found ${v === undefined ? 'nothing' : typeof v}`,
      );
  }
  for (const field of ['url', 'title', 'source'] as const) {
    const v = record[field];
    if (v !== undefined && typeof v !== 'string')
      throw new Error(`invalid payload: ${field}: expected a string, found ${typeof v}`);
  }
  return value as Document;
}

type Prepared = { job: ClaimedJob; doc: Document } | { job: ClaimedJob; error: string };

/** Extracts documents in this thread, yielding to the event loop between them so leases get renewed. */
async function* extractHere(
  extractor: DocumentExtractor,
  docs: readonly Document[],
): AsyncGenerator<ExtractionOutcome> {
  for (const doc of docs) {
    yield extractOne(extractor, doc, 'extraction', false);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Run a worker until the queue is empty (`once`) or the signal aborts. */
export async function runWorker(store: Store, options: WorkerOptions = {}): Promise<WorkerSummary> {
  const workerId = options.workerId ?? newWorkerId();
  const batch = options.batch ?? DEFAULT_BATCH;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const pollMs = options.pollMs ?? 2000;
  const retryDelayMs = options.retryDelayMs ?? 5000;
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  const log = options.log ?? (() => {});
  const signal = options.signal;
  const counts = {
    batches: 0,
    done: 0,
    stored: 0,
    already_stored: 0,
    failed: 0,
    parked: 0,
    lost: 0,
    events: 0,
  };

  const pool =
    options.extractor || threads <= 1
      ? null
      : new ExtractionPool(threads, { extractor: options.extractorOptions });
  const extractor = pool ? null : (options.extractor ?? createExtractor(options.extractorOptions));
  log(
    `${workerId} started: batch ${batch}, ${threads} thread(s), lease ${leaseMs / 1000} s, ` +
      `max attempts ${maxAttempts}${options.once ? ', until the queue is empty' : ''}`,
  );

  const fail = async (job: ClaimedJob, error: string, permanent = false) => {
    counts.failed++;
    const status = await failJob(store, job.id, workerId, error, {
      maxAttempts,
      retryDelayMs: retryDelayMs * job.attempts,
      permanent,
    });
    if (status === 'parked') {
      counts.parked++;
      log(`parked job ${job.id} (${job.input}) after ${job.attempts} attempt(s): ${error}`);
    } else if (status === null) {
      counts.lost++;
    }
  };

  try {
    while (!signal?.aborted) {
      const jobs = await claimJobs(store, { workerId, batch, leaseMs, maxAttempts });
      if (jobs.length === 0) {
        // with --once, wait while other workers still hold jobs: one of them may die, and its
        // jobs come back when the lease expires
        if (options.once && (await pendingJobs(store)) === 0) break;
        await sleep(pollMs, undefined, { signal }).catch(() => {});
        continue;
      }
      counts.batches++;
      let held = jobs.map((j) => j.id);
      let renewing: Promise<unknown> = Promise.resolve();
      const timer = setInterval(
        () => {
          renewing = renewLeases(store, workerId, held, leaseMs)
            .then((ids) => {
              held = ids;
            })
            .catch((error: unknown) => log(`lease renewal failed: ${describeError(error)}`));
        },
        Math.max(50, Math.floor(leaseMs / 3)),
      );
      try {
        const prepared: Prepared[] = jobs.map((job) => {
          try {
            return { job, doc: parsePayload(job.payload) };
          } catch (error) {
            return { job, error: describeError(error) };
          }
        });
        for (const p of prepared) if ('error' in p) await fail(p.job, p.error);
        const ready = prepared.filter((p): p is { job: ClaimedJob; doc: Document } => 'doc' in p);
        const docs = ready.map((p) => p.doc);
        const outcomes = pool ? pool.run(docs) : extractHere(extractor as DocumentExtractor, docs);
        let i = 0;
        for await (const outcome of outcomes) {
          const { job } = ready[i++];
          if (!outcome.ok) {
            await fail(job, `extraction failed: ${outcome.reason}`);
            continue;
          }
          let result: Awaited<ReturnType<Store['storeExtraction']>>;
          try {
            result = await store.storeExtraction(outcome.extraction, {
              runId: job.runId,
              duplicateOf: job.duplicateOf,
            });
          } catch (error) {
            await fail(job, `storing failed: ${describeError(error)}`);
            continue;
          }
          if (result.status === 'id_conflict') {
            await fail(job, `document id "${job.docId}" is already stored with different text`, true);
            continue;
          }
          if (result.status === 'stored') {
            counts.stored++;
            counts.events += result.events;
          } else {
            counts.already_stored++;
          }
          if (await completeJob(store, job.id, workerId)) counts.done++;
          else counts.lost++;
        }
      } finally {
        clearInterval(timer);
        await renewing;
      }
      options.onBatch?.({ workerId, ...counts });
    }
  } finally {
    await pool?.close();
  }
  return { workerId, ...counts };
}
