// Date expressions in a sentence, resolved against the publication date (and, for "two days later",
// against the previous dated expression of the document: `DateContext.anchor`).
//
// Our own token grammar handles the expressions news text uses (absolute dates, months, years,
// quarters, halves, "the first ten months of 2025", "mid-January", month ranges, weekdays, "last
// week", "two days later", ...); it costs about a microsecond per sentence. chrono-node is the
// fallback for the rest (numeric and exotic formats): it costs 25-50 µs per call, so it runs only
// when a sentence holds a date trigger token (month or weekday name, a numeric date, "ago", ...) that
// our grammar left unexplained. See docs/claims-and-time.md for every rule.

import * as chrono from 'chrono-node';
import type { DateExpression, DatePrecision, IsoDate, Token } from '../types.ts';
import {
  addDays,
  addMonths,
  daysInMonth,
  fromDayNumber,
  iso,
  isValidYmd,
  monthEnd,
  parseIso,
  toDayNumber,
  weekdayOf,
} from './calendar.ts';

export interface DateContext {
  readonly publishedAt: IsoDate;
  /**
   * The first day of the most recent day-precision date earlier in the document, if any: the anchor
   * of "two days later", "the next day", "the following week". Falls back to the publication date.
   */
  readonly anchor?: IsoDate | null;
}

type Tense = 'past' | 'future' | 'none';

/** Tokens either side of a date within which its clause's verb is looked for. */
const MAX_TENSE_REACH = 60;
type Kind = 'absolute' | 'relative';

/** A match in token space before it becomes a DateExpression. */
interface Hit {
  a: number; // first token
  b: number; // one past the last token
  date: IsoDate;
  end: IsoDate;
  precision: DatePrecision;
  kind: Kind;
  /** month/day of a month-or-day expression whose year was guessed (for range merging). */
  inferred?: { m: number; d: number | null; d2: number | null; m2: number | null };
}

// ---------------------------------------------------------------- lexicon (English grammar words)

const MONTHS = new Map<string, number>();
[
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
].forEach((name, i) => {
  MONTHS.set(name, i + 1);
  if (name !== 'may') {
    const abbr = name.slice(0, 3);
    MONTHS.set(abbr, i + 1);
    MONTHS.set(`${abbr}.`, i + 1);
  }
});
MONTHS.set('sept', 9);
MONTHS.set('sept.', 9);
/** Month names that are also ordinary words: only a date when the context says so. */
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'mar', 'jan', 'jun', 'aug', 'sep', 'oct', 'nov', 'dec']);

const WEEKDAYS = new Map<string, number>(
  ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d, i) => [d, i]),
);

const NUMBER_WORDS = new Map<string, number>(
  [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
    'twenty',
  ].map((w, i) => [w, i]),
);
NUMBER_WORDS.set('a', 1);
NUMBER_WORDS.set('an', 1);
NUMBER_WORDS.set('thirty', 30);

const ORDINALS = new Map<string, number>(
  [
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
    'tenth',
    'eleventh',
    'twelfth',
  ].map((w, i) => [w, i + 1]),
);

const UNIT_WORDS = new Map<string, 'day' | 'week' | 'month' | 'year' | 'quarter'>([
  ['day', 'day'],
  ['days', 'day'],
  ['week', 'week'],
  ['weeks', 'week'],
  ['month', 'month'],
  ['months', 'month'],
  ['year', 'year'],
  ['years', 'year'],
  ['quarter', 'quarter'],
  ['quarters', 'quarter'],
]);

const RANGE_CONNECTORS = new Set(['-', '–', '—', 'to', 'through', 'until', 'till', 'thru']);
const SUBPART = new Map<string, 'early' | 'mid' | 'late'>([
  ['early', 'early'],
  ['mid', 'mid'],
  ['late', 'late'],
]);
const THE_SUBPART = new Map<string, 'early' | 'mid' | 'late'>([
  ['beginning', 'early'],
  ['start', 'early'],
  ['middle', 'mid'],
  ['end', 'late'],
]);
/** Tokens that make a bare four-digit number a year when they precede it. */
const YEAR_PREV = new Set([
  'in',
  'of',
  'since',
  'by',
  'during',
  'until',
  'till',
  'before',
  'after',
  'from',
  'through',
  'to',
  'for',
  'early',
  'late',
  'mid',
  'fiscal',
  'and',
  'between',
  'the',
  'year',
  'around',
  'throughout',
  'within',
  ',',
]);
/** Nouns a count can precede: "2025 people" is not a year. */
const COUNT_NOUNS = new Set([
  'people',
  'persons',
  'troops',
  'soldiers',
  'civilians',
  'refugees',
  'migrants',
  'tonnes',
  'tons',
  'barrels',
  'units',
  'workers',
  'cases',
  'deaths',
  'votes',
  'homes',
  'children',
  'members',
  'delegates',
  'residents',
  'km',
  'kilometres',
  'kilometers',
  'miles',
  'metres',
  'meters',
  'dollars',
  'euros',
  'hectares',
  'percent',
  '%',
  'million',
  'billion',
  'trillion',
]);
/** Words before a month name that make it a date ("in May", "since March"). */
const MONTH_PREV = new Set([
  'in',
  'since',
  'until',
  'till',
  'during',
  'from',
  'between',
  'last',
  'next',
  'this',
  'of',
  'early',
  'late',
  'mid',
  'by',
  'for',
  'before',
  'after',
  'around',
  'throughout',
  'through',
  'on',
  'the',
]);
const CURRENCY_SIGNS = new Set(['$', '€', '£', '¥', '₹', 'us$']);
const FUTURE_CUES = new Set([
  'will',
  "'ll",
  'shall',
  'scheduled',
  'slated',
  'upcoming',
  'planned',
  'plans',
  'planning',
  'intends',
  'expected',
  'due',
  'forthcoming',
]);
const PAST_AUX = new Set(['was', 'were', 'did', 'had', 'ago']);
/** Tokens that may start a date; anything else is skipped by the scanner without further work. */
const STARTERS = new Set([
  ...MONTHS.keys(),
  ...WEEKDAYS.keys(),
  'the',
  'early',
  'mid',
  'late',
  'last',
  'next',
  'this',
  'coming',
  'past',
  'earlier',
  'later',
  'yesterday',
  'today',
  'tomorrow',
  'tonight',
  'a',
  'an',
  ...NUMBER_WORDS.keys(),
  ...ORDINALS.keys(),
]);
/** Tokens that warrant a chrono-node pass when our grammar did not explain them. */
const CHRONO_TRIGGERS = new Set([...MONTHS.keys(), ...WEEKDAYS.keys(), 'ago', 'noon', 'midnight', 'tonight']);
CHRONO_TRIGGERS.delete('may');
CHRONO_TRIGGERS.delete('march');

const RE_DIGITS = /^\d+$/;
const RE_DAY = /^(\d{1,2})(?:st|nd|rd|th)?$/;
const RE_ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const RE_NUMERIC_DAY = /^(\d{1,2})([./])(\d{1,2})\2(\d{4})$/;
const RE_YEAR_RANGE = /^(\d{4})[-–](\d{2}|\d{4})$/;
const RE_DAY_RANGE = /^(\d{1,2})[-–](\d{1,2})$/;
const RE_QUARTER = /^q([1-4])$/;
const RE_HALF = /^h([12])$/;
const RE_DECADE = /^(\d{3})0s$/;

// ---------------------------------------------------------------- the scanner

class Scanner {
  readonly toks: readonly Token[];
  readonly n: number;
  readonly pub: IsoDate;
  readonly py: number;
  readonly pm: number;
  readonly pd: number;
  anchor: IsoDate;

  constructor(tokens: readonly Token[], ctx: DateContext) {
    this.toks = tokens;
    this.n = tokens.length;
    this.pub = ctx.publishedAt;
    const p = parseIso(ctx.publishedAt);
    this.py = p.y;
    this.pm = p.m;
    this.pd = p.d;
    this.anchor = ctx.anchor ?? ctx.publishedAt;
  }

  low(i: number): string {
    return i >= 0 && i < this.n ? this.toks[i].lower : '';
  }

  isCap(i: number): boolean {
    const c = this.toks[i]?.text.charCodeAt(0) ?? 0;
    return c >= 65 && c <= 90;
  }

  /** Month number at token i (capitalised names only), or 0. */
  month(i: number): number {
    if (i < 0 || i >= this.n || !this.isCap(i)) return 0;
    return MONTHS.get(this.toks[i].lower) ?? 0;
  }

  day(i: number): number {
    const t = this.low(i);
    // (asked of the word after every "the": no regex for a word that starts with no digit)
    if (!isDigit(t.charCodeAt(0))) return 0;
    const m = RE_DAY.exec(t);
    if (!m) return 0;
    const d = Number(m[1]);
    return d >= 1 && d <= 31 ? d : 0;
  }

  year(i: number): number {
    const t = this.low(i);
    if (t.length !== 4 || !RE_DIGITS.test(t)) return 0;
    const y = Number(t);
    return y >= 1900 && y <= 2100 ? y : 0;
  }

  count(i: number): number {
    const t = this.low(i);
    if (RE_DIGITS.test(t)) return Number(t);
    return NUMBER_WORDS.get(t) ?? -1;
  }

  // ---------------------------------------------------------------- tense

  /**
   * The verb tense nearest to tokens [a, b): 'future', 'past' or 'none'. Looks at most
   * MAX_TENSE_REACH tokens away: a verb further off belongs to another clause, and an unbounded
   * search costs time quadratic in the length of a sentence full of dates and empty of verbs.
   */
  tense(a: number, b: number): Tense {
    for (let dist = 1; dist <= MAX_TENSE_REACH; dist++) {
      const l = a - dist;
      const r = b - 1 + dist;
      if (l < 0 && r >= this.n) break;
      const tl = l >= 0 ? this.tenseOf(l) : 'none';
      if (tl !== 'none') return tl;
      const tr = r < this.n ? this.tenseOf(r) : 'none';
      if (tr !== 'none') return tr;
    }
    return 'none';
  }

  tenseOf(i: number): Tense {
    const t = this.toks[i];
    const lower = t.lower;
    if (FUTURE_CUES.has(lower)) {
      // "planned" / "expected" are past participles too: future only before "to"/"for"/"in"
      if (lower === 'planned' || lower === 'expected' || lower === 'due') {
        const next = this.low(i + 1);
        return next === 'to' || next === 'for' || next === 'in' || next === 'on' ? 'future' : 'none';
      }
      return 'future';
    }
    if (lower === 'going' && this.low(i + 1) === 'to') return 'future';
    if (PAST_AUX.has(lower)) return 'past';
    if (t.pos !== 'VERB' && t.pos !== 'AUX') return 'none';
    const lemma = t.lemma.toLowerCase();
    if (lower === lemma) return 'none';
    if (lower.endsWith('ing')) return 'none';
    if (lower === `${lemma}s` || lower === `${lemma}es` || (lemma.endsWith('y') && lower.endsWith('ies')))
      return 'none';
    if (lemma === 'be' || lemma === 'have' || lemma === 'do') return 'none'; // is, are, has, does
    // a participle after a present "is"/"are"/"be" is passive present ("is scheduled")
    const prev = this.low(i - 1);
    if (prev === 'is' || prev === 'are' || prev === 'be' || prev === 'been') return 'none';
    return 'past';
  }

  // ---------------------------------------------------------------- year guesses

  /** Year for a month (and day) given without one: past tense → not after publication, future → not before. */
  guessYear(m: number, d: number | null, tense: Tense): number {
    const y = this.py;
    const after = m > this.pm || (m === this.pm && d !== null && d > this.pd);
    const before = m < this.pm || (m === this.pm && d !== null && d < this.pd);
    if (tense === 'past') return after ? y - 1 : y;
    if (tense === 'future') return before ? y + 1 : y;
    // no cue: the nearest occurrence, a tie counts as past (news mostly reports the past)
    const diff = m - this.pm;
    if (diff > 6) return y - 1;
    if (diff < -6) return y + 1;
    return y;
  }

  /** Year for a quarter/half/month span of the current year given without one. */
  guessSpanYear(startMonth: number, endMonth: number, tense: Tense): number {
    const y = this.py;
    if (tense === 'past' && startMonth > this.pm) return y - 1;
    if (tense === 'future' && endMonth < this.pm) return y + 1;
    return y;
  }

  // ---------------------------------------------------------------- rules

  scan(): Hit[] {
    const hits: Hit[] = [];
    let i = 0;
    while (i < this.n) {
      const hit = this.at(i);
      if (hit) {
        hits.push(hit);
        if (hit.precision === 'day' && hit.date === hit.end) this.anchor = hit.date;
        i = hit.b;
      } else i++;
    }
    return hits.length > 1 ? this.mergeRanges(hits) : hits;
  }

  at(i: number): Hit | null {
    const t = this.toks[i];
    const lower = t.lower;
    const c = lower.charCodeAt(0);
    if (c >= 48 && c <= 57) return this.numeric(i);
    if (lower.length === 2 && (c === 113 || c === 104)) return this.qh(i); // q1..q4, h1, h2
    if (!STARTERS.has(lower)) {
      // (most words: one search for a hyphen instead of three prefix tests)
      const hyphen = lower.includes('-');
      if (hyphen && (lower.startsWith('mid-') || lower.startsWith('early-') || lower.startsWith('late-')))
        return this.compositeSubpart(i);
      if (hyphen || lower.includes('–')) return this.compositeMonthRange(i);
      return null;
    }
    if (WEEKDAYS.has(lower)) return this.isCap(i) ? this.weekdayLed(i, i) : null;
    if (MONTHS.has(lower)) return this.monthLed(i, i);
    switch (lower) {
      case 'the':
        return this.theLed(i);
      case 'early':
      case 'mid':
      case 'late':
        return this.subpartLed(i, i + 1, SUBPART.get(lower)!);
      case 'yesterday':
        return this.rel(i, i + 1, addDays(this.pub, -1));
      case 'today':
      case 'tonight':
        return this.rel(i, i + 1, this.pub);
      case 'tomorrow':
        return this.rel(i, i + 1, addDays(this.pub, 1));
      case 'last':
      case 'next':
      case 'this':
      case 'coming':
      case 'past':
        return this.deictic(i);
      case 'earlier':
      case 'later':
        return this.earlierLater(i);
      default:
        if (ORDINALS.has(lower)) return this.ordinalPeriod(i, i);
        return this.countLed(i);
    }
  }

  rel(a: number, b: number, date: IsoDate, end: IsoDate = date, precision: DatePrecision = 'day'): Hit {
    return { a, b, date, end, precision, kind: 'relative' };
  }

  /** Tokens starting with a digit: ISO dates, numeric dates, years, decades, day-led dates, counts. */
  numeric(i: number): Hit | null {
    const t = this.low(i);
    let m = RE_ISO_DAY.exec(t);
    if (m) {
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const d = Number(m[3]);
      if (!isValidYmd(y, mo, d)) return null;
      const date = iso(y, mo, d);
      return { a: i, b: i + 1, date, end: date, precision: 'day', kind: 'absolute' };
    }
    m = RE_NUMERIC_DAY.exec(t);
    if (m) {
      let first = Number(m[1]);
      let second = Number(m[3]);
      const y = Number(m[4]);
      // dots are day.month; slashes are month/day unless the first number cannot be a month
      let d = first;
      let mo = second;
      if (m[2] === '/' && first <= 12) {
        mo = first;
        d = second;
      }
      if (!isValidYmd(y, mo, d)) {
        [first, second] = [second, first];
        if (!isValidYmd(y, first, second)) return null;
        mo = first;
        d = second;
      }
      const date = iso(y, mo, d);
      return { a: i, b: i + 1, date, end: date, precision: 'day', kind: 'absolute' };
    }
    m = RE_YEAR_RANGE.exec(t);
    if (m) {
      const y1 = Number(m[1]);
      let y2 = Number(m[2]);
      if (m[2].length === 2) y2 = Math.floor(y1 / 100) * 100 + y2;
      if (y1 < 1900 || y2 > 2100 || y2 <= y1) return null;
      return {
        a: i,
        b: i + 1,
        date: iso(y1, 1, 1),
        end: iso(y2, 12, 31),
        precision: 'year',
        kind: 'absolute',
      };
    }
    m = RE_DECADE.exec(t);
    if (m) {
      const y = Number(m[1]) * 10;
      if (y < 1900 || y > 2090) return null;
      const a = this.low(i - 1) === 'the' ? i - 1 : i;
      return {
        a,
        b: i + 1,
        date: iso(y, 1, 1),
        end: iso(y + 9, 12, 31),
        precision: 'year',
        kind: 'absolute',
      };
    }
    const y = this.year(i);
    if (y) return this.yearLed(i, i, y);
    const d = this.day(i);
    if (d) {
      const hit = this.dayLed(i, d);
      if (hit) return hit;
    }
    m = RE_DAY_RANGE.exec(t);
    if (m) {
      const mo = this.month(i + 1);
      if (mo) return this.dayMonth(i, i + 2, Number(m[1]), Number(m[2]), mo);
    }
    return this.countLed(i);
  }

  /** A bare or ranged year: "2025", "2020-2025", "2020 to 2025". */
  yearLed(a: number, i: number, y: number): Hit | null {
    if (RANGE_CONNECTORS.has(this.low(i + 1))) {
      const y2 = this.year(i + 2);
      if (y2 > y)
        return { a, b: i + 3, date: iso(y, 1, 1), end: iso(y2, 12, 31), precision: 'year', kind: 'absolute' };
    }
    if (a === i && !this.acceptBareYear(i)) return null;
    return { a, b: i + 1, date: iso(y, 1, 1), end: iso(y, 12, 31), precision: 'year', kind: 'absolute' };
  }

  acceptBareYear(i: number): boolean {
    const prev = this.low(i - 1);
    if (CURRENCY_SIGNS.has(prev)) return false;
    const next = this.toks[i + 1];
    if (next) {
      if (COUNT_NOUNS.has(next.lower)) return false;
      if (next.pos === 'NUM') return false;
    }
    if (YEAR_PREV.has(prev) || prev === '' || MONTHS.has(prev)) return true;
    // "Russia's 2025 budget": a year modifying a noun is still a year
    return next?.pos !== 'NOUN' || this.toks[i - 1]?.pos !== 'NUM';
  }

  /** "16 December [2025]", "16th December", "3-5 March". */
  dayLed(i: number, d: number): Hit | null {
    let j = i + 1;
    let d2 = 0;
    if (RANGE_CONNECTORS.has(this.low(j)) && this.day(j + 1)) {
      d2 = this.day(j + 1);
      j += 2;
    }
    if (this.low(j) === 'of') j++;
    const mo = this.month(j);
    if (!mo) return null;
    return this.dayMonth(i, j + 1, d, d2 || d, mo);
  }

  dayMonth(a: number, j: number, d: number, d2: number, mo: number): Hit | null {
    let y = 0;
    let b = j;
    if (this.low(j) === ',' && this.year(j + 1)) {
      y = this.year(j + 1);
      b = j + 2;
    } else if (this.year(j)) {
      y = this.year(j);
      b = j + 1;
    }
    const inferred = y === 0;
    if (inferred) y = this.guessYear(mo, d, this.tense(a, b));
    if (!isValidYmd(y, mo, d) || !isValidYmd(y, mo, d2) || d2 < d) return null;
    return {
      a,
      b,
      date: iso(y, mo, d),
      end: iso(y, mo, d2),
      precision: 'day',
      kind: 'absolute',
      inferred: inferred ? { m: mo, d, d2, m2: null } : undefined,
    };
  }

  /** A weekday, alone ("on Tuesday", "last Tuesday") or leading a date ("Tuesday, Dec. 16"). */
  weekdayLed(a: number, i: number): Hit | null {
    let j = i + 1;
    if (this.low(j) === ',') j++;
    if (this.month(j)) {
      const h = this.monthLed(j, j);
      if (h && h.precision === 'day') return { ...h, a };
    }
    if (this.day(j)) {
      const h = this.dayLed(j, this.day(j));
      if (h) return { ...h, a };
    }
    const wd = WEEKDAYS.get(this.low(i))!;
    let b = i + 1;
    const after = this.low(b);
    if (after === 'morning' || after === 'afternoon' || after === 'evening' || after === 'night') b++;
    const mod = a < i ? this.low(a) : '';
    const pubWd = weekdayOf(this.pub);
    let date: IsoDate;
    if (mod === 'last' || mod === 'past') {
      date = addDays(this.pub, -((pubWd - wd + 7) % 7 || 7));
    } else if (mod === 'next' || mod === 'coming') {
      date = addDays(this.pub, (wd - pubWd + 7) % 7 || 7);
    } else {
      const tense = this.tense(a, b);
      // the publication day itself counts for both tenses ("said on Thursday" in a Thursday paper)
      date =
        tense === 'future'
          ? addDays(this.pub, (wd - pubWd + 7) % 7)
          : addDays(this.pub, -((pubWd - wd + 7) % 7));
    }
    return this.rel(a, b, date);
  }

  /** Month-led: "December 16, 2025", "Dec. 16", "February 2026", "January–October 2025", "May". */
  monthLed(a: number, i: number, sub?: 'early' | 'mid' | 'late'): Hit | null {
    const mo = this.month(i);
    if (!mo) return null;
    const lower = this.low(i);
    let j = i + 1;
    // day forms
    if (!sub) {
      let d = this.day(j);
      let d2 = 0;
      let dj = j;
      const dr = d ? null : RE_DAY_RANGE.exec(this.low(j));
      if (dr) {
        d = Number(dr[1]);
        d2 = Number(dr[2]);
      }
      if (d) {
        dj = j + 1;
        if (!d2 && RANGE_CONNECTORS.has(this.low(dj)) && this.day(dj + 1) && !this.month(dj + 1)) {
          d2 = this.day(dj + 1);
          dj += 2;
        }
        // "March 3 to April 5"
        if (!d2 && RANGE_CONNECTORS.has(this.low(dj)) && this.month(dj + 1) && this.day(dj + 2)) {
          const mo2 = this.month(dj + 1);
          const e = this.dayMonth(a, dj + 3, this.day(dj + 2), this.day(dj + 2), mo2);
          const s = e ? this.dayMonthYear(mo, d, parseIso(e.date).y, mo2, this.day(dj + 2)) : null;
          if (e && s) return { ...e, date: s, a };
        }
        // a day number followed by a count noun is not a day: "May 5 people"
        const h = this.dayMonth(a, dj, d, d2 || d, mo);
        if (h) return h;
      }
    }
    // month range: "January–October 2025", "January to October"
    let mo2 = 0;
    if (RANGE_CONNECTORS.has(this.low(j)) && this.month(j + 1)) {
      mo2 = this.month(j + 1);
      j += 2;
    }
    let y = 0;
    let b = j;
    if (this.year(j)) {
      y = this.year(j);
      b = j + 1;
    } else if ((this.low(j) === ',' || this.low(j) === 'of') && this.year(j + 1)) {
      y = this.year(j + 1);
      b = j + 2;
    }
    if (!y && !mo2 && !sub && AMBIGUOUS_MONTHS.has(lower.replace('.', '')) && !this.monthContext(a))
      return null;
    const inferred = y === 0;
    const tense = inferred ? this.tense(a, b) : 'none';
    if (mo2) {
      let y1 = y;
      let y2 = y;
      if (inferred) {
        y2 = this.guessYear(mo2, null, tense);
        y1 = mo <= mo2 ? y2 : y2 - 1;
      } else if (mo > mo2) y1 = y - 1;
      const lead = this.low(a - 1);
      return {
        a: lead === 'from' || lead === 'between' ? a - 1 : a,
        b,
        date: iso(y1, mo, 1),
        end: monthEnd(y2, mo2),
        precision: 'month',
        kind: 'absolute',
        inferred: inferred ? { m: mo, d: null, d2: null, m2: mo2 } : undefined,
      };
    }
    if (inferred) y = this.guessYear(mo, null, tense);
    const [d1, d2] = subRange(sub, daysInMonth(y, mo));
    return {
      a,
      b,
      date: iso(y, mo, d1),
      end: iso(y, mo, d2),
      precision: 'month',
      kind: 'absolute',
      inferred: inferred ? { m: mo, d: null, d2: null, m2: null } : undefined,
    };
  }

  dayMonthYear(mo: number, d: number, yEnd: number, moEnd: number, dEnd: number): IsoDate | null {
    const y = mo > moEnd || (mo === moEnd && d > dEnd) ? yEnd - 1 : yEnd;
    return isValidYmd(y, mo, d) ? iso(y, mo, d) : null;
  }

  /**
   * Is a bare ambiguous month name ("May", "March") used as a date here? Not at the start of a
   * sentence ("May I ...") nor after another capitalised word ("Theresa May").
   */
  monthContext(a: number): boolean {
    if (a === 0) return false;
    const prev = this.low(a - 1);
    if (MONTH_PREV.has(prev)) return true;
    if (
      (prev === 'and' || prev === 'or' || RANGE_CONNECTORS.has(prev)) &&
      (this.month(a - 2) || this.year(a - 2))
    )
      return true;
    const p = this.toks[a - 1];
    return !this.isCap(a - 1) && p.pos !== 'PUNCT' && p.pos !== 'AUX';
  }

  /** "mid-January", "early-March 2024". */
  compositeSubpart(i: number): Hit | null {
    const lower = this.low(i);
    const dash = lower.indexOf('-');
    const sub = SUBPART.get(lower.slice(0, dash));
    const rest = lower.slice(dash + 1);
    if (sub && rest.length === 4 && RE_DIGITS.test(rest)) {
      // "mid-2026": a third of the year
      const y = Number(rest);
      if (y < 1900 || y > 2100) return null;
      const [m1, m2] = sub === 'early' ? [1, 4] : sub === 'mid' ? [5, 8] : [9, 12];
      return {
        a: i,
        b: i + 1,
        date: iso(y, m1, 1),
        end: monthEnd(y, m2),
        precision: 'year',
        kind: 'absolute',
      };
    }
    const mo = MONTHS.get(rest);
    if (!sub || !mo) return null;
    let y = this.year(i + 1);
    const b = y ? i + 2 : i + 1;
    const inferred = y === 0;
    if (inferred) y = this.guessYear(mo, null, this.tense(i, b));
    const [d1, d2] = subRange(sub, daysInMonth(y, mo));
    return {
      a: i,
      b,
      date: iso(y, mo, d1),
      end: iso(y, mo, d2),
      precision: 'month',
      kind: 'absolute',
      inferred: inferred ? { m: mo, d: null, d2: null, m2: null } : undefined,
    };
  }

  /** One token holding a month range: "January-October [2025]". */
  compositeMonthRange(i: number): Hit | null {
    if (!this.isCap(i)) return null;
    const parts = this.low(i).split(/[-–]/);
    if (parts.length !== 2) return null;
    const m1 = MONTHS.get(parts[0]);
    const m2 = MONTHS.get(parts[1]);
    if (!m1 || !m2) return null;
    let y = this.year(i + 1);
    const b = y ? i + 2 : i + 1;
    const inferred = y === 0;
    if (inferred) y = this.guessYear(m2, null, this.tense(i, b));
    return {
      a: i,
      b,
      date: iso(m1 <= m2 ? y : y - 1, m1, 1),
      end: monthEnd(y, m2),
      precision: 'month',
      kind: 'absolute',
      inferred: inferred ? { m: m1, d: null, d2: null, m2 } : undefined,
    };
  }

  /** "early/mid/late" + month or year: "early March", "late 2025". */
  subpartLed(a: number, i: number, sub: 'early' | 'mid' | 'late'): Hit | null {
    let j = i;
    if (this.low(j) === '-') j++;
    if (this.month(j)) return this.monthLed(a, j, sub);
    const y = this.year(j);
    if (y) {
      const [m1, m2] = sub === 'early' ? [1, 4] : sub === 'mid' ? [5, 8] : [9, 12];
      return { a, b: j + 1, date: iso(y, m1, 1), end: monthEnd(y, m2), precision: 'year', kind: 'absolute' };
    }
    return null;
  }

  /** Q3, Q3 2025, H1, H2 2024. */
  qh(i: number): Hit | null {
    const lower = this.low(i);
    let m = RE_QUARTER.exec(lower);
    let months = 3;
    let precision: DatePrecision = 'quarter';
    if (!m) {
      m = RE_HALF.exec(lower);
      months = 6;
      precision = 'half';
    }
    if (!m || !this.isCap(i)) return null;
    const k = Number(m[1]);
    const m1 = (k - 1) * months + 1;
    const m2 = k * months;
    let j = i + 1;
    if (this.low(j) === 'of' || this.low(j) === ',') j++;
    let y = this.year(j);
    const b = y ? j + 1 : i + 1;
    if (!y) y = this.guessSpanYear(m1, m2, this.tense(i, b));
    return { a: i, b, date: iso(y, m1, 1), end: monthEnd(y, m2), precision, kind: 'absolute' };
  }

  /**
   * What follows "of" in a period: "2025", "the year", "this year", "last year", "next year".
   * Returns [year, tokens consumed, explicit] or null.
   */
  yearRef(j: number): [number, number, boolean] | null {
    const y = this.year(j);
    if (y) return [y, 1, true];
    const a = this.low(j);
    const b = this.low(j + 1);
    if (b === 'year') {
      if (a === 'this' || a === 'the' || a === 'current') return [this.py, 2, true];
      if (a === 'last' || a === 'previous') return [this.py - 1, 2, true];
      if (a === 'next' || a === 'coming') return [this.py + 1, 2, true];
    }
    return null;
  }

  /** Ordinal-led periods with or without "the": "(the) third quarter (of 2025)", "first-half", "second half". */
  ordinalPeriod(a: number, i: number): Hit | null {
    const lower = this.low(i);
    let ord = ORDINALS.get(lower) ?? 0;
    if (lower === 'last' || lower === 'final') ord = -1;
    if (!ord) return null;
    let j = i + 1;
    const hyphenated = this.low(j) === '-';
    if (hyphenated) j++;
    const unit = this.low(j);
    if (unit === 'quarter' || unit === 'half') {
      const months = unit === 'quarter' ? 3 : 6;
      const k = ord === -1 ? 12 / months : ord;
      if (k > 12 / months) return null;
      const m1 = (k - 1) * months + 1;
      const m2 = k * months;
      let b = j + 1;
      let y = 0;
      if (this.low(b) === 'of') {
        const ref = this.yearRef(b + 1);
        if (ref) {
          y = ref[0];
          b += 1 + ref[1];
        }
      } else if (this.year(b)) {
        y = this.year(b);
        b++;
      }
      // "the second half" needs "the", a hyphen ("second-quarter growth") or a year: "second half of the match" is no date
      if (!y && a === i && !hyphenated) return null;
      if (!y && this.low(b) === 'of') return null;
      const kind: Kind = y ? 'absolute' : 'relative';
      if (!y) y = this.guessSpanYear(m1, m2, this.tense(a, b));
      return {
        a,
        b,
        date: iso(y, m1, 1),
        end: monthEnd(y, m2),
        precision: unit === 'quarter' ? 'quarter' : 'half',
        kind,
      };
    }
    // "the first ten months of 2025", "the first month of the year", "the last two quarters of 2024"
    if (ord !== 1 && ord !== -1) return null;
    let count = 1;
    let uj = i + 1;
    if (!UNIT_WORDS.has(this.low(uj))) {
      count = this.count(uj);
      if (count < 1) return null;
      uj++;
    }
    const u = UNIT_WORDS.get(this.low(uj));
    if (!u || this.low(uj + 1) !== 'of') return null;
    const ref = this.yearRef(uj + 2);
    if (ref) {
      const [y, used] = ref;
      const b = uj + 2 + used;
      const kind: Kind = this.year(uj + 2) ? 'absolute' : 'relative';
      if (u === 'month' || u === 'quarter') {
        const months = u === 'month' ? count : count * 3;
        if (months > 12) return null;
        const [m1, m2] = ord === 1 ? [1, months] : [13 - months, 12];
        const precision: DatePrecision = u === 'month' ? 'month' : 'quarter';
        return { a, b, date: iso(y, m1, 1), end: monthEnd(y, m2), precision, kind };
      }
      const days = u === 'week' ? count * 7 : u === 'day' ? count : 0;
      if (!days) return null;
      const date = ord === 1 ? iso(y, 1, 1) : addDays(iso(y, 12, 31), -days + 1);
      const end = ord === 1 ? addDays(iso(y, 1, 1), days - 1) : iso(y, 12, 31);
      return { a, b, date, end, precision: 'day', kind };
    }
    // "the first two weeks of March"
    const mh = this.month(uj + 2) ? this.monthLed(uj + 2, uj + 2) : null;
    if (mh && mh.precision === 'month' && (u === 'day' || u === 'week')) {
      const days = u === 'week' ? count * 7 : count;
      const p = parseIso(mh.date);
      const len = daysInMonth(p.y, p.m);
      if (days > len) return null;
      const date = ord === 1 ? mh.date : iso(p.y, p.m, len - days + 1);
      const end = ord === 1 ? iso(p.y, p.m, days) : mh.end;
      return { a, b: mh.b, date, end, precision: 'day', kind: 'absolute' };
    }
    return null;
  }

  /** Everything that starts with "the". */
  theLed(i: number): Hit | null {
    const w = this.low(i + 1);
    // "the 16th of December", "the 16 December"
    const d = this.day(i + 1);
    if (d && !this.year(i + 1)) {
      const h = this.dayLed(i + 1, d);
      return h ? { ...h, a: i } : null;
    }
    if (isDigit(w.charCodeAt(0)) && RE_DECADE.test(w)) return this.numeric(i + 1);
    if (ORDINALS.has(w) || w === 'last' || w === 'final') {
      const h = this.ordinalPeriod(i, i + 1);
      if (h) return h;
    }
    // "the end of 2025", "the beginning of March", "the middle of the year"
    const sub = THE_SUBPART.get(w);
    if (sub && this.low(i + 2) === 'of') {
      const j = i + 3;
      if (this.month(j)) return this.monthLed(i, j, sub);
      const ref = this.yearRef(j);
      if (ref) {
        const [y, used] = ref;
        const mo = sub === 'early' ? 1 : sub === 'mid' ? 6 : 12;
        const kind: Kind = this.year(j) ? 'absolute' : 'relative';
        return { a: i, b: j + used, date: iso(y, mo, 1), end: monthEnd(y, mo), precision: 'month', kind };
      }
      const mref = this.low(j + 1) === 'month' ? this.low(j) : '';
      if (mref === 'the' || mref === 'this') {
        const [d1, d2] = subRange(sub, daysInMonth(this.py, this.pm));
        return this.rel(i, j + 2, iso(this.py, this.pm, d1), iso(this.py, this.pm, d2), 'month');
      }
      return null;
    }
    // "the past two years", "the last 12 months", "the previous day", "the next day", "the following week"
    if (w === 'past' || w === 'last' || w === 'previous' || w === 'next' || w === 'following') {
      const cnt = this.count(i + 2);
      if (cnt >= 1 && (w === 'past' || w === 'last') && UNIT_WORDS.has(this.low(i + 3))) {
        return this.rolling(i, i + 4, cnt, UNIT_WORDS.get(this.low(i + 3))!);
      }
      const u = UNIT_WORDS.get(this.low(i + 2));
      if (u && (w === 'past' || w === 'last')) return this.rolling(i, i + 3, 1, u);
      if (u && u !== 'quarter') {
        const sign = w === 'previous' ? -1 : 1;
        return this.shifted(i, i + 3, this.anchor, sign, u);
      }
      return null;
    }
    // "the day before", "the day after"
    if (
      w === 'day' &&
      (this.low(i + 2) === 'before' || this.low(i + 2) === 'after') &&
      this.freeAfter(i + 3)
    ) {
      return this.shifted(i, i + 3, this.anchor, this.low(i + 2) === 'before' ? -1 : 1, 'day');
    }
    return null;
  }

  /** "last week", "next month", "this year", "past week", "coming weeks" (not), "last Tuesday". */
  deictic(i: number): Hit | null {
    const mod = this.low(i);
    const w = this.low(i + 1);
    if (WEEKDAYS.has(w) && this.isCap(i + 1)) return this.weekdayLed(i, i + 1);
    if (mod === 'last' && w === 'night') return this.rel(i, i + 2, addDays(this.pub, -1));
    if (this.month(i + 1) && mod !== 'past' && mod !== 'coming') {
      // "last March" / "next March" / "this March"
      const mo = this.month(i + 1);
      let y = this.py;
      if (mod === 'last') y = mo < this.pm ? this.py : this.py - 1;
      if (mod === 'next') y = mo > this.pm ? this.py : this.py + 1;
      return this.rel(i, i + 2, iso(y, mo, 1), monthEnd(y, mo), 'month');
    }
    const u = w === 'weekend' ? 'weekend' : UNIT_WORDS.get(w);
    if (!u || w.endsWith('s')) return null;
    if (mod === 'past') return u === 'weekend' ? null : this.rolling(i, i + 2, 1, u);
    const shift = mod === 'last' ? -1 : mod === 'next' || mod === 'coming' ? 1 : 0;
    return this.calendarUnit(i, i + 2, u, shift);
  }

  /** The calendar week/month/quarter/year containing the publication date, shifted by `shift` units. */
  calendarUnit(a: number, b: number, u: string, shift: number): Hit | null {
    if (u === 'day') return null;
    if (u === 'week' || u === 'weekend') {
      const monday = addDays(this.pub, -weekdayOf(this.pub) + shift * 7);
      if (u === 'weekend') {
        // "this weekend" is the one just gone unless the sentence speaks of the future
        let sat = addDays(monday, 5);
        if (shift === 0 && sat > this.pub && this.tense(a, b) !== 'future') sat = addDays(sat, -7);
        return this.rel(a, b, sat, addDays(sat, 1));
      }
      return this.rel(a, b, monday, addDays(monday, 6));
    }
    if (u === 'month') {
      const first = addMonths(iso(this.py, this.pm, 1), shift);
      const p = parseIso(first);
      return this.rel(a, b, first, monthEnd(p.y, p.m), 'month');
    }
    if (u === 'quarter') {
      const q = Math.floor((this.pm - 1) / 3);
      const first = addMonths(iso(this.py, q * 3 + 1, 1), shift * 3);
      const p = parseIso(first);
      return this.rel(a, b, first, monthEnd(p.y, p.m + 2), 'quarter');
    }
    const y = this.py + shift;
    return this.rel(a, b, iso(y, 1, 1), iso(y, 12, 31), 'year');
  }

  /** "the past two years": the span ending on the publication date. */
  rolling(a: number, b: number, count: number, u: string): Hit {
    let start: IsoDate;
    let precision: DatePrecision = 'day';
    if (u === 'day') start = addDays(this.pub, -count + 1);
    else if (u === 'week') start = addDays(this.pub, -count * 7 + 1);
    else if (u === 'month') {
      start = addDays(addMonths(this.pub, -count), 1);
      precision = 'month';
    } else if (u === 'quarter') {
      start = addDays(addMonths(this.pub, -count * 3), 1);
      precision = 'quarter';
    } else {
      start = addDays(addMonths(this.pub, -count * 12), 1);
      precision = 'year';
    }
    return this.rel(a, b, start, this.pub, precision);
  }

  /** A date `count` units away from `from` ("two days later", "three years ago"). */
  shifted(a: number, b: number, from: IsoDate, count: number, u: string): Hit | null {
    if (u === 'day') return this.rel(a, b, addDays(from, count));
    if (u === 'week') return this.rel(a, b, addDays(from, count * 7));
    if (u === 'month') {
      const t = parseIso(addMonths(from, count));
      return this.rel(a, b, iso(t.y, t.m, 1), monthEnd(t.y, t.m), 'month');
    }
    if (u === 'quarter') return null;
    const y = parseIso(from).y + count;
    return this.rel(a, b, iso(y, 1, 1), iso(y, 12, 31), 'year');
  }

  /** "earlier this year", "later this month", "earlier this week". */
  earlierLater(i: number): Hit | null {
    if (this.low(i + 1) !== 'this') return null;
    const u = UNIT_WORDS.get(this.low(i + 2));
    if (!u || u === 'day' || u === 'quarter') return null;
    const h = this.calendarUnit(i, i + 3, u, 0);
    if (!h) return null;
    if (this.low(i) === 'earlier') h.end = this.pub;
    else h.date = this.pub;
    return h;
  }

  /** Nothing that could be the object of "before"/"after" follows. */
  freeAfter(j: number): boolean {
    const t = this.toks[j];
    if (!t) return true;
    return t.pos === 'PUNCT' || t.pos === 'CCONJ' || t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'ADV';
  }

  /** "two days later", "a week ago", "three years earlier". */
  countLed(i: number): Hit | null {
    const cnt = this.count(i);
    if (cnt < 1) return null;
    const u = UNIT_WORDS.get(this.low(i + 1));
    if (!u || u === 'quarter') return null;
    const w = this.low(i + 2);
    if (w === 'ago') return this.shifted(i, i + 3, this.pub, -cnt, u);
    if (w === 'later' || w === 'afterwards' || w === 'afterward')
      return this.shifted(i, i + 3, this.anchor, cnt, u);
    if (w === 'earlier') return this.shifted(i, i + 3, this.anchor, -cnt, u);
    if ((w === 'after' || w === 'before') && this.freeAfter(i + 3))
      return this.shifted(i, i + 3, this.anchor, w === 'after' ? cnt : -cnt, u);
    return null;
  }

  /** Joins "between March and May", "from 2020 to 2023", "March 3 - April 5" into one range. */
  mergeRanges(hits: Hit[]): Hit[] {
    const out: Hit[] = [];
    for (let k = 0; k < hits.length; k++) {
      const h = hits[k];
      const nx = hits[k + 1];
      if (nx && nx.a === h.b + 1) {
        const conn = this.low(h.b);
        const lead = this.low(h.a - 1);
        const ok = RANGE_CONNECTORS.has(conn) || (conn === 'and' && lead === 'between');
        if (ok && h.precision === nx.precision && h.kind === nx.kind) {
          let date = h.date;
          if (h.inferred && !nx.inferred) {
            const ne = parseIso(nx.date);
            const d = h.inferred.d ?? 1;
            const y = h.inferred.m > ne.m || (h.inferred.m === ne.m && d > ne.d) ? ne.y - 1 : ne.y;
            if (isValidYmd(y, h.inferred.m, d)) date = iso(y, h.inferred.m, d);
          }
          if (date <= nx.end) {
            const a = lead === 'between' || lead === 'from' ? h.a - 1 : h.a;
            out.push({ a, b: nx.b, date, end: nx.end, precision: h.precision, kind: h.kind });
            k++;
            continue;
          }
        }
      }
      out.push(h);
    }
    return out;
  }
}

function subRange(sub: 'early' | 'mid' | 'late' | undefined, len: number): [number, number] {
  if (sub === 'early') return [1, 10];
  if (sub === 'mid') return [11, 20];
  if (sub === 'late') return [21, len];
  return [1, len];
}

// ---------------------------------------------------------------- chrono-node fallback

function chronoFallback(
  sentenceText: string,
  sentenceStart: number,
  covered: readonly DateExpression[],
  ctx: DateContext,
): DateExpression[] {
  const p = parseIso(ctx.publishedAt);
  const instant = new Date(Date.UTC(p.y, p.m - 1, p.d, 12));
  const out: DateExpression[] = [];
  for (const r of chrono.parse(sentenceText, { instant, timezone: 0 })) {
    const start = sentenceStart + r.index;
    const end = start + r.text.length;
    if (covered.some((c) => c.start < end && start < c.end)) continue;
    if (!/\d|[A-Z]/.test(r.text)) continue; // lower-case words alone ("may", "now") are not dates here
    const known = r.start;
    let precision: DatePrecision;
    if (known.isCertain('day') || known.isCertain('weekday')) precision = 'day';
    else if (known.isCertain('month')) precision = 'month';
    else if (known.isCertain('year')) precision = 'year';
    else continue;
    const s = r.start.date();
    const date = iso(s.getUTCFullYear(), s.getUTCMonth() + 1, s.getUTCDate());
    let endDate = date;
    if (r.end) {
      const e = r.end.date();
      endDate = iso(e.getUTCFullYear(), e.getUTCMonth() + 1, e.getUTCDate());
    }
    if (precision === 'month') endDate = monthEnd(parseIso(endDate).y, parseIso(endDate).m);
    else if (precision === 'year') endDate = iso(parseIso(endDate).y, 12, 31);
    if (endDate < date) continue;
    const kind: 'absolute' | 'relative' =
      known.isCertain('month') || known.isCertain('year') ? 'absolute' : 'relative';
    out.push({ text: r.text, start, end, date, end_date: endDate, precision, kind });
  }
  return out;
}

// ---------------------------------------------------------------- entry point

/**
 * Finds and resolves the date expressions of one sentence. `tokens` are the sentence's
 * own (offsets into the document text); `sentenceStart` is the sentence's offset in the document.
 */
export function findDates(
  sentenceText: string,
  sentenceStart: number,
  tokens: readonly Token[],
  context: DateContext,
): DateExpression[] {
  // cheap prefilter: most sentences hold no token that can start a date
  let trigger = false;
  for (let i = 0; i < tokens.length; i++) {
    const lower = tokens[i].lower;
    const c = lower.charCodeAt(0);
    if (
      (c >= 48 && c <= 57) ||
      STARTERS.has(lower) ||
      lower.includes('-') ||
      (lower.length === 2 && (c === 113 || c === 104))
    ) {
      trigger = true;
      break;
    }
  }
  if (!trigger) return [];
  const scanner = new Scanner(tokens, context);
  const hits = scanner.scan();
  const out: DateExpression[] = [];
  for (const h of hits) {
    const start = tokens[h.a].start;
    const end = tokens[h.b - 1].end;
    out.push({
      text: sentenceText.slice(start - sentenceStart, end - sentenceStart),
      start,
      end,
      date: h.date,
      end_date: h.end,
      precision: h.precision,
      kind: h.kind,
    });
  }
  // chrono-node for trigger tokens our grammar did not explain
  let unexplained = false;
  for (let i = 0; i < tokens.length && !unexplained; i++) {
    const t = tokens[i];
    const lower = t.lower;
    if (
      // (capitalisation first: most tokens are lower-case words, and it costs no set lookup)
      (scanner.isCap(i) && CHRONO_TRIGGERS.has(lower)) ||
      lower === 'ago' ||
      (lower.length >= 6 && isDigit(lower.charCodeAt(0)) && RE_LOOSE_NUMERIC_DATE.test(lower))
    ) {
      if (!out.some((d) => d.start <= t.start && t.end <= d.end)) unexplained = true;
    }
  }
  if (unexplained) {
    for (const d of chronoFallback(sentenceText, sentenceStart, out, context)) out.push(d);
    out.sort((x, y) => x.start - y.start);
  }
  return out.length === 0 ? out : out.filter(inCalendarRange).map((d) => withRelation(d, tokens));
}

/**
 * Arithmetic on absurd numbers ("51656 weeks ago", "3000 years ago") lands before year 1 or
 * after 9999, where a date is no longer a YYYY-MM-DD string: such an expression dates nothing.
 */
function inCalendarRange(d: DateExpression): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(d.date) && /^\d{4}-\d{2}-\d{2}$/.test(d.end_date) && !d.date.startsWith('0000')
  );
}

const BOUND_WORDS: Readonly<Record<string, NonNullable<DateExpression['relation']>>> = {
  since: 'since',
  until: 'until',
  till: 'until',
  before: 'before',
  after: 'after',
};
const MODIFIER_DETERMINERS = new Set(['a', 'an', 'the', 'its', 'their', 'his', 'her', 'our', 'this', 'that']);

/** Marks expressions that bound or modify rather than date the action (see DateExpression.relation). */
function withRelation(d: DateExpression, tokens: readonly Token[]): DateExpression {
  // tokens are in text order: binary searches keep a sentence with thousands of dates linear-ish
  const first = firstTokenFrom(tokens, d.start);
  if (first >= tokens.length) return d;
  let last = first - 1;
  while (last + 1 < tokens.length && tokens[last + 1].end <= d.end) last++;
  const before = first > 0 ? tokens[first - 1].lower : '';
  const bound = BOUND_WORDS[before];
  if (bound) return { ...d, relation: bound };
  // "its 1951 treaty", "a 2015 peace agreement", "the 2022 invasion": a bare year before a noun
  const after = tokens[last + 1];
  if (
    first === last &&
    d.precision === 'year' &&
    MODIFIER_DETERMINERS.has(before) &&
    after !== undefined &&
    (after.pos === 'NOUN' || after.pos === 'ADJ' || after.pos === 'PROPN')
  )
    return { ...d, relation: 'modifier' };
  return d;
}

/** Index of the first token starting at or after `offset` (tokens.length when none). */
function firstTokenFrom(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const RE_LOOSE_NUMERIC_DATE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The anchor the next sentence's relative expressions ("two days later") should use. */
export function nextAnchor(previous: IsoDate | null, dates: readonly DateExpression[]): IsoDate | null {
  let anchor = previous;
  for (const d of dates) if (d.precision === 'day' && d.date === d.end_date) anchor = d.date;
  return anchor;
}

/** Shifts an ISO date by a count of days, weeks, months or years (for callers outside the stage). */
export function shiftDate(date: IsoDate, count: number, unit: 'day' | 'week' | 'month' | 'year'): IsoDate {
  if (unit === 'day') return addDays(date, count);
  if (unit === 'week') return addDays(date, count * 7);
  if (unit === 'month') return addMonths(date, count);
  return addMonths(date, count * 12);
}

export { fromDayNumber, toDayNumber };
