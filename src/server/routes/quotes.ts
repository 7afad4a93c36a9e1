// GET /api/quotes: direct and indirect quotes with their speakers, cursor-paginated.

import type { FastifyInstance } from 'fastify';
import { listQuotes } from '../../store/listing.ts';
import { checkDateRange } from '../event-filters.ts';
import { CURSOR, DATE, errorResponses, LIMIT, TEXT } from '../schemas.ts';
import { parseCursor, type ServerStore } from '../store.ts';

interface QuotesQuery {
  speaker?: string;
  actor?: string;
  role?: string;
  direct?: boolean;
  doc?: string;
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export default async function quotesRoutes(
  app: FastifyInstance,
  opts: { store: ServerStore },
): Promise<void> {
  const { db } = opts.store;
  app.get<{ Querystring: QuotesQuery }>(
    '/api/quotes',
    {
      schema: {
        summary: 'List quotes',
        tags: ['quotes'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            speaker: TEXT('text in the speaker name'),
            actor: {
              type: 'string',
              pattern: '^[A-Za-z0-9]{3,24}$',
              description: "speaker's actor code prefix",
            },
            role: { type: 'string', enum: ['official', 'analyst', 'media', 'other'] },
            direct: { type: 'boolean', description: 'only direct quotes (text between quotation marks)' },
            doc: TEXT(),
            from: DATE,
            to: DATE,
            q: TEXT('text in the quote'),
            limit: LIMIT(500, 50),
            cursor: CURSOR,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              quotes: { type: 'array', items: { $ref: 'Quote#' } },
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
      const page = await listQuotes(
        db,
        {
          speaker: q.speaker,
          speakerCode: q.actor,
          role: q.role,
          directOnly: q.direct,
          docId: q.doc,
          from: q.from,
          to: q.to,
          text: q.q,
        },
        { limit: q.limit, after: parseCursor(q.cursor) },
      );
      return { ok: true, quotes: page.items, next_cursor: page.next_cursor };
    },
  );
}
