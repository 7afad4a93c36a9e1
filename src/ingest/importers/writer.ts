// Batched, idempotent inserts for imported rows: events keep their origin-prefixed id
// (`gdelt:<GLOBALEVENTID>`), so importing a file twice stores each event once.
// On SQLite the importer writes through its own better-sqlite3 connection to the same file with
// one prepared statement and a transaction per batch (kysely would build and prepare a new
// multi-row statement per batch, 4-5× slower); on PostgreSQL it sends multi-row INSERTs.
import { resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import { BlocwatchError, describeError } from '../../errors.ts';
import type { Database, EventsTable } from '../../store/schema.ts';

export type EventRow = Insertable<EventsTable>;

/** What an importer writes to: the store's kysely instance, its dialect and its location. */
export interface ImportTarget {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** SQLite file path (or URL for PostgreSQL). */
  readonly location: string;
}

/** Rows per PostgreSQL INSERT: 38 columns × 400 rows stays under the 65,535-parameter limit. */
const PG_BATCH = 400;
/** Rows per SQLite transaction. */
const SQLITE_BATCH = 10_000;

export interface EventWriter {
  add(row: EventRow): Promise<void>;
  /** Writes what is buffered and releases the connection; returns the totals. */
  finish(): Promise<{ read: number; stored: number }>;
  /** Drops what is buffered and releases the connection (after an error). */
  abort(): void;
}

function dbError(error: unknown): BlocwatchError {
  if (error instanceof BlocwatchError) return error;
  return new BlocwatchError('BW_ERR_DB_QUERY', `storing imported events failed: ${describeError(error)}`, {
    cause: error,
  });
}

function sqliteWriter(location: string): EventWriter {
  let handle: SqliteDatabase.Database;
  try {
    handle = new SqliteDatabase(resolve(location));
    handle.pragma('busy_timeout = 10000');
    handle.pragma('synchronous = NORMAL');
    handle.pragma('cache_size = -65536');
  } catch (error) {
    throw new BlocwatchError('BW_ERR_DB_OPEN', `cannot open ${location}: ${describeError(error)}`);
  }
  let columns: string[] | null = null;
  let statement: SqliteDatabase.Statement | null = null;
  let buffer: EventRow[] = [];
  let read = 0;
  let stored = 0;
  let write: ((rows: EventRow[]) => number) | null = null;
  const flush = () => {
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    try {
      if (!write) {
        columns = Object.keys(rows[0]!);
        const cols = columns;
        statement = handle.prepare(
          `INSERT OR IGNORE INTO events (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`,
        );
        const st = statement;
        write = handle.transaction((batch: EventRow[]) => {
          let n = 0;
          const values: unknown[] = new Array(cols.length);
          for (const row of batch) {
            const r = row as unknown as Record<string, unknown>;
            for (let i = 0; i < cols.length; i++) values[i] = r[cols[i]!] ?? null;
            n += st.run(values).changes;
          }
          return n;
        });
      }
      stored += write(rows);
    } catch (error) {
      throw dbError(error);
    }
  };
  return {
    async add(row) {
      read++;
      buffer.push(row);
      if (buffer.length >= SQLITE_BATCH) flush();
    },
    async finish() {
      try {
        flush();
      } finally {
        if (handle.open) handle.close();
      }
      return { read, stored };
    },
    abort() {
      buffer = [];
      if (handle.open) handle.close();
    },
  };
}

function kyselyWriter(db: Kysely<Database>): EventWriter {
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
    async add(row) {
      read++;
      buffer.push(row);
      if (buffer.length >= PG_BATCH) await flush();
    },
    async finish() {
      await flush();
      return { read, stored };
    },
    abort() {
      buffer = [];
    },
  };
}

export function createEventWriter(target: ImportTarget): EventWriter {
  return target.dialect === 'sqlite' ? sqliteWriter(target.location) : kyselyWriter(target.db);
}
