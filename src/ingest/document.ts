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

export function makeDocument(fields: DocumentFields): Document {
  const text = fields.text;
  if (text.trim() === '') reject('empty text');
  if (fields.id !== undefined && (fields.id.length > MAX_ID_LENGTH || /[\u0000-\u001f]/.test(fields.id)))
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
    simhash: simhash(text),
    format: fields.format,
  };
}
