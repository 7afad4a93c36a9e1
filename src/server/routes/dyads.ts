// GET /api/dyads (the most cooperative and most conflictual pairs) and GET /api/dyads/:a/:b (one
// pair's page: series from the analysis stage, plus its claims, follow-through and latest events).
import type { FastifyInstance } from 'fastify';
import { dyadSeries, topDyads } from '../../analysis/index.ts';
import { badParam } from '../errors.ts';
import { checkDateRange } from '../event-filters.ts';
import { ACTOR_CODE, DATE, errorResponses, LIMIT } from '../schemas.ts';
import { claimJson, eventJson, type ServerStore } from '../store.ts';
import { followupSchema, followupsOf } from './analysis.ts';
import { newestEvents } from './events.ts';

const nullableNumber = { type: ['number', 'null'] } as const;
const COUNTRY = { type: 'string', pattern: '^[A-Za-z]{3}$' } as const;

const rankedSchema = {
  type: 'object',
  properties: {
    a: { type: 'string' },
    b: { type: 'string' },
    events: { type: 'integer' },
    a_to_b: { type: 'integer' },
    b_to_a: { type: 'integer' },
    cooperation_index: { type: 'number' },
    cooperation_se: nullableNumber,
    goldstein_mean: { type: 'number' },
  },
} as const;

const quadCounts = {
  type: 'object',
  properties: {
    1: { type: 'integer' },
    2: { type: 'integer' },
    3: { type: 'integer' },
    4: { type: 'integer' },
  },
} as const;

const statsProps = {
  events: { type: 'integer' },
  by_quad: quadCounts,
  goldstein_sum: { type: 'number' },
  goldstein_mean: nullableNumber,
  cooperation_index: nullableNumber,
  cooperation_se: nullableNumber,
} as const;

export default async function dyadRoutes(app: FastifyInstance, opts: { store: ServerStore }): Promise<void> {
  const { store } = opts;
  const { db } = store;

  app.get<{
    Querystring: { from?: string; to?: string; min_events?: number; limit: number; actor?: string };
  }>(
    '/api/dyads',
    {
      schema: {
        summary: 'Most cooperative and most conflictual pairs',
        description:
          'Country pairs with at least `min_events` counted events (default 5), ranked by cooperation index penalised by its standard error.',
        tags: ['dyads'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: DATE,
            to: DATE,
            min_events: { type: 'integer', minimum: 1, maximum: 1000000 },
            limit: LIMIT(500, 10),
            actor: { ...COUNTRY, description: 'only pairs with this country' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              from: { type: ['string', 'null'] },
              to: { type: ['string', 'null'] },
              cooperative: { type: 'array', items: rankedSchema },
              conflictual: { type: 'array', items: rankedSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      const result = await topDyads(db, {
        from: q.from,
        to: q.to,
        minEvents: q.min_events,
        limit: q.limit,
        actor: q.actor?.toUpperCase(),
      });
      return { ok: true, ...result };
    },
  );

  app.get<{
    Params: { a: string; b: string };
    Querystring: {
      from?: string;
      to?: string;
      period: 'day' | 'week' | 'month' | 'quarter' | 'year';
      directed: boolean;
      evidence: number;
      limit: number;
    };
  }>(
    '/api/dyads/:a/:b',
    {
      schema: {
        summary: 'One dyad: timeline, quad classes, claims, follow-through, events',
        description:
          '`periods` and `totals` count asserted and reported events (planned, negated and hypothetical ones are left out); `events` lists the latest events of the pair in any modality with their evidence sentences.',
        tags: ['dyads'],
        params: {
          type: 'object',
          required: ['a', 'b'],
          properties: { a: ACTOR_CODE, b: ACTOR_CODE },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: DATE,
            to: DATE,
            period: { type: 'string', enum: ['day', 'week', 'month', 'quarter', 'year'], default: 'month' },
            directed: { type: 'boolean', default: false, description: 'only events from a to b' },
            evidence: {
              type: 'integer',
              minimum: 0,
              maximum: 20,
              default: 3,
              description: 'evidence events per period',
            },
            limit: LIMIT(500, 50),
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              a: { type: 'string' },
              b: { type: 'string' },
              directed: { type: 'boolean' },
              period: { type: 'string' },
              from: { type: ['string', 'null'] },
              to: { type: ['string', 'null'] },
              totals: {
                type: 'object',
                properties: {
                  ...statsProps,
                  a_to_b: { type: 'object', properties: statsProps },
                  b_to_a: { type: 'object', properties: statsProps },
                },
              },
              periods: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    key: { type: 'string' },
                    from: { type: 'string' },
                    to: { type: 'string' },
                    ...statsProps,
                    evidence: { type: 'array', items: { type: 'object', additionalProperties: true } },
                  },
                },
              },
              events: { type: 'array', items: { $ref: 'Event#' } },
              claims: { type: 'array', items: { $ref: 'Claim#' } },
              followups: {
                type: 'object',
                properties: {
                  as_of: { type: ['string', 'null'] },
                  counts: { type: 'object', additionalProperties: { type: 'integer' } },
                  items: { type: 'array', items: followupSchema },
                },
              },
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
      const series = await dyadSeries(db, {
        a,
        b,
        from: q.from,
        to: q.to,
        period: q.period,
        directed: q.directed,
        evidence: q.evidence,
      });
      const events = await newestEvents(
        db,
        { ...(q.directed ? { source: a, target: b } : { pair: `${a},${b}` }), from: q.from, to: q.to },
        { key: 'date', after: null, limit: q.limit },
      );
      const ca = a.slice(0, 3);
      const cb = b.slice(0, 3);
      const claims = await db
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
      const followups = await followupsOf(store, { pair: `${ca},${cb}`, from: q.from, to: q.to, limit: 100 });
      return {
        ok: true,
        ...series,
        events: events.map(eventJson),
        claims: claims
          .map(claimJson)
          .filter((c) => c.actors.some((x) => x.startsWith(ca)) && c.actors.some((x) => x.startsWith(cb))),
        followups,
      };
    },
  );
}
