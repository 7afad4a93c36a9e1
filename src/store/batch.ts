// Ingest's write path: many documents with their records in one transaction. Documents are
// handled strictly in the order given, each linked to its near-duplicate among the documents
// stored before it, those earlier in the same batch included, so the database is the same as if
// they were stored one transaction each, whatever the batch boundaries. A batch is atomic: a
// process killed mid-batch leaves none of it, and the next run stores it again from the input.
//
// On SQLite the batch runs synchronously on the store's better-sqlite3 connection through cached
// prepared statements (kysely compiles and prepares every query anew, which cost as much as the
// insert itself); on PostgreSQL it runs in one kysely transaction with multi-row inserts.
import type SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { CODER_VERSION } from '../coding/index.ts';
import { describeError } from '../errors.ts';
import {
  hammingDistance,
  NEAR_DUPLICATE_BITS,
  NEAR_DUPLICATE_WINDOW_BITS,
  NEAR_DUPLICATE_WINDOW_DAYS,
  popcount32,
  simhashBands,
} from '../ingest/hash.ts';
import type { Document, Extraction } from '../types.ts';
import { claimToRow, eventToRow, quoteToRow } from './records.ts';
import type { Database, DocumentsTable } from './schema.ts';

/** Where to look for a document's near-duplicates (see `findNearDuplicate`). */
export interface NearDuplicateRule {
  /** Bits within which any stored document is a near-duplicate (default 3). */
  readonly maxBits?: number;
  /** Bits within which a document published within `windowDays` is a near-duplicate (default 14). */
  readonly windowBits?: number;
  /** Days either side of the document's publication date (default 2). */
  readonly windowDays?: number;
}

export interface StoreBatchOptions {
  readonly runId?: string | null;
  readonly nearDuplicates?: NearDuplicateRule;
}

export type BatchStatus =
  /** Stored with its records (`duplicateOf` set when it nearly duplicates an earlier document). */
  | 'stored'
  /** The same content is already stored (or earlier in the batch): nothing written. */
  | 'duplicate'
  /** Another document with the same id but different content is stored: nothing written. */
  | 'id_conflict'
  /** The database refused this document's rows (`reason`): nothing written for it. */
  | 'failed';

export interface BatchItemResult {
  readonly status: BatchStatus;
  readonly docId: string;
  readonly duplicateOf: string | null;
  readonly events: number;
  readonly claims: number;
  readonly quotes: number;
  readonly reason?: string;
}

export interface NearDuplicateCandidate {
  readonly id: string;
  readonly simhash: string;
  readonly duplicate_of: string | null;
  readonly published_at: string;
}

export function dateWindow(date: string, days: number): [string, string] {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) return [date, date];
  const day = 86_400_000;
  return [
    new Date(t - days * day).toISOString().slice(0, 10),
    new Date(t + days * day).toISOString().slice(0, 10),
  ];
}

/** The candidates' query: bands for the whole store, plus the publication window when there is one. */
export interface NearDuplicateQuery {
  readonly bands: [number, number, number, number];
  readonly window: [string, string] | null;
}

export function nearDuplicateQuery(
  simhash: string,
  publishedAt: string | undefined,
  rule: NearDuplicateRule,
): NearDuplicateQuery {
  const days = rule.windowDays ?? NEAR_DUPLICATE_WINDOW_DAYS;
  return { bands: simhashBands(simhash), window: publishedAt ? dateWindow(publishedAt, days) : null };
}

/**
 * The rule's two distances: any stored original within `maxBits`, and within `windowBits` (never
 * less) one published inside the date window.
 */
function nearDuplicateBits(rule: NearDuplicateRule): { maxBits: number; windowBits: number } {
  const maxBits = rule.maxBits ?? NEAR_DUPLICATE_BITS;
  return { maxBits, windowBits: Math.max(rule.windowBits ?? NEAR_DUPLICATE_WINDOW_BITS, maxBits) };
}

/**
 * The original a document with this SimHash nearly duplicates among the candidates: the closest,
 * ties broken by the smaller id. Only originals count: a candidate that is itself a near-duplicate
 * is passed over, so every member of a cluster is within the thresholds of its original (a copy of
 * a copy that has drifted farther from the original starts a cluster of its own) and a lookup needs
 * one row per cluster, not one per member. The queries below return originals only.
 */
export function pickNearDuplicate(
  simhash: string,
  window: [string, string] | null,
  candidates: Iterable<NearDuplicateCandidate>,
  rule: NearDuplicateRule,
): { id: string; distance: number } | undefined {
  const { maxBits, windowBits } = nearDuplicateBits(rule);
  let best: { id: string; distance: number } | undefined;
  for (const c of candidates) {
    if (c.duplicate_of !== null) continue;
    const distance = hammingDistance(simhash, c.simhash);
    const inWindow = window !== null && c.published_at >= window[0] && c.published_at <= window[1];
    if (distance > (inWindow ? windowBits : maxBits)) continue;
    if (!best || distance < best.distance || (distance === best.distance && c.id < best.id))
      best = { id: c.id, distance };
  }
  return best;
}

/**
 * The original a new document nearly duplicates, looked up in the store (or a transaction): the
 * originals sharing one of four 16-bit SimHash bands (two hashes within 3 bits always do), plus
 * those published within the window, for edited copies of a story that differ more. One arm per
 * band and one for the window, each on its partial index over originals (migration 0007).
 * With `distanceInSql` (PostgreSQL 14 or later: `bit_count`) the server drops the far hashes, so
 * that the window's originals, hundreds in a large store, are not sent to be dropped here.
 */
export async function findNearDuplicateIn(
  db: Kysely<Database>,
  simhash: string,
  publishedAt: string | undefined,
  rule: NearDuplicateRule,
  distanceInSql = false,
): Promise<{ id: string; distance: number } | undefined> {
  const { bands, window } = nearDuplicateQuery(simhash, publishedAt, rule);
  const { maxBits, windowBits: widest } = nearDuplicateBits(rule);
  const originals = (bits: number) => {
    const q = db
      .selectFrom('documents')
      .select(['id', 'simhash', 'duplicate_of', 'published_at'])
      .where('duplicate_of', 'is', null);
    if (!distanceInSql) return q;
    return q.where(sql<boolean>`bit_count(('x' || simhash)::bit(64) # ${`x${simhash}`}::bit(64)) <= ${bits}`);
  };
  // a band match farther than maxBits counts only inside the window, which the window arm reads
  let query = originals(maxBits).where('simhash_b0', '=', bands[0]);
  query = query.unionAll(originals(maxBits).where('simhash_b1', '=', bands[1]));
  query = query.unionAll(originals(maxBits).where('simhash_b2', '=', bands[2]));
  query = query.unionAll(originals(maxBits).where('simhash_b3', '=', bands[3]));
  if (window)
    query = query.unionAll(
      originals(widest).where('published_at', '>=', window[0]).where('published_at', '<=', window[1]),
    );
  return pickNearDuplicate(simhash, window, await query.execute(), rule);
}

export interface DocumentRowOptions {
  readonly runId?: string | null;
  readonly duplicateOf?: string | null;
  readonly ingestedAt?: string;
}

export function documentRow(doc: Document, options: DocumentRowOptions): DocumentsTable {
  const [b0, b1, b2, b3] = simhashBands(doc.simhash);
  return {
    id: doc.id,
    url: doc.url ?? null,
    title: doc.title ?? null,
    published_at: doc.published_at,
    source: doc.source ?? null,
    text: doc.text,
    lang: doc.lang,
    content_hash: doc.content_hash,
    simhash: doc.simhash,
    simhash_b0: b0,
    simhash_b1: b1,
    simhash_b2: b2,
    simhash_b3: b3,
    format: doc.format,
    duplicate_of: options.duplicateOf ?? null,
    ingested_at: options.ingestedAt ?? new Date().toISOString(),
    run_id: options.runId ?? null,
    coder_version: CODER_VERSION,
  };
}

/** The rows of an extraction's records (not the document), in the order they are inserted. */
export function recordRows(x: Extraction, isDuplicate: boolean) {
  const publishedAt = x.doc.published_at;
  const events = x.events.map((e) => eventToRow(e, { isDuplicate }));
  const claims = x.claims.map((c) => claimToRow(c, { publishedAt, isDuplicate }));
  const quotes = x.quotes.map((q) => quoteToRow(q, { publishedAt, isDuplicate }));
  const unknown = new Map<string, Database['unknown_mentions']>();
  for (const m of x.mentions) {
    if (m.kind !== 'unknown') continue;
    unknown.set(`${m.start}:${m.end}`, {
      doc_id: x.doc.id,
      sentence_index: m.sentence_index,
      start: m.start,
      end: m.end,
      text: m.text,
    });
  }
  return { events, claims, quotes, unknown: [...unknown.values()] };
}

/**
 * Errors that belong to one document's rows (a constraint, a value the driver cannot bind): the
 * document is reported as failed and the batch goes on. Anything else (disk full, locked,
 * connection lost) fails the whole batch.
 */
function isDataError(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  // SQLite: SQLITE_CONSTRAINT_*, SQLITE_MISMATCH, SQLITE_TOOBIG; PostgreSQL: classes 22 and 23
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code) || /^2[23][0-9A-Z]{3}$/.test(code);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

type Row = Record<string, unknown>;

/** Writes batches on a SQLite connection with statements prepared once. */
export function sqliteBatchWriter(handle: SqliteDatabase.Database) {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const prepared = (key: string, source: () => string) => {
    let stmt = statements.get(key);
    if (!stmt) {
      stmt = handle.prepare(source());
      statements.set(key, stmt);
    }
    return stmt;
  };
  /** Inserts one row (columns: the row's keys, as kysely does); returns the rows inserted (0 or 1). */
  const insert = (table: string, row: Row, onConflict: string): number => {
    const keys = Object.keys(row);
    const stmt = prepared(
      `${table}|${keys.join(',')}`,
      () =>
        `insert into ${quote(table)} (${keys.map(quote).join(', ')}) values (${keys.map(() => '?').join(', ')}) ${onConflict}`,
    );
    const values = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) values[i] = row[keys[i]!] ?? null;
    return stmt.run(values).changes;
  };
  const byHash = () => prepared('by-hash', () => 'select id from documents where content_hash = ?');
  // Near-duplicate candidates: originals only, each band and the publication window read from its
  // partial index (band or date, then the hash) alone; rows are fetched only for close hashes.
  const byBand = (band: number) =>
    prepared(
      `near-band-${band}`,
      () => `select simhash, rowid from documents where simhash_b${band} = ? and duplicate_of is null`,
    ).raw();
  const inWindow = () =>
    prepared(
      'near-window',
      () =>
        'select simhash, rowid from documents where published_at between ? and ? and duplicate_of is null',
    ).raw();
  const byRowid = () =>
    prepared(
      'near-row',
      () => 'select id, simhash, duplicate_of, published_at from documents where rowid = ?',
    );

  /** Stored originals that may nearly duplicate `doc`: a superset of those pickNearDuplicate accepts. */
  const nearCandidates = (doc: Document, rule: NearDuplicateRule) => {
    const { bands, window } = nearDuplicateQuery(doc.simhash, doc.published_at, rule);
    const { maxBits, windowBits: widest } = nearDuplicateBits(rule);
    const hi = Number.parseInt(doc.simhash.slice(0, 8), 16);
    const lo = Number.parseInt(doc.simhash.slice(8, 16), 16);
    const close = new Set<number>();
    // all() rather than iterate(): the connection cannot run byRowid while an iteration is open
    const keep = (rows: [string, number][], bits: number) => {
      for (const [simhash, rowid] of rows) {
        const distance =
          popcount32(hi ^ Number.parseInt(simhash.slice(0, 8), 16)) +
          popcount32(lo ^ Number.parseInt(simhash.slice(8, 16), 16));
        if (distance <= bits) close.add(rowid);
      }
    };
    // a band match farther than maxBits counts only inside the window, which the window scan reads
    for (let b = 0; b < 4; b++) keep(byBand(b).all(bands[b]) as [string, number][], maxBits);
    if (window) keep(inWindow().all(window[0], window[1]) as [string, number][], widest);
    const found: NearDuplicateCandidate[] = [];
    for (const rowid of close) found.push(byRowid().get(rowid) as NearDuplicateCandidate);
    return { window, found };
  };

  const storeOne = (x: Extraction, options: StoreBatchOptions): BatchItemResult => {
    const doc = x.doc;
    const rule = options.nearDuplicates ?? {};
    const { window, found } = nearCandidates(doc, rule);
    const near = pickNearDuplicate(doc.simhash, window, found, rule);
    const duplicateOf = near?.id ?? null;
    const none = { docId: doc.id, duplicateOf: null, events: 0, claims: 0, quotes: 0 };
    const row = documentRow(doc, { runId: options.runId, duplicateOf }) as unknown as Row;
    if (insert('documents', row, 'on conflict do nothing') === 0) {
      const same = byHash().get(doc.content_hash) as { id: string } | undefined;
      return same ? { ...none, status: 'duplicate', docId: same.id } : { ...none, status: 'id_conflict' };
    }
    const rows = recordRows(x, duplicateOf !== null);
    let events = 0;
    let claims = 0;
    let quotes = 0;
    // ids are unique by construction; a duplicate id from a buggy stage must not fail the document
    for (const r of rows.events)
      events += insert('events', r as unknown as Row, 'on conflict ("id") do nothing');
    for (const r of rows.claims)
      claims += insert('claims', r as unknown as Row, 'on conflict ("id") do nothing');
    for (const r of rows.quotes)
      quotes += insert('quotes', r as unknown as Row, 'on conflict ("id") do nothing');
    for (const r of rows.unknown)
      insert('unknown_mentions', r as unknown as Row, 'on conflict ("doc_id", "start", "end") do nothing');
    return { status: 'stored', docId: doc.id, duplicateOf, events, claims, quotes };
  };

  const failedResult = (x: Extraction, error: unknown): BatchItemResult => ({
    status: 'failed',
    docId: x.doc.id,
    duplicateOf: null,
    events: 0,
    claims: 0,
    quotes: 0,
    reason: describeError(error),
  });
  /** Thrown out of the transaction (rolling it back) when the document at `index` has bad rows. */
  class DocumentFailed extends Error {
    constructor(
      readonly index: number,
      readonly error: unknown,
    ) {
      super('document failed');
    }
  }
  const run = handle.transaction(
    (
      batch: readonly Extraction[],
      options: StoreBatchOptions,
      failed: ReadonlyMap<number, BatchItemResult>,
    ) =>
      batch.map((x, i) => {
        const known = failed.get(i);
        if (known) return known;
        try {
          return storeOne(x, options);
        } catch (error) {
          if (isDataError(error)) throw new DocumentFailed(i, error);
          throw error;
        }
      }),
  );

  // No savepoint per document (each costs a copy of every page it touches): a document whose rows
  // the database refuses rolls the batch back, and the batch runs again without it. The run is
  // deterministic, so the other documents get exactly the results they would have had.
  return (batch: readonly Extraction[], options: StoreBatchOptions): BatchItemResult[] => {
    const failed = new Map<number, BatchItemResult>();
    for (;;) {
      try {
        return run.immediate(batch, options, failed);
      } catch (error) {
        if (!(error instanceof DocumentFailed)) throw error;
        failed.set(error.index, failedResult(batch[error.index]!, error.error));
      }
    }
  };
}

/** Rows per multi-row INSERT: 37 columns × 200 rows stays far under PostgreSQL's 65,535 parameters. */
const INSERT_CHUNK = 200;

async function insertChunks(
  trx: Kysely<Database>,
  table: 'events' | 'claims' | 'quotes' | 'unknown_mentions',
  rows: readonly Row[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    await trx
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: one helper for four tables of known rows
      .values(chunk as any)
      .onConflict((oc) =>
        table === 'unknown_mentions'
          ? oc.columns(['doc_id', 'start', 'end']).doNothing()
          : oc.column('id').doNothing(),
      )
      .execute();
  }
}

/**
 * Stores a batch through kysely in one transaction: documents one by one (each one's near-duplicate
 * lookup sees the documents before it), then every record of the batch in multi-row inserts.
 */
async function kyselyBatch(
  trx: Kysely<Database>,
  batch: readonly Extraction[],
  options: StoreBatchOptions,
  distanceInSql: boolean,
): Promise<BatchItemResult[]> {
  const rule = options.nearDuplicates ?? {};
  const results: BatchItemResult[] = [];
  const records = { events: [] as Row[], claims: [] as Row[], quotes: [] as Row[], unknown: [] as Row[] };
  /** Rows with distinct ids, first kept (what ON CONFLICT DO NOTHING keeps of a stage's duplicate id). */
  const distinct = (rows: readonly { id: string }[], into: Row[]) => {
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      into.push(r as unknown as Row);
    }
    return seen.size;
  };
  for (const x of batch) {
    const doc = x.doc;
    const duplicateOf =
      (await findNearDuplicateIn(trx, doc.simhash, doc.published_at, rule, distanceInSql))?.id ?? null;
    const none = { docId: doc.id, duplicateOf: null, events: 0, claims: 0, quotes: 0 };
    const inserted = await trx
      .insertInto('documents')
      .values(documentRow(doc, { runId: options.runId, duplicateOf }))
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      const same = await trx
        .selectFrom('documents')
        .select('id')
        .where('content_hash', '=', doc.content_hash)
        .executeTakeFirst();
      results.push(
        same ? { ...none, status: 'duplicate', docId: same.id } : { ...none, status: 'id_conflict' },
      );
      continue;
    }
    const rows = recordRows(x, duplicateOf !== null);
    const events = distinct(rows.events, records.events);
    const claims = distinct(rows.claims, records.claims);
    const quotes = distinct(rows.quotes, records.quotes);
    records.unknown.push(...(rows.unknown as unknown as Row[]));
    results.push({ status: 'stored', docId: doc.id, duplicateOf, events, claims, quotes });
  }
  await insertChunks(trx, 'events', records.events);
  await insertChunks(trx, 'claims', records.claims);
  await insertChunks(trx, 'quotes', records.quotes);
  await insertChunks(trx, 'unknown_mentions', records.unknown);
  return results;
}

/**
 * PostgreSQL (or any kysely dialect): the batch in one transaction; when the database refuses it,
 * each document again in a transaction of its own, so that only a document whose rows are refused
 * is reported failed. `distanceInSql`: see `findNearDuplicateIn`.
 */
export async function storeBatchKysely(
  db: Kysely<Database>,
  batch: readonly Extraction[],
  options: StoreBatchOptions,
  distanceInSql = false,
): Promise<BatchItemResult[]> {
  try {
    return await db.transaction().execute((trx) => kyselyBatch(trx, batch, options, distanceInSql));
  } catch (error) {
    if (!isDataError(error) || batch.length === 1) {
      if (batch.length === 1 && isDataError(error)) {
        const x = batch[0]!;
        return [
          {
            status: 'failed',
            docId: x.doc.id,
            duplicateOf: null,
            events: 0,
            claims: 0,
            quotes: 0,
            reason: describeError(error),
          },
        ];
      }
      throw error;
    }
  }
  const results: BatchItemResult[] = [];
  for (const x of batch) results.push(...(await storeBatchKysely(db, [x], options, distanceInSql)));
  return results;
}
