// API security beyond the route tests of src/server/app.test.ts: SQL-injection strings through
// every parameter of every GET route (read from the OpenAPI document, so a new route or filter is
// covered without editing this file) on SQLite and PostgreSQL with the database unchanged after;
// per-client rate limits (429 with Retry-After, in the API's error shape) through buildApp and
// through a real listening server; the rate-limit setting's format; body and URL size limits.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_RATE_LIMIT,
  DEFAULT_RATE_LIMIT_TEXT,
  parseRateLimit,
  resolveRateLimit,
} from '../../src/rate-limit.ts';
import { buildApp } from '../../src/server/app.ts';
import { startServer } from '../../src/server/start.ts';
import type { Store } from '../../src/store/index.ts';
import { testBackends } from '../../src/store/test-stores.ts';
import { buildFixtureStore } from '../browser/fixture.ts';
import { hasStackTrace, runCli } from '../e2e/helpers.ts';
import { snapshot } from './dump.ts';

const NO_WEB = join(tmpdir(), 'bw-no-web-here');

/** Strings that break a query built by concatenation, one per way of breaking it. */
const INJECTIONS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  '" OR ""="',
  "'; DROP TABLE events; --",
  '1; DELETE FROM documents',
  "x' UNION SELECT id, text FROM documents --",
  '%',
  '_',
  '\\',
  "IRN') OR ('a'='a",
  '1 OR 1=1',
  "'||(SELECT pg_sleep(0))||'",
  '*/ OR /*',
  '$1',
];

/** Valid values for required parameters that are not the one under test. */
const VALID: Record<string, string> = { a: 'IRN', b: 'RUS', id: 'doc-iran-russia-trade' };

interface Param {
  readonly in: 'query' | 'path';
  readonly name: string;
  readonly required?: boolean;
}

interface Probe {
  readonly route: string;
  readonly param: string;
  readonly url: (value: string) => string;
}

function probes(spec: { paths: Record<string, Record<string, { parameters?: Param[] }>> }): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    const params = ops.get?.parameters ?? [];
    for (const target of params) {
      out.push({
        route: path,
        param: `${target.in}:${target.name}`,
        url(value) {
          let url = path;
          const query: string[] = [];
          for (const p of params) {
            const v = p === target ? value : p.in === 'path' || p.required ? VALID[p.name] : undefined;
            if (v === undefined) continue;
            if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(v));
            else query.push(`${p.name}=${encodeURIComponent(v)}`);
          }
          return query.length ? `${url}?${query.join('&')}` : url;
        },
      });
    }
  }
  return out;
}

/** Every array in a JSON body, at any depth (lists of events, claims, pairs, states…). */
function arrays(value: unknown, out: unknown[][] = []): unknown[][] {
  if (Array.isArray(value)) {
    out.push(value);
    for (const v of value) arrays(v, out);
  } else if (value && typeof value === 'object') for (const v of Object.values(value)) arrays(v, out);
  return out;
}

for (const backend of testBackends()) {
  test(`${backend.name}: injection strings through every parameter of every GET route`, {
    timeout: 300_000,
  }, async (t) => {
    t.after(() => backend.cleanup());
    const store: Store = await buildFixtureStore(backend.location());
    const app = await buildApp({ store, webRoot: NO_WEB });
    try {
      await app.ready();
      const before = await snapshot(store);
      const list = probes(app.swagger() as never);
      const routes = new Set(list.map((p) => p.route));
      // the test reads the routes from the OpenAPI document: make sure it found them
      for (const r of ['/api/events', '/api/claims', '/api/quotes', '/api/documents', '/api/dyads/{a}/{b}'])
        assert.ok(routes.has(r), `${r} not in the OpenAPI document`);
      assert.ok(list.length >= 60, `only ${list.length} parameters found`);
      let accepted = 0;
      for (const probe of list) {
        for (const s of INJECTIONS) {
          const url = probe.url(s);
          const r = await app.inject(url);
          const what = `${probe.param} of ${probe.route}: ${url} -> ${r.statusCode} ${r.body.slice(0, 200)}`;
          assert.ok([200, 400, 404].includes(r.statusCode), what);
          const body = r.json();
          if (r.statusCode !== 200) {
            assert.equal(body.ok, false, what);
            assert.match(body.error.code, /^BW_ERR_(USAGE|NOT_FOUND)$/, what);
            continue;
          }
          // accepted as text to look for: it may only match records that contain it literally
          // (LIKE wildcards escaped, nothing read as SQL)
          accepted++;
          const literal = JSON.stringify(s).slice(1, -1);
          for (const a of arrays(body))
            for (const item of a)
              if (item && typeof item === 'object' && !Array.isArray(item))
                assert.ok(JSON.stringify(item).includes(literal), `matched something: ${what}`);
        }
      }
      assert.ok(accepted > 0, 'no free-text parameter was exercised');
      assert.deepEqual(await snapshot(store), before, 'the database changed');
      const stats = (await app.inject('/api/stats')).json();
      assert.equal(stats.documents, before.counts.documents);
      assert.equal(stats.events, before.counts.events);
    } finally {
      await app.close();
      await store.close();
    }
  });
}

describe('rate limits', () => {
  test('the setting: requests/window, off, environment, default', () => {
    assert.deepEqual(parseRateLimit('600/1m'), { max: 600, windowMs: 60_000 });
    assert.deepEqual(parseRateLimit('100/10s'), { max: 100, windowMs: 10_000 });
    assert.deepEqual(parseRateLimit(' 5000 / h '), { max: 5000, windowMs: 3_600_000 });
    assert.deepEqual(parseRateLimit('20/min'), { max: 20, windowMs: 60_000 });
    assert.equal(parseRateLimit('off'), null);
    assert.equal(parseRateLimit('0'), null);
    for (const bad of ['', 'many', '600', '600/', '/1m', '-1/1m', '10/500ms', '10/2d', '1.5/1m', '10/25h'])
      assert.throws(() => parseRateLimit(bad), /invalid rate limit .*expected requests\/window/, bad);
    assert.deepEqual(parseRateLimit(DEFAULT_RATE_LIMIT_TEXT), DEFAULT_RATE_LIMIT);
    assert.deepEqual(resolveRateLimit(undefined, {}), DEFAULT_RATE_LIMIT);
    assert.deepEqual(resolveRateLimit(undefined, { BLOCWATCH_RATE_LIMIT: '7/1s' }), {
      max: 7,
      windowMs: 1000,
    });
    assert.equal(resolveRateLimit(undefined, { BLOCWATCH_RATE_LIMIT: 'off' }), null);
    assert.deepEqual(resolveRateLimit('3/1m', { BLOCWATCH_RATE_LIMIT: 'off' }), { max: 3, windowMs: 60_000 });
  });

  test('over the limit: 429 with Retry-After in the error shape, per client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-rate-'));
    const store = await buildFixtureStore(join(dir, 'f.db'));
    const app = await buildApp({ store, webRoot: NO_WEB, rateLimit: { max: 5, windowMs: 60_000 } });
    try {
      const from = (ip: string, url = '/api/events') => app.inject({ url, remoteAddress: ip });
      for (let i = 0; i < 5; i++) {
        const r = await from('10.0.0.1', i % 2 ? '/api/events' : '/api/stats');
        assert.equal(r.statusCode, 200);
        assert.equal(r.headers['x-ratelimit-limit'], '5');
        assert.equal(r.headers['x-ratelimit-remaining'], String(4 - i));
      }
      const over = await from('10.0.0.1');
      assert.equal(over.statusCode, 429);
      const retry = Number(over.headers['retry-after']);
      assert.ok(
        Number.isInteger(retry) && retry > 0 && retry <= 60,
        `Retry-After: ${over.headers['retry-after']}`,
      );
      assert.deepEqual(Object.keys(over.json()).sort(), ['error', 'ok']);
      assert.equal(over.json().error.code, 'BW_ERR_RATE_LIMITED');
      assert.match(over.json().error.message, /at most 5 per 1m from one client; retry in/);
      // security headers are still there on a refusal
      assert.equal(over.headers['x-content-type-options'], 'nosniff');
      // every route counts, writes included, and an unknown /api path too
      assert.equal((await from('10.0.0.1', '/api/nothing-here')).statusCode, 429);
      assert.equal(
        (await app.inject({ method: 'POST', url: '/api/documents', payload: {}, remoteAddress: '10.0.0.1' }))
          .statusCode,
        429,
      );
      // another client is not affected
      assert.equal((await from('10.0.0.2')).statusCode, 200);
    } finally {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a limit (buildApp default) nothing is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-rate-'));
    const store = await buildFixtureStore(join(dir, 'f.db'));
    const app = await buildApp({ store, webRoot: NO_WEB });
    try {
      for (let i = 0; i < 30; i++) assert.equal((await app.inject('/api/stats')).statusCode, 200);
      assert.equal((await app.inject('/api/stats')).headers['x-ratelimit-limit'], undefined);
    } finally {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a listening server applies --rate-limit and --body-limit over HTTP', {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-rate-'));
    const store = await buildFixtureStore(join(dir, 'f.db'));
    const server = await startServer({
      store,
      port: 0,
      rateLimit: '3/1m',
      bodyLimit: 2000,
      token: 'tok',
      webRoot: NO_WEB,
    });
    try {
      const big = await fetch(new URL('/api/documents', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer tok' },
        body: JSON.stringify({ published_at: '2025-01-01', text: 'x'.repeat(5000) }),
      });
      assert.equal(big.status, 413);
      assert.equal(((await big.json()) as { error: { code: string } }).error.code, 'BW_ERR_INPUT_TOO_LARGE');
      const longUrl = await fetch(new URL(`/api/events?q=${'a'.repeat(5000)}`, server.url));
      assert.equal(longUrl.status, 413);
      // the refused POST counted (a client cannot flood with oversized bodies); the over-long URL
      // was refused before routing
      for (let i = 0; i < 2; i++) assert.equal((await fetch(new URL('/api/stats', server.url))).status, 200);
      const over = await fetch(new URL('/api/stats', server.url));
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get('retry-after')) > 0);
    } finally {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('serve refuses a malformed --rate-limit in one line', { timeout: 60_000 }, async () => {
    const r = await runCli(['serve', '--rate-limit', 'lots', '--port', '0']);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    assert.match(r.stderr.trim(), /^blocwatch: invalid rate limit "lots": .* \[BW_ERR_USAGE\]$/);
  });
});
