// UN General Assembly votes: the vote matrix of a period and pairwise agreement measures.
// Agreement follows the convention of the data's notes: over the roll calls where both countries
// cast a vote (yes, abstain or no; absences are not rows), the share of identical votes.
// Cohen's kappa corrects it for the agreement expected from each country's own vote shares;
// Signorino–Ritter S uses the ordinal distance between votes (yes 1, abstain 2, no 3; d = 2).
import type { Kysely } from 'kysely';
import { BlocwatchError } from '../errors.ts';
import type { Database } from '../store/schema.ts';
import type { Scope } from './scope.ts';
import { round } from './stats.ts';

export interface VoteMatrix {
  readonly countries: string[];
  readonly indexOf: Map<string, number>;
  /** Roll calls in date order. */
  readonly rollCalls: { rcid: number; date: string }[];
  /** votes[country][rollCall]: 0 absent, 1 yes, 2 abstain, 3 no. */
  readonly votes: Uint8Array[];
}

export async function loadVoteMatrix(db: Kysely<Database>, scope: Scope): Promise<VoteMatrix> {
  let calls = db.selectFrom('un_roll_calls').select(['rcid', 'date']).orderBy('date').orderBy('rcid');
  if (scope.from) calls = calls.where('date', '>=', scope.from);
  if (scope.to) calls = calls.where('date', '<=', scope.to);
  const rollCalls = (await calls.execute()).map((r) => ({ rcid: Number(r.rcid), date: r.date }));
  if (rollCalls.length === 0) {
    const any = await db.selectFrom('un_roll_calls').select('rcid').limit(1).executeTakeFirst();
    if (!any)
      throw new BlocwatchError(
        'BW_ERR_NOT_FOUND',
        'no UN roll calls stored: run `blocwatch import unvotes VOTES --roll-calls ROLL_CALLS` first',
      );
  }
  const column = new Map(rollCalls.map((r, i) => [r.rcid, i]));
  let q = db
    .selectFrom('un_votes')
    .innerJoin('un_roll_calls', 'un_roll_calls.rcid', 'un_votes.rcid')
    .select(['un_votes.rcid as rcid', 'un_votes.country as country', 'un_votes.vote as vote']);
  if (scope.from) q = q.where('un_roll_calls.date', '>=', scope.from);
  if (scope.to) q = q.where('un_roll_calls.date', '<=', scope.to);
  const rows = await q.execute();
  const indexOf = new Map<string, number>();
  const countries: string[] = [];
  const votes: Uint8Array[] = [];
  for (const r of rows) {
    const col = column.get(Number(r.rcid));
    if (col === undefined) continue;
    let i = indexOf.get(r.country);
    if (i === undefined) {
      i = countries.length;
      indexOf.set(r.country, i);
      countries.push(r.country);
      votes.push(new Uint8Array(rollCalls.length));
    }
    votes[i]![col] = Number(r.vote);
  }
  return { countries, indexOf, rollCalls, votes };
}

export interface VoteAgreement {
  /** Roll calls where both voted. */
  readonly n: number;
  readonly agreement: number | null;
  readonly kappa: number | null;
  readonly s: number | null;
}

/** Agreement measures of two countries over the roll calls in [start, end) (all by default). */
export function voteAgreement(x: Uint8Array, y: Uint8Array, start = 0, end = x.length): VoteAgreement {
  // confusion counts of the 3 × 3 vote table, without allocating per pair
  let n = 0;
  let same = 0;
  let distance = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let k = start; k < end; k++) {
    const u = x[k]!;
    const v = y[k]!;
    if (u === 0 || v === 0) continue;
    n++;
    if (u === v) same++;
    else distance += u > v ? u - v : v - u;
    if (u === 1) a1++;
    else if (u === 2) a2++;
    else a3++;
    if (v === 1) b1++;
    else if (v === 2) b2++;
    else b3++;
  }
  if (n === 0) return { n: 0, agreement: null, kappa: null, s: null };
  const po = same / n;
  const pe = (a1 * b1 + a2 * b2 + a3 * b3) / (n * n);
  const kappa = pe >= 1 - 1e-12 ? (po >= 1 - 1e-12 ? 1 : null) : (po - pe) / (1 - pe);
  return { n, agreement: round(po), kappa: round(kappa), s: round(1 - (2 * distance) / (n * 2)) };
}

/** Roll-call index ranges per calendar year. */
export function yearRanges(m: VoteMatrix): { year: string; start: number; end: number }[] {
  const out: { year: string; start: number; end: number }[] = [];
  for (let k = 0; k < m.rollCalls.length; k++) {
    const year = m.rollCalls[k]!.date.slice(0, 4);
    const last = out[out.length - 1];
    if (last && last.year === year) last.end = k + 1;
    else out.push({ year, start: k, end: k + 1 });
  }
  return out;
}
