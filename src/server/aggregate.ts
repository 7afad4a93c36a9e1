// Server-side aggregations over the events table (the browser never receives raw event tables):
// counts by dyad and quad class, dyad time series, overview counts. SQL does the grouping; the
// few hundred resulting rows are folded here.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ServerStore } from './store.ts';
import { toNumber } from './store.ts';

export interface QuadCounts {
  events: number;
  /** Events per quad class 1..4 (verbal coop, material coop, verbal conflict, material conflict). */
  quad: [number, number, number, number];
  goldstein_sum: number;
}

export function emptyCounts(): QuadCounts {
  return { events: 0, quad: [0, 0, 0, 0], goldstein_sum: 0 };
}

/** Cooperation index in [-1, 1]: (cooperative - conflictual) / all events. */
export function cooperationIndex(c: QuadCounts): number {
  if (c.events === 0) return 0;
  return (c.quad[0] + c.quad[1] - c.quad[2] - c.quad[3]) / c.events;
}

export function goldsteinMean(c: QuadCounts): number {
  return c.events === 0 ? 0 : c.goldstein_sum / c.events;
}

function add(c: QuadCounts, quad: number, n: number, g: number): void {
  c.events += n;
  if (quad >= 1 && quad <= 4) c.quad[quad - 1] += n;
  c.goldstein_sum += g;
}

export interface Window {
  from?: string;
  to?: string;
}

type EB = ExpressionBuilder<Database, 'events'>;

function windowWhere(w: Window, eb: EB): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [eb('is_duplicate', '=', 0), eb('modality', '!=', 'planned')];
  parts.push(eb('modality', '!=', 'hypothetical'), eb('modality', '!=', 'negated'));
  if (w.from) parts.push(eb('date', '>=', w.from));
  if (w.to) parts.push(eb('date', '<=', w.to));
  return parts;
}

export interface DyadSummary extends QuadCounts {
  a: string;
  b: string;
  cooperation: number;
  goldstein_mean: number;
}

/** Undirected country dyads with their counts, for the overview, network and map. */
export async function dyadCounts(store: ServerStore, w: Window): Promise<DyadSummary[]> {
  const rows = await store.db
    .selectFrom('events')
    .select(['source_country', 'target_country', 'quad_class'])
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum<number>('goldstein').as('g')])
    .where((eb) =>
      eb.and([
        ...windowWhere(w, eb),
        eb('source_country', '!=', ''),
        eb('target_country', '!=', ''),
        eb('source_country', '!=', eb.ref('target_country')),
      ]),
    )
    .groupBy(['source_country', 'target_country', 'quad_class'])
    .execute();
  const byPair = new Map<string, QuadCounts>();
  for (const r of rows) {
    const [a, b] = [r.source_country, r.target_country].sort();
    const key = `${a},${b}`;
    let c = byPair.get(key);
    if (!c) {
      c = emptyCounts();
      byPair.set(key, c);
    }
    add(c, toNumber(r.quad_class), toNumber(r.n), toNumber(r.g));
  }
  return [...byPair].map(([key, c]) => {
    const [a, b] = key.split(',');
    return { a, b, ...c, cooperation: cooperationIndex(c), goldstein_mean: goldsteinMean(c) };
  });
}

export async function tableCount(store: ServerStore, table: keyof Database): Promise<number> {
  const row = await store.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return toNumber(row?.n);
}
