// The filters of GET /api/events (and the exports), turned into a parameterised kysely WHERE.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import { badParam } from './errors.ts';
import { TEXT } from './schemas.ts';
import { likeContains } from './store.ts';

export const MODALITIES = ['asserted', 'negated', 'hypothetical', 'planned', 'reported'] as const;
export const ORIGINS = ['blocwatch', 'gdelt', 'icews'] as const;

export interface EventFilters {
  actor?: string;
  source?: string;
  target?: string;
  pair?: string;
  country?: string;
  location?: string;
  code?: string;
  root?: string;
  quad?: string;
  modality?: string;
  origin?: string;
  from?: string;
  to?: string;
  q?: string;
  doc?: string;
  duplicates?: boolean;
}

const csvList = (max: number, item: string) => `^${item}(,${item}){0,${max - 1}}$`;

/** Querystring schema properties for the event filters. */
export const eventFilterProperties = {
  actor: {
    type: 'string',
    pattern: '^[A-Za-z0-9]{3,24}$',
    description: 'actor on either side; a code prefix: IRN matches IRNGOV, IRNMIL, ...',
  },
  source: { type: 'string', pattern: '^[A-Za-z0-9]{3,24}$', description: 'source actor code prefix' },
  target: { type: 'string', pattern: '^[A-Za-z0-9]{3,24}$', description: 'target actor code prefix' },
  pair: {
    type: 'string',
    pattern: '^[A-Za-z0-9]{3,24},[A-Za-z0-9]{3,24}$',
    description: 'two actor code prefixes, either direction: IRN,RUS',
  },
  country: {
    type: 'string',
    pattern: '^[A-Za-z]{3}$',
    description: 'country or group code on either side (IRN)',
  },
  location: {
    type: 'string',
    pattern: '^[A-Za-z]{3}$',
    description: 'country where the event happened (alpha-3)',
  },
  code: { type: 'string', pattern: '^[0-9A-Za-z]{2,5}$', description: 'CAMEO code or prefix: 04 or 042' },
  root: { type: 'string', pattern: '^[0-9]{2}$', description: 'CAMEO root code: 01..20' },
  quad: { type: 'string', pattern: csvList(4, '[1-4]'), description: 'quad class(es): 1 or 1,2' },
  modality: {
    type: 'string',
    pattern: csvList(5, `(${MODALITIES.join('|')})`),
    description: `modality list: ${MODALITIES.join(', ')}`,
  },
  origin: { type: 'string', enum: [...ORIGINS] },
  from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'first event date (YYYY-MM-DD)' },
  to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'last event date (YYYY-MM-DD)' },
  q: TEXT('text in the evidence sentence'),
  doc: TEXT('document id'),
  duplicates: {
    type: 'boolean',
    default: false,
    description: 'include events from near-duplicate documents',
  },
} as const;

type EB = ExpressionBuilder<Database, 'events'>;

export function actorSide(eb: EB, side: 'source' | 'target', code: string): Expression<SqlBool> {
  const upper = code.toUpperCase();
  if (upper.length === 3) return eb(side === 'source' ? 'source_country' : 'target_country', '=', upper);
  return eb(side === 'source' ? 'source_code' : 'target_code', 'like', `${upper}%`);
}

/** One branch of a filter split by sideBranches: its filters, minus the events matching `not`. */
export interface SideBranch {
  readonly filters: EventFilters;
  readonly not?: { readonly source: string; readonly target?: string };
}

/**
 * The filters as two branches without an OR over an event's two sides (actor, pair or country),
 * the second leaving out what the first matches, so that their union is the filtered events, each
 * once. The newest events of an actor are then the newest rows of two index ranges, where the OR
 * made the database read and sort every event of the actor. Null when there is no such OR (or
 * source/target filters already constrain the sides).
 */
export function sideBranches(f: EventFilters): [SideBranch, SideBranch] | null {
  const ors = [f.actor, f.pair, f.country].filter((x) => x !== undefined).length;
  if (ors !== 1 || f.source !== undefined || f.target !== undefined) return null;
  const rest: EventFilters = { ...f, actor: undefined, pair: undefined, country: undefined };
  if (f.pair) {
    const [a, b] = f.pair.split(',') as [string, string];
    return [
      { filters: { ...rest, source: a, target: b } },
      { filters: { ...rest, source: b, target: a }, not: { source: a, target: b } },
    ];
  }
  const code = (f.actor ?? f.country)!;
  return [
    { filters: { ...rest, source: code } },
    { filters: { ...rest, target: code }, not: { source: code } },
  ];
}

/** The condition of a SideBranch's `not`. */
export function sidesMatch(eb: EB, sides: NonNullable<SideBranch['not']>): Expression<SqlBool> {
  const parts = [actorSide(eb, 'source', sides.source)];
  if (sides.target !== undefined) parts.push(actorSide(eb, 'target', sides.target));
  return eb.and(parts);
}

export function checkDateRange(from?: string, to?: string): void {
  if (from && Number.isNaN(Date.parse(from))) throw badParam('from', 'not a valid date');
  if (to && Number.isNaN(Date.parse(to))) throw badParam('to', 'not a valid date');
  if (from && to && from > to) throw badParam('from', 'is after to');
}

export function eventWhere(f: EventFilters) {
  checkDateRange(f.from, f.to);
  return (eb: EB): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    if (!f.duplicates) parts.push(eb('is_duplicate', '=', 0));
    if (f.actor) parts.push(eb.or([actorSide(eb, 'source', f.actor), actorSide(eb, 'target', f.actor)]));
    if (f.source) parts.push(actorSide(eb, 'source', f.source));
    if (f.target) parts.push(actorSide(eb, 'target', f.target));
    if (f.pair) {
      const [a, b] = f.pair.split(',');
      parts.push(
        eb.or([
          eb.and([actorSide(eb, 'source', a), actorSide(eb, 'target', b)]),
          eb.and([actorSide(eb, 'source', b), actorSide(eb, 'target', a)]),
        ]),
      );
    }
    if (f.country) {
      const c = f.country.toUpperCase();
      parts.push(eb.or([eb('source_country', '=', c), eb('target_country', '=', c)]));
    }
    if (f.location) parts.push(eb('location_country', '=', f.location.toUpperCase()));
    if (f.code) parts.push(eb('code', 'like', `${f.code}%`));
    if (f.root) parts.push(eb('root', '=', f.root));
    if (f.quad) parts.push(eb('quad_class', 'in', f.quad.split(',').map(Number)));
    if (f.modality) parts.push(eb('modality', 'in', f.modality.split(',')));
    if (f.origin) parts.push(eb('origin', '=', f.origin as Database['events']['origin']));
    if (f.from) parts.push(eb('date', '>=', f.from));
    if (f.to) parts.push(eb('date', '<=', f.to));
    if (f.doc) parts.push(eb('doc_id', '=', f.doc));
    if (f.q)
      parts.push(sql<SqlBool>`lower(${eb.ref('evidence_text')}) like ${likeContains(f.q)} escape '\\'`);
    return eb.and(parts);
  };
}
