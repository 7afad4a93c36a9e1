// The relation matrix of a scope: for every pair of countries (or groups) with counted events,
// weighted cooperative and conflictual tallies, undirected and per direction. Alignment, blocs,
// trends and top dyads are computed from it in memory (one GROUP BY over the scope's events).
import { type Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.ts';
import { countedEvents, earlier, later, type Scope } from './scope.ts';
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

export async function loadRelations(db: Kysely<Database>, scope: Scope): Promise<RelationMatrix> {
  const rows = await db
    .selectFrom('events')
    .where(countedEvents(scope))
    .where('source_country', '!=', '')
    .where('target_country', '!=', '')
    .whereRef('source_country', '!=', 'target_country')
    .select((eb) => [
      'source_country',
      'target_country',
      'quad_class',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('goldstein').as('gsum'),
      eb.fn.sum<number>(sql`abs(goldstein)`).as('gabs'),
      eb.fn.sum<number>(sql`goldstein * goldstein`).as('gsq'),
    ])
    .groupBy(['source_country', 'target_country', 'quad_class'])
    .execute();
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
    const s = r.source_country;
    const t = r.target_country;
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
      };
      relations.set(key, rel);
      link(s, t);
      link(t, s);
    }
    const n = Number(r.n);
    addToTally(Number(r.quad_class) <= 2 ? rel.coop : rel.conflict, n, Number(r.gabs), Number(r.gsq));
    rel.goldsteinSum += Number(r.gsum);
    if (s === rel.a) rel.abEvents += n;
    else rel.baEvents += n;
  }
  return { relations, partners };
}
