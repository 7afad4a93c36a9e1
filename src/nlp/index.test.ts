// The nlp stage's tokens: line breaks and tabs (wink's tabCRLF tokens) belong to no sentence, and
// every token's offsets point at its own text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Document } from '../types.ts';
import { analyzeDocument, createNlp } from './index.ts';

const nlp = createNlp();

function doc(text: string): Document {
  return {
    id: 't',
    published_at: '2025-03-04',
    text,
    lang: 'en',
    content_hash: '',
    simhash: '',
    format: 'text',
  };
}

test('line breaks, tabs and wide spaces are no tokens, and offsets match the text', () => {
  const text =
    'Talks opened in Vienna.\r\n\r\n\tThe delegates met\ton Monday.\n\n\n' +
    'A second  round\u00a0followed \t\r later.\r\nEnd';
  const analyzed = analyzeDocument(doc(text), nlp);
  const words = analyzed.sentences.flatMap((s) => s.tokens.map((t) => t.text));
  assert.deepEqual(words, [
    'Talks',
    'opened',
    'in',
    'Vienna',
    '.',
    'The',
    'delegates',
    'met',
    'on',
    'Monday',
    '.',
    'A',
    'second',
    'round',
    'followed',
    'later',
    '.',
    'End',
  ]);
  for (const s of analyzed.sentences) {
    assert.equal(text.slice(s.start, s.end), s.text);
    for (const t of s.tokens) assert.equal(text.slice(t.start, t.end), t.text);
  }
});

test("token offsets found by skipping the text's spaces are those wink's preceding spaces give", () => {
  const its = nlp.wink.its;
  const pieces = [
    'The envoy',
    "CAN'T",
    "won't",
    'U.S.',
    'mid-March...',
    '"Yes,"',
    "Spears'",
    '(AFP)',
    'rock\u2009ets',
    '$4.5bn',
    '😀',
    'gonna',
    'e-mail:',
    'x@y.org',
    '#tag',
  ];
  const gaps = [' ', '  ', '\u00a0', ' \u00a0 ', '\u2003', '\u202f', '\n', ' \r\n\t ', '', '\u205f\u2002'];
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 200; round++) {
    let text = gaps[next(gaps.length)];
    for (let k = 0; k < 12; k++) text += pieces[next(pieces.length)] + gaps[next(gaps.length)];
    // the offsets as the tokens and their preceding spaces put them (wink splits a word it has not
    // seen before, such as "mid-March...", otherwise than the next time: read once before comparing)
    nlp.wink.readDoc(text);
    const wdoc = nlp.wink.readDoc(text);
    const values = wdoc.tokens().out(its.value) as string[];
    const spaces = wdoc.tokens().out(its.precedingSpaces) as string[];
    const expected = new Map<number, number>();
    let cursor = 0;
    for (let i = 0; i < values.length; i++) {
      cursor += spaces[i].length;
      const found = text.startsWith(values[i], cursor) ? cursor : text.indexOf(values[i], cursor);
      const start = found >= 0 ? found : cursor;
      expected.set(i, start);
      cursor = start + values[i].length;
    }
    const got = analyzeDocument(doc(text), nlp).sentences.flatMap((s) => s.tokens.map((t) => t.start));
    const want = values.flatMap((v, i) => (/^[\n\r\t]/.test(v) ? [] : [expected.get(i)]));
    assert.deepEqual(got, want, JSON.stringify(text));
  }
});

test("lemmas are wink's own, contractions included, however often a word was seen before", () => {
  const its = nlp.wink.its;
  const texts = [
    "He's leaving. John's car was seized; it's said the envoys can't agree and won't meet.",
    "The ministers met. She's met them, they've been meeting, and we'd meet again if they're willing.",
    // a contraction's part has the lemma of the whole ("wo" of "won't" is "will"), the same text alone not
    "They won't come. 's 'd 're 've 'll 'm n't ca wo. Wo wo wo. He won't.",
    "Meeting the press, the meeting ended. Leaves fell as troops leave; he leaves. I'm told they'll talk.",
  ];
  for (let round = 0; round < 3; round++)
    for (const text of texts) {
      nlp.wink.readDoc(text);
      const wdoc = nlp.wink.readDoc(text);
      const values = wdoc.tokens().out(its.value) as string[];
      const lemmas = wdoc.tokens().out(its.lemma as never) as unknown as string[];
      const want = values.flatMap((v, i) => (/^[\n\r\t]/.test(v) ? [] : [lemmas[i]]));
      const got = analyzeDocument(doc(text), nlp).sentences.flatMap((s) => s.tokens.map((t) => t.lemma));
      assert.deepEqual(got, want);
    }
});

test('a word wink has not seen before is read the same the first time as later, before an ellipsis too', () => {
  // each text on a fresh nlp: the first reading of its unknown words is the one at stake
  const texts = [
    'Talks resume in mid-Quintember... The envoys left.',
    "The Zorvathi's... claims were denied. Officials said so.",
    'A Zorvathi-led force... and a Qelmarian one.',
    'Plain Zorvathi... words. The end.',
  ];
  for (const text of texts) {
    const fresh = createNlp();
    const reading = () =>
      analyzeDocument(doc(text), fresh).sentences.map((s) => s.tokens.map((t) => t.text).join('|'));
    const first = reading();
    assert.deepEqual(first, reading(), text);
  }
});
