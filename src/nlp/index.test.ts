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
