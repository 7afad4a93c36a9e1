// Ingest with worker threads must give exactly the database of a single-threaded run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { generateArticles } from '../../bench/corpus.ts';
import { ingestInputs } from '../../src/ingest/index.ts';
import { createExtractor } from '../../src/pipeline.ts';
import { openStore, type Store } from '../../src/store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'blocwatch-par-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function dump(store: Store): Promise<unknown> {
  const db = store.db;
  return {
    documents: await db
      .selectFrom('documents')
      .select(['id', 'duplicate_of', 'content_hash'])
      .orderBy('id')
      .execute(),
    events: await db
      .selectFrom('events')
      .select(['id', 'doc_id', 'code', 'source_code', 'target_code', 'modality', 'date', 'is_duplicate'])
      .orderBy('id')
      .execute(),
    claims: await db.selectFrom('claims').select(['id', 'metric', 'value', 'actors']).orderBy('id').execute(),
    quotes: await db.selectFrom('quotes').select(['id', 'speaker', 'text']).orderBy('id').execute(),
  };
}

test('ingest --workers 2 stores exactly what a single-threaded ingest stores', async () => {
  const articles = [...generateArticles(60, 11)];
  // near-duplicates inside the same batch window: the link must not depend on thread timing
  const copies = articles.slice(0, 5).map((a, i) => ({
    ...a,
    id: `${a.id}-copy`,
    text: a.text.replace(/\.$/, '. Officials declined to comment further.'),
    date: a.date,
    url: `${a.url}?copy=${i}`,
  }));
  const lines = [...articles.slice(0, 30), ...copies, ...articles.slice(30)];
  const input = join(dir, 'corpus.jsonl');
  writeFileSync(input, `${lines.map((a) => JSON.stringify(a)).join('\n')}\n`);

  const results = [];
  for (const workers of [1, 2]) {
    const store = await openStore(join(dir, `w${workers}.db`));
    try {
      const summary = await ingestInputs(store, () => createExtractor(), [input], { workers });
      assert.equal(summary.read, lines.length);
      results.push({ summary, tables: await dump(store) });
    } finally {
      await store.close();
    }
  }
  const [single, parallel] = results;
  assert.ok(single.summary.events > 0, 'the corpus yields events');
  assert.deepEqual({ ...parallel.summary, runId: '' }, { ...single.summary, runId: '' });
  assert.deepEqual(parallel.tables, single.tables);
});
