// Table-driven date cases (dates.cases.jsonl): each text is run through the real nlp stage and every
// date expression found must match the expected list, in order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Document } from '../types.ts';
import { addDays, addMonths, weekdayOf } from './calendar.ts';
import { findDates, shiftDate } from './dates.ts';
import { analyzeDocument, createNlp } from './index.ts';

interface Case {
  id: string;
  text: string;
  published: string;
  expect: {
    text?: string;
    date: string;
    end_date?: string;
    precision?: string;
    kind?: string;
    relation?: string;
  }[];
}

const cases: Case[] = readFileSync(new URL('./dates.cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));

const nlp = createNlp();

function doc(text: string, published: string): Document {
  return {
    id: 't',
    published_at: published,
    text,
    lang: 'en',
    content_hash: '',
    simhash: '',
    format: 'text',
  };
}

test('the cases file holds at least 100 date cases with unique ids', () => {
  assert.ok(cases.length >= 100, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
});

for (const c of cases) {
  test(`date case ${c.id}`, () => {
    const a = analyzeDocument(doc(c.text, c.published), nlp);
    const found = a.sentences.flatMap((s) => s.dates);
    const brief = found.map((d) => `${d.text} ${d.date}..${d.end_date} ${d.precision} ${d.kind}`);
    assert.equal(found.length, c.expect.length, `found ${JSON.stringify(brief)}`);
    c.expect.forEach((e, i) => {
      const d = found[i];
      assert.equal(d.date, e.date, `date of #${i}: ${brief[i]}`);
      if (e.end_date) assert.equal(d.end_date, e.end_date, `end of #${i}: ${brief[i]}`);
      if (e.precision) assert.equal(d.precision, e.precision, `precision of #${i}: ${brief[i]}`);
      if (e.kind) assert.equal(d.kind, e.kind, `kind of #${i}: ${brief[i]}`);
      if (e.text) assert.equal(d.text, e.text, `text of #${i}`);
      assert.equal(d.relation, e.relation, `relation of #${i}: ${brief[i]}`);
      // offsets point into the document text
      assert.equal(c.text.slice(d.start, d.end), d.text);
      assert.ok(d.date <= d.end_date);
    });
  });
}

test('a sentence without any trigger word costs no parse and finds nothing', () => {
  const a = analyzeDocument(doc('Officials discussed cooperation in energy.', '2025-12-18'), nlp);
  assert.deepEqual(a.sentences[0].dates, []);
  assert.deepEqual(findDates('x', 0, [], { publishedAt: '2025-12-18' }), []);
});

test('the anchor of a relative date can be given by the caller', () => {
  const a = analyzeDocument(doc('Two days later the troops withdrew.', '2025-12-18'), nlp);
  const s = a.sentences[0];
  const d = findDates(s.text, s.start, s.tokens, {
    publishedAt: '2025-12-18',
    anchor: '2025-06-01',
  });
  assert.equal(d[0].date, '2025-06-03');
});

test('calendar helpers', () => {
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
  assert.equal(addMonths('2025-01-15', -2), '2024-11-15');
  assert.equal(weekdayOf('2025-12-18'), 3); // Thursday
  assert.equal(shiftDate('2025-12-16', 2, 'day'), '2025-12-18');
  assert.equal(shiftDate('2025-12-16', 1, 'year'), '2026-12-16');
});
