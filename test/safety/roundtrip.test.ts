// Data safety: `blocwatch export --format jsonl --what all` then `blocwatch import blocwatch` into a
// fresh database gives back the same documents (with text), events, claims, quotes and unknown
// mentions, row for row, on SQLite and on PostgreSQL. Importing the dump again adds nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fakeDocument, fakeExtraction, IRN } from '../../src/store/fixtures.ts';
import { openStore } from '../../src/store/index.ts';
import { testBackends } from '../../src/store/test-stores.ts';
import { REPO, runCli } from '../e2e/helpers.ts';
import { tableDump } from './dump.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'blocwatch-roundtrip-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Articles with an exact duplicate, a near-duplicate and odd characters, as JSONL. */
function corpus(): string {
  const base =
    'Iran and Russia signed an agreement on energy cooperation in Moscow on Monday. The foreign minister of Iran said the two countries would expand trade. Officials said talks would continue next month in Tehran.';
  const lines = [
    { id: 'rt-1', date: '2025-03-03', title: 'Energy deal', source: 'Wire "A"', text: base },
    // the same story lightly edited by another outlet: a near-duplicate
    {
      id: 'rt-2',
      date: '2025-03-04',
      source: 'Wire B',
      text: base.replace('on Monday', 'on Monday, officials confirmed'),
    },
    {
      id: 'rt-3',
      date: '2025-04-10',
      url: 'https://example.org/a?b=1&c=ü',
      text: 'China criticised Japan over fishing rights near the islands. Tokyo said the protest had no basis — “none at all”.\n\nA second paragraph with emoji 🌍 and a tab\there.',
    },
    { id: 'rt-4', date: '2025-04-11', text: 'Germany praised Poland for its help after the floods.' },
    { id: 'rt-dup', date: '2025-04-12', text: base },
  ];
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

describe('export --what all → import blocwatch is lossless', () => {
  for (const backend of testBackends()) {
    test(`${backend.name}`, { timeout: 240_000 }, async (t) => {
      t.after(() => backend.cleanup());
      const source = backend.location();
      const input = join(dir, `${backend.name}-corpus.jsonl`);
      writeFileSync(input, corpus());
      const ingest = await runCli([
        'ingest',
        input,
        join(REPO, 'test/fixtures/ingest'),
        '--db',
        source,
        '--json',
      ]);
      assert.equal(ingest.code, 0, ingest.stderr);
      const summary = JSON.parse(ingest.stdout);
      assert.ok(summary.stored >= 6, ingest.stdout);

      // hand-made rows the pipeline may not produce: locations with coordinates, a claim with a
      // value, an imported event without document or offsets, a record without a target
      const store = await openStore(source);
      try {
        const doc = fakeDocument(901);
        const x = fakeExtraction(doc, 3);
        const withLocation = {
          ...x,
          events: x.events.map((e, i) =>
            i === 0
              ? { ...e, location: { name: 'Moscow', country: 'RUS', lat: 55.7558, lon: 37.6173 } }
              : i === 1
                ? { ...e, target: null, attributed_to: IRN }
                : e,
          ),
        };
        assert.equal((await store.storeExtraction(withLocation)).status, 'stored');
        await store.db
          .insertInto('events')
          .values({
            id: 'gdelt:123456789',
            doc_id: null,
            sentence_index: null,
            origin: 'gdelt',
            source_code: 'USA',
            source_name: 'UNITED STATES',
            source_country: 'USA',
            source_sector: '',
            source_entity: null,
            target_code: 'CHN',
            target_name: 'CHINA',
            target_country: 'CHN',
            target_sector: '',
            target_entity: null,
            code: '0231',
            root: '02',
            quad_class: 1,
            goldstein: 3.4,
            plover: 'REQUEST',
            modality: 'asserted',
            attributed_to_code: null,
            attributed_to_name: null,
            date: '2015-02-19',
            date_precision: 'day',
            published_at: '2015-02-19',
            location_name: 'Beijing',
            location_country: 'CHN',
            lat: 39.9289,
            lon: 116.388,
            evidence_text: '',
            evidence_start: null,
            evidence_end: null,
            rule: 'gdelt',
            confidence: 1,
            coder_version: 'gdelt-2.0',
            is_duplicate: 0,
            source_url: 'https://example.org/gdelt',
          })
          .execute();
      } finally {
        await store.close();
      }

      const dump = join(dir, `${backend.name}-dump.jsonl`);
      const exported = await runCli([
        'export',
        '--db',
        source,
        '--format',
        'jsonl',
        '--what',
        'all',
        '--out',
        dump,
      ]);
      assert.equal(exported.code, 0, exported.stderr);

      const target = backend.location();
      const imported = await runCli(['import', 'blocwatch', dump, '--db', target, '--json']);
      assert.equal(imported.code, 0, imported.stderr);
      const s = JSON.parse(imported.stdout);
      assert.equal(s.rejected, 0, imported.stderr);
      assert.equal(s.present, 0);

      const a = await openStore(source);
      const b = await openStore(target);
      try {
        const before = await tableDump(a);
        const restored = await tableDump(b);
        assert.ok(before.documents.length >= 7);
        assert.ok(
          before.documents.some((d) => d.duplicate_of !== null),
          'a near-duplicate is in the data',
        );
        assert.ok(before.events.length > 5 && before.claims.length > 0 && before.quotes.length > 0);
        assert.ok(before.unknown_mentions.length > 0);
        for (const table of Object.keys(before) as (keyof typeof before)[]) {
          assert.equal(restored[table].length, before[table].length, `${table}: row count`);
          assert.deepEqual(restored[table], before[table], `${table}: rows`);
        }
        assert.equal(s.documents, before.documents.length);
        assert.equal(s.events, before.events.length);
      } finally {
        await a.close();
        await b.close();
      }

      // a second import changes nothing
      const again = await runCli(['import', 'blocwatch', dump, '--db', target, '--json']);
      assert.equal(again.code, 0, again.stderr);
      const s2 = JSON.parse(again.stdout);
      assert.equal(s2.documents + s2.events + s2.claims + s2.quotes + s2.unknown_mentions, 0);
      assert.equal(s2.present, s2.read);
    });
  }
});

test('import blocwatch rejects malformed lines with file:line reasons and stores the rest', {
  timeout: 120_000,
}, async () => {
  const db = join(dir, 'bad-dump.db');
  const dump = join(dir, 'bad-dump.jsonl');
  const doc = {
    kind: 'document',
    id: 'bd-1',
    url: null,
    title: null,
    published_at: '2025-01-01',
    source: null,
    text: 'A short text.',
    lang: 'en',
    content_hash: 'x'.repeat(64),
    simhash: '0123456789abcdef',
    format: 'text',
    duplicate_of: null,
    ingested_at: '2025-01-01T00:00:00.000Z',
    run_id: null,
    coder_version: '1',
  };
  writeFileSync(
    dump,
    [
      JSON.stringify(doc),
      '{"kind": "document", ',
      JSON.stringify({ ...doc, id: 'bd-2', simhash: 'zz' }),
      JSON.stringify({ kind: 'event', id: 5 }),
      JSON.stringify({ kind: 'spaceship' }),
      JSON.stringify([1, 2]),
      JSON.stringify({ ...doc, id: 'bd-3', content_hash: 'y'.repeat(64), text: ['not', 'text'] }),
      '',
    ].join('\n'),
  );
  const r = await runCli(['import', 'blocwatch', dump, '--db', db, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.documents, 1);
  assert.equal(s.rejected, 6);
  assert.match(r.stderr, /bad-dump\.jsonl:2 invalid JSON/);
  assert.match(r.stderr, /bad-dump\.jsonl:3 simhash: expected 16 hex digits/);
  assert.match(r.stderr, /bad-dump\.jsonl:4 origin: expected a string, found nothing/);
  assert.match(r.stderr, /bad-dump\.jsonl:5 kind: expected document, event/);
  assert.match(r.stderr, /bad-dump\.jsonl:6 expected a JSON object, found array/);
  assert.match(r.stderr, /bad-dump\.jsonl:7 text: expected a string, found array/);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
});
