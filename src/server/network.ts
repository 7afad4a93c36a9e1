// The network view's data, computed from the server's dyad aggregates: states with their activity
// and the direct relation of every pair.
import { dyadCounts, type Window } from './aggregate.ts';
import type { ServerStore } from './store.ts';

export interface NetworkResult {
  method: string;
  states: { code: string; events: number }[];
  pairs: { a: string; b: string; index: number; events: number; quad: number[] }[];
}

function isState(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && !code.startsWith('IGO');
}

/** States with their activity and every pair with its direct cooperation index, for the network view. */
export async function networkOf(store: ServerStore, w: Window, minEvents: number): Promise<NetworkResult> {
  // the analysis relation matrix (the store's dyad aggregates); activity = events with other states
  const dyads = await dyadCounts(store, w);
  const activity = new Map<string, number>();
  for (const d of dyads) {
    activity.set(d.a, (activity.get(d.a) ?? 0) + d.events);
    activity.set(d.b, (activity.get(d.b) ?? 0) + d.events);
  }
  const pairs = dyads
    .filter((d) => d.events >= minEvents)
    .map((d) => ({ a: d.a, b: d.b, index: d.cooperation, events: d.events, quad: d.quad }))
    .sort((x, y) => y.events - x.events || (x.a + x.b < y.a + y.b ? -1 : 1));
  const states = [...activity]
    .filter(([code]) => isState(code))
    .map(([code, events]) => ({ code, events }))
    .sort((x, y) => y.events - x.events || (x.code < y.code ? -1 : 1));
  return {
    method:
      'direct relation: the cooperation index (C - K) / (C + K) of the pair, C and K the sums of 1 + |goldstein| over its cooperative (quad classes 1-2) and conflictual (3-4) counted events',
    states,
    pairs,
  };
}
