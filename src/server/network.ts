// The network view's data, computed from the server's dyad aggregates: states with their activity
// and the direct relation of every pair.
import { sql } from 'kysely';
import { countryActivity, dyadCounts, type Window } from './aggregate.ts';
import type { ServerStore } from './store.ts';

/** Display names of country-level actors as the events name them. */
export async function countryNames(
  store: ServerStore,
  only?: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const side of ['source', 'target'] as const) {
    let query = store.db
      .selectFrom('events')
      .select([`${side}_country as country`, sql<string>`max(${sql.ref(`${side}_name`)})`.as('name')])
      .whereRef(`${side}_code`, '=', `${side}_country`)
      .where(`${side}_country`, '!=', '');
    if (only) query = query.where(`${side}_country`, 'in', [...only]);
    const rows = await query.groupBy(`${side}_country`).execute();
    for (const r of rows) if (r.name && !names.has(r.country)) names.set(r.country, r.name);
  }
  return names;
}

export interface NetworkResult {
  method: string;
  states: { code: string; name: string; events: number }[];
  pairs: { a: string; b: string; index: number; events: number; quad: number[] }[];
}

function isState(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && !code.startsWith('IGO');
}

/** States with their activity and every pair with its direct cooperation index, for the network view. */
export async function networkOf(store: ServerStore, w: Window, minEvents: number): Promise<NetworkResult> {
  const [dyads, activity, names] = await Promise.all([
    dyadCounts(store, w),
    countryActivity(store, w),
    countryNames(store),
  ]);
  const pairs = dyads
    .filter((d) => d.events >= minEvents)
    .map((d) => ({ a: d.a, b: d.b, index: d.cooperation, events: d.events, quad: d.quad }))
    .sort((x, y) => y.events - x.events || (x.a + x.b < y.a + y.b ? -1 : 1));
  const states = [...activity]
    .filter(([code]) => isState(code))
    .map(([code, events]) => ({ code, name: names.get(code) ?? code, events }))
    .sort((x, y) => y.events - x.events || (x.code < y.code ? -1 : 1));
  return {
    method:
      'direct relation: (cooperative - conflictual) / all counted events of the pair, quad classes 1-2 vs 3-4',
    states,
    pairs,
  };
}
