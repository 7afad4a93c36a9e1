// GET /api/claims: numeric and relation claims, filtered, cursor-paginated.

import type { FastifyInstance } from 'fastify';
import type { Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { badParam } from '../errors.ts';
import { checkDateRange } from '../event-filters.ts';
import { CURSOR, DATE, errorResponses, LIMIT, TEXT } from '../schemas.ts';
import { claimJson, decodeCursor, encodeCursor, likeContains, type ServerStore } from '../store.ts';

interface ClaimsQuery {
  actor?: string;
  pair?: string;
  metric?: string;
  type?: 'numeric' | 'relation';
  doc?: string;
  from?: string;
  to?: string;
  q?: string;
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
          'Claims newest first (by publication date); `actor`/`pair` match the countries a claim concerns.',
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
            q: TEXT(),
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
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after) throw badParam('cursor', 'is not a cursor this server issued');
      const codes = [q.actor, ...(q.pair ? q.pair.split(',') : [])]
        .filter(Boolean)
        .map((c) => c!.toUpperCase().slice(0, 3));
      const rows = await db
        .selectFrom('claims')
        .selectAll()
        .where((eb) => {
          const parts: Expression<SqlBool>[] = [eb('is_duplicate', '=', 0)];
          for (const c of codes) parts.push(eb('actors', 'like', `%${c}%`));
          if (q.metric) parts.push(eb('metric', '=', q.metric));
          if (q.type) parts.push(eb('claim_type', '=', q.type));
          if (q.doc) parts.push(eb('doc_id', '=', q.doc));
          if (q.from) parts.push(eb('published_at', '>=', q.from));
          if (q.to) parts.push(eb('published_at', '<=', q.to));
          if (q.q)
            parts.push(sql<SqlBool>`lower(${eb.ref('evidence_text')}) like ${likeContains(q.q)} escape '\\'`);
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
        claims: shown.map(claimJson),
        next_cursor: more && last ? encodeCursor(last.published_at, last.id) : null,
      };
    },
  );
}
