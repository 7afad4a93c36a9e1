import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHash, fnv1a64Hex, hammingDistance, simhash, simhashBands } from './hash.ts';

// reference FNV-1a 64 in BigInt, hashing code units above 0xff as two bytes like the fast version
function fnvReference(s: string): string {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c > 0xff) {
      h ^= BigInt(c >>> 8);
      h = (h * prime) & mask;
      c &= 0xff;
    }
    h ^= BigInt(c);
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

const ARTICLE =
  'Iran and Russia agreed on Tuesday to deepen cooperation in energy and trade, officials in Moscow said after talks between the two foreign ministers that lasted for more than three hours. The ministers discussed the South Caucasus, Afghanistan and the war in Ukraine, and they reviewed plans for a joint commission on transport corridors and banking links. Trade between the two countries rose by about 15 percent in the first ten months of the year, the Russian minister told reporters, and both sides expect further growth once a new payment system is in place. The next meeting of the commission is planned for February in Tehran, where seventeen working groups will present their reports.';

test('FNV-1a 64 matches a BigInt reference', () => {
  for (const s of ['', 'a', 'hello world', 'iran russia talks', 'Ünïcødé', 'текст', '中文 文本', '🙂 emoji'])
    assert.equal(fnv1a64Hex(s), fnvReference(s), s);
  assert.equal(fnv1a64Hex(''), 'cbf29ce484222325');
});

test('content hash ignores case and spacing but not words', () => {
  assert.equal(contentHash('Iran  and\nRussia '), contentHash('iran and russia'));
  assert.notEqual(contentHash('Iran and Russia'), contentHash('Iran and Turkey'));
  assert.match(contentHash('x'), /^[0-9a-f]{64}$/);
});

test('SimHash: an edited copy is close, an unrelated article is far', () => {
  const edited = ARTICLE.replace('three hours', 'four hours');
  const unrelated =
    'The central bank raised its key interest rate by half a point on Thursday, citing persistent inflation in food and housing prices, and signalled that further increases were likely before the end of the year. Economists had expected a smaller move, and the currency strengthened after the announcement. Mortgage lenders said they would pass the increase on to borrowers within weeks, while business groups warned that investment plans could be delayed. The bank will publish new forecasts next month.';
  const a = simhash(ARTICLE);
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.equal(simhash(ARTICLE), a, 'deterministic');
  assert.equal(hammingDistance(a, simhash(ARTICLE.toUpperCase())), 0, 'case-insensitive');
  const near = hammingDistance(a, simhash(edited));
  const far = hammingDistance(a, simhash(unrelated));
  assert.ok(near <= 8, `edited copy ${near} bits apart`);
  assert.ok(far >= 20, `unrelated ${far} bits apart`);
});

test('hamming distance and bands', () => {
  assert.equal(hammingDistance('0000000000000000', 'ffffffffffffffff'), 64);
  assert.equal(hammingDistance('0000000000000001', '8000000000000000'), 2);
  assert.deepEqual(simhashBands('0001ffff8000abcd'), [1, 0xffff, 0x8000, 0xabcd]);
});

test('SimHash of short and empty texts', () => {
  assert.equal(simhash(''), '0000000000000000');
  assert.match(simhash('one two'), /^[0-9a-f]{16}$/);
});
