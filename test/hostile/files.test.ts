// Hostile and broken input files, generated at run time into a temporary folder (never committed):
// random bytes, broken and mixed encodings, a 100 MB single line, deeply nested and unclosed HTML,
// scripts and iframes, XML entities (external, and a billion laughs), dates in the year 0 or 9999,
// JSONL with wrong types and NUL characters, a zip that expands a thousandfold, CSV/TSV rows with
// missing or extra columns. Each is read or rejected with a one-line reason, nothing crashes, and
// nothing already stored changes (on SQLite and PostgreSQL).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { type IngestItem, ingestInputs, readInputs } from '../../src/ingest/index.ts';
import { PACKAGE_ROOT } from '../../src/paths.ts';
import { fakeDocument, fakeExtraction } from '../../src/store/fixtures.ts';
import { openStore } from '../../src/store/index.ts';
import { testBackends } from '../../src/store/test-stores.ts';
import type { Document, Extraction } from '../../src/types.ts';
import { hasStackTrace, runCli } from '../e2e/helpers.ts';
import { snapshot } from '../safety/dump.ts';

let dir: string;
let bad: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'blocwatch-hostile-'));
  bad = join(dir, 'bad');
  mkdirSync(bad);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ARTICLE =
  'Date: 2025-05-05\n\nThe foreign ministers of Chile and Peru met in Lima on Tuesday to discuss fishing rights and a new port.';

async function readAll(
  inputs: string[],
  options: { date?: string; maxBytes?: number } = {},
  stdin?: Readable,
) {
  const items: IngestItem[] = [];
  for await (const item of readInputs(inputs, options, stdin ?? Readable.from([]))) items.push(item);
  return items;
}

function only(items: IngestItem[]): IngestItem {
  assert.equal(
    items.length,
    1,
    JSON.stringify(items.map((i) => (i.kind === 'rejected' ? i.reason : i.kind))),
  );
  return items[0];
}

function assertRejected(item: IngestItem, reason: RegExp) {
  assert.equal(item.kind, 'rejected', `expected a rejection, got a document`);
  if (item.kind !== 'rejected') return;
  assert.match(item.reason, reason);
  assert.ok(!item.reason.includes('\n'), 'one-line reason');
  assert.ok(item.reason.length < 300, 'short reason');
}

function docOf(item: IngestItem): Document {
  assert.equal(item.kind, 'document', item.kind === 'rejected' ? item.reason : '');
  return (item as { doc: Document }).doc;
}

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('encodings and binary data', () => {
  test('random bytes are rejected as binary or unreadable', async () => {
    for (let i = 0; i < 5; i++) {
      const path = write(`random-${i}.bin`, randomBytes(32 * 1024));
      assertRejected(only(await readAll([path])), /binary file|not readable text/);
    }
    // random bytes without NUL and with a text extension
    const noNul = randomBytes(16 * 1024).map((b) => (b === 0 ? 1 : b));
    assertRejected(only(await readAll([write('random.txt', noNul)])), /binary file|not readable text/);
  });

  test('Latin-1 text is decoded as such; UTF-8 with a few invalid bytes keeps its text', async () => {
    const latin = Buffer.from('Date: 2025-05-05\n\nLe ministre a visité Genève et Zürich en été.', 'latin1');
    const doc = docOf(only(await readAll([write('latin1.txt', latin)])));
    assert.match(doc.text, /visité Genève et Zürich/);
    // mixed: UTF-8 text with one Latin-1 byte in a long article
    const mixed = Buffer.concat([
      Buffer.from(`${ARTICLE} ${'Talks went on for hours in the capital. '.repeat(60)} café `, 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from(' au lait.', 'utf8'),
    ]);
    const m = docOf(only(await readAll([write('mixed.txt', mixed)])));
    assert.match(m.text, /café \ufffd au lait/);
  });

  test('mixed encodings: UTF-8 next to Latin-1 keeps both readable', async () => {
    // a UTF-8 article with a Latin-1 paragraph pasted in: the whole file used to be read as
    // Windows-1252, turning every UTF-8 character of the first part into mojibake ("GenÃ¨ve")
    const utf8Part = Buffer.from(
      'Date: 2025-05-05\n\nLe ministre a visité Genève et Zürich — “des pourparlers” à Tōkyō. ',
      'utf8',
    );
    const latinPart = Buffer.from(
      'Puis il est allé à Besançon où il a goûté une crème brûlée. '.repeat(3),
      'latin1',
    );
    const doc = docOf(
      only(await readAll([write('mixed-encodings.txt', Buffer.concat([utf8Part, latinPart]))])),
    );
    assert.match(doc.text, /visité Genève et Zürich — “des pourparlers” à Tōkyō\./);
    assert.match(doc.text, /allé à Besançon où il a goûté une crème brûlée\./);
    assert.doesNotMatch(doc.text, /Ã|â€|\ufffd/);
  });

  test('UTF-16 with and without a byte-order mark', async () => {
    const le = Buffer.from(`\ufeff${ARTICLE}`, 'utf16le');
    assert.match(
      docOf(only(await readAll([write('utf16le-bom.txt', le)]))).text,
      /Chile and Peru met in Lima/,
    );
    const be = Buffer.from(Buffer.from(`\ufeff${ARTICLE}`, 'utf16le')).swap16();
    assert.match(
      docOf(only(await readAll([write('utf16be-bom.txt', be)]))).text,
      /Chile and Peru met in Lima/,
    );
    const noBom = Buffer.from(ARTICLE, 'utf16le');
    assert.match(docOf(only(await readAll([write('utf16le-nobom.txt', noBom)]))).text, /Chile and Peru/);
    const noBomBe = Buffer.from(ARTICLE, 'utf16le').swap16();
    assert.match(docOf(only(await readAll([write('utf16be-nobom', noBomBe)]))).text, /Chile and Peru/);
  });

  test('control characters: a few are removed, many make the file binary', async () => {
    const few = docOf(
      only(
        await readAll([
          write(
            'ctrl-few.txt',
            `${ARTICLE}\u0001 More text\u0007 here. ${'Talks went on for hours. '.repeat(20)}`,
          ),
        ]),
      ),
    );
    assert.doesNotMatch(few.text, /[\u0001\u0007]/);
    assertRejected(
      only(await readAll([write('ctrl-many.txt', `${ARTICLE}${'\u0002\u0003'.repeat(200)}`)])),
      /binary file/,
    );
  });
});

describe('size limits', () => {
  test('a 100 MB single line is refused without being held in memory', async () => {
    const path = join(dir, 'huge-line.jsonl');
    const fd = openSync(path, 'w');
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    writeSync(fd, Buffer.from('{"id":"huge","date":"2025-01-01","text":"'));
    for (let i = 0; i < 100; i++) writeSync(fd, chunk);
    writeSync(fd, Buffer.from('"}\n{"id":"after","date":"2025-01-01","text":"A short article after it."}\n'));
    closeSync(fd);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const items = await readAll([path]);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    assert.equal(items.length, 2);
    assertRejected(items[0], /input is 100\.0 MB, over the 20\.0 MB limit/);
    assert.equal(items[0].kind === 'rejected' && items[0].code, 'BW_ERR_INPUT_TOO_LARGE');
    assert.equal(docOf(items[1]).id, 'after', 'the next line is still read');
    const grew = (peak - rssBefore) / 1024 / 1024;
    assert.ok(grew < 64, `RSS grew by ${grew.toFixed(0)} MB reading a 100 MB line`);

    // the same size as a text file is refused before reading, and through stdin after the limit
    const txt = join(dir, 'huge.txt');
    const fd2 = openSync(txt, 'w');
    for (let i = 0; i < 25; i++) writeSync(fd2, chunk);
    closeSync(fd2);
    assertRejected(only(await readAll([txt])), /over the 20\.0 MB limit/);
    async function* stream() {
      for (let i = 0; i < 100; i++) yield chunk;
    }
    assertRejected(only(await readAll(['-'], {}, Readable.from(stream()))), /over the 20\.0 MB limit/);
  });
});

describe('HTML', () => {
  test('100,000 nested elements, unclosed, do not overflow the stack', async () => {
    const deep = `<html><head><meta name="date" content="2025-02-02"></head><body>${'<div>'.repeat(100_000)}<p>Chile and Peru met in Lima to talk about fishing rights.</p>`;
    const item = only(await readAll([write('deep.html', deep)]));
    if (item.kind === 'document') assert.match(item.doc.text, /Chile and Peru met in Lima/);
    else assertRejected(item, /./);
    const unclosed = '<html><body><p>Chile and Peru met in Lima <b>to talk <i>about <div><span>fishing';
    const u = only(await readAll([write('unclosed.html', unclosed)], { date: '2025-02-02' }));
    assert.match(docOf(u).text, /Chile and Peru met in Lima to talk about\s+fishing/);
    assertRejected(
      only(await readAll([write('tags-only.html', '<html><body><div></div>')], { date: '2025-02-02' })),
      /no article text/,
    );
  });

  test('a CDATA section in HTML (a comment holding "-->") is read, not looped on forever', () => {
    // found by the property tests: Readability re-read such a page through innerHTML without end.
    // A synchronous loop cannot be timed out in-process: read the page in a child with a deadline.
    const script = `import { htmlToArticle } from './src/ingest/html.ts';
      process.stdout.write(JSON.stringify(htmlToArticle('<html><body><div><![CDATA[--><!doctype x')));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.error, undefined, 'the page was still being read after 60 s');
    assert.deepEqual(JSON.parse(r.stdout), { text: '' });
  });

  test('an .html file that is empty, blank or text only is read without an internal error', async () => {
    // linkedom builds no root element from such strings; its getters used to throw a TypeError
    // ("Cannot destructure property 'firstElementChild'…") that surfaced as the rejection reason
    for (const [name, content] of [
      ['empty.html', ''],
      ['blank.html', ' \n\t '],
      ['comment.html', '<!-- nothing here -->'],
    ] as const)
      assertRejected(
        only(await readAll([write(name, content)], { date: '2025-02-02' })),
        /^HTML page has no article text$/,
      );
    const plain = only(
      await readAll([write('plain.html', 'Chile and Peru met in Lima to talk about fishing.')], {
        date: '2025-02-02',
      }),
    );
    assert.equal(docOf(plain).text, 'Chile and Peru met in Lima to talk about fishing.');
  });

  test('a heading holding a template, form field or SVG does not leak it into the title', async () => {
    // with a short <title>, Readability takes the title from the page's single <h1>, textContent and all
    for (const inner of [
      '<template>TEMPLATE_SECRET</template>',
      '<textarea>TEXTAREA_SECRET</textarea>',
      '<select><option>OPTION_SECRET</option></select>',
      '<svg><text>SVG_SECRET</text></svg>',
    ]) {
      const html = `<html><head><title>Talks</title></head><body><h1>Fishing talks${inner} in Lima went on.</h1><p>Chile and Peru met.</p></body></html>`;
      const doc = docOf(only(await readAll([write('heading.html', html)], { date: '2025-02-02' })));
      assert.equal(doc.title, 'Fishing talks in Lima went on.');
      assert.doesNotMatch(doc.text, /SECRET/);
    }
  });

  test('scripts, styles, iframes and other non-text elements never become article text', async () => {
    const paragraph =
      '<p>Chile and Peru signed a fishing agreement in Lima on Tuesday after two days of talks between their ministers.</p>';
    const html = `<!doctype html><html><head><title>Talks</title><meta name="date" content="2025-02-02">
      <style>body { color: red } /* STYLE_SECRET */</style><script>var x = "HEAD_SCRIPT_SECRET";</script></head>
      <body><article>${paragraph.repeat(4)}
      <script>document.write("BODY_SCRIPT_SECRET")</script>
      <script type="application/ld+json">{"headline": "JSONLD_SECRET"}</script>
      <iframe src="https://example.org/x" srcdoc="<p>SRCDOC_SECRET</p>">IFRAME_SECRET</iframe>
      <noscript>NOSCRIPT_SECRET</noscript><template><p>TEMPLATE_SECRET</p></template>
      <svg><text>SVG_SECRET</text><script>SVG_SCRIPT_SECRET</script></svg>
      <object data="x.swf">OBJECT_SECRET</object><textarea>TEXTAREA_SECRET</textarea>
      <img src="x" onerror="alert('ONERROR_SECRET')" alt="">
      <style>p { display: none } STYLE2_SECRET</style>${paragraph}</article></body></html>`;
    const doc = docOf(only(await readAll([write('scripts.html', html)])));
    assert.match(doc.text, /fishing agreement in Lima/);
    assert.doesNotMatch(`${doc.title ?? ''}\n${doc.text}`, /SECRET/);
    // the fallback path (a short page without an article) too
    const short = `<html><body><script>alert("SHORT_SECRET")</script><p>Chile and Peru met.</p><iframe>IFRAME2_SECRET</iframe></body></html>`;
    const s = docOf(only(await readAll([write('short.html', short)], { date: '2025-02-02' })));
    assert.doesNotMatch(s.text, /SECRET/);
    assert.match(s.text, /Chile and Peru met\./);
  });
});

describe('XML feeds', () => {
  test('external entities are never resolved and entity bombs never expand', async () => {
    const secretFile = write('secret.txt', 'TOP_SECRET_FILE_CONTENT');
    const rss = (doctype: string, description: string) => `<?xml version="1.0"?>
${doctype}
<rss version="2.0"><channel><title>Wire &amp; Co</title><link>https://example.org/</link>
<item><title>Talks &#233;t&#xE9; &lt;b&gt;</title><link>https://example.org/1</link><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
<description>${description}</description></item></channel></rss>`;
    const xxe = rss(
      `<!DOCTYPE rss [<!ENTITY passwd SYSTEM "file:///etc/passwd"><!ENTITY secret SYSTEM "file://${secretFile}"><!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>`,
      'Chile and Peru met in Lima. &passwd; &secret; Talks continue.',
    );
    const items = await readAll([write('xxe.rss', xxe)]);
    for (const item of items) {
      const text = item.kind === 'document' ? `${item.doc.title}\n${item.doc.text}` : item.reason;
      assert.doesNotMatch(text, /root:|TOP_SECRET_FILE_CONTENT/);
    }
    const laughs = [
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
    ].join('');
    const bomb = rss(`<!DOCTYPE rss [${laughs}]>`, 'Chile and Peru met in Lima. &lol9; Talks continue.');
    const b = await readAll([write('laughs.rss', bomb)]);
    for (const item of b) {
      const text = item.kind === 'document' ? item.doc.text : item.reason;
      assert.ok(text.length < 1000, `no expansion (${text.length} characters)`);
      assert.doesNotMatch(text, /(lol){4}/);
    }
    // ordinary character references still decode
    const plain = rss('', 'Chile &amp; Peru met in Lima &#8212; talks continue.');
    const p = docOf(only(await readAll([write('plain.rss', plain)])));
    assert.match(p.text, /Chile & Peru met in Lima — talks continue\./);
    assert.equal(p.title, 'Talks été');
    assertRejected(only(await readAll([write('broken.rss', '<rss><channel><item><title>x</rss')])), /./);
  });
});

describe('dates', () => {
  test('years 0 and 9999 and impossible days are refused with the reason', async () => {
    for (const date of ['0000-01-01', '9999-12-31', '2025-02-30', '2025-13-01', 'yesterday', '0']) {
      const item = only(
        await readAll([write(`date-${date}.txt`, `Date: ${date}\n\nChile and Peru met in Lima.`)]),
      );
      assertRejected(item, /invalid date ".*" in the file header; expected YYYY-MM-DD/);
      const j = only(
        await readAll([
          write(`date-${date}.jsonl`, `${JSON.stringify({ date, text: 'Chile and Peru met.' })}\n`),
        ]),
      );
      assertRejected(j, /invalid date/);
    }
    const html = `<html><head><meta name="date" content="9999-01-01"></head><body><p>Chile and Peru met in Lima.</p></body></html>`;
    assertRejected(only(await readAll([write('date-9999.html', html)])), /no publication date/);
  });
});

describe('sentences of 10,000 tokens', () => {
  test('a single sentence of 10,000 tokens of each kind goes through the whole pipeline', {
    timeout: 300_000,
  }, async () => {
    const { createExtractor } = await import('../../src/pipeline.ts');
    const { makeDocument } = await import('../../src/ingest/document.ts');
    const extractor = createExtractor();
    const words = [
      'Chile',
      'and',
      'Peru',
      'met',
      'with',
      'Bolivia',
      'in',
      'Lima',
      'after',
      'talks',
      'said',
      'officials',
    ];
    // each kind once cost time quadratic in the sentence's length in some stage (dates: the tense
    // search; claims: the clause scan), so a few such documents could stall a worker for minutes
    const kinds: Record<string, (i: number) => string> = {
      words: (i) => words[(i * 7) % words.length],
      names: (i) => `Zorb${i.toString(36)}`,
      dates: (i) => (i % 2 ? 'March' : String((i % 28) + 1)),
      figures: (i) => `${i}%`,
      quotes: (i) => (i % 3 ? 'said' : '"'),
      commas: (i) => (i % 2 ? ',' : 'Chile'),
    };
    for (const [kind, token] of Object.entries(kinds)) {
      const text = `${Array.from({ length: 10_000 }, (_, i) => token(i)).join(' ')}.`;
      const doc = makeDocument({ published_at: '2025-03-03', text, format: 'text' });
      const x = extractor.extract(doc);
      assert.ok(x.sentences.length >= 1, kind);
      const tokens = x.sentences.reduce((n, s) => n + s.tokens.length, 0);
      assert.ok(tokens >= 10_000, `${kind}: ${tokens} tokens`);
      for (const r of [...x.events, ...x.claims, ...x.quotes]) {
        assert.equal(text.slice(r.evidence.start, r.evidence.end), r.evidence.text, `${kind}: ${r.id}`);
      }
      for (const s of x.sentences)
        for (const d of s.dates) assert.match(d.date, /^\d{4}-\d{2}-\d{2}$/, `${kind}: ${d.text}`);
    }
  });
});

/** JSONL lines of every wrong kind, each with the reason expected (null: stored). */
const JSONL_CASES: [unknown, RegExp | null][] = [
  [{ id: 42, date: '2025-01-01', text: 'Numeric ids are accepted as strings.' }, null],
  [{ id: { a: 1 }, date: '2025-01-01', text: 'x' }, /id: expected a string, found object/],
  [{ id: 'd1', date: { y: 2025 }, text: 'x' }, /date: expected a string YYYY-MM-DD, found object/],
  [{ id: 'd2', date: 20250101, text: 'x' }, /date: expected a string YYYY-MM-DD, found number/],
  [{ id: 't1', date: '2025-01-01', text: ['a', 'b'] }, /text: expected a string, found array/],
  [{ id: 't2', date: '2025-01-01', text: null }, /text: expected a string, found nothing/],
  [{ id: 't3', date: '2025-01-01' }, /text: expected a string, found nothing/],
  [{ id: 't4', date: '2025-01-01', text: 17 }, /text: expected a string, found number/],
  [{ id: 't5', date: '2025-01-01', text: '   ' }, /empty text/],
  [{ id: 't6', date: '2025-01-01', text: 'x', title: 5 }, /title: expected a string, found number/],
  [{ id: 'nul\u0000id', date: '2025-01-01', text: 'x' }, /invalid id/],
  [
    {
      id: 'n1',
      date: '2025-01-01',
      text: 'NUL\u0000 in the text\u0000 of Chile and Peru.',
      title: 'T\u0000',
    },
    null,
  ],
  [{ id: 's1', date: '2025-01-01', text: 'A lone surrogate \ud800 in Chile.' }, null],
  [{ id: 'x'.repeat(500), date: '2025-01-01', text: 'x' }, /invalid id/],
  [[1, 2, 3], /expected a JSON object, found array/],
  ['just a string', /expected a JSON object, found string/],
  [null, /expected a JSON object, found null/],
];

function jsonlCorpus(): string {
  const lines = JSONL_CASES.map(([v]) => JSON.stringify(v));
  lines.push(
    '{"id": "broken", ',
    '\u0000\u0000',
    'not json at all',
    '{"id":"dup","id":"dup2","date":"2025-01-01","text":"Last key wins."}',
  );
  return `${lines.join('\n')}\n`;
}

describe('JSONL with wrong types', () => {
  test('each line is stored or rejected with its reason and line number', async () => {
    const path = write('wrong-types.jsonl', jsonlCorpus());
    const items = await readAll([path]);
    assert.equal(items.length, JSONL_CASES.length + 4);
    JSONL_CASES.forEach(([, expected], i) => {
      const item = items[i];
      assert.equal(item.input, `${path}:${i + 1}`);
      if (expected === null) {
        const doc = docOf(item);
        assert.doesNotMatch(`${doc.text}${doc.title ?? ''}`, /[\u0000\ud800-\udfff]/);
      } else assertRejected(item, expected);
    });
    assertRejected(items[JSONL_CASES.length], /invalid JSON/);
    assertRejected(items[JSONL_CASES.length + 1], /invalid JSON|binary/);
    assertRejected(items[JSONL_CASES.length + 2], /invalid JSON/);
    assert.equal(docOf(items[JSONL_CASES.length + 3]).id, 'dup2');
  });
});

/** An extractor without the NLP stages: one made-up event per document. */
const stubExtractor = {
  extract(doc: Document): Extraction {
    const x = fakeExtraction(doc, 1);
    return {
      ...x,
      events: x.events.map((e) => ({
        ...e,
        evidence: { text: doc.text.slice(0, 10), start: 0, end: Math.min(10, doc.text.length) },
      })),
    };
  },
};

describe('nothing already stored changes', () => {
  for (const backend of testBackends()) {
    test(`${backend.name}: hostile inputs leave the stored rows as they were`, {
      timeout: 120_000,
    }, async (t) => {
      t.after(() => backend.cleanup());
      const store = await backend.open();
      try {
        for (let i = 0; i < 3; i++) await store.storeExtraction(fakeExtraction(fakeDocument(700 + i), 2));
        const before = await snapshot(store);
        // only inputs that must all be rejected
        const folder = join(dir, `reject-${backend.name}`);
        mkdirSync(folder);
        writeFileSync(join(folder, 'random.bin'), randomBytes(8192));
        writeFileSync(
          join(folder, 'bad.jsonl'),
          `${JSONL_CASES.filter(([, e]) => e !== null)
            .map(([v]) => JSON.stringify(v))
            .join('\n')}\n{"broken"\n`,
        );
        writeFileSync(join(folder, 'undated.txt'), 'No date here about Chile and Peru.');
        writeFileSync(join(folder, 'y0.txt'), 'Date: 0000-01-01\n\nChile and Peru.');
        // the same text as a stored document, under its own id and under another one
        const stored = fakeDocument(700);
        writeFileSync(
          join(folder, 'conflict.jsonl'),
          `${JSON.stringify({ id: stored.id, date: '2025-01-01', text: 'Different text under a stored id.' })}\n${JSON.stringify({ id: 'other-id', date: stored.published_at, text: stored.text })}\n`,
        );
        const summary = await ingestInputs(store, stubExtractor, [folder]);
        assert.equal(summary.stored, 0, JSON.stringify(summary.rejections));
        assert.ok(summary.rejected >= 15);
        for (const r of summary.rejections) assert.ok(!r.reason.includes('\n'));
        assert.deepEqual(await snapshot(store), before);

        // NUL characters and lone surrogates in JSON strings are stored (cleaned) on both backends
        const good = join(dir, `good-${backend.name}.jsonl`);
        writeFileSync(
          good,
          `${JSON.stringify({ id: 'nul-1', date: '2025-01-01', title: 'A\u0000B', source: 'S\u0000', text: 'Chile\u0000 and Peru met \ud800 in Lima.' })}\n`,
        );
        const g = await ingestInputs(store, stubExtractor, [good]);
        assert.equal(g.stored, 1, JSON.stringify(g.rejections));
        const doc = await store.getDocument('nul-1');
        assert.equal(doc?.text, 'Chile and Peru met \ufffd in Lima.');
        assert.equal(doc?.title, 'AB');
      } finally {
        await store.close();
      }
    });
  }
});

describe('through the CLI', () => {
  test('ingest of hostile files: one line per rejection, exit 1, no stack trace, store unchanged', {
    timeout: 180_000,
  }, async () => {
    writeFileSync(join(bad, 'random.bin'), randomBytes(4096));
    writeFileSync(
      join(bad, 'binary.txt'),
      Buffer.concat([Buffer.from('Date: 2025-01-01\n\n'), randomBytes(2048)]),
    );
    writeFileSync(join(bad, 'y9999.txt'), 'Date: 9999-12-31\n\nChile and Peru met.');
    writeFileSync(join(bad, 'empty.md'), '---\ndate: 2025-01-01\n---\n\n   \n');
    writeFileSync(
      join(bad, 'types.jsonl'),
      '{"id":1,"date":{"y":1},"text":"x"}\n{"text":["a"],"date":"2025-01-01"}\n[]\n',
    );
    writeFileSync(join(bad, 'tags.html'), `<html><body>${'<div>'.repeat(20_000)}</body></html>`);
    const big = openSync(join(bad, 'big.jsonl'), 'w');
    const mb = Buffer.alloc(1024 * 1024, 0x62);
    for (let i = 0; i < 30; i++) writeSync(big, mb);
    closeSync(big);
    const db = join(dir, 'cli.db');
    const store = await openStore(db);
    await store.storeExtraction(fakeExtraction(fakeDocument(1), 2));
    const before = await snapshot(store);
    await store.close();

    const r = await runCli(['ingest', bad, '--db', db, '--no-progress', '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!hasStackTrace(r.stderr), r.stderr);
    const errLines = r.stderr.trim().split('\n');
    assert.equal(errLines.length, 1, r.stderr);
    assert.match(errLines[0], /^blocwatch: .+ \[BW_ERR_[A-Z_]+\]$/);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.read, 0);
    assert.ok(summary.rejected >= 9, r.stdout);
    const reasons = new Map<string, string>(
      summary.rejections.map((x: { input: string; reason: string }) => [
        x.input.slice(bad.length + 1),
        x.reason,
      ]),
    );
    assert.match(reasons.get('random.bin') ?? '', /binary file|not readable/);
    assert.match(reasons.get('binary.txt') ?? '', /binary file|not readable/);
    assert.match(reasons.get('y9999.txt') ?? '', /invalid date "9999-12-31"/);
    assert.match(reasons.get('empty.md') ?? '', /empty text/);
    assert.match(reasons.get('types.jsonl:1') ?? '', /date: expected a string/);
    assert.match(reasons.get('types.jsonl:2') ?? '', /text: expected a string, found array/);
    assert.match(reasons.get('types.jsonl:3') ?? '', /expected a JSON object, found array/);
    assert.match(reasons.get('tags.html') ?? '', /no article text|no publication date/);
    assert.match(reasons.get('big.jsonl:1') ?? '', /over the 20\.0 MB limit/);
    for (const reason of reasons.values()) assert.ok(!reason.includes('\n'));

    const after = await openStore(db);
    try {
      assert.deepEqual(await snapshot(after), before);
    } finally {
      await after.close();
    }
  });

  test('GDELT import: a thousandfold zip is refused past the limit; rows with missing or extra columns are rejected', {
    timeout: 180_000,
  }, async () => {
    const db = join(dir, 'gdelt.db');
    const store = await openStore(db);
    await store.storeExtraction(fakeExtraction(fakeDocument(2), 2));
    const before = await snapshot(store);
    await store.close();

    const bomb = join(dir, '20250101.export.CSV.zip');
    writeFileSync(
      bomb,
      zipSync({ '20250101.export.CSV': new Uint8Array(20 * 1024 * 1024).fill(0x41) }, { level: 9 }),
    );
    const z = await runCli(['import', 'gdelt', bomb, '--db', db, '--max-expanded', '2MB']);
    assert.equal(z.code, 1, z.stderr);
    assert.ok(!hasStackTrace(z.stderr), z.stderr);
    assert.match(
      z.stderr,
      /^blocwatch: .*expands past the limit of 2097152 bytes.* \[BW_ERR_INPUT_TOO_LARGE\]$/m,
    );

    // no size limit given: the ratio refuses a thousandfold expansion (zip and gzip alike)
    const { gzipSync } = await import('node:zlib');
    const bigZip = join(dir, '20250103.export.CSV.zip');
    writeFileSync(
      bigZip,
      zipSync({ '20250103.export.CSV': new Uint8Array(40 * 1024 * 1024).fill(0x41) }, { level: 9 }),
    );
    const bigGz = join(dir, '20250104.export.CSV.gz');
    writeFileSync(bigGz, gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x41), { level: 9 }));
    for (const file of [bigZip, bigGz]) {
      const r = await runCli(['import', 'gdelt', file, '--db', db]);
      assert.equal(r.code, 1, r.stderr);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
      assert.match(
        r.stderr,
        /^blocwatch: .*expands more than 100 times its compressed size of \d+ bytes \(a zip bomb\?\); refusing to read it \(--max-ratio\) \[BW_ERR_INPUT_TOO_LARGE\]$/m,
      );
    }
    // the same gzip is read when a higher ratio is allowed
    const { readLines } = await import('../../src/ingest/importers/lines.ts');
    let expanded = 0;
    for await (const line of readLines(bigGz, { maxExpansionRatio: 100_000 })) expanded += line.length;
    assert.equal(expanded, 40 * 1024 * 1024);

    const rows = [
      ['1', '20250101', '201501', '2025'].join('\t'),
      Array.from({ length: 70 }, (_, i) => String(i)).join('\t'),
      '',
      'a\tb\tc',
      '"unterminated\tquote',
    ];
    const tsv = write('20250102.export.CSV', `${rows.join('\n')}\n`);
    const c = await runCli(['import', 'gdelt', tsv, '--db', db, '--json']);
    assert.ok(!hasStackTrace(c.stderr), c.stderr);
    assert.equal(c.code, 0, c.stderr);
    const s = JSON.parse(c.stdout);
    assert.equal(s.stored, 0);
    assert.equal(s.rejected, 4);
    for (const line of c.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('rejected')))
      assert.match(line, /^rejected .+:\d+ expected 57, 58 or 61 tab-separated columns, found \d+$/);

    const after = await openStore(db);
    try {
      assert.deepEqual(await snapshot(after), before);
    } finally {
      await after.close();
    }
  });
});
