// Batched, idempotent inserts for imported rows: events keep their origin-prefixed id
// (`gdelt:<GLOBALEVENTID>`), so importing a file twice stores each event once.
//
// An importer declares the columns it gives per row (values in that order, in an array it may
// reuse) and the columns that hold one value for every row (written into the statement as
// literals). On SQLite the writer uses its own better-sqlite3 connection to the same file and a
// prepared multi-row `INSERT OR IGNORE` of ROWS_PER_STATEMENT rows, inside large transactions,
// with bulk-load pragmas. A large import relative to the table (see `bulkLoad`) drops the events
// table's secondary indexes, loads, and re-creates them from their stored definitions, all inside
// ONE transaction: if the process dies half-way, SQLite rolls the whole import back and the
// database is exactly as before, indexes included. A large SQLite import writes on a thread of its
// own (writer-thread.ts), so that converting rows and storing them use two cores; the indexes are
// re-created with SQLite's sorter threads. On PostgreSQL it sends multi-row INSERTs.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import { BlocwatchError, describeError, type ErrorCode } from '../../errors.ts';
import type { Database, EventsTable } from '../../store/schema.ts';
import { startWorker } from '../../threads.ts';

export type EventRow = Insertable<EventsTable>;
export type EventColumn = keyof EventsTable & string;

/** What an importer writes to: the store's kysely instance, its dialect and its location. */
export interface ImportTarget {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** SQLite file path (or URL for PostgreSQL). */
  readonly location: string;
}

/** How the events table's secondary indexes are treated during a SQLite import. */
export type IndexMode =
  /** Drop and re-create them when the import is large relative to the table (default). */
  | 'auto'
  /** Always keep them (insert into indexed tables). */
  | 'keep'
  /** Always drop and re-create them. */
  | 'rebuild';

export interface WriterSpec {
  /** Columns given for every row, in the order of the values passed to `add`. */
  readonly columns: readonly EventColumn[];
  /** Columns with the same value in every row. Columns in neither list get their default (NULL, 0). */
  readonly constants?: Readonly<Partial<Record<EventColumn, string | number | null>>>;
}

export interface WriterOptions {
  /** Expected number of rows (an estimate): decides the bulk load in `auto` mode. */
  readonly expectedRows?: number;
  readonly indexMode?: IndexMode;
  /** SQLite: write on a thread of its own (default: for an import of 20,000 expected rows or more). */
  readonly thread?: boolean;
}

export interface EventWriter {
  /** Adds one row: values in the order of `spec.columns`. The array is copied: reuse it. */
  add(values: readonly unknown[]): void | Promise<void>;
  /** Writes what is buffered, commits and releases the connection; returns the totals. */
  finish(): Promise<WriterTotals>;
  /**
   * After an error: keeps the rows written so far (re-creating dropped indexes), drops what is
   * buffered and releases the connection. Never throws.
   */
  abort(): void | Promise<void>;
}

export interface WriterTotals {
  readonly read: number;
  readonly stored: number;
  /** True when the events indexes were dropped and re-created (SQLite bulk load). */
  readonly rebuiltIndexes: boolean;
}

/** Rows per PostgreSQL INSERT: 37 columns × 400 rows stays under the 65,535-parameter limit. */
const PG_BATCH = 400;
/** Rows per SQLite INSERT statement. */
export const ROWS_PER_STATEMENT = 64;
/** The writer's page cache: large, so that the rows of a bulk load stay in memory until the commit. */
const CACHE_KIB = 262_144;
/**
 * Sorted-run size for re-creating the indexes. SQLite sorts an index's keys on the calling thread
 * alone unless they exceed one run; past that, worker threads (`PRAGMA threads`) sort the runs while
 * the calling thread reads the table, and merge them. The run size is the page-cache size at the
 * start of the CREATE INDEX, so the cache is lowered to this for the rebuild (the dirty pages of the
 * load stay: cache_spill keeps them from being written out early).
 */
const SORT_RUN_KIB = 512;
/** Rows per SQLite transaction when the indexes are kept. */
const SQLITE_COMMIT_ROWS = 100_000;
/** A bulk load needs at least this many expected rows... */
const BULK_MIN_ROWS = 50_000;
/** ...and at least this fraction of the rows already in the table. */
const BULK_MIN_FRACTION = 0.5;

/** Whether an import of `expected` rows into a table of `existing` rows drops and re-creates the indexes. */
export function bulkLoad(expected: number, existing: number, mode: IndexMode = 'auto'): boolean {
  if (mode !== 'auto') return mode === 'rebuild';
  return expected >= BULK_MIN_ROWS && expected >= existing * BULK_MIN_FRACTION;
}

function dbError(error: unknown): BlocwatchError {
  if (error instanceof BlocwatchError) return error;
  return new BlocwatchError('BW_ERR_DB_QUERY', `storing imported events failed: ${describeError(error)}`, {
    cause: error,
  });
}

/** An SQL literal for a constant column. */
function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** The SQLite side of a writer, synchronous: run on the importer's thread or on a writer thread. */
export interface SqliteSink {
  add(values: readonly unknown[]): void;
  finish(): WriterTotals;
  abort(): void;
}

export function openSqliteSink(location: string, spec: WriterSpec, options: WriterOptions): SqliteSink {
  let handle: SqliteDatabase.Database;
  try {
    handle = new SqliteDatabase(resolve(location));
    handle.pragma('busy_timeout = 10000');
    handle.pragma('journal_mode = WAL');
    handle.pragma('synchronous = NORMAL');
    handle.pragma(`cache_size = -${CACHE_KIB}`);
    handle.pragma(`cache_spill = -${CACHE_KIB}`);
    // sorted runs go to temporary files: with temp_store = MEMORY SQLite never sorts on threads
    handle.pragma('temp_store = FILE');
    handle.pragma(`threads = ${Math.min(4, availableParallelism())}`);
  } catch (error) {
    throw new BlocwatchError('BW_ERR_DB_OPEN', `cannot open ${location}: ${describeError(error)}`);
  }
  const cols = spec.columns;
  const width = cols.length;
  const constants = Object.entries(spec.constants ?? {}) as [string, string | number | null][];
  const names = [...cols, ...constants.map(([c]) => c)].map((c) => `"${c}"`).join(',');
  const tuple = `(${[...cols.map(() => '?'), ...constants.map(([, v]) => literal(v))].join(',')})`;
  const statementFor = (rows: number) =>
    handle.prepare(`INSERT OR IGNORE INTO events (${names}) VALUES ${new Array(rows).fill(tuple).join(',')}`);

  let full: SqliteDatabase.Statement;
  let dropped: { name: string; sql: string }[] = [];
  let bulk = false;
  try {
    full = statementFor(ROWS_PER_STATEMENT);
    const existing = Number(
      (handle.prepare('SELECT max(rowid) AS n FROM events').get() as { n: number | null }).n ?? 0,
    );
    bulk = bulkLoad(options.expectedRows ?? 0, existing, options.indexMode);
    handle.exec('BEGIN IMMEDIATE');
    if (bulk) {
      dropped = handle
        .prepare(
          "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL",
        )
        .all() as { name: string; sql: string }[];
      for (const ix of dropped) handle.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
    }
  } catch (error) {
    if (handle.inTransaction) handle.exec('ROLLBACK');
    handle.close();
    throw dbError(error);
  }

  const buffer: unknown[] = new Array(ROWS_PER_STATEMENT * width);
  let fill = 0; // rows in buffer
  let read = 0;
  let stored = 0;
  let sinceCommit = 0;

  const writeBuffer = () => {
    if (fill === 0) return;
    if (fill === ROWS_PER_STATEMENT) stored += full.run(buffer).changes;
    else stored += statementFor(fill).run(buffer.slice(0, fill * width)).changes;
    sinceCommit += fill;
    fill = 0;
    if (!bulk && sinceCommit >= SQLITE_COMMIT_ROWS) {
      handle.exec('COMMIT');
      handle.exec('BEGIN IMMEDIATE');
      sinceCommit = 0;
    }
  };
  const close = () => {
    if (handle.open) handle.close();
  };
  const recreateIndexes = () => {
    if (dropped.length === 0) return;
    handle.pragma(`cache_size = -${SORT_RUN_KIB}`);
    try {
      for (const ix of dropped) handle.exec(ix.sql);
    } finally {
      handle.pragma(`cache_size = -${CACHE_KIB}`);
    }
  };
  const complete = () => {
    writeBuffer();
    recreateIndexes();
    handle.exec('COMMIT');
  };

  return {
    add(values) {
      read++;
      const base = fill * width;
      for (let i = 0; i < width; i++) buffer[base + i] = values[i] ?? null;
      if (++fill === ROWS_PER_STATEMENT) {
        try {
          writeBuffer();
        } catch (error) {
          throw dbError(error);
        }
      }
    },
    finish() {
      try {
        complete();
      } catch (error) {
        try {
          if (handle.inTransaction) handle.exec('ROLLBACK');
        } catch {
          // the connection is closed below
        }
        throw dbError(error);
      } finally {
        close();
      }
      return { read, stored, rebuiltIndexes: bulk };
    },
    abort() {
      fill = 0;
      try {
        if (handle.open && handle.inTransaction) {
          recreateIndexes();
          handle.exec('COMMIT');
        }
      } catch {
        try {
          if (handle.inTransaction) handle.exec('ROLLBACK');
        } catch {
          // closing rolls back
        }
      }
      close();
    },
  };
}

/** Expected rows from which a SQLite import writes on a thread of its own. */
const THREAD_MIN_ROWS = 20_000;
/** Rows per message to the writer thread. */
const THREAD_CHUNK_ROWS = 4096;
/**
 * Messages sent to the writer thread and not yet written; past this, `add` waits. Enough for the
 * importer to keep converting rows while the thread starts (about 40 ms compiled, 250 ms under
 * tsx), and a bound on memory (about 2.5 MB per message of GDELT rows).
 */
const THREAD_CHUNKS_IN_FLIGHT = 16;

const NULL_VALUE = 0;
const STRING_VALUE = 1;
const NUMBER_VALUE = 2;

/**
 * Rows on their way to the writer thread. Structured-cloning an array of values per row costs the
 * receiving thread about as much as parsing the rows did; instead each value's kind goes in `kinds`,
 * numbers in `numbers`, and the strings are concatenated into `text` with their lengths.
 */
export interface RowChunk {
  readonly rows: number;
  readonly kinds: Uint8Array;
  readonly numbers: Float64Array;
  readonly lengths: Int32Array;
  readonly text: string;
}

/** Calls `onRow` with each row of a chunk, in order, in one array it reuses. */
export function decodeChunk(chunk: RowChunk, width: number, onRow: (values: unknown[]) => void): void {
  const { kinds, numbers, lengths, text } = chunk;
  const row: unknown[] = new Array(width);
  let k = 0;
  let at = 0;
  for (let r = 0; r < chunk.rows; r++) {
    for (let i = 0; i < width; i++, k++) {
      const kind = kinds[k];
      if (kind === STRING_VALUE) {
        const end = at + lengths[k]!;
        row[i] = text.slice(at, end);
        at = end;
      } else row[i] = kind === NUMBER_VALUE ? numbers[k] : null;
    }
    onRow(row);
  }
}

/** Messages to the writer thread. */
export type WriterRequest =
  | { readonly type: 'rows'; readonly chunk: RowChunk }
  | { readonly type: 'finish' }
  | { readonly type: 'abort' };
/** Replies of the writer thread: one `written` per `rows`, then `done` or `aborted`; `failed` at any time. */
export type WriterReply =
  | { readonly type: 'written' }
  | { readonly type: 'done'; readonly totals: WriterTotals }
  | { readonly type: 'aborted' }
  | { readonly type: 'failed'; readonly code: ErrorCode; readonly message: string };

/** What the writer thread needs to open its sink. */
export interface WriterThreadData {
  readonly location: string;
  readonly spec: WriterSpec;
  readonly options: WriterOptions;
}

/**
 * A SQLite writer whose sink runs on a thread of its own: the importer's thread reads and converts
 * rows while the writer thread binds and inserts the previous ones and, in a bulk load, re-creates
 * the indexes. Rows reach the database in the order they were added, so the result is the same as
 * with the sink on the importer's thread.
 */
function threadedWriter(location: string, spec: WriterSpec, options: WriterOptions): EventWriter {
  const width = spec.columns.length;
  const data: WriterThreadData = { location, spec, options };
  const worker = startWorker(import.meta.url, './writer-thread', data);
  let inFlight = 0;
  let failure: BlocwatchError | null = null;
  let totals: WriterTotals | null = null;
  let aborted = false;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const changed = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  worker.on('message', (reply: WriterReply) => {
    if (reply.type === 'written') inFlight--;
    else if (reply.type === 'done') totals = reply.totals;
    else if (reply.type === 'aborted') aborted = true;
    else failure = new BlocwatchError(reply.code, reply.message);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= dbError(error);
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    failure ??= new BlocwatchError(
      'BW_ERR_DB_QUERY',
      'storing imported events failed: the writer thread stopped',
    );
    notify();
  });

  let kinds = new Uint8Array(THREAD_CHUNK_ROWS * width);
  let numbers = new Float64Array(THREAD_CHUNK_ROWS * width);
  let lengths = new Int32Array(THREAD_CHUNK_ROWS * width);
  // appended with += (V8 links the pieces and copies them once, when the chunk is posted): half
  // the time of collecting them in an array and joining it
  let text = '';
  let rows = 0;
  let k = 0;
  const send = () => {
    if (rows === 0) return;
    const chunk: RowChunk = { rows, kinds, numbers, lengths, text };
    const request: WriterRequest = { type: 'rows', chunk };
    worker.postMessage(request, [kinds.buffer, numbers.buffer, lengths.buffer]);
    inFlight++;
    kinds = new Uint8Array(THREAD_CHUNK_ROWS * width);
    numbers = new Float64Array(THREAD_CHUNK_ROWS * width);
    lengths = new Int32Array(THREAD_CHUNK_ROWS * width);
    text = '';
    rows = 0;
    k = 0;
  };
  const caughtUp = async () => {
    while (inFlight >= THREAD_CHUNKS_IN_FLIGHT && !failure) await changed();
    if (failure) throw failure;
  };

  return {
    add(values) {
      if (failure) throw failure;
      for (let i = 0; i < width; i++, k++) {
        const v = values[i];
        if (typeof v === 'string') {
          kinds[k] = STRING_VALUE;
          lengths[k] = v.length;
          text += v;
        } else if (typeof v === 'number') {
          kinds[k] = NUMBER_VALUE;
          numbers[k] = v;
        } else if (v === null || v === undefined) kinds[k] = NULL_VALUE;
        else throw dbError(new TypeError(`column ${spec.columns[i]}: cannot store a ${typeof v}`));
      }
      if (++rows === THREAD_CHUNK_ROWS) {
        send();
        if (inFlight >= THREAD_CHUNKS_IN_FLIGHT) return caughtUp();
      }
    },
    async finish() {
      if (failure) throw failure;
      send();
      worker.postMessage({ type: 'finish' } satisfies WriterRequest);
      while (!totals && !failure) await changed();
      // after a failure the thread keeps its transaction open for abort()
      if (!totals) throw failure!;
      await worker.terminate();
      return totals;
    },
    async abort() {
      if (!exited) {
        worker.postMessage({ type: 'abort' } satisfies WriterRequest);
        while (!aborted && !exited) await changed();
      }
      await worker.terminate();
    },
  };
}

function sqliteWriter(location: string, spec: WriterSpec, options: WriterOptions): EventWriter {
  if (options.thread ?? (options.expectedRows ?? 0) >= THREAD_MIN_ROWS)
    return threadedWriter(location, spec, options);
  const sink = openSqliteSink(location, spec, options);
  return {
    add: (values) => sink.add(values),
    finish: async () => sink.finish(),
    abort: () => sink.abort(),
  };
}

function kyselyWriter(db: Kysely<Database>, spec: WriterSpec): EventWriter {
  const cols = spec.columns;
  const constants = spec.constants ?? {};
  let buffer: EventRow[] = [];
  let read = 0;
  let stored = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    try {
      const result = await db
        .insertInto('events')
        .values(batch)
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      stored += Number(result.numInsertedOrUpdatedRows ?? 0n);
    } catch (error) {
      throw dbError(error);
    }
  };
  return {
    add(values) {
      read++;
      const row: Record<string, unknown> = { ...constants };
      for (let i = 0; i < cols.length; i++) row[cols[i]!] = values[i] ?? null;
      buffer.push(row as unknown as EventRow);
      if (buffer.length >= PG_BATCH) return flush();
    },
    async finish() {
      await flush();
      return { read, stored, rebuiltIndexes: false };
    },
    abort() {
      buffer = [];
    },
  };
}

export function createEventWriter(
  target: ImportTarget,
  spec: WriterSpec,
  options: WriterOptions = {},
): EventWriter {
  return target.dialect === 'sqlite'
    ? sqliteWriter(target.location, spec, options)
    : kyselyWriter(target.db, spec);
}
