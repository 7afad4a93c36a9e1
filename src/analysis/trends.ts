// Emerging and collapsing alignments: pairs whose share of cooperative events changed
// significantly between an earlier and a later stretch of time.
// The last `windows` windows (month, quarter or year) ending at `to` (default: the latest event)
// are read; the latest window is compared with the pooled earlier ones. For each pair with at
// least `minEvents` events on each side, a two-proportion z-test compares the cooperative share
// p = cooperative / (cooperative + conflictual) event counts; p-values are adjusted for the number
// of pairs tested (Benjamini–Hochberg) and pairs with q < alpha are reported. A handful of articles
// cannot pass the minimum counts, and a small change on small counts does not reach significance.
import type { Kysely } from 'kysely';
import { BlocwatchError } from '../errors.ts';
import type { Database } from '../store/schema.ts';
import { loadRelationWindows, type RelationMatrix, relationIndex } from './relations.ts';
import {
  countedDateRange,
  earlier,
  later,
  normalizeScope,
  type Period,
  type PeriodSpan,
  periodOf,
  type Scope,
} from './scope.ts';
import {
  benjaminiHochberg,
  cooperationIndex,
  emptyTally,
  mergeTally,
  round,
  twoProportionTest,
} from './stats.ts';

export interface TrendsParams extends Scope {
  readonly window?: Extract<Period, 'month' | 'quarter' | 'year'>;
  /** Windows read, the last one being the "later" side (default 6, at least 2). */
  readonly windows?: number;
  /** Events each side needs (default 10). */
  readonly minEvents?: number;
  /** False discovery rate (default 0.05). */
  readonly alpha?: number;
  readonly limit?: number;
  /** Only pairs involving this country. */
  readonly actor?: string;
}

export interface TrendSide {
  readonly from: string;
  readonly to: string;
  readonly events: number;
  readonly cooperative: number;
  readonly conflictual: number;
  readonly cooperative_share: number;
  readonly cooperation_index: number | null;
}

export interface Trend {
  readonly a: string;
  readonly b: string;
  readonly direction: 'rising' | 'collapsing';
  readonly earlier: TrendSide;
  readonly later: TrendSide;
  readonly change: number;
  readonly z: number;
  readonly p: number;
  readonly q: number;
  /** Start of the window where the change shows. */
  readonly since: string;
  /** Cooperation index per window (null where the pair had no events). */
  readonly series: { readonly from: string; readonly index: number | null; readonly events: number }[];
}

export interface TrendsResult {
  readonly window: string;
  readonly windows: { readonly from: string; readonly to: string }[];
  readonly tested: number;
  readonly rising: Trend[];
  readonly collapsing: Trend[];
}

function sideOf(ms: RelationMatrix[], key: string, from: string, to: string): TrendSide {
  const coop = emptyTally();
  const conflict = emptyTally();
  for (const m of ms) {
    const r = m.relations.get(key);
    if (!r) continue;
    mergeTally(coop, r.coop);
    mergeTally(conflict, r.conflict);
  }
  const events = coop.n + conflict.n;
  return {
    from,
    to,
    events,
    cooperative: coop.n,
    conflictual: conflict.n,
    cooperative_share: events > 0 ? round(coop.n / events)! : 0,
    cooperation_index: round(cooperationIndex(coop, conflict).index),
  };
}

export async function trends(db: Kysely<Database>, params: TrendsParams = {}): Promise<TrendsResult> {
  const scope = normalizeScope(params);
  const window = params.window ?? 'month';
  const count = params.windows ?? 6;
  if (!Number.isInteger(count) || count < 2)
    throw new BlocwatchError('BW_ERR_USAGE', '--windows must be an integer of at least 2');
  const minEvents = params.minEvents ?? 10;
  const alpha = params.alpha ?? 0.05;
  const limit = params.limit ?? 20;
  let to = scope.to;
  if (!to) {
    to = (await countedDateRange(db, { origins: scope.origins, from: scope.from }))[1] ?? undefined;
  }
  if (!to) return { window, windows: [], tested: 0, rising: [], collapsing: [] };
  const last = periodOf(to, window);
  let spans: PeriodSpan[] = [last];
  while (spans.length < count) spans = [periodOf(addDaysBack(spans[0]!.from), window), ...spans];
  if (scope.from) spans = spans.filter((s) => s.to >= scope.from!);
  if (spans.length < 2)
    throw new BlocwatchError('BW_ERR_USAGE', 'trends needs at least two windows in range');
  spans = spans.map((s) => ({
    ...s,
    to: earlier(s.to, to!),
    from: scope.from ? later(s.from, scope.from) : s.from,
  }));
  const matrices = await loadRelationWindows(db, spans, scope.origins);
  const earlierMs = matrices.slice(0, -1);
  const laterM = matrices[matrices.length - 1]!;
  const laterSpan = spans[spans.length - 1]!;
  const keys = new Set<string>();
  for (const m of matrices) for (const k of m.relations.keys()) keys.add(k);
  const actor = params.actor?.toUpperCase();
  const candidates: { key: string; earlier: TrendSide; later: TrendSide; z: number; p: number }[] = [];
  for (const key of keys) {
    const [a, b] = key.split('|') as [string, string];
    if (actor && a !== actor && b !== actor) continue;
    const earlier = sideOf(earlierMs, key, spans[0]!.from, spans[spans.length - 2]!.to);
    const later = sideOf([laterM], key, laterSpan.from, laterSpan.to);
    if (earlier.events < minEvents || later.events < minEvents) continue;
    const t = twoProportionTest(earlier.cooperative, earlier.events, later.cooperative, later.events);
    candidates.push({ key, earlier, later, ...t });
  }
  const q = benjaminiHochberg(candidates.map((c) => c.p));
  const rising: Trend[] = [];
  const collapsing: Trend[] = [];
  candidates.forEach((c, i) => {
    if (q[i]! >= alpha || c.z === 0) return;
    const [a, b] = c.key.split('|') as [string, string];
    const trend: Trend = {
      a,
      b,
      direction: c.z > 0 ? 'rising' : 'collapsing',
      earlier: c.earlier,
      later: c.later,
      change: round(c.later.cooperative_share - c.earlier.cooperative_share)!,
      z: round(c.z, 3)!,
      p: round(c.p, 6)!,
      q: round(q[i]!, 6)!,
      since: laterSpan.from,
      series: matrices.map((m, k) => {
        const r = relationIndex(m.relations.get(c.key));
        return { from: spans[k]!.from, index: round(r.index), events: r.events };
      }),
    };
    (c.z > 0 ? rising : collapsing).push(trend);
  });
  rising.sort((x, y) => y.z - x.z);
  collapsing.sort((x, y) => x.z - y.z);
  return {
    window,
    windows: spans.map((s) => ({ from: s.from, to: s.to })),
    tested: candidates.length,
    rising: rising.slice(0, limit),
    collapsing: collapsing.slice(0, limit),
  };
}

function addDaysBack(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
