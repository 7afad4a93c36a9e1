// Shared JSON Schemas of the API: the records as they leave the server, the error shape, and the
// common query parameters. Response schemas double as an allow-list of fields.

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { type: 'boolean', const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

const nullableString = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

export const evidenceSchema = {
  $id: 'Evidence',
  type: 'object',
  description: 'The evidence sentence and its character offsets in the document text (-1 when unknown)',
  properties: { text: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' } },
} as const;

export const eventSchema = {
  $id: 'Event',
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'event' },
    id: { type: 'string' },
    doc_id: nullableString,
    sentence_index: { type: ['integer', 'null'] },
    origin: { type: 'string', enum: ['blocwatch', 'gdelt', 'icews'] },
    source: { type: 'string', description: 'source actor code (IRNGOV)' },
    source_name: { type: 'string' },
    source_country: { type: 'string' },
    source_sector: { type: 'string' },
    source_entity: nullableString,
    target: { type: ['string', 'null'], description: 'target actor code, null for codes without a target' },
    target_name: nullableString,
    target_country: nullableString,
    target_sector: nullableString,
    target_entity: nullableString,
    code: { type: 'string', description: 'CAMEO code, always a string ("042")' },
    root: { type: 'string' },
    quad_class: { type: 'integer', minimum: 1, maximum: 4 },
    goldstein: { type: 'number' },
    plover: { type: 'string' },
    modality: { type: 'string', enum: ['asserted', 'negated', 'hypothetical', 'planned', 'reported'] },
    attributed_to: nullableString,
    attributed_to_name: nullableString,
    date: { type: 'string' },
    date_precision: { type: 'string' },
    published_at: { type: 'string' },
    location: {
      anyOf: [
        {
          type: 'object',
          properties: {
            name: { type: 'string' },
            country: { type: 'string' },
            lat: { type: 'number' },
            lon: { type: 'number' },
          },
        },
        { type: 'null' },
      ],
    },
    evidence: { $ref: 'Evidence#' },
    rule: { type: 'string', description: 'the pattern that fired' },
    confidence: { type: 'number' },
    coder_version: { type: 'string' },
    is_duplicate: { type: 'boolean' },
    source_url: nullableString,
  },
} as const;

export const claimSchema = {
  $id: 'Claim',
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'claim' },
    id: { type: 'string' },
    doc_id: { type: 'string' },
    sentence_index: { type: 'integer' },
    claim_type: { type: 'string' },
    metric: { type: 'string' },
    value: nullableNumber,
    unit: nullableString,
    original_value: nullableString,
    original_unit: nullableString,
    actors: { type: 'array', items: { type: 'string' } },
    direction: nullableString,
    period_start: nullableString,
    period_end: nullableString,
    relation: nullableString,
    stance: nullableString,
    speaker: nullableString,
    speaker_actor: nullableString,
    published_at: { type: 'string' },
    evidence: { $ref: 'Evidence#' },
    rule: { type: 'string' },
    is_duplicate: { type: 'boolean' },
  },
} as const;

export const quoteSchema = {
  $id: 'Quote',
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'quote' },
    id: { type: 'string' },
    doc_id: { type: 'string' },
    sentence_index: { type: 'integer' },
    speaker: nullableString,
    speaker_actor: nullableString,
    speaker_role: nullableString,
    text: { type: 'string' },
    direct: { type: 'boolean' },
    published_at: { type: 'string' },
    evidence: { $ref: 'Evidence#' },
    rule: { type: 'string' },
    is_duplicate: { type: 'boolean' },
  },
} as const;

export const SHARED_SCHEMAS = [errorSchema, evidenceSchema, eventSchema, claimSchema, quoteSchema];

/** Error responses every route can give. */
export const errorResponses = {
  400: { $ref: 'Error#' },
  404: { $ref: 'Error#' },
  500: { $ref: 'Error#' },
} as const;

export const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;
/** A country, group or actor code, e.g. IRN, IRNGOV, IGOUNO. Case-insensitive. */
export const ACTOR_CODE = {
  type: 'string',
  pattern: '^[A-Za-z0-9]{3,24}$',
  description: 'actor code (IRN matches IRNGOV, IRNMIL, ...)',
} as const;
export const LIMIT = (max: number, dflt: number) =>
  ({ type: 'integer', minimum: 1, maximum: max, default: dflt }) as const;
export const CURSOR = {
  type: 'string',
  maxLength: 400,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'opaque cursor from next_cursor',
} as const;

/** Free text in a query: 1..200 characters, no control characters (NUL would end a SQLite string early). */
export const TEXT = (description?: string) =>
  ({
    type: 'string',
    minLength: 1,
    maxLength: 200,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    ...(description ? { description } : {}),
  }) as const;
