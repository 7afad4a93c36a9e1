// `blocwatch claims` and `blocwatch quotes` over a SQLite store filled through the real pipeline.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../cli/main.ts';
import { createExtractor } from '../pipeline.ts';
import { openStore } from '../store/index.ts';
import type { Document } from '../types.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bw-claims-cli-'));
const db = join(tmp, 'claims.db');
after(() => rmSync(tmp, { recursive: true, force: true }));

const TEXTS: [string, string, string][] = [
  [
    'a1',
    '2025-12-18',
    'Lavrov said trade between Russia and Iran rose 15 percent in the first ten months of 2025. ' +
      '"We intend to keep this momentum," the Russian minister said.',
  ],
  [
    'a2',
    '2025-07-20',
    "Ethiopia's exports to Somalia fell 20 percent last year, according to the central bank.",
  ],
  ['a3', '2024-05-02', 'At least 30 people were killed in the strike on Tuesday, Ukrainian officials said.'],
];

before(async () => {
  const ex = createExtractor();
  const store = await openStore(db);
  try {
    for (const [id, date, text] of TEXTS) {
      const doc: Document = {
        id,
        published_at: date,
        text,
        lang: 'en',
        content_hash: id,
        simhash: '0000000000000000',
        format: 'text',
      };
      await store.storeExtraction(ex.extract(doc));
    }
  } finally {
    await store.close();
  }
});

async function capture(args: string[]): Promise<{ code: number; stdout: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // the CLI writes strings; bytes are the test runner's own reports (runCli loads the command's
  // module, and the runner may write while it waits): pass them on
  process.stdout.write = ((c: string | Uint8Array) => {
    if (typeof c !== 'string') return write(c);
    chunks.push(c);
    return true;
  }) as typeof process.stdout.write;
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    const code = await runCli(args);
    return { code, stdout: chunks.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
  }
}

test('claims --metric trade --actor IRN --json returns the trade claim', async () => {
  const r = await capture(['claims', '--db', db, '--metric', 'trade', '--actor', 'IRN', '--json']);
  assert.equal(r.code, 0);
  const body = JSON.parse(r.stdout);
  assert.equal(body.ok, true);
  assert.equal(body.claims.length, 1);
  const c = body.claims[0];
  assert.equal(c.kind, 'claim');
  assert.equal(c.value, 15);
  assert.equal(c.unit, 'percent');
  assert.deepEqual([...c.actors].sort(), ['IRN', 'RUS']);
  assert.equal(c.period_start, '2025-01-01');
  assert.equal(c.period_end, '2025-10-31');
  assert.match(c.speaker, /Lavrov/);
});

test('claims filters: actor, period overlap, metric, and the table output', async () => {
  const som = JSON.parse((await capture(['claims', '--db', db, '--actor', 'SOM', '--json'])).stdout);
  assert.deepEqual(
    som.claims.map((c: { metric: string; value: number }) => [c.metric, c.value]),
    [['exports', -20]],
  );
  const in2024 = JSON.parse(
    (await capture(['claims', '--db', db, '--from', '2024-01-01', '--to', '2024-12-31', '--json'])).stdout,
  );
  assert.deepEqual(in2024.claims.map((c: { metric: string }) => c.metric).sort(), ['exports', 'killed']);
  const none = await capture(['claims', '--db', db, '--metric', 'gdp']);
  assert.equal(none.code, 0);
  assert.match(none.stdout, /no claims match/);
  const table = await capture(['claims', '--db', db, '--metric', 'trade']);
  assert.match(table.stdout, /trade\s+\+15 %\s+RUS,IRN/);
});

test('claims with a malformed option is a usage error (exit 2)', async () => {
  assert.equal((await capture(['claims', '--db', db, '--from', '2025-13-01'])).code, 2);
  assert.equal((await capture(['claims', '--db', db, '--metric', 'Trade!'])).code, 2);
});

test('quotes --speaker, --actor, --direct', async () => {
  const lavrov = JSON.parse((await capture(['quotes', '--db', db, '--speaker', 'lavrov', '--json'])).stdout);
  assert.ok(lavrov.quotes.length >= 2);
  assert.ok(lavrov.quotes.every((q: { speaker: string }) => /Lavrov/.test(q.speaker)));
  const direct = JSON.parse((await capture(['quotes', '--db', db, '--direct', '--json'])).stdout);
  assert.equal(direct.quotes.length, 1);
  assert.equal(direct.quotes[0].text, 'We intend to keep this momentum');
  assert.equal(direct.quotes[0].speaker_role, 'official');
  const rus = JSON.parse((await capture(['quotes', '--db', db, '--actor', 'RUS', '--json'])).stdout);
  assert.ok(rus.quotes.length >= 2);
  const ukr = JSON.parse((await capture(['quotes', '--db', db, '--actor', 'UKR', '--json'])).stdout);
  assert.equal(ukr.quotes.length, 1);
});
