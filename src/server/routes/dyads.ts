// GET /api/dyads (most cooperative / conflictual pairs) and GET /api/dyads/:a/:b (one pair's page).
import type { FastifyInstance } from 'fastify';
import { dyadCounts, dyadSeries, goldsteinMean, type Interval, cooperationIndex } from '../aggregate.ts';
import { checkDateRange } from '../event-filters.ts';
import { badParam } from '../errors.ts';
import { ACTOR_CODE, DATE, errorResponses, INTERVAL, LIMIT } from '../schemas.ts';
import { claimJson, eventJson, type ServerStore } from '../store.ts';
import { followupsFor } from '../followups.ts';

const countsProps = {
  events: { type: 'integer' },
  quad: { type: 'array', items: { type: 'integer' }, minItems: 4, maxItems: 4 },
  goldstein_sum: { type: 'number' },
} as const;

const dyadSummarySchema = {
  type: 'object',
  properties: {
    a: { type: 'string' },
    b: { type: 'string' },
    ...countsProps,
    cooperation: { type: 'number' },
    goldstein_mean: { type: 'number' },
  },
} as const;

export const followupSchema = {
  type: 'object',
  properties: {
    planned: { $ref: 'Event#' },
    status: { type: 'string', enum: ['held', 'pending', 'overdue'] },
    due: { type: 'string' },
    held_by: { anyOf: [{ $ref: 'Event#' }, { type: 'null' }] },
  },
} as const;

export default async function dyadRoutes(app: FastifyInstance, opts: { store: ServerStore }): Promise<void> {
  const { store } = opts;

  app.get<{
    Querystring: { from?: string; to?: string; order: 'cooperative' | 'conflictual' | 'active'; min_events: number; limit: number; actor?: string };
  }>(
    '/api/dyads',
    {
      schema: {
        summary: 'Top dyads of a period',
        description: 'Country pairs ranked by cooperation index, conflict or volume (at least `min_events` events).',
        tags: ['dyads'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: DATE,
            to: DATE,
            order: { type: 'string', enum: ['cooperative', 'conflictual', 'active'], default: 'active' },
            min_events: { type: 'integer', minimum: 1, maximum: 1000000, default: 2 },
            limit: LIMIT(500, 10),
            actor: { ...ACTOR_CODE, pattern: '^[A-Za-z]{3}$', description: 'only pairs with this country' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { ok: { type: 'boolean' }, dyads: { type: 'array', items: dyadSummarySchema } },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      let dyads = (await dyadCounts(store, q)).filter((d) => d.events >= q.min_events);
      if (q.actor) {
        const c = q.actor.toUpperCase();
        dyads = dyads.filter((d) => d.a === c || d.b === c);
      }
      const by = {
        cooperative: (x: (typeof dyads)[0], y: (typeof dyads)[0]) => y.cooperation - x.cooperation || y.events - x.events,
        conflictual: (x: (typeof dyads)[0], y: (typeof dyads)[0]) => x.cooperation - y.cooperation || y.events - x.events,
        active: (x: (typeof dyads)[0], y: (typeof dyads)[0]) => y.events - x.events,
      }[q.order];
      dyads.sort((x, y) => by(x, y) || (x.a + x.b < y.a + y.b ? -1 : 1));
      return { ok: true, dyads: dyads.slice(0, q.limit) };
    },
  );

  app.get<{
    Params: { a: string; b: string };
    Querystring: { from?: string; to?: string; interval: Interval; limit: number };
  }>(
    '/api/dyads/:a/:b',
    {
      schema: {
        summary: 'One dyad: timeline, quad classes, claims, follow-through, events',
        tags: ['dyads'],
        params: {
          type: 'object',
          required: ['a', 'b'],
          properties: { a: ACTOR_CODE, b: ACTOR_CODE },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: DATE, to: DATE, interval: INTERVAL, limit: LIMIT(500, 50) },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              a: { type: 'string' },
              b: { type: 'string' },
              names: { type: 'object', additionalProperties: { type: 'string' } },
              interval: { type: 'string' },
              totals: {
                type: 'object',
                properties: { ...countsProps, cooperation: { type: 'number' }, goldstein_mean: { type: 'number' } },
              },
              series: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { period: { type: 'string' }, ...countsProps, cooperation: { type: 'number' } },
                },
              },
              events: { type: 'array', items: { $ref: 'Event#' } },
              claims: { type: 'array', items: { $ref: 'Claim#' } },
              followups: { type: 'array', items: followupSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const a = request.params.a.toUpperCase();
      const b = request.params.b.toUpperCase();
      if (a === b) throw badParam('b', 'must differ from a');
      const q = request.query;
      checkDateRange(q.from, q.to);
      const { totals, series } = await dyadSeries(store, a, b, q, q.interval);
      const side = (col: 'source' | 'target', code: string) =>
        code.length === 3 ? ([`${col}_country`, '=', code] as const) : ([`${col}_code`, 'like', `${code}%`] as const);
      const events = await store.db
        .selectFrom('events')
        .selectAll()
        .where((eb) =>
          eb.and([
            eb('is_duplicate', '=', 0),
            ...(q.from ? [eb('date', '>=', q.from)] : []),
            ...(q.to ? [eb('date', '<=', q.to)] : []),
            eb.or([
              eb.and([eb(...side('source', a)), eb(...side('target', b))]),
              eb.and([eb(...side('source', b)), eb(...side('target', a))]),
            ]),
          ]),
        )
        .orderBy('date', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit)
        .execute();
      const ca = a.slice(0, 3);
      const cb = b.slice(0, 3);
      const claims = await store.db
        .selectFrom('claims')
        .selectAll()
        .where((eb) =>
          eb.and([
            eb('is_duplicate', '=', 0),
            eb('actors', 'like', `%${ca}%`),
            eb('actors', 'like', `%${cb}%`),
          ]),
        )
        .orderBy('published_at', 'asc')
        .orderBy('id', 'asc')
        .limit(200)
        .execute();
      const names: Record<string, string> = {};
      for (const e of events) {
        if (e.source_country && e.source_name && !names[e.source_country] && e.source_code === e.source_country)
          names[e.source_country] = e.source_name;
        if (e.target_country && e.target_name && !names[e.target_country] && e.target_code === e.target_country)
          names[e.target_country] = e.target_name;
      }
      const followups = await followupsFor(store, { pair: [a, b], from: q.from, to: q.to, limit: 100 });
      return {
        ok: true,
        a,
        b,
        names,
        interval: q.interval,
        totals: { ...totals, cooperation: cooperationIndex(totals), goldstein_mean: goldsteinMean(totals) },
        series,
        events: events.map(eventJson),
        claims: claims
          .map(claimJson)
          .filter((c) => c.actors.some((x) => x.startsWith(ca)) && c.actors.some((x) => x.startsWith(cb))),
        followups,
      };
    },
  );
}
