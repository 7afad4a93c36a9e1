// Numbers with their units in a sentence's tokens: "$44 billion" -> 44e9 USD, "15 percent",
// "1.2 trillion roubles", "10,000 North Korean troops", "2 million barrels per day".
import type { Token } from '../types.ts';
import type { ClaimsRules, UnitDef } from './rules.ts';

export interface NumberMatch {
  /** Token range [a, b) covering currency sign, number, multiplier and unit. */
  readonly a: number;
  readonly b: number;
  /** The number token itself. */
  readonly at: number;
  readonly value: number;
  /** 'percent' | 'percentage_points' | ISO currency | count unit | null (a bare number). */
  readonly unit: string | null;
  readonly unitKind: 'percent' | 'currency' | 'count' | null;
  /** The number as written, with its multiplier ("44 billion"). */
  readonly originalValue: string;
  /** The unit as written ("$", "roubles", "percent"), or null. */
  readonly originalUnit: string | null;
}

const RE_PLAIN = /^\d+(?:\.\d+)?$/;
const RE_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const RE_ATTACHED = /^(\d+(?:\.\d+)?)([a-z]{1,3})$/;

const WORD_NUMBERS = new Map<string, number>([
  ['one', 1],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['seven', 7],
  ['eight', 8],
  ['nine', 9],
  ['ten', 10],
  ['eleven', 11],
  ['twelve', 12],
  ['fifteen', 15],
  ['twenty', 20],
  ['thirty', 30],
  ['forty', 40],
  ['fifty', 50],
  ['sixty', 60],
  ['seventy', 70],
  ['eighty', 80],
  ['ninety', 90],
  ['hundred', 100],
  ['a', 1],
  ['half', 0.5],
]);

/** The numeric value of token i (digits, "1,200", "3bn" with its attached multiplier, number words). */
function numberAt(lowers: readonly string[], i: number, rules: ClaimsRules): [number, number] | null {
  const t = lowers[i];
  if (RE_PLAIN.test(t)) return [Number(t), 1];
  if (RE_GROUPED.test(t)) return [Number(t.replace(/,/g, '')), 1];
  const m = RE_ATTACHED.exec(t);
  if (m) {
    const mult = rules.units.match([m[2]], null, 0);
    if (mult && mult.value.kind === 'multiplier') return [Number(m[1]), mult.value.value];
    return null;
  }
  const w = WORD_NUMBERS.get(t);
  if (w !== undefined) {
    // "a" and "half" only count before a multiplier ("a billion dollars", "half a million")
    if (t === 'a' || t === 'half') return null;
    return [w, 1];
  }
  return null;
}

const SKIPPABLE_BEFORE_UNIT = new Set(['ADJ', 'PROPN', 'NUM']);

/** All numbers with units in a sentence; numbers inside `blocked` token positions (dates) are skipped. */
export function findNumbers(
  tokens: readonly Token[],
  lowers: readonly string[],
  blocked: Uint8Array,
  rules: ClaimsRules,
): NumberMatch[] {
  const out: NumberMatch[] = [];
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    if (blocked[i]) continue;
    const c = lowers[i].charCodeAt(0);
    if (!(c >= 48 && c <= 57) && !WORD_NUMBERS.has(lowers[i])) continue;
    const num = numberAt(lowers, i, rules);
    if (!num) continue;
    let [value, mult] = num;
    let a = i;
    let b = i + 1;
    let currency: string | null = null;
    let originalUnit: string | null = null;
    // currency sign or code before: "$", "US$", "€", "US $", "USD"
    const prev = i > 0 ? lowers[i - 1] : '';
    const signCurrency = prev ? rules.currencySymbols.get(prev) : undefined;
    if (signCurrency) {
      currency = signCurrency;
      originalUnit = tokens[i - 1].text;
      a = i - 1;
      if (prev === '$' && i > 1 && lowers[i - 2] === 'us') {
        a = i - 2;
        originalUnit = 'US$';
      }
    }
    // multiplier: "billion", "bn", "million"; "m" only after a currency sign
    if (mult === 1 && b < n) {
      const mm = rules.units.match(lowers, null, b);
      if (mm && mm.value.kind === 'multiplier' && (lowers[b].length > 1 || currency)) {
        mult = mm.value.value;
        b += mm.length;
      }
    }
    const originalValue = tokens
      .slice(i, b)
      .map((t) => t.text)
      .join(' ');
    value *= mult;
    // unit after: percent, currency word, count noun (with up to three adjectives/names in between)
    let unit: string | null = currency;
    let unitKind: NumberMatch['unitKind'] = currency ? 'currency' : null;
    if (!currency) {
      let k = b;
      for (let skipped = 0; k < n && skipped <= 3; skipped++) {
        const um = rules.units.match(lowers, null, k);
        if (um && um.value.kind !== 'multiplier' && um.value.kind !== 'rate_suffix') {
          const def = um.value as Exclude<UnitDef, { kind: 'multiplier' } | { kind: 'rate_suffix' }>;
          // percent and currency words must follow the number directly
          if (def.kind !== 'count' && k !== b) break;
          unit = def.unit;
          unitKind = def.kind;
          originalUnit = tokens
            .slice(k, k + um.length)
            .map((t) => t.text)
            .join(' ');
          b = k + um.length;
          break;
        }
        if (!SKIPPABLE_BEFORE_UNIT.has(tokens[k].pos) || k === b + 3) break;
        k++;
      }
    } else if (b < n) {
      // "$5 billion dollars" is rare, but "US$" + number + "dollars" should not count twice
      const um = rules.units.match(lowers, null, b);
      if (um && um.value.kind === 'currency' && um.value.unit === currency) b += um.length;
    }
    // rate suffix: "barrels per day", "tonnes a year"
    if (unitKind === 'count' && b < n) {
      const rs = rules.units.match(lowers, null, b);
      if (rs && rs.value.kind === 'rate_suffix') {
        unit = `${unit}${rs.value.unit}`;
        b += rs.length;
      }
    }
    out.push({ a, b, at: i, value, unit, unitKind, originalValue, originalUnit });
    i = b - 1;
  }
  return out;
}
