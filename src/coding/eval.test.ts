// `blocwatch eval` scoring: its matching rules, and agreement with the reference scorer
// (../shared/tools/score_events.py) on our own predictions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../paths.ts';
import type { ActorRef, CodedEvent } from '../types.ts';
import { countryKey, parseGold, scoreEvents, scorerGold, scorerRecord } from './eval.ts';
import { evaluateFile } from './evaluate.ts';

const shared = (...p: string[]): string => resolve(PACKAGE_ROOT, '..', 'shared', ...p);

const actor = (code: string): ActorRef => ({
  code,
  name: code,
  country: code.slice(0, 3),
  sector: code.slice(3),
});

function ev(
  doc: string,
  s: string,
  t: string | null,
  code: string,
  modality: CodedEvent['modality'] = 'asserted',
): CodedEvent {
  return {
    kind: 'event',
    id: `${doc}${s}${t}${code}`,
    doc_id: doc,
    sentence_index: 0,
    source: actor(s),
    target: t ? actor(t) : null,
    code,
    root: code.slice(0, 2),
    quad_class: 1,
    goldstein: 0,
    plover: '',
    modality,
    attributed_to: null,
    date: '2020-01-01',
    date_precision: 'day',
    published_at: '2020-01-01',
    location: null,
    evidence: { text: '', start: 0, end: 0 },
    rule: 'r',
    confidence: 1,
    coder_version: 'test',
  };
}

test('country keys collapse codes to three letters and normalise non-ISO codes', () => {
  assert.equal(countryKey('IRNGOV'), 'IRN');
  assert.equal(countryKey('---REB'), '');
  assert.equal(countryKey('JAP'), 'JPN');
  assert.equal(countryKey(null), '');
});

test('matching: sector ignored, negated and hypothetical dropped, sym, optional, false events counted', () => {
  const gold = parseGold(
    [
      '{"id":"a","date":"2020-01-01","text":"x","expected":[{"source":"IRNGOV","target":"RUS","code":"042"}]}',
      '{"id":"b","date":"2020-01-01","text":"y","expected":[{"source":"USA","target":"CHN","root":["04"],"sym":true}],"optional":[{"source":"CHN","target":"USA","root":["05"]}]}',
      '{"id":"c","date":"2020-01-01","text":"z","expected":[]}',
    ].join('\n'),
    'gold.jsonl',
  );
  const events = new Map<string, CodedEvent[]>([
    ['a', [ev('a', 'IRN', 'RUSGOV', '043'), ev('a', 'IRN', 'RUS', '190', 'negated')]],
    ['b', [ev('b', 'CHN', 'USA', '040'), ev('b', 'CHN', 'USA', '051')]],
    ['c', [ev('c', 'FRA', 'DEU', '111'), ev('c', 'FRA', 'DEU', '190', 'hypothetical')]],
  ]);
  const r = scoreEvents('gold.jsonl', gold, events);
  assert.deepEqual(
    { tp: r.levels.root?.tp, fp: r.levels.root?.fp, fn: r.levels.root?.fn },
    { tp: 2, fp: 1, fn: 0 },
  );
  // the full code differs on "a" (043 against 042)
  assert.deepEqual({ tp: r.levels.code?.tp, fn: r.levels.code?.fn }, { tp: 0, fn: 1 });
  assert.deepEqual(r.no_event, { sentences: 1, with_false_events: 1, false_events: 1, rate: 1 });
});

test('PLOVER cases: reciprocal dyads and the joined CAMEO code; manual examples: root hit rate', () => {
  const gold = parseGold(
    [
      '{"id":"p","date":"2000-01-01","text":"x","expected":[{"source":"HUN","target":null,"event":"AGREE"}],"plover_event":"AGREE","cameo_code_from_manual":"030","reciprocal_dyads":[{"source":"HUN","target":"ROU"},{"source":"ROU","target":"HUN"}]}',
      '{"id":"q","date":"2000-01-01","text":"y","expected":[{"source":"JAP","target":"","event":"AGREE"}],"plover_event":"AGREE","cameo_code_from_manual":null}',
      '{"id":"m","code":"111","name":"Criticize","root_code":"11","text":"z"}',
    ].join('\n'),
    'g.jsonl',
  );
  assert.deepEqual(
    gold[0].expected.map((e) => `${e.source}>${e.target} ${e.roots}`),
    ['HUN>ROU 03', 'ROU>HUN 03'],
  );
  assert.equal(gold[1].hasCodes, false);
  assert.equal(gold[1].expected[0].source, 'JPN');
  const events = new Map<string, CodedEvent[]>([
    ['p', [ev('p', 'HUN', 'ROU', '030')]],
    ['q', [ev('q', 'JPN', null, '030')]],
    ['m', [ev('m', 'ALB', 'SRB', '111', 'negated')]],
  ]);
  const r = scoreEvents('g.jsonl', gold, events);
  assert.equal(r.levels.root?.cases, 1);
  assert.deepEqual({ tp: r.levels.pair?.tp, fn: r.levels.pair?.fn }, { tp: 2, fn: 1 });
  assert.deepEqual(r.examples, { cases: 1, root_hits: 1, code_hits: 1, root_rate: 1, code_rate: 1 });
});

function referenceScore(goldLines: string[], predLines: string[]): { tp: number; fp: number; fn: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-eval-'));
  try {
    writeFileSync(join(dir, 'gold.jsonl'), `${goldLines.join('\n')}\n`);
    writeFileSync(join(dir, 'pred.jsonl'), predLines.length > 0 ? `${predLines.join('\n')}\n` : '');
    const out = spawnSync(
      'python3',
      [shared('tools', 'score_events.py'), join(dir, 'gold.jsonl'), join(dir, 'pred.jsonl'), '--json'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(out.status, 0, out.stderr);
    return JSON.parse(out.stdout) as { tp: number; fp: number; fn: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const file of [
  ['petrarch2-validation', 'cases-gsr.jsonl'],
  ['plover-gsr', 'cases.jsonl'],
]) {
  test(`root-level counts agree with the reference scorer on ${file.join('/')}`, () => {
    const { report, gold, events } = evaluateFile(shared('data', ...file), { levels: ['root'] });
    const scored = gold.filter((c) => c.exampleCode === null && c.hasCodes);
    const preds: string[] = [];
    const ids = new Set(scored.map((c) => c.id));
    for (const [id, list] of events)
      if (ids.has(id)) for (const e of list) preds.push(JSON.stringify(scorerRecord(e)));
    const ref = referenceScore(
      scored.map((c) => JSON.stringify(scorerGold(c))),
      preds,
    );
    const ours = report.levels.root;
    assert.deepEqual({ tp: ours?.tp, fp: ours?.fp, fn: ours?.fn }, { tp: ref.tp, fp: ref.fp, fn: ref.fn });
  });
}
