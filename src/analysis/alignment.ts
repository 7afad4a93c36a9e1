// Alignment of two actors.
//
// On event data (origins blocwatch, gdelt, icews):
//   direct  D = cooperation index of the A–B dyad (both directions), with its standard error;
//   stance of X toward a third party C = +1 (cooperative) when the X–C index is ≥ +τ, −1
//     (conflictual) when ≤ −τ, 0 (neutral) otherwise, for dyads with at least `minEvents` events;
//   third-party similarity T = Cohen's kappa of A's and B's stances over their common third
//     parties (at least `minCommon`); Signorino–Ritter S over the continuous indices is reported too;
//   alignment = (D + T) / 2 when both exist, else whichever exists; SE = sqrt(SE_D² + SE_T²) / 2,
//     SE_T by a seeded bootstrap over the common third parties.
// On UN votes (origin unvotes): agreement, Cohen's kappa and S over the roll calls where both voted,
//   overall and per year; the alignment is kappa.
import type { Kysely } from 'kysely';
import { BlocwatchError } from '../errors.ts';
import type { Database, EventOrigin } from '../store/schema.ts';
import { loadRelations, pairKey, type RelationMatrix, relationIndex } from './relations.ts';
import { checkActor, normalizeScope, type Scope } from './scope.ts';
import { cohensKappa, round, seededRandom, standardDeviation } from './stats.ts';
import { loadVoteMatrix, type VoteAgreement, voteAgreement, yearRanges } from './unvotes.ts';

export type AnalysisOrigin = EventOrigin | 'unvotes';

export interface AlignmentOptions {
  /** Stance threshold τ on the cooperation index (default 0.25). */
  readonly threshold?: number;
  /** Events a dyad needs before it gives a stance (default 3). */
  readonly minEvents?: number;
  /** Common third parties needed for the third-party similarity (default 3). */
  readonly minCommon?: number;
}

export interface AlignmentParams extends Omit<Scope, 'origins'>, AlignmentOptions {
  readonly a: string;
  /** The partner; without it, A's alignment with every partner. */
  readonly b?: string;
  /** Event origins, or ['unvotes'] for UN General Assembly votes. */
  readonly origins?: readonly AnalysisOrigin[];
  /** Partners listed when b is absent (default 20 most and 20 least aligned). */
  readonly limit?: number;
  /** Seed of the bootstrap (default 1). */
  readonly seed?: number;
}

export interface ThirdParty {
  readonly country: string;
  readonly a_index: number;
  readonly b_index: number;
  readonly a_stance: -1 | 0 | 1;
  readonly b_stance: -1 | 0 | 1;
}

export interface EventPairAlignment {
  readonly a: string;
  readonly b: string;
  /** Combined alignment in [-1, 1], or null without evidence. */
  readonly alignment: number | null;
  readonly se: number | null;
  readonly direct: { readonly index: number | null; readonly se: number | null; readonly events: number };
  readonly third_party: {
    readonly common: number;
    readonly agreement: number | null;
    readonly kappa: number | null;
    readonly s: number | null;
    readonly se: number | null;
  };
  /** Events behind the figure: the dyad's plus both sides' events with the common third parties. */
  readonly events: number;
}

export interface EventAlignmentResult {
  readonly mode: 'events';
  readonly a: string;
  readonly b: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly origins: EventOrigin[] | null;
  readonly pair: (EventPairAlignment & { readonly third_parties: ThirdParty[] }) | null;
  readonly partners: EventPairAlignment[];
  readonly formula: string;
}

export interface VotePairAlignment extends VoteAgreement {
  readonly a: string;
  readonly b: string;
}

export interface VoteAlignmentResult {
  readonly mode: 'unvotes';
  readonly a: string;
  readonly b: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly pair: (VotePairAlignment & { readonly years: (VoteAgreement & { year: string })[] }) | null;
  readonly partners: VotePairAlignment[];
  readonly formula: string;
}

export type AlignmentResult = EventAlignmentResult | VoteAlignmentResult;

export const EVENT_ALIGNMENT_FORMULA =
  'alignment = (D + T) / 2, D = cooperation index of the A-B dyad, T = Cohen kappa of stances ' +
  '(+1 index >= tau, -1 index <= -tau, else 0) toward common third parties; one of them when the other is missing';
export const VOTE_ALIGNMENT_FORMULA =
  'over roll calls where both voted: agreement = identical votes / n; kappa = (po - pe) / (1 - pe); ' +
  'S = 1 - 2 * sum|x - y| / (2n) with yes 1, abstain 2, no 3';

interface Stance {
  readonly index: number;
  readonly stance: -1 | 0 | 1;
  readonly events: number;
}

/** Each country's stance toward each partner with enough events. */
export function stanceTable(
  m: RelationMatrix,
  options: AlignmentOptions = {},
): Map<string, Map<string, Stance>> {
  const tau = options.threshold ?? 0.25;
  const minEvents = options.minEvents ?? 3;
  const out = new Map<string, Map<string, Stance>>();
  for (const rel of m.relations.values()) {
    const { index, events } = relationIndex(rel);
    if (index === null || events < minEvents) continue;
    const stance: -1 | 0 | 1 = index >= tau ? 1 : index <= -tau ? -1 : 0;
    const s = { index, stance, events };
    for (const [x, y] of [
      [rel.a, rel.b],
      [rel.b, rel.a],
    ] as const) {
      let row = out.get(x);
      if (!row) {
        row = new Map();
        out.set(x, row);
      }
      row.set(y, s);
    }
  }
  return out;
}

function kappaOf(pairs: readonly ThirdParty[]): { agreement: number; kappa: number | null } {
  const k = cohensKappa(
    pairs.map((p) => p.a_stance),
    pairs.map((p) => p.b_stance),
    [-1, 0, 1],
  );
  return { agreement: k.agreement, kappa: k.kappa };
}

/** Alignment of one pair from the relation matrix and the stance table. */
export function eventPairAlignment(
  m: RelationMatrix,
  stances: Map<string, Map<string, Stance>>,
  a: string,
  b: string,
  options: AlignmentOptions & { bootstrap?: number; seed?: number; detail?: boolean } = {},
): EventPairAlignment & { third_parties: ThirdParty[] } {
  const minEvents = options.minEvents ?? 3;
  const minCommon = options.minCommon ?? 3;
  const direct = relationIndex(m.relations.get(pairKey(a, b)));
  const hasDirect = direct.index !== null && direct.events >= minEvents;
  const sa = stances.get(a);
  const sb = stances.get(b);
  const detail = options.detail ?? false;
  const third: ThirdParty[] = [];
  // confusion counts of the stances (index 0: −1, 1: 0, 2: +1), without allocating per pair
  const ca = [0, 0, 0];
  const cb = [0, 0, 0];
  let common = 0;
  let same = 0;
  let distance = 0;
  let thirdEvents = 0;
  if (sa && sb) {
    const aSmaller = sa.size <= sb.size;
    const small = aSmaller ? sa : sb;
    const large = aSmaller ? sb : sa;
    for (const [c, x] of small) {
      if (c === a || c === b) continue;
      const y = large.get(c);
      if (!y) continue;
      const xa = aSmaller ? x : y;
      const xb = aSmaller ? y : x;
      common++;
      if (xa.stance === xb.stance) same++;
      ca[xa.stance + 1]!++;
      cb[xb.stance + 1]!++;
      distance += Math.abs(xa.index - xb.index);
      thirdEvents += xa.events + xb.events;
      if (detail)
        third.push({
          country: c,
          a_index: xa.index,
          b_index: xb.index,
          a_stance: xa.stance,
          b_stance: xb.stance,
        });
    }
  }
  if (detail) third.sort((p, q) => (p.country < q.country ? -1 : p.country > q.country ? 1 : 0));
  let kappa: number | null = null;
  let agreement: number | null = null;
  let s: number | null = null;
  let seT: number | null = null;
  if (common >= minCommon) {
    agreement = same / common;
    const pe = (ca[0]! * cb[0]! + ca[1]! * cb[1]! + ca[2]! * cb[2]!) / (common * common);
    kappa = pe >= 1 - 1e-12 ? (agreement >= 1 - 1e-12 ? 1 : null) : (agreement - pe) / (1 - pe);
    s = 1 - (2 * distance) / (common * 2);
    const reps = options.bootstrap ?? 0;
    if (detail && reps > 0 && kappa !== null) {
      const rng = seededRandom(options.seed ?? 1);
      const values: number[] = [];
      for (let r = 0; r < reps; r++) {
        const sample: ThirdParty[] = [];
        for (let i = 0; i < third.length; i++) sample.push(third[Math.floor(rng() * third.length)]!);
        const kk = kappaOf(sample).kappa;
        if (kk !== null) values.push(kk);
      }
      seT = standardDeviation(values);
    }
  }
  const parts: { value: number; se: number | null }[] = [];
  if (hasDirect) parts.push({ value: direct.index!, se: direct.se });
  if (kappa !== null) parts.push({ value: kappa, se: seT });
  let alignment: number | null = null;
  let se: number | null = null;
  if (parts.length > 0) {
    alignment = parts.reduce((sum, p) => sum + p.value, 0) / parts.length;
    if (parts.every((p) => p.se !== null))
      se = Math.sqrt(parts.reduce((sum, p) => sum + p.se! ** 2, 0)) / parts.length;
  }
  return {
    a,
    b,
    alignment: round(alignment),
    se: round(se),
    direct: { index: round(direct.index), se: round(direct.se), events: direct.events },
    third_party: {
      common,
      agreement: round(agreement),
      kappa: round(kappa),
      s: round(s),
      se: round(seT),
    },
    events: direct.events + thirdEvents,
    third_parties: third,
  };
}

/**
 * The stance table as dense arrays over a list of countries, for scoring many pairs at once:
 * stance[i * n + k] is 0 (no stance), 1 (−1), 2 (0) or 3 (+1), events[i * n + k] its events;
 * directIndex and directEvents hold every pair's direct relation (NaN: no index).
 */
export interface DenseStances {
  readonly countries: readonly string[];
  readonly indexOf: Map<string, number>;
  readonly stance: Uint8Array;
  readonly events: Float64Array;
  readonly directIndex: Float64Array;
  readonly directEvents: Float64Array;
}

export function denseStances(
  m: RelationMatrix,
  stances: Map<string, Map<string, Stance>>,
  countries: readonly string[],
): DenseStances {
  const n = countries.length;
  const indexOf = new Map(countries.map((c, i) => [c, i] as const));
  const stance = new Uint8Array(n * n);
  const events = new Float64Array(n * n);
  for (const [x, row] of stances) {
    const i = indexOf.get(x);
    if (i === undefined) continue;
    for (const [y, st] of row) {
      const k = indexOf.get(y);
      if (k === undefined) continue;
      stance[i * n + k] = st.stance + 2;
      events[i * n + k] = st.events;
    }
  }
  const directIndex = new Float64Array(n * n).fill(Number.NaN);
  const directEvents = new Float64Array(n * n);
  for (const rel of m.relations.values()) {
    const i = indexOf.get(rel.a);
    const k = indexOf.get(rel.b);
    if (i === undefined || k === undefined) continue;
    const r = relationIndex(rel);
    for (const cell of [i * n + k, k * n + i]) {
      directIndex[cell] = r.index ?? Number.NaN;
      directEvents[cell] = r.events;
    }
  }
  return { countries, indexOf, stance, events, directIndex, directEvents };
}

/**
 * The combined alignment and its event count of a pair, as eventPairAlignment computes them
 * (same counts, same formula), without the third-party detail: for the blocs graph, which scores
 * every pair of a window (so no allocation per pair).
 */
export function densePairAlignment(
  d: DenseStances,
  a: string,
  b: string,
  options: AlignmentOptions = {},
): { alignment: number | null; events: number } {
  const minEvents = options.minEvents ?? 3;
  const minCommon = options.minCommon ?? 3;
  const n = d.countries.length;
  const ia = d.indexOf.get(a);
  const ib = d.indexOf.get(b);
  let directIndex = Number.NaN;
  let directEvents = 0;
  let common = 0;
  let same = 0;
  let thirdEvents = 0;
  let ca1 = 0;
  let ca2 = 0;
  let ca3 = 0;
  let cb1 = 0;
  let cb2 = 0;
  let cb3 = 0;
  if (ia !== undefined && ib !== undefined) {
    directIndex = d.directIndex[ia * n + ib]!;
    directEvents = d.directEvents[ia * n + ib]!;
    const ra = ia * n;
    const rb = ib * n;
    for (let k = 0; k < n; k++) {
      if (k === ia || k === ib) continue;
      const x = d.stance[ra + k]!;
      if (x === 0) continue;
      const y = d.stance[rb + k]!;
      if (y === 0) continue;
      common++;
      if (x === y) same++;
      if (x === 1) ca1++;
      else if (x === 2) ca2++;
      else ca3++;
      if (y === 1) cb1++;
      else if (y === 2) cb2++;
      else cb3++;
      thirdEvents += d.events[ra + k]! + d.events[rb + k]!;
    }
  }
  let kappa: number | null = null;
  if (common >= minCommon) {
    const agreement = same / common;
    const pe = (ca1 * cb1 + ca2 * cb2 + ca3 * cb3) / (common * common);
    kappa = pe >= 1 - 1e-12 ? (agreement >= 1 - 1e-12 ? 1 : null) : (agreement - pe) / (1 - pe);
  }
  const hasDirect = !Number.isNaN(directIndex) && directEvents >= minEvents;
  let alignment: number | null = null;
  if (hasDirect && kappa !== null) alignment = (directIndex + kappa) / 2;
  else if (hasDirect) alignment = directIndex;
  else if (kappa !== null) alignment = kappa;
  return { alignment: round(alignment), events: directEvents + thirdEvents };
}

function splitOrigins(origins: readonly AnalysisOrigin[] | undefined): {
  votes: boolean;
  events?: EventOrigin[];
} {
  if (!origins || origins.length === 0) return { votes: false };
  if (origins.includes('unvotes')) {
    if (origins.length > 1)
      throw new BlocwatchError('BW_ERR_USAGE', 'origin unvotes cannot be combined with event origins');
    return { votes: true };
  }
  return { votes: false, events: origins as EventOrigin[] };
}

export { splitOrigins };

export async function alignment(db: Kysely<Database>, params: AlignmentParams): Promise<AlignmentResult> {
  const a = checkActor(params.a);
  const b = params.b ? checkActor(params.b) : null;
  if (b === a) throw new BlocwatchError('BW_ERR_USAGE', 'align needs two different actors');
  const { votes, events } = splitOrigins(params.origins);
  const scope = normalizeScope({ from: params.from, to: params.to, origins: events });
  const limit = params.limit ?? 20;
  if (votes) {
    const m = await loadVoteMatrix(db, scope);
    const ia = m.indexOf.get(a);
    if (ia === undefined) throw new BlocwatchError('BW_ERR_NOT_FOUND', `no UN votes of ${a} in this period`);
    const x = m.votes[ia]!;
    let pair: VoteAlignmentResult['pair'] = null;
    const partners: VotePairAlignment[] = [];
    if (b) {
      const ib = m.indexOf.get(b);
      if (ib === undefined)
        throw new BlocwatchError('BW_ERR_NOT_FOUND', `no UN votes of ${b} in this period`);
      const y = m.votes[ib]!;
      pair = {
        a,
        b,
        ...voteAgreement(x, y),
        years: yearRanges(m).map((r) => ({ year: r.year, ...voteAgreement(x, y, r.start, r.end) })),
      };
    } else {
      for (let j = 0; j < m.countries.length; j++) {
        if (j === ia) continue;
        const agreementJ = voteAgreement(x, m.votes[j]!);
        if (agreementJ.n > 0) partners.push({ a, b: m.countries[j]!, ...agreementJ });
      }
      partners.sort((p, q) => (q.kappa ?? -2) - (p.kappa ?? -2) || p.b.localeCompare(q.b));
    }
    return {
      mode: 'unvotes',
      a,
      b,
      from: scope.from ?? null,
      to: scope.to ?? null,
      pair,
      partners: trimBoth(partners, limit),
      formula: VOTE_ALIGNMENT_FORMULA,
    };
  }
  const m = await loadRelations(db, scope);
  const stances = stanceTable(m, params);
  let pair: EventAlignmentResult['pair'] = null;
  const partners: EventPairAlignment[] = [];
  if (b) {
    pair = eventPairAlignment(m, stances, a, b, {
      ...params,
      bootstrap: 200,
      seed: params.seed ?? 1,
      detail: true,
    });
  } else {
    const candidates = new Set<string>(m.partners.get(a) ?? []);
    for (const c of m.partners.get(a) ?? []) for (const d of m.partners.get(c) ?? []) candidates.add(d);
    candidates.delete(a);
    for (const c of [...candidates].sort()) {
      const { third_parties: _t, ...p } = eventPairAlignment(m, stances, a, c, params);
      if (p.alignment !== null) partners.push(p);
    }
    partners.sort((p, q) => rankScore(q) - rankScore(p) || p.b.localeCompare(q.b));
  }
  return {
    mode: 'events',
    a,
    b,
    from: scope.from ?? null,
    to: scope.to ?? null,
    origins: scope.origins ? [...scope.origins] : null,
    pair,
    partners: trimBoth(partners, limit),
    formula: EVENT_ALIGNMENT_FORMULA,
  };
}

/** Partners rank by alignment shrunk toward 0 by the evidence behind it: a · n / (n + 10). */
function rankScore(p: EventPairAlignment): number {
  return ((p.alignment ?? 0) * p.events) / (p.events + 10);
}

/** The first `limit` and the last `limit` entries of a sorted list (all when short). */
function trimBoth<T>(list: T[], limit: number): T[] {
  if (list.length <= 2 * limit) return list;
  return [...list.slice(0, limit), ...list.slice(list.length - limit)];
}
