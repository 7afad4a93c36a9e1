// GET /api/documents (list), GET /api/documents/:id (text + every event, claim, quote and unknown
// name with its offsets), POST /api/documents (ingest one or many; bearer token required).
import type { FastifyInstance } from 'fastify';
import { type Expression, type SqlBool, sql } from 'kysely';
import { olderThan, pageOf } from '../../store/listing.ts';
import { badParam, notFound } from '../errors.ts';
import { CURSOR, DATE, errorResponses, LIMIT, TEXT } from '../schemas.ts';
import { requireToken } from '../security.ts';
import {
  claimJson,
  eventJson,
  likeContains,
  parseCursor,
  quoteJson,
  type ServerStore,
  toNumber,
} from '../store.ts';

/** One article posted to POST /api/documents. */
export interface PostedDocument {
  id?: string;
  url?: string;
  title?: string;
  published_at: string;
  source?: string;
  text: string;
  format?: 'text' | 'markdown' | 'html';
}

export interface IngestOutcome {
  id: string | null;
  status: 'stored' | 'duplicate' | 'near_duplicate' | 'rejected';
  events: number;
  claims: number;
  quotes: number;
  reason?: string;
}

/** Runs posted documents through ingest + pipeline + store. Supplied by whoever starts the server. */
export type Ingestor = (docs: readonly PostedDocument[]) => Promise<IngestOutcome[]>;

export const MAX_POSTED_DOCUMENTS = 100;
export const MAX_TEXT_CHARS = 1_000_000;

const postedDocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'published_at'],
  properties: {
    id: TEXT(),
    url: { type: 'string', maxLength: 2000 },
    title: { type: 'string', maxLength: 1000 },
    published_at: DATE,
    source: { type: 'string', maxLength: 200 },
    text: { type: 'string', minLength: 1, maxLength: MAX_TEXT_CHARS },
    format: { type: 'string', enum: ['text', 'markdown', 'html'], description: 'default text' },
  },
} as const;

const documentMeta = {
  id: { type: 'string' },
  url: { type: ['string', 'null'] },
  title: { type: ['string', 'null'] },
  published_at: { type: 'string' },
  source: { type: ['string', 'null'] },
  lang: { type: 'string' },
  format: { type: 'string' },
  duplicate_of: { type: ['string', 'null'] },
  ingested_at: { type: 'string' },
  coder_version: { type: 'string' },
} as const;

export default async function documentRoutes(
  app: FastifyInstance,
  opts: { store: ServerStore; token?: string; ingest?: Ingestor },
): Promise<void> {
  const { db } = opts.store;

  app.get<{
    Querystring: { q?: string; source?: string; from?: string; to?: string; limit: number; cursor?: string };
  }>(
    '/api/documents',
    {
      schema: {
        summary: 'List documents',
        description: 'Documents newest first with their event counts (no text; fetch one document for it).',
        tags: ['documents'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: TEXT('text in the title'),
            source: TEXT(),
            from: DATE,
            to: DATE,
            limit: LIMIT(500, 50),
            cursor: CURSOR,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              documents: {
                type: 'array',
                items: { type: 'object', properties: { ...documentMeta, events: { type: 'integer' } } },
              },
              next_cursor: { type: ['string', 'null'] },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const after = parseCursor(q.cursor);
      const rows = await db
        .selectFrom('documents')
        .select([
          'id',
          'url',
          'title',
          'published_at',
          'source',
          'lang',
          'format',
          'duplicate_of',
          'ingested_at',
          'coder_version',
        ])
        .select((eb) =>
          eb
            .selectFrom('events')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('events.doc_id', '=', 'documents.id')
            .as('events'),
        )
        .where((eb) => {
          const parts: Expression<SqlBool>[] = [];
          if (q.q) parts.push(sql<SqlBool>`lower(${eb.ref('title')}) like ${likeContains(q.q)} escape '\\'`);
          if (q.source) parts.push(eb('source', '=', q.source));
          if (q.from) parts.push(eb('published_at', '>=', q.from));
          if (q.to) parts.push(eb('published_at', '<=', q.to));
          if (after) parts.push(olderThan(eb, after));
          return eb.and(parts);
        })
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
        .execute();
      const page = pageOf(rows, q.limit, (d) => ({ ...d, events: toNumber(d.events) }));
      return { ok: true, documents: page.items, next_cursor: page.next_cursor };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id',
    {
      schema: {
        summary: 'One document with the spans of its events, claims, quotes and unknown names',
        description: 'All offsets are character offsets into `document.text` (JavaScript string indices).',
        tags: ['documents'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: TEXT() },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              document: { type: 'object', properties: { ...documentMeta, text: { type: 'string' } } },
              events: { type: 'array', items: { $ref: 'Event#' } },
              claims: { type: 'array', items: { $ref: 'Claim#' } },
              quotes: { type: 'array', items: { $ref: 'Quote#' } },
              unknown: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    sentence_index: { type: 'integer' },
                    start: { type: 'integer' },
                    end: { type: 'integer' },
                    text: { type: 'string' },
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
      const { id } = request.params;
      const doc = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
      if (!doc) throw notFound(`no document with id '${id.slice(0, 200)}'`);
      const [events, claims, quotes, unknown] = await Promise.all([
        db
          .selectFrom('events')
          .selectAll()
          .where('doc_id', '=', id)
          .orderBy('evidence_start')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('claims')
          .selectAll()
          .where('doc_id', '=', id)
          .orderBy('evidence_start')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('quotes')
          .selectAll()
          .where('doc_id', '=', id)
          .orderBy('evidence_start')
          .orderBy('id')
          .execute(),
        db
          .selectFrom('unknown_mentions')
          .select(['sentence_index', 'start', 'end', 'text'])
          .where('doc_id', '=', id)
          .orderBy('start')
          .execute(),
      ]);
      return {
        ok: true,
        document: doc,
        events: events.map(eventJson),
        claims: claims.map(claimJson),
        quotes: quotes.map(quoteJson),
        unknown,
      };
    },
  );

  app.post<{ Body: PostedDocument | { documents: PostedDocument[] } }>(
    '/api/documents',
    {
      preHandler: requireToken(opts.token),
      schema: {
        summary: 'Ingest one or many documents',
        description:
          'Runs each document through the extraction pipeline and stores it. Needs `Authorization: Bearer <token>`; a server started without a token is read-only (403).',
        tags: ['documents'],
        security: [{ bearer: [] }],
        body: {
          oneOf: [
            postedDocumentSchema,
            {
              type: 'object',
              additionalProperties: false,
              required: ['documents'],
              properties: {
                documents: {
                  type: 'array',
                  minItems: 1,
                  maxItems: MAX_POSTED_DOCUMENTS,
                  items: postedDocumentSchema,
                },
              },
            },
          ],
        },
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: ['string', 'null'] },
                    status: { type: 'string' },
                    events: { type: 'integer' },
                    claims: { type: 'integer' },
                    quotes: { type: 'integer' },
                    reason: { type: 'string' },
                  },
                },
              },
            },
          },
          401: { $ref: 'Error#' },
          403: { $ref: 'Error#' },
          413: { $ref: 'Error#' },
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const docs = 'documents' in body ? body.documents : [body];
      if (!opts.ingest) throw badParam('body', 'this server cannot ingest (no pipeline configured)');
      const results = await opts.ingest(docs);
      return { ok: true, results };
    },
  );
}
