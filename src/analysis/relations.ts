// The relation matrix of a scope: for every pair of countries (or groups) with counted events,
// weighted cooperative and conflictual tallies, undirected and per direction. Alignment, blocs,
// trends and top dyads are computed from it in memory (one GROUP BY over the scope's dyad cells).
import type { Kysely } from 'kysely';
import { storeVersion } from '../store/aggregates.ts';
import type { Database } from '../store/schema.ts';
import { type PairSums, pairSums, windowPairSums } from './cells.ts';
import { earlier, later, normalizeScope, type Scope } from './scope.ts';
import { addToTally, cooperationIndex, emptyTally, type Tally } from './stats.ts';

export interface Relation {
  /** Alphabetically first country. */
  readonly a: string;
  readonly b: string;
  readonly coop: Tally;
  readonly conflict: Tally;
  /** Events from a to b and from b to a. */
  abEvents: number;
  baEvents: number;
  goldsteinSum: number;
  /** Events per quad class 1..4, both directions. */
  readonly quad: [number, number, number, number];
}

export interface RelationMatrix {
  readonly relations: Map<string, Relation>;
  /** Country → its partners. */
  readonly partners: Map<string, Set<string>>;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function relationIndex(r: Relation | undefined): {
  index: number | null;
  se: number | null;
  events: number;
} {
  if (!r) return { index: null, se: null, events: 0 };
  const ci = cooperationIndex(r.coop, r.conflict);
  return { ...ci, events: r.coop.n + r.conflict.n };
}

/** Matrices kept per kysely instance while the store does not change (see storeVersion). */
const MEMO_SCOPES = 8;
const memo = new WeakMap<object, { version: string; byScope: Map<string, Promise<RelationMatrix>> }>();

/**
 * The relation matrix of a scope. Every all-pairs answer (top dyads, the network, alignment of a
 * state, blocs) groups all the scope's pair cells (about 73,000 pair-origin totals at 1M events),
 * so on SQLite the matrix is kept until the store changes and shared by those routes, whatever
 * their other parameters. Callers must not modify it.
 */
export async function loadRelations(db: Kysely<Database>, scope: Scope): Promise<RelationMatrix> {
  const version = await storeVersion(db);
  if (version === null) return computeRelations(db, scope);
  let entry = memo.get(db);
  if (!entry || entry.version !== version) {
    entry = { version, byScope: new Map() };
    memo.set(db, entry);
  }
  const key = JSON.stringify([scope.from ?? null, scope.to ?? null, scope.origins ?? null]);
  let matrix = entry.byScope.get(key);
  if (!matrix) {
    if (entry.byScope.size >= MEMO_SCOPES) entry.byScope.delete(entry.byScope.keys().next().value!);
    matrix = computeRelations(db, scope);
    entry.byScope.set(key, matrix);
    const current = entry;
    matrix.catch(() => current.byScope.delete(key));
  }
  return matrix;
}

/** Drops the kept matrices of a store (the benchmark uses it to time the computation itself). */
export function forgetRelations(db: Kysely<Database>): void {
  memo.delete(db);
}

async function computeRelations(db: Kysely<Database>, scope: Scope): Promise<RelationMatrix> {
  // one row per directed pair, the cooperative (quad classes 1-2) and conflictual (3-4) sums side
  // by side, from the monthly dyad cells (src/analysis/cells.ts)
  return matrixOf(await pairSums(db, scope));
}

/**
 * The relation matrices of consecutive windows (trends): one pass over the dyad cells when every
 * window is made of whole months, else one query per window.
 */
export async function loadRelationWindows(
  db: Kysely<Database>,
  spans: readonly { from: string; to: string }[],
  origins: Scope['origins'],
): Promise<RelationMatrix[]> {
  const rows = await windowPairSums(db, spans, origins);
  if (rows === null) return Promise.all(spans.map((s) => loadRelations(db, { ...s, origins })));
  const byWindow: PairSums[][] = spans.map(() => []);
  for (const r of rows) byWindow[r[13]]!.push(r as unknown as PairSums);
  return byWindow.map(matrixOf);
}

function matrixOf(rows: readonly PairSums[]): RelationMatrix {
  const relations = new Map<string, Relation>();
  const partners = new Map<string, Set<string>>();
  const link = (x: string, y: string) => {
    let s = partners.get(x);
    if (!s) {
      s = new Set();
      partners.set(x, s);
    }
    s.add(y);
  };
  for (const r of rows) {
    const [s, t, nc, ac, qc, nk, ak, qk, gsum, n1, n2, n3, n4] = r;
    const key = pairKey(s, t);
    let rel = relations.get(key);
    if (!rel) {
      rel = {
        a: earlier(s, t),
        b: later(s, t),
        coop: emptyTally(),
        conflict: emptyTally(),
        abEvents: 0,
        baEvents: 0,
        goldsteinSum: 0,
        quad: [0, 0, 0, 0],
      };
      relations.set(key, rel);
      link(s, t);
      link(t, s);
    }
    if (nc > 0) addToTally(rel.coop, nc, ac, qc);
    if (nk > 0) addToTally(rel.conflict, nk, ak, qk);
    rel.goldsteinSum += gsum;
    rel.quad[0] += n1;
    rel.quad[1] += n2;
    rel.quad[2] += n3;
    rel.quad[3] += n4;
    if (s === rel.a) rel.abEvents += nc + nk;
    else rel.baEvents += nc + nk;
  }
  return { relations, partners };
}

export interface PairRelation {
  /** Alphabetically first country. */
  readonly a: string;
  readonly b: string;
  /** Counted events, both directions. */
  readonly events: number;
  /** Events per quad class 1..4. */
  readonly quad: [number, number, number, number];
  readonly goldstein_sum: number;
  /** The cooperation index of src/analysis/stats.ts (weighted by 1 + |goldstein|), or null. */
  readonly cooperation_index: number | null;
  readonly cooperation_se: number | null;
}

/** Every pair of countries with counted events in a scope, with its direct relation. */
export async function pairRelations(db: Kysely<Database>, scope: Scope): Promise<PairRelation[]> {
  const m = await loadRelations(db, normalizeScope(scope));
  return [...m.relations.values()].map((rel) => {
    const r = relationIndex(rel);
    return {
      a: rel.a,
      b: rel.b,
      events: r.events,
      quad: [...rel.quad],
      goldstein_sum: rel.goldsteinSum,
      cooperation_index: r.index,
      cooperation_se: r.se,
    };
  });
}
