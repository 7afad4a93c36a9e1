// Batched, idempotent inserts for imported rows: events keep their origin-prefixed id
// (`gdelt:<GLOBALEVENTID>`), so importing a file twice stores each event once.
//
// An importer declares the columns it gives per row (values in that order, in an array it may
// reuse) and the columns that hold one value for every row (written into the statement as
// literals). On SQLite the writer uses its own better-sqlite3 connection to the same file and a
// prepared multi-row `INSERT OR IGNORE` of ROWS_PER_STATEMENT rows, inside large transactions,
// with bulk-load pragmas. A large import relative to the table (see `bulkLoad`) drops the events
// table's secondary indexes (except those the imported rows only append to: `appendOnlyIndexes`),
// loads, and re-creates them from their stored definitions, all inside ONE transaction: if the
// process dies half-way, SQLite rolls the whole import back and the database is exactly as
// before, indexes included; the indexes are re-created with SQLite's sorter threads. On
// PostgreSQL it sends multi-row INSERTs.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import { BlocwatchError, describeError } from '../../errors.ts';
import { bulkIngest } from '../../store/bulk.ts';
import type { Database, EventsTable } from '../../store/schema.ts';

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
  /**
   * Columns that take one of a few sets of values (the same columns in each set), such as the
   * version of a file's layout; `add` names the set by its index. On SQLite they are written into
   * the statement like the constants (a statement per set) rather than bound per row: binding a
   * string costs better-sqlite3 a UTF-8 copy and two allocations.
   */
  readonly variants?: readonly Readonly<Partial<Record<EventColumn, string | number | null>>>[];
}

export interface WriterOptions {
  /** Expected number of rows (an estimate): decides the bulk load in `auto` mode. */
  readonly expectedRows?: number;
  readonly indexMode?: IndexMode;
}

export interface EventWriter {
  /**
   * Adds one row: values in the order of `spec.columns`, and the index of its set of
   * `spec.variants` (default 0). The array is copied: reuse it.
   */
  add(values: readonly unknown[], variant?: number): void | Promise<void>;
  /** Writes what is buffered, commits and releases the connection; returns the totals. */
  finish(): Promise<WriterTotals>;
  /**
   * After an error: keeps the rows written so far (re-creating dropped indexes), drops what is
   * buffered and releases the connection. Never throws.
   */
  abort(): void;
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
 * alone unless they exceed one run; past that, its sorter threads (`PRAGMA threads`) sort the runs
 * while the calling thread reads the table, and merge them. The run size is the page-cache size at
 * the start of the CREATE INDEX, so the cache is lowered to this for the rebuild (cache_spill keeps
 * the load's dirty pages from being written out early). 512 KiB: 50,000 GDELT rows re-indexed in
 * 135 ms instead of 200 (wall, idle machine), for the same CPU; larger runs gave less overlap.
 */
const SORT_RUN_KIB = 512;
/** Rows per SQLite transaction when the indexes are kept. */
const SQLITE_COMMIT_ROWS = 100_000;
/**
 * Whether an import of `expected` rows into a table of `existing` rows drops and re-creates the
 * indexes: in `auto` mode by the store's rule for bulk loads, the same as ingest's.
 */
export function bulkLoad(expected: number, existing: number, mode: IndexMode = 'auto'): boolean {
  if (mode !== 'auto') return mode === 'rebuild';
  return bulkIngest(expected, existing);
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

/**
 * The events indexes that a bulk load keeps instead of dropping and re-creating: those whose key
 * is the same for every imported row (a constant or default column, such as `doc_id`), whose
 * entries SQLite appends in rowid order with nothing to sort, and partial indexes whose condition
 * no imported row meets. Re-creating the two of the store (`events_doc`, `events_planned`) cost a
 * table scan and a sort each, about 50 ms of 50,000 GDELT rows; keeping them costs nothing
 * measurable (2026-11-26).
 */
export function appendOnlyIndexes(handle: SqliteDatabase.Database, spec: WriterSpec): Set<string> {
  const varying = new Set<string>([...spec.columns, ...Object.keys(spec.variants?.[0] ?? {})]);
  const constants = spec.constants ?? {};
  const table = handle.prepare('PRAGMA table_info(events)').all() as {
    name: string;
    dflt_value: string | null;
  }[];
  // one imported row without its varying columns: a partial index's condition that needs only
  // these and is false here is false for every imported row
  const fixedRow = table
    .filter((c) => !varying.has(c.name))
    .map((c) => {
      const value = constants[c.name as EventColumn];
      return `${value === undefined ? (c.dflt_value ?? 'NULL') : literal(value)} AS "${c.name}"`;
    })
    .join(',');
  const kept = new Set<string>();
  const indexes = handle.prepare('PRAGMA index_list(events)').all() as { name: string; partial: number }[];
  for (const ix of indexes) {
    const keys = handle.prepare(`PRAGMA index_info("${ix.name.replace(/"/g, '""')}")`).all() as {
      name: string | null;
    }[];
    if (keys.every((k) => k.name !== null && !varying.has(k.name))) {
      kept.add(ix.name);
      continue;
    }
    if (!ix.partial) continue;
    const sql = (
      handle.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").get(ix.name) as
        | { sql: string | null }
        | undefined
    )?.sql;
    const where = sql ? /\bWHERE\b([\s\S]*)$/i.exec(sql)?.[1] : undefined;
    if (!where) continue;
    try {
      if (handle.prepare(`SELECT 1 FROM (SELECT ${fixedRow}) WHERE ${where}`).get() === undefined)
        kept.add(ix.name);
    } catch {
      // the condition reads a column that varies, or could not be taken apart: re-create the index
    }
  }
  return kept;
}

function sqliteWriter(location: string, spec: WriterSpec, options: WriterOptions): EventWriter {
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
  const variants = spec.variants ?? [{}];
  const variantCols = Object.keys(variants[0] ?? {}) as EventColumn[];
  const names = [...cols, ...constants.map(([c]) => c), ...variantCols].map((c) => `"${c}"`).join(',');
  const fixed = [...cols.map(() => '?'), ...constants.map(([, v]) => literal(v))];
  const tuples = variants.map((set) => {
    const values = variantCols.map((c) => {
      const v = set[c];
      if (v === undefined) throw new Error(`writer variants: column ${c} missing from a set`);
      return literal(v);
    });
    return `(${[...fixed, ...values].join(',')})`;
  });
  const statementFor = (rows: number, variant: number) => {
    const tuple = tuples[variant];
    if (tuple === undefined) throw new Error(`writer: no variant ${variant}`);
    return handle.prepare(
      `INSERT OR IGNORE INTO events (${names}) VALUES ${new Array(rows).fill(tuple).join(',')}`,
    );
  };
  // the full-size statement of each variant, prepared when first used
  const full: (SqliteDatabase.Statement | undefined)[] = [];

  let dropped: { name: string; sql: string }[] = [];
  let bulk = false;
  try {
    full[0] = statementFor(ROWS_PER_STATEMENT, 0);
    const existing = Number(
      (handle.prepare('SELECT max(rowid) AS n FROM events').get() as { n: number | null }).n ?? 0,
    );
    bulk = bulkLoad(options.expectedRows ?? 0, existing, options.indexMode);
    handle.exec('BEGIN IMMEDIATE');
    if (bulk) {
      const kept = appendOnlyIndexes(handle, spec);
      dropped = (
        handle
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL",
          )
          .all() as { name: string; sql: string }[]
      ).filter((ix) => !kept.has(ix.name));
      for (const ix of dropped) handle.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
    }
  } catch (error) {
    if (handle.inTransaction) handle.exec('ROLLBACK');
    handle.close();
    throw dbError(error);
  }

  const buffer: unknown[] = new Array(ROWS_PER_STATEMENT * width);
  let fill = 0; // rows in buffer
  let bufferVariant = 0; // the variant of the rows in buffer
  let read = 0;
  let stored = 0;
  let sinceCommit = 0;

  const writeBuffer = () => {
    if (fill === 0) return;
    if (fill === ROWS_PER_STATEMENT) {
      let statement = full[bufferVariant];
      if (!statement) {
        statement = statementFor(ROWS_PER_STATEMENT, bufferVariant);
        full[bufferVariant] = statement;
      }
      // the values as arguments, not as one array: better-sqlite3 reads an array's elements
      // through V8's generic property lookup, an argument directly (35 ms less for 50,000 rows)
      stored += statement.run(...buffer).changes;
    } else stored += statementFor(fill, bufferVariant).run(...buffer.slice(0, fill * width)).changes;
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

  /** writeBuffer for `add`, whose caller gets a database failure as a BlocwatchError. */
  const flush = () => {
    try {
      writeBuffer();
    } catch (error) {
      throw dbError(error);
    }
  };

  return {
    add(values, variant = 0) {
      if (variant !== bufferVariant) {
        flush();
        bufferVariant = variant;
      }
      read++;
      const base = fill * width;
      for (let i = 0; i < width; i++) buffer[base + i] = values[i] ?? null;
      if (++fill === ROWS_PER_STATEMENT) flush();
    },
    async finish() {
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
    add(values, variant = 0) {
      read++;
      const row: Record<string, unknown> = { ...constants, ...spec.variants?.[variant] };
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
