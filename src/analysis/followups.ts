// Follow-through: each planned event (modality 'planned', dated at the planned date with its
// precision) is matched to a later asserted or reported event between the same actors with a
// compatible code: the same CAMEO root, or roots of one group in data/analysis/followups.json
// (intent to meet 03x and consult/meet 04x). For symmetric roots either direction counts.
//   window   = [min(announcement date, planned start), planned end + grace days]
//   held     = a matching event in the window (the earliest is the evidence)
//   pending  = no match yet and the window is not over at `asOf` (default: the latest published_at)
//   overdue  = no match and the window is over
import { readFileSync } from 'node:fs';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { BlocwatchError } from '../errors.ts';
import { dataPath } from '../paths.ts';
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

/** Planned events per matching query (each gives a few rows of parameters). */
const MATCH_CHUNK = 500;

/**
 * For every planned event, its earliest matching event (by date, then id), in one query per
 * chunk of planned events instead of one per event: the planned side is a VALUES list with one
 * row per direction and compatible root, joined to the events on the dyad index (the root is
 * compared as an expression, so that SQLite does not pick the root index, which would read every
 * event of that root in the window, whatever its dyad).
 */
async function firstMatches(
  db: Kysely<Database>,
  planned: readonly { source_country: string; target_country: string; doc_id: string | null }[],
  windows: readonly { start: string; deadline: string; roots: string[]; symmetric: boolean }[],
): Promise<Map<number, EvidenceEvent>> {
  const out = new Map<number, EvidenceEvent>();
  for (let from = 0; from < planned.length; from += MATCH_CHUNK) {
    const rows: RawBuilder<unknown>[] = [];
    for (let i = from; i < Math.min(planned.length, from + MATCH_CHUNK); i++) {
      const p = planned[i]!;
      const w = windows[i]!;
      const sides: [string, string][] = [[p.source_country, p.target_country]];
      if (w.symmetric && p.source_country !== p.target_country)
        sides.push([p.target_country, p.source_country]);
      for (const [s, t] of sides)
        for (const root of w.roots)
          rows.push(sql`(${i}, ${s}, ${t}, ${root}, ${w.start}, ${w.deadline}, ${p.doc_id ?? ''})`);
    }
    const columns = EVIDENCE_COLUMNS.map((c) => sql.ref(`e.${c}`));
    const result = await sql<EvidenceEvent & { pid: number; rn: number }>`
      with p (pid, s, t, root, wfrom, wto, doc) as (values ${sql.join(rows)})
      select * from (
        select p.pid as pid, ${sql.join(columns)},
          row_number() over (partition by p.pid order by e.date, e.id) as rn
        from p cross join events e
        where e.source_country = p.s and e.target_country = p.t
          and e.date >= p.wfrom and e.date <= p.wto and (e.root || '') = p.root
          and e.modality in ('asserted', 'reported') and e.is_duplicate = 0
          and (p.doc = '' or e.doc_id is null or e.doc_id <> p.doc)
      ) as ranked
      where rn = 1`.execute(db);
    for (const r of result.rows) {
      const { pid, rn: _rn, ...event } = r;
      out.set(Number(pid), event as EvidenceEvent);
    }
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
    .select([
      ...EVIDENCE_COLUMNS,
      'date_precision',
      'published_at',
      'source_country',
      'target_country',
      'root',
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
  const items: Followup[] = [];
  const counts = { held: 0, pending: 0, overdue: 0 };
  rows.forEach((p, i) => {
    const { start, deadline } = windows[i]!;
    const match = matches.get(i);
    const status: Followup['status'] = match ? 'held' : asOf && asOf > deadline ? 'overdue' : 'pending';
    counts[status]++;
    if (params.status && params.status !== status) return;
    if (items.length >= limit) return;
    const { source_country: _s, target_country: _t, root: _r, ...event } = p;
    items.push({
      planned: {
        ...event,
        origin: event.origin as EventOrigin,
        goldstein: Number(event.goldstein),
        quad_class: Number(event.quad_class),
      },
      window: { from: start, to: deadline },
      status,
      match: match
        ? { ...match, goldstein: Number(match.goldstein), quad_class: Number(match.quad_class) }
        : null,
    });
  });
  return { as_of: asOf ?? null, counts, items };
}
