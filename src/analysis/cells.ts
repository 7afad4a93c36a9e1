// The counted events of a scope as dyad cells (directed pair × month × origin, with counts by
// quad class and the Goldstein sums of the cooperation index): the whole months of the scope come
// from the store's aggregate table, the partial months at its edges from the events themselves.
// Every figure computed from cells equals the same figure computed from the events.
import { type Kysely, sql } from 'kysely';
import { dyadCells, dyadTotals, rawDyadCells, unionAll } from '../store/aggregates.ts';
import { DYAD_VALUE_COLUMNS } from '../store/migrations.ts';
import type { Database } from '../store/schema.ts';
import { addDays, countedDateRange, type Scope } from './scope.ts';

export interface Cell {
  readonly month: string;
  readonly source_country: string;
  readonly target_country: string;
  readonly origin: string;
  readonly n_coop: number;
  readonly n_conflict: number;
  readonly n1: number;
  readonly n2: number;
  readonly n3: number;
  readonly n4: number;
  readonly gsum: number;
  readonly coop_abs: number;
  readonly coop_sq: number;
  readonly conflict_abs: number;
  readonly conflict_sq: number;
  readonly gmax: number;
}

export interface ScopeSplit {
  /** Whole months `[fromMonth, toMonth]` (bounds absent: open); null when there are none. */
  readonly months: { readonly fromMonth?: string; readonly toMonth?: string } | null;
  /** Day ranges of partial months. */
  readonly edges: { readonly from: string; readonly to: string }[];
}

function monthStart(month: string): string {
  return `${month}-01`;
}

function monthEnd(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

function nextMonth(month: string): string {
  return addDays(monthEnd(month), 1).slice(0, 7);
}

function previousMonth(month: string): string {
  return addDays(monthStart(month), -1).slice(0, 7);
}

/** Splits a normalised scope's date range into whole months and partial-month day ranges. */
export function splitScope(scope: Scope): ScopeSplit {
  const { from, to } = scope;
  const fm = from?.slice(0, 7);
  const tm = to?.slice(0, 7);
  if (from && to && fm === tm && !(from === monthStart(fm!) && to === monthEnd(tm!)))
    return { months: null, edges: [{ from, to }] };
  const edges: { from: string; to: string }[] = [];
  let fromMonth: string | undefined;
  let toMonth: string | undefined;
  if (from) {
    if (from === monthStart(fm!)) fromMonth = fm;
    else {
      edges.push({ from, to: monthEnd(fm!) });
      fromMonth = nextMonth(fm!);
    }
  }
  if (to) {
    if (to === monthEnd(tm!)) toMonth = tm;
    else {
      edges.push({ from: monthStart(tm!), to });
      toMonth = previousMonth(tm!);
    }
  }
  const months = fromMonth && toMonth && fromMonth > toMonth ? null : { fromMonth, toMonth };
  return { months, edges };
}

/** Which pairs to read. */
export interface CellFilter {
  readonly pair?: readonly [string, string];
  readonly country?: string;
}

/** The SQL relation of the scope's cells (aggregate table plus raw edges). */
async function cellSource(db: Kysely<Database>, scope: Scope, filter: CellFilter): Promise<string | null> {
  const split = splitScope(scope);
  const base = { origins: scope.origins, ...filter };
  const parts: string[] = [];
  if (split.months) {
    const table = await dyadCells(db, { ...base, ...split.months });
    // a store without the aggregate tables: everything from the events
    if (table === null) return rawDyadCells({ ...base, from: scope.from, to: scope.to });
    parts.push(table);
  }
  for (const edge of split.edges) parts.push(rawDyadCells({ ...base, ...edge }));
  return parts.length > 0 ? unionAll(parts) : null;
}

const NUMERIC: readonly (keyof Cell)[] = DYAD_VALUE_COLUMNS;

/** The cells of a scope, one row per directed pair, month and origin. */
export async function loadCells(
  db: Kysely<Database>,
  scope: Scope,
  filter: CellFilter = {},
): Promise<Cell[]> {
  const source = await cellSource(db, scope, filter);
  if (source === null) return [];
  const r = await sql<Cell>`${sql.raw(source)}`.execute(db);
  return r.rows.map((row) => {
    const out = { ...row } as Record<string, unknown>;
    for (const k of NUMERIC) out[k] = Number(out[k]);
    return out as unknown as Cell;
  });
}

export interface PairSums {
  readonly source_country: string;
  readonly target_country: string;
  readonly nc: number;
  readonly ac: number;
  readonly qc: number;
  readonly nk: number;
  readonly ak: number;
  readonly qk: number;
  readonly gsum: number;
  readonly n1: number;
  readonly n2: number;
  readonly n3: number;
  readonly n4: number;
}

/** True when no counted event of the scope's origins lies outside its date range. */
async function coversAllDates(db: Kysely<Database>, scope: Scope): Promise<boolean> {
  if (!scope.from && !scope.to) return true;
  const [lo, hi] = await countedDateRange(db, { origins: scope.origins });
  if (lo === null || hi === null) return true;
  return (!scope.from || scope.from <= lo) && (!scope.to || scope.to >= hi);
}

/** The scope's cells summed per directed pair of two different, known countries. */
export async function pairSums(
  db: Kysely<Database>,
  scope: Scope,
  filter: CellFilter = {},
): Promise<PairSums[]> {
  // a scope over every date reads the pair totals (one row per pair and origin) instead of months
  const totals = (await coversAllDates(db, scope))
    ? await dyadTotals(db, { origins: scope.origins, ...filter })
    : null;
  const source = totals ?? (await cellSource(db, scope, filter));
  if (source === null) return [];
  const r = await sql<PairSums>`select source_country, target_country,
      sum(n_coop) as nc, sum(coop_abs) as ac, sum(coop_sq) as qc,
      sum(n_conflict) as nk, sum(conflict_abs) as ak, sum(conflict_sq) as qk, sum(gsum) as gsum,
      sum(n1) as n1, sum(n2) as n2, sum(n3) as n3, sum(n4) as n4
    from (${sql.raw(source)}) as cells
    where source_country <> '' and target_country <> '' and source_country <> target_country
    group by source_country, target_country`.execute(db);
  return r.rows;
}

/**
 * Pair sums of several windows in one pass over the month cells, each row tagged with its
 * window's position `w`; null when a window is not made of whole months (or the store has no
 * aggregate tables).
 */
export async function windowPairSums(
  db: Kysely<Database>,
  spans: readonly { from: string; to: string }[],
  origins: Scope['origins'],
): Promise<(PairSums & { w: number })[] | null> {
  const months: { fromMonth: string; toMonth: string }[] = [];
  for (const span of spans) {
    const split = splitScope(span);
    if (split.edges.length > 0 || !split.months?.fromMonth || !split.months.toMonth) return null;
    months.push({ fromMonth: split.months.fromMonth, toMonth: split.months.toMonth });
  }
  if (months.length === 0) return [];
  // month keys (`YYYY-MM`) sort as text
  const first = months.map((m) => m.fromMonth).sort()[0]!;
  const last = months
    .map((m) => m.toMonth)
    .sort()
    .at(-1)!;
  const source = await dyadCells(db, { fromMonth: first, toMonth: last, origins });
  if (source === null) return null;
  const window = sql.join(
    months.map((m, i) => sql`when month >= ${m.fromMonth} and month <= ${m.toMonth} then ${sql.lit(i)}`),
    sql` `,
  );
  const r = await sql<PairSums & { w: number }>`select source_country, target_country, w,
      sum(n_coop) as nc, sum(coop_abs) as ac, sum(coop_sq) as qc,
      sum(n_conflict) as nk, sum(conflict_abs) as ak, sum(conflict_sq) as qk, sum(gsum) as gsum,
      sum(n1) as n1, sum(n2) as n2, sum(n3) as n3, sum(n4) as n4
    from (select cells.*, case ${window} end as w from (${sql.raw(source)}) as cells) as tagged
    where w is not null and source_country <> '' and target_country <> '' and source_country <> target_country
    group by source_country, target_country, w`.execute(db);
  return r.rows;
}
