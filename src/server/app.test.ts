// API tests through inject() (no port), on SQLite and, when reachable, PostgreSQL: every route,
// the filters, cursor pagination, CSV/JSONL export, validation errors, the token rule, security
// headers, injection strings and a document containing a script tag.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { buildFixtureStore } from '../../test/browser/fixture.ts';
import type { Store } from '../store/index.ts';
import { buildApp } from './app.ts';
import type { PostedDocument } from './routes/documents.ts';
import { tokenMatches } from './security.ts';

const PG_URL = process.env.BLOCWATCH_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

interface Dialect {
  name: string;
  open(): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

const DIALECTS: Dialect[] = [
  {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'bw-api-'));
      const store = await buildFixtureStore(join(dir, 'fixture.db'));
      return {
        store,
        async cleanup() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];
if (await pgReachable()) {
  DIALECTS.push({
    name: 'postgres',
    async open() {
      const schema = `bw_api_${process.pid}_${Date.now().toString(36)}`;
      const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
      const store = await buildFixtureStore(url);
      return {
        store,
        async cleanup() {
          await store.close();
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await client.end();
        },
      };
    },
  });
} else {
  test('PostgreSQL API tests', { skip: `PostgreSQL not reachable at ${PG_URL}` }, () => {});
}

type App = Awaited<ReturnType<typeof buildApp>>;

async function json(app: App, url: string) {
  const r = await app.inject(url);
  return { status: r.statusCode, body: r.json(), headers: r.headers };
}

function assertError(body: unknown, code: string, mentions?: string) {
  const b = body as { ok: boolean; error: { code: string; message: string } };
  assert.equal(b.ok, false);
  assert.equal(b.error.code, code);
  assert.equal(Object.keys(b).sort().join(','), 'error,ok');
  if (mentions) assert.match(b.error.message, new RegExp(mentions));
}

for (const dialect of DIALECTS) {
  describe(`API on ${dialect.name}`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    before(async () => {
      const opened = await dialect.open();
      cleanup = opened.cleanup;
      app = await buildApp({ store: opened.store, webRoot: join(tmpdir(), 'bw-no-web-here') });
    });
    after(async () => {
      await app.close();
      await cleanup();
    });

    test('GET /healthz', async () => {
      const r = await json(app, '/healthz');
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { ok: true, database: 'ok' });
    });

    test('GET /api/stats counts what the fixture stored', async () => {
      const { status, body } = await json(app, '/api/stats');
      assert.equal(status, 200);
      assert.equal(body.documents, 5);
      assert.equal(body.events, 13);
      assert.equal(body.claims, 1);
      assert.equal(body.quotes, 1);
      assert.equal(body.unknown_mentions, 1);
      assert.equal(body.countries, 7);
      assert.deepEqual(body.by_quad, [7, 1, 3, 2]);
      assert.equal(body.first_date, '2025-03-10');
      assert.equal(body.last_date, '2025-10-01');
      assert.deepEqual(body.by_modality, { asserted: 12, planned: 1 });
    });

    test('GET /api/events lists newest first with the record shape', async () => {
      const { status, body } = await json(app, '/api/events?limit=3');
      assert.equal(status, 200);
      assert.equal(body.ok, true);
      assert.equal(body.events.length, 3);
      assert.equal(body.events[0].id, 'doc-script-tag-e0');
      const dates = body.events.map((e: { date: string }) => e.date);
      assert.deepEqual(dates, [...dates].sort().reverse());
      const e = body.events[0];
      for (const key of [
        'source',
        'target',
        'code',
        'root',
        'quad_class',
        'goldstein',
        'modality',
        'evidence',
        'rule',
      ])
        assert.ok(key in e, key);
      assert.equal(typeof e.code, 'string');
      assert.ok(body.next_cursor);
    });

    test('cursor pagination walks every event exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/events?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
        const { body } = await json(app, url);
        for (const e of body.events) seen.push(e.id);
        cursor = body.next_cursor;
        pages++;
      } while (cursor && pages < 20);
      assert.equal(pages, 4);
      assert.equal(seen.length, 13);
      assert.equal(new Set(seen).size, 13);
    });

    const filterCases: [string, number, (e: Record<string, unknown>) => boolean][] = [
      ['actor=IRN', 10, (e) => e.source_country === 'IRN' || e.target_country === 'IRN'],
      ['actor=RUSGOV', 2, (e) => e.source === 'RUSGOV'],
      ['source=USA', 2, (e) => e.source_country === 'USA'],
      ['target=ISR', 2, (e) => e.target_country === 'ISR'],
      ['pair=RUS,IRN', 5, (e) => [e.source_country, e.target_country].sort().join() === 'IRN,RUS'],
      ['pair=irn,rus', 5, (e) => [e.source_country, e.target_country].sort().join() === 'IRN,RUS'],
      ['country=CHN', 2, (e) => e.source_country === 'CHN' || e.target_country === 'CHN'],
      ['code=04', 3, (e) => String(e.code).startsWith('04')],
      ['code=057', 2, (e) => e.code === '057'],
      ['root=11', 2, (e) => e.root === '11'],
      ['quad=4', 2, (e) => e.quad_class === 4],
      ['quad=3,4', 5, (e) => (e.quad_class as number) >= 3],
      ['modality=planned', 1, (e) => e.modality === 'planned'],
      ['modality=asserted,planned', 13, () => true],
      ['origin=blocwatch', 13, () => true],
      ['origin=gdelt', 0, () => false],
      [
        'from=2025-06-01&to=2025-06-30',
        6,
        (e) => (e.date as string) >= '2025-06-01' && (e.date as string) <= '2025-06-30',
      ],
      ['from=2025-09-16', 4, (e) => (e.date as string) >= '2025-09-16'],
      ['q=TEHRAN', 2, (e) => /tehran/i.test((e.evidence as { text: string }).text)],
      ['q=sanctions%20policy', 1, (e) => /sanctions policy/.test((e.evidence as { text: string }).text)],
      ['doc=doc-putin-in-tehran', 3, (e) => e.doc_id === 'doc-putin-in-tehran'],
      ['actor=IRN&quad=1&from=2025-09-01', 3, (e) => e.quad_class === 1],
    ];
    for (const [qs, count, check] of filterCases) {
      test(`GET /api/events?${qs}`, async () => {
        const { status, body } = await json(app, `/api/events?limit=100&${qs}`);
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(body.events.length, count);
        for (const e of body.events) assert.ok(check(e), `${qs}: ${e.id}`);
      });
    }

    test('injection strings in every text filter match nothing and break nothing', async () => {
      const nasty = ["' OR 1=1 --", '%', 'e_', '\\', '"; DROP TABLE events; --', "%' OR '1'='1", '\u0000x'];
      for (const s of nasty) {
        const e = encodeURIComponent(s);
        for (const url of [
          `/api/events?q=${e}`,
          `/api/claims?q=${e}`,
          `/api/quotes?q=${e}`,
          `/api/quotes?speaker=${e}`,
          `/api/documents?q=${e}`,
          `/api/actors?q=${e}`,
        ]) {
          const r = await app.inject(url);
          assert.ok(r.statusCode === 200 || r.statusCode === 400, `${url} -> ${r.statusCode}`);
          if (r.statusCode === 200) {
            const body = r.json();
            const list = body.events ?? body.claims ?? body.quotes ?? body.documents ?? body.actors;
            assert.equal(list.length, 0, `${url} matched ${list.length}`);
          }
        }
        for (const param of [
          'actor',
          'pair',
          'code',
          'root',
          'quad',
          'modality',
          'origin',
          'from',
          'cursor',
          'doc',
        ]) {
          const r = await app.inject(`/api/events?${param}=${e}`);
          assert.ok([200, 400].includes(r.statusCode), `${param}=${s} -> ${r.statusCode}`);
          if (r.statusCode === 200) assert.equal(r.json().events.length, 0);
        }
      }
      const { body } = await json(app, '/api/stats');
      assert.equal(body.events, 13);
    });

    test('CSV export streams every matching event with a header', async () => {
      const r = await app.inject('/api/events?format=csv&pair=IRN,RUS');
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), /^text\/csv/);
      assert.match(String(r.headers['content-disposition']), /events\.csv/);
      const lines = r.body.trimEnd().split('\r\n');
      assert.equal(lines.length, 6);
      assert.match(lines[0], /^id,date,date_precision,published_at,origin,source_code/);
      assert.ok(lines.slice(1).every((l) => /,(IRN|RUS)/.test(l)));
    });

    test('CSV cells are quoted and formula-looking text is neutralised', async () => {
      const r = await app.inject('/api/events?format=csv&doc=doc-putin-plans-tehran&code=042');
      const row = r.body.trimEnd().split('\r\n')[1];
      assert.match(
        row,
        /"Russian President Vladimir Putin will visit Tehran in September, the Kremlin said on Monday\."/,
      );
      const neg = await app.inject('/api/events?format=csv&quad=4&limit=1');
      assert.match(neg.body.split('\r\n')[1], /,-10,|,-8,/, 'numbers stay numbers');
    });

    test('JSONL export: one event per line, limit honoured', async () => {
      const r = await app.inject('/api/events?format=jsonl&limit=5');
      assert.equal(r.statusCode, 200);
      assert.match(String(r.headers['content-type']), /ndjson/);
      const lines = r.body.trimEnd().split('\n');
      assert.equal(lines.length, 5);
      assert.equal(JSON.parse(lines[0]).kind, 'event');
    });

    const badCases: [string, string][] = [
      ['/api/events?quad=5', 'quad'],
      ['/api/events?limit=0', 'limit'],
      ['/api/events?limit=501', 'limit'],
      ['/api/events?limit=abc', 'limit'],
      ['/api/events?from=2025-13', 'from'],
      ['/api/events?from=2025-02-31x', 'from'],
      ['/api/events?from=2025-09-01&to=2025-01-01', 'from'],
      ['/api/events?modality=maybe', 'modality'],
      ['/api/events?origin=cnn', 'origin'],
      ['/api/events?format=xml', 'format'],
      ['/api/events?pair=IRN', 'pair'],
      ['/api/events?cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['/api/events?colour=red', 'colour'],
      ['/api/dyads?order=best', 'order'],
      ['/api/alignment', 'a'],
      ['/api/alignment?a=IRAN', 'a'],
      ['/api/blocs?window=decade', 'window'],
      ['/api/network?min_events=0', 'min_events'],
      ['/api/dyads/IRN/IRN', 'b'],
      ['/api/dyads/IR/RUS', 'a'],
      ['/api/dyads/IRN/RUS?period=fortnight', 'period'],
      ['/api/followups?status=done', 'status'],
      ['/api/claims?type=guess', 'type'],
      ['/api/quotes?role=king', 'role'],
      ['/api/actors?kind=some', 'kind'],
      ['/api/trends?limit=100000', 'limit'],
      ['/api/stats?x=1', 'x'],
    ];
    for (const [url, param] of badCases) {
      test(`400 names the bad parameter: ${url}`, async () => {
        const { status, body } = await json(app, url);
        assert.equal(status, 400);
        assertError(body, 'BW_ERR_USAGE', `'${param}'`);
      });
    }

    test('unknown routes and records are 404 in the error shape', async () => {
      for (const url of [
        '/api/nothing',
        '/api/events/extra',
        '/nothing-here',
        '/api/documents/no-such-doc',
      ]) {
        const { status, body } = await json(app, url);
        assert.equal(status, 404, url);
        assertError(body, 'BW_ERR_NOT_FOUND');
      }
    });

    test('over-long URLs are refused', async () => {
      const { status, body } = await json(app, `/api/events?q=${'a'.repeat(5000)}`);
      assert.equal(status, 413);
      assertError(body, 'BW_ERR_INPUT_TOO_LARGE');
    });

    test('GET /api/dyads ranks pairs (analysis topDyads)', async () => {
      const { body } = await json(app, '/api/dyads?min_events=1&limit=3');
      assert.deepEqual([body.cooperative[0].a, body.cooperative[0].b], ['IRN', 'RUS']);
      assert.equal(body.cooperative[0].cooperation_index, 1);
      assert.equal(body.cooperative.length, 3);
      assert.deepEqual([body.conflictual[0].a, body.conflictual[0].b], ['IRN', 'ISR']);
      assert.equal(body.conflictual[0].cooperation_index, -1);
      const withChn = (await json(app, '/api/dyads?actor=chn&min_events=1')).body;
      const all = [...withChn.cooperative, ...withChn.conflictual];
      assert.equal(all.length, 2);
      assert.ok(all.every((d: { a: string; b: string }) => d.a === 'CHN' || d.b === 'CHN'));
      assert.equal((await json(app, '/api/dyads')).body.cooperative.length, 0, 'default needs 5 events');
    });

    test('GET /api/dyads/:a/:b gives series, quads, claims, follow-through and evidence', async () => {
      const { status, body } = await json(app, '/api/dyads/irn/rus?period=month');
      assert.equal(status, 200);
      assert.equal(body.a, 'IRN');
      assert.equal(body.totals.events, 4, 'planned events are not counted');
      assert.deepEqual(body.totals.by_quad, { 1: 4, 2: 0, 3: 0, 4: 0 });
      assert.equal(body.periods.length, 7, 'March to September, empty months filled');
      assert.equal(body.periods[0].key, '2025-03');
      assert.equal(body.periods[1].events, 0);
      assert.equal(body.events.length, 5, 'the event list includes the planned visit');
      assert.ok(
        body.events.some((e: { evidence: { text: string } }) =>
          e.evidence.text.startsWith('Iranian Foreign Minister Abbas Araghchi visited Moscow'),
        ),
      );
      assert.equal(body.claims.length, 1);
      assert.equal(body.claims[0].metric, 'trade');
      assert.equal(body.followups.items.length, 1);
      assert.equal(body.followups.items[0].status, 'held');
      assert.equal(body.followups.items[0].match.id, 'doc-putin-in-tehran-e0');
      const directed = (await json(app, '/api/dyads/RUS/IRN?directed=true')).body;
      assert.equal(directed.totals.events, 2);
      assert.ok(directed.events.every((e: { source_country: string }) => e.source_country === 'RUS'));
      const empty = (await json(app, '/api/dyads/FRA/CHN')).body;
      assert.equal(empty.totals.events, 0);
      assert.deepEqual(empty.events, []);
    });

    test('GET /api/network: states by activity, pairs by direct relation', async () => {
      const all = (await json(app, '/api/network')).body;
      assert.equal(all.states[0].code, 'IRN');
      assert.equal(all.states[0].events, 9);
      assert.equal(all.pairs.length, 8);
      const isr = all.pairs.find((p: { a: string; b: string }) => p.a === 'IRN' && p.b === 'ISR');
      assert.equal(isr.index, -1);
      const window = (await json(app, '/api/network?from=2025-09-01&to=2025-12-31')).body;
      assert.equal(window.pairs.length, 3);
    });

    test('GET /api/alignment (analysis alignment) for the map', async () => {
      const { status, body } = await json(app, '/api/alignment?a=irn');
      assert.equal(status, 200);
      assert.equal(body.mode, 'events');
      assert.equal(body.a, 'IRN');
      assert.ok(body.partners.length >= 1);
      const rus = body.partners.find((p: { b: string }) => p.b === 'RUS');
      assert.equal(rus.alignment, 1);
      assert.equal(rus.direct.events, 4);
      const pair = (await json(app, '/api/alignment?a=IRN&b=RUS')).body;
      assert.equal(pair.pair.b, 'RUS');
      assert.match(pair.formula, /alignment/);
    });

    test('GET /api/blocs (analysis blocs)', async () => {
      const { body } = await json(app, '/api/blocs');
      assert.equal(body.window, 'year');
      assert.equal(body.windows.length, 1);
      const groups = body.windows[0].blocs.map((b: { members: string[] }) => b.members.join(','));
      assert.ok(groups.includes('IRN,RUS'), groups.join(' | '));
      const all = (await json(app, '/api/blocs?window=all')).body;
      assert.equal(all.window, 'all');
      assert.equal(all.windows.length, 1);
      assert.ok(all.windows[0].blocs.some((b: { members: string[] }) => b.members.join(',') === 'IRN,RUS'));
    });

    test('GET /api/trends (analysis trends)', async () => {
      const { status, body } = await json(app, '/api/trends?window=month');
      assert.equal(status, 200);
      assert.equal(body.window, 'month');
      assert.ok(Array.isArray(body.rising) && Array.isArray(body.collapsing));
      assert.ok(body.windows.length >= 2);
    });

    test('GET /api/followups (analysis followups), by status and pair', async () => {
      const all = (await json(app, '/api/followups')).body;
      assert.deepEqual(all.counts, { held: 1, pending: 0, overdue: 0 });
      assert.equal(all.items[0].window.from, '2025-06-02');
      assert.equal((await json(app, '/api/followups?status=overdue')).body.items.length, 0);
      assert.equal((await json(app, '/api/followups?pair=USA,IRN')).body.items.length, 0);
      assert.equal((await json(app, '/api/followups?pair=iRN,RUS')).body.items.length, 1);
    });

    test('GET /api/claims and /api/quotes filter', async () => {
      assert.equal((await json(app, '/api/claims?pair=IRN,RUS&metric=trade')).body.claims.length, 1);
      assert.equal((await json(app, '/api/claims?actor=USA')).body.claims.length, 0);
      const quotes = (await json(app, '/api/quotes?speaker=araghchi')).body.quotes;
      assert.equal(quotes.length, 1);
      assert.equal(quotes[0].speaker_actor, 'IRNGOV');
      assert.equal((await json(app, '/api/quotes?role=analyst')).body.quotes.length, 0);
      // the same filters as `blocwatch claims|quotes`: speaker of a claim, direct quotes, claim period
      // (the fixture's trade claim covers 2024 and was published later; the store tests cover the rest)
      assert.equal((await json(app, '/api/claims?speaker=araghchi')).body.claims.length, 0);
      assert.equal((await json(app, '/api/quotes?direct=true')).body.quotes.length, 1);
      assert.equal((await json(app, '/api/claims?from=2024-06-01&to=2024-06-30')).body.claims.length, 1);
      assert.equal((await json(app, '/api/claims?from=2025-01-01')).body.claims.length, 0);
    });

    test('GET /api/actors includes unknown names', async () => {
      const { body } = await json(app, '/api/actors');
      assert.equal(body.actors[0].code, 'IRN');
      assert.ok(body.actors.some((a: { code: string }) => a.code === 'RUSGOV'));
      assert.deepEqual(body.unknown, [{ text: 'Zarvand Logistics', mentions: 1, documents: 1 }]);
      const known = (await json(app, '/api/actors?kind=known&country=rus')).body;
      assert.deepEqual(known.unknown, []);
      assert.ok(known.actors.every((a: { country: string }) => a.country === 'RUS'));
    });

    test('GET /api/documents lists and pages; /api/documents/:id has every span', async () => {
      const list = (await json(app, '/api/documents?limit=2')).body;
      assert.equal(list.documents.length, 2);
      assert.equal(list.documents[0].id, 'doc-script-tag');
      assert.ok(list.next_cursor);
      const page2 = (await json(app, `/api/documents?limit=2&cursor=${list.next_cursor}`)).body;
      assert.equal(page2.documents[0].id, 'doc-israel-iran-strikes');
      const { status, body } = await json(app, '/api/documents/doc-iran-russia-trade');
      assert.equal(status, 200);
      assert.equal(body.events.length, 2);
      assert.equal(body.claims.length, 1);
      assert.equal(body.quotes.length, 1);
      assert.equal(body.unknown.length, 1);
      for (const span of [...body.events, ...body.claims, ...body.quotes].map((x) => x.evidence))
        assert.equal(body.document.text.slice(span.start, span.end), span.text);
      assert.equal(body.document.text.slice(body.unknown[0].start, body.unknown[0].end), 'Zarvand Logistics');
    });

    test('a document with a script tag comes back as JSON text, never as HTML', async () => {
      const r = await app.inject('/api/documents/doc-script-tag');
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      const body = r.json();
      assert.ok(body.document.title.startsWith('<script>'));
      assert.ok(body.document.text.includes('<script>window.__bwPwned = 1</script>'));
    });

    test('security headers; CORS is off by default', async () => {
      const r = await app.inject({ url: '/api/stats', headers: { origin: 'https://elsewhere.example' } });
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['x-frame-options'], 'DENY');
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'(;|$)/);
      const pre = await app.inject({
        method: 'OPTIONS',
        url: '/api/stats',
        headers: { origin: 'https://elsewhere.example' },
      });
      assert.equal(pre.headers['access-control-allow-origin'], undefined);
    });

    test('OpenAPI document and docs UI are served locally', async () => {
      const spec = (await json(app, '/docs/json')).body;
      assert.equal(spec.openapi, '3.0.3');
      for (const path of [
        '/api/events',
        '/api/dyads/{a}/{b}',
        '/api/alignment',
        '/api/network',
        '/api/blocs',
        '/api/trends',
        '/api/claims',
        '/api/quotes',
        '/api/followups',
        '/api/documents/{id}',
        '/api/documents',
        '/api/actors',
        '/api/stats',
        '/healthz',
      ])
        assert.ok(spec.paths[path], path);
      for (const [path, methods] of Object.entries(
        spec.paths as Record<string, Record<string, { responses: object }>>,
      ))
        for (const [method, op] of Object.entries(methods)) assert.ok(op.responses, `${method} ${path}`);
      const ui = await app.inject('/docs/');
      assert.equal(ui.statusCode, 200);
      assert.doesNotMatch(ui.body, /https?:\/\/(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\/[^"']*\.(js|css)/i);
    });

    test('without a built dashboard, / explains how to build it', async () => {
      const r = await app.inject('/');
      assert.equal(r.statusCode, 200);
      assert.match(r.body, /npm run build/);
    });
  });
}

describe('the token rule', () => {
  let dir: string;
  let store: Store;
  const posted: PostedDocument[][] = [];
  const ingest = async (docs: readonly PostedDocument[]) => {
    posted.push([...docs]);
    return docs.map((d) => ({
      id: d.id ?? null,
      status: 'stored' as const,
      events: 0,
      claims: 0,
      quotes: 0,
    }));
  };
  const doc = { id: 'posted-1', published_at: '2025-11-01', text: 'Iran and Russia held talks in Tehran.' };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bw-token-'));
    store = await buildFixtureStore(join(dir, 'fixture.db'));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('read-only without a configured token: 403', async () => {
    const app = await buildApp({ store, ingest });
    const r = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: doc,
      headers: { authorization: 'Bearer x' },
    });
    assert.equal(r.statusCode, 403);
    assertError(r.json(), 'BW_ERR_READ_ONLY');
    assert.equal(posted.length, 0);
    await app.close();
  });

  test('wrong or missing token: 401; right token: 200', async () => {
    const app = await buildApp({ store, ingest, token: 's3cret-token' });
    for (const authorization of [
      undefined,
      'Bearer wrong',
      'Bearer s3cret-token-longer',
      'Basic s3cret-token',
      's3cret-token',
    ]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/documents',
        payload: doc,
        headers: authorization ? { authorization } : {},
      });
      assert.equal(r.statusCode, 401, String(authorization));
      assertError(r.json(), 'BW_ERR_UNAUTHORIZED');
    }
    assert.equal(posted.length, 0);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: doc,
      headers: { authorization: 'Bearer s3cret-token' },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().results, [
      { id: 'posted-1', status: 'stored', events: 0, claims: 0, quotes: 0 },
    ]);
    const many = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: { documents: [doc, { ...doc, id: 'posted-2' }] },
      headers: { authorization: 'bearer s3cret-token' },
    });
    assert.equal(many.statusCode, 200);
    assert.equal(many.json().results.length, 2);
    assert.equal(posted.length, 2);
    await app.close();
  });

  test('posted bodies are validated and size-limited', async () => {
    const app = await buildApp({ store, ingest, token: 't', bodyLimit: 10_000 });
    const headers = { authorization: 'Bearer t' };
    const bad = await app.inject({ method: 'POST', url: '/api/documents', payload: { text: 'x' }, headers });
    assert.equal(bad.statusCode, 400);
    assertError(bad.json(), 'BW_ERR_USAGE');
    const badDate = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: { ...doc, published_at: 'yesterday' },
      headers,
    });
    assert.equal(badDate.statusCode, 400);
    const big = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: { ...doc, text: 'x'.repeat(20_000) },
      headers,
    });
    assert.equal(big.statusCode, 413);
    assertError(big.json(), 'BW_ERR_INPUT_TOO_LARGE');
    const notJson = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: 'hello',
      headers: { ...headers, 'content-type': 'text/plain' },
    });
    assert.equal(notJson.statusCode, 400);
    assertError(notJson.json(), 'BW_ERR_USAGE');
    await app.close();
  });

  test('CORS only for the configured origin', async () => {
    const app = await buildApp({ store, corsOrigin: 'https://team.example' });
    const ok = await app.inject({ url: '/api/stats', headers: { origin: 'https://team.example' } });
    assert.equal(ok.headers['access-control-allow-origin'], 'https://team.example');
    const other = await app.inject({ url: '/api/stats', headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    const pre = await app.inject({
      method: 'OPTIONS',
      url: '/api/documents',
      headers: { origin: 'https://team.example' },
    });
    assert.equal(pre.statusCode, 204);
    assert.match(String(pre.headers['access-control-allow-headers']), /Authorization/);
    await app.close();
  });

  test('tokenMatches compares whole tokens', () => {
    assert.equal(tokenMatches('abc', 'abc'), true);
    assert.equal(tokenMatches('abc', 'abd'), false);
    assert.equal(tokenMatches('ab', 'abc'), false);
    assert.equal(tokenMatches('', 'abc'), false);
  });
});

describe('POST /api/documents through the real pipeline', () => {
  test('stores a posted article, then reports the copy as a duplicate', async () => {
    const { createIngestor } = await import('./ingest.ts');
    const { createExtractor } = await import('../pipeline.ts');
    const dir = mkdtempSync(join(tmpdir(), 'bw-post-'));
    const store = await buildFixtureStore(join(dir, 'fixture.db'));
    const app = await buildApp({
      store,
      token: 'tok',
      ingest: createIngestor(store, () => createExtractor()),
    });
    try {
      const article = {
        id: 'posted-real',
        title: 'Talks in Ankara',
        published_at: '2025-11-03',
        text: 'Turkey and Iran signed an agreement on border trade in Ankara on Monday. The two foreign ministers said they would meet again in January.',
      };
      const headers = { authorization: 'Bearer tok' };
      const first = await app.inject({ method: 'POST', url: '/api/documents', payload: article, headers });
      assert.equal(first.statusCode, 200, first.body);
      const [result] = first.json().results;
      assert.equal(result.id, 'posted-real');
      assert.equal(result.status, 'stored');
      const stored = await app.inject('/api/documents/posted-real');
      assert.equal(stored.statusCode, 200);
      assert.equal(stored.json().document.text, article.text);
      assert.equal(stored.json().events.length, result.events);
      const again = await app.inject({
        method: 'POST',
        url: '/api/documents',
        payload: { ...article, id: 'posted-copy' },
        headers,
      });
      assert.equal(again.json().results[0].status, 'duplicate');
      assert.equal(again.json().results[0].id, 'posted-real');
      const html = await app.inject({
        method: 'POST',
        url: '/api/documents',
        payload: {
          published_at: '2025-11-04',
          format: 'html',
          text: '<html><body><article><p>France and Germany held talks in Paris on energy policy.</p><script>alert(1)</script></article></body></html>',
        },
        headers,
      });
      const r = html.json().results[0];
      assert.equal(r.status, 'stored', JSON.stringify(r));
      const doc = (await app.inject(`/api/documents/${r.id}`)).json().document;
      assert.doesNotMatch(doc.text, /alert|<script/);
    } finally {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
