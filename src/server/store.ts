// What the server needs from the store: the kysely handle over the shared schema. Row mappers
// turn table rows into the API's records.
import type { Kysely, Selectable } from 'kysely';
import { decodeCursor } from '../store/listing.ts';
import {
  type ClaimRecord,
  claimRowToRecord,
  type EventRecord,
  eventRowToRecord,
  type QuoteRecord,
  quoteRowToRecord,
} from '../store/records.ts';
import type { ClaimsTable, Database, EventsTable, QuotesTable } from '../store/schema.ts';
import { badParam } from './errors.ts';

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

export { decodeCursor, encodeCursor, likeContains } from '../store/listing.ts';

/** The position a `cursor` parameter holds; a cursor this server did not issue is a 400 naming it. */
export function parseCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  const after = decodeCursor(cursor);
  if (!after) throw badParam('cursor', 'is not a cursor this server issued');
  return after;
}
