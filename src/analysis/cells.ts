// The counted events of a scope as dyad cells (directed pair × month × origin, with counts by
// quad class and the Goldstein sums of the cooperation index): the whole months of the scope come
// from the store's aggregate table, the partial months at its edges from the events themselves.
// Every figure computed from cells equals the same figure computed from the events.
import { type Kysely, sql } from 'kysely';
import { dyadCells, dyadTotals, rawDyadCells, selectRows, unionAll } from '../store/aggregates.ts';
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

/**
 * One directed pair's sums, as an array in this order (a matrix reads tens of thousands of them):
 * source, target, then cooperative count, Σ|g|, Σg², conflictual count, Σ|g|, Σg², Goldstein
 * sum, and counts of quad classes 1..4.
 */
export type PairSums = [
  source: string,
  target: string,
  nc: number,
  ac: number,
  qc: number,
  nk: number,
  ak: number,
  qk: number,
  gsum: number,
  n1: number,
  n2: number,
  n3: number,
  n4: number,
];

// aliased: PostgreSQL names every unaliased sum "sum", and rows come back as objects there
const PAIR_SUMS = `source_country, target_country, ${[
  'n_coop',
  'coop_abs',
  'coop_sq',
  'n_conflict',
  'conflict_abs',
  'conflict_sq',
  'gsum',
  'n1',
  'n2',
  'n3',
  'n4',
]
  .map((c) => `sum(${c}) as ${c}`)
  .join(', ')}`;
const KNOWN_PAIR = "source_country <> '' and target_country <> '' and source_country <> target_country";

/** PostgreSQL returns sums of integers as strings: numbers from here on. */
function numericRow<T extends unknown[]>(row: unknown[]): T {
  for (let i = 2; i < row.length; i++) if (typeof row[i] !== 'number') row[i] = Number(row[i]);
  return row as T;
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
  const rows = await selectRows(
    db,
    `select ${PAIR_SUMS} from (${source}) as cells where ${KNOWN_PAIR} group by source_country, target_country`,
  );
  return rows.map((r) => numericRow<PairSums>(r));
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
): Promise<[...PairSums, w: number][] | null> {
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
  const window = months
    .map((m, i) => `when month >= '${m.fromMonth}' and month <= '${m.toMonth}' then ${i}`)
    .join(' ');
  const rows = await selectRows(
    db,
    `select ${PAIR_SUMS}, w from (select cells.*, case ${window} end as w from (${source}) as cells) as tagged
    where w is not null and ${KNOWN_PAIR} group by source_country, target_country, w`,
  );
  return rows.map((r) => numericRow<[...PairSums, number]>(r));
}
