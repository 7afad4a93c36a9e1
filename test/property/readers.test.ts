// Property tests of the input readers: on arbitrary bytes and strings, the text, Markdown, HTML,
// RSS/Atom and JSONL readers either return well-formed results or throw our typed rejection
// (InputRejected / BlocwatchError, one line); nothing else escapes, nothing hangs, no entity is
// ever expanded. The whole stdin path (sniff, decode, parse) turns every input into documents or
// one-line rejections.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BlocwatchError, ERRORS } from '../../src/errors.ts';
import { decodeBytes } from '../../src/ingest/decode.ts';
import { parseFeedArticles } from '../../src/ingest/feed.ts';
import { htmlToArticle } from '../../src/ingest/html.ts';
import { InputRejected } from '../../src/ingest/reject.ts';
import { documentFromJsonRecord, type IngestItem, readInputs } from '../../src/ingest/sources.ts';
import { parseMarkdown, parsePlainText } from '../../src/ingest/text.ts';
import type { Document } from '../../src/types.ts';
import { feedSoup, hostileText, htmlSoup, isoDate, newsText, runs, unicodeText } from './arbitraries.ts';

/** Runs fn; a typed one-line rejection is a valid outcome (undefined), anything else thrown fails. */
function typed<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof InputRejected || error instanceof BlocwatchError) {
      assert.ok(error.code in ERRORS, error.code);
      assert.ok(!error.message.includes('\n'), `multi-line reason: ${error.message}`);
      assert.ok(error.message.length > 0);
      return undefined;
    }
    throw error;
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function assertStorableDocument(doc: Document) {
  assert.ok(doc.text.trim().length > 0, 'empty text');
  for (const [field, value] of Object.entries({
    text: doc.text,
    title: doc.title,
    url: doc.url,
    source: doc.source,
  })) {
    if (value === undefined) continue;
    assert.equal(typeof value, 'string', field);
    assert.doesNotMatch(value, /\u0000/, `${field} holds NUL`);
    assert.doesNotMatch(value, LONE_SURROGATE, `${field} holds a lone surrogate`);
  }
  assert.match(doc.published_at, /^\d{4}-\d{2}-\d{2}$/);
  assert.match(doc.content_hash, /^[0-9a-f]+$/);
  assert.match(doc.simhash, /^[0-9a-f]{16}$/);
}

async function readStdin(bytes: Uint8Array, date?: string): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  for await (const item of readInputs(['-'], date ? { date } : {}, Readable.from([Buffer.from(bytes)])))
    items.push(item);
  return items;
}

/** Bytes of text in mixed encodings: UTF-8, Latin-1, UTF-16 pieces and raw bytes, concatenated. */
const mixedBytes = fc
  .array(
    fc.oneof(
      unicodeText(80).map((s) => Buffer.from(s, 'utf8')),
      unicodeText(40).map((s) => Buffer.from(s, 'latin1')),
      unicodeText(20).map((s) => Buffer.from(s, 'utf16le')),
      fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)),
      fc.constant(Buffer.from([0xef, 0xbb, 0xbf])),
      fc.constant(Buffer.from([0xff, 0xfe])),
    ),
    { maxLength: 12 },
  )
  .map((parts) => new Uint8Array(Buffer.concat(parts)));

describe('decoding', () => {
  test('arbitrary bytes decode to a string or a typed rejection', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 4096 }), mixedBytes), (bytes) => {
        const text = typed(() => decodeBytes(bytes));
        if (text !== undefined) assert.equal(typeof text, 'string');
      }),
      { numRuns: runs(400) },
    );
  });

  test('valid UTF-8 text without control characters decodes to itself', () => {
    const clean = unicodeText(400).map((s) =>
      s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g, ''),
    );
    fc.assert(
      fc.property(clean, (s) => {
        assert.equal(decodeBytes(new Uint8Array(Buffer.from(s, 'utf8'))), s);
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('text and Markdown', () => {
  test('any string parses (header, body) or is rejected in one line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileText(800),
          newsText.map((t) => `Date: 2025-01-02\nTitle: x\n\n${t}`),
        ),
        (s) => {
          for (const parse of [parsePlainText, parseMarkdown]) {
            const r = typed(() => parse(s));
            if (r) assert.equal(typeof r.body, 'string');
          }
        },
      ),
      { numRuns: runs(300) },
    );
  });
});

describe('HTML', () => {
  test('tag soup and arbitrary strings give an article or a typed rejection', () => {
    fc.assert(
      fc.property(fc.oneof(htmlSoup, hostileText(400)), (html) => {
        const a = typed(() => htmlToArticle(html));
        if (!a) return;
        assert.equal(typeof a.text, 'string');
        for (const v of [a.title, a.url, a.source, a.date])
          assert.ok(v === undefined || typeof v === 'string');
        // entity declarations are dropped, never expanded or fetched
        assert.doesNotMatch(`${a.title ?? ''}${a.text}`, /root:x:0:0/);
      }),
      { numRuns: runs(200) },
    );
  });

  test('script, style and iframe content never reaches the text', () => {
    const secret = fc.constantFrom('script', 'style', 'iframe', 'noscript', 'template', 'textarea');
    fc.assert(
      fc.property(htmlSoup, secret, htmlSoup, (before, tag, after) => {
        // close whatever the soup left open that would make the element plain text (a <title> or
        // <textarea> is RCDATA, a comment or attribute value swallows what follows)
        const closed = `${before}"'>--></title></textarea></style></script></noscript></iframe></xmp>`;
        const html = `<html><body>${closed}<${tag}>HIDDEN_${tag.toUpperCase()}_CONTENT</${tag}>${after}`;
        const a = typed(() => htmlToArticle(html));
        if (a) assert.doesNotMatch(`${a.title ?? ''}\n${a.text}`, /HIDDEN_[A-Z]+_CONTENT/);
      }),
      { numRuns: runs(150) },
    );
  });
});

describe('RSS and Atom', () => {
  test('hostile feeds give articles or a typed rejection; entities never expand', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          feedSoup,
          hostileText(300).map((s) => `<rss><channel><item>${s}`),
        ),
        (xml) => {
          const articles = typed(() => parseFeedArticles(xml));
          if (!articles) return;
          for (const a of articles) {
            assert.equal(typeof a.text, 'string');
            assert.ok(Number.isInteger(a.index));
            const all = `${a.title ?? ''}${a.text}${a.url ?? ''}`;
            assert.doesNotMatch(all, /root:x:0:0/);
            // the declared "aaaaaaaaaa" entity is never substituted, let alone multiplied
            assert.doesNotMatch(all, /a{10}/);
          }
        },
      ),
      { numRuns: runs(200) },
    );
  });
});

describe('JSONL records', () => {
  const field = fc.oneof(
    fc.string(),
    hostileText(40),
    isoDate,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
  );
  const record = fc.record(
    { id: field, date: field, published_at: field, title: field, url: field, source: field, text: field },
    { requiredKeys: [] },
  );
  test('any JSON value becomes a storable document or a typed rejection', () => {
    fc.assert(
      fc.property(
        fc.oneof(record, fc.jsonValue(), fc.anything()),
        fc.option(isoDate, { nil: undefined }),
        (value, date) => {
          const doc = typed(() => documentFromJsonRecord(value, date ? { date } : {}));
          if (doc) assertStorableDocument(doc);
        },
      ),
      { numRuns: runs(500) },
    );
  });
});

describe('the whole stdin path', () => {
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    mixedBytes,
    htmlSoup.map((s) => new Uint8Array(Buffer.from(s))),
    feedSoup.map((s) => new Uint8Array(Buffer.from(s))),
    fc
      .array(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          hostileText(60),
        ),
        { maxLength: 6 },
      )
      .map((lines) => new Uint8Array(Buffer.from(`{${lines.join('\n')}`))),
    newsText.map((t) => new Uint8Array(Buffer.from(t))),
  );
  test('any bytes on stdin give documents or one-line rejections with a known code', async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.option(isoDate, { nil: undefined }), async (bytes, date) => {
        const items = await readStdin(bytes, date);
        for (const item of items) {
          if (item.kind === 'document') assertStorableDocument(item.doc);
          else {
            assert.ok(item.code in ERRORS, item.code);
            assert.ok(!item.reason.includes('\n'), item.reason);
            // an internal error would surface as a TypeError/RangeError message: refuse those
            assert.doesNotMatch(
              item.reason,
              /is not a function|of undefined|of null|Maximum call stack|Invalid array length/,
            );
          }
        }
      }),
      { numRuns: runs(200) },
    );
  });
});
