// Property tests of dates: the publication-date parser (toIsoDate) on arbitrary values, and the
// date grammar with its chrono-node fallback on arbitrary and date-shaped sentences. Every result
// is a real calendar date, every expression's offsets point into the document at its own text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { toIsoDate } from '../../src/ingest/dates.ts';
import { makeDocument } from '../../src/ingest/document.ts';
import { analyzeDocument, createNlp } from '../../src/nlp/index.ts';
import type { AnalyzedDocument } from '../../src/types.ts';
import { hostileText, isoDate, runs } from './arbitraries.ts';

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === s;
}

describe('publication dates (toIsoDate)', () => {
  const dateLike = fc
    .tuple(
      fc.integer({ min: -10, max: 12_000 }),
      fc.integer({ min: -1, max: 14 }),
      fc.integer({ min: -1, max: 40 }),
      fc.constantFrom('-', '/', '', ' '),
      fc.constantFrom('', 'T10:00:00Z', ' 10:00', 'junk'),
    )
    .map(
      ([y, m, d, sep, tail]) =>
        `${String(y).padStart(4, '0')}${sep}${String(m).padStart(2, '0')}${sep}${String(d).padStart(2, '0')}${tail}`,
    );
  const written = fc
    .tuple(
      fc.constantFrom('', 'Thu, ', 'Monday, '),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom('Jan', 'February', 'Sept', 'Dec.', 'Foo', 'mar'),
      fc.integer({ min: 0, max: 10_000 }),
      fc.boolean(),
    )
    .map(([wd, d, mo, y, us]) => (us ? `${wd}${mo} ${d}, ${y}` : `${wd}${d} ${mo} ${y} 10:00:00 +0000`));

  test('any value is null or a calendar date from 1800 to next year, and parsing it again gives itself', () => {
    const maxYear = new Date().getUTCFullYear() + 1;
    fc.assert(
      fc.property(fc.oneof(dateLike, written, hostileText(40), fc.anything(), fc.date()), (value) => {
        const d = toIsoDate(value);
        if (d === null) return;
        assert.ok(isCalendarDate(d), d);
        const year = Number(d.slice(0, 4));
        assert.ok(year >= 1800 && year <= maxYear, d);
        assert.equal(toIsoDate(d), d);
      }),
      { numRuns: runs(1000) },
    );
  });

  test('every valid YYYY-MM-DD in range is accepted as itself', () => {
    fc.assert(
      fc.property(isoDate, (d) => assert.equal(toIsoDate(d), d)),
      { numRuns: runs(300) },
    );
  });
});

// Words that start date expressions, for our grammar and for chrono (numeric and written forms).
const DATE_WORDS = [
  'January',
  'Feb.',
  'March',
  'may',
  'Sept',
  'December',
  'Monday',
  'tuesday',
  'Sun.',
  'last',
  'next',
  'this',
  'week',
  'month',
  'year',
  'quarter',
  'Q1',
  'Q4',
  'H2',
  'first',
  'second',
  'half',
  'ten',
  'months',
  'days',
  'ago',
  'later',
  'earlier',
  'yesterday',
  'tomorrow',
  'tonight',
  'today',
  'since',
  'until',
  'before',
  'after',
  'by',
  'mid-',
  'mid-January',
  'early',
  'late',
  'end',
  'of',
  'the',
  'in',
  'on',
  'from',
  'to',
  'between',
  'and',
  '-',
  '–',
  '/',
  '.',
  ',',
  'o’clock',
  'noon',
  'AD',
  'BC',
  '1st',
  '22nd',
  '3rd',
  'fiscal',
  'FY2024',
  '2024/25',
  '1990s',
  "'90s",
];

const dateToken = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...DATE_WORDS) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3000 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 99_999 }).map(String) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.constantFrom('/', '.', '-'),
      )
      .map(([a, b, c, s]) => `${a}${s}${b}${s}${c}`),
  },
  { weight: 1, arbitrary: hostileText(8) },
);

const dateSentence = fc
  .array(dateToken, { minLength: 1, maxLength: 16 })
  .map((words) => `Officials met ${words.join(' ')} in Geneva.`);

const nlp = createNlp();

function assertDatesWellFormed(a: AnalyzedDocument) {
  const text = a.doc.text;
  let previousEnd = 0;
  for (const s of a.sentences) {
    assert.ok(
      s.start >= previousEnd && s.start <= s.end && s.end <= text.length,
      `sentence ${s.index} offsets`,
    );
    assert.equal(text.slice(s.start, s.end), s.text);
    previousEnd = s.start;
    for (const t of s.tokens) {
      assert.ok(t.start >= s.start && t.end <= s.end && t.start <= t.end, `token ${t.text}`);
      assert.equal(text.slice(t.start, t.end), t.text);
    }
    for (const d of s.dates) {
      assert.ok(
        d.start >= s.start && d.start < d.end && d.end <= s.end,
        `date "${d.text}" ${d.start}-${d.end}`,
      );
      assert.equal(text.slice(d.start, d.end), d.text);
      assert.ok(isCalendarDate(d.date), `date "${d.text}" -> ${d.date}`);
      assert.ok(isCalendarDate(d.end_date), `date "${d.text}" -> end ${d.end_date}`);
      assert.ok(d.date <= d.end_date, `"${d.text}": ${d.date} after ${d.end_date}`);
      assert.ok(['day', 'month', 'quarter', 'half', 'year'].includes(d.precision), d.precision);
      assert.ok(d.kind === 'absolute' || d.kind === 'relative');
    }
  }
}

describe('date expressions in text (grammar and chrono fallback)', () => {
  test('date-shaped sentences: offsets point at the expression, dates are real and ordered', () => {
    fc.assert(
      fc.property(fc.array(dateSentence, { minLength: 1, maxLength: 4 }), isoDate, (sentences, published) => {
        const doc = makeDocument({ published_at: published, text: sentences.join(' '), format: 'text' });
        assertDatesWellFormed(analyzeDocument(doc, nlp));
      }),
      { numRuns: runs(300) },
    );
  });

  test('arbitrary text never throws in the nlp stage', () => {
    fc.assert(
      fc.property(hostileText(500), isoDate, (text, published) => {
        let doc: ReturnType<typeof makeDocument>;
        try {
          doc = makeDocument({ published_at: published, text, format: 'text' });
        } catch {
          return; // empty after cleaning: rejected before the nlp stage
        }
        assertDatesWellFormed(analyzeDocument(doc, nlp));
      }),
      { numRuns: runs(200) },
    );
  });
});
