// GET /api/claims: numeric and relation claims, filtered, cursor-paginated.

import type { FastifyInstance } from 'fastify';
import { listClaims } from '../../store/listing.ts';
import { checkDateRange } from '../event-filters.ts';
import { CURSOR, DATE, errorResponses, LIMIT, TEXT } from '../schemas.ts';
import { parseCursor, type ServerStore } from '../store.ts';

interface ClaimsQuery {
  actor?: string;
  pair?: string;
  metric?: string;
  type?: 'numeric' | 'relation';
  doc?: string;
  from?: string;
  to?: string;
  q?: string;
  speaker?: string;
  limit: number;
  cursor?: string;
}

export default async function claimsRoutes(
  app: FastifyInstance,
  opts: { store: ServerStore },
): Promise<void> {
  const { db } = opts.store;
  app.get<{ Querystring: ClaimsQuery }>(
    '/api/claims',
    {
      schema: {
        summary: 'List claims',
        description:
          'Claims newest first (by publication date); `actor`/`pair` match the countries a claim concerns; `from`/`to` keep claims whose period (without one, the publication date) overlaps the range.',
        tags: ['claims'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: { type: 'string', pattern: '^[A-Za-z0-9]{3,24}$' },
            pair: { type: 'string', pattern: '^[A-Za-z0-9]{3,24},[A-Za-z0-9]{3,24}$' },
            metric: { type: 'string', pattern: '^[a-z_]{1,40}$' },
            type: { type: 'string', enum: ['numeric', 'relation'] },
            doc: TEXT(),
            from: DATE,
            to: DATE,
            q: TEXT('text in the evidence sentence'),
            speaker: TEXT('text in the speaker name'),
            limit: LIMIT(500, 50),
            cursor: CURSOR,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              claims: { type: 'array', items: { $ref: 'Claim#' } },
              next_cursor: { type: ['string', 'null'] },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      checkDateRange(q.from, q.to);
      const page = await listClaims(
        db,
        {
          actors: [q.actor, ...(q.pair ? q.pair.split(',') : [])].filter((c): c is string => !!c),
          metric: q.metric,
          type: q.type,
          docId: q.doc,
          from: q.from,
          to: q.to,
          text: q.q,
          speaker: q.speaker,
        },
        { limit: q.limit, after: parseCursor(q.cursor) },
      );
      return { ok: true, claims: page.items, next_cursor: page.next_cursor };
    },
  );
}
