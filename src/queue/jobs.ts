// The work queue's table operations: enqueue a document, claim a batch under a lease, renew the
// lease, mark a job done or failed (retried, then parked), and report the queue's state.
// On PostgreSQL a claim locks its rows with `FOR UPDATE SKIP LOCKED`, so any number of workers on
// any number of machines share the queue without blocking each other; on SQLite the claim is one
// UPDATE statement, serialised by the database's write lock (one machine only).
// Leases are measured on the database's clock, so workers with skewed clocks still agree.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { BlocwatchError, describeError } from '../errors.ts';
import { simhashBands } from '../ingest/hash.ts';
import {
  type Database,
  type DialectName,
  type NearDuplicate,
  type NearDuplicateCandidate,
  nearDuplicateQuery,
  pickNearDuplicate,
  type Store,
} from '../store/index.ts';
import type { JobStatus } from '../store/schema.ts';
import type { Document } from '../types.ts';

export type { JobStatus } from '../store/schema.ts';
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'parked'];

export const DEFAULT_LEASE_MS = 60_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BATCH = 20;

/** A job as a worker holds it after claiming. */
export interface ClaimedJob {
  readonly id: number;
  readonly docId: string;
  readonly payload: string;
  readonly duplicateOf: string | null;
  readonly runId: string | null;
  readonly input: string;
  /** Claims including this one. */
  readonly attempts: number;
}

function nowIso(): string {
  return new Date().toISOString();
}

/** Milliseconds since the epoch on the database server's clock. */
function dbNowMs(dialect: DialectName): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
}

function wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (error instanceof BlocwatchError) throw error;
    throw new BlocwatchError('BW_ERR_DB_QUERY', `${what}: ${describeError(error)}`, { cause: error });
  });
}

function better(a: NearDuplicate | undefined, b: NearDuplicate | undefined): NearDuplicate | undefined {
  if (!a) return b;
  if (!b) return a;
  if (b.distance < a.distance || (b.distance === a.distance && b.id < a.id)) return b;
  return a;
}

/**
 * The near-duplicate original among documents still waiting in the queue (queued or running), by
 * the same rule as the store's `findNearDuplicate` over stored documents: originals only.
 */
async function findQueuedNearDuplicate(
  db: Kysely<Database>,
  doc: Document,
): Promise<NearDuplicate | undefined> {
  const { bands, window } = nearDuplicateQuery(doc.simhash, doc.published_at, {});
  const [b0, b1, b2, b3] = bands;
  const candidates = await db
    .selectFrom('jobs')
    .select(['doc_id as id', 'simhash', 'duplicate_of', 'published_at'])
    .where('status', 'in', ['queued', 'running'])
    .where('duplicate_of', 'is', null)
    .where((eb) =>
      eb.or([
        eb('simhash_b0', '=', b0),
        eb('simhash_b1', '=', b1),
        eb('simhash_b2', '=', b2),
        eb('simhash_b3', '=', b3),
        ...(window ? [eb.between('published_at', window[0], window[1])] : []),
      ]),
    )
    .execute();
  return pickNearDuplicate(doc.simhash, window, candidates, {});
}

export type EnqueueStatus =
  /** Added to the queue. */
  | 'enqueued'
  /** The same text is already stored or queued: nothing added. */
  | 'duplicate'
  /** Another document with this id but different text is stored or queued: nothing added. */
  | 'id_conflict';

export interface EnqueueResult {
  readonly status: EnqueueStatus;
  /** The near-duplicate original recorded with the job, if any. */
  readonly duplicateOf: string | null;
}

export interface EnqueueItem {
  readonly doc: Document;
  /** Where the document came from: path, path:line, URL or feed item link. */
  readonly input: string;
}

export interface EnqueueOptions {
  readonly runId?: string | null;
}

/** Near-duplicate look-ups run at once (the pool has 8 connections). */
const LOOKUP_CONCURRENCY = 6;
/** Rows per INSERT (21 parameters each). */
const INSERT_ROWS = 100;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

/**
 * Add documents to the queue, in order, unless their text is already stored or queued (or their id
 * is taken by another text). The near-duplicate original of each is decided here, in enqueue order,
 * against stored documents, still-queued documents and the earlier documents of the same call, by
 * the store's own rule, so the result is what a sequential `ingest` of the same inputs would store,
 * whichever worker stores which document first.
 */
export function enqueueDocuments(
  store: Store,
  items: readonly EnqueueItem[],
  options: EnqueueOptions = {},
): Promise<EnqueueResult[]> {
  if (items.length === 0) return Promise.resolve([]);
  return wrap('enqueueing documents', async () => {
    const db = store.db;
    const hashes = [...new Set(items.map((i) => i.doc.content_hash))];
    const ids = [...new Set(items.map((i) => i.doc.id))];
    const takenHashes = new Set<string>();
    const takenIds = new Set<string>();
    for (const part of chunkList(hashes, 500)) {
      for (const r of await db
        .selectFrom('documents')
        .select('content_hash')
        .where('content_hash', 'in', part)
        .execute())
        takenHashes.add(r.content_hash);
      for (const r of await db
        .selectFrom('jobs')
        .select('content_hash')
        .where('content_hash', 'in', part)
        .execute())
        takenHashes.add(r.content_hash);
    }
    for (const part of chunkList(ids, 500)) {
      for (const r of await db.selectFrom('documents').select('id').where('id', 'in', part).execute())
        takenIds.add(r.id);
      for (const r of await db.selectFrom('jobs').select('doc_id').where('doc_id', 'in', part).execute())
        takenIds.add(r.doc_id);
    }
    const results: EnqueueResult[] = [];
    const accepted: number[] = [];
    for (const [i, { doc }] of items.entries()) {
      if (takenHashes.has(doc.content_hash)) results.push({ status: 'duplicate', duplicateOf: null });
      else if (takenIds.has(doc.id)) results.push({ status: 'id_conflict', duplicateOf: null });
      else {
        results.push({ status: 'enqueued', duplicateOf: null });
        accepted.push(i);
        takenHashes.add(doc.content_hash);
        takenIds.add(doc.id);
      }
    }
    // queued documents first: a job that finishes between the two look-ups is then seen in one of them
    const fromDb = await mapLimit(accepted, LOOKUP_CONCURRENCY, async (i) => {
      const doc = items[i].doc;
      const queued = await findQueuedNearDuplicate(db, doc);
      const stored = await store.findNearDuplicate(doc.simhash, { publishedAt: doc.published_at });
      return better(stored, queued);
    });
    // the batch's own earlier documents, as candidates of the same rule
    const earlier: NearDuplicateCandidate[] = [];
    for (const [k, i] of accepted.entries()) {
      const doc = items[i].doc;
      const { window } = nearDuplicateQuery(doc.simhash, doc.published_at, {});
      const near = better(fromDb[k], pickNearDuplicate(doc.simhash, window, earlier, {}));
      const duplicateOf = near?.id ?? null;
      earlier.push({
        id: doc.id,
        simhash: doc.simhash,
        duplicate_of: duplicateOf,
        published_at: doc.published_at,
      });
      results[i] = { status: 'enqueued', duplicateOf };
    }
    const now = nowIso();
    const rows = accepted.map((i) => {
      const { doc, input } = items[i];
      const [b0, b1, b2, b3] = simhashBands(doc.simhash);
      return {
        kind: 'document',
        doc_id: doc.id,
        content_hash: doc.content_hash,
        payload: JSON.stringify(doc),
        published_at: doc.published_at,
        simhash: doc.simhash,
        simhash_b0: b0,
        simhash_b1: b1,
        simhash_b2: b2,
        simhash_b3: b3,
        duplicate_of: results[i].duplicateOf,
        run_id: options.runId ?? null,
        input,
        lease_until: null,
        worker_id: null,
        last_error: null,
        created_at: now,
        updated_at: now,
      };
    });
    const inserted = new Set<string>();
    for (const part of chunkList(rows, INSERT_ROWS)) {
      const r = await db
        .insertInto('jobs')
        .values(part)
        .onConflict((oc) => oc.doNothing())
        .returning('content_hash')
        .execute();
      for (const x of r) inserted.add(x.content_hash);
    }
    // another enqueuer may have added the same text or id in the meantime
    for (const i of accepted) {
      const doc = items[i].doc;
      if (inserted.has(doc.content_hash)) continue;
      const same = await db
        .selectFrom('jobs')
        .select('id')
        .where('content_hash', '=', doc.content_hash)
        .executeTakeFirst();
      results[i] = { status: same ? 'duplicate' : 'id_conflict', duplicateOf: null };
    }
    return results;
  });
}

function chunkList<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Add one document to the queue: `enqueueDocuments` for a single item. */
export async function enqueueDocument(
  store: Store,
  doc: Document,
  options: EnqueueOptions & { readonly input: string },
): Promise<EnqueueResult> {
  const [result] = await enqueueDocuments(store, [{ doc, input: options.input }], options);
  return result;
}

export interface ClaimOptions {
  readonly workerId: string;
  readonly batch?: number;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
}

interface ClaimRow {
  id: number;
  doc_id: string;
  payload: string;
  duplicate_of: string | null;
  run_id: string | null;
  input: string;
  attempts: number;
}

/**
 * Claim up to `batch` jobs: queued ones (whose retry delay has passed) and running ones whose
 * lease has expired (their worker died). Jobs that lost their lease `maxAttempts` times are
 * parked first.
 */
export function claimJobs(store: Store, options: ClaimOptions): Promise<ClaimedJob[]> {
  const batch = Math.max(1, Math.floor(options.batch ?? DEFAULT_BATCH));
  const leaseMs = Math.max(1, Math.floor(options.leaseMs ?? DEFAULT_LEASE_MS));
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const now = dbNowMs(store.dialect);
  return wrap('claiming jobs', async () => {
    const db = store.db;
    await db
      .updateTable('jobs')
      .set({
        status: 'parked',
        lease_until: null,
        last_error: `its worker stopped before finishing it ${maxAttempts} times (lease expired; crashed, killed or hung?)`,
        updated_at: nowIso(),
      })
      .where('status', '=', 'running')
      .where('lease_until', '<', now)
      .where('attempts', '>=', maxAttempts)
      .execute();
    const lock = store.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const result = await sql<ClaimRow>`
      update jobs
         set status = 'running', attempts = attempts + 1, worker_id = ${options.workerId},
             lease_until = ${now} + ${leaseMs}, updated_at = ${nowIso()}
       where id in (
         select id from jobs
          where attempts < ${maxAttempts}
            and ((status = 'queued' and (lease_until is null or lease_until < ${now}))
                 or (status = 'running' and lease_until < ${now}))
          order by id
          limit ${batch}
          ${lock})
      returning id, doc_id, payload, duplicate_of, run_id, input, attempts`.execute(db);
    return result.rows
      .map((r) => ({
        id: Number(r.id),
        docId: r.doc_id,
        payload: r.payload,
        duplicateOf: r.duplicate_of,
        runId: r.run_id,
        input: r.input,
        attempts: Number(r.attempts),
      }))
      .sort((a, b) => a.id - b.id);
  });
}

/** Extend the lease on jobs this worker still holds; returns the ids still held. */
export function renewLeases(
  store: Store,
  workerId: string,
  ids: readonly number[],
  leaseMs = DEFAULT_LEASE_MS,
): Promise<number[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return wrap('renewing leases', async () => {
    const rows = await store.db
      .updateTable('jobs')
      .set({ lease_until: sql<number>`${dbNowMs(store.dialect)} + ${leaseMs}`, updated_at: nowIso() })
      .where('id', 'in', [...ids])
      .where('worker_id', '=', workerId)
      .where('status', '=', 'running')
      .returning('id')
      .execute();
    return rows.map((r) => Number(r.id));
  });
}

/**
 * Mark a job done. Only the worker holding it can: returns false when the lease was lost to
 * another worker (which then stores the same document idempotently and marks it done itself).
 */
export function completeJob(store: Store, jobId: number, workerId: string): Promise<boolean> {
  return wrap('marking a job done', async () => {
    const r = await store.db
      .updateTable('jobs')
      .set({ status: 'done', lease_until: null, last_error: null, updated_at: nowIso() })
      .where('id', '=', jobId)
      .where('worker_id', '=', workerId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  });
}

export interface FailOptions {
  readonly maxAttempts?: number;
  /** Delay before the job may be claimed again (default 0). */
  readonly retryDelayMs?: number;
  /** Park at once: retrying cannot help. */
  readonly permanent?: boolean;
}

/** Record a failure: the job is queued again (after `retryDelayMs`) or, past `maxAttempts`, parked. */
export function failJob(
  store: Store,
  jobId: number,
  workerId: string,
  error: string,
  options: FailOptions = {},
): Promise<JobStatus | null> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const delay = Math.max(0, Math.floor(options.retryDelayMs ?? 0));
  const message = error.split('\n')[0].slice(0, 2000);
  return wrap('recording a job failure', async () => {
    const rows = await store.db
      .updateTable('jobs')
      .set({
        status: options.permanent
          ? 'parked'
          : sql<JobStatus>`case when attempts >= ${maxAttempts} then 'parked' else 'queued' end`,
        lease_until: options.permanent
          ? null
          : sql<
              number | null
            >`case when attempts >= ${maxAttempts} then null else ${dbNowMs(store.dialect)} + ${delay} end`,
        last_error: message,
        updated_at: nowIso(),
      })
      .where('id', '=', jobId)
      .where('worker_id', '=', workerId)
      .where('status', '=', 'running')
      .returning('status')
      .execute();
    return rows[0]?.status ?? null;
  });
}

/** Jobs still to do: queued, or running (possibly under an expired lease). */
export function pendingJobs(store: Store): Promise<number> {
  return wrap('counting pending jobs', async () => {
    const r = await store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    return Number(r.n);
  });
}

export interface ParkedJob {
  readonly id: number;
  readonly doc_id: string;
  readonly input: string;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly updated_at: string;
}

export interface QueueStatus {
  readonly counts: Record<JobStatus, number>;
  /** Workers holding a live lease right now. */
  readonly active_workers: number;
  /** Running jobs whose lease has expired (their worker stopped): claimed again by the next worker. */
  readonly expired_leases: number;
  /** Queued jobs waiting for a retry. */
  readonly retrying: number;
  readonly oldest_queued_at: string | null;
  /** The most recently parked jobs (at most `parkedLimit`). */
  readonly parked: ParkedJob[];
}

export function queueStatus(store: Store, parkedLimit = 20): Promise<QueueStatus> {
  const now = dbNowMs(store.dialect);
  return wrap('reading the queue status', async () => {
    const db = store.db;
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, parked: 0 };
    const byStatus = await db
      .selectFrom('jobs')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    for (const r of byStatus) if (r.status in counts) counts[r.status as JobStatus] = Number(r.n);
    const running = await db
      .selectFrom('jobs')
      .select((eb) => [
        eb.fn.count<number>(sql`distinct case when lease_until >= ${now} then worker_id end`).as('workers'),
        eb.fn.sum<number>(sql`case when lease_until < ${now} then 1 else 0 end`).as('expired'),
      ])
      .where('status', '=', 'running')
      .executeTakeFirstOrThrow();
    const queued = await db
      .selectFrom('jobs')
      .select((eb) => [
        eb.fn.min<string>('created_at').as('oldest'),
        eb.fn.sum<number>(sql`case when attempts > 0 then 1 else 0 end`).as('retrying'),
      ])
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    const parked = await db
      .selectFrom('jobs')
      .select(['id', 'doc_id', 'input', 'attempts', 'last_error', 'updated_at'])
      .where('status', '=', 'parked')
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, parkedLimit))
      .execute();
    return {
      counts,
      active_workers: Number(running.workers ?? 0),
      expired_leases: Number(running.expired ?? 0),
      retrying: Number(queued.retrying ?? 0),
      oldest_queued_at: queued.oldest ?? null,
      parked: parked.map((p) => ({ ...p, id: Number(p.id), attempts: Number(p.attempts) })),
    };
  });
}

/** Put parked jobs back in the queue with a fresh attempt count (all of them when `ids` is empty). */
export function retryParked(store: Store, ids: readonly number[] = []): Promise<number> {
  return wrap('re-queueing parked jobs', async () => {
    let q = store.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, lease_until: null, worker_id: null, updated_at: nowIso() })
      .where('status', '=', 'parked');
    if (ids.length > 0) q = q.where('id', 'in', [...ids]);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  });
}
