// GET /api/stats: what is in the database (overview counts), and GET /healthz.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { eventCounts, tableCount } from '../aggregate.ts';
import { errorResponses } from '../schemas.ts';
import type { ServerStore } from '../store.ts';
import { toNumber } from '../store.ts';

export default async function statsRoutes(app: FastifyInstance, opts: { store: ServerStore }): Promise<void> {
  const { store } = opts;
  const { db } = store;

  app.get(
    '/api/stats',
    {
      schema: {
        summary: 'Overview counts',
        tags: ['stats'],
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              documents: { type: 'integer' },
              events: { type: 'integer' },
              claims: { type: 'integer' },
              quotes: { type: 'integer' },
              unknown_mentions: { type: 'integer' },
              duplicate_documents: { type: 'integer' },
              countries: { type: 'integer' },
              first_date: { type: ['string', 'null'], description: 'earliest event date (any modality)' },
              last_date: { type: ['string', 'null'] },
              first_published: { type: ['string', 'null'] },
              last_published: { type: ['string', 'null'] },
              by_quad: { type: 'array', items: { type: 'integer' } },
              by_modality: { type: 'object', additionalProperties: { type: 'integer' } },
              by_origin: { type: 'object', additionalProperties: { type: 'integer' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async () => {
      const [documents, claims, quotes, unknown] = await Promise.all([
        tableCount(store, 'documents'),
        tableCount(store, 'claims'),
        tableCount(store, 'quotes'),
        tableCount(store, 'unknown_mentions'),
      ]);
      const dup = await db
        .selectFrom('documents')
        .select(sql<number>`count(*)`.as('n'))
        .where('duplicate_of', 'is not', null)
        .executeTakeFirst();
      // min/max straight from the date index; counts from the store's aggregates (exact, kept
      // current by the store) instead of passes over every event
      const range = await db
        .selectFrom('events')
        .select([sql<string | null>`min(date)`.as('first'), sql<string | null>`max(date)`.as('last')])
        .executeTakeFirst();
      const published = await db
        .selectFrom('documents')
        .select([
          sql<string | null>`min(published_at)`.as('first'),
          sql<string | null>`max(published_at)`.as('last'),
        ])
        .executeTakeFirst();
      const { events, grouped, countries } = await eventCounts(store);
      const byQuad = [0, 0, 0, 0];
      const byModality: Record<string, number> = {};
      const byOrigin: Record<string, number> = {};
      for (const r of grouped) {
        const q = toNumber(r.quad_class);
        const n = toNumber(r.n);
        if (q >= 1 && q <= 4) byQuad[q - 1] += n;
        byModality[String(r.modality)] = (byModality[String(r.modality)] ?? 0) + n;
        byOrigin[String(r.origin)] = (byOrigin[String(r.origin)] ?? 0) + n;
      }
      return {
        ok: true,
        documents,
        events,
        claims,
        quotes,
        unknown_mentions: unknown,
        duplicate_documents: toNumber(dup?.n),
        countries,
        first_date: range?.first ?? null,
        last_date: range?.last ?? null,
        first_published: published?.first ?? null,
        last_published: published?.last ?? null,
        by_quad: byQuad,
        by_modality: byModality,
        by_origin: byOrigin,
      };
    },
  );

  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and database check',
        tags: ['health'],
        response: {
          200: { type: 'object', properties: { ok: { type: 'boolean' }, database: { type: 'string' } } },
          500: { $ref: 'Error#' },
        },
      },
    },
    async () => {
      await db.selectFrom('documents').select(sql<number>`1`.as('one')).limit(1).execute();
      return { ok: true, database: 'ok' };
    },
  );
}
