// The dashboard's only door to data: typed GETs against the blocwatch REST API.

// The records are the server's own (type-only: nothing of the server is bundled).
import type { ClaimRecord, EventRecord, QuoteRecord } from '../../src/store/records.ts';

export type { ClaimRecord, EventRecord, QuoteRecord };

export interface Stats {
  documents: number;
  events: number;
  claims: number;
  quotes: number;
  unknown_mentions: number;
  duplicate_documents: number;
  countries: number;
  first_date: string | null;
  last_date: string | null;
  first_published: string | null;
  last_published: string | null;
  by_quad: number[];
  by_modality: Record<string, number>;
  by_origin: Record<string, number>;
}

export interface RankedDyad {
  a: string;
  b: string;
  events: number;
  a_to_b: number;
  b_to_a: number;
  cooperation_index: number;
  cooperation_se: number | null;
  goldstein_mean: number;
}

export interface TopDyads {
  cooperative: RankedDyad[];
  conflictual: RankedDyad[];
}

export type QuadCounts = Record<'1' | '2' | '3' | '4', number>;

export interface DyadStats {
  events: number;
  by_quad: QuadCounts;
  goldstein_sum: number;
  goldstein_mean: number | null;
  cooperation_index: number | null;
  cooperation_se: number | null;
}

export interface DyadPeriod extends DyadStats {
  key: string;
  from: string;
  to: string;
}

export interface EvidenceEvent {
  id: string;
  date: string;
  source_code: string;
  source_name: string;
  target_code: string;
  target_name: string;
  code: string;
  modality: string;
  evidence_text: string;
  doc_id: string | null;
}

export interface Followup {
  planned: EvidenceEvent & { date_precision: string; published_at: string };
  window: { from: string; to: string };
  status: 'held' | 'pending' | 'overdue';
  match: EvidenceEvent | null;
}

export interface DyadPage {
  a: string;
  b: string;
  period: string;
  totals: DyadStats;
  periods: DyadPeriod[];
  events: EventRecord[];
  claims: ClaimRecord[];
  followups: { as_of: string | null; counts: Record<string, number>; items: Followup[] };
}

export interface Network {
  method: string;
  states: { code: string; events: number }[];
  pairs: { a: string; b: string; index: number; events: number; quad: number[] }[];
}

export interface PairAlignment {
  a: string;
  b: string;
  alignment: number | null;
  direct: { index: number | null; events: number };
  third_party: { common: number; kappa: number | null };
  events: number;
}

export interface AlignmentResult {
  a: string;
  partners: PairAlignment[];
  formula: string;
}

export interface BlocsWindow {
  from: string;
  to: string;
  modularity: number | null;
  nodes: number;
  unaligned: string[];
  blocs: { id: string; members: string[]; cohesion: number | null; joined: string[]; left: string[] }[];
}

export interface Blocs {
  window: string;
  windows: BlocsWindow[];
}

export interface TrendSide {
  from: string;
  to: string;
  events: number;
  cooperation_index: number | null;
}

export interface Trend {
  a: string;
  b: string;
  direction: 'rising' | 'collapsing';
  earlier: TrendSide;
  later: TrendSide;
  change: number;
  q: number;
  since: string;
}

export interface Trends {
  rising: Trend[];
  collapsing: Trend[];
  tested: number;
}

export interface DocumentMeta {
  id: string;
  url: string | null;
  title: string | null;
  published_at: string;
  source: string | null;
  events?: number;
}

export interface DocumentPage {
  document: DocumentMeta & { text: string };
  events: EventRecord[];
  claims: ClaimRecord[];
  quotes: QuoteRecord[];
  unknown: { sentence_index: number; start: number; end: number; text: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type Params = Record<string, string | number | boolean | undefined | null>;

export function query(params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const response = await fetch(`api/${path}${query(params)}`, {
    signal,
    headers: { Accept: 'application/json' },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body || body.ok === false) {
    const error = body?.error ?? { code: 'BW_ERR_INTERNAL', message: `HTTP ${response.status}` };
    throw new ApiError(error.code, error.message, response.status);
  }
  return body as T;
}
