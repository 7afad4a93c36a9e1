// The response cache: a repeated GET is served from it while the store is unchanged, and any
// write (by this process or by another connection) makes the next GET compute the answer again.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ev, insertEvents, postgresStore, sqliteStore, type TestStore } from '../analysis/test-support.ts';
import { openStore } from '../store/index.ts';
import { buildApp } from './app.ts';

for (const backend of ['sqlite', 'postgres'] as const) {
  describe(`response cache (${backend})`, () => {
    let t: TestStore | null = null;
    let app: FastifyInstance;
    before(async () => {
      t = backend === 'sqlite' ? await sqliteStore() : await postgresStore();
      if (!t) return;
      await insertEvents(t.store, [ev('IRN', 'RUS', '2025-01-10', '042', 1, 1.9)]);
      app = await buildApp({ store: t.store });
    });
    after(async () => {
      await app?.close();
      await t?.cleanup();
    });

    // PostgreSQL answers are never cached (no change token): always computed
    const hit = backend === 'sqlite' ? 'hit' : undefined;
    const miss = backend === 'sqlite' ? 'miss' : undefined;
    const stats = async () => {
      const r = await app.inject({ method: 'GET', url: '/api/stats' });
      assert.equal(r.statusCode, 200);
      return { cache: r.headers['x-cache'], events: JSON.parse(r.body).events as number };
    };

    test('hit while unchanged, miss after a write of this process or of another one', async (ctx) => {
      if (!t) return ctx.skip('no PostgreSQL server');
      assert.deepEqual(await stats(), { cache: miss, events: 1 });
      assert.deepEqual(await stats(), { cache: hit, events: 1 });
      // a write through the server's own connection
      await insertEvents(t.store, [ev('IRN', 'RUS', '2025-01-11', '042', 1, 1.9)]);
      assert.deepEqual(await stats(), { cache: miss, events: 2 });
      assert.deepEqual(await stats(), { cache: hit, events: 2 });
      // a write by another connection (an import running beside the server)
      const other =
        backend === 'sqlite' ? await openStore(t.store.location) : { db: t.store.db, close: async () => {} };
      try {
        await other.db
          .insertInto('events')
          .values(ev('USA', 'CHN', '2025-02-01', '173', 4, -5))
          .execute();
      } finally {
        await other.close();
      }
      assert.deepEqual(await stats(), { cache: miss, events: 3 });
    });

    test('errors are not kept', async (ctx) => {
      if (!t) return ctx.skip('no PostgreSQL server');
      const bad = await app.inject({ method: 'GET', url: '/api/dyads/IRN/R' });
      assert.equal(bad.statusCode, 400);
      const again = await app.inject({ method: 'GET', url: '/api/dyads/IRN/R' });
      assert.equal(again.statusCode, 400);
      assert.notEqual(again.headers['x-cache'], 'hit');
    });
  });
}
