// Row types of the store, shared by SQLite and PostgreSQL (kysely `Database` interface).
// Migrations in ./migrations create exactly these tables; queries everywhere use these types.
// Conventions: dates are ISO strings ('YYYY-MM-DD'), timestamps ISO strings with time,
// booleans are integers 0/1 (SQLite has no boolean), codes are strings ("042", never 42).

import type { Generated } from 'kysely';

export type EventOrigin = 'blocwatch' | 'gdelt' | 'icews';

export interface DocumentsTable {
  id: string;
  url: string | null;
  title: string | null;
  published_at: string;
  source: string | null;
  text: string;
  lang: string;
  content_hash: string;
  /** 16 hex digits. */
  simhash: string;
  /** The SimHash's four 16-bit bands (0..65535, most significant first), indexed for near-duplicate lookup. */
  simhash_b0: number;
  simhash_b1: number;
  simhash_b2: number;
  simhash_b3: number;
  format: string;
  /** Id of the earlier document this one nearly duplicates, or null. */
  duplicate_of: string | null;
  ingested_at: string;
  run_id: string | null;
  coder_version: string;
}

export interface EventsTable {
  id: string;
  /** Null for imported events (GDELT, ICEWS) that have no stored document. */
  doc_id: string | null;
  sentence_index: number | null;
  origin: EventOrigin;
  source_code: string;
  source_name: string;
  source_country: string;
  source_sector: string;
  source_entity: string | null;
  target_code: string;
  target_name: string;
  target_country: string;
  target_sector: string;
  target_entity: string | null;
  code: string;
  root: string;
  quad_class: number;
  goldstein: number;
  plover: string;
  modality: string;
  attributed_to_code: string | null;
  attributed_to_name: string | null;
  date: string;
  date_precision: string;
  published_at: string;
  location_name: string | null;
  location_country: string | null;
  lat: number | null;
  lon: number | null;
  evidence_text: string;
  evidence_start: number | null;
  evidence_end: number | null;
  rule: string;
  confidence: number;
  coder_version: string;
  /** 1 when the event comes from a near-duplicate document: kept, not counted in analysis. */
  is_duplicate: number;
  /** Source URL for imported events. */
  source_url: string | null;
}

export interface ClaimsTable {
  id: string;
  doc_id: string;
  sentence_index: number;
  claim_type: string;
  metric: string;
  value: number | null;
  unit: string | null;
  original_value: string | null;
  original_unit: string | null;
  /** Comma-separated country or group codes, sorted as extracted ("RUS,IRN"). */
  actors: string;
  direction: string | null;
  period_start: string | null;
  period_end: string | null;
  relation: string | null;
  stance: string | null;
  speaker: string | null;
  speaker_code: string | null;
  published_at: string;
  evidence_text: string;
  evidence_start: number;
  evidence_end: number;
  rule: string;
  is_duplicate: number;
}

export interface QuotesTable {
  id: string;
  doc_id: string;
  sentence_index: number;
  speaker: string | null;
  speaker_code: string | null;
  speaker_role: string | null;
  text: string;
  direct: number;
  published_at: string;
  evidence_text: string;
  evidence_start: number;
  evidence_end: number;
  rule: string;
  is_duplicate: number;
}

/** Proper-noun runs the resolver could not place, kept so users can extend the knowledge base. */
export interface UnknownMentionsTable {
  doc_id: string;
  sentence_index: number;
  start: number;
  end: number;
  text: string;
}

export interface IngestRunsTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  inputs: string;
  read: number;
  stored: number;
  duplicates: number;
  near_duplicates: number;
  rejected: number;
}

export interface RejectedInputsTable {
  id: Generated<number>;
  run_id: string | null;
  /** File path, path:line, URL or feed item link. */
  input: string;
  code: string;
  reason: string;
  at: string;
}

export interface UnRollCallsTable {
  rcid: number;
  session: number;
  date: string;
  importantvote: number;
  unres: string | null;
  short: string | null;
  descr: string | null;
  /** Comma-separated issue codes (me, nu, di, hr, co, ec). */
  issues: string;
}

export interface UnVotesTable {
  rcid: number;
  /** ISO alpha-3 code. */
  country: string;
  /** 1 yes, 2 abstain, 3 no. */
  vote: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'parked';

/** The work queue (src/queue): one document to extract and store, claimed by workers under a lease. */
export interface JobsTable {
  id: Generated<number>;
  /** What the job does: 'document' (extract and store `payload`). */
  kind: Generated<string>;
  doc_id: string;
  /** Unique: enqueueing the same text twice adds nothing. */
  content_hash: string;
  /** The Document as JSON, read and normalised by the enqueuer. */
  payload: string;
  published_at: string;
  simhash: string;
  simhash_b0: number;
  simhash_b1: number;
  simhash_b2: number;
  simhash_b3: number;
  /** Near-duplicate original decided at enqueue time (input order), or null. */
  duplicate_of: string | null;
  /** The ingest run (enqueue or watch round) that added the job. */
  run_id: string | null;
  /** Where the document came from: path, path:line, URL or feed item link. */
  input: string;
  status: Generated<JobStatus>;
  /** Claims so far (a claim that ends in a crash counts). */
  attempts: Generated<number>;
  /** Milliseconds since the epoch (database clock) until which the claiming worker holds the job. */
  lease_until: number | null;
  worker_id: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  documents: DocumentsTable;
  events: EventsTable;
  claims: ClaimsTable;
  quotes: QuotesTable;
  unknown_mentions: UnknownMentionsTable;
  ingest_runs: IngestRunsTable;
  rejected_inputs: RejectedInputsTable;
  un_roll_calls: UnRollCallsTable;
  un_votes: UnVotesTable;
  jobs: JobsTable;
  deferred_indexes: DeferredIndexesTable;
}

/** Indexes a bulk ingest dropped for its load, re-created at its end (SQLite; see store/bulk.ts). */
export interface DeferredIndexesTable {
  name: string;
  sql: string;
}
