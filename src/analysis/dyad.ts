// Dyad series: for a pair of actors (countries or groups, or longer CAMEO actor-code prefixes),
// per period: event counts by quad class, Goldstein sum and mean, the cooperation index with its
// standard error, per-direction counts, and the most intense events as evidence.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, EventOrigin } from '../store/schema.ts';
import { type Cell, loadCells } from './cells.ts';
import {
  checkActor,
  countedEvents,
  normalizeScope,
  type Period,
  type PeriodSpan,
  periodOf,
  periodsBetween,
  type Scope,
} from './scope.ts';
import { addToTally, cooperationIndex, emptyTally, round, type Tally } from './stats.ts';

export interface DyadParams extends Scope {
  readonly a: string;
  readonly b: string;
  /** Bucket size (default month). */
  readonly period?: Period;
  /** Only events from A to B (default: both directions). */
  readonly directed?: boolean;
  /** Evidence events per period (default 3, 0 for none). */
  readonly evidence?: number;
}

export interface QuadCounts {
  readonly '1': number;
  readonly '2': number;
  readonly '3': number;
  readonly '4': number;
}

export interface DyadStats {
  readonly events: number;
  readonly by_quad: QuadCounts;
  readonly goldstein_sum: number;
  readonly goldstein_mean: number | null;
  /** (C − K)/(C + K) with weights 1 + |goldstein|; null without events. */
  readonly cooperation_index: number | null;
  readonly cooperation_se: number | null;
}

export interface EvidenceEvent {
  readonly id: string;
  readonly date: string;
  readonly origin: EventOrigin;
  readonly source_code: string;
  readonly source_name: string;
  readonly target_code: string;
  readonly target_name: string;
  readonly code: string;
  readonly quad_class: number;
  readonly goldstein: number;
  readonly modality: string;
  readonly evidence_text: string;
  readonly doc_id: string | null;
  readonly source_url: string | null;
}

export interface DyadPeriod extends DyadStats {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly evidence: EvidenceEvent[];
}

export interface DyadSeries {
  readonly a: string;
  readonly b: string;
  readonly directed: boolean;
  readonly period: Period;
  readonly from: string | null;
  readonly to: string | null;
  readonly origins: EventOrigin[] | null;
  readonly totals: DyadStats & {
    /** A → B only. */
    readonly a_to_b: DyadStats;
    /** B → A only (empty when directed). */
    readonly b_to_a: DyadStats;
  };
  readonly periods: DyadPeriod[];
}

/** Most periods filled in one series (a day series over 270 years). */
const MAX_PERIODS = 100_000;

class Acc {
  byQuad = [0, 0, 0, 0];
  gsum = 0;
  coop: Tally = emptyTally();
  conflict: Tally = emptyTally();
  add(quad: number, n: number, gsum: number, gabs: number, gsq: number) {
    if (quad >= 1 && quad <= 4) this.byQuad[quad - 1]! += n;
    this.gsum += gsum;
    addToTally(quad <= 2 ? this.coop : this.conflict, n, gabs, gsq);
  }
  addCell(c: Cell) {
    this.byQuad[0]! += c.n1;
    this.byQuad[1]! += c.n2;
    this.byQuad[2]! += c.n3;
    this.byQuad[3]! += c.n4;
    this.gsum += c.gsum;
    addToTally(this.coop, c.n_coop, c.coop_abs, c.coop_sq);
    addToTally(this.conflict, c.n_conflict, c.conflict_abs, c.conflict_sq);
  }
  stats(): DyadStats {
    const events = this.byQuad.reduce((s, x) => s + x, 0);
    const ci = cooperationIndex(this.coop, this.conflict);
    return {
      events,
      by_quad: { '1': this.byQuad[0]!, '2': this.byQuad[1]!, '3': this.byQuad[2]!, '4': this.byQuad[3]! },
      goldstein_sum: round(this.gsum, 3) ?? 0,
      goldstein_mean: events > 0 ? round(this.gsum / events, 3) : null,
      cooperation_index: round(ci.index),
      cooperation_se: round(ci.se),
    };
  }
}

type EB = ExpressionBuilder<Database, 'events'>;

function sideMatches(eb: EB, side: 'source' | 'target', code: string) {
  return code.length === 3 ? eb(`${side}_country`, '=', code) : eb(`${side}_code`, 'like', `${code}%`);
}

/** WHERE for the pair: A → B, or either direction. */
export function pairCondition(a: string, b: string, directed: boolean) {
  return (eb: EB) => {
    const ab = eb.and([sideMatches(eb, 'source', a), sideMatches(eb, 'target', b)]);
    if (directed) return ab;
    return eb.or([ab, eb.and([sideMatches(eb, 'source', b), sideMatches(eb, 'target', a)])]);
  };
}

/** Beyond this many sparse periods the evidence query reads every event of the dyad. */
const MAX_SPARSE_PERIODS = 40;

/** SQL expression grouping evidence in SQL (finer than or equal to the period; reduced in JS). */
function evidencePartition(period: Period) {
  if (period === 'year') return sql`substr(date, 1, 4)`;
  if (period === 'month' || period === 'quarter') return sql`substr(date, 1, 7)`;
  return sql`date`;
}

/**
 * Which events can be among the top `n` evidence events of their period, without reading them:
 * every group of the aggregate query holds at least one event at the group's maximum |goldstein|,
 * so a period's n-th largest group maximum is a lower bound of its n-th largest event. Events
 * below the smallest such bound (over the periods with at least n groups) are skipped, except in
 * the sparse periods (fewer than n groups), which are read whole. The condition uses only columns
 * of the covering index, so SQLite reads the table row of candidates only. Null: no filter.
 */
function evidenceCandidates(
  periods: readonly { span: PeriodSpan; maxima: number[] }[],
  n: number,
): { threshold: number; sparse: PeriodSpan[] } | null {
  let threshold = Number.POSITIVE_INFINITY;
  const sparse: PeriodSpan[] = [];
  for (const p of periods) {
    if (p.maxima.length < n) {
      sparse.push(p.span);
      continue;
    }
    const sorted = [...p.maxima].sort((x, y) => y - x);
    threshold = Math.min(threshold, sorted[n - 1]!);
  }
  if (!Number.isFinite(threshold) || threshold <= 0 || sparse.length > MAX_SPARSE_PERIODS) return null;
  return { threshold, sparse };
}

/** The first and last dates of the pair's counted events in the scope (two index seeks per side). */
async function dateExtent(
  db: Kysely<Database>,
  scope: Scope,
  a: string,
  b: string,
  directed: boolean,
): Promise<[string | null, string | null]> {
  const sides: [string, string][] = directed
    ? [[a, b]]
    : [
        [a, b],
        [b, a],
      ];
  let lo: string | null = null;
  let hi: string | null = null;
  for (const [s, t] of sides)
    for (const dir of ['asc', 'desc'] as const) {
      const row = await db
        .selectFrom('events')
        .select('date')
        .where(countedEvents(scope))
        .where('source_country', '=', s)
        .where('target_country', '=', t)
        .orderBy('date', dir)
        .limit(1)
        .executeTakeFirst();
      if (!row) continue;
      if (dir === 'asc' && (lo === null || row.date < lo)) lo = row.date;
      if (dir === 'desc' && (hi === null || row.date > hi)) hi = row.date;
    }
  return [lo, hi];
}

/** The top `perPeriod` events of each period among the candidates (all events when null). */
function rankedEvidence(
  db: Kysely<Database>,
  scope: Scope,
  a: string,
  b: string,
  directed: boolean,
  period: Period,
  perPeriod: number,
  candidates: { threshold: number; sparse: PeriodSpan[] } | null,
) {
  // ranked on the covering index alone (events_dyad_cover holds every column the ranking reads),
  // then only the winners' rows are read from the table. One branch per direction: with an OR of
  // the two, SQLite collects the matching rowids and reads every candidate's row from the table.
  const direction = (s: string, t: string, notAlso?: [string, string]) =>
    db
      .selectFrom('events')
      .where(countedEvents(scope))
      .where(pairCondition(s, t, true))
      .where((eb) =>
        notAlso ? eb.not(pairCondition(notAlso[0], notAlso[1], true)(eb)) : sql<SqlBool>`1 = 1`,
      )
      .where((eb) => {
        if (!candidates) return sql<SqlBool>`1 = 1`;
        const ranges: Expression<SqlBool>[] = candidates.sparse.map((span) =>
          eb.and([eb('date', '>=', span.from), eb('date', '<=', span.to)]),
        );
        if (Number.isFinite(candidates.threshold))
          ranges.unshift(sql<SqlBool>`abs(goldstein) >= ${candidates.threshold}`);
        return eb.or(ranges);
      })
      .select(['id', 'date', 'goldstein', 'confidence']);
  const pair = directed ? direction(a, b) : direction(a, b).unionAll(direction(b, a, [a, b]));
  const ranked = db
    .selectFrom(pair.as('pair'))
    .select([
      'id',
      sql<number>`row_number() over (partition by ${evidencePartition(period)} order by abs(goldstein) desc, confidence desc, id)`.as(
        'rn',
      ),
    ])
    .as('ranked');
  return db
    .selectFrom(ranked)
    .innerJoin('events as e', 'e.id', 'ranked.id')
    .where('ranked.rn', '<=', perPeriod)
    .select([
      'e.id',
      'e.date',
      'e.origin',
      'e.source_code',
      'e.source_name',
      'e.target_code',
      'e.target_name',
      'e.code',
      'e.quad_class',
      'e.goldstein',
      'e.modality',
      'e.evidence_text',
      'e.doc_id',
      'e.source_url',
    ])
    .orderBy('e.date')
    .orderBy('e.id')
    .execute();
}

export async function dyadSeries(db: Kysely<Database>, params: DyadParams): Promise<DyadSeries> {
  const a = checkActor(params.a);
  const b = checkActor(params.b);
  const scope = normalizeScope(params);
  const period = params.period ?? 'month';
  const directed = params.directed ?? false;
  const perPeriod = params.evidence ?? 3;

  const total = new Acc();
  const ab = new Acc();
  const ba = new Acc();
  const byPeriod = new Map<string, { span: PeriodSpan; acc: Acc; maxima: number[] }>();
  const slotOf = (date: string) => {
    const span = periodOf(date, period);
    let slot = byPeriod.get(span.key);
    if (!slot) {
      slot = { span, acc: new Acc(), maxima: [] };
      byPeriod.set(span.key, slot);
    }
    return slot;
  };
  let minDate: string | null = null;
  let maxDate: string | null = null;
  const byCountry = a.length === 3 && b.length === 3;
  if (byCountry && (period === 'month' || period === 'quarter' || period === 'year')) {
    // whole months from the aggregate cells (a month lies in one period), partial ones from events
    const cells = await loadCells(db, scope, { pair: [a, b] });
    for (const c of cells) {
      const fromA = c.source_country === a && c.target_country === b;
      if (directed && !fromA) continue;
      total.addCell(c);
      (fromA ? ab : ba).addCell(c);
      const slot = slotOf(`${c.month}-01`);
      slot.acc.addCell(c);
      slot.maxima.push(c.gmax);
    }
    if (cells.length > 0 && (!scope.from || !scope.to))
      [minDate, maxDate] = await dateExtent(db, scope, a, b, directed);
  } else {
    // with two country codes the direction is known from source_country alone, so the query reads
    // only the columns of the covering index events_dyad_cover (no table lookups)
    const rows = await db
      .selectFrom('events')
      .where(countedEvents(scope))
      .where(pairCondition(a, b, directed))
      .select((eb) => [
        'date',
        'source_country',
        byCountry ? sql<string>`''`.as('source_code') : 'source_code',
        'quad_class',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('goldstein').as('gsum'),
        eb.fn.sum<number>(sql`abs(goldstein)`).as('gabs'),
        eb.fn.sum<number>(sql`goldstein * goldstein`).as('gsq'),
        eb.fn.max<number>(sql`abs(goldstein)`).as('gmax'),
      ])
      .groupBy(
        byCountry
          ? ['date', 'source_country', 'quad_class']
          : ['date', 'source_country', 'source_code', 'quad_class'],
      )
      .execute();
    const isA = (country: string, code: string) => (a.length === 3 ? country === a : code.startsWith(a));
    for (const r of rows) {
      const n = Number(r.n);
      const gsum = Number(r.gsum);
      const gabs = Number(r.gabs);
      const gsq = Number(r.gsq);
      const quad = Number(r.quad_class);
      total.add(quad, n, gsum, gabs, gsq);
      (isA(r.source_country, r.source_code) ? ab : ba).add(quad, n, gsum, gabs, gsq);
      const slot = slotOf(r.date);
      slot.acc.add(quad, n, gsum, gabs, gsq);
      slot.maxima.push(Number(r.gmax));
      if (minDate === null || r.date < minDate) minDate = r.date;
      if (maxDate === null || r.date > maxDate) maxDate = r.date;
    }
  }

  const evidence = new Map<string, EvidenceEvent[]>();
  if (perPeriod > 0 && byPeriod.size > 0) {
    const slots = [...byPeriod.values()].filter((p) => p.acc.stats().events > 0);
    const candidates = evidenceCandidates(slots, perPeriod);
    const add = (events: EvidenceEvent[], only?: Set<string>) => {
      for (const e of events) {
        const key = periodOf(e.date, period).key;
        if (only && !only.has(key)) continue;
        const list = evidence.get(key) ?? [];
        list.push({ ...e, goldstein: Number(e.goldstein), quad_class: Number(e.quad_class) });
        evidence.set(key, list);
      }
    };
    add(await rankedEvidence(db, scope, a, b, directed, period, perPeriod, candidates));
    // the maxima are upper bounds (an aggregate cell keeps its largest |goldstein| after a deletion):
    // a period that got fewer candidates than it has evidence to show is read whole
    if (candidates) {
      const short = slots.filter(
        (p) => (evidence.get(p.span.key)?.length ?? 0) < Math.min(perPeriod, p.acc.stats().events),
      );
      const sparse = new Set(candidates.sparse.map((s) => s.key));
      const redo = short.filter((p) => !sparse.has(p.span.key));
      if (redo.length > 0) {
        for (const p of redo) evidence.delete(p.span.key);
        add(
          await rankedEvidence(db, scope, a, b, directed, period, perPeriod, {
            threshold: Number.POSITIVE_INFINITY,
            sparse: redo.map((p) => p.span),
          }),
          new Set(redo.map((p) => p.span.key)),
        );
      }
    }
    for (const [key, list] of evidence) {
      list.sort((x, y) => Math.abs(y.goldstein) - Math.abs(x.goldstein) || x.id.localeCompare(y.id));
      evidence.set(key, list.slice(0, perPeriod));
    }
  }

  const first = scope.from ?? minDate;
  const last = scope.to ?? maxDate;
  let spans: PeriodSpan[] = [];
  if (first && last) {
    spans = periodsBetween(first, last, period);
    if (spans.length > MAX_PERIODS) spans = [...byPeriod.values()].map((s) => s.span);
  }
  const periods: DyadPeriod[] = spans.map((span) => ({
    key: span.key,
    from: span.from,
    to: span.to,
    ...(byPeriod.get(span.key)?.acc ?? new Acc()).stats(),
    evidence: evidence.get(span.key) ?? [],
  }));
  return {
    a,
    b,
    directed,
    period,
    from: first ?? null,
    to: last ?? null,
    origins: scope.origins ? [...scope.origins] : null,
    totals: { ...total.stats(), a_to_b: ab.stats(), b_to_a: ba.stats() },
    periods,
  };
}
