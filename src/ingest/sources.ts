// Inputs to Documents: files, folders (recursively), stdin (`-`) and http(s) URLs, in the formats
// text, Markdown, HTML, JSONL and RSS/Atom. Everything is a stream of items: a Document ready for
// extraction, or a rejected input with a one-line reason. One bad input never stops the stream.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ErrorCode } from '../errors.ts';
import type { Document, InputFormat } from '../types.ts';
import { toIsoDate } from './dates.ts';
import { decodeBytes, utf16WithoutBom } from './decode.ts';
import { makeDocument } from './document.ts';
import { parseFeedArticles } from './feed.ts';
import { htmlToArticle } from './html.ts';
import { splitLines } from './lines.ts';
import { InputRejected, reject } from './reject.ts';
import { parseMarkdown, parsePlainText } from './text.ts';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface ReadOptions {
  /** Publication date for inputs that carry none, `YYYY-MM-DD`. */
  readonly date?: string;
  /** Size limit per file, URL body, stdin text or JSONL line (default 20 MB). */
  readonly maxBytes?: number;
  /** Timeout for each URL fetch in milliseconds (default 30 s). */
  readonly fetchTimeoutMs?: number;
  /** Called when an input (file, URL, stdin) has been read completely. */
  readonly onInputDone?: (input: string) => void;
  /** Leave each document's `simhash` empty: only a store's near-duplicate check reads it. */
  readonly skipSimhash?: boolean;
}

export type IngestItem =
  | { readonly kind: 'document'; readonly input: string; readonly doc: Document }
  | { readonly kind: 'rejected'; readonly input: string; readonly code: ErrorCode; readonly reason: string };

/** The format a file name suggests, or null to sniff the content. */
export function formatFromExtension(name: string): InputFormat | null {
  switch (extname(name).toLowerCase()) {
    case '.txt':
    case '.text':
      return 'text';
    case '.md':
    case '.markdown':
      return 'markdown';
    case '.html':
    case '.htm':
    case '.xhtml':
      return 'html';
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.xml':
    case '.rss':
    case '.atom':
      return 'feed';
    default:
      return null;
  }
}

/** Guess the format from the first bytes of the content. */
export function sniffFormat(head: string): InputFormat {
  const s = head
    .replace(/^\ufeff/, '')
    .trimStart()
    .slice(0, 2048);
  if (s.startsWith('{')) return 'jsonl';
  const lower = s.toLowerCase();
  if (/^<\?xml/.test(lower)) return /<(rss|feed|rdf:rdf)[\s>]/.test(lower) ? 'feed' : 'html';
  if (/^<(rss|feed|rdf:rdf)[\s>]/.test(lower)) return 'feed';
  if (/^<(!doctype html|html|head|body|article|div|p|meta|title)[\s>]/.test(lower)) return 'html';
  if (/^(---\s*\n|#{1,6} )/.test(s)) return 'markdown';
  return 'text';
}

function formatFromContentType(type: string | null): InputFormat | null {
  if (!type) return null;
  const t = type.toLowerCase();
  if (t.includes('html')) return 'html';
  if (t.includes('rss') || t.includes('atom')) return 'feed';
  if (t.includes('ndjson') || t.includes('jsonl') || t.includes('json')) return 'jsonl';
  if (t.includes('markdown')) return 'markdown';
  if (t.includes('text/plain')) return 'text';
  return null;
}

function mb(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function tooLarge(size: number, max: number): never {
  reject(`input is ${mb(size)}, over the ${mb(max)} limit (--max-bytes)`, 'BW_ERR_INPUT_TOO_LARGE');
}

function rejected(input: string, error: unknown): IngestItem {
  if (error instanceof InputRejected)
    return { kind: 'rejected', input, code: error.code, reason: error.message };
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT')
    return { kind: 'rejected', input, code: 'BW_ERR_INPUT_NOT_FOUND', reason: 'no such file' };
  if (e?.code === 'EACCES')
    return { kind: 'rejected', input, code: 'BW_ERR_INPUT_REJECTED', reason: 'permission denied' };
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { kind: 'rejected', input, code: 'BW_ERR_INPUT_REJECTED', reason: message };
}

function pickDate(own: string | undefined, options: ReadOptions, what: string): string {
  if (own !== undefined) {
    const d = toIsoDate(own);
    if (d) return d;
    reject(`invalid date "${own.slice(0, 40)}" in the ${what}; expected YYYY-MM-DD`);
  }
  if (options.date) return options.date;
  reject(`no publication date in the ${what}; add a Date: header or pass --date YYYY-MM-DD`);
}

/** Documents from one whole-text input (not JSONL). */
function documentsFromText(
  text: string,
  format: InputFormat,
  input: string,
  options: ReadOptions,
): IngestItem[] {
  if (format === 'text' || format === 'markdown') {
    const parsed = format === 'markdown' ? parseMarkdown(text) : parsePlainText(text);
    if (parsed.body.trim() === '') reject('empty text');
    const doc = makeDocument(
      {
        ...(parsed.id ? { id: parsed.id } : {}),
        ...(parsed.title ? { title: parsed.title } : {}),
        ...(parsed.url ? { url: parsed.url } : {}),
        ...(parsed.source ? { source: parsed.source } : {}),
        published_at: pickDate(parsed.date, options, 'file header'),
        text: parsed.body,
        format,
      },
      options,
    );
    return [{ kind: 'document', input, doc }];
  }
  if (format === 'html') {
    const article = htmlToArticle(text);
    if (article.text.trim() === '') reject('HTML page has no article text');
    const doc = makeDocument(
      {
        ...(article.title ? { title: article.title } : {}),
        ...(article.url ? { url: article.url } : {}),
        ...(article.source ? { source: article.source } : {}),
        published_at: pickDate(article.date, options, 'page metadata'),
        text: article.text,
        format,
      },
      options,
    );
    return [{ kind: 'document', input, doc }];
  }
  if (format === 'feed') {
    const items: IngestItem[] = [];
    for (const a of parseFeedArticles(text)) {
      const where = `${input}#item${a.index}`;
      try {
        if (a.text.trim() === '') reject('feed item has no text');
        const doc = makeDocument(
          {
            ...(a.title ? { title: a.title } : {}),
            ...(a.url ? { url: a.url } : {}),
            ...(a.source ? { source: a.source } : {}),
            published_at: pickDate(a.date, options, 'feed item'),
            text: a.text,
            format: 'feed',
          },
          options,
        );
        items.push({ kind: 'document', input: a.url ?? where, doc });
      } catch (error) {
        items.push(rejected(a.url ?? where, error));
      }
    }
    return items;
  }
  throw new Error(`unexpected format ${format}`);
}

function expectString(record: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = record[field];
  if (v === undefined || v === null) {
    if (required) reject(`${field}: expected a string, found nothing`);
    return undefined;
  }
  if (typeof v !== 'string')
    reject(`${field}: expected a string, found ${Array.isArray(v) ? 'array' : typeof v}`);
  return v;
}

/** One JSONL record `{"id","date","title"?,"url"?,"source"?,"text"}` to a Document. */
export function documentFromJsonRecord(value: unknown, options: ReadOptions): Document {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    reject(
      `expected a JSON object, found ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}`,
    );
  const record = value as Record<string, unknown>;
  let id: string | undefined;
  if (typeof record.id === 'number' && Number.isFinite(record.id)) id = String(record.id);
  else id = expectString(record, 'id', false);
  const text = expectString(record, 'text', true) as string;
  if (text.trim() === '') reject('empty text');
  const rawDate = record.date ?? record.published_at;
  if (rawDate !== undefined && rawDate !== null && typeof rawDate !== 'string')
    reject(`date: expected a string YYYY-MM-DD, found ${typeof rawDate}`);
  const title = expectString(record, 'title', false);
  const url = expectString(record, 'url', false);
  const source = expectString(record, 'source', false);
  return makeDocument(
    {
      ...(id !== undefined && id !== '' ? { id } : {}),
      ...(title ? { title } : {}),
      ...(url ? { url } : {}),
      ...(source ? { source } : {}),
      published_at: pickDate((rawDate as string | undefined) ?? undefined, options, 'record'),
      text,
      format: 'jsonl',
    },
    options,
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function* jsonlItems(
  chunks: AsyncIterable<Uint8Array>,
  input: string,
  options: ReadOptions,
): AsyncGenerator<IngestItem> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  for await (const line of splitLines(chunks, max)) {
    const where = `${input}:${line.number}`;
    try {
      if (line.bytes === null) tooLarge(line.length, max);
      if (line.bytes.length === 0 || /^\s*$/.test(line.bytes.toString('latin1'))) continue;
      let text: string;
      try {
        text = utf8.decode(line.bytes);
      } catch {
        reject('not valid UTF-8');
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        reject(`invalid JSON: ${(error as Error).message.split('\n')[0]}`);
      }
      yield { kind: 'document', input: where, doc: documentFromJsonRecord(value, options) };
    } catch (error) {
      yield rejected(where, error);
    }
  }
}

async function readCapped(stream: AsyncIterable<Uint8Array>, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > max) tooLarge(total, max);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/** A stream whose first bytes have been read for sniffing, replayed in full. */
async function peek(
  stream: AsyncIterable<Uint8Array>,
): Promise<{ head: Buffer; rest: AsyncIterable<Uint8Array> }> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  async function* rest() {
    if (head.length > 0) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return { head, rest: rest() };
}

async function* fileItems(path: string, label: string, options: ReadOptions): AsyncGenerator<IngestItem> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let format = formatFromExtension(path);
  try {
    const info = await stat(path);
    if (format === null) {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(2048);
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        const head = buf.subarray(0, bytesRead);
        const bom16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
        const utf16 = bom16 ? null : utf16WithoutBom(head);
        if (head.indexOf(0) >= 0 && !bom16 && !utf16) reject('binary file (contains NUL bytes)');
        // sniff UTF-16 on its decoded text (UTF-16 is never JSONL: that is streamed as UTF-8)
        const sniffed = sniffFormat(
          bom16 || utf16
            ? new TextDecoder(utf16 ?? (head[0] === 0xff ? 'utf-16le' : 'utf-16be')).decode(head)
            : head.toString('utf8'),
        );
        format = sniffed === 'jsonl' && (bom16 || utf16) ? 'text' : sniffed;
      } finally {
        await fh.close();
      }
    }
    if (format === 'jsonl') {
      yield* jsonlItems(createReadStream(path, { highWaterMark: 256 * 1024 }), label, options);
      return;
    }
    if (info.size > max) tooLarge(info.size, max);
    const bytes = await readCapped(createReadStream(path), max);
    const text = decodeBytes(bytes);
    yield* documentsFromText(text, format, label, options);
  } catch (error) {
    yield rejected(label, error);
  }
}

/**
 * Files a folder walk leaves out: hidden files, a folder's documentation (README, SOURCE, LICENSE,
 * CHANGELOG) and .json files (metadata, not JSONL). Named explicitly, they are read like any file.
 */
export function skippedInFolder(name: string): boolean {
  return (
    name.startsWith('.') ||
    /^(readme|source|license|licence|changelog|notice)(\.[a-z]+)?$/i.test(name) ||
    extname(name).toLowerCase() === '.json'
  );
}

/** Every regular file under a folder, sorted by name, with `skippedInFolder` files left out. */
export async function* walkFolder(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (skippedInFolder(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* walkFolder(path);
    else if (e.isFile()) yield path;
    else if (e.isSymbolicLink()) {
      const s = await stat(path).catch(() => null);
      if (s?.isFile()) yield path;
    }
  }
}

async function* urlItems(url: string, options: ReadOptions): AsyncGenerator<IngestItem> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        redirect: 'follow',
        signal: AbortSignal.timeout(options.fetchTimeoutMs ?? 30_000),
        headers: {
          accept: 'text/html, application/rss+xml, application/atom+xml, text/plain;q=0.9, */*;q=0.5',
        },
      });
    } catch (error) {
      const cause = (error as { cause?: Error }).cause;
      reject(`fetch failed: ${(cause ?? (error as Error)).message.split('\n')[0]}`, 'BW_ERR_INPUT_NOT_FOUND');
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      reject(`HTTP ${response.status} ${response.statusText}`.trim(), 'BW_ERR_INPUT_NOT_FOUND');
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > max) {
      await response.body?.cancel().catch(() => {});
      tooLarge(declared, max);
    }
    const body = (response.body ?? (async function* () {})()) as AsyncIterable<Uint8Array>;
    const { head, rest } = await peek(body);
    const format =
      formatFromContentType(response.headers.get('content-type')) ??
      formatFromExtension(new URL(url).pathname) ??
      sniffFormat(head.toString('utf8'));
    if (format === 'jsonl') {
      yield* jsonlItems(rest, url, options);
      return;
    }
    const bytes = await readCapped(rest, max);
    // a server may call a feed text/xml; look at the content to decide
    const effective =
      format === 'html' ? (sniffFormat(head.toString('utf8')) === 'feed' ? 'feed' : 'html') : format;
    const items = documentsFromText(decodeBytes(bytes), effective, url, options);
    for (const item of items) {
      if (item.kind === 'document' && effective !== 'feed' && !item.doc.url)
        yield { ...item, doc: { ...item.doc, url } };
      else yield item;
    }
  } catch (error) {
    yield rejected(url, error);
  }
}

async function* stdinItems(stdin: Readable, options: ReadOptions): AsyncGenerator<IngestItem> {
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    const { head, rest } = await peek(stdin as AsyncIterable<Uint8Array>);
    const format = sniffFormat(head.toString('utf8'));
    if (format === 'jsonl') {
      yield* jsonlItems(rest, 'stdin', options);
      return;
    }
    const bytes = await readCapped(rest, max);
    yield* documentsFromText(decodeBytes(bytes), format, 'stdin', options);
  } catch (error) {
    yield rejected('stdin', error);
  }
}

export function isUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * Read inputs (paths, folders, URLs, `-` for stdin) as a stream of documents and rejections,
 * in a stable order (folders sorted by name).
 */
export async function* readInputs(
  inputs: readonly string[],
  options: ReadOptions = {},
  stdin: Readable = process.stdin,
): AsyncGenerator<IngestItem> {
  for (const input of inputs) {
    if (input === '-') {
      yield* stdinItems(stdin, options);
      options.onInputDone?.('stdin');
      continue;
    }
    if (isUrl(input)) {
      yield* urlItems(input, options);
      options.onInputDone?.(input);
      continue;
    }
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      yield rejected(input, info);
      options.onInputDone?.(input);
      continue;
    }
    if (info.isDirectory()) {
      for await (const file of walkFolder(input)) {
        yield* fileItems(file, file, options);
        options.onInputDone?.(file);
      }
      continue;
    }
    yield* fileItems(input, input, options);
    options.onInputDone?.(input);
  }
}

/** Each input as the files it stands for: a folder's files (walked), else the input itself (`local` false for stdin and URLs). */
async function* inputFiles(inputs: readonly string[]): AsyncGenerator<{ path: string; local: boolean }> {
  for (const input of inputs) {
    if (input === '-' || isUrl(input)) {
      yield { path: input, local: false };
      continue;
    }
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) for await (const path of walkFolder(input)) yield { path, local: true };
    else yield { path: input, local: true };
  }
}

/** Number of files the inputs stand for (folders walked; URLs and stdin count one), for progress bars. */
export async function countInputFiles(inputs: readonly string[]): Promise<number> {
  let n = 0;
  for await (const _ of inputFiles(inputs)) n++;
  return n;
}

/** The bytes of the local files among the inputs (folders walked; stdin and URLs count 0). */
export async function inputFileBytes(inputs: readonly string[]): Promise<number> {
  let bytes = 0;
  for await (const { path, local } of inputFiles(inputs))
    if (local) bytes += (await stat(path).catch(() => null))?.size ?? 0;
  return bytes;
}
