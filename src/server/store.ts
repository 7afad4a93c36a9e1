// What the server needs from the store: the kysely handle over the shared schema. Row mappers
// turn table rows into the API's records.
import type { Kysely, Selectable } from 'kysely';
import {
  type ClaimRecord,
  claimRowToRecord,
  type EventRecord,
  eventRowToRecord,
  type QuoteRecord,
  quoteRowToRecord,
} from '../store/records.ts';
import type { ClaimsTable, Database, EventsTable, QuotesTable } from '../store/schema.ts';

export interface ServerStore {
  readonly db: Kysely<Database>;
}

export type EventRow = Selectable<EventsTable>;
export type ClaimRow = Selectable<ClaimsTable>;
export type QuoteRow = Selectable<QuotesTable>;

export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  return 0;
}

// The API prints exactly the records of src/store/records.ts (the same as `events --json` and `export`).
export const eventJson = (r: EventRow): EventRecord => eventRowToRecord(r);
export const claimJson = (r: ClaimRow): ClaimRecord => claimRowToRecord(r);
export const quoteJson = (r: QuoteRow): QuoteRecord => quoteRowToRecord(r);

/** Opaque keyset cursor over (date-like key, id), descending. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

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
