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

export function analyzeDocument(doc: Document, nlp: Nlp): AnalyzedDocument {
  const its = nlp.wink.its;
  const wdoc = nlp.wink.readDoc(doc.text);
  const tokens = wdoc.tokens();
  const values = tokens.out(its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const pos = tokens.out(its.pos) as string[];
  const lemmas = tokens.out(its.lemma as never) as unknown as string[];
  const text = doc.text;

  // character offsets of every token
  const starts = new Array<number>(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    cursor += spaces[i].length;
    const value = values[i];
    if (occursAt(text, value, cursor)) {
      starts[i] = cursor;
    } else {
      // the tokenizer normalised something; find the token from here instead
      const found = text.indexOf(value, cursor);
      starts[i] = found >= 0 ? found : cursor;
    }
    cursor = starts[i] + value.length;
  }

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
