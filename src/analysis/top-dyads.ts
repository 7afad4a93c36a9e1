// The most cooperative and the most conflictual pairs of a period. Pairs need `minEvents` events;
// they are ranked by the cooperation index shrunk toward 0 by their volume, I · n / (n + 10), so a
// pair with few events ranks below a pair with the same index and many events.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { loadRelations, relationIndex } from './relations.ts';
import { normalizeScope, type Scope } from './scope.ts';
import { round } from './stats.ts';

export interface TopDyadsParams extends Scope {
  /** Events a pair needs (default 5). */
  readonly minEvents?: number;
  /** Pairs per list (default 10). */
  readonly limit?: number;
  /** Only pairs involving this country. */
  readonly actor?: string;
}

export interface RankedDyad {
  readonly a: string;
  readonly b: string;
  readonly events: number;
  readonly a_to_b: number;
  readonly b_to_a: number;
  readonly cooperation_index: number;
  readonly cooperation_se: number | null;
  readonly goldstein_mean: number;
}

export interface TopDyadsResult {
  readonly from: string | null;
  readonly to: string | null;
  readonly cooperative: RankedDyad[];
  readonly conflictual: RankedDyad[];
}

export async function topDyads(db: Kysely<Database>, params: TopDyadsParams = {}): Promise<TopDyadsResult> {
  const scope = normalizeScope(params);
  const minEvents = params.minEvents ?? 5;
  const limit = params.limit ?? 10;
  const m = await loadRelations(db, scope);
  const ranked: RankedDyad[] = [];
  const actor = params.actor?.toUpperCase();
  for (const rel of m.relations.values()) {
    if (actor && rel.a !== actor && rel.b !== actor) continue;
    const r = relationIndex(rel);
    if (r.index === null || r.events < minEvents) continue;
    ranked.push({
      a: rel.a,
      b: rel.b,
      events: r.events,
      a_to_b: rel.abEvents,
      b_to_a: rel.baEvents,
      cooperation_index: round(r.index)!,
      cooperation_se: round(r.se),
      goldstein_mean: round(rel.goldsteinSum / r.events, 3)!,
    });
  }
  const score = (d: RankedDyad) => (d.cooperation_index * d.events) / (d.events + 10);
  const cooperative = [...ranked]
    .filter((d) => d.cooperation_index > 0)
    .sort((x, y) => score(y) - score(x) || y.events - x.events)
    .slice(0, limit);
  const conflictual = [...ranked]
    .filter((d) => d.cooperation_index < 0)
    .sort((x, y) => score(x) - score(y) || y.events - x.events)
    .slice(0, limit);
  return { from: scope.from ?? null, to: scope.to ?? null, cooperative, conflictual };
}
