// GET /api/network, /api/alignment, /api/blocs, /api/trends, /api/followups: the analyses the
// dashboard draws. Alignment, blocs, trends and follow-through are the analysis stage's functions
// (src/analysis, the same as `blocwatch align|blocs|trends|followups --json`); the network's edges
// are the server's own aggregate of direct relations per pair.
import type { FastifyInstance } from 'fastify';
import { alignment, BLOC_WINDOWS, type BlocWindow, blocs, followups, trends } from '../../analysis/index.ts';
import { checkDateRange } from '../event-filters.ts';
import { networkOf } from '../network.ts';
import { DATE, errorResponses, LIMIT } from '../schemas.ts';
import type { ServerStore } from '../store.ts';

const windowProps = { from: DATE, to: DATE } as const;
const COUNTRY = {
  type: 'string',
  pattern: '^[A-Za-z]{3}$',
  description: 'country or group code (IRN)',
} as const;
const loose = { type: 'object', additionalProperties: true } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

export const pairAlignmentSchema = {
  type: 'object',
  properties: {
    a: { type: 'string' },
    b: { type: 'string' },
    alignment: nullableNumber,
    se: nullableNumber,
    direct: {
      type: 'object',
      properties: { index: nullableNumber, se: nullableNumber, events: { type: 'integer' } },
    },
    third_party: loose,
    third_parties: { type: 'array', items: loose },
    events: { type: 'integer' },
    agreement: nullableNumber,
    kappa: nullableNumber,
    s: nullableNumber,
    n: { type: 'integer' },
    years: { type: 'array', items: loose },
  },
} as const;

const evidenceEventSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    date: { type: 'string' },
    origin: { type: 'string' },
    source_code: { type: 'string' },
    source_name: { type: 'string' },
    target_code: { type: 'string' },
    target_name: { type: 'string' },
    code: { type: 'string' },
    quad_class: { type: 'integer' },
    goldstein: { type: 'number' },
    modality: { type: 'string' },
    evidence_text: { type: 'string' },
    doc_id: { type: ['string', 'null'] },
    source_url: { type: ['string', 'null'] },
    date_precision: { type: 'string' },
    published_at: { type: 'string' },
  },
} as const;

export const followupSchema = {
  type: 'object',
  properties: {
    planned: evidenceEventSchema,
    window: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
    status: { type: 'string', enum: ['held', 'pending', 'overdue'] },
    match: { anyOf: [evidenceEventSchema, { type: 'null' }] },
  },
} as const;

const trendSideSchema = {
  type: 'object',
  properties: {
    from: { type: 'string' },
    to: { type: 'string' },
    events: { type: 'integer' },
    cooperative: { type: 'integer' },
    conflictual: { type: 'integer' },
    cooperative_share: { type: 'number' },
    cooperation_index: nullableNumber,
  },
} as const;

const trendSchema = {
  type: 'object',
  properties: {
    a: { type: 'string' },
    b: { type: 'string' },
    direction: { type: 'string', enum: ['rising', 'collapsing'] },
    earlier: trendSideSchema,
    later: trendSideSchema,
    change: { type: 'number' },
    z: { type: 'number' },
    p: { type: 'number' },
    q: { type: 'number' },
    since: { type: 'string' },
    series: {
      type: 'array',
      items: {
        type: 'object',
        properties: { from: { type: 'string' }, index: nullableNumber, events: { type: 'integer' } },
      },
    },
  },
} as const;

const origin = { type: 'string', enum: ['events', 'unvotes'], default: 'events' } as const;

export default async function analysisRoutes(
  app: FastifyInstance,
  opts: { store: ServerStore },
): Promise<void> {
  const { store } = opts;
  const { db } = store;

  app.get<{ Querystring: { from?: string; to?: string; min_events: number; limit: number } }>(
    '/api/network',
    {
      schema: {
        summary: 'Network of states',
        description:
          'States with their activity (counted events with another state, either side) and every pair with its direct relation: the cooperation index of its events, (cooperative − conflictual) / all, in [-1, 1].',
        tags: ['analysis'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...windowProps,
            min_events: { type: 'integer', minimum: 1, maximum: 1000000, default: 1 },
            limit: LIMIT(20000, 5000),
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              method: { type: 'string' },
              states: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    code: { type: 'string' },
                    name: { type: 'string' },
                    events: { type: 'integer' },
                  },
                },
              },
              pairs: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    a: { type: 'string' },
                    b: { type: 'string' },
                    index: { type: 'number' },
                    events: { type: 'integer' },
                    quad: { type: 'array', items: { type: 'integer' } },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      const result = await networkOf(store, q, q.min_events);
      return { ok: true, ...result, pairs: result.pairs.slice(0, q.limit) };
    },
  );

  app.get<{
    Querystring: {
      a: string;
      b?: string;
      from?: string;
      to?: string;
      origin: 'events' | 'unvotes';
      min_events?: number;
      threshold?: number;
      limit: number;
    };
  }>(
    '/api/alignment',
    {
      schema: {
        summary: 'Alignment of a state with one partner or with all of them',
        description:
          'Direct relations combined with the similarity of both sides’ stances toward common third parties (see `formula`), or UN General Assembly vote agreement with origin=unvotes. Without `b`, `partners` lists the most and least aligned (`limit` of each).',
        tags: ['analysis'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['a'],
          properties: {
            a: COUNTRY,
            b: COUNTRY,
            ...windowProps,
            origin,
            min_events: {
              type: 'integer',
              minimum: 1,
              maximum: 1000000,
              description: 'events a dyad needs for a stance (3)',
            },
            threshold: {
              type: 'number',
              minimum: 0,
              maximum: 1,
              description: 'stance threshold on the index (0.25)',
            },
            limit: LIMIT(1000, 20),
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              mode: { type: 'string' },
              a: { type: 'string' },
              b: { type: ['string', 'null'] },
              from: { type: ['string', 'null'] },
              to: { type: ['string', 'null'] },
              pair: { anyOf: [pairAlignmentSchema, { type: 'null' }] },
              partners: { type: 'array', items: pairAlignmentSchema },
              formula: { type: 'string' },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      const result = await alignment(db, {
        a: q.a.toUpperCase(),
        b: q.b?.toUpperCase(),
        from: q.from,
        to: q.to,
        origins: q.origin === 'unvotes' ? ['unvotes'] : undefined,
        minEvents: q.min_events,
        threshold: q.threshold,
        limit: q.limit,
      });
      return { ok: true, ...result };
    },
  );

  app.get<{
    Querystring: {
      from?: string;
      to?: string;
      window: BlocWindow;
      origin: 'events' | 'unvotes';
      min_events?: number;
      seed?: number;
    };
  }>(
    '/api/blocs',
    {
      schema: {
        summary: 'Blocs per time window',
        description:
          'Communities of the signed alignment graph in each window (Louvain on the cooperative layer, scored by signed modularity), with members joining and leaving between windows and evidence. `window=all`: one window over the whole range.',
        tags: ['analysis'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...windowProps,
            window: { type: 'string', enum: [...BLOC_WINDOWS], default: 'year' },
            origin,
            min_events: { type: 'integer', minimum: 1, maximum: 1000000 },
            seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              origin: { type: 'string' },
              window: { type: 'string' },
              seed: { type: 'integer' },
              windows: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    from: { type: 'string' },
                    to: { type: 'string' },
                    modularity: nullableNumber,
                    unaligned: { type: 'array', items: { type: 'string' } },
                    nodes: { type: 'integer' },
                    edges: loose,
                    blocs: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: { type: 'string' },
                          members: { type: 'array', items: { type: 'string' } },
                          cohesion: nullableNumber,
                          joined: { type: 'array', items: { type: 'string' } },
                          left: { type: 'array', items: { type: 'string' } },
                          evidence: { type: 'array', items: loose },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      const result = await blocs(db, {
        from: q.from,
        to: q.to,
        window: q.window,
        origins: q.origin === 'unvotes' ? ['unvotes'] : undefined,
        minEvents: q.min_events,
        seed: q.seed,
      });
      return { ok: true, ...result };
    },
  );

  app.get<{
    Querystring: {
      from?: string;
      to?: string;
      window: 'month' | 'quarter' | 'year';
      windows?: number;
      min_events?: number;
      alpha?: number;
      actor?: string;
      limit: number;
    };
  }>(
    '/api/trends',
    {
      schema: {
        summary: 'Emerging and collapsing alignments',
        description:
          'Pairs whose cooperative share changed significantly between the latest window and the earlier ones (two-proportion z-test, Benjamini–Hochberg adjusted).',
        tags: ['analysis'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...windowProps,
            window: { type: 'string', enum: ['month', 'quarter', 'year'], default: 'month' },
            windows: { type: 'integer', minimum: 2, maximum: 1000 },
            min_events: { type: 'integer', minimum: 1, maximum: 1000000 },
            alpha: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
            actor: COUNTRY,
            limit: LIMIT(500, 10),
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              window: { type: 'string' },
              windows: {
                type: 'array',
                items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
              },
              tested: { type: 'integer' },
              rising: { type: 'array', items: trendSchema },
              collapsing: { type: 'array', items: trendSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      const result = await trends(db, {
        from: q.from,
        to: q.to,
        window: q.window,
        windows: q.windows,
        minEvents: q.min_events,
        alpha: q.alpha,
        actor: q.actor?.toUpperCase(),
        limit: q.limit,
      });
      return { ok: true, ...result };
    },
  );

  app.get<{
    Querystring: {
      actor?: string;
      pair?: string;
      status?: 'held' | 'pending' | 'overdue';
      from?: string;
      to?: string;
      as_of?: string;
      limit: number;
    };
  }>(
    '/api/followups',
    {
      schema: {
        summary: 'Planned events and their follow-through',
        description:
          'Each planned event (a visit or meeting announced for a date) with the later event that fulfilled it (held), or pending / overdue as of `as_of` (default: the latest publication date stored).',
        tags: ['analysis'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: COUNTRY,
            pair: {
              type: 'string',
              pattern: '^[A-Za-z]{3},[A-Za-z]{3}$',
              description: 'two countries: IRN,RUS',
            },
            status: { type: 'string', enum: ['held', 'pending', 'overdue'] },
            ...windowProps,
            as_of: DATE,
            limit: LIMIT(1000, 50),
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              as_of: { type: ['string', 'null'] },
              counts: {
                type: 'object',
                properties: {
                  held: { type: 'integer' },
                  pending: { type: 'integer' },
                  overdue: { type: 'integer' },
                },
              },
              items: { type: 'array', items: followupSchema },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      return { ok: true, ...(await followupsOf(store, q)) };
    },
  );
}

/** Follow-through, optionally for one pair of countries (counts recomputed for the pair). */
export async function followupsOf(
  store: ServerStore,
  q: {
    actor?: string;
    pair?: string;
    status?: 'held' | 'pending' | 'overdue';
    from?: string;
    to?: string;
    as_of?: string;
    limit: number;
  },
) {
  const pair = q.pair ? q.pair.toUpperCase().split(',') : null;
  const result = await followups(store.db, {
    actor: (pair ? pair[0] : q.actor)?.toUpperCase(),
    pair: pair && pair.length === 2 ? [pair[0]!, pair[1]!] : undefined,
    status: q.status,
    from: q.from,
    to: q.to,
    asOf: q.as_of,
    limit: pair ? 100000 : q.limit,
  });
  if (!pair) return result;
  const [a, b] = pair;
  const items = result.items
    .filter((f) => {
      const s = f.planned.source_code.slice(0, 3);
      const t = f.planned.target_code.slice(0, 3);
      return (s === a && t === b) || (s === b && t === a);
    })
    .slice(0, q.limit);
  const counts = { held: 0, pending: 0, overdue: 0 };
  for (const f of items) counts[f.status]++;
  return { ...result, counts, items };
}
