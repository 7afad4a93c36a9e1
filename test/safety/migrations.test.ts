// Schema migrations preserve data: for every migration in src/store/migrations.ts (read from the
// list, so a new migration is covered without editing this file), a fresh store is migrated to
// exactly that version, representative rows valid at that version are written into every table it
// has, then the store is opened the normal way (which migrates to the newest version) and every
// row must still be there, unchanged, and readable through the store's and the queue's public API.
// On SQLite and on a real PostgreSQL server.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { makeDocument } from '../../src/ingest/document.ts';
import { simhashBands } from '../../src/ingest/hash.ts';
import { claimJobs, completeJob, queueStatus } from '../../src/queue/jobs.ts';
import { parsePayload } from '../../src/queue/worker.ts';
import { fakeExtraction } from '../../src/store/fixtures.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import {
  type DialectName,
  InCodeMigrationProvider,
  migrations,
  SCHEMA_VERSION,
} from '../../src/store/migrations.ts';
import { claimToRow, eventToRow, quoteToRow } from '../../src/store/records.ts';
import { type TestBackend, testBackends } from '../../src/store/test-stores.ts';

type Row = Record<string, unknown>;

const asRow = (r: object): Row => ({ ...r });

interface Column {
  readonly name: string;
  readonly dataType: string;
  readonly isNullable: boolean;
  readonly hasDefaultValue: boolean;
  readonly isAutoIncrementing: boolean;
}

const NAMES = Object.keys(migrations('sqlite')).sort();

/**
 * Tables the store keeps for itself and no one writes by hand: those it derives from the events
 * (migration 0004's aggregates; a row written into them would contradict the events, and the
 * public-API checks below read them instead) and a bulk load's bookkeeping.
 */
const DERIVED_TABLES = new Set([
  'event_dyad_months',
  'event_dyad_totals',
  'event_actor_counts',
  'event_class_counts',
  'event_aggregates_state',
  // a bulk load's bookkeeping (migration 0008), consumed when the store is next opened: its rows are
  // definitions of indexes to re-create, not data to keep (store/bulk.test.ts covers it)
  'deferred_indexes',
]);

/** Tables of the store's own schema (PostgreSQL introspection lists every schema). */
async function tablesOf(store: Store): Promise<Map<string, Column[]>> {
  let schema: string | undefined;
  if (store.dialect === 'postgres') {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(store.db);
    schema = r.rows[0]?.s;
  }
  const out = new Map<string, Column[]>();
  for (const t of await store.db.introspection.getTables()) {
    if (store.dialect === 'postgres' && t.schema !== schema) continue;
    out.set(t.name, t.columns as Column[]);
  }
  return out;
}

/**
 * Rows as the current code writes them, one or more per table. Columns a table does not have yet
 * at an older version are left out when writing there.
 */
function representativeRows(): Record<string, Row[]> {
  const doc = makeDocument({
    id: 'mig-doc-1',
    url: 'https://example.org/world/talks',
    title: 'Ministers meet — «talks» in Zürich',
    published_at: '2024-03-05',
    source: 'Example Wire',
    text: 'The foreign ministers of Chile and Peru met in Lima on Tuesday. Trade rose 15 percent, they said. "We will cooperate," one minister said.',
    format: 'jsonl',
  });
  const dup = makeDocument({
    id: 'mig-doc-2',
    published_at: '2024-03-06',
    text: 'The foreign ministers of Chile and Peru met in Lima on Tuesday, officials said.',
    format: 'text',
  });
  const queued = makeDocument({
    id: 'mig-job-1',
    title: 'Queued story',
    published_at: '2024-03-07',
    text: 'Brazil and Argentina signed a trade agreement in Buenos Aires on Monday.',
    format: 'text',
  });
  const docRow = (d: typeof doc, duplicateOf: string | null): Row => {
    const [b0, b1, b2, b3] = simhashBands(d.simhash);
    return {
      id: d.id,
      url: d.url ?? null,
      title: d.title ?? null,
      published_at: d.published_at,
      source: d.source ?? null,
      text: d.text,
      lang: d.lang,
      content_hash: d.content_hash,
      simhash: d.simhash,
      simhash_b0: b0,
      simhash_b1: b1,
      simhash_b2: b2,
      simhash_b3: b3,
      format: d.format,
      duplicate_of: duplicateOf,
      ingested_at: '2024-03-05T10:00:00.000Z',
      run_id: 'run-1',
      coder_version: 'old-coder',
    };
  };
  const x = fakeExtraction(doc, 3);
  const xd = fakeExtraction(dup, 1);
  const [qb0, qb1, qb2, qb3] = simhashBands(queued.simhash);
  return {
    documents: [docRow(doc, null), docRow(dup, doc.id)],
    events: [
      ...x.events.map((e) => asRow(eventToRow(e))),
      ...xd.events.map((e) => asRow(eventToRow(e, { isDuplicate: true }))),
      // an imported GDELT event without a document
      asRow(eventToRow({ ...x.events[0], id: 'gdelt-1', doc_id: null } as never, { origin: 'gdelt' })),
    ],
    claims: [...x.claims, ...xd.claims].map((c, i) =>
      asRow(
        claimToRow(c, { publishedAt: i === 0 ? doc.published_at : dup.published_at, isDuplicate: i > 0 }),
      ),
    ),
    quotes: x.quotes.map((q) => asRow(quoteToRow(q, { publishedAt: doc.published_at }))),
    unknown_mentions: [
      { doc_id: doc.id, sentence_index: 0, start: 0, end: 3, text: 'The' },
      { doc_id: doc.id, sentence_index: 1, start: 64, end: 69, text: 'Trade' },
    ],
    ingest_runs: [
      {
        id: 'run-1',
        started_at: '2024-03-05T09:59:00.000Z',
        finished_at: '2024-03-05T10:01:00.000Z',
        inputs: JSON.stringify(['news.jsonl']),
        read: 3,
        stored: 2,
        duplicates: 0,
        near_duplicates: 1,
        rejected: 1,
      },
    ],
    rejected_inputs: [
      {
        run_id: 'run-1',
        input: 'news.jsonl:3',
        code: 'BW_ERR_INPUT_REJECTED',
        reason: 'text: expected a string, found number; it\'s "quoted"',
        at: '2024-03-05T10:00:30.000Z',
      },
    ],
    un_roll_calls: [
      {
        rcid: 9001,
        session: 78,
        date: '2023-12-19',
        importantvote: 1,
        unres: 'A/RES/78/1',
        short: 'Test resolution',
        descr: 'A resolution for the migration test',
        issues: 'me,hr',
      },
    ],
    un_votes: [
      { rcid: 9001, country: 'CHL', vote: 1 },
      { rcid: 9001, country: 'PER', vote: 3 },
    ],
    jobs: [
      {
        kind: 'document',
        doc_id: queued.id,
        content_hash: queued.content_hash,
        payload: JSON.stringify(queued),
        published_at: queued.published_at,
        simhash: queued.simhash,
        simhash_b0: qb0,
        simhash_b1: qb1,
        simhash_b2: qb2,
        simhash_b3: qb3,
        duplicate_of: null,
        run_id: 'run-1',
        input: 'feed.rss#1',
        status: 'queued',
        attempts: 0,
        lease_until: null,
        worker_id: null,
        last_error: null,
        created_at: '2024-03-07T08:00:00.000Z',
        updated_at: '2024-03-07T08:00:00.000Z',
      },
    ],
  };
}

/** A value of a column's type, for a NOT NULL column without default that the rows above lack. */
function filler(column: Column): unknown {
  const t = column.dataType.toLowerCase();
  if (/int|serial/.test(t)) return 1;
  if (/real|float|double|numeric|decimal/.test(t)) return 1.5;
  if (/bool/.test(t)) return true;
  return `x-${column.name}`;
}

/** The row restricted to the columns the table has at this version, NOT NULL gaps filled. */
function rowForVersion(row: Row, columns: readonly Column[]): Row {
  const out: Row = {};
  for (const c of columns) {
    if (c.name in row) out[c.name] = row[c.name];
    else if (!c.isNullable && !c.hasDefaultValue && !c.isAutoIncrementing) out[c.name] = filler(c);
  }
  return out;
}

/** Numbers come back from PostgreSQL bigint/numeric and SQLite integers alike as numbers. */
function normalise(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function sameRow(stored: Row, written: Row): boolean {
  return Object.entries(written).every(([k, v]) => {
    const s = normalise(stored[k]);
    const w = normalise(v);
    if (typeof w === 'number' && typeof s === 'number') return Math.abs(s - w) < 1e-9;
    if (typeof w === 'number' && typeof s === 'string') return Number(s) === w;
    return s === w;
  });
}

async function openAt(backend: TestBackend, location: string, version: string): Promise<Store> {
  const store = await openStore(location, { migrate: false });
  let migrationTableSchema: string | undefined;
  if (store.dialect === 'postgres') {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(store.db);
    migrationTableSchema = r.rows[0]?.s;
  }
  const migrator = new Migrator({
    db: store.db,
    provider: new InCodeMigrationProvider(backend.name as DialectName),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateTo(version);
  if (error) throw error;
  assert.equal(results?.at(-1)?.migrationName, version);
  return store;
}

test('the migration list is ordered and ends at SCHEMA_VERSION', () => {
  assert.ok(NAMES.length >= 3);
  assert.equal(NAMES.at(-1), SCHEMA_VERSION);
  assert.deepEqual(Object.keys(migrations('postgres')).sort(), NAMES);
  for (const name of NAMES) assert.match(name, /^\d{4}_[a-z0-9_]+$/);
});

for (const backend of testBackends()) {
  describe(`migrations on ${backend.name}`, () => {
    after(() => backend.cleanup());
    for (const version of NAMES) {
      test(`from ${version} to ${SCHEMA_VERSION}: every row kept and readable`, {
        timeout: 120_000,
      }, async () => {
        const location = backend.location();
        const old = await openAt(backend, location, version);
        const written = new Map<string, Row[]>();
        try {
          const tables = await tablesOf(old);
          const rows = representativeRows();
          for (const [table, columns] of tables) {
            // aggregates are the store's own derived data: kept from the events, never written directly
            if (DERIVED_TABLES.has(table)) continue;
            const base = rows[table] ?? [Object.fromEntries(columns.map((c) => [c.name, filler(c)]))];
            const versioned = base.map((r) => rowForVersion(r, columns));
            try {
              await old.db
                .insertInto(table as never)
                .values(versioned as never)
                .execute();
            } catch (error) {
              throw new Error(
                `cannot write a representative row into ${table} at ${version} (add one to representativeRows): ${(error as Error).message}`,
              );
            }
            written.set(table, versioned);
          }
          // a store at an old version has the tables its migrations made, and no others
          if (version === '0001_initial') assert.ok(!tables.has('jobs'));
        } finally {
          await old.close();
        }

        const store = await openStore(location);
        try {
          assert.equal((await store.stats()).schema_version, SCHEMA_VERSION);
          const latest = await tablesOf(store);
          for (const [table, rows] of written) {
            assert.ok(latest.has(table), `${table} is gone after migrating from ${version}`);
            const stored = (await store.db
              .selectFrom(table as never)
              .selectAll()
              .execute()) as Row[];
            assert.equal(stored.length, rows.length, `${table}: ${stored.length} rows, wrote ${rows.length}`);
            for (const row of rows) {
              assert.ok(
                stored.some((s) => sameRow(s, row)),
                `${table}: a row changed or was lost migrating from ${version}: ${JSON.stringify(row).slice(0, 300)}`,
              );
            }
          }

          // through the public API
          const rows = representativeRows();
          const doc = await store.getDocument('mig-doc-1');
          assert.equal(doc?.text, rows.documents[0].text);
          assert.equal(doc?.title, 'Ministers meet — «talks» in Zürich');
          assert.equal((await store.getDocument('mig-doc-2'))?.duplicate_of, 'mig-doc-1');
          const hash = rows.documents[1].content_hash as string;
          assert.equal((await store.findByContentHash(hash))?.id, 'mig-doc-2');
          const ids: string[] = [];
          for await (const d of store.iterateDocuments()) ids.push(d.id);
          assert.deepEqual(ids, ['mig-doc-1', 'mig-doc-2']);

          const events = await store.listEvents({ includeDuplicates: true }, { limit: 100 });
          assert.deepEqual(
            events.items.map((e) => e.id).sort(),
            (rows.events as Row[]).map((e) => e.id as string).sort(),
          );
          const first = events.items.find((e) => e.id === 'mig-doc-1-e0');
          assert.equal(first?.source, 'IRNGOV');
          assert.equal(first?.goldstein, 1.9);
          assert.equal(first?.location?.name, 'Moscow');
          assert.equal((await store.listEvents({ origin: 'gdelt' })).items.length, 1);
          assert.equal(await store.countEvents(), 4, 'near-duplicate events stay flagged');
          assert.equal(await store.countEvents({ includeDuplicates: true }), 5);
          const claims = [];
          for await (const c of store.iterateClaims()) claims.push(c);
          assert.deepEqual(claims.map((c) => c.id).sort(), ['mig-doc-1-c0', 'mig-doc-2-c0']);
          assert.equal(claims.find((c) => c.id === 'mig-doc-1-c0')?.value, 15);
          const quotes = [];
          for await (const q of store.iterateQuotes()) quotes.push(q);
          assert.deepEqual(
            quotes.map((q) => q.text),
            ['we will coordinate'],
          );
          const stats = await store.stats();
          assert.equal(stats.documents, 2);
          assert.equal(stats.near_duplicates, 1);
          assert.equal(stats.unknown_mentions, 2);
          assert.equal(stats.ingest_runs, 1);
          assert.equal(stats.rejected_inputs, 1);
          assert.equal((await store.getRun('run-1'))?.near_duplicates, 1);

          // a job queued before the migration is still claimable and its document still parses
          if (written.has('jobs')) {
            assert.equal((await queueStatus(store)).counts.queued, 1);
            const [job] = await claimJobs(store, { workerId: 'migration-test', batch: 5 });
            assert.equal(job?.docId, 'mig-job-1');
            const queuedText = (JSON.parse(rows.jobs[0].payload as string) as { text: string }).text;
            assert.equal(parsePayload(job.payload).text, queuedText);
            assert.ok(await completeJob(store, job.id, 'migration-test'));
          } else {
            // the queue works on a store migrated from before it existed
            assert.equal((await queueStatus(store)).counts.queued, 0);
          }
          // and the migrated store accepts new writes
          const next = fakeExtraction(
            makeDocument({
              id: 'mig-new',
              published_at: '2025-01-01',
              text: 'A new story after the migration.',
              format: 'text',
            }),
            1,
          );
          assert.equal((await store.storeExtraction(next)).status, 'stored');
        } finally {
          await store.close();
        }
      });
    }
  });
}
