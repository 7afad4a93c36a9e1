// Mapping between pipeline records (CodedEvent, Claim, Quote) and store rows, and the flat JSON
// record shape that `blocwatch extract`, `blocwatch events --json`, `export` and the API all print.
// The JSON records are built from rows only, so whatever is printed is exactly what is stored.
import type {
  ActorRef,
  Claim,
  CodedEvent,
  DatePrecision,
  Evidence,
  Extraction,
  Location,
  Modality,
  Quote,
} from '../types.ts';
import type { ClaimsTable, EventOrigin, EventsTable, QuotesTable } from './schema.ts';

export type EventRow = EventsTable;
export type ClaimRow = ClaimsTable;
export type QuoteRow = QuotesTable;

/** One event as printed by `extract`, `events --json`, `export` and the API. */
export interface EventRecord {
  kind: 'event';
  id: string;
  doc_id: string | null;
  sentence_index: number | null;
  origin: EventOrigin;
  /** Actor code, country or group first (`IRNGOV`). */
  source: string;
  source_name: string;
  source_country: string;
  source_sector: string;
  source_entity: string | null;
  /** Actor code, or null for codes without a target. */
  target: string | null;
  target_name: string | null;
  target_country: string | null;
  target_sector: string | null;
  target_entity: string | null;
  code: string;
  root: string;
  quad_class: number;
  goldstein: number;
  plover: string;
  modality: string;
  /** Actor code of the speaker for reported events, else null. */
  attributed_to: string | null;
  attributed_to_name: string | null;
  date: string;
  date_precision: string;
  published_at: string;
  location: Location | null;
  evidence: Evidence;
  rule: string;
  confidence: number;
  coder_version: string;
  /** True when the event comes from a near-duplicate document (kept, not counted in analysis). */
  is_duplicate: boolean;
  source_url: string | null;
}

export interface ClaimRecord {
  kind: 'claim';
  id: string;
  doc_id: string;
  sentence_index: number;
  claim_type: string;
  metric: string;
  value: number | null;
  unit: string | null;
  original_value: string | null;
  original_unit: string | null;
  actors: string[];
  direction: string | null;
  period_start: string | null;
  period_end: string | null;
  relation: string | null;
  stance: string | null;
  speaker: string | null;
  /** Actor code of the speaker, or null. */
  speaker_actor: string | null;
  published_at: string;
  evidence: Evidence;
  rule: string;
  is_duplicate: boolean;
}

export interface QuoteRecord {
  kind: 'quote';
  id: string;
  doc_id: string;
  sentence_index: number;
  speaker: string | null;
  /** Actor code of the speaker, or null. */
  speaker_actor: string | null;
  speaker_role: string | null;
  text: string;
  direct: boolean;
  published_at: string;
  evidence: Evidence;
  rule: string;
  is_duplicate: boolean;
}

export interface RowOptions {
  /** The document is a near-duplicate: its records are kept but flagged. */
  readonly isDuplicate?: boolean;
}

/** Published date of the event's document, used by claims and quotes which do not carry one. */
export interface ClaimRowOptions extends RowOptions {
  readonly publishedAt: string;
}

/**
 * The key dyad analysis groups an actor by: its country or group, and for an international
 * organisation the organisation's own code (`IGOUNO`, `IGOWSTNAT`), sector removed — otherwise
 * every organisation would collapse into one "IGO" side.
 */
export function dyadKey(actor: ActorRef): string {
  if (!actor.code.startsWith('IGO')) return actor.country;
  const sector = actor.sector;
  if (sector && actor.code.endsWith(sector) && actor.code.length - sector.length > 3)
    return actor.code.slice(0, actor.code.length - sector.length);
  return actor.code;
}

export function eventToRow(e: CodedEvent, options: RowOptions & { origin?: EventOrigin } = {}): EventRow {
  const target = e.target;
  return {
    id: e.id,
    doc_id: e.doc_id,
    sentence_index: e.sentence_index,
    origin: options.origin ?? 'blocwatch',
    source_code: e.source.code,
    source_name: e.source.name,
    source_country: dyadKey(e.source),
    source_sector: e.source.sector,
    source_entity: e.source.entity_id ?? null,
    target_code: target?.code ?? '',
    target_name: target?.name ?? '',
    target_country: target ? dyadKey(target) : '',
    target_sector: target?.sector ?? '',
    target_entity: target?.entity_id ?? null,
    code: e.code,
    root: e.root,
    quad_class: e.quad_class,
    goldstein: e.goldstein,
    plover: e.plover,
    modality: e.modality,
    attributed_to_code: e.attributed_to?.code ?? null,
    attributed_to_name: e.attributed_to?.name ?? null,
    date: e.date,
    date_precision: e.date_precision,
    published_at: e.published_at,
    location_name: e.location?.name ?? null,
    location_country: e.location?.country ?? null,
    lat: e.location?.lat ?? null,
    lon: e.location?.lon ?? null,
    evidence_text: e.evidence.text,
    evidence_start: e.evidence.start,
    evidence_end: e.evidence.end,
    rule: e.rule,
    confidence: e.confidence,
    coder_version: e.coder_version,
    is_duplicate: options.isDuplicate ? 1 : 0,
    source_url: null,
  };
}

export function eventRowToRecord(r: EventRow): EventRecord {
  const hasTarget = r.target_code !== '' || r.target_name !== '';
  return {
    kind: 'event',
    id: r.id,
    doc_id: r.doc_id,
    sentence_index: r.sentence_index,
    origin: r.origin,
    source: r.source_code,
    source_name: r.source_name,
    source_country: r.source_country,
    source_sector: r.source_sector,
    source_entity: r.source_entity,
    target: hasTarget ? r.target_code : null,
    target_name: hasTarget ? r.target_name : null,
    target_country: hasTarget ? r.target_country : null,
    target_sector: hasTarget ? r.target_sector : null,
    target_entity: hasTarget ? r.target_entity : null,
    code: r.code,
    root: r.root,
    quad_class: Number(r.quad_class),
    goldstein: Number(r.goldstein),
    plover: r.plover,
    modality: r.modality,
    attributed_to: r.attributed_to_code,
    attributed_to_name: r.attributed_to_name,
    date: r.date,
    date_precision: r.date_precision,
    published_at: r.published_at,
    location:
      r.location_name !== null || r.location_country !== null
        ? {
            name: r.location_name ?? '',
            country: r.location_country ?? '',
            ...(r.lat !== null ? { lat: Number(r.lat) } : {}),
            ...(r.lon !== null ? { lon: Number(r.lon) } : {}),
          }
        : null,
    evidence: { text: r.evidence_text, start: r.evidence_start ?? -1, end: r.evidence_end ?? -1 },
    rule: r.rule,
    confidence: Number(r.confidence),
    coder_version: r.coder_version,
    is_duplicate: Number(r.is_duplicate) === 1,
    source_url: r.source_url,
  };
}

export function eventToRecord(e: CodedEvent, options: RowOptions = {}): EventRecord {
  return eventRowToRecord(eventToRow(e, options));
}

function actorFrom(
  code: string,
  name: string,
  country: string,
  sector: string,
  entity: string | null,
): ActorRef {
  return { code, name, country, sector, ...(entity !== null ? { entity_id: entity } : {}) };
}

/** A stored event row back as the pipeline's CodedEvent (for analysis code that wants the record type). */
export function rowToCodedEvent(r: EventRow): CodedEvent {
  const hasTarget = r.target_code !== '' || r.target_name !== '';
  const attributed =
    r.attributed_to_code !== null
      ? actorFrom(
          r.attributed_to_code,
          r.attributed_to_name ?? '',
          r.attributed_to_code.slice(0, 3),
          r.attributed_to_code.slice(3),
          null,
        )
      : null;
  return {
    kind: 'event',
    id: r.id,
    doc_id: r.doc_id ?? '',
    sentence_index: r.sentence_index ?? -1,
    source: actorFrom(r.source_code, r.source_name, r.source_country, r.source_sector, r.source_entity),
    target: hasTarget
      ? actorFrom(r.target_code, r.target_name, r.target_country, r.target_sector, r.target_entity)
      : null,
    code: r.code,
    root: r.root,
    quad_class: Number(r.quad_class) as 1 | 2 | 3 | 4,
    goldstein: Number(r.goldstein),
    plover: r.plover,
    modality: r.modality as Modality,
    attributed_to: attributed,
    date: r.date,
    date_precision: r.date_precision as DatePrecision,
    published_at: r.published_at,
    location:
      r.location_name !== null || r.location_country !== null
        ? {
            name: r.location_name ?? '',
            country: r.location_country ?? '',
            ...(r.lat !== null ? { lat: Number(r.lat) } : {}),
            ...(r.lon !== null ? { lon: Number(r.lon) } : {}),
          }
        : null,
    evidence: { text: r.evidence_text, start: r.evidence_start ?? -1, end: r.evidence_end ?? -1 },
    rule: r.rule,
    confidence: Number(r.confidence),
    coder_version: r.coder_version,
  };
}

export function claimToRow(c: Claim, options: ClaimRowOptions): ClaimRow {
  return {
    id: c.id,
    doc_id: c.doc_id,
    sentence_index: c.sentence_index,
    claim_type: c.claim_type,
    metric: c.metric,
    value: c.value,
    unit: c.unit,
    original_value: c.original_value,
    original_unit: c.original_unit,
    actors: c.actors.join(','),
    direction: c.direction,
    period_start: c.period_start,
    period_end: c.period_end,
    relation: c.relation,
    stance: c.stance,
    speaker: c.speaker,
    speaker_code: c.speaker_actor?.code || null,
    published_at: options.publishedAt,
    evidence_text: c.evidence.text,
    evidence_start: c.evidence.start,
    evidence_end: c.evidence.end,
    rule: c.rule,
    is_duplicate: options.isDuplicate ? 1 : 0,
  };
}

export function claimRowToRecord(r: ClaimRow): ClaimRecord {
  return {
    kind: 'claim',
    id: r.id,
    doc_id: r.doc_id,
    sentence_index: Number(r.sentence_index),
    claim_type: r.claim_type,
    metric: r.metric,
    value: r.value === null ? null : Number(r.value),
    unit: r.unit,
    original_value: r.original_value,
    original_unit: r.original_unit,
    actors: r.actors === '' ? [] : r.actors.split(','),
    direction: r.direction,
    period_start: r.period_start,
    period_end: r.period_end,
    relation: r.relation,
    stance: r.stance,
    speaker: r.speaker,
    speaker_actor: r.speaker_code,
    published_at: r.published_at,
    evidence: { text: r.evidence_text, start: Number(r.evidence_start), end: Number(r.evidence_end) },
    rule: r.rule,
    is_duplicate: Number(r.is_duplicate) === 1,
  };
}

export function claimToRecord(c: Claim, options: ClaimRowOptions): ClaimRecord {
  return claimRowToRecord(claimToRow(c, options));
}

export function quoteToRow(q: Quote, options: ClaimRowOptions): QuoteRow {
  return {
    id: q.id,
    doc_id: q.doc_id,
    sentence_index: q.sentence_index,
    speaker: q.speaker,
    speaker_code: q.speaker_actor?.code || null,
    speaker_role: q.speaker_role,
    text: q.text,
    direct: q.direct ? 1 : 0,
    published_at: options.publishedAt,
    evidence_text: q.evidence.text,
    evidence_start: q.evidence.start,
    evidence_end: q.evidence.end,
    rule: q.rule,
    is_duplicate: options.isDuplicate ? 1 : 0,
  };
}

export function quoteRowToRecord(r: QuoteRow): QuoteRecord {
  return {
    kind: 'quote',
    id: r.id,
    doc_id: r.doc_id,
    sentence_index: Number(r.sentence_index),
    speaker: r.speaker,
    speaker_actor: r.speaker_code,
    speaker_role: r.speaker_role,
    text: r.text,
    direct: Number(r.direct) === 1,
    published_at: r.published_at,
    evidence: { text: r.evidence_text, start: Number(r.evidence_start), end: Number(r.evidence_end) },
    rule: r.rule,
    is_duplicate: Number(r.is_duplicate) === 1,
  };
}

export function quoteToRecord(q: Quote, options: ClaimRowOptions): QuoteRecord {
  return quoteRowToRecord(quoteToRow(q, options));
}

/**
 * A document's records as `extract` prints them: its events, then claims, then quotes, one JSON
 * record per line, each line ending in a newline ('' when it has none).
 */
export function extractionJsonl(x: Extraction): string {
  const publishedAt = x.doc.published_at;
  let out = '';
  for (const e of x.events) out += `${JSON.stringify(eventToRecord(e))}\n`;
  for (const c of x.claims) out += `${JSON.stringify(claimToRecord(c, { publishedAt }))}\n`;
  for (const q of x.quotes) out += `${JSON.stringify(quoteToRecord(q, { publishedAt }))}\n`;
  return out;
}
