// Follow-through: each planned event (modality 'planned', dated at the planned date with its
// precision) is matched to a later asserted or reported event between the same actors with a
// compatible code: the same CAMEO root, or roots of one group in data/analysis/followups.json
// (intent to meet 03x and consult/meet 04x). For symmetric roots either direction counts.
//   window   = [min(announcement date, planned start), planned end + grace days]
//   held     = a matching event in the window (the earliest is the evidence)
//   pending  = no match yet and the window is not over at `asOf` (default: the latest published_at)
//   overdue  = no match and the window is over
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { BlocwatchError } from '../errors.ts';
import { dataPath } from '../paths.ts';
import { dialectOf } from '../store/aggregates.ts';
import type { Database, EventOrigin } from '../store/schema.ts';
import type { EvidenceEvent } from './dyad.ts';
import { addDays, dateBound, earlier, normalizeScope, type Scope } from './scope.ts';

export interface FollowupRules {
  readonly compatibleRootGroups: string[][];
  readonly symmetricRoots: Set<string>;
  readonly graceDays: Record<string, number>;
}

export function loadFollowupRules(file = dataPath('analysis', 'followups.json')): FollowupRules {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BlocwatchError(
      'BW_ERR_KB_INVALID',
      `${file}:1 file: expected JSON, found ${(error as Error).message}`,
    );
  }
  const r = raw as Record<string, unknown>;
  const groups = r.compatible_root_groups;
  const symmetric = r.symmetric_roots;
  const grace = r.grace_days;
  const isRoot = (x: unknown) => typeof x === 'string' && /^\d{2}$/.test(x);
  if (!Array.isArray(groups) || !groups.every((g) => Array.isArray(g) && g.every(isRoot)))
    throw new BlocwatchError(
      'BW_ERR_KB_INVALID',
      `${file}:1 compatible_root_groups: expected lists of 2-digit roots`,
    );
  if (!Array.isArray(symmetric) || !symmetric.every(isRoot))
    throw new BlocwatchError(
      'BW_ERR_KB_INVALID',
      `${file}:1 symmetric_roots: expected a list of 2-digit roots`,
    );
  if (typeof grace !== 'object' || grace === null || !Object.values(grace).every((v) => Number.isInteger(v)))
    throw new BlocwatchError('BW_ERR_KB_INVALID', `${file}:1 grace_days: expected integers by precision`);
  return {
    compatibleRootGroups: groups as string[][],
    symmetricRoots: new Set(symmetric as string[]),
    graceDays: grace as Record<string, number>,
  };
}

export interface FollowupsParams extends Scope {
  /** Judge pending/overdue as of this date (default: the latest published_at in the store). */
  readonly asOf?: string;
  /** Only planned events involving this country. */
  readonly actor?: string;
  /** Only planned events between these two countries (either direction). */
  readonly pair?: readonly [string, string];
  readonly status?: 'held' | 'pending' | 'overdue';
  readonly limit?: number;
}

export interface Followup {
  readonly planned: EvidenceEvent & { readonly date_precision: string; readonly published_at: string };
  readonly window: { readonly from: string; readonly to: string };
  readonly status: 'held' | 'pending' | 'overdue';
  readonly match: EvidenceEvent | null;
}

export interface FollowupsResult {
  readonly as_of: string | null;
  readonly counts: { readonly held: number; readonly pending: number; readonly overdue: number };
  readonly items: Followup[];
}

/** Last day of the span a planned date stands for at its precision. */
export function plannedEnd(date: string, precision: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const endOfMonth = (yy: number, mm: number) =>
    `${yy}-${String(mm).padStart(2, '0')}-${String(new Date(Date.UTC(yy, mm, 0)).getUTCDate()).padStart(2, '0')}`;
  switch (precision) {
    case 'month':
      return endOfMonth(y, m);
    case 'quarter':
      return endOfMonth(y, Math.ceil(m / 3) * 3);
    case 'half':
      return endOfMonth(y, m <= 6 ? 6 : 12);
    case 'year':
      return `${y}-12-31`;
    default:
      return date;
  }
}

const EVIDENCE_COLUMNS = [
  'id',
  'date',
  'origin',
  'source_code',
  'source_name',
  'target_code',
  'target_name',
  'code',
  'quad_class',
  'goldstein',
  'modality',
  'evidence_text',
  'doc_id',
  'source_url',
] as const;

/** Merged windows per matching query (each gives a row of six parameters). */
const MATCH_CHUNK = 500;

interface Candidate {
  readonly date: string;
  readonly id: string;
  readonly doc: string | null;
  /** Position in the (date, id) order of its query, as the database sorts. */
  readonly rank: number;
}

/**
 * For every planned event, its earliest matching event (by date, then id). Planned events of one
 * dyad often have overlapping windows, and reading each window on its own read the same events
 * (and their `root`, from the table) once per window. Instead the windows are merged per
 * direction and root, each merged span is read once in (date, id) order, and each planned event
 * takes the first candidate inside its own window. All spans of one pair go to the same query,
 * so the candidates a planned event compares share one database ordering. The root is compared
 * as an expression, so that SQLite walks the dyad index rather than the root index (which would
 * read every event of that root in the window, whatever its dyad).
 */
async function firstMatches(
  db: Kysely<Database>,
  planned: readonly { source_country: string; target_country: string; doc_id: string | null }[],
  windows: readonly { start: string; deadline: string; roots: string[]; symmetric: boolean }[],
): Promise<Map<number, string>> {
  const keysOf = planned.map((p, i) => {
    const w = windows[i]!;
    const sides: [string, string][] = [[p.source_country, p.target_country]];
    if (w.symmetric && p.source_country !== p.target_country)
      sides.push([p.target_country, p.source_country]);
    return sides.flatMap(([s, t]) => w.roots.map((root) => `${s}\t${t}\t${root}`));
  });
  const windowsByKey = new Map<string, [string, string][]>();
  keysOf.forEach((keys, i) => {
    const w = windows[i]!;
    for (const key of keys) {
      const list = windowsByKey.get(key) ?? [];
      windowsByKey.set(key, list);
      list.push([w.start, w.deadline]);
    }
  });
  const pairOf = (key: string) => key.split('\t').slice(0, 2).sort().join('\t');
  const spansByPair = new Map<string, { key: string; from: string; to: string }[]>();
  for (const [key, list] of windowsByKey) {
    list.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    const pairSpans = spansByPair.get(pairOf(key)) ?? [];
    spansByPair.set(pairOf(key), pairSpans);
    let [from, to] = list[0]!;
    for (const [f, t] of list.slice(1)) {
      if (f <= to) {
        if (t > to) to = t;
      } else {
        pairSpans.push({ key, from, to });
        [from, to] = [f, t];
      }
    }
    pairSpans.push({ key, from, to });
  }
  const chunks: { key: string; from: string; to: string }[][] = [[]];
  for (const pairSpans of spansByPair.values()) {
    if (chunks.at(-1)!.length > 0 && chunks.at(-1)!.length + pairSpans.length > MATCH_CHUNK) chunks.push([]);
    chunks.at(-1)!.push(...pairSpans);
  }
  // SQLite: the window is walked on the covering dyad index, which holds the root too (migration
  // 0006), so that only the candidates are read from the table (for their document); left to
  // itself the planner would pick the root index and read every event of that root in the window
  const events = dialectOf(db) === 'sqlite' ? sql`events e indexed by events_dyad_cover` : sql`events e`;
  const candidates = new Map<string, Candidate[]>();
  let rank = 0;
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const rows = chunk.map((span, j) => {
      const [s, t, root] = span.key.split('\t');
      return sql`(${j}, ${s}, ${t}, ${root}, ${span.from}, ${span.to})`;
    });
    const result = await sql<{ k: number; date: string; id: string; doc_id: string | null }>`
      with p (k, s, t, root, wfrom, wto) as (values ${sql.join(rows)})
      select p.k as k, e.date as date, e.id as id, e.doc_id as doc_id
      from p cross join ${events}
      where e.source_country = p.s and e.target_country = p.t
        and e.date >= p.wfrom and e.date <= p.wto and e.root = p.root
        and e.modality in ('asserted', 'reported') and e.is_duplicate = 0
      order by e.date, e.id`.execute(db);
    for (const r of result.rows) {
      const key = chunk[Number(r.k)]!.key;
      const list = candidates.get(key) ?? [];
      candidates.set(key, list);
      list.push({ date: r.date, id: r.id, doc: r.doc_id, rank: rank++ });
    }
  }
  const winners = new Map<number, string>();
  keysOf.forEach((keys, i) => {
    const { start, deadline } = windows[i]!;
    const doc = planned[i]!.doc_id ?? '';
    let best: Candidate | undefined;
    for (const key of keys) {
      const list = candidates.get(key);
      if (!list) continue;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.date < start) lo = mid + 1;
        else hi = mid;
      }
      for (let j = lo; j < list.length && list[j]!.date <= deadline; j++) {
        const c = list[j]!;
        if (doc !== '' && c.doc !== null && c.doc === doc) continue;
        if (!best || c.rank < best.rank) best = c;
        break;
      }
    }
    if (best) winners.set(i, best.id);
  });
  return winners;
}

/** Events by id with these columns (`id` first), for the items a call returns. */
async function eventsById(
  db: Kysely<Database>,
  ids: readonly string[],
  columns: readonly (keyof Database['events'])[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const unique = [...new Set(ids)];
  for (let from = 0; from < unique.length; from += MATCH_CHUNK) {
    const rows = await db
      .selectFrom('events')
      .select([...columns])
      .where('id', 'in', unique.slice(from, from + MATCH_CHUNK))
      .execute();
    for (const r of rows as Record<string, unknown>[]) out.set(String(r.id), r);
  }
  return out;
}

export async function followups(
  db: Kysely<Database>,
  params: FollowupsParams = {},
): Promise<FollowupsResult> {
  const scope = normalizeScope(params);
  const rules = loadFollowupRules();
  const limit = params.limit ?? 200;
  let asOf = dateBound(params.asOf, 'end');
  if (!asOf) {
    let q = db.selectFrom('events').select((eb) => eb.fn.max<string>('published_at').as('hi'));
    if (scope.origins) q = q.where('origin', 'in', [...scope.origins]);
    asOf = (await q.executeTakeFirst())?.hi ?? undefined;
  }
  let planned = db
    .selectFrom('events')
    // what the matching needs; the full rows are read for the returned items only
    .select([
      'id',
      'date',
      'date_precision',
      'published_at',
      'source_country',
      'target_country',
      'root',
      'doc_id',
    ])
    .where('modality', '=', 'planned')
    .where('is_duplicate', '=', 0)
    .where('source_country', '!=', '')
    .where('target_country', '!=', '');
  if (scope.from) planned = planned.where('date', '>=', scope.from);
  if (scope.to) planned = planned.where('date', '<=', scope.to);
  if (scope.origins) planned = planned.where('origin', 'in', [...scope.origins]);
  if (params.actor) {
    const actor = params.actor.toUpperCase();
    planned = planned.where((eb) =>
      eb.or([eb('source_country', '=', actor), eb('target_country', '=', actor)]),
    );
  }
  if (params.pair) {
    const [a, b] = params.pair.map((c) => c.toUpperCase());
    planned = planned.where((eb) =>
      eb.or([
        eb.and([eb('source_country', '=', a!), eb('target_country', '=', b!)]),
        eb.and([eb('source_country', '=', b!), eb('target_country', '=', a!)]),
      ]),
    );
  }
  const rows = await planned.orderBy('date').orderBy('id').limit(10_000).execute();
  const windows = rows.map((p) => {
    const end = plannedEnd(p.date, p.date_precision);
    const deadline = addDays(end, rules.graceDays[p.date_precision] ?? 7);
    const start = earlier(p.published_at, p.date);
    const group = rules.compatibleRootGroups.find((g) => g.includes(p.root));
    return { start, deadline, roots: group ?? [p.root], symmetric: rules.symmetricRoots.has(p.root) };
  });
  const matches = await firstMatches(db, rows, windows);
  const picked: { i: number; status: Followup['status'] }[] = [];
  const counts = { held: 0, pending: 0, overdue: 0 };
  rows.forEach((_p, i) => {
    const status: Followup['status'] = matches.has(i)
      ? 'held'
      : asOf && asOf > windows[i]!.deadline
        ? 'overdue'
        : 'pending';
    counts[status]++;
    if (params.status && params.status !== status) return;
    if (picked.length < limit) picked.push({ i, status });
  });
  // the returned planned events and their matches, in one read
  const byId = await eventsById(
    db,
    picked.flatMap((x) => [rows[x.i]!.id, ...(matches.has(x.i) ? [matches.get(x.i)!] : [])]),
    [...EVIDENCE_COLUMNS, 'date_precision', 'published_at'],
  );
  const items: Followup[] = picked.map(({ i, status }) => {
    const event = byId.get(rows[i]!.id) as unknown as Followup['planned'];
    const matchId = matches.get(i);
    // a match is shown with the evidence columns only
    const {
      date_precision: _p,
      published_at: _d,
      ...match
    } = matchId === undefined ? {} : (byId.get(matchId) as Record<string, unknown>);

    const { start, deadline } = windows[i]!;
    return {
      planned: {
        ...event,
        origin: event.origin as EventOrigin,
        goldstein: Number(event.goldstein),
        quad_class: Number(event.quad_class),
      },
      window: { from: start, to: deadline },
      status,
      match:
        matchId === undefined
          ? null
          : {
              ...(match as unknown as EvidenceEvent),
              goldstein: Number(match.goldstein),
              quad_class: Number(match.quad_class),
            },
    };
  });
  return { as_of: asOf ?? null, counts, items };
}
