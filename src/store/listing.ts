// Listing claims and quotes, newest first with keyset paging: one definition of each filter, so
// `blocwatch claims|quotes` and GET /api/claims|quotes return the same records for the same question.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import { type ClaimRecord, claimRowToRecord, type QuoteRecord, quoteRowToRecord } from './records.ts';
import type { Database } from './schema.ts';

/** Opaque keyset cursor over (date-like key, id), descending. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

/** The (key, id) a cursor of encodeCursor holds, or null when it is not one. */
export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    )
      return [value[0], value[1]];
  } catch {
    // fall through
  }
  return null;
}

/** A LIKE pattern matching `text` anywhere, with LIKE wildcards in it escaped (ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ListPage {
  readonly limit: number;
  /** From the previous page's `next_cursor`; decoded with decodeCursor. */
  readonly after?: readonly [string, string] | null;
}

export interface Listed<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

export interface ClaimFilters {
  /** Countries or groups the claim must all concern (an actor code; its first three letters count). */
  readonly actors?: readonly string[];
  readonly metric?: string;
  readonly type?: 'numeric' | 'relation';
  readonly docId?: string;
  /** The claim's period (without one, its publication date) overlaps [from, to]. */
  readonly from?: string;
  readonly to?: string;
  /** Text in the evidence sentence (case-insensitive). */
  readonly text?: string;
  /** Text in the speaker's name (case-insensitive). */
  readonly speaker?: string;
  readonly includeDuplicates?: boolean;
}

export interface QuoteFilters {
  /** Text in the speaker's name (case-insensitive). */
  readonly speaker?: string;
  /** The speaker's actor code starts with this (RUS, RUSGOV). */
  readonly speakerCode?: string;
  readonly role?: string;
  readonly directOnly?: boolean;
  readonly docId?: string;
  /** Published on or after / on or before. */
  readonly from?: string;
  readonly to?: string;
  /** Text in the quote (case-insensitive). */
  readonly text?: string;
  readonly includeDuplicates?: boolean;
}

type Where = Expression<SqlBool>;

export async function listClaims(
  db: Kysely<Database>,
  f: ClaimFilters,
  page: ListPage,
): Promise<Listed<ClaimRecord>> {
  const rows = await db
    .selectFrom('claims')
    .selectAll()
    .where((eb) => {
      const parts: Where[] = [];
      if (!f.includeDuplicates) parts.push(eb('is_duplicate', '=', 0));
      for (const code of f.actors ?? []) {
        // `actors` is a comma-separated list of codes: match one by its prefix
        const c = code.toUpperCase().slice(0, 3);
        parts.push(eb.or([eb('actors', 'like', `${c}%`), eb('actors', 'like', `%,${c}%`)]));
      }
      if (f.metric) parts.push(eb('metric', '=', f.metric));
      if (f.type) parts.push(eb('claim_type', '=', f.type));
      if (f.docId) parts.push(eb('doc_id', '=', f.docId));
      if (f.from) parts.push(eb(eb.fn.coalesce('period_end', 'published_at'), '>=', f.from));
      if (f.to) parts.push(eb(eb.fn.coalesce('period_start', 'published_at'), '<=', f.to));
      if (f.text)
        parts.push(sql<SqlBool>`lower(${eb.ref('evidence_text')}) like ${likeContains(f.text)} escape '\\'`);
      if (f.speaker)
        parts.push(sql<SqlBool>`lower(${eb.ref('speaker')}) like ${likeContains(f.speaker)} escape '\\'`);
      if (page.after) parts.push(olderThan(eb, page.after));
      return eb.and(parts);
    })
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return pageOf(rows, page.limit, claimRowToRecord);
}

export async function listQuotes(
  db: Kysely<Database>,
  f: QuoteFilters,
  page: ListPage,
): Promise<Listed<QuoteRecord>> {
  const rows = await db
    .selectFrom('quotes')
    .selectAll()
    .where((eb) => {
      const parts: Where[] = [];
      if (!f.includeDuplicates) parts.push(eb('is_duplicate', '=', 0));
      if (f.speaker)
        parts.push(sql<SqlBool>`lower(${eb.ref('speaker')}) like ${likeContains(f.speaker)} escape '\\'`);
      if (f.speakerCode) parts.push(eb('speaker_code', 'like', `${f.speakerCode.toUpperCase()}%`));
      if (f.role) parts.push(eb('speaker_role', '=', f.role));
      if (f.directOnly) parts.push(eb('direct', '=', 1));
      if (f.docId) parts.push(eb('doc_id', '=', f.docId));
      if (f.from) parts.push(eb('published_at', '>=', f.from));
      if (f.to) parts.push(eb('published_at', '<=', f.to));
      if (f.text) parts.push(sql<SqlBool>`lower(${eb.ref('text')}) like ${likeContains(f.text)} escape '\\'`);
      if (page.after) parts.push(olderThan(eb, page.after));
      return eb.and(parts);
    })
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  return pageOf(rows, page.limit, quoteRowToRecord);
}

/** Rows after a cursor in (key desc, id desc) order; any table with both columns. */
export function olderThan(
  eb: ExpressionBuilder<Database, 'claims' | 'quotes' | 'documents' | 'events'>,
  after: readonly [string, string],
  key: 'published_at' | 'date' = 'published_at',
): Where {
  return eb.or([eb(key, '<', after[0]), eb.and([eb(key, '=', after[0]), eb('id', '<', after[1])])]);
}

/** The first `limit` of `rows` (fetched with limit + 1) and the cursor of the page after them. */
export function pageOf<R extends { published_at: string; id: string }, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
): Listed<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    items: shown.map(map),
    next_cursor: rows.length > limit && last ? encodeCursor(last.published_at, last.id) : null,
  };
}
