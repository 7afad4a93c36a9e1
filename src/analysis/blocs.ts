// Blocs: community detection on the signed alignment graph, per window.
// Edge weights are the pair alignments of the window (events: the combined alignment of
// alignment.ts; UN votes: Cohen's kappa of the two countries' votes). Louvain (graphology) runs on
// the cooperative layer (positive weights) with a seeded random generator, so a run repeats
// exactly; the partition is then scored with the signed modularity of Gómez, Jensen and Arenas
// (2009), which also counts the conflictual layer (negative weights):
//   Q = [ Σ_ij (w⁺_ij − s⁺_i s⁺_j / 2w⁺) δ(c_i, c_j) − Σ_ij (w⁻_ij − s⁻_i s⁻_j / 2w⁻) δ(c_i, c_j) ] / (2w⁺ + 2w⁻)
// Blocs are matched across windows by member overlap (Jaccard ≥ 0.3) so they keep their id, and
// each bloc lists who joined and who left since the previous window.
import { UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';
import type { Kysely } from 'kysely';
import { BlocwatchError } from '../errors.ts';
import type { Database, EventOrigin } from '../store/schema.ts';
import {
  type AlignmentOptions,
  type AnalysisOrigin,
  densePairAlignment,
  denseStances,
  splitOrigins,
  stanceTable,
} from './alignment.ts';
import { pairCondition } from './dyad.ts';
import { loadRelations } from './relations.ts';
import {
  countedDateRange,
  countedEvents,
  earlier,
  later,
  normalizeScope,
  type Period,
  type PeriodSpan,
  periodsBetween,
  type Scope,
} from './scope.ts';
import { round } from './stats.ts';
import { loadVoteMatrix, voteAgreement } from './unvotes.ts';

// the package is CommonJS with an ESM-style default in its types: take the function either way
type Louvain = typeof louvainImport extends { default: infer D } ? D : typeof louvainImport;
const louvain = ((louvainImport as { default?: unknown }).default ?? louvainImport) as Louvain;

/** `all`: one window over the whole range (what a network of the same range shows). */
export type BlocWindow = Extract<Period, 'month' | 'quarter' | 'year'> | 'all';
export const BLOC_WINDOWS: readonly BlocWindow[] = ['month', 'quarter', 'year', 'all'];

export interface BlocsParams extends Omit<Scope, 'origins'>, AlignmentOptions {
  readonly window?: BlocWindow;
  readonly origins?: readonly AnalysisOrigin[];
  /** Seed of Louvain's random generator (default 42). */
  readonly seed?: number;
  /** Louvain resolution (default 1). */
  readonly resolution?: number;
  /** UN votes: roll calls two countries must share for an edge (default 10). */
  readonly minVotes?: number;
  /** Evidence items per bloc (default 3). */
  readonly evidence?: number;
}

/** One of a bloc's strongest member pairs, with (event origins) its most cooperative event. */
export interface BlocEvidence {
  /** Event evidence (event origins). */
  readonly event?: {
    readonly id: string;
    readonly date: string;
    readonly source_code: string;
    readonly target_code: string;
    readonly code: string;
    readonly goldstein: number;
    readonly evidence_text: string;
    readonly source_url: string | null;
  };
  /** The pair and its weight (alignment or kappa) with the number of events or votes behind it. */
  readonly pair?: { readonly a: string; readonly b: string; readonly weight: number; readonly n: number };
}

export interface Bloc {
  readonly id: string;
  readonly members: string[];
  /** Mean alignment (events) or mean kappa (UN votes) over the member pairs that have one. */
  readonly cohesion: number | null;
  readonly joined: string[];
  readonly left: string[];
  readonly evidence: BlocEvidence[];
}

export interface BlocsWindowResult {
  readonly from: string;
  readonly to: string;
  readonly blocs: Bloc[];
  /** Signed modularity of the partition (null for an empty graph). */
  readonly modularity: number | null;
  /** Countries in the graph that ended alone. */
  readonly unaligned: string[];
  readonly nodes: number;
  readonly edges: { readonly cooperative: number; readonly conflictual: number };
}

export interface BlocsResult {
  readonly origin: 'events' | 'unvotes';
  readonly origins: EventOrigin[] | null;
  readonly window: BlocWindow;
  readonly seed: number;
  readonly windows: BlocsWindowResult[];
}

interface SignedGraph {
  readonly nodes: string[];
  /** Weighted edges, a < b: w drives the detection, raw is the reported alignment (kappa for votes). */
  readonly edges: { a: string; b: string; w: number; n: number; raw: number }[];
}

/** Gómez–Jensen–Arenas signed modularity of a partition. */
export function signedModularity(
  g: SignedGraph,
  community: ReadonlyMap<string, string | number>,
): number | null {
  const sPos = new Map<string, number>();
  const sNeg = new Map<string, number>();
  const inPos = new Map<string | number, number>();
  const inNeg = new Map<string | number, number>();
  let totalPos = 0;
  let totalNeg = 0;
  for (const e of g.edges) {
    const pos = Math.max(e.w, 0);
    const neg = Math.max(-e.w, 0);
    sPos.set(e.a, (sPos.get(e.a) ?? 0) + pos);
    sPos.set(e.b, (sPos.get(e.b) ?? 0) + pos);
    sNeg.set(e.a, (sNeg.get(e.a) ?? 0) + neg);
    sNeg.set(e.b, (sNeg.get(e.b) ?? 0) + neg);
    totalPos += 2 * pos;
    totalNeg += 2 * neg;
    const ca = community.get(e.a);
    if (ca !== undefined && ca === community.get(e.b)) {
      inPos.set(ca, (inPos.get(ca) ?? 0) + 2 * pos);
      inNeg.set(ca, (inNeg.get(ca) ?? 0) + 2 * neg);
    }
  }
  if (totalPos + totalNeg === 0) return null;
  const strengthPos = new Map<string | number, number>();
  const strengthNeg = new Map<string | number, number>();
  for (const node of g.nodes) {
    const c = community.get(node);
    if (c === undefined) continue;
    strengthPos.set(c, (strengthPos.get(c) ?? 0) + (sPos.get(node) ?? 0));
    strengthNeg.set(c, (strengthNeg.get(c) ?? 0) + (sNeg.get(node) ?? 0));
  }
  let q = 0;
  for (const [c, sp] of strengthPos) {
    q += (inPos.get(c) ?? 0) - (totalPos > 0 ? (sp * sp) / totalPos : 0);
    const sn = strengthNeg.get(c) ?? 0;
    q -= (inNeg.get(c) ?? 0) - (totalNeg > 0 ? (sn * sn) / totalNeg : 0);
  }
  return q / (totalPos + totalNeg);
}

/** Louvain on the positive layer with a seeded generator; returns node → community. */
export function detectCommunities(g: SignedGraph, seed: number, resolution: number): Map<string, number> {
  const graph = new UndirectedGraph();
  for (const n of g.nodes) graph.addNode(n);
  for (const e of g.edges) if (e.w > 0) graph.addEdge(e.a, e.b, { weight: e.w });
  const out = new Map<string, number>();
  if (graph.size === 0) {
    g.nodes.forEach((n, i) => {
      out.set(n, i);
    });
    return out;
  }
  const rng = seededRandomFn(seed);
  const parts = louvain(graph, { getEdgeWeight: 'weight', resolution, rng });
  for (const [node, c] of Object.entries(parts)) out.set(node, c);
  return out;
}

function seededRandomFn(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function voteGraph(db: Kysely<Database>, span: PeriodSpan, minVotes: number): Promise<SignedGraph> {
  const m = await loadVoteMatrix(db, { from: span.from, to: span.to });
  const nodes: string[] = [];
  const rows: Uint8Array[] = [];
  m.countries.forEach((c, i) => {
    const v = m.votes[i]!;
    let n = 0;
    for (let k = 0; k < v.length; k++) if (v[k] !== 0) n++;
    if (n >= minVotes) {
      nodes.push(c);
      rows.push(v);
    }
  });
  const edges: SignedGraph['edges'] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const agreement = voteAgreement(rows[i]!, rows[j]!);
      if (agreement.n < minVotes || agreement.kappa === null || agreement.kappa === 0) continue;
      const [a, b] = nodes[i]! < nodes[j]! ? [nodes[i]!, nodes[j]!] : [nodes[j]!, nodes[i]!];
      edges.push({ a, b, w: agreement.kappa, n: agreement.n, raw: agreement.kappa });
    }
  // relative agreement: a pair is cooperative when it agrees more than the window's average pair
  // (nearly every pair agrees more than chance on UN votes, which leaves no conflictual layer)
  const mean = edges.reduce((x, e) => x + e.w, 0) / (edges.length || 1);
  for (const e of edges) e.w -= mean;
  return { nodes: [...nodes].sort(), edges };
}

async function eventGraph(
  db: Kysely<Database>,
  span: PeriodSpan,
  origins: EventOrigin[] | undefined,
  options: AlignmentOptions,
): Promise<SignedGraph> {
  const m = await loadRelations(db, { from: span.from, to: span.to, origins });
  const stances = stanceTable(m, options);
  const nodes = [...m.partners.keys()].sort();
  const dense = denseStances(m, stances, nodes);
  const edges: SignedGraph['edges'] = [];
  // candidates of each node: its partners, then its partners' partners, in first-seen order (the
  // order edges enter the graph, which Louvain's result depends on)
  const index = dense.indexOf;
  const partners = nodes.map((n) => [...(m.partners.get(n) ?? [])].map((p) => index.get(p)!));
  const seen = new Int32Array(nodes.length).fill(-1);
  const order: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i]!;
    order.length = 0;
    for (const c of partners[i]!) {
      if (seen[c] === i) continue;
      seen[c] = i;
      order.push(c);
    }
    // in a dense graph a few partners' partners reach every node: stop there (same order)
    for (const c of partners[i]!) {
      if (order.length === nodes.length) break;
      for (const d of partners[c]!) {
        if (seen[d] === i) continue;
        seen[d] = i;
        order.push(d);
      }
    }
    for (const k of order) {
      const b = nodes[k]!;
      if (b <= a) continue;
      const p = densePairAlignment(dense, a, b, options);
      if (p.alignment === null || p.alignment === 0) continue;
      edges.push({ a, b, w: p.alignment, n: p.events, raw: p.alignment });
    }
  }
  const linked = new Set(edges.flatMap((e) => [e.a, e.b]));
  return { nodes: nodes.filter((n) => linked.has(n)), edges };
}

/** The most cooperative event between two members in the window (either direction). */
async function pairEvidence(
  db: Kysely<Database>,
  span: PeriodSpan,
  origins: EventOrigin[] | undefined,
  a: string,
  b: string,
): Promise<BlocEvidence['event'] | undefined> {
  // one query per direction (an OR of the two makes SQLite read every event's table row): the
  // highest Goldstein score and then the smallest id with that score, both from the covering
  // index; only the winner's row is read from the table
  const directions = [pairCondition(a, b, true), pairCondition(b, a, true)].map((side) =>
    db
      .selectFrom('events')
      .where(countedEvents({ from: span.from, to: span.to, origins }))
      .where(side)
      .where('quad_class', '<=', 2),
  );
  let top: number | null = null;
  for (const q of directions) {
    const g = (await q.select((eb) => eb.fn.max<number>('goldstein').as('g')).executeTakeFirst())?.g;
    if (g !== null && g !== undefined && (top === null || Number(g) > top)) top = Number(g);
  }
  if (top === null) return undefined;
  // the tie is broken by the database's order of ids (its collation), over both directions at once
  const tied = directions.map((q) => q.where('goldstein', '=', top).select('id'));
  const id = (
    await db
      .selectFrom(tied[0]!.unionAll(tied[1]!).as('tied'))
      .select('id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst()
  )?.id;
  if (id === undefined) return undefined;
  const row = await db
    .selectFrom('events')
    .where('id', '=', id)
    .select(['id', 'date', 'source_code', 'target_code', 'code', 'goldstein', 'evidence_text', 'source_url'])
    .executeTakeFirst();
  return row ? { ...row, goldstein: Number(row.goldstein) } : undefined;
}

async function dataRange(
  db: Kysely<Database>,
  votes: boolean,
  scope: Scope,
): Promise<[string, string] | null> {
  if (votes) {
    const r = await db
      .selectFrom('un_roll_calls')
      .select((eb) => [eb.fn.min<string>('date').as('lo'), eb.fn.max<string>('date').as('hi')])
      .executeTakeFirst();
    return r?.lo && r.hi ? [r.lo, r.hi] : null;
  }
  const [lo, hi] = await countedDateRange(db, scope);
  return lo && hi ? [lo, hi] : null;
}

export async function blocs(db: Kysely<Database>, params: BlocsParams = {}): Promise<BlocsResult> {
  const window = params.window ?? 'year';
  if (!BLOC_WINDOWS.includes(window))
    throw new BlocwatchError(
      'BW_ERR_USAGE',
      `invalid window "${window}": expected ${BLOC_WINDOWS.join(', ')}`,
    );
  const { votes, events: origins } = splitOrigins(params.origins);
  const scope = normalizeScope({ from: params.from, to: params.to, origins });
  const seed = params.seed ?? 42;
  const resolution = params.resolution ?? 1;
  const minVotes = params.minVotes ?? 10;
  const evidenceCount = params.evidence ?? 3;
  const result: BlocsWindowResult[] = [];
  const range = await dataRange(db, votes, scope);
  if (!range)
    return { origin: votes ? 'unvotes' : 'events', origins: origins ?? null, window, seed, windows: [] };
  const from = scope.from ?? range[0];
  const to = scope.to ?? range[1];
  let previous: Bloc[] = [];
  let nextId = 1;
  const spans = window === 'all' ? [{ key: 'all', from, to }] : periodsBetween(from, to, window);
  for (const span of spans) {
    const clipped = {
      key: span.key,
      from: later(span.from, from),
      to: earlier(span.to, to),
    };
    const g = votes ? await voteGraph(db, clipped, minVotes) : await eventGraph(db, clipped, origins, params);
    // a window with no counted relation has nothing to say (and sparse history would print pages of them)
    if (g.nodes.length === 0) continue;
    const community = detectCommunities(g, seed, resolution);
    const modularity = signedModularity(g, community);
    const groups = new Map<number, string[]>();
    for (const n of g.nodes) {
      const c = community.get(n)!;
      const list = groups.get(c) ?? [];
      list.push(n);
      groups.set(c, list);
    }
    const weight = new Map<string, { raw: number; n: number }>();
    for (const e of g.edges) weight.set(`${e.a}|${e.b}`, { raw: e.raw, n: e.n });
    const raw = [...groups.values()]
      .filter((members) => members.length >= 2)
      .map((members) => members.sort())
      .sort((x, y) => y.length - x.length || x[0]!.localeCompare(y[0]!));
    const unaligned = [...groups.values()]
      .filter((m) => m.length === 1)
      .map((m) => m[0]!)
      .sort();
    // match to the previous window's blocs by Jaccard overlap, greedily from the best match
    const candidates: { i: number; j: number; jac: number }[] = [];
    raw.forEach((members, i) => {
      const set = new Set(members);
      previous.forEach((p, j) => {
        const inter = p.members.filter((x) => set.has(x)).length;
        const jac = inter / (members.length + p.members.length - inter);
        if (jac >= 0.3) candidates.push({ i, j, jac });
      });
    });
    candidates.sort((x, y) => y.jac - x.jac || x.i - y.i || x.j - y.j);
    const matchOf = new Map<number, number>();
    const used = new Set<number>();
    for (const c of candidates)
      if (!matchOf.has(c.i) && !used.has(c.j)) {
        matchOf.set(c.i, c.j);
        used.add(c.j);
      }
    const current: Bloc[] = [];
    for (let i = 0; i < raw.length; i++) {
      const members = raw[i]!;
      const prev = matchOf.has(i) ? previous[matchOf.get(i)!] : undefined;
      const id = prev ? prev.id : `B${nextId++}`;
      let sum = 0;
      let count = 0;
      const pairs: { a: string; b: string; weight: number; n: number }[] = [];
      for (let x = 0; x < members.length; x++)
        for (let y = x + 1; y < members.length; y++) {
          const e = weight.get(`${members[x]}|${members[y]}`);
          if (!e) continue;
          sum += e.raw;
          count++;
          pairs.push({ a: members[x]!, b: members[y]!, weight: round(e.raw)!, n: e.n });
        }
      pairs.sort((p, q) => q.weight - p.weight || q.n - p.n);
      const evidence: BlocEvidence[] = [];
      for (const pair of pairs.slice(0, evidenceCount)) {
        const event = votes ? undefined : await pairEvidence(db, clipped, origins, pair.a, pair.b);
        evidence.push(event ? { pair, event } : { pair });
      }
      const memberSet = new Set(members);
      current.push({
        id,
        members,
        cohesion: count > 0 ? round(sum / count) : null,
        joined: prev ? members.filter((m) => !prev.members.includes(m)) : [],
        left: prev ? prev.members.filter((m) => !memberSet.has(m)) : [],
        evidence,
      });
    }
    result.push({
      from: clipped.from,
      to: clipped.to,
      blocs: current,
      modularity: round(modularity),
      unaligned,
      nodes: g.nodes.length,
      edges: {
        cooperative: g.edges.filter((e) => e.w > 0).length,
        conflictual: g.edges.filter((e) => e.w < 0).length,
      },
    });
    previous = current.length > 0 ? current : previous;
  }
  return { origin: votes ? 'unvotes' : 'events', origins: origins ?? null, window, seed, windows: result };
}
