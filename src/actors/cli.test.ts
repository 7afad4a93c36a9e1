// `blocwatch actors`: resolve with a date and context, lookup, and --unknown over a store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { resolveText } from '../cli/commands/actors.ts';
import { runCli } from '../cli/main.ts';
import { openStore } from '../store/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bw-actors-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

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

test('resolve: "the foreign minister" is a different person in 2019 and in 2025', () => {
  const context = 'Iran rejected the report on Monday.';
  const m2019 = resolveText('the foreign minister', '2019-05-01', context);
  const m2025 = resolveText('the foreign minister', '2025-05-01', context);
  assert.equal(m2019.length, 1);
  assert.equal(m2019[0].actors[0].code, 'IRNGOV');
  assert.notEqual(m2019[0].actors[0].entity_id, m2025[0].actors[0].entity_id);
  assert.equal(m2019[0].start, 0, 'offsets are relative to the text, not the context');
});

test('actors resolve --json and lookup print JSON; no subcommand is a usage error', async () => {
  const r = await capture([
    'actors',
    'resolve',
    'Russian',
    'troops',
    'entered',
    'Kyiv',
    '--date',
    '2022-03-01',
    '--json',
  ]);
  assert.equal(r.code, 0);
  const body = JSON.parse(r.stdout);
  assert.equal(body.ok, true);
  assert.deepEqual(
    body.mentions.map((m: { actors: { code: string }[] }) => m.actors[0].code),
    ['RUSMIL', 'UKRGOV'],
  );
  const l = await capture(['actors', 'lookup', 'the', 'Kremlin', '--json']);
  assert.equal(JSON.parse(l.stdout).entries[0].code, 'RUSGOV');
  assert.equal((await capture(['actors'])).code, 2);
});

test('actors --unknown lists unresolved names with counts, most frequent first', async () => {
  const db = join(tmp, 'u.db');
  const store = await openStore(db);
  await store.db
    .insertInto('unknown_mentions')
    .values([
      { doc_id: 'a', sentence_index: 0, start: 0, end: 8, text: 'Izvestia' },
      { doc_id: 'b', sentence_index: 1, start: 5, end: 13, text: 'Izvestia' },
      { doc_id: 'b', sentence_index: 2, start: 9, end: 20, text: 'Zorblat Inc' },
    ])
    .execute();
  await store.close();
  const r = await capture(['actors', '--unknown', '--db', db, '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout).unknown, [
    { text: 'Izvestia', mentions: 2, documents: 2 },
    { text: 'Zorblat Inc', mentions: 1, documents: 1 },
  ]);
  const t = await capture(['actors', '--unknown', '--db', db, '--limit', '1']);
  assert.match(t.stdout, /Izvestia\s+2\s+2/);
  assert.doesNotMatch(t.stdout, /Zorblat/);
});
