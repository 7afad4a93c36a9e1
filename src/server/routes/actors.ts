// GET /api/actors: the actors seen in events with their event counts, and the unknown names the
// resolver kept (so users can extend the knowledge base).
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { actorCounts } from '../../store/aggregates.ts';
import type { Database } from '../../store/schema.ts';
import { errorResponses, LIMIT, TEXT } from '../schemas.ts';
import { likeContains, type ServerStore, toNumber } from '../store.ts';

interface ActorsQuery {
  kind: 'known' | 'unknown' | 'all';
  country?: string;
  q?: string;
  limit: number;
}

export default async function actorRoutes(app: FastifyInstance, opts: { store: ServerStore }): Promise<void> {
  const { db } = opts.store;
  app.get<{ Querystring: ActorsQuery }>(
    '/api/actors',
    {
      schema: {
        summary: 'Actors and unknown names',
        description:
          '`actors`: actor codes seen as source or target, most active first. `unknown`: proper-noun runs no knowledge-base entry matched, most frequent first.',
        tags: ['actors'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['known', 'unknown', 'all'], default: 'all' },
            country: { type: 'string', pattern: '^[A-Za-z]{3}$' },
            q: TEXT('text in the name'),
            limit: LIMIT(1000, 100),
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              actors: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    code: { type: 'string' },
                    name: { type: 'string' },
                    country: { type: 'string' },
                    sector: { type: 'string' },
                    events: { type: 'integer' },
                  },
                },
              },
              unknown: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    text: { type: 'string' },
                    mentions: { type: 'integer' },
                    documents: { type: 'integer' },
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
      const country = q.country?.toUpperCase();
      let actors: { code: string; name: string; country: string; sector: string; events: number }[] = [];
      if (q.kind !== 'unknown') {
        const merged = new Map<
          string,
          { code: string; name: string; country: string; sector: string; events: number }
        >();
        const rows = await actorRows(db, country, q.q);
        for (const r of rows) {
          const prev = merged.get(r.code);
          if (prev) prev.events += toNumber(r.n);
          else
            merged.set(r.code, {
              code: r.code,
              name: r.name ?? '',
              country: r.country,
              sector: r.sector,
              events: toNumber(r.n),
            });
        }
        actors = [...merged.values()]
          .sort((a, b) => b.events - a.events || (a.code < b.code ? -1 : 1))
          .slice(0, q.limit);
      }
      let unknown: { text: string; mentions: number; documents: number }[] = [];
      if (q.kind !== 'known') {
        const rows = await db
          .selectFrom('unknown_mentions')
          .select(['text', sql<number>`count(*)`.as('n'), sql<number>`count(distinct doc_id)`.as('d')])
          .where((eb) =>
            q.q
              ? sql<boolean>`lower(${eb.ref('text')}) like ${likeContains(q.q)} escape '\\'`
              : sql<boolean>`1 = 1`,
          )
          .groupBy('text')
          .orderBy(sql`count(*)`, 'desc')
          .orderBy('text')
          .limit(q.limit)
          .execute();
        unknown = rows.map((r) => ({ text: r.text, mentions: toNumber(r.n), documents: toNumber(r.d) }));
      }
      return { ok: true, actors, unknown };
    },
  );
}

type ActorRow = { code: string; country: string; sector: string; name: string | null; n: number };

/**
 * Non-duplicate events per actor code, country and sector, source side first then target side,
 * each with its greatest name: from the store's actor counts when it has them (a few thousand
 * rows), else from the events.
 */
async function actorRows(db: Kysely<Database>, country?: string, text?: string): Promise<ActorRow[]> {
  const counts = await actorCounts(db);
  const out: ActorRow[] = [];
  for (const side of ['source', 'target'] as const) {
    if (counts !== null) {
      const r = await sql<ActorRow>`select code, country, sector, max(actor_name) as name, sum(n) as n
        from (${sql.raw(counts)}) as a
        where side = ${side} and is_duplicate = 0 and code <> ''
          ${country ? sql`and country = ${country}` : sql``}
          ${text ? sql`and lower(actor_name) like ${likeContains(text)} escape '\\'` : sql``}
        group by code, country, sector`.execute(db);
      out.push(...r.rows);
      continue;
    }
    const rows = await db
      .selectFrom('events')
      .select([
        `${side}_code as code`,
        `${side}_country as country`,
        `${side}_sector as sector`,
        sql<string>`max(${sql.ref(`${side}_name`)})`.as('name'),
        sql<number>`count(*)`.as('n'),
      ])
      .where((eb) => {
        const parts = [eb(`${side}_code`, '!=', ''), eb('is_duplicate', '=', 0)];
        if (country) parts.push(eb(`${side}_country`, '=', country));
        if (text)
          parts.push(
            sql<boolean>`lower(${sql.ref(`${side}_name`)}) like ${likeContains(text)} escape '\\'` as never,
          );
        return eb.and(parts);
      })
      .groupBy([`${side}_code`, `${side}_country`, `${side}_sector`])
      .execute();
    out.push(...(rows as ActorRow[]));
  }
  return out;
}
