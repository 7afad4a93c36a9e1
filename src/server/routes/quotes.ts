// GET /api/quotes: direct and indirect quotes with their speakers, cursor-paginated.

import type { FastifyInstance } from 'fastify';
import type { Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { badParam } from '../errors.ts';
import { checkDateRange } from '../event-filters.ts';
import { CURSOR, DATE, errorResponses, LIMIT, TEXT } from '../schemas.ts';
import { decodeCursor, encodeCursor, likeContains, quoteJson, type ServerStore } from '../store.ts';

interface QuotesQuery {
  speaker?: string;
  actor?: string;
  role?: string;
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
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) throw badParam('cursor', 'is not a cursor this server issued');
      const rows = await db
        .selectFrom('quotes')
        .selectAll()
        .where((eb) => {
          const parts: Expression<SqlBool>[] = [eb('is_duplicate', '=', 0)];
          if (q.speaker)
            parts.push(sql<SqlBool>`lower(${eb.ref('speaker')}) like ${likeContains(q.speaker)} escape '\\'`);
          if (q.actor) parts.push(eb('speaker_code', 'like', `${q.actor.toUpperCase()}%`));
          if (q.role) parts.push(eb('speaker_role', '=', q.role));
          if (q.doc) parts.push(eb('doc_id', '=', q.doc));
          if (q.from) parts.push(eb('published_at', '>=', q.from));
          if (q.to) parts.push(eb('published_at', '<=', q.to));
          if (q.q) parts.push(sql<SqlBool>`lower(${eb.ref('text')}) like ${likeContains(q.q)} escape '\\'`);
          if (after) {
            parts.push(
              eb.or([
                eb('published_at', '<', after[0]),
                eb.and([eb('published_at', '=', after[0]), eb('id', '<', after[1])]),
              ]),
            );
          }
          return eb.and(parts);
        })
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
        .execute();
      const more = rows.length > q.limit;
      const shown = more ? rows.slice(0, q.limit) : rows;
      const last = shown[shown.length - 1];
      return {
        ok: true,
        quotes: shown.map(quoteJson),
        next_cursor: more && last ? encodeCursor(last.published_at, last.id) : null,
      };
    },
  );
}
