// Claims and quotes listings: each filter, and keyset paging that neither skips nor repeats a
// record, on both backends (the CLI and the API both read through these functions).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Claim, Extraction, Quote } from '../types.ts';
import { fakeDocument, fakeExtraction } from './fixtures.ts';
import type { Store } from './index.ts';
import { type ClaimFilters, decodeCursor, listClaims, listQuotes, type QuoteFilters } from './listing.ts';
import { testBackends } from './test-stores.ts';

/** Five documents on different days; claims and quotes varied so each filter selects a known set. */
function corpus(): Extraction[] {
  const out: Extraction[] = [];
  const periods: [string | null, string | null][] = [
    ['2024-01-01', '2024-12-31'],
    ['2025-01-01', '2025-10-31'],
    [null, null],
    ['2025-11-01', '2025-11-30'],
    ['2023-06-01', '2023-06-30'],
  ];
  // texts far apart, so that no document is stored as a near-duplicate of another
  const texts = [
    'Grain shipments through the Black Sea ports resumed after a week of storms.',
    'The central bank kept its key rate unchanged and warned of slower growth next year.',
    'Delegations from nine coastal states opened a conference on fishing quotas in Lima.',
    'A new rail link between two inland provinces carried its first freight train on Monday.',
    'Parliament passed a budget that raises spending on schools, roads and hospitals.',
  ];
  const actors = [['CHN', 'USA'], ['RUS', 'IRN'], ['IRN'], ['RUS', 'IRNGOV'], ['TUR', 'RUS']];
  for (let i = 0; i < 5; i++) {
    const doc = fakeDocument(100 + i, texts[i], `2025-12-1${i}`);
    const x = fakeExtraction(doc, 0);
    const claim: Claim = {
      ...x.claims[0]!,
      metric: i % 2 === 0 ? 'trade' : 'exports',
      actors: actors[i]!,
      period_start: periods[i]![0],
      period_end: periods[i]![1],
      speaker: i === 3 ? 'Sergei Lavrov' : 'an official',
      evidence: {
        text: i === 1 ? 'Exports of grain grew 12% (50_50 deal)' : 'trade grew',
        start: 0,
        end: 10,
      },
    };
    const quote: Quote = {
      ...x.quotes[0]!,
      speaker: i === 2 ? 'Abbas Araghchi' : 'a spokesman',
      speaker_role: i === 4 ? 'analyst' : 'official',
      direct: i !== 0,
      text: i === 1 ? 'we will keep talking' : 'no comment',
    };
    out.push({ ...x, claims: [claim], quotes: [quote] });
  }
  return out;
}

const claimCases: { name: string; filters: ClaimFilters; docs: number[] }[] = [
  { name: 'everything, newest first', filters: {}, docs: [104, 103, 102, 101, 100] },
  { name: 'one actor by its country prefix', filters: { actors: ['IRN'] }, docs: [103, 102, 101] },
  { name: 'an actor code longer than a country', filters: { actors: ['RUSGOV'] }, docs: [104, 103, 101] },
  { name: 'a pair: both must be concerned', filters: { actors: ['RUS', 'IRN'] }, docs: [103, 101] },
  { name: 'metric', filters: { metric: 'exports' }, docs: [103, 101] },
  // the period overlaps the range; a claim without a period counts by its publication date
  { name: 'from: period ends on or after', filters: { from: '2025-06-01' }, docs: [103, 102, 101] },
  { name: 'to: period starts on or before', filters: { to: '2024-06-30' }, docs: [104, 100] },
  { name: 'text with LIKE wildcards taken literally', filters: { text: '50_50' }, docs: [101] },
  { name: 'text matches no wildcard expansion', filters: { text: '50%50' }, docs: [] },
  { name: 'speaker, case-insensitive', filters: { speaker: 'LAVROV' }, docs: [103] },
  { name: 'one document', filters: { docId: 'doc-102' }, docs: [102] },
];

const quoteCases: { name: string; filters: QuoteFilters; docs: number[] }[] = [
  { name: 'everything, newest first', filters: {}, docs: [104, 103, 102, 101, 100] },
  { name: 'speaker', filters: { speaker: 'araghchi' }, docs: [102] },
  { name: 'role', filters: { role: 'analyst' }, docs: [104] },
  { name: 'direct only', filters: { directOnly: true }, docs: [104, 103, 102, 101] },
  { name: 'published range', filters: { from: '2025-12-11', to: '2025-12-13' }, docs: [103, 102, 101] },
  { name: 'text', filters: { text: 'KEEP talking' }, docs: [101] },
  { name: "speaker's code prefix", filters: { speakerCode: 'irn' }, docs: [104, 103, 102, 101, 100] },
];

for (const backend of testBackends()) {
  describe(`claims and quotes listings (${backend.name})`, () => {
    let store: Store;
    before(async () => {
      store = await backend.open();
      await store.storeBatch(corpus());
    });
    after(async () => {
      await store.close();
      await backend.cleanup();
    });

    for (const c of claimCases)
      test(`claims: ${c.name}`, async () => {
        const page = await listClaims(store.db, c.filters, { limit: 50 });
        assert.deepEqual(
          page.items.map((x) => x.doc_id),
          c.docs.map((n) => `doc-${n}`),
        );
        assert.equal(page.next_cursor, null);
      });

    for (const c of quoteCases)
      test(`quotes: ${c.name}`, async () => {
        const page = await listQuotes(store.db, c.filters, { limit: 50 });
        assert.deepEqual(
          page.items.map((x) => x.doc_id),
          c.docs.map((n) => `doc-${n}`),
        );
      });

    test('paging two at a time visits every claim once, in order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await listClaims(
          store.db,
          {},
          { limit: 2, after: cursor ? decodeCursor(cursor) : null },
        );
        seen.push(...page.items.map((x) => x.doc_id));
        cursor = page.next_cursor;
      } while (cursor);
      assert.deepEqual(seen, ['doc-104', 'doc-103', 'doc-102', 'doc-101', 'doc-100']);
    });
  });
}
