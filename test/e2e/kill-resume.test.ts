// Kill a real `blocwatch ingest` with SIGKILL in the middle of a run, start it again, and check the
// database ends up exactly like the database of an uninterrupted run.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { collectCli, runCli, startCli } from './helpers.ts';

const COUNTRIES = [
  ['France', 'Paris'],
  ['Germany', 'Berlin'],
  ['Japan', 'Tokyo'],
  ['Brazil', 'Brasilia'],
  ['India', 'New Delhi'],
  ['Kenya', 'Nairobi'],
  ['Turkey', 'Ankara'],
  ['Egypt', 'Cairo'],
  ['Mexico', 'Mexico City'],
  ['Vietnam', 'Hanoi'],
  ['Poland', 'Warsaw'],
  ['Nigeria', 'Abuja'],
  ['Chile', 'Santiago'],
  ['Indonesia', 'Jakarta'],
  ['Canada', 'Ottawa'],
  ['Morocco', 'Rabat'],
  ['Norway', 'Oslo'],
  ['Qatar', 'Doha'],
];
const ACTIONS = [
  (a: string, b: string, city: string) =>
    `${a} and ${b} signed an agreement on energy cooperation in ${city} on Monday.`,
  (a: string, b: string, city: string) =>
    `The foreign minister of ${a} visited ${city} for talks with officials of ${b}.`,
  (a: string, b: string) => `${a} accused ${b} of violating the ceasefire along their border.`,
  (a: string, b: string) => `${a} imposed new sanctions on ${b} over the arrest of journalists.`,
  (a: string, b: string) => `${a} praised ${b} for its help after the floods.`,
  (a: string, b: string) => `${a} expelled two diplomats from ${b} on Thursday.`,
];
const TOPICS = [
  'grain exports',
  'rail links',
  'fishing rights',
  'a new port',
  'power lines',
  'visa rules',
  'debt relief',
];

// several storage batches (src/ingest/run.ts stores up to 200 documents per transaction), so that the
// kill lands after some batches have committed and before the last
const N = 1000;

/** A JSONL corpus of N distinct short articles written from templates. */
function corpus(): string {
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const [a] = COUNTRIES[i % COUNTRIES.length];
    const [b, city] = COUNTRIES[(i * 7 + 3) % COUNTRIES.length];
    const first = ACTIONS[i % ACTIONS.length](a, b, city);
    const second = ACTIONS[(i * 5 + 1) % ACTIONS.length](b, a, COUNTRIES[i % COUNTRIES.length][1]);
    const topic = TOPICS[i % TOPICS.length];
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    const text = `${first} Officials said the talks on ${topic} would continue, report number ${i}. ${second} Trade between the two countries reached ${100 + i} million dollars last year.`;
    lines.push(
      JSON.stringify({
        id: `kr-${String(i).padStart(4, '0')}`,
        date: `2025-${month}-${day}`,
        source: 'Kill Test Wire',
        text,
      }),
    );
  }
  // an exact duplicate and a broken line: resumed runs must treat them the same way
  lines.push(JSON.stringify({ id: 'kr-dup', date: '2025-06-01', text: JSON.parse(lines[5]).text }));
  lines.push('{"id": "kr-broken", ');
  return `${lines.join('\n')}\n`;
}

let dir: string;
let input: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'blocwatch-kill-'));
  input = join(dir, 'corpus.jsonl');
  writeFileSync(input, corpus());
});
after(() => rmSync(dir, { recursive: true, force: true }));

function countDocuments(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const handle = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (handle.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      handle.close();
    }
  } catch {
    return 0; // not migrated yet
  }
}

function snapshot(db: string) {
  const handle = new Database(db, { readonly: true });
  try {
    const all = (q: string) => handle.prepare(q).all();
    return {
      integrity: (handle.prepare('PRAGMA integrity_check').get() as { integrity_check: string })
        .integrity_check,
      documents: all(
        'SELECT id, url, title, published_at, source, text, lang, content_hash, simhash, format, duplicate_of, coder_version FROM documents ORDER BY id',
      ),
      events: all('SELECT * FROM events ORDER BY id'),
      claims: all('SELECT * FROM claims ORDER BY id'),
      quotes: all('SELECT * FROM quotes ORDER BY id'),
      unknown: all('SELECT * FROM unknown_mentions ORDER BY doc_id, start, "end"'),
      indexes: all("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"),
    };
  } finally {
    handle.close();
  }
}

test('an ingest killed with SIGKILL and run again ends with the same database as an uninterrupted run', {
  timeout: 300_000,
}, async () => {
  const straight = join(dir, 'straight.db');
  const killed = join(dir, 'killed.db');

  // the uninterrupted run, in parallel with the run that gets killed
  const straightRun = runCli(['ingest', input, '--db', straight, '--no-progress', '--json']);

  // killed in a bulk load: its indexes are dropped until the end of the run that never comes
  const child = startCli(['ingest', input, '--db', killed, '--no-progress', '--bulk', 'yes']);
  const done = collectCli(child);
  let exited = false;
  void done.then(() => {
    exited = true;
  });
  let atKill = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 25));
    atKill = countDocuments(killed);
    if (atKill >= 20 || exited) break;
  }
  child.kill('SIGKILL');
  const first = await done;
  assert.equal(first.signal, 'SIGKILL', `the run finished before it could be killed (${atKill} documents)`);
  const partial = countDocuments(killed);
  assert.ok(partial > 0 && partial < N, `killed mid-run: ${partial} of ${N} documents stored`);

  const resumed = await runCli(['ingest', input, '--db', killed, '--no-progress', '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const summary = JSON.parse(resumed.stdout);
  assert.equal(
    summary.duplicates,
    partial + 1,
    'documents stored before the kill are recognised as duplicates',
  );
  assert.equal(summary.rejected, 1, 'the broken line');

  const reference = await straightRun;
  assert.equal(reference.code, 0, reference.stderr);
  const expected = JSON.parse(reference.stdout);
  assert.equal(expected.stored, N);

  const a = snapshot(straight);
  const b = snapshot(killed);
  assert.equal(a.integrity, 'ok');
  assert.equal(b.integrity, 'ok');
  assert.equal(b.documents.length, N);
  assert.deepEqual(b.documents, a.documents);
  assert.deepEqual(
    b.events.map((e) => (e as { id: string }).id),
    a.events.map((e) => (e as { id: string }).id),
  );
  assert.deepEqual(b.events, a.events);
  assert.deepEqual(b.claims, a.claims);
  assert.deepEqual(b.quotes, a.quotes);
  assert.deepEqual(b.unknown, a.unknown);
  assert.deepEqual(b.indexes, a.indexes, 'the indexes the killed bulk load dropped are back');
  assert.equal(
    new Set(b.events.map((e) => (e as { id: string }).id)).size,
    b.events.length,
    'no duplicate events',
  );
});
