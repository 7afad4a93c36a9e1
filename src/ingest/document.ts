// Build a Document from extracted fields: content hash, SimHash and a stable id.
import type { Document, InputFormat } from '../types.ts';
import { contentHash, simhash } from './hash.ts';
import { reject } from './reject.ts';

export interface DocumentFields {
  /** Given id (JSONL `id`); otherwise the id is derived from the content hash. */
  readonly id?: string;
  readonly title?: string;
  readonly url?: string;
  readonly source?: string;
  readonly published_at: string;
  readonly text: string;
  readonly format: InputFormat;
  readonly lang?: string;
}

/** Longest document id accepted. */
const MAX_ID_LENGTH = 200;

/** Id of a document without a given id: `h` + the first 16 hex digits of its content hash. */
export function derivedId(hash: string): string {
  return `h${hash.slice(0, 16)}`;
}

// C0 control characters other than tab, newline, form feed and carriage return, and DEL: never
// article text (PostgreSQL cannot even store NUL), so they are removed
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
// a UTF-16 surrogate without its partner (JSON `"\ud800"`) cannot be encoded as UTF-8
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A string as it can be stored: control characters removed, lone surrogates replaced by U+FFFD. */
export function storableText(value: string): string {
  return value.replace(CONTROL, '').replace(LONE_SURROGATE, '\ufffd');
}

export function makeDocument(
  input: DocumentFields,
  options: { readonly skipSimhash?: boolean } = {},
): Document {
  const fields: DocumentFields = {
    ...input,
    text: storableText(input.text),
    ...(input.title !== undefined ? { title: storableText(input.title) } : {}),
    ...(input.url !== undefined ? { url: storableText(input.url) } : {}),
    ...(input.source !== undefined ? { source: storableText(input.source) } : {}),
  };
  const text = fields.text;
  if (text.trim() === '') reject('empty text');
  if (
    fields.id !== undefined &&
    (fields.id.length > MAX_ID_LENGTH ||
      /[\u0000-\u001f\u007f]/.test(fields.id) ||
      new RegExp(LONE_SURROGATE.source).test(fields.id))
  )
    reject(`invalid id: expected at most ${MAX_ID_LENGTH} printable characters`);
  const hash = contentHash(text);
  return {
    id: fields.id ?? derivedId(hash),
    ...(fields.url ? { url: fields.url } : {}),
    ...(fields.title ? { title: fields.title } : {}),
    published_at: fields.published_at,
    ...(fields.source ? { source: fields.source } : {}),
    text,
    lang: fields.lang ?? 'en',
    content_hash: hash,
    // (`extract` stores nothing and has no use for it)
    simhash: options.skipSimhash ? '' : simhash(text),
    format: fields.format,
  };
}
