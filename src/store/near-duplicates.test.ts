// The near-duplicate rule on both backends and on every write path (one batch, one document at a
// time through findNearDuplicate, the queue): only originals are candidates, so a copy of a copy
// that has drifted beyond the thresholds from the original starts a cluster of its own; and the
// partial indexes over originals (migration 0007) are created on an existing store and used.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { enqueueDocuments } from '../queue/jobs.ts';
import type { Document } from '../types.ts';
import { findNearDuplicateIn } from './batch.ts';
import { fakeDocument, fakeExtraction } from './fixtures.ts';
import { openStore, type Store } from './index.ts';
import { type DialectName, InCodeMigrationProvider } from './migrations.ts';
import { testBackends } from './test-stores.ts';

/** A document with a chosen SimHash (16 hex digits), so that distances are exact. */
function withHash(n: number, simhash: string, date: string): Document {
  return { ...fakeDocument(n, undefined, date), simhash };
}

// Published more than the window apart: only the 3-bit rule applies between them.
const ORIGINAL = withHash(1, '0000000000000000', '2025-01-01'); // the original
const COPY = withHash(2, '0000000000000007', '2025-01-10'); // 3 bits from the original
const COPY_OF_COPY = withHash(3, '000000000000003f', '2025-01-20'); // 6 from the original, 3 from the copy
const THIRD = withHash(4, '000000000000007f', '2025-01-30'); // 7 from the original, 1 from COPY_OF_COPY
const NEAR_BOTH = withHash(5, '0000000000000003', '2025-02-10'); // 2 from the original, 1 from the copy
const DOCS = [ORIGINAL, COPY, COPY_OF_COPY, THIRD, NEAR_BOTH];
// every one links to an original, and to the closest original within the thresholds
const EXPECTED = [null, 'doc-1', null, 'doc-3', 'doc-1'];

/** The documents' names of the indexes on `documents`. */
async function documentIndexes(store: Store): Promise<string[]> {
  if (store.dialect === 'sqlite') {
    const r = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'index' and tbl_name = 'documents'`.execute(store.db);
    return r.rows.map((x) => x.name).sort();
  }
  const r = await sql<{
    name: string;
  }>`select indexname as name from pg_indexes where tablename = 'documents' and schemaname = current_schema()`.execute(
    store.db,
  );
  return r.rows.map((x) => x.name).sort();
}

for (const backend of testBackends()) {
  describe(`near-duplicates on ${backend.name}`, () => {
    after(() => backend.cleanup());

    test('a copy of a copy farther than the thresholds from the original starts its own cluster', async () => {
      const batch = await backend.open();
      const single = await backend.open();
      try {
        const results = await batch.storeBatch(
          DOCS.map((d) => fakeExtraction(d, 1)),
          { runId: null },
        );
        assert.deepEqual(
          results.map((r) => r.duplicateOf),
          EXPECTED,
        );
        // the one-document path (findNearDuplicate, then storeExtraction) decides the same
        const linked: (string | null)[] = [];
        for (const d of DOCS) {
          const near = await single.findNearDuplicate(d.simhash, { publishedAt: d.published_at });
          linked.push(near?.id ?? null);
          await single.storeExtraction(fakeExtraction(d, 1), { duplicateOf: near?.id ?? null });
        }
        assert.deepEqual(linked, EXPECTED);
        if (backend.name === 'postgres') {
          // the server's distance filter (bit_count) keeps every candidate the rule accepts
          const probes: [string, string][] = [
            ...DOCS.map((d): [string, string] => [d.simhash, d.published_at]),
            ['00000000000003ff', '2025-01-02'], // 10 bits from doc-1, in its window
            ['0000000000003fff', '2025-01-02'], // 14 bits
            ['0000000000007fff', '2025-01-02'], // 15 bits
            ['00000000000001ff', '2025-01-22'], // 9 bits from doc-1 outside its window, 3 from doc-3 inside
          ];
          for (const [hash, date] of probes) {
            const inJs = await findNearDuplicateIn(batch.db, hash, date, {}, false);
            const inSql = await findNearDuplicateIn(batch.db, hash, date, {}, true);
            assert.deepEqual(inSql, inJs, `${hash} ${date}`);
          }
          assert.deepEqual(await findNearDuplicateIn(batch.db, '0000000000003fff', '2025-01-02', {}, true), {
            id: 'doc-1',
            distance: 14,
          });
          assert.equal(
            await findNearDuplicateIn(batch.db, '0000000000007fff', '2025-01-02', {}, true),
            undefined,
          );
          assert.deepEqual(await findNearDuplicateIn(batch.db, '00000000000001ff', '2025-01-22', {}, true), {
            id: 'doc-3',
            distance: 3,
          });
        }
        // duplicate_of never points to a near-duplicate
        const rows = await batch.db.selectFrom('documents').select(['id', 'duplicate_of']).execute();
        const originals = new Set(rows.filter((r) => r.duplicate_of === null).map((r) => r.id));
        for (const r of rows) assert.ok(r.duplicate_of === null || originals.has(r.duplicate_of), r.id);
      } finally {
        await batch.close();
        await single.close();
      }
    });

    test('inside the window an edited copy of a copy links only to an original within 14 bits', async () => {
      const store = await backend.open();
      try {
        const results = await store.storeBatch(
          [
            withHash(11, '0000000000000000', '2025-03-01'),
            withHash(12, '00000000000000ff', '2025-03-02'), // 8 bits: an edited copy
            withHash(13, '0000000000ffffff', '2025-03-02'), // 24 from the original, 16 from the copy
            withHash(14, '000000000000ffff', '2025-03-02'), // 16 from the original, 8 from doc-12, 8 from doc-13
          ].map((d) => fakeExtraction(d, 1)),
          { runId: null },
        );
        assert.deepEqual(
          results.map((r) => r.duplicateOf),
          [null, 'doc-11', null, 'doc-13'],
        );
      } finally {
        await store.close();
      }
    });

    test('the queue decides as ingest: queued and same-call copies of a copy are not candidates', async () => {
      const store = await backend.open();
      try {
        const first = await enqueueDocuments(store, [
          { doc: ORIGINAL, input: 'a' },
          { doc: COPY, input: 'b' },
        ]);
        // COPY_OF_COPY is looked up against the queued jobs; THIRD and NEAR_BOTH against this call
        const second = await enqueueDocuments(
          store,
          [COPY_OF_COPY, THIRD, NEAR_BOTH].map((doc) => ({ doc, input: doc.id })),
        );
        assert.deepEqual(
          [...first, ...second].map((r) => r.duplicateOf),
          EXPECTED,
        );
      } finally {
        await store.close();
      }
    });

    test('migration 0007 on an existing store: partial indexes over originals, decisions unchanged', {
      timeout: 120_000,
    }, async () => {
      const location = backend.location();
      const old = await openStore(location, { migrate: false });
      try {
        let migrationTableSchema: string | undefined;
        if (old.dialect === 'postgres') {
          const r = await sql<{ s: string }>`select current_schema() as s`.execute(old.db);
          migrationTableSchema = r.rows[0]?.s;
        }
        const migrator = new Migrator({
          db: old.db,
          provider: new InCodeMigrationProvider(backend.name as DialectName),
          ...(migrationTableSchema ? { migrationTableSchema } : {}),
        });
        const { error } = await migrator.migrateTo('0006_events_read_indexes');
        if (error) throw error;
        // as the code of that version stored them: the copy of the copy linked through the copy
        await old.storeBatch(
          [ORIGINAL, COPY].map((d) => fakeExtraction(d, 1)),
          { runId: null },
        );
        await old.db
          .insertInto('documents')
          .values({
            ...(await old.db
              .selectFrom('documents')
              .selectAll()
              .where('id', '=', 'doc-2')
              .executeTakeFirstOrThrow()),
            id: 'doc-3',
            content_hash: COPY_OF_COPY.content_hash,
            simhash: COPY_OF_COPY.simhash,
            simhash_b3: 0x3f,
            published_at: COPY_OF_COPY.published_at,
          })
          .execute();
        assert.ok((await documentIndexes(old)).includes('documents_simhash_b0'));
      } finally {
        await old.close();
      }

      const store = await openStore(location);
      try {
        const indexes = await documentIndexes(store);
        for (const name of [
          'documents_original_simhash_b0',
          'documents_original_simhash_b1',
          'documents_original_simhash_b2',
          'documents_original_simhash_b3',
          'documents_original_published',
        ])
          assert.ok(indexes.includes(name), `${name} in ${indexes.join(', ')}`);
        assert.ok(!indexes.includes('documents_simhash_b0'), 'the whole-store band indexes are dropped');
        // the rows stored before stay as they were; new documents link to originals only
        const doc3 = await store.getDocument('doc-3');
        assert.equal(doc3?.duplicate_of, 'doc-1');
        const results = await store.storeBatch(
          [THIRD, NEAR_BOTH].map((d) => fakeExtraction(d, 1)),
          { runId: null },
        );
        assert.deepEqual(
          results.map((r) => r.duplicateOf),
          [null, 'doc-1'],
        );
        const near = await store.findNearDuplicate(NEAR_BOTH.simhash, { publishedAt: '2025-02-10' });
        assert.deepEqual(near, { id: 'doc-1', distance: 2 });
      } finally {
        await store.close();
      }
    });
  });
}

test('SQLite reads each band and the window from its partial index over originals', async () => {
  const backend = testBackends()[0]!;
  const store = await backend.open();
  try {
    const plan = async (query: string) => {
      const r = await sql.raw<{ detail: string }>(`explain query plan ${query}`).execute(store.db);
      return r.rows.map((x) => x.detail).join(' | ');
    };
    for (let b = 0; b < 4; b++) {
      const detail = await plan(
        `select simhash, rowid from documents where simhash_b${b} = 1 and duplicate_of is null`,
      );
      assert.match(detail, new RegExp(`USING COVERING INDEX documents_original_simhash_b${b} `), detail);
    }
    const window = await plan(
      "select simhash, rowid from documents where published_at between '2025-01-01' and '2025-01-05' and duplicate_of is null",
    );
    assert.match(window, /USING COVERING INDEX documents_original_published /, window);
  } finally {
    await store.close();
    await backend.cleanup();
  }
});
