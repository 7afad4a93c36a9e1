// The queue commands as a user runs them: `watch` polls a feed served on 127.0.0.1 and enqueues only
// new items, `enqueue` rejects bad inputs with reasons, `worker` drains the queue and stops cleanly
// on SIGTERM, `queue status` reports the counts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, sleep, startCli } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'blocwatch-queue-cli-'));
const db = join(dir, 'queue.db');
const feedsFile = join(dir, 'feeds.txt');

interface Item {
  title: string;
  link: string;
  date?: string;
  text: string;
}

const items: Item[] = [
  {
    title: 'Ministers meet in Ankara',
    link: 'https://news.example/ankara-talks',
    date: 'Mon, 03 Mar 2025 09:00:00 GMT',
    text: 'Turkish Foreign Minister Hakan Fidan met his Egyptian counterpart Badr Abdelatty in Ankara on Monday. The two ministers agreed to expand trade &amp; energy cooperation.',
  },
  {
    title: 'Sanctions on banks',
    link: 'https://news.example/sanctions',
    date: 'Tue, 04 Mar 2025 10:30:00 GMT',
    text: 'Japan imposed new sanctions on Russian banks on Tuesday. Moscow condemned the decision as hostile.',
  },
  {
    title: 'An item without a date',
    link: 'https://news.example/undated',
    text: 'Brazil and India signed an agreement on fertiliser supplies.',
  },
];

function rss(list: readonly Item[]): string {
  const entries = list
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>${i.link}</link>${i.date ? `<pubDate>${i.date}</pubDate>` : ''}<description>${i.text}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Test Wire</title><link>https://news.example/</link><description>Test feed</description>\n${entries}\n</channel></rss>\n`;
}

let server: Server;
let feed = rss(items);
let base = '';

before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/feed.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(feed);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(feedsFile, `# feeds polled by the test\n${base}/feed.rss  Test Wire\n\n${base}/gone.rss\n`);
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function lastJson(stdout: string) {
  return JSON.parse(stdout.trim().split('\n').pop() as string);
}

test('watch enqueues new feed items once; enqueue rejects with reasons; worker drains; status reports', async () => {
  const first = await runCli(['watch', feedsFile, '--once', '--db', db]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /round 1: read 2, enqueued 2, duplicates 0, near-duplicates 0, rejected 2/);
  assert.match(
    first.stderr,
    /rejected https:\/\/news\.example\/undated: no publication date in the feed item/,
  );
  assert.match(first.stderr, /rejected http:\/\/127\.0\.0\.1:\d+\/gone\.rss: HTTP 404/);

  // polling again adds nothing; a new item is picked up
  const second = await runCli(['watch', feedsFile, '--once', '--db', db, '--json']);
  assert.equal(second.code, 0, second.stderr);
  const s2 = lastJson(second.stdout);
  assert.equal(s2.enqueued, 0);
  assert.equal(s2.duplicates, 2);
  feed = rss([
    ...items,
    {
      title: 'Aid after floods',
      link: 'https://news.example/aid',
      date: 'Wed, 05 Mar 2025 08:00:00 GMT',
      text: 'Qatar sent humanitarian aid to Pakistan after the floods, officials in Doha said.',
    },
  ]);
  const third = await runCli(['watch', feedsFile, '--once', '--db', db, '--json']);
  const s3 = lastJson(third.stdout);
  assert.equal(s3.enqueued, 1);
  assert.equal(s3.duplicates, 2);

  // enqueue: every input is read like ingest reads it; bad ones get a reason and a failing exit
  const missing = await runCli(['enqueue', join(dir, 'nope.txt'), '--db', db]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.txt: no such file \[BW_ERR_INPUT_NOT_FOUND\]/);
  const article = join(dir, 'article.txt');
  writeFileSync(
    article,
    'Title: Talks in Cairo\nDate: 2025-03-06\n\nEgypt and Saudi Arabia agreed to deepen cooperation on regional security.\n',
  );
  const enq = await runCli(['enqueue', article, article, '--db', db, '--json']);
  assert.equal(enq.code, 0, enq.stderr);
  const e = lastJson(enq.stdout);
  assert.deepEqual([e.read, e.enqueued, e.duplicates, e.rejected], [2, 1, 1, 0]);

  const work = await runCli(['worker', '--once', '--db', db, '--json', '--no-progress']);
  assert.equal(work.code, 0, work.stderr);
  const w = lastJson(work.stdout);
  assert.equal(w.done, 4);
  assert.equal(w.stored, 4);
  assert.ok(w.events > 0);

  const status = await runCli(['queue', 'status', '--db', db]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /queued 0, running 0, done 4, parked 0/);
  const stats = await runCli(['stats', '--db', db, '--json']);
  assert.equal(lastJson(stats.stdout).documents, 4);

  const retry = await runCli(['queue', 'retry', '--db', db]);
  assert.equal(retry.code, 2, 'retry without ids or --all is a usage error');
});

test('worker and watch stop cleanly on SIGTERM', async () => {
  const worker = startCli(['worker', '--db', db, '--poll', '200ms', '--json', '--no-progress']);
  const watch = startCli(['watch', feedsFile, '--every', '1h', '--db', db, '--json']);
  // wait until both are running: the watcher has printed its first round, the worker has opened the store
  for (
    let i = 0;
    i < 1200 && !(watch.stdout().includes('"round":1') && worker.stderr().includes(' started: '));
    i++
  )
    await sleep(100);
  assert.match(watch.stdout(), /"round":1/);
  assert.match(worker.stderr(), /worker: \S+ started: batch 20/);
  worker.proc.kill('SIGTERM');
  watch.proc.kill('SIGTERM');
  assert.equal(await worker.exited, 0, worker.stderr());
  assert.equal(await watch.exited, 0, watch.stderr());
  assert.equal(lastJson(worker.stdout()).ok, true);
  assert.match(worker.stderr(), /SIGTERM: finishing the current batch/);
});
