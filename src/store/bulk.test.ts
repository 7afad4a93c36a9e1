// Bulk loads: the record tables' read indexes are dropped for the load and come back afterwards,
// with the same definitions, whether the load ends, fails or is killed (the next open restores them);
// what is stored does not depend on it.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { bulkIngest } from './bulk.ts';
import { fakeDocument, fakeExtraction } from './fixtures.ts';
import { openStore, type Store } from './index.ts';
import { postgresBackend, sqliteBackend } from './test-stores.ts';

const sqlite = sqliteBackend();
const postgres = postgresBackend();
after(async () => {
  await sqlite.cleanup();
  await postgres.cleanup();
});

/** Index name -> definition, for the record tables, read straight from the file. */
function indexes(file: string): Map<string, string> {
  const handle = new SqliteDatabase(file, { readonly: true });
  try {
    const rows = handle
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('events', 'claims', 'quotes') ORDER BY name",
      )
      .all() as { name: string; sql: string }[];
    return new Map(rows.map((r) => [r.name, r.sql]));
  } finally {
    handle.close();
  }
}

async function storeSome(store: Store, from: number, count: number) {
  const batch = Array.from({ length: count }, (_, i) =>
    fakeExtraction(fakeDocument(from + i, `Bulk story number ${from + i} about trade and talks.`), 3),
  );
  await store.storeBatch(batch);
}

describe('bulk loads (SQLite)', () => {
  test('deferIndexes drops the read indexes, keeps the per-document ones, and restoreIndexes brings them all back', async () => {
    const file = sqlite.location();
    const store = await openStore(file);
    const before = indexes(file);
    assert.ok(before.has('events_dyad_cover') && before.has('events_doc') && before.has('quotes_speaker'));
    assert.equal(await store.deferIndexes(), true);
    const during = indexes(file);
    assert.deepEqual([...during.keys()].sort(), ['claims_doc', 'events_doc', 'events_planned', 'quotes_doc']);
    // a second load while one is deferred drops nothing more
    assert.equal(await store.deferIndexes(), false);
    await storeSome(store, 1, 20);
    assert.equal(await store.countEvents({ includeDuplicates: true }), 60);
    await store.restoreIndexes();
    assert.deepEqual(indexes(file), before);
    const left = await store.db.selectFrom('deferred_indexes').selectAll().execute();
    assert.deepEqual(left, []);
    await store.close();
  });

  test('a load killed with its indexes dropped gets them back when the store is next opened', async () => {
    const file = sqlite.location();
    const store = await openStore(file);
    const before = indexes(file);
    await store.deferIndexes();
    await storeSome(store, 100, 10);
    // the process dies here: no restoreIndexes
    await store.close();
    assert.ok(indexes(file).size < before.size);
    const reopened = await openStore(file);
    assert.deepEqual(indexes(file), before);
    assert.equal(await reopened.countEvents({ includeDuplicates: true }), 30);
    await reopened.close();
  });

  test('the same records are stored with and without a bulk load', async () => {
    const plain = await openStore(sqlite.location());
    const bulk = await openStore(sqlite.location());
    await bulk.deferIndexes();
    await storeSome(plain, 1, 15);
    await storeSome(bulk, 1, 15);
    await bulk.restoreIndexes();
    const rows = (s: Store) => s.db.selectFrom('events').selectAll().orderBy('id').execute();
    assert.deepEqual(await rows(bulk), await rows(plain));
    await plain.close();
    await bulk.close();
  });
});

test('PostgreSQL keeps its indexes: deferIndexes is a no-op', async () => {
  const store = await postgres.open();
  try {
    assert.equal(await store.deferIndexes(), false);
    await store.restoreIndexes();
  } finally {
    await store.close();
  }
});

test('bulkIngest: a large load relative to the store, and never a small one', () => {
  const cases: [number, number, boolean][] = [
    [10_000, 0, false],
    [49_999, 0, false],
    [50_000, 0, true],
    [500_000, 900_000, true],
    [500_000, 1_100_000, false],
    [60_000, 10_000_000, false],
  ];
  for (const [expected, existing, want] of cases)
    assert.equal(bulkIngest(expected, existing), want, `${expected} into ${existing}`);
});
