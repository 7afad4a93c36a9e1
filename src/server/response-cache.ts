// Responses of the read routes, kept by URL until the store changes. better-sqlite3 is
// synchronous, so a route that aggregates for a second blocks every other request: the dashboard
// asks the same questions again and again, and the data changes only through ingest and import.
// Each entry carries the store's change token, read before the response was computed: a write
// committed since (by this process or any other) changes the token and the entry is not served.
//   SQLite: PRAGMA data_version (commits of other connections) and total_changes() (this one's).
//   PostgreSQL has no cheap per-database equivalent that moves exactly at commit (the WAL position
//   moves with every commit of every database on the server, so on a shared server nothing would
//   ever be served): no caching there.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { dialectOf, refreshAggregates } from '../store/aggregates.ts';
import type { ServerStore } from './store.ts';

/** Largest number of responses kept, and their total size. */
const MAX_ENTRIES = 512;
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry {
  readonly token: string;
  readonly payload: string | Buffer;
  readonly type: string;
}

/** The store's change token, or null when it cannot be read (no caching then). */
export async function changeToken(store: ServerStore): Promise<string | null> {
  try {
    if (dialectOf(store.db) === 'postgres') return null;
    const r = await sql<{
      v: number;
      c: number;
    }>`select (select data_version from pragma_data_version()) as v, total_changes() as c`.execute(store.db);
    const row = r.rows[0];
    return row ? `${row.v}:${row.c}` : null;
  } catch {
    return null;
  }
}

const TOKEN = Symbol('cacheToken');
type Tagged = FastifyRequest & { [TOKEN]?: string };

/** Serves GET /api/* responses from the cache while the store is unchanged. */
export function installResponseCache(app: FastifyInstance, store: ServerStore): void {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const evict = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.payload.length;
    entries.delete(key);
  };
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' || !request.url.startsWith('/api/')) return;
    // fold newly inserted events into the aggregates first: that write would otherwise change
    // the token right after it is read, and the answer would never be served again
    await refreshAggregates(store.db).catch(() => {});
    const token = await changeToken(store);
    if (token === null) return;
    const hit = entries.get(request.url);
    if (hit && hit.token === token) {
      // most recently used last
      entries.delete(request.url);
      entries.set(request.url, hit);
      reply.header('content-type', hit.type).header('x-cache', 'hit');
      return reply.send(hit.payload);
    }
    (request as Tagged)[TOKEN] = token;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const token = (request as Tagged)[TOKEN];
    if (token === undefined || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (payload.length > MAX_BYTES / 8) return payload;
    evict(request.url);
    entries.set(request.url, {
      token,
      payload,
      type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
    });
    bytes += payload.length;
    while (entries.size > MAX_ENTRIES || bytes > MAX_BYTES) evict(entries.keys().next().value as string);
    reply.header('x-cache', 'miss');
    return payload;
  });
}
