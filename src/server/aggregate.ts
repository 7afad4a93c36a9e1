// Server-side aggregations (the browser never receives raw event tables): the direct relation of
// every pair for the overview, network and map, and the overview counts. The figures come from
// the analysis stage and the store's aggregate tables, so the dashboard shows the same
// cooperation index as `blocwatch dyad` and `blocwatch align`.
import { sql } from 'kysely';
import { pairRelations } from '../analysis/index.ts';
import { actorCounts, classCounts } from '../store/aggregates.ts';
import type { Database } from '../store/schema.ts';
import type { ServerStore } from './store.ts';
import { toNumber } from './store.ts';

export interface Window {
  from?: string;
  to?: string;
}

export interface DyadSummary {
  a: string;
  b: string;
  events: number;
  /** Events per quad class 1..4 (verbal coop, material coop, verbal conflict, material conflict). */
  quad: [number, number, number, number];
  goldstein_sum: number;
  /** The analysis cooperation index (src/analysis/stats.ts), 0 for a pair without weight. */
  cooperation: number;
  goldstein_mean: number;
}

/** Undirected country dyads with their counts (counted events), for the overview, network and map. */
export async function dyadCounts(store: ServerStore, w: Window): Promise<DyadSummary[]> {
  const pairs = await pairRelations(store.db, { from: w.from, to: w.to });
  return pairs.map((p) => ({
    a: p.a,
    b: p.b,
    events: p.events,
    quad: p.quad,
    goldstein_sum: p.goldstein_sum,
    cooperation: p.cooperation_index ?? 0,
    goldstein_mean: p.events === 0 ? 0 : p.goldstein_sum / p.events,
  }));
}

export async function tableCount(store: ServerStore, table: keyof Database): Promise<number> {
  const row = await store.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirst();
  return toNumber(row?.n);
}

/**
 * All events, the non-duplicate ones by quad class, modality and origin, and the number of
 * distinct countries on either side: from the store's aggregate tables when it has them.
 */
export async function eventCounts(store: ServerStore): Promise<{
  events: number;
  grouped: { quad_class: number; modality: string; origin: string; n: number }[];
  countries: number;
}> {
  const { db } = store;
  const classes = await classCounts(db);
  const actors = await actorCounts(db);
  if (classes !== null && actors !== null) {
    const rows = (
      await sql<{ quad_class: number; modality: string; origin: string; is_duplicate: number; n: number }>`
        select quad_class, modality, origin, is_duplicate, sum(n) as n from (${sql.raw(classes)}) as c
        group by quad_class, modality, origin, is_duplicate`.execute(db)
    ).rows;
    const c = await sql<{ n: number }>`select count(distinct country) as n from (${sql.raw(actors)}) as a
      where country <> ''`.execute(db);
    return {
      events: rows.reduce((sum, r) => sum + toNumber(r.n), 0),
      grouped: rows.filter((r) => toNumber(r.is_duplicate) === 0),
      countries: toNumber(c.rows[0]?.n),
    };
  }
  const events = await tableCount(store, 'events');
  const grouped = await db
    .selectFrom('events')
    .select(['quad_class', 'modality', 'origin', sql<number>`count(*)`.as('n')])
    .where('is_duplicate', '=', 0)
    .groupBy(['quad_class', 'modality', 'origin'])
    .execute();
  const countries = new Set<string>();
  for (const side of ['source_country', 'target_country'] as const) {
    const rows = await db.selectFrom('events').select(side).distinct().execute();
    for (const r of rows) {
      const value = String((r as Record<string, unknown>)[side] ?? '');
      if (value) countries.add(value);
    }
  }
  return { events, grouped, countries: countries.size };
}
