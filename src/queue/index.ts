// The work queue: documents read by `enqueue` or `watch` wait in the `jobs` table until a
// `worker` (any number of them, on any machine that reaches the database) extracts and stores them.
export {
  type EnqueueInputsOptions,
  type EnqueueProgress,
  type EnqueueRejection,
  type EnqueueSummary,
  enqueueInputs,
  formatEnqueueSummary,
} from './enqueue.ts';
export {
  type ClaimedJob,
  type ClaimOptions,
  claimJobs,
  completeJob,
  DEFAULT_BATCH,
  DEFAULT_LEASE_MS,
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueItem,
  type EnqueueResult,
  type EnqueueStatus,
  enqueueDocument,
  enqueueDocuments,
  failJob,
  JOB_STATUSES,
  type JobStatus,
  type ParkedJob,
  pendingJobs,
  type QueueStatus,
  queueStatus,
  renewLeases,
  retryParked,
} from './jobs.ts';
export { parseDuration, readFeedsFile, type WatchOptions, watchFeeds } from './watch.ts';
export {
  newWorkerId,
  parsePayload,
  runWorker,
  type WorkerOptions,
  type WorkerProgress,
  type WorkerSummary,
} from './worker.ts';
