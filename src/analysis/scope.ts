// What every analysis counts: events that are not near-duplicates, whose modality is asserted or
// reported (planned ones are for follow-through; negated and hypothetical ones did not happen),
// within a date range and optionally from some origins only. Plus date and period helpers.
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { BlocwatchError } from '../errors.ts';
import type { Database, EventOrigin } from '../store/schema.ts';

export const UNKNOWN_COUNTRY = '---';
export const COUNTED_MODALITIES = ['asserted', 'reported'] as const;
export const EVENT_ORIGINS: readonly EventOrigin[] = ['blocwatch', 'gdelt', 'icews'];

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'quarter', 'year'];

export interface Scope {
  /** First day counted, `YYYY-MM-DD` (also accepts `YYYY` or `YYYY-MM`). */
  readonly from?: string;
  /** Last day counted (inclusive), `YYYY-MM-DD` (also `YYYY` or `YYYY-MM`). */
  readonly to?: string;
  /** Only events of these origins (default: all). */
  readonly origins?: readonly EventOrigin[];
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Normalises a date bound: `2015` → `2015-01-01` (start) or `2015-12-31` (end). */
export function dateBound(value: string | undefined, side: 'start' | 'end'): string | undefined {
  if (value === undefined || value === '') return undefined;
  let m = /^(\d{4})$/.exec(value);
  if (m) return side === 'start' ? `${m[1]}-01-01` : `${m[1]}-12-31`;
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const last = String(daysInMonth(Number(m[1]), Number(m[2]))).padStart(2, '0');
    return side === 'start' ? `${m[1]}-${m[2]}-01` : `${m[1]}-${m[2]}-${last}`;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
  throw new BlocwatchError('BW_ERR_USAGE', `invalid date "${value}": expected YYYY, YYYY-MM or YYYY-MM-DD`);
}

export function normalizeScope(scope: Scope): Scope {
  const from = dateBound(scope.from, 'start');
  const to = dateBound(scope.to, 'end');
  if (from && to && from > to) throw new BlocwatchError('BW_ERR_USAGE', `--from ${from} is after --to ${to}`);
  for (const o of scope.origins ?? [])
    if (!EVENT_ORIGINS.includes(o))
      throw new BlocwatchError('BW_ERR_USAGE', `unknown origin "${o}": expected ${EVENT_ORIGINS.join(', ')}`);
  return { from, to, origins: scope.origins && scope.origins.length > 0 ? scope.origins : undefined };
}

/** The WHERE conditions of the counted events within a scope. */
export function countedEvents(scope: Scope) {
  return (eb: ExpressionBuilder<Database, 'events'>): Expression<SqlBool> => {
    const and: Expression<SqlBool>[] = [
      eb('is_duplicate', '=', 0),
      eb('modality', 'in', [...COUNTED_MODALITIES]),
      // `---` is CAMEO's "country unknown" (e.g. `---REB`): such an actor is no side of a dyad
      eb('source_country', '!=', UNKNOWN_COUNTRY),
      eb('target_country', '!=', UNKNOWN_COUNTRY),
    ];
    if (scope.from) and.push(eb('date', '>=', scope.from));
    if (scope.to) and.push(eb('date', '<=', scope.to));
    if (scope.origins) and.push(eb('origin', 'in', [...scope.origins]));
    return eb.and(and);
  };
}

/**
 * The first and last dates of the counted events of a scope: the date index walked from each end
 * to the first counted event (min()/max() with these conditions would read every event).
 */
export async function countedDateRange(
  db: Kysely<Database>,
  scope: Scope,
): Promise<[string | null, string | null]> {
  const end = async (dir: 'asc' | 'desc') =>
    (
      await db
        .selectFrom('events')
        .select('date')
        .where(countedEvents(scope))
        .orderBy('date', dir)
        .limit(1)
        .executeTakeFirst()
    )?.date ?? null;
  return [await end('asc'), await end('desc')];
}

/** The earlier of two ISO dates (or codes). */
export function earlier(a: string, b: string): string {
  return a.localeCompare(b) <= 0 ? a : b;
}

/** The later of two ISO dates (or codes). */
export function later(a: string, b: string): string {
  return a.localeCompare(b) >= 0 ? a : b;
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDay(d);
}

export interface PeriodSpan {
  readonly key: string;
  readonly from: string;
  readonly to: string;
}

/** The period containing `date`: its key (`2024-03`, `2024-W10`, `2024-Q1`, ...) and bounds. */
export function periodOf(date: string, period: Period): PeriodSpan {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  switch (period) {
    case 'day':
      return { key: date, from: date, to: date };
    case 'week': {
      const d = new Date(`${date}T00:00:00Z`);
      const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
      const from = addDays(date, -dow);
      return { key: from, from, to: addDays(from, 6) };
    }
    case 'month': {
      const mm = String(m).padStart(2, '0');
      return { key: `${y}-${mm}`, from: `${y}-${mm}-01`, to: `${y}-${mm}-${daysInMonth(y, m)}` };
    }
    case 'quarter': {
      const q = Math.floor((m - 1) / 3) + 1;
      const first = (q - 1) * 3 + 1;
      const last = first + 2;
      const pad = (n: number) => String(n).padStart(2, '0');
      return {
        key: `${y}-Q${q}`,
        from: `${y}-${pad(first)}-01`,
        to: `${y}-${pad(last)}-${daysInMonth(y, last)}`,
      };
    }
    case 'year':
      return { key: String(y), from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

/** Consecutive periods covering [from, to]. */
export function periodsBetween(from: string, to: string, period: Period): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  let span = periodOf(from, period);
  while (span.from <= to) {
    out.push(span);
    span = periodOf(addDays(span.to, 1), period);
    if (out.length > 100_000) break;
  }
  return out;
}

export function checkPeriod(value: string, allowed: readonly Period[] = PERIODS): Period {
  if (!(allowed as readonly string[]).includes(value))
    throw new BlocwatchError('BW_ERR_USAGE', `invalid period "${value}": expected ${allowed.join(', ')}`);
  return value as Period;
}

/** A country or group code (3 capital letters) or a longer CAMEO actor-code prefix. */
export function checkActor(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}([A-Z]{3})*$/.test(code))
    throw new BlocwatchError(
      'BW_ERR_USAGE',
      `invalid actor "${value}": expected a code such as IRN or IRNGOV`,
    );
  return code;
}
