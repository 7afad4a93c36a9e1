// The store: one schema and one set of kysely queries over SQLite (better-sqlite3, WAL) or
// PostgreSQL (pg). `openStore('./blocwatch.db')` or `openStore('postgres://...')`.
// Other modules may query `store.db` directly (typed by ./schema.ts); the methods below are the
// writes and reads ingest and the CLI need.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type ExpressionBuilder, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { CODER_VERSION } from '../coding/index.ts';
import { BlocwatchError, describeError } from '../errors.ts';
import type { Extraction } from '../types.ts';
import { registerSqliteHandle } from './aggregates.ts';
import {
  type BatchItemResult,
  documentRow,
  findNearDuplicateIn,
  recordRows,
  type StoreBatchOptions,
  sqliteBatchWriter,
  storeBatchKysely,
} from './batch.ts';
import { deferIndexes, restoreDeferredIndexes } from './bulk.ts';
import { decodeCursor, encodeCursor, olderThan } from './listing.ts';
import { type DialectName, InCodeMigrationProvider, SCHEMA_VERSION } from './migrations.ts';
import {
  type ClaimRecord,
  claimRowToRecord,
  type EventRecord,
  eventRowToRecord,
  type QuoteRecord,
  quoteRowToRecord,
} from './records.ts';
import type { Database, DocumentsTable, IngestRunsTable } from './schema.ts';

export type {
  BatchItemResult,
  BatchStatus,
  NearDuplicateCandidate,
  NearDuplicateRule,
  StoreBatchOptions,
} from './batch.ts';
export { nearDuplicateQuery, pickNearDuplicate } from './batch.ts';
export { bulkIngest } from './bulk.ts';
export type { DialectName } from './migrations.ts';
export { SCHEMA_VERSION } from './migrations.ts';
export * from './records.ts';
export type { Database } from './schema.ts';

export const DEFAULT_DB = './blocwatch.db';

export type DocumentRow = DocumentsTable;

export interface StoreExtractionOptions {
  readonly runId?: string | null;
  /** Id of the earlier document this one nearly duplicates: its records are stored flagged. */
  readonly duplicateOf?: string | null;
  /** Timestamp written to documents.ingested_at (default: now). */
  readonly ingestedAt?: string;
}

export type StoreStatus =
  /** Stored with its records. */
  | 'stored'
  /** The same content is already stored: nothing written. */
  | 'duplicate'
  /** Another document with the same id but different content is stored: nothing written. */
  | 'id_conflict';

export interface StoreResult {
  readonly status: StoreStatus;
  /** The stored document's id (for 'duplicate': the id of the copy already stored). */
  readonly docId: string;
  readonly events: number;
  readonly claims: number;
  readonly quotes: number;
}

export interface NearDuplicate {
  /** Id of the original (never itself a near-duplicate). */
  readonly id: string;
  readonly distance: number;
}

export interface NearDuplicateOptions {
  /** The new document's publication date: enables the wider same-story window. */
  readonly publishedAt?: string;
  /** Bits within which any stored document is a near-duplicate (default 3). */
  readonly maxBits?: number;
  /** Bits within which a document published within `windowDays` is a near-duplicate (default 14). */
  readonly windowBits?: number;
  /** Days either side of `publishedAt` (default 2). */
  readonly windowDays?: number;
}

export interface EventFilters {
  /** Actor code prefix (`IRN`, `IRNGOV`) on either side. */
  readonly actor?: string;
  /** Two actor code prefixes, either direction. */
  readonly pair?: readonly [string, string];
  /** Country or group code (first three letters) on either side. */
  readonly country?: string;
  readonly source?: string;
  readonly target?: string;
  readonly code?: string;
  readonly root?: string;
  readonly quad?: number;
  readonly modality?: string;
  readonly origin?: string;
  /** Inclusive event-date bounds, `YYYY-MM-DD`. */
  readonly from?: string;
  readonly to?: string;
  readonly docId?: string;
  /** Include events of near-duplicate documents (default false). */
  readonly includeDuplicates?: boolean;
}

export interface Page<T> {
  readonly items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  readonly next_cursor: string | null;
}

export interface StoreStats {
  readonly dialect: DialectName;
  readonly schema_version: string;
  readonly documents: number;
  readonly near_duplicates: number;
  readonly events: number;
  readonly events_counted: number;
  readonly events_by_quad: Record<'1' | '2' | '3' | '4', number>;
  readonly events_by_origin: Record<string, number>;
  readonly claims: number;
  readonly quotes: number;
  readonly unknown_mentions: number;
  readonly ingest_runs: number;
  readonly rejected_inputs: number;
  readonly first_date: string | null;
  readonly last_date: string | null;
  readonly countries: number;
}

export interface RunCounts {
  readonly read: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly near_duplicates: number;
  readonly rejected: number;
}

export interface Store {
  /** The kysely instance: typed by ./schema.ts, for queries of your own. */
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The file path or the URL (without password) the store was opened from. */
  readonly location: string;
  storeExtraction(extraction: Extraction, options?: StoreExtractionOptions): Promise<StoreResult>;
  /**
   * Stores documents with their records in one transaction, strictly in the order given: each is
   * linked to its near-duplicate among the documents stored before it, earlier ones of the batch
   * included, so the result does not depend on where batches begin and end. One result per document.
   */
  storeBatch(batch: readonly Extraction[], options?: StoreBatchOptions): Promise<BatchItemResult[]>;
  /** Replace a stored document's events, claims, quotes and unknown mentions (recode), in one transaction. */
  replaceExtraction(extraction: Extraction): Promise<StoreResult>;
  deleteExtractionsForDoc(docId: string): Promise<void>;
  findByContentHash(hash: string): Promise<DocumentRow | undefined>;
  /** The stored original a document with this SimHash nearly duplicates, if any. */
  findNearDuplicate(simhash: string, options?: NearDuplicateOptions): Promise<NearDuplicate | undefined>;
  getDocument(id: string): Promise<DocumentRow | undefined>;
  /** Every stored document, ordered by id, read in pages of `batch`. */
  iterateDocuments(batch?: number): AsyncGenerator<DocumentRow>;
  listEvents(
    filters?: EventFilters,
    page?: { limit?: number; cursor?: string | null },
  ): Promise<Page<EventRecord>>;
  /** All events matching the filters, ordered by date then id, read in pages. */
  iterateEvents(filters?: EventFilters, batch?: number): AsyncGenerator<EventRecord>;
  countEvents(filters?: EventFilters): Promise<number>;
  iterateClaims(batch?: number): AsyncGenerator<ClaimRecord>;
  iterateQuotes(batch?: number): AsyncGenerator<QuoteRecord>;
  stats(): Promise<StoreStats>;
  startRun(inputs: readonly string[]): Promise<string>;
  finishRun(runId: string, counts: RunCounts): Promise<void>;
  getRun(runId: string): Promise<IngestRunsTable | undefined>;
  recordRejected(runId: string | null, input: string, code: string, reason: string): Promise<void>;
  /**
   * For a large load into a small store (SQLite): drops the record tables' read indexes until
   * `restoreIndexes`. Recorded in the store, so an interrupted load's indexes come back when the
   * store is next opened. Queries during the load run without them. Returns whether any were
   * dropped; on PostgreSQL it does nothing and returns false.
   */
  deferIndexes(): Promise<boolean>;
  /** Re-creates the indexes `deferIndexes` dropped (a no-op when none are deferred). */
  restoreIndexes(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to use (created if missing), e.g. for tests. */
  readonly schema?: string;
  /** Run migrations (default true). */
  readonly migrate?: boolean;
  /**
   * Create the SQLite file (and its folder) when missing (default true). Commands that only read
   * pass false: a mistyped --db then fails instead of answering from a new, empty database.
   */
  readonly create?: boolean;
  /**
   * SQLite only: this connection's page cache, in MiB (default: 16 MiB, better-sqlite3's build). A long ingest into a
   * large store updates index pages all over the file; a bigger cache keeps them in memory.
   */
  readonly pageCacheMiB?: number;
  /**
   * SQLite only: pages the write-ahead log may hold before a commit copies them into the database
   * (SQLite's default: 1,000). Fewer, larger checkpoints write a page that many commits change
   * (an index page, a table's last page) once instead of once per checkpoint.
   */
  readonly walCheckpointPages?: number;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(invalid url)';
  }
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

// pg returns bigint (count(*), sum of integers) and numeric as strings: parse them as numbers.
const pgTypes = (types: typeof pg.types) => ({
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads
    return (types.getTypeParser as any)(oid, format);
  },
});

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Open (and migrate) the store at a SQLite file path or a `postgres://` URL. A `schema=NAME`
 * query parameter on the URL selects a PostgreSQL schema (created if missing).
 */
export async function openStore(
  dbUrlOrPath: string = DEFAULT_DB,
  options: OpenStoreOptions = {},
): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: DialectName;
  let location: string;
  let sqliteHandle: SqliteDatabase.Database | null = null;
  if (isPostgresUrl(dbUrlOrPath)) {
    dialect = 'postgres';
    let schema = options.schema;
    let connectionString = dbUrlOrPath;
    try {
      const u = new URL(dbUrlOrPath);
      const fromUrl = u.searchParams.get('schema');
      if (fromUrl) {
        schema ??= fromUrl;
        u.searchParams.delete('schema');
        connectionString = u.toString();
      }
    } catch {
      throw new BlocwatchError('BW_ERR_DB_OPEN', `invalid PostgreSQL URL: ${redactUrl(dbUrlOrPath)}`);
    }
    if (schema !== undefined && !SCHEMA_NAME.test(schema))
      throw new BlocwatchError('BW_ERR_DB_OPEN', `invalid PostgreSQL schema name "${schema}"`);
    location = redactUrl(dbUrlOrPath);
    // loaded here: a SQLite store (most commands, the importers) does not pay for loading pg
    const { default: pg } = await import('pg');
    if (schema !== undefined) {
      const client = new pg.Client({ connectionString });
      try {
        await client.connect();
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } catch (error) {
        throw new BlocwatchError('BW_ERR_DB_OPEN', `cannot open ${location}: ${describeError(error)}`);
      } finally {
        await client.end().catch(() => {});
      }
    }
    const pool = new pg.Pool({
      connectionString,
      max: 8,
      types: pgTypes(pg.types),
      ...(schema !== undefined ? { options: `-c search_path="${schema}"` } : {}),
    });
    // an idle client's network error must not crash the process
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    location = dbUrlOrPath;
    const file = resolve(dbUrlOrPath);
    if (options.create === false && !existsSync(file))
      throw new BlocwatchError(
        'BW_ERR_DB_NOT_FOUND',
        `no database at ${dbUrlOrPath}: ingest or import into it first, or name another with --db`,
      );
    if (!existsSync(dirname(file))) {
      try {
        mkdirSync(dirname(file), { recursive: true });
      } catch (error) {
        throw new BlocwatchError('BW_ERR_DB_OPEN', `cannot create ${dirname(file)}: ${describeError(error)}`);
      }
    }
    let handle: SqliteDatabase.Database;
    try {
      handle = new SqliteDatabase(file);
      handle.pragma('journal_mode = WAL');
      handle.pragma('synchronous = NORMAL');
      handle.pragma('busy_timeout = 10000');
      handle.pragma('foreign_keys = OFF');
      if (options.pageCacheMiB) handle.pragma(`cache_size = -${Math.round(options.pageCacheMiB * 1024)}`);
      if (options.walCheckpointPages)
        handle.pragma(`wal_autocheckpoint = ${Math.max(1, Math.round(options.walCheckpointPages))}`);
    } catch (error) {
      throw new BlocwatchError('BW_ERR_DB_OPEN', `cannot open ${dbUrlOrPath}: ${describeError(error)}`);
    }
    sqliteHandle = handle;
    const cached = cachedStatements(handle);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) });
    registerSqliteHandle(db, cached);
  }

  if (options.migrate !== false) {
    try {
      // kysely looks for its migration tables in every schema unless told which one: name it
      let migrationTableSchema: string | undefined;
      if (dialect === 'postgres') {
        const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
        migrationTableSchema = r.rows[0]?.schema ?? undefined;
        if (!migrationTableSchema) throw new Error('no current schema (check search_path)');
      }
      const migrator = new Migrator({
        db,
        provider: new InCodeMigrationProvider(dialect),
        ...(migrationTableSchema ? { migrationTableSchema } : {}),
      });
      await migrateWithRetry(migrator, dialect);
    } catch (error) {
      await db.destroy().catch(() => {});
      throw new BlocwatchError('BW_ERR_DB_OPEN', `cannot open ${location}: ${describeError(error)}`);
    }
  }
  if (sqliteHandle && options.migrate !== false) {
    try {
      restoreDeferredIndexes(sqliteHandle);
    } catch (error) {
      await db.destroy().catch(() => {});
      throw new BlocwatchError('BW_ERR_DB_OPEN', `cannot open ${location}: ${describeError(error)}`);
    }
  }
  return createStore(db, dialect, location, sqliteHandle);
}

/**
 * kysely serialises migrations across processes with an advisory lock on PostgreSQL but not on
 * SQLite: two commands opening a new file at once both see no migrations and race to create the
 * tables. The one that loses fails with "already exists", a duplicate row in kysely's own
 * migration tables (when it read them before the winner wrote) or a busy/snapshot error; by then the
 * winner's transaction has committed (or is committing), so running the migrator again sees its work.
 */
async function migrateWithRetry(migrator: Migrator, dialect: DialectName): Promise<void> {
  const attempts = 6;
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (!error) return;
    const message = error instanceof Error ? error.message : String(error);
    // PostgreSQL: kysely looks for its migration table by listing the tables of every schema, which
    // fails when another client drops a schema in the middle of that query
    const raced =
      dialect === 'sqlite'
        ? /already exists|UNIQUE constraint failed: kysely_migration|SQLITE_BUSY|database is locked/i.test(
            message,
          )
        : /^schema ".*" does not exist$/.test(message);
    if (!raced || attempt >= attempts) throw error;
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
  }
}

const STATEMENT_CACHE_SIZE = 200;

/**
 * kysely prepares every query anew; better-sqlite3 statements are reusable, and preparing a wide
 * insert costs as much as running it. Keep recently used statements by SQL text. (kysely runs one
 * query at a time per connection, so a cached statement is never in use twice.)
 */
function cachedStatements(handle: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
    } else {
      stmt = handle.prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(source, stmt);
    return stmt;
  };
  return new Proxy(handle, {
    get(target, property, receiver) {
      if (property === 'prepare') return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const INSERT_CHUNK = 200;

function chunks<T>(rows: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function decodeCursorOrFail(cursor: string): [string, string] {
  const after = decodeCursor(cursor);
  if (!after) throw new BlocwatchError('BW_ERR_USAGE', 'invalid cursor');
  return after;
}

type EB = ExpressionBuilder<Database, 'events'>;

function eventWhere(filters: EventFilters) {
  return (eb: EB) => {
    const and = [];
    const actorMatch = (code: string, side: 'source' | 'target') =>
      code.length === 3
        ? eb(`${side}_country`, '=', code)
        : eb(`${side}_code`, 'like', sql<string>`${likePrefix(code)} escape '\\'`);
    if (filters.actor)
      and.push(eb.or([actorMatch(filters.actor, 'source'), actorMatch(filters.actor, 'target')]));
    if (filters.country)
      and.push(
        eb.or([eb('source_country', '=', filters.country), eb('target_country', '=', filters.country)]),
      );
    if (filters.source) and.push(actorMatch(filters.source, 'source'));
    if (filters.target) and.push(actorMatch(filters.target, 'target'));
    if (filters.pair) {
      const [a, b] = filters.pair;
      and.push(
        eb.or([
          eb.and([actorMatch(a, 'source'), actorMatch(b, 'target')]),
          eb.and([actorMatch(b, 'source'), actorMatch(a, 'target')]),
        ]),
      );
    }
    if (filters.code) and.push(eb('code', '=', filters.code));
    if (filters.root) and.push(eb('root', '=', filters.root));
    if (filters.quad !== undefined) and.push(eb('quad_class', '=', filters.quad));
    if (filters.modality) and.push(eb('modality', '=', filters.modality));
    if (filters.origin) and.push(eb('origin', '=', filters.origin as EventsOrigin));
    if (filters.from) and.push(eb('date', '>=', filters.from));
    if (filters.to) and.push(eb('date', '<=', filters.to));
    if (filters.docId) and.push(eb('doc_id', '=', filters.docId));
    if (!filters.includeDuplicates) and.push(eb('is_duplicate', '=', 0));
    return eb.and(and);
  };
}

type EventsOrigin = Database['events']['origin'];

function nowIso(): string {
  return new Date().toISOString();
}

/** Insert an extraction's records (not the document) inside a transaction. */
async function insertRecords(trx: Kysely<Database>, x: Extraction, isDuplicate: boolean) {
  const { events, claims, quotes, unknown } = recordRows(x, isDuplicate);
  let nEvents = 0;
  let nClaims = 0;
  let nQuotes = 0;
  // ids are unique by construction; ON CONFLICT DO NOTHING keeps a duplicate id from a buggy
  // stage from failing the whole document
  for (const rows of chunks(events)) {
    const r = await trx
      .insertInto('events')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    nEvents += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  for (const rows of chunks(claims)) {
    const r = await trx
      .insertInto('claims')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    nClaims += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  for (const rows of chunks(quotes)) {
    const r = await trx
      .insertInto('quotes')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    nQuotes += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  for (const rows of chunks(unknown)) {
    await trx
      .insertInto('unknown_mentions')
      .values(rows)
      .onConflict((oc) => oc.columns(['doc_id', 'start', 'end']).doNothing())
      .execute();
  }
  return { events: nEvents, claims: nClaims, quotes: nQuotes };
}

async function deleteRecords(trx: Kysely<Database>, docId: string) {
  await trx.deleteFrom('events').where('doc_id', '=', docId).execute();
  await trx.deleteFrom('claims').where('doc_id', '=', docId).execute();
  await trx.deleteFrom('quotes').where('doc_id', '=', docId).execute();
  await trx.deleteFrom('unknown_mentions').where('doc_id', '=', docId).execute();
}

function wrapQuery<T>(what: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (error instanceof BlocwatchError) throw error;
    throw new BlocwatchError('BW_ERR_DB_QUERY', `${what}: ${describeError(error)}`, { cause: error });
  });
}

function createStore(
  db: Kysely<Database>,
  dialect: DialectName,
  location: string,
  sqliteHandle: SqliteDatabase.Database | null,
): Store {
  // SQLite: synchronous, on the store's own connection (no kysely query is ever open across it)
  const sqliteBatch = sqliteHandle ? sqliteBatchWriter(sqliteHandle) : null;
  // PostgreSQL 14 or later computes SimHash distances itself (bit_count): asked once, when needed
  let bitCount: Promise<boolean> | null = null;
  const distanceInSql = (): Promise<boolean> => {
    if (dialect !== 'postgres') return Promise.resolve(false);
    bitCount ??= sql<{ v: number }>`select current_setting('server_version_num')::int as v`
      .execute(db)
      .then((r) => Number(r.rows[0]?.v ?? 0) >= 140000)
      .catch((error: unknown) => {
        bitCount = null;
        throw error;
      });
    return bitCount;
  };
  let byHashStatement: SqliteDatabase.Statement | null = null;
  const sqliteByHash = () => {
    if (sqliteHandle && !byHashStatement)
      byHashStatement = sqliteHandle.prepare('select * from "documents" where "content_hash" = ?');
    return byHashStatement;
  };
  const store: Store = {
    db,
    dialect,
    location,

    storeExtraction(x, options = {}) {
      return wrapQuery('storing a document', () =>
        db.transaction().execute(async (trx) => {
          const row = documentRow(x.doc, options);
          const inserted = await trx
            .insertInto('documents')
            .values(row)
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
            const same = await trx
              .selectFrom('documents')
              .select('id')
              .where('content_hash', '=', x.doc.content_hash)
              .executeTakeFirst();
            const status: StoreStatus = same ? 'duplicate' : 'id_conflict';
            return { status, docId: same?.id ?? x.doc.id, events: 0, claims: 0, quotes: 0 };
          }
          const counts = await insertRecords(trx, x, Boolean(options.duplicateOf));
          return { status: 'stored' as const, docId: x.doc.id, ...counts };
        }),
      );
    },

    storeBatch(batch, options = {}) {
      if (batch.length === 0) return Promise.resolve([]);
      return wrapQuery('storing documents', async () =>
        sqliteBatch
          ? sqliteBatch(batch, options)
          : storeBatchKysely(db, batch, options, await distanceInSql()),
      );
    },

    replaceExtraction(x) {
      return wrapQuery('replacing a document’s records', () =>
        db.transaction().execute(async (trx) => {
          const doc = await trx
            .selectFrom('documents')
            .select(['id', 'duplicate_of'])
            .where('id', '=', x.doc.id)
            .executeTakeFirst();
          if (!doc) throw new BlocwatchError('BW_ERR_NOT_FOUND', `document ${x.doc.id} is not stored`);
          await deleteRecords(trx, x.doc.id);
          const counts = await insertRecords(trx, x, doc.duplicate_of !== null);
          await trx
            .updateTable('documents')
            .set({ coder_version: CODER_VERSION })
            .where('id', '=', x.doc.id)
            .execute();
          return { status: 'stored' as const, docId: x.doc.id, ...counts };
        }),
      );
    },

    deleteExtractionsForDoc(docId) {
      return wrapQuery('deleting records', () =>
        db.transaction().execute((trx) => deleteRecords(trx, docId)),
      );
    },

    findByContentHash(hash) {
      // once per input document in ingest: on SQLite a statement prepared once, not a kysely query
      const byHash = sqliteByHash();
      if (byHash)
        return wrapQuery(
          'looking up a content hash',
          async () => byHash.get(hash) as DocumentRow | undefined,
        );
      return wrapQuery('looking up a content hash', () =>
        db.selectFrom('documents').selectAll().where('content_hash', '=', hash).executeTakeFirst(),
      );
    },

    findNearDuplicate(simhash, options = {}) {
      return wrapQuery('looking up near-duplicates', async () => {
        return findNearDuplicateIn(db, simhash, options.publishedAt, options, await distanceInSql());
      });
    },

    getDocument(id) {
      return wrapQuery('reading a document', () =>
        db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst(),
      );
    },

    async *iterateDocuments(batch = 200) {
      let after: string | null = null;
      for (;;) {
        let q = db.selectFrom('documents').selectAll().orderBy('id').limit(batch);
        if (after !== null) q = q.where('id', '>', after);
        const rows = await wrapQuery('reading documents', () => q.execute());
        for (const r of rows) yield r;
        if (rows.length < batch) return;
        after = rows[rows.length - 1].id;
      }
    },

    listEvents(filters = {}, page = {}) {
      const limit = Math.max(1, Math.min(page.limit ?? 100, 10_000));
      return wrapQuery('listing events', async () => {
        let q = db
          .selectFrom('events')
          .selectAll()
          .where(eventWhere(filters))
          .orderBy('date', 'desc')
          .orderBy('id', 'desc')
          .limit(limit + 1);
        if (page.cursor) {
          const after = decodeCursorOrFail(page.cursor);
          q = q.where((eb) => olderThan(eb, after, 'date'));
        }
        const rows = await q.execute();
        const more = rows.length > limit;
        const items = rows.slice(0, limit).map(eventRowToRecord);
        const last = items[items.length - 1];
        return { items, next_cursor: more && last ? encodeCursor(last.date, last.id) : null };
      });
    },

    async *iterateEvents(filters = {}, batch = 1000) {
      let after: [string, string] | null = null;
      for (;;) {
        let q = db
          .selectFrom('events')
          .selectAll()
          .where(eventWhere(filters))
          .orderBy('date')
          .orderBy('id')
          .limit(batch);
        if (after !== null) {
          const [date, id] = after;
          q = q.where((eb) =>
            eb.or([eb('date', '>', date), eb.and([eb('date', '=', date), eb('id', '>', id)])]),
          );
        }
        const rows = await wrapQuery('reading events', () => q.execute());
        for (const r of rows) yield eventRowToRecord(r);
        if (rows.length < batch) return;
        const last = rows[rows.length - 1];
        after = [last.date, last.id];
      }
    },

    countEvents(filters = {}) {
      return wrapQuery('counting events', async () => {
        const r = await db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(eventWhere(filters))
          .executeTakeFirstOrThrow();
        return Number(r.n);
      });
    },

    async *iterateClaims(batch = 1000) {
      let after: string | null = null;
      for (;;) {
        let q = db.selectFrom('claims').selectAll().orderBy('id').limit(batch);
        if (after !== null) q = q.where('id', '>', after);
        const rows = await wrapQuery('reading claims', () => q.execute());
        for (const r of rows) yield claimRowToRecord(r);
        if (rows.length < batch) return;
        after = rows[rows.length - 1].id;
      }
    },

    async *iterateQuotes(batch = 1000) {
      let after: string | null = null;
      for (;;) {
        let q = db.selectFrom('quotes').selectAll().orderBy('id').limit(batch);
        if (after !== null) q = q.where('id', '>', after);
        const rows = await wrapQuery('reading quotes', () => q.execute());
        for (const r of rows) yield quoteRowToRecord(r);
        if (rows.length < batch) return;
        after = rows[rows.length - 1].id;
      }
    },

    stats() {
      return wrapQuery('computing stats', async () => {
        const count = async (table: keyof Database) => {
          const r = await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          return Number(r.n);
        };
        const docs = await db
          .selectFrom('documents')
          .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('duplicate_of').as('dups')])
          .executeTakeFirstOrThrow();
        const byQuad = await db
          .selectFrom('events')
          .select((eb) => ['quad_class', eb.fn.countAll<number>().as('n')])
          .where('is_duplicate', '=', 0)
          .groupBy('quad_class')
          .execute();
        const byOrigin = await db
          .selectFrom('events')
          .select((eb) => ['origin', eb.fn.countAll<number>().as('n')])
          .groupBy('origin')
          .orderBy('origin')
          .execute();
        const span = await db
          .selectFrom('events')
          .select((eb) => [eb.fn.min<string>('date').as('first'), eb.fn.max<string>('date').as('last')])
          .executeTakeFirstOrThrow();
        const countries = await db
          .selectFrom(
            db
              .selectFrom('events')
              .select('source_country as c')
              .where('source_country', '!=', '')
              .union(db.selectFrom('events').select('target_country as c').where('target_country', '!=', ''))
              .as('u'),
          )
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const events_by_quad = { '1': 0, '2': 0, '3': 0, '4': 0 };
        for (const r of byQuad) {
          const k = String(r.quad_class) as keyof typeof events_by_quad;
          if (k in events_by_quad) events_by_quad[k] = Number(r.n);
        }
        const events_by_origin: Record<string, number> = {};
        for (const r of byOrigin) events_by_origin[r.origin] = Number(r.n);
        const events = await count('events');
        return {
          dialect,
          schema_version: SCHEMA_VERSION,
          documents: Number(docs.n),
          near_duplicates: Number(docs.dups),
          events,
          events_counted: Object.values(events_by_quad).reduce((a, b) => a + b, 0),
          events_by_quad,
          events_by_origin,
          claims: await count('claims'),
          quotes: await count('quotes'),
          unknown_mentions: await count('unknown_mentions'),
          ingest_runs: await count('ingest_runs'),
          rejected_inputs: await count('rejected_inputs'),
          first_date: span.first ?? null,
          last_date: span.last ?? null,
          countries: Number(countries.n),
        };
      });
    },

    startRun(inputs) {
      return wrapQuery('starting an ingest run', async () => {
        const id = randomUUID();
        await db
          .insertInto('ingest_runs')
          .values({
            id,
            started_at: nowIso(),
            finished_at: null,
            inputs: JSON.stringify(inputs),
            read: 0,
            stored: 0,
            duplicates: 0,
            near_duplicates: 0,
            rejected: 0,
          })
          .execute();
        return id;
      });
    },

    finishRun(runId, counts) {
      return wrapQuery('finishing an ingest run', async () => {
        await db
          .updateTable('ingest_runs')
          .set({ ...counts, finished_at: nowIso() })
          .where('id', '=', runId)
          .execute();
      });
    },

    getRun(runId) {
      return wrapQuery('reading an ingest run', () =>
        db.selectFrom('ingest_runs').selectAll().where('id', '=', runId).executeTakeFirst(),
      );
    },

    recordRejected(runId, input, code, reason) {
      return wrapQuery('recording a rejected input', async () => {
        await db
          .insertInto('rejected_inputs')
          .values({ run_id: runId, input, code, reason, at: nowIso() })
          .execute();
      });
    },

    deferIndexes() {
      return wrapQuery('dropping indexes for a bulk load', async () =>
        sqliteHandle ? deferIndexes(sqliteHandle) > 0 : false,
      );
    },

    restoreIndexes() {
      return wrapQuery('re-creating indexes after a bulk load', async () => {
        if (sqliteHandle) restoreDeferredIndexes(sqliteHandle);
      });
    },

    async close() {
      await db.destroy();
    },
  };
  return store;
}
