// The CLI as users meet it: usage errors exit 2, failures exit 1 with one line and no stack trace,
// and the store commands work end to end on a small corpus.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliResult, hasStackTrace, REPO, runCli } from './helpers.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'blocwatch-cli-'));
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function assertOneLineError(r: CliResult, pattern: RegExp) {
  assert.ok(!hasStackTrace(r.stderr), `stack trace in: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got: ${r.stderr}`);
  assert.match(lines[0], pattern);
}

describe('errors', () => {
  test('commands that read fail on a database that does not exist, and create none', async () => {
    const typo = join(dir, 'no-such-folder', 'typo.db');
    const results = await Promise.all(
      [['stats'], ['events'], ['claims'], ['quotes'], ['dyad', 'IRN', 'RUS'], ['blocs'], ['followups']].map(
        (args) => runCli([...args, '--db', typo]),
      ),
    );
    for (const r of results) {
      assert.equal(r.code, 1, r.stderr);
      assertOneLineError(r, /^blocwatch: no database at .*typo\.db: .* \[BW_ERR_DB_NOT_FOUND\]$/);
    }
    assert.equal(existsSync(join(dir, 'no-such-folder')), false);
    // a command that writes still creates its database
    const made = join(dir, 'new-folder', 'new.db');
    const ingest = await runCli([
      'ingest',
      join(REPO, 'test/fixtures/ingest/undated.txt'),
      '--date',
      '2025-12-18',
      '--db',
      made,
      '--no-progress',
    ]);
    assert.equal(ingest.code, 0, ingest.stderr);
    assert.equal(existsSync(made), true);
  });

  test('usage errors exit 2; failures exit 1 with one line and no stack trace', {
    timeout: 240_000,
  }, async () => {
    const db = join(dir, 'errors.db');
    const [noArgs, badQuad, badDate, missing, binary, undated, badDb, noPg] = await Promise.all([
      runCli(['ingest']),
      runCli(['events', '--quad', '7', '--db', db]),
      runCli(['ingest', 'x.txt', '--date', '18/12/2025', '--db', db]),
      runCli(['ingest', join(dir, 'missing.txt'), '--db', db, '--no-progress']),
      runCli(['ingest', join(dir, 'binary.txt'), '--db', db, '--no-progress']),
      runCli(['extract', join(REPO, 'test/fixtures/ingest/undated.txt')]),
      runCli(['stats', '--db', join(REPO, 'package.json', 'x.db')]),
      runCli(['stats', '--db', 'postgres://nobody@127.0.0.1:1/none']),
    ]);
    for (const r of [noArgs, badQuad, badDate]) {
      assert.equal(r.code, 2, r.stderr);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
    }
    assert.match(noArgs.stderr, /missing required argument/);
    assert.match(badQuad.stderr, /expected a quad class 1-4/);
    assert.match(badDate.stderr, /expected a date YYYY-MM-DD/);
    assert.equal(missing.code, 1);
    assertOneLineError(missing, /^blocwatch: .*missing\.txt: no such file \[BW_ERR_INPUT_NOT_FOUND\]$/);
    assert.equal(binary.code, 1);
    assertOneLineError(binary, /binary\.txt: binary file \(contains NUL bytes\) \[BW_ERR_INPUT_REJECTED\]$/);
    assert.equal(undated.code, 1);
    assertOneLineError(
      undated,
      /undated\.txt: no publication date .* --date YYYY-MM-DD \[BW_ERR_INPUT_REJECTED\]$/,
    );
    assert.equal(undated.stdout, '');
    assert.equal(badDb.code, 1);
    assertOneLineError(badDb, /no database at .*x\.db: ingest or import .* \[BW_ERR_DB_NOT_FOUND\]$/);
    assert.equal(noPg.code, 1);
    assertOneLineError(noPg, /^blocwatch: cannot open postgres:.*\[BW_ERR_DB_OPEN\]$/);
  });
});

describe('extract', () => {
  test('worker threads give exactly the single-threaded output, in input order', {
    timeout: 240_000,
  }, async () => {
    // more documents than a few batches (16 each), so every thread, this one included, gets some
    const articles = join(REPO, 'data/demo/articles');
    const [one, two, three] = await Promise.all([
      runCli(['extract', articles, '--workers', '1']),
      runCli(['extract', articles, '--workers', '2']),
      runCli(['extract', articles, '--workers', '3']),
    ]);
    for (const run of [one, two, three]) assert.equal(run.code, 0, run.stderr);
    const lines = one.stdout.trim().split('\n');
    assert.ok(lines.length > 50, `${lines.length} records`);
    assert.equal(two.stdout, one.stdout);
    assert.equal(three.stdout, one.stdout);
  });
});

describe('store commands end to end', () => {
  test('ingest, stats, events, export, recode, extract', { timeout: 300_000 }, async () => {
    const db = join(dir, 'e2e.db');
    const fixtures = join(REPO, 'test/fixtures/ingest');
    const ingest = await runCli(['ingest', fixtures, '--db', db, '--json']);
    assert.equal(ingest.code, 0, ingest.stderr);
    const summary = JSON.parse(ingest.stdout);
    assert.equal(summary.ok, true);
    assert.equal(summary.read, 6, 'headed.txt, story.md, article.html, two RSS items, one Atom entry');
    assert.equal(summary.stored, 6);
    assert.equal(summary.rejected, 2, 'undated.txt and the undated feed item');
    for (const key of ['duplicates', 'near_duplicates', 'events', 'claims', 'quotes', 'runId'])
      assert.ok(key in summary, key);

    const [again, stats, events, csv, gexf, jsonl, extract] = await Promise.all([
      runCli(['ingest', fixtures, '--db', db, '--no-progress']),
      runCli(['stats', '--db', db, '--json']),
      runCli(['events', '--db', db, '--json', '--limit', '3']),
      runCli(['export', '--db', db, '--format', 'csv', '--what', 'events']),
      runCli(['export', '--db', db, '--format', 'gexf', '--out', join(dir, 'graph.gexf')]),
      runCli(['export', '--db', db]),
      runCli(['extract', '-', '--date', '2025-05-05'], {
        input: readFileSync(join(fixtures, 'headed.txt'), 'utf8'),
      }),
    ]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^read 6, stored 0, duplicates 6, near-duplicates 0, rejected 2$/m);
    assert.match(again.stdout, /^rejected .*undated\.txt: no publication date/m);

    assert.equal(stats.code, 0, stats.stderr);
    const s = JSON.parse(stats.stdout);
    assert.equal(s.documents, 6);
    // the second ingest runs at the same time: only the first run's records are certain
    assert.ok(s.ingest_runs >= 1);
    assert.ok(s.rejected_inputs >= 2);

    assert.equal(events.code, 0, events.stderr);
    const page = JSON.parse(events.stdout);
    assert.equal(page.ok, true);
    assert.ok(Array.isArray(page.events));
    assert.ok(page.events.length <= 3);
    for (const e of page.events)
      for (const key of [
        'kind',
        'doc_id',
        'source',
        'target',
        'source_name',
        'target_name',
        'code',
        'root',
        'quad_class',
        'goldstein',
        'plover',
        'modality',
        'attributed_to',
        'date',
        'date_precision',
        'evidence',
        'rule',
        'confidence',
      ])
        assert.ok(key in e, `event field ${key}`);

    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /^id,doc_id,sentence_index,origin,source,source_name,/);

    assert.equal(gexf.code, 0, gexf.stderr);
    const graph = readFileSync(join(dir, 'graph.gexf'), 'utf8');
    assert.match(
      graph,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<gexf xmlns="http:\/\/gexf.net\/1.3" version="1.3">/,
    );
    assert.match(graph, /<\/gexf>\n$/);

    assert.equal(jsonl.code, 0, jsonl.stderr);
    for (const line of jsonl.stdout.trim().split('\n').filter(Boolean)) {
      const record = JSON.parse(line);
      assert.ok(['event', 'claim', 'quote'].includes(record.kind));
    }

    assert.equal(extract.code, 0, extract.stderr);
    for (const line of extract.stdout.trim().split('\n').filter(Boolean)) {
      const record = JSON.parse(line);
      assert.ok(['event', 'claim', 'quote'].includes(record.kind));
      assert.match(record.doc_id, /^h[0-9a-f]{16}$/);
    }

    const recode = await runCli(['recode', '--db', db, '--json']);
    assert.equal(recode.code, 0, recode.stderr);
    const r = JSON.parse(recode.stdout);
    assert.equal(r.documents, 6);
    assert.equal(r.events, s.events, 'recoding with the same rules gives the same number of events');
  });
});
