// Bulk loads into SQLite: a large ingest into a small store spends most of its storing time keeping
// the read indexes of the record tables up to date (the events table has nine, keyed by random-looking
// values). Dropping them for the load and re-creating them at its end from their stored definitions
// costs a fraction of that (216,000 events: 7.2 s of CPU inserted into the indexed table, 1.9 s into
// the bare table plus 1.3 s to re-create the indexes; 2026-11-26).
//
// Unlike an import (one transaction), an ingest commits batch by batch, so that an interrupted run
// keeps what it stored. The dropped definitions are therefore recorded in `deferred_indexes`, in the
// same transaction that drops them: whoever opens the store next re-creates any that an interrupted
// load left behind (`restoreDeferredIndexes`), so no store stays without its indexes.
import type SqliteDatabase from 'better-sqlite3';

/** The record tables whose read indexes a bulk load drops. */
const BULK_TABLES = ['events', 'claims', 'quotes'] as const;

/**
 * Indexes kept during a bulk load: those the load itself reads or that cost nothing to keep (`*_doc`
 * finds a document's records for a re-run or a recode and is appended in order; `events_planned` is
 * partial and small).
 */
const KEPT_INDEXES = new Set(['events_doc', 'events_planned', 'claims_doc', 'quotes_doc']);

/** A bulk load needs at least this many expected events... */
const BULK_MIN_EVENTS = 50_000;
/** ...and at least this multiple of the events already stored (re-creating indexes reads them all). */
const BULK_MIN_FRACTION = 0.5;

/**
 * Whether a load of about `expected` events into a store of `existing` events defers the indexes
 * (an ingest's record tables, an import's events table).
 */
export function bulkIngest(expected: number, existing: number): boolean {
  return expected >= BULK_MIN_EVENTS && expected >= existing * BULK_MIN_FRACTION;
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Drops the record tables' read indexes and records their definitions, in one transaction. Returns
 * the number dropped (0 when a load already deferred them).
 */
export function deferIndexes(handle: SqliteDatabase.Database): number {
  return handle
    .transaction(() => {
      const placeholders = BULK_TABLES.map(() => '?').join(', ');
      const indexes = handle
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders})`,
        )
        .all(...BULK_TABLES) as { name: string; sql: string }[];
      const record = handle.prepare(
        'INSERT INTO deferred_indexes (name, sql) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
      );
      let dropped = 0;
      for (const ix of indexes) {
        if (KEPT_INDEXES.has(ix.name)) continue;
        record.run(ix.name, ix.sql);
        handle.exec(`DROP INDEX ${quoteName(ix.name)}`);
        dropped++;
      }
      return dropped;
    })
    .immediate();
}

/** Re-creates the indexes recorded in `deferred_indexes` and clears it, in one transaction; returns how many. */
export function restoreDeferredIndexes(handle: SqliteDatabase.Database): number {
  if (handle.prepare('SELECT 1 FROM deferred_indexes LIMIT 1').get() === undefined) return 0;
  return handle
    .transaction(() => {
      const pending = handle.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name').all() as {
        name: string;
        sql: string;
      }[];
      // a later migration may have made one of them again, under the same name
      const exists = handle.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
      for (const ix of pending) if (exists.get(ix.name) === undefined) handle.exec(ix.sql);
      handle.exec('DELETE FROM deferred_indexes');
      return pending.length;
    })
    .immediate();
}
