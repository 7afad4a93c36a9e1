// What the server needs from the store: the kysely handle over the shared schema. Row mappers
// turn table rows into the API's records.
import type { Kysely, Selectable } from 'kysely';
import type { ClaimsTable, Database, EventsTable, QuotesTable } from '../store/schema.ts';

export interface ServerStore {
  readonly db: Kysely<Database>;
}

export type EventRow = Selectable<EventsTable>;
export type ClaimRow = Selectable<ClaimsTable>;
export type QuoteRow = Selectable<QuotesTable>;

export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  return 0;
}

export function eventJson(r: EventRow) {
  return {
    id: r.id,
    doc_id: r.doc_id,
    sentence_index: r.sentence_index,
    origin: r.origin,
    source: {
      code: r.source_code,
      name: r.source_name,
      country: r.source_country,
      sector: r.source_sector,
      entity_id: r.source_entity,
    },
    target:
      r.target_code || r.target_name
        ? {
            code: r.target_code,
            name: r.target_name,
            country: r.target_country,
            sector: r.target_sector,
            entity_id: r.target_entity,
          }
        : null,
    code: r.code,
    root: r.root,
    quad_class: toNumber(r.quad_class),
    goldstein: toNumber(r.goldstein),
    plover: r.plover,
    modality: r.modality,
    attributed_to: r.attributed_to_code ? { code: r.attributed_to_code, name: r.attributed_to_name } : null,
    date: r.date,
    date_precision: r.date_precision,
    published_at: r.published_at,
    location: r.location_name
      ? { name: r.location_name, country: r.location_country, lat: r.lat, lon: r.lon }
      : null,
    evidence: { text: r.evidence_text, start: r.evidence_start, end: r.evidence_end },
    rule: r.rule,
    confidence: toNumber(r.confidence),
    coder_version: r.coder_version,
    is_duplicate: toNumber(r.is_duplicate) === 1,
    source_url: r.source_url,
  };
}

export function claimJson(r: ClaimRow) {
  return {
    id: r.id,
    doc_id: r.doc_id,
    sentence_index: r.sentence_index,
    claim_type: r.claim_type,
    metric: r.metric,
    value: r.value === null ? null : toNumber(r.value),
    unit: r.unit,
    original_value: r.original_value,
    original_unit: r.original_unit,
    actors: r.actors ? r.actors.split(',').filter(Boolean) : [],
    direction: r.direction,
    period_start: r.period_start,
    period_end: r.period_end,
    relation: r.relation,
    stance: r.stance,
    speaker: r.speaker,
    speaker_code: r.speaker_code,
    published_at: r.published_at,
    evidence: { text: r.evidence_text, start: r.evidence_start, end: r.evidence_end },
    rule: r.rule,
    is_duplicate: toNumber(r.is_duplicate) === 1,
  };
}

export function quoteJson(r: QuoteRow) {
  return {
    id: r.id,
    doc_id: r.doc_id,
    sentence_index: r.sentence_index,
    speaker: r.speaker,
    speaker_code: r.speaker_code,
    speaker_role: r.speaker_role,
    text: r.text,
    direct: toNumber(r.direct) === 1,
    published_at: r.published_at,
    evidence: { text: r.evidence_text, start: r.evidence_start, end: r.evidence_end },
    rule: r.rule,
    is_duplicate: toNumber(r.is_duplicate) === 1,
  };
}

/** Opaque keyset cursor over (date-like key, id), descending. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string')
      return [value[0], value[1]];
  } catch {
    // fall through
  }
  return null;
}

/** A LIKE pattern matching `text` anywhere, with LIKE wildcards in it escaped (ESCAPE '\'). */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
