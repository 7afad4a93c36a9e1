// GET /api/events: filtered, cursor-paginated event list, or a streamed CSV / JSONL export.

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { csvCell } from '../../csv.ts';
import { olderThan } from '../../store/listing.ts';
import type { Database, EventsTable } from '../../store/schema.ts';
import { badParam } from '../errors.ts';
import {
  type EventFilters,
  eventFilterProperties,
  eventWhere,
  type SideBranch,
  sideBranches,
  sidesMatch,
} from '../event-filters.ts';
import { CURSOR, errorResponses } from '../schemas.ts';
import { type EventRow, encodeCursor, eventJson, parseCursor, type ServerStore } from '../store.ts';

export const CSV_COLUMNS: readonly (keyof EventsTable)[] = [
  'id',
  'date',
  'date_precision',
  'published_at',
  'origin',
  'source_code',
  'source_name',
  'source_country',
  'target_code',
  'target_name',
  'target_country',
  'code',
  'root',
  'quad_class',
  'goldstein',
  'plover',
  'modality',
  'attributed_to_code',
  'location_name',
  'location_country',
  'lat',
  'lon',
  'doc_id',
  'sentence_index',
  'evidence_text',
  'evidence_start',
  'evidence_end',
  'rule',
  'confidence',
  'coder_version',
  'is_duplicate',
  'source_url',
];

const EXPORT_BATCH = 1000;

interface EventsQuery extends EventFilters {
  limit: number;
  cursor?: string;
  format: 'json' | 'csv' | 'jsonl';
  sort: 'date' | 'published';
}

/**
 * The newest events matching the filters (by `key`, then id, descending), after a cursor. An OR over
 * the two sides (actor, pair, country) is run as two branches, each reading only its newest rows.
 */
export async function newestEvents(
  db: Kysely<Database>,
  f: EventFilters,
  opts: { key: 'date' | 'published_at'; after: [string, string] | null; limit: number },
): Promise<EventRow[]> {
  const { key, after, limit } = opts;
  const branch = (filters: EventFilters, not?: SideBranch['not']) => {
    let query = db.selectFrom('events').selectAll().where(eventWhere(filters));
    if (not) query = query.where((eb) => eb.not(sidesMatch(eb, not)));
    if (after) query = query.where((eb) => olderThan(eb, after, key));
    return query.orderBy(key, 'desc').orderBy('id', 'desc').limit(limit);
  };
  const split = sideBranches(f);
  if (!split) return branch(f).execute();
  const [first, second] = split.map((b) => db.selectFrom(branch(b.filters, b.not).as('part')).selectAll());
  return db
    .selectFrom(first!.unionAll(second!).as('both'))
    .selectAll()
    .orderBy(key, 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export default async function eventsRoutes(
  app: FastifyInstance,
  opts: { store: ServerStore },
): Promise<void> {
  const { db } = opts.store;

  const page = (q: EventsQuery, after: [string, string] | null, limit: number) =>
    newestEvents(db, q, { key: q.sort === 'published' ? 'published_at' : 'date', after, limit });
  const cursorOf = (q: EventsQuery, r: EventRow) =>
    encodeCursor(q.sort === 'published' ? r.published_at : r.date, r.id);

  app.get<{ Querystring: EventsQuery }>(
    '/api/events',
    {
      schema: {
        summary: 'List events',
        description:
          'Events newest first (by event date, or publication date with sort=published), filtered; `next_cursor` fetches the next page. `format=csv|jsonl` streams every matching event (or `limit` of them when given).',
        tags: ['events'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...eventFilterProperties,
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 1000000,
              description: 'page size (json: 1..500, default 50)',
            },
            cursor: CURSOR,
            format: { type: 'string', enum: ['json', 'csv', 'jsonl'], default: 'json' },
            sort: {
              type: 'string',
              enum: ['date', 'published'],
              default: 'date',
              description: 'newest first by event date or by publication date',
            },
          },
        },
        response: {
          200: {
            description: 'A page of events (format=json); CSV or JSONL text for the other formats',
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              events: { type: 'array', items: { $ref: 'Event#' } },
              next_cursor: { type: ['string', 'null'] },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const after = parseCursor(q.cursor);
      if (q.format === 'json') {
        const limit = q.limit ?? 50;
        if (limit > 500) throw badParam('limit', 'must be <= 500 for format=json');
        const rows = await page(q, after, limit + 1);
        const more = rows.length > limit;
        const shown = more ? rows.slice(0, limit) : rows;
        const last = shown[shown.length - 1];
        return {
          ok: true,
          events: shown.map(eventJson),
          next_cursor: more && last ? cursorOf(q, last) : null,
        };
      }
      const max = q.limit ?? Number.POSITIVE_INFINITY;
      async function* rows(): AsyncGenerator<string> {
        if (q.format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
        let cursor = after;
        let sent = 0;
        while (sent < max) {
          const batch = await page(q, cursor, Math.min(EXPORT_BATCH, max - sent));
          if (batch.length === 0) break;
          let chunk = '';
          for (const r of batch) {
            chunk +=
              q.format === 'csv'
                ? `${CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')}\r\n`
                : `${JSON.stringify(eventJson(r))}\n`;
          }
          yield chunk;
          sent += batch.length;
          const last = batch[batch.length - 1];
          cursor = [q.sort === 'published' ? last.published_at : last.date, last.id];
          if (batch.length < EXPORT_BATCH) break;
        }
      }
      const csv = q.format === 'csv';
      reply
        .type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="events.${csv ? 'csv' : 'jsonl'}"`);
      return reply.send(Readable.from(rows()));
    },
  );
}
