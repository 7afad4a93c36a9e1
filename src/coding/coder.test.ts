// Table-driven coder cases (data/patterns/*.cases.jsonl) with hand-built mentions, plus provenance,
// ids and dates.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dataPath } from '../paths.ts';
import type { AnalyzedDocument, DateExpression } from '../types.ts';
import { codeEvents, loadCoder } from './index.ts';
import { analyze, mentionsFromSpec } from './testing.ts';

const coder = loadCoder();

interface Expected {
  source: string;
  target: string | null;
  code: string;
  modality?: string;
  attributed_to?: string;
  date?: string;
}

interface Case {
  text: string;
  date?: string;
  actors: Record<string, string>;
  expected: Expected[];
}

function loadCases(): { where: string; c: Case }[] {
  const dir = dataPath('patterns');
  const out: { where: string; c: Case }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cases.jsonl'))) {
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim()) out.push({ where: `${f}:${i + 1}`, c: JSON.parse(line) as Case });
      });
  }
  return out;
}

const cases = loadCases();

test('the case tables hold at least 40 cases', () => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
});

test('every table-driven case codes exactly its expected events', () => {
  const failures: string[] = [];
  for (const { where, c } of cases) {
    const doc = analyze(c.text, c.date ?? '2025-12-18');
    const events = codeEvents(doc, mentionsFromSpec(doc, c.actors), coder);
    const got = events.map((e) => `${e.source.code}>${e.target?.code ?? ''} ${e.code}`).sort();
    const want = c.expected.map((e) => `${e.source}>${e.target ?? ''} ${e.code}`).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      failures.push(
        `${where} "${c.text}"\n    want ${want.join(', ')}\n    got  ${got.join(', ')} [${events.map((e) => e.rule).join(',')}]`,
      );
      continue;
    }
    for (const x of c.expected) {
      const e = events.find(
        (y) =>
          y.source.code === x.source && (y.target?.code ?? null) === (x.target ?? null) && y.code === x.code,
      );
      if (!e) continue;
      if (x.modality && e.modality !== x.modality)
        failures.push(`${where} ${x.code}: modality ${e.modality}, want ${x.modality}`);
      if (x.attributed_to && e.attributed_to?.code !== x.attributed_to)
        failures.push(`${where} ${x.code}: attributed_to ${e.attributed_to?.code}, want ${x.attributed_to}`);
      if (x.date && e.date !== x.date) failures.push(`${where} ${x.code}: date ${e.date}, want ${x.date}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('events carry provenance: evidence offsets into the document, rule, confidence, coder version', () => {
  const text = 'Markets were calm. Iran imposed new sanctions on Venezuela.';
  const doc = analyze(text, '2025-12-18', 'doc-1');
  const [e] = codeEvents(doc, mentionsFromSpec(doc, { Iran: 'IRN', Venezuela: 'VEN' }), coder);
  assert.equal(e.doc_id, 'doc-1');
  assert.equal(e.sentence_index, 1);
  assert.equal(text.slice(e.evidence.start, e.evidence.end), e.evidence.text);
  assert.equal(e.evidence.text, 'Iran imposed new sanctions on Venezuela.');
  assert.equal(e.rule, 'impose-sanctions');
  assert.ok(e.confidence > 0 && e.confidence <= 1);
  assert.equal(e.coder_version, coder.version);
  assert.equal(e.root, '16');
  assert.equal(e.quad_class, 4);
  assert.equal(e.goldstein, coder.ontology.get('163')?.goldstein);
  assert.equal(e.plover, coder.ontology.get('163')?.plover);
});

test('a target placed by the domestic rules is less sure than one the sentence names', () => {
  const code = (text: string, actors: Record<string, string>) => {
    const doc = analyze(text);
    const [e] = codeEvents(doc, mentionsFromSpec(doc, actors), coder);
    return e;
  };
  const named = code('Zambian police detained Zambian protesters.', {
    'Zambian police': 'ZMBCOP@agent',
    'Zambian protesters': 'ZMBCVL@agent',
  });
  const placed = code('Zambian police detained the protesters.', {
    'Zambian police': 'ZMBCOP@agent',
    'the protesters': '---CVL@agent',
  });
  assert.equal(placed.target?.code, 'ZMBCVL');
  assert.equal(named.target?.code, 'ZMBCVL');
  assert.ok(placed.confidence < named.confidence, `${placed.confidence} < ${named.confidence}`);
});

test('event ids are stable across runs and differ between events', () => {
  const text = 'Chile and Peru signed a fisheries agreement.';
  const run = (): string[] => {
    const doc = analyze(text, '2025-12-18', 'doc-2');
    return codeEvents(doc, mentionsFromSpec(doc, { Chile: 'CHL', Peru: 'PER' }), coder).map((e) => e.id);
  };
  const a = run();
  assert.deepEqual(run(), a);
  assert.equal(new Set(a).size, a.length);
  assert.match(a[0], /^[0-9a-f]{16}$/);
});

test('without a date expression the event takes the publication date, day precision', () => {
  const doc = analyze('Iran imposed new sanctions on Venezuela.', '2024-03-05');
  const noDates: AnalyzedDocument = { ...doc, sentences: doc.sentences.map((s) => ({ ...s, dates: [] })) };
  const [e] = codeEvents(noDates, mentionsFromSpec(noDates, { Iran: 'IRN', Venezuela: 'VEN' }), coder);
  assert.equal(e.date, '2024-03-05');
  assert.equal(e.date_precision, 'day');
  assert.equal(e.published_at, '2024-03-05');
});

test('the date expression nearest the verb dates the event, not the one after the speech verb', () => {
  const text = 'Somalia shelled Kenya on Monday, officials said on Wednesday.';
  const doc = analyze(text, '2025-12-18');
  const s = doc.sentences[0];
  const at = (needle: string, date: string): DateExpression => {
    const start = s.start + s.text.indexOf(needle);
    return {
      text: needle,
      start,
      end: start + needle.length,
      date,
      end_date: date,
      precision: 'day',
      kind: 'relative',
    };
  };
  const dated: AnalyzedDocument = {
    ...doc,
    sentences: [{ ...s, dates: [at('on Wednesday', '2025-12-17'), at('on Monday', '2025-12-15')] }],
  };
  const [e] = codeEvents(dated, mentionsFromSpec(dated, { Somalia: 'SOM', Kenya: 'KEN' }), coder);
  assert.equal(e.date, '2025-12-15');
});

test('no actors, no events; actors without a pattern, no events', () => {
  const doc = analyze('Iran imposed new sanctions on Venezuela. Iran and Venezuela are far apart.');
  assert.deepEqual(codeEvents(doc, [], coder), []);
  const ms = mentionsFromSpec(doc, { Iran: 'IRN', Venezuela: 'VEN' }).filter((m) => m.sentence_index === 1);
  assert.deepEqual(codeEvents(doc, ms, coder), []);
});

test('a place named as a location becomes the event location', () => {
  const doc = analyze('Nigerian troops attacked Cameroonian soldiers in Maroua.');
  const ms = mentionsFromSpec(doc, {
    'Nigerian troops': 'NGAMIL',
    'Cameroonian soldiers': 'CMRMIL',
    Maroua: 'CMR@state',
  });
  const [e] = codeEvents(doc, ms, coder);
  assert.deepEqual(e.location, { name: 'Maroua', country: 'CMR' });
});
