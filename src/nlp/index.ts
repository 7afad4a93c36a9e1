// The nlp stage: sentences, tokens (POS, lemma, character offsets) and resolved date expressions.
// wink-nlp is the tokenizer; its output is lossless, so offsets are rebuilt from token text and
// the spaces before each token.

import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
import type { AnalyzedDocument, Document, IsoDate, Sentence, Token } from '../types.ts';
import { findDates, nextAnchor } from './dates.ts';

type WinkNlp = ReturnType<typeof winkNLP>;

export interface Nlp {
  readonly name: string;
  readonly wink: WinkNlp;
}

export function createNlp(): Nlp {
  // negation, sentiment and wink's own entities are not used (dates come from our grammar): leaving
  // them out saves time per token (the entity automaton was 7-9% of extraction)
  const wink = winkNLP(model, ['sbd', 'pos']);
  return { name: 'wink-eng-lite-web-model', wink };
}

/**
 * Whether a token is a line break or tab run (wink's type tabCRLF). wink's splitter cuts the text into
 * runs of spaces (kept as counts, never tokens), runs of [\n\r\t] (the tabCRLF tokens) and the rest,
 * so the first character tells: reading `its.type` for every token cost as much as its value and POS
 * together.
 */
function isSpaceToken(value: string): boolean {
  const c = value.charCodeAt(0);
  return c === 10 || c === 13 || c === 9;
}

/** Tokenise only: the floor against which the whole pipeline's speed is compared. */
export function tokenizeOnly(text: string, nlp: Nlp): number {
  return nlp.wink.readDoc(text).tokens().length();
}

/** `text.startsWith(value, at)`, which costs more than the loop for a word. */
function occursAt(text: string, value: string, at: number): boolean {
  if (at + value.length > text.length) return false;
  for (let k = 0; k < value.length; k++) if (text.charCodeAt(at + k) !== value.charCodeAt(k)) return false;
  return true;
}

/**
 * The characters wink's splitter counts as a token's preceding spaces (its split pattern's space run:
 * space, no-break space, U+2002-U+2005, U+2009, U+200A, U+202F, U+205F). Skipping them in the text
 * finds the token where `its.precedingSpaces` would put it, without a pass over the tokens to read it.
 */
function isWinkSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 0xa0 &&
      (c === 0xa0 ||
        (c >= 0x2002 && c <= 0x2005) ||
        c === 0x2009 ||
        c === 0x200a ||
        c === 0x202f ||
        c === 0x205f))
  );
}

/** Character offset of every token: after its preceding spaces, else found from there on. */
function tokenStarts(text: string, values: readonly string[]): number[] {
  const starts = new Array<number>(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    while (cursor < text.length && isWinkSpace(text.charCodeAt(cursor))) cursor++;
    const value = values[i];
    if (!occursAt(text, value, cursor)) {
      // the tokenizer normalised something; find the token from here instead
      const found = text.indexOf(value, cursor);
      if (found >= 0) cursor = found;
    }
    starts[i] = cursor;
    cursor += value.length;
  }
  return starts;
}

type WinkTokens = ReturnType<ReturnType<WinkNlp['readDoc']>['tokens']>;

/**
 * Lemmas by part of speech and word. wink's lemma of a token that is no part of a contraction depends
 * on nothing but its text and POS (the lemmatiser reads only those), and `its.lemma` costs about 80-180 ns
 * a token; the parts of a contraction ("ca" + "n't") carry their own lemma and are always read from
 * wink. Keyed by POS first: a few large maps, not a small map per word. Emptied when it holds more than
 * MAX_LEMMAS words, since a long run meets ever new names.
 */
const lemmaMemo = new Map<string, Map<string, string>>();
let lemmaCount = 0;
const MAX_LEMMAS = 100_000;

function lemmasOf(
  tokens: WinkTokens,
  values: readonly string[],
  pos: readonly string[],
  its: WinkNlp['its'],
): string[] {
  const contraction = tokens.out(its.contractionFlag) as unknown as boolean[];
  if (lemmaCount > MAX_LEMMAS) {
    lemmaMemo.clear();
    lemmaCount = 0;
  }
  const lemmas = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    if (contraction[i]) {
      lemmas[i] = tokens.itemAt(i).out(its.lemma as never) as unknown as string;
      continue;
    }
    let byWord = lemmaMemo.get(pos[i]);
    if (byWord === undefined) {
      byWord = new Map();
      lemmaMemo.set(pos[i], byWord);
    }
    let lemma = byWord.get(values[i]);
    if (lemma === undefined) {
      lemma = tokens.itemAt(i).out(its.lemma as never) as unknown as string;
      byWord.set(values[i], lemma);
      lemmaCount++;
    }
    lemmas[i] = lemma;
  }
  return lemmas;
}

/**
 * wink caches the words it has not seen before, and the first reading of such a word with inner
 * punctuation before an ellipsis ("mid-Qwzember...") differs from every later one: "." and ".." with a
 * sentence end between them, then "...". Which one a document got would depend on what its thread
 * read before (and so on `--workers`); a text with such a run is read once before it is analysed, so
 * it always gets the later reading.
 */
const FIRST_READING_DIFFERS = /[\p{L}\p{N}][-'’][\p{L}\p{N}]+\.\.\./u;

export function analyzeDocument(doc: Document, nlp: Nlp): AnalyzedDocument {
  const its = nlp.wink.its;
  // (the plain search first: the pattern, tried at every letter, costs more on the hot path)
  if (doc.text.includes('...') && FIRST_READING_DIFFERS.test(doc.text)) nlp.wink.readDoc(doc.text);
  const wdoc = nlp.wink.readDoc(doc.text);
  const tokens = wdoc.tokens();
  const values = tokens.out(its.value) as string[];
  const pos = tokens.out(its.pos) as string[];
  const text = doc.text;
  const starts = tokenStarts(text, values);

  const lemmas = lemmasOf(tokens, values, pos, its);

  const sentenceSpans = wdoc.sentences().out(its.span) as unknown as [number, number][];

  const sentences: Sentence[] = [];
  // the last day-precision date so far: "two days later" is counted from it
  let anchor: IsoDate | null = null;
  for (const [first, last] of sentenceSpans) {
    // skip leading and trailing whitespace tokens (newlines are tokens)
    let a = first;
    let b = last;
    while (a <= b && isSpaceToken(values[a])) a++;
    while (b >= a && isSpaceToken(values[b])) b--;
    if (a > b) continue;
    const sentTokens: Token[] = [];
    for (let i = a; i <= b; i++) {
      if (isSpaceToken(values[i])) continue;
      const value = values[i];
      sentTokens.push({
        text: value,
        lower: value.toLowerCase(),
        lemma: lemmas[i],
        pos: pos[i],
        start: starts[i],
        end: starts[i] + value.length,
      });
    }
    const start = starts[a];
    const end = starts[b] + values[b].length;
    const sentenceText = text.slice(start, end);
    const index = sentences.length;
    const dates = findDates(sentenceText, start, sentTokens, {
      publishedAt: doc.published_at,
      anchor,
    });
    if (dates.length > 0) anchor = nextAnchor(anchor, dates);
    sentences.push({ index, start, end, text: sentenceText, tokens: sentTokens, dates });
  }
  return { doc, sentences };
}
