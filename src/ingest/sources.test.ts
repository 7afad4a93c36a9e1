// Readers: every supported format, date sources, and every kind of rejection with a one-line reason.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { PACKAGE_ROOT } from '../paths.ts';
import { type IngestItem, readInputs, sniffFormat } from './sources.ts';

const FIXTURES = resolve(PACKAGE_ROOT, 'test', 'fixtures', 'ingest');
const fixture = (name: string) => join(FIXTURES, name);

async function read(inputs: string[], options = {}, stdin?: Readable): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const item of readInputs(inputs, options, stdin)) out.push(item);
  return out;
}

function docs(items: IngestItem[]) {
  return items.flatMap((i) => (i.kind === 'document' ? [i.doc] : []));
}

function rejections(items: IngestItem[]) {
  return items.flatMap((i) => (i.kind === 'rejected' ? [i] : []));
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'blocwatch-ingest-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('formats', () => {
  test('plain text with a header block', async () => {
    const [d] = docs(await read([fixture('headed.txt')]));
    assert.equal(d.title, 'Brazil and Argentina discuss trade');
    assert.equal(d.published_at, '2025-02-11');
    assert.equal(d.source, 'Pampas Test Post');
    assert.equal(d.url, 'https://example.com/pampas/trade');
    assert.equal(d.format, 'text');
    assert.ok(d.text.startsWith('Brazil and Argentina discussed tariffs'));
    assert.ok(!d.text.includes('Title:'));
    assert.match(d.id, /^h[0-9a-f]{16}$/);
    assert.equal(d.lang, 'en');
  });

  test('plain text without a date is rejected unless --date is given', async () => {
    const [r] = rejections(await read([fixture('undated.txt')]));
    assert.match(r.reason, /no publication date/);
    const [d] = docs(await read([fixture('undated.txt')], { date: '2025-01-02' }));
    assert.equal(d.published_at, '2025-01-02');
    assert.equal(d.title, 'Norway and Sweden held talks on Arctic rail links.');
  });

  test('Markdown with front matter', async () => {
    const [d] = docs(await read([fixture('story.md')]));
    assert.equal(d.title, 'Ghana and Togo agree on joint border patrols');
    assert.equal(d.published_at, '2024-11-05');
    assert.equal(d.format, 'markdown');
    assert.match(
      d.text,
      /Ghana and Togo agreed on Tuesday to run joint patrols along their northern border, officials said\./,
    );
    assert.ok(!/[*#[\]]/.test(d.text), d.text);
    assert.match(d.text, /^Patrols start in January\.$/m);
  });

  test('HTML: article text, title, JSON-LD date, canonical URL, site name; no scripts or navigation', async () => {
    const [d] = docs(await read([fixture('article.html')]));
    assert.equal(d.published_at, '2025-03-04');
    assert.equal(d.url, 'https://example.com/northgate/2025/03/04/ankara-talks');
    assert.equal(d.source, 'Northgate Review');
    assert.equal(d.format, 'html');
    assert.match(d.title ?? '', /Turkey and Azerbaijan/);
    assert.match(d.text, /The foreign ministers of Turkey and Azerbaijan met in Ankara on Monday/);
    assert.match(d.text, /\n\nOfficials from both governments/);
    assert.ok(!d.text.includes('tracking'));
    assert.ok(!d.text.includes('Home'));
  });

  test('HTML dates from meta tags and <time>', async () => {
    const cases: [string, string][] = [
      ['<meta property="article:published_time" content="2024-07-01T10:00:00Z">', '2024-07-01'],
      ['<meta name="date" content="2024-07-02">', '2024-07-02'],
      ['<meta itemprop="datePublished" content="2024-07-03">', '2024-07-03'],
    ];
    for (const [meta, expected] of cases) {
      const file = join(dir, `meta-${expected}.html`);
      writeFileSync(
        file,
        `<html><head>${meta}<title>T</title></head><body><p>Peru and Bolivia signed a water agreement on Monday in La Paz, officials said.</p></body></html>`,
      );
      const [d] = docs(await read([file]));
      assert.equal(d?.published_at, expected, meta);
    }
    const file = join(dir, 'time.html');
    writeFileSync(
      file,
      '<html><body><time datetime="2024-08-09T12:00">9 Aug</time><p>Kenya and Ethiopia agreed to build a new road.</p></body></html>',
    );
    assert.equal(docs(await read([file]))[0]?.published_at, '2024-08-09');
  });

  test('RSS: one document per item, entities never resolved, undated items rejected', async () => {
    const items = await read([fixture('feed.rss')]);
    const ds = docs(items);
    assert.equal(ds.length, 2);
    assert.equal(ds[0].title, 'Chile and Peru sign port agreement');
    assert.equal(ds[0].published_at, '2025-05-02');
    assert.equal(ds[0].source, 'Harbour Test Wire');
    assert.equal(ds[0].url, 'https://example.org/harbour/2025/05/02/ports');
    assert.equal(ds[0].format, 'feed');
    assert.match(
      ds[0].text,
      /Pacific ports\.\n\nBoth trade ministers called it a first step & promised more talks\./,
    );
    for (const d of ds) assert.ok(!d.text.includes('root:') && !(d.title ?? '').includes('root:'));
    const [r] = rejections(items);
    assert.equal(r.input, 'https://example.org/harbour/undated');
    assert.match(r.reason, /no publication date in the feed item/);
    const dated = docs(await read([fixture('feed.rss')], { date: '2025-05-05' }));
    assert.equal(dated.length, 3);
  });

  test('Atom feed', async () => {
    const [d] = docs(await read([fixture('feed.atom')]));
    assert.equal(d.published_at, '2025-06-09');
    assert.equal(d.title, 'Kazakhstan and Uzbekistan open border crossing');
    assert.equal(d.url, 'https://example.com/steppe/2025/06/09/crossing');
    assert.match(d.text, /^Kazakhstan and Uzbekistan opened a new border crossing/);
  });

  test('JSONL: records streamed with line numbers; bad lines rejected, the rest read', async () => {
    const file = join(dir, 'docs.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({
          id: 'a1',
          date: '2025-01-05',
          title: 'T',
          url: 'https://example.com/a1',
          source: 'S',
          text: 'Egypt and Sudan met.',
        }),
        '{"id": "a2", "date": "2025-01-06", "text": ',
        '',
        JSON.stringify({ id: 3, date: '2025-01-07', text: 'Numeric ids become strings.' }),
        JSON.stringify({ id: 'a4', date: '2025-01-07', text: 42 }),
        JSON.stringify({ id: 'a5', date: '0000-01-01', text: 'Year zero.' }),
        JSON.stringify({ id: 'a6', text: 'No date.' }),
        JSON.stringify({ id: 'a7', date: '2025-01-08', text: '   ' }),
        JSON.stringify([1, 2]),
        JSON.stringify({ date: '2025-01-09', text: 'No id: derived from the content.' }),
      ].join('\n'),
    );
    const items = await read([file]);
    const ds = docs(items);
    assert.deepEqual(
      ds.map((d) => d.id),
      ['a1', '3', ds[2].id],
    );
    assert.match(ds[2].id, /^h[0-9a-f]{16}$/);
    assert.equal(ds[0].title, 'T');
    assert.equal(ds[0].source, 'S');
    const rs = rejections(items);
    assert.deepEqual(
      rs.map((r) => r.input.slice(file.length)),
      [':2', ':5', ':6', ':7', ':8', ':9'],
    );
    assert.match(rs[0].reason, /^invalid JSON/);
    assert.equal(rs[1].reason, 'text: expected a string, found number');
    assert.match(rs[2].reason, /invalid date "0000-01-01"/);
    assert.match(rs[3].reason, /no publication date/);
    assert.equal(rs[4].reason, 'empty text');
    assert.match(rs[5].reason, /expected a JSON object, found array/);
    for (const r of rs) assert.ok(!r.reason.includes('\n'));
  });

  test('folders are walked recursively in name order, skipping hidden files and documentation', async () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'b', 'c'), { recursive: true });
    mkdirSync(join(root, '.hidden'), { recursive: true });
    const article = (title: string) => `Title: ${title}\nDate: 2025-03-01\n\n${title} is the whole story.\n`;
    writeFileSync(join(root, 'b', 'c', 'z.txt'), article('Zeta'));
    writeFileSync(join(root, 'a.txt'), article('Alpha'));
    writeFileSync(join(root, 'b', 'm.md'), article('Mu'));
    writeFileSync(join(root, '.hidden', 'x.txt'), article('Hidden'));
    writeFileSync(join(root, 'README.md'), '# About this folder\n');
    writeFileSync(join(root, 'manifest.json'), '{"not": "an article"}');
    const ds = docs(await read([root]));
    assert.deepEqual(
      ds.map((d) => d.title),
      ['Alpha', 'Zeta', 'Mu'],
      'a.txt, b/c/z.txt, b/m.md',
    );
  });

  test('stdin: JSONL or a single article, format sniffed', async () => {
    const jsonl = `${JSON.stringify({ id: 's1', date: '2025-04-01', text: 'Japan and Korea talked.' })}\n`;
    const [d1] = docs(await read(['-'], {}, Readable.from([Buffer.from(jsonl)])));
    assert.equal(d1.id, 's1');
    const html =
      '<!doctype html><html><head><meta name="date" content="2025-04-02"></head><body><p>Mexico and Canada met.</p></body></html>';
    const [d2] = docs(await read(['-'], {}, Readable.from([Buffer.from(html)])));
    assert.equal(d2.format, 'html');
    assert.equal(d2.published_at, '2025-04-02');
    const [d3] = docs(
      await read(['-'], { date: '2025-04-03' }, Readable.from([Buffer.from('Plain words from a pipe.')])),
    );
    assert.equal(d3.format, 'text');
  });

  test('format sniffing', () => {
    assert.equal(sniffFormat('{"id":1}'), 'jsonl');
    assert.equal(sniffFormat('<?xml version="1.0"?><rss version="2.0">'), 'feed');
    assert.equal(sniffFormat('<feed xmlns="http://www.w3.org/2005/Atom">'), 'feed');
    assert.equal(sniffFormat('  <!DOCTYPE html><html>'), 'html');
    assert.equal(sniffFormat('---\ntitle: x\n---\n'), 'markdown');
    assert.equal(sniffFormat('Just words.'), 'text');
  });
});

describe('rejections', () => {
  test('binary, invalid UTF-8, empty, broken HTML, too large, missing: one-line reasons', async () => {
    const files: Record<string, Buffer | string> = {
      'binary.txt': Buffer.from([0x47, 0x49, 0x46, 0x38, 0x00, 0x01, 0x02, 0x03]),
      'random.txt': Buffer.from(Array.from({ length: 4000 }, (_, i) => ((i * 7919 + 13) % 255) + 1)),
      'empty.txt': 'Title: Nothing\nDate: 2025-01-01\n\n   \n',
      'broken.html': '<html><head><title>x</title></head><body><div><script>var a = 1;</script><span></span>',
      'nested.html': `${'<div>'.repeat(5000)}Deeply nested but real text about Chad and Niger meeting.${'</div>'.repeat(10)}`,
      'big.txt': `Date: 2025-01-01\n\n${'word '.repeat(20000)}`,
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const items = await read([...Object.keys(files).map((n) => join(dir, n)), join(dir, 'missing.txt')], {
      maxBytes: 40_000,
      date: '2025-01-01',
    });
    const byName = new Map(items.map((i) => [i.input.slice(dir.length + 1), i]));
    const reason = (n: string) => {
      const i = byName.get(n);
      return i?.kind === 'rejected' ? `${i.code} ${i.reason}` : 'accepted';
    };
    assert.match(reason('binary.txt'), /binary file/);
    assert.match(reason('random.txt'), /not readable text|binary file/);
    assert.match(reason('empty.txt'), /empty text/);
    assert.match(reason('broken.html'), /HTML page has no article text/);
    assert.equal(reason('nested.html'), 'accepted');
    assert.match(
      reason('big.txt'),
      /^BW_ERR_INPUT_TOO_LARGE input is 97\.7 KB, over the 39\.1 KB limit \(--max-bytes\)$/,
    );
    assert.match(reason('missing.txt'), /^BW_ERR_INPUT_NOT_FOUND no such file/);
    for (const i of items) if (i.kind === 'rejected') assert.ok(!i.reason.includes('\n'));
  });

  test('a JSONL line over the limit is skipped without stopping the file', async () => {
    const file = join(dir, 'long.jsonl');
    const ok = JSON.stringify({ id: 'ok', date: '2025-01-01', text: 'Fine.' });
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'long', date: '2025-01-01', text: 'x'.repeat(50_000) })}\n${ok}\n`,
    );
    const items = await read([file], { maxBytes: 10_000 });
    assert.equal(items[0].kind, 'rejected');
    assert.equal(items[0].kind === 'rejected' && items[0].code, 'BW_ERR_INPUT_TOO_LARGE');
    assert.equal(docs(items)[0]?.id, 'ok');
  });

  test('legacy Latin-1 text and UTF-16 with a BOM are decoded', async () => {
    const latin = Buffer.from(
      'Date: 2025-01-01\n\nLe ministre fran\xe7ais a rencontr\xe9 son homologue.\n',
      'latin1',
    );
    writeFileSync(join(dir, 'latin.txt'), latin);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Date: 2025-01-01\n\nHanoi and Manila met.\n', 'utf16le'),
    ]);
    writeFileSync(join(dir, 'utf16.txt'), utf16);
    const ds = docs(await read([join(dir, 'latin.txt'), join(dir, 'utf16.txt')]));
    assert.equal(ds.length, 2);
    assert.match(ds[0].text, /français a rencontré/);
    assert.equal(ds[1].text, 'Hanoi and Manila met.');
  });
});

describe('URLs', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/article.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          '<html><head><meta name="date" content="2025-02-02"></head><body><p>Serbia and Hungary opened a pipeline.</p></body></html>',
        );
      } else if (req.url === '/feed') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><item><title>One</title><link>https://example.com/one</link><pubDate>Mon, 03 Feb 2025 10:00:00 GMT</pubDate><description>Latvia and Estonia agreed.</description></item></channel></rss>',
        );
      } else {
        res.writeHead(404);
        res.end('nope');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('an HTML page, a feed served as text/xml, and a 404', async () => {
    const items = await read([`${base}/article.html`, `${base}/feed`, `${base}/missing`]);
    const ds = docs(items);
    assert.equal(ds.length, 2);
    assert.equal(ds[0].url, `${base}/article.html`);
    assert.equal(ds[0].published_at, '2025-02-02');
    assert.equal(ds[1].format, 'feed');
    assert.equal(ds[1].url, 'https://example.com/one');
    const [r] = rejections(items);
    assert.equal(r.code, 'BW_ERR_INPUT_NOT_FOUND');
    assert.match(r.reason, /HTTP 404/);
  });
});

test('skipSimhash leaves only the SimHash out, for every reader', async () => {
  const inputs = [FIXTURES];
  const full = docs(await read(inputs, { date: '2025-03-01' }));
  const lean = docs(await read(inputs, { date: '2025-03-01', skipSimhash: true }));
  assert.ok(full.length >= 5, `${full.length} documents`);
  assert.equal(new Set(full.map((d) => d.format)).size > 2, true);
  assert.ok(full.every((d) => /^[0-9a-f]{16}$/.test(d.simhash)));
  assert.deepEqual(
    lean,
    full.map((d) => ({ ...d, simhash: '' })),
  );
});
