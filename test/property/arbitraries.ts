// fast-check generators shared by the property tests: text with every kind of hostile character,
// HTML- and feed-shaped soups, and news-shaped English built from a vocabulary of our own.
import fc from 'fast-check';

/** Characters and fragments that break parsers: markup, entities, quotes, controls, BOMs, surrogates. */
const SPECIALS = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\u{1f600}',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&nbsp;',
  '&bogus;',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?xml',
  '---',
  '# ',
  'Date: ',
  '{',
  '}',
  '\\',
  '%',
];

/** Any UTF-16 code unit sequence, lone surrogates included, weighted towards the specials. */
export const hostileChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
);

export function hostileText(maxLength = 600): fc.Arbitrary<string> {
  return fc.string({ unit: hostileChar, maxLength });
}

/** Well-formed Unicode (no lone surrogates): what a valid UTF-8 file can hold. */
export function unicodeText(maxLength = 400): fc.Arbitrary<string> {
  return fc.string({ unit: 'grapheme', maxLength });
}

// ------------------------------------------------------------------ news-shaped English

const ACTORS = [
  'Iran',
  'Russia',
  'China',
  'the United States',
  'France',
  'Germany',
  'Israel',
  'Turkey',
  'Brazil',
  'India',
  'Japan',
  'Ukraine',
  'the European Union',
  'NATO',
  'the United Nations',
  'Tehran',
  'Moscow',
  'Beijing',
  'Washington',
  'the Kremlin',
  'President Vladimir Putin',
  'Prime Minister Narendra Modi',
  'Foreign Minister Wang Yi',
  'the Iranian foreign minister',
  'Chinese officials',
  'rebels',
  'the army',
  'protesters',
  'both countries',
  'the two sides',
  'he',
  'she',
  'they',
  'Zorblatt Industries',
  'Ms. Quillfeather',
];

const VERBS = [
  'met',
  'met with',
  'criticised',
  'condemned',
  'praised',
  'signed an agreement with',
  'accused',
  'threatened',
  'agreed to cooperate with',
  'visited',
  'imposed sanctions on',
  'said',
  'will meet',
  'did not attack',
  'may visit',
  'plans to sign a deal with',
  'called on',
  'expelled diplomats from',
  'sent aid to',
  'rejected',
  'hosted',
  'launched strikes against',
  'denied',
  'urged',
];

const TAILS = [
  'on Tuesday',
  'last week',
  'in March 2024',
  'on 12/05/2024',
  'two days later',
  'since 2014',
  'in the first ten months of 2025',
  'in Q3',
  'three years ago',
  'on the 3rd of June',
  'by the end of the year',
  'in Geneva',
  'over its nuclear programme',
  'after talks',
  'trade rose 15 percent to $4.2 billion',
  'exports fell by a third',
  'according to state media',
  'officials said',
  '',
];

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ACTORS) },
  { weight: 5, arbitrary: fc.constantFrom(...VERBS) },
  { weight: 4, arbitrary: fc.constantFrom(...TAILS) },
  { weight: 1, arbitrary: hostileText(12) },
  { weight: 1, arbitrary: fc.integer({ min: -100, max: 100_000 }).map(String) },
);

/** A sentence-like run of actors, verbs and tails, sometimes quoted, with hostile words mixed in. */
export function newsSentence(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.array(word, { minLength: 2, maxLength: 14 }),
      fc.constantFrom('.', '!', '?', '', ';', '."', '…'),
      fc.nat(9),
    )
    .map(([words, end, style]) => {
      const s = `${words.join(' ')}${end}`;
      if (style === 0) return `"${s}" ${words[0]} said.`;
      if (style === 1) return `“${s}”, said ${words[words.length - 1]}.`;
      return s.charAt(0).toUpperCase() + s.slice(1);
    });
}

/** Several news-shaped sentences separated by spaces and newlines. */
export const newsText: fc.Arbitrary<string> = fc
  .array(fc.tuple(newsSentence(), fc.constantFrom(' ', ' ', '\n', '\n\n', '  ')), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.map(([s, sep]) => s + sep).join(''));

const TAGS = [
  'html',
  'head',
  'body',
  'title',
  'meta',
  'article',
  'main',
  'div',
  'p',
  'span',
  'b',
  'i',
  'a',
  'br',
  'table',
  'tr',
  'td',
  'ul',
  'li',
  'h1',
  'script',
  'style',
  'iframe',
  'noscript',
  'template',
  'svg',
  'math',
  'textarea',
  'select',
  'option',
  'frameset',
  'object',
  'time',
];
const ATTRS = [
  'class',
  'id',
  'href',
  'src',
  'name',
  'content',
  'property',
  'datetime',
  'onerror',
  'style',
  'lang',
];

const attribute = fc
  .tuple(fc.constantFrom(...ATTRS), hostileText(30), fc.constantFrom('"', "'", ''))
  .map(([name, value, q]) => ` ${name}=${q}${value}${q}`);

const htmlPiece: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...TAGS), fc.array(attribute, { maxLength: 3 }), fc.boolean())
    .map(([tag, attrs, selfClose]) => `<${tag}${attrs.join('')}${selfClose ? '/' : ''}>`),
  fc.constantFrom(...TAGS).map((tag) => `</${tag}>`),
  fc.constantFrom(
    '<!doctype html>',
    '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<meta name="date" content="2025-03-04">',
    '<meta property="article:published_time" content="9999-99-99">',
    '<time datetime="2024-02-30">',
    '<!-- unclosed comment',
    '<p',
    '</',
    '<<>>',
  ),
  hostileText(80),
  newsSentence(),
);

/** Tag soup: random open, close and void tags, attributes with hostile values, text in between. */
export const htmlSoup: fc.Arbitrary<string> = fc.array(htmlPiece, { maxLength: 60 }).map((p) => p.join(''));

const feedField = fc.oneof(hostileText(60), newsSentence(), fc.constant('Tue, 04 Mar 2025 10:00:00 GMT'));

const rssItem = fc
  .tuple(feedField, feedField, feedField, feedField, fc.boolean())
  .map(
    ([title, link, date, body, cdata]) =>
      `<item><title>${title}</title><link>${link}</link><pubDate>${date}</pubDate><description>${cdata ? `<![CDATA[${body}]]>` : body}</description></item>`,
  );
const atomEntry = fc
  .tuple(feedField, feedField, feedField)
  .map(
    ([title, date, body]) =>
      `<entry><title>${title}</title><updated>${date}</updated><content type="html">${body}</content></entry>`,
  );

const DOCTYPES = [
  '',
  '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>',
  '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '<!DOCTYPE rss [',
];

/** RSS and Atom documents with hostile fields, entity declarations, and sometimes cut short. */
export const feedSoup: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...DOCTYPES),
    fc.boolean(),
    fc.array(rssItem, { maxLength: 4 }),
    fc.array(atomEntry, { maxLength: 3 }),
    fc.nat({ max: 100 }),
  )
  .map(([doctype, atom, items, entries, cut]) => {
    const xml = atom
      ? `<?xml version="1.0"?>${doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>${entries.join('')}</feed>`
      : `<?xml version="1.0"?>${doctype}<rss version="2.0"><channel><title>W</title>${items.join('')}</channel></rss>`;
    // one time in five, cut the document anywhere
    return cut < 20 ? xml.slice(0, Math.floor((xml.length * cut) / 20)) : xml;
  });

/** A valid publication date. */
export const isoDate: fc.Arbitrary<string> = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** numRuns for a property: moderate by default; BLOCWATCH_FUZZ_SCALE=10 multiplies every test's runs for a long fuzz. */
export function runs(n: number): number {
  const scale = Number(process.env.BLOCWATCH_FUZZ_SCALE ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

// BLOCWATCH_FUZZ_SEED=N repeats a run exactly (fast-check prints the seed of a failing property;
// a run that hangs prints none, so a search for one loops over seeds given here)
const fuzzSeed = Number(process.env.BLOCWATCH_FUZZ_SEED);
if (process.env.BLOCWATCH_FUZZ_SEED && Number.isInteger(fuzzSeed)) fc.configureGlobal({ seed: fuzzSeed });
