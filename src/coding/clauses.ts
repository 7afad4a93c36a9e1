// Shallow clause analysis over one sentence's tokens and actor mentions. wink-nlp gives POS and lemmas
// but no parse, so clauses are approximated by segments: punctuation, relativisers and subordinators
// open a new segment; the subject of a verb is the nearest actor to its left in its segment (skipping
// prepositional objects), and its object the first actor to its right before the next verb.
import type { Mention, Sentence, Token } from '../types.ts';
import * as lexicon from './lexicon.ts';

// module-local copies: hot loops read plain constants, not live import bindings
const CLAUSE_PUNCT = lexicon.CLAUSE_PUNCT;
const NON_SUBJECT_PREPS = lexicon.NON_SUBJECT_PREPS;
const PASSIVE_AUX = lexicon.PASSIVE_AUX;
const RELATIVISERS = lexicon.RELATIVISERS;
const SPEECH_LEMMAS = lexicon.SPEECH_LEMMAS;
const SUBORDINATORS = lexicon.SUBORDINATORS;

export type SegmentKind = 'main' | 'rel' | 'comp' | 'adv' | 'part';

export interface Segment {
  readonly start: number;
  /** Exclusive. */
  end: number;
  kind: SegmentKind;
  /** The subordinator or relativiser that opened it ('' for none). */
  readonly opener: string;
  /** Opened after a comma or other punctuation. */
  readonly afterPunct: boolean;
}

export interface SentenceView {
  readonly sentence: Sentence;
  readonly tokens: readonly Token[];
  /** Lower-cased lemmas. */
  readonly lemmas: readonly string[];
  /** The sentence's resolved mentions (with at least one actor), in token order. */
  readonly mentions: readonly Mention[];
  // (plain arrays: a typed array of more than 64 bytes has its buffer allocated outside the heap,
  // which cost more than the rest of the view for a sentence of 20 tokens)
  /** Token -> index into `mentions`, or -1. */
  readonly mentionAt: readonly number[];
  /** Token -> segment index. */
  readonly segOf: readonly number[];
  readonly segments: readonly Segment[];
  /** Memoised subjects per verb token. */
  readonly subjects: Map<number, number[]>;
  /** Speech verbs: token index -> speaker mention indices (possibly empty). */
  readonly speech: Map<number, number[]>;
  /**
   * Token -> the forms the coder looks it up by, filled on first use: a phrase's words are tried at
   * every token of its window, and building the forms each time was the coder's main garbage.
   */
  readonly forms: (readonly string[] | undefined)[];
}

/** `s.toLowerCase()`, without its call for the common all-lower-case ASCII word. */
function lowerCased(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return s.toLowerCase();
  }
  return s;
}

const isPunct = (t: Token): boolean => t.pos === 'PUNCT' || CLAUSE_PUNCT.has(t.text);

/** The speech lemma of a past form ("alleged" -> "allege", "claimed" -> "claim"), or null. */
function participleStem(lower: string): string | null {
  if (!lower.endsWith('ed')) return null;
  if (SPEECH_LEMMAS.has(lower.slice(0, -1))) return lower.slice(0, -1);
  if (SPEECH_LEMMAS.has(lower.slice(0, -2))) return lower.slice(0, -2);
  return null;
}

export function buildView(sentence: Sentence, mentions: readonly Mention[]): SentenceView {
  const tokens = sentence.tokens;
  const n = tokens.length;
  const lemmas: string[] = [];
  const mentionAt: number[] = [];
  const segOf: number[] = [];
  for (let i = 0; i < n; i++) {
    lemmas.push(lowerCased(tokens[i].lemma));
    mentionAt.push(-1);
    segOf.push(0);
  }
  for (let k = 0; k < mentions.length; k++) {
    const m = mentions[k];
    for (let t = m.token_start; t < m.token_end && t < n; t++) mentionAt[t] = k;
  }
  const segments: Segment[] = [];
  let current: Segment = { start: 0, end: n, kind: 'main', opener: '', afterPunct: false };
  segments.push(current);
  const open = (start: number, kind: SegmentKind, opener: string, afterPunct: boolean): void => {
    current.end = start;
    current = { start, end: n, kind, opener, afterPunct };
    segments.push(current);
  };
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    if (CLAUSE_PUNCT.has(t.text) && i + 1 < n) {
      segOf[i] = segments.length - 1;
      open(i + 1, 'main', '', true);
      continue;
    }
    const lower = t.lower;
    if (i === 0 && SUBORDINATORS.has(lower) && lower !== 'that' && (t.pos === 'SCONJ' || t.pos === 'ADP')) {
      // a sentence opening with "If", "Although", ...
      current = { start: 0, end: n, kind: 'adv', opener: lower, afterPunct: false };
      segments[0] = current;
    } else if (i > 0 && mentionAt[i] < 0) {
      const prevPunct = isPunct(tokens[i - 1]);
      // "the group that has seized ...": "that" tagged as a pronoun after a noun and before a verb is a relativiser
      const relPronoun =
        lower === 'that' &&
        (t.pos === 'PRON' || t.pos === 'DET') &&
        (tokens[i - 1].pos === 'NOUN' || tokens[i - 1].pos === 'PROPN' || mentionAt[i - 1] >= 0) &&
        i + 1 < n &&
        (tokens[i + 1].pos === 'VERB' || tokens[i + 1].pos === 'AUX');
      if ((RELATIVISERS.has(lower) || relPronoun) && (t.pos === 'PRON' || t.pos === 'DET')) {
        if (current.start === i) current.kind = 'rel';
        else open(i, 'rel', lower, false);
      } else if ((lower === 'where' || lower === 'when') && prevPunct) {
        current.kind = 'rel';
      } else if (SUBORDINATORS.has(lower) && (t.pos === 'SCONJ' || lower === 'unless')) {
        // ("unless" is sometimes tagged a preposition; it only ever opens a clause)
        // "the group that has seized ...": after a noun and before a verb, "that" opens a relative clause
        const relThat =
          lower === 'that' &&
          (tokens[i - 1].pos === 'NOUN' || tokens[i - 1].pos === 'PROPN') &&
          i + 1 < n &&
          (tokens[i + 1].pos === 'VERB' || tokens[i + 1].pos === 'AUX');
        const kind: SegmentKind = relThat ? 'rel' : lower === 'that' ? 'comp' : 'adv';
        if (current.start === i) current.kind = kind;
        else open(i, kind, lower, false);
      }
    }
    segOf[i] = segments.length - 1;
  }
  // participial adjuncts: ", speaking at the press conference," / ", killing eight people"
  for (const s of segments) {
    if (s.kind !== 'main' || !s.afterPunct || s.start >= n) continue;
    const t = tokens[s.start];
    if (t.pos === 'VERB' && (t.lower.endsWith('ing') || t.lower.endsWith('ed'))) s.kind = 'part';
  }
  const view: SentenceView = {
    sentence,
    tokens,
    lemmas,
    mentions,
    mentionAt,
    segOf,
    segments,
    subjects: new Map(),
    speech: new Map(),
    forms: new Array<readonly string[] | undefined>(n),
  };
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    const stem =
      t.pos === 'ADJ' && i + 1 < n && tokens[i + 1].lower === 'that' ? participleStem(t.lower) : null;
    if (stem !== null) {
      // "Ecuador alleged that ...": a past tense the tagger took for an adjective, before its complement
      lemmas[i] = stem;
      view.speech.set(i, speakerOf(view, i));
    } else if (t.pos === 'VERB' && SPEECH_LEMMAS.has(lemmas[i])) view.speech.set(i, speakerOf(view, i));
    else if (t.lower === 'according' && i + 1 < n && tokens[i + 1].lower === 'to') {
      const k = i + 2 < n ? firstMentionFrom(view, i + 2, 3) : -1;
      view.speech.set(i, k >= 0 ? conjRight(view, k) : []);
    }
  }
  return view;
}

function firstMentionFrom(v: SentenceView, from: number, window: number): number {
  for (let j = from; j < v.tokens.length && j < from + window; j++)
    if (v.mentionAt[j] >= 0) return v.mentionAt[j];
  return -1;
}

/** The speaker of a speech verb: its subject, or the actor right after it ("..., said Lavrov"). */
function speakerOf(v: SentenceView, i: number): number[] {
  const seg = v.segments[v.segOf[i]];
  // "He emphasised ... and said ...": a coordinated speech verb shares its subject
  const gs = groupStart(v, i);
  if (gs > 0 && v.tokens[gs - 1].pos === 'CCONJ') return subjectOf(v, i);
  for (let j = i - 1; j >= seg.start; j--) {
    const k = v.mentionAt[j];
    if (k >= 0 && validSubject(v, k)) return conjLeft(v, k);
  }
  // inverted: "..., said Lavrov." (the speaker closes the clause)
  const k = firstMentionFrom(v, i + 1, 2);
  if (k >= 0) {
    const end = v.mentions[k].token_end;
    if (end >= v.tokens.length || v.tokens[end].pos === 'PUNCT' || v.tokens[end].pos === 'ADP')
      return conjRight(v, k);
  }
  return subjectOf(v, i);
}

function hasCountry(v: SentenceView, k: number): boolean {
  for (const a of v.mentions[k].actors) if (a.code && !a.code.startsWith('---')) return true;
  return false;
}

/** A mention can be a subject unless it is the object of a preposition ("in Moscow"). */
export function validSubject(v: SentenceView, k: number): boolean {
  const m = v.mentions[k];
  let p = m.token_start - 1;
  let sawNumber = false;
  while (p >= 0 && (v.tokens[p].pos === 'DET' || v.tokens[p].pos === 'ADJ' || v.tokens[p].pos === 'NUM')) {
    if (v.tokens[p].pos === 'NUM') sawNumber = true;
    p--;
  }
  // a place named after a preposition or as a dateline ("over eastern Ukraine", "MOSCOW -") is where the
  // clause happens; only "the city of Aleppo" heads a noun phrase that may be a subject
  if (m.location === true && (p < 0 || v.tokens[p].lower !== 'of')) return false;
  if (p < 0) return true;
  const t = v.tokens[p];
  // "up to 100 ethnic Albanians", "about 300 students", "over 2,000 workers": a quantifier, not a preposition
  if (sawNumber && p + 1 < m.token_start && QUANTIFIER_PREPS.has(t.lower)) return true;
  return !((t.pos === 'ADP' || t.pos === 'SCONJ') && NON_SUBJECT_PREPS.has(t.lower));
}

const CONJ_WORDS = new Set([',', 'and', 'or', '&']);
const QUANTIFIER_PREPS = new Set(['to', 'about', 'around', 'over', 'under', 'than', 'nearly', 'almost']);
const AND_WORDS = new Set(['and', 'or', '&']);
const POSSESSIVES = new Set(['his', 'her', 'its', 'their', 'our', 'my', 'your']);

/** Words allowed between two conjoined actors besides the conjunction ("and his Russian counterpart"). */
const conjFiller = (t: Token): boolean =>
  t.pos === 'DET' || POSSESSIVES.has(t.lower) || t.lower === 'well' || t.lower === 'as';

/** The conjuncts ending at mention k: "Iran, Russia and China" -> all three. */
export function conjLeft(v: SentenceView, k: number): number[] {
  const out = [k];
  let cur = k;
  while (cur > 0) {
    const start = v.mentions[cur].token_start;
    let j = start - 1;
    let sawConj = false;
    let sawAnd = false;
    while (j >= 0 && v.mentionAt[j] < 0) {
      const t = v.tokens[j];
      if (CONJ_WORDS.has(t.lower)) {
        sawConj = true;
        if (AND_WORDS.has(t.lower)) sawAnd = true;
      } else if (!conjFiller(t)) break;
      j--;
    }
    // the gap next to the head needs "and"; earlier ones may be commas ("Iran, Russia and China")
    if (!sawConj || (!sawAnd && out.length === 1) || j < 0 || v.mentionAt[j] < 0) break;
    const prev = v.mentionAt[j];
    // the left conjunct must not itself be a verb's or preposition's object
    const before = v.mentions[prev].token_start - 1;
    if (before >= 0 && (v.tokens[before].pos === 'VERB' || v.tokens[before].pos === 'ADP')) break;
    out.unshift(prev);
    cur = prev;
  }
  return out;
}

/** The conjuncts starting at mention k: "sanctions on Iran and Syria" -> both. */
export function conjRight(v: SentenceView, k: number): number[] {
  const out = [k];
  let cur = k;
  let accepted = 1;
  const n = v.tokens.length;
  for (;;) {
    let j = v.mentions[cur].token_end;
    let sawConj = false;
    let sawAnd = false;
    while (j < n && v.mentionAt[j] < 0) {
      const t = v.tokens[j];
      if (CONJ_WORDS.has(t.lower)) {
        sawConj = true;
        if (AND_WORDS.has(t.lower)) sawAnd = true;
      } else if (!conjFiller(t)) break;
      j++;
    }
    if (!sawConj || j >= n || v.mentionAt[j] < 0 || v.mentionAt[j] === cur) {
      // "to Iran, Libya, Sudan, and with strings attached, Cuba": three or more names in a comma list
      // closed by "and" are a list even when an aside keeps its last item out of reach
      if (sawAnd && out.length >= 3) accepted = out.length;
      break;
    }
    cur = v.mentionAt[j];
    out.push(cur);
    // a list is closed by "and": commas alone ("Iran, the Kremlin said") do not conjoin
    if (sawAnd) {
      accepted = out.length;
      break;
    }
  }
  return out.slice(0, accepted);
}

/** First token of the verb group ending at verb token i (auxiliaries, negation, adverbs). */
export function groupStart(v: SentenceView, i: number): number {
  let j = i - 1;
  while (j >= 0) {
    const t = v.tokens[j];
    if (t.pos === 'AUX' || t.pos === 'ADV' || t.lower === 'not' || t.lower === "n't" || t.lower === 'to') j--;
    else break;
  }
  return j + 1;
}

/** Is the verb at i passive ("was attacked", "has been hit")? */
export function isPassive(v: SentenceView, i: number): boolean {
  const t = v.tokens[i];
  if (t.lower.endsWith('ing')) return false;
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    const a = v.tokens[j];
    if (a.pos === 'AUX' || a.lower === 'being' || a.lower === 'been') {
      if (
        PASSIVE_AUX.has(a.lemma.toLowerCase()) ||
        PASSIVE_AUX.has(a.lower) ||
        a.lemma.toLowerCase() === 'get'
      )
        return a.lower !== 'has' && a.lower !== 'have' && a.lower !== 'had';
      continue;
    }
    if (a.pos === 'ADV' || a.lower === 'not') continue;
    break;
  }
  return false;
}

/**
 * "Kenya, backed by Uganda, sent troops": a participial adjunct opening with a passive participle and a
 * "by" agent; it is done to the actor right before it. Returns that actor's mention index, or -1.
 */
export function adjunctPassivePatient(v: SentenceView, i: number): number {
  const seg = v.segments[v.segOf[i]];
  if (seg.kind !== 'part' || seg.start !== i || !v.tokens[i].lower.endsWith('ed') || i < 2) return -1;
  if (v.tokens[i + 1]?.lower !== 'by') return -1;
  return v.mentionAt[i - 2];
}

/** "by telephone", "by force", "by sea": "by" before a bare noun that names no actor gives the means. */
export function byMeans(v: SentenceView, j: number): boolean {
  const next = v.tokens[j + 1];
  return next !== undefined && next.pos === 'NOUN' && v.mentionAt[j + 1] < 0;
}

/** "the agreement signed by X", "civilians detained by police": a participle right after a noun, then "by". */
export function isReducedPassive(v: SentenceView, i: number): boolean {
  if (i === 0 || v.tokens[i].lower.endsWith('ing')) return false;
  const prev = v.tokens[i - 1];
  if (prev.pos !== 'NOUN' && prev.pos !== 'PROPN') return false;
  // "there were ten soldiers killed in Y": after an existential "there be", the participle is passive
  const k = v.mentionAt[i - 1];
  let b = (k >= 0 ? v.mentions[k].token_start : i - 1) - 1;
  while (b > 0 && (v.tokens[b].pos === 'NUM' || v.tokens[b].pos === 'DET' || v.tokens[b].pos === 'ADJ')) b--;
  if (b > 0 && v.lemmas[b] === 'be' && v.tokens[b - 1].lower === 'there' && v.tokens[i].lower.endsWith('ed'))
    return true;
  // "the agreement signed by", "civilians detained last week by": "by" right after the participle
  for (let j = i + 1; j < v.tokens.length && j <= i + 3; j++) {
    const t = v.tokens[j];
    if (t.lower === 'by') return !byMeans(v, j);
    if (t.pos !== 'ADV' && t.pos !== 'ADJ' && t.pos !== 'NOUN') return false;
    if (
      t.pos === 'NOUN' &&
      !(v.tokens[j - 1].pos === 'ADJ' && /^(last|this|next)$/.test(v.tokens[j - 1].lower))
    )
      return false;
  }
  return false;
}

/**
 * The agent of a passive: the actor after "by" within a few tokens; place and time phrases in between do
 * not count ("was attacked on Tuesday near the border town of X by Y").
 */
export function byAgent(v: SentenceView, i: number, window = 6, nominal = false): number[] {
  const n = v.tokens.length;
  let words = 0;
  for (let j = i + 1; j < n && words <= window; j++) {
    const t = v.tokens[j];
    if (t.lower === 'by') {
      // "by the end of August", "by 2030": a deadline, not an agent
      if (
        j + 1 < n &&
        (v.tokens[j + 1].pos === 'NUM' || v.sentence.dates.some((d) => d.start === v.tokens[j + 1].start))
      )
        return [];
      const k = firstMentionFrom(v, j + 1, 4);
      return k >= 0 ? conjRight(v, k) : [];
    }
    if (CLAUSE_PUNCT.has(t.text) || (t.pos === 'VERB' && j > i + 1)) break;
    // an actor in between that is no preposition's object ("in Geneva") is the verb's own object
    if (v.mentionAt[j] >= 0 && validSubject(v, v.mentionAt[j])) return [];
    // after a noun event, a later noun takes the "by" ("protests against violations by X": X violates)
    if (nominal && t.pos === 'NOUN') return [];
    // a preposition opens a place or time phrase: its words do not count against the window
    if (t.pos !== 'ADP' && t.pos !== 'DET' && t.pos !== 'ADJ' && t.pos !== 'PROPN') words++;
  }
  return [];
}

/**
 * "a shell was fired at Y from Gaza", "rockets were launched from Lebanon": a passive act of force with
 * no "by" agent comes from the state it was launched from. The mention after "from" within the verb's
 * clause, if it names a country; else none.
 */
export function originAgent(v: SentenceView, i: number, window = 8): number[] {
  for (let j = i + 1; j < v.tokens.length && j <= i + window; j++) {
    const t = v.tokens[j];
    if (CLAUSE_PUNCT.has(t.text) || t.pos === 'VERB' || t.pos === 'SCONJ') break;
    if (t.lower !== 'from') continue;
    const k = firstMentionFrom(v, j + 1, 3);
    return k >= 0 && hasCountry(v, k) ? [k] : [];
  }
  return [];
}

/**
 * The subject of the verb (or noun) at token i, as mention indices (conjuncts included): the nearest
 * actor to its left in its clause; a relative clause takes the noun before it; a coordinated or
 * participial verb shares the subject of the verb before it.
 */
export function subjectOf(v: SentenceView, i: number): number[] {
  const memo = v.subjects.get(i);
  if (memo) return memo;
  const result = findSubject(v, i);
  v.subjects.set(i, result);
  return result;
}

function previousVerb(v: SentenceView, before: number): number {
  for (let j = before - 1; j >= 0; j--) if (v.tokens[j].pos === 'VERB') return j;
  return -1;
}

/**
 * The verb a coordinated verb is conjoined with ("accused Y of shelling Z and warned W": accused): the
 * previous verb that is not embedded in its complement as a gerund after a preposition ("of shelling") or
 * an infinitive ("to help"), unless the coordinated verb is one too.
 */
export function conjoinedVerb(v: SentenceView, i: number, before: number): number {
  const embedded = (j: number): boolean => {
    const g = groupStart(v, j);
    const prev = g > 0 ? v.tokens[g - 1] : null;
    if (prev === null) return false;
    if (prev.pos === 'PART' && prev.lower === 'to') return true;
    return v.tokens[j].lower.endsWith('ing') && (prev.pos === 'ADP' || prev.pos === 'SCONJ');
  };
  const self = embedded(i);
  for (let j = before - 1; j >= 0; j--) {
    if (v.tokens[j].pos !== 'VERB') continue;
    if (self || !embedded(j)) return j;
  }
  return previousVerb(v, before);
}

/**
 * "A report released in the Rwandan capital alleged ...", "a statement by the Kremlin said ...": a clause
 * whose subject is a document names no actor of its own; the document speaks for its issuer, the actor
 * after "by", or the country it was issued in. -1 when the subject is no document or names no issuer.
 */
function documentIssuer(v: SentenceView, seg: Segment, verbStart: number): number {
  // the head is the last noun of the opening noun phrase ("a 500-page report")
  let head = -1;
  for (let j = seg.start; j < verbStart && v.mentionAt[j] < 0; j++) {
    const t = v.tokens[j];
    if (t.pos === 'NOUN') head = j;
    else if (t.pos !== 'DET' && t.pos !== 'ADJ' && t.pos !== 'NUM' && t.text !== '-') break;
  }
  if (head < 0 || !lexicon.DOCUMENT_NOUNS.has(v.lemmas[head])) return -1;
  let j = head;
  let prep = '';
  for (j++; j < verbStart; j++) {
    const t = v.tokens[j];
    const k = v.mentionAt[j];
    if (k >= 0) {
      if (lexicon.ISSUER_PREPS.has(prep) && (prep === 'by' || hasCountry(v, k)))
        return nothingBetween(v, v.mentions[k].token_end, verbStart) ? k : -1;
      j = v.mentions[k].token_end - 1;
    } else if (t.pos === 'ADP') prep = t.lower;
    else if (t.pos === 'PUNCT' && t.text !== '-') return -1;
  }
  return -1;
}

/** No actor and no verb between tokens from and to ("the statement by X comes before Y heads to ..."). */
function nothingBetween(v: SentenceView, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (v.mentionAt[j] >= 0 || v.tokens[j].pos === 'VERB') return false;
  return true;
}

function findSubject(v: SentenceView, i: number): number[] {
  const start = v.tokens[i].pos === 'VERB' ? groupStart(v, i) : i;
  let segIndex = v.segOf[i];
  let seg = v.segments[segIndex];
  if (seg.kind === 'main' && v.tokens[i].pos !== 'NOUN' && v.tokens[i].pos !== 'PROPN') {
    const issuer = documentIssuer(v, seg, start);
    if (issuer >= 0) return [issuer];
  }
  // coordinated verb phrase ("attacked Iraq and bombed Syria") or participial adjunct (", killing ...")
  const before = start - 1;
  const coordinated =
    before >= 0 &&
    v.tokens[i].pos === 'VERB' &&
    (v.tokens[before].pos === 'CCONJ' || (seg.kind === 'part' && seg.start === start));
  if (coordinated) {
    const pv = v.tokens[before].pos === 'CCONJ' ? conjoinedVerb(v, i, before) : previousVerb(v, before);
    if (pv >= 0) {
      const s = subjectOf(v, pv);
      if (s.length > 0) return s;
    }
  }
  let j = start - 1;
  let crossed = 0;
  // an actor known only by its sector ("General David Petraeus" unresolved) may stand in apposition to a
  // known one before it ("The US commander in Iraq, General David Petraeus, held talks"): prefer that one
  let vague = -1;
  let vagueSeg = -1;
  // "the group said eight people were killed": a clause whose subject is a noun naming no actor has no
  // actor subject beyond the speech verb before it
  const ownNoun = j >= 0 && v.tokens[j].pos === 'NOUN' && v.mentionAt[j] < 0;
  for (;;) {
    for (; j >= seg.start; j--) {
      const k = v.mentionAt[j];
      if (k < 0) {
        if (ownNoun && v.tokens[j].pos === 'VERB' && v.speech.has(j))
          return vague >= 0 ? conjLeft(v, vague) : [];
        continue;
      }
      if (validSubject(v, k)) {
        // "the Turkish and Greek sides of Cyprus agreed": the head of the noun phrase, not its complement
        const head = ofHead(v, k);
        if (head >= 0) return conjLeft(v, head);
        if (hasCountry(v, k)) return conjLeft(v, k);
        if (vague < 0) {
          vague = k;
          vagueSeg = crossed;
        } else return conjLeft(v, vague);
      }
      j = v.mentions[k].token_start;
    }
    // the segment before the vague one may hold the known actor it stands in apposition to
    if (vague >= 0 && crossed > vagueSeg) return conjLeft(v, vague);
    if (seg.kind === 'rel') {
      // the antecedent: the last actor before the relativiser; a non-actor antecedent ends the search
      for (let p = seg.start - 1; p >= 0 && p >= seg.start - 4; p--) {
        const k = v.mentionAt[p];
        if (k >= 0) return conjLeft(v, k);
      }
      return [];
    }
    if (seg.kind === 'part') {
      const pv = previousVerb(v, seg.start);
      if (pv >= 0) return subjectOf(v, pv);
    }
    // move left, skipping relative clauses, participial adjuncts and appositions
    segIndex--;
    while (
      segIndex >= 0 &&
      (v.segments[segIndex].kind === 'rel' ||
        v.segments[segIndex].kind === 'part' ||
        isApposition(v, v.segments[segIndex]))
    )
      segIndex--;
    if (segIndex < 0 || ++crossed > 3) return vague >= 0 ? conjLeft(v, vague) : [];
    seg = v.segments[segIndex];
    j = seg.end - 1;
  }
}

/**
 * "Pakistan, a key US ally in the region, refused ...": a noun phrase between commas, opened by a
 * determiner, with no verb, right after an actor, describes that actor and is not the subject.
 */
function isApposition(v: SentenceView, seg: Segment): boolean {
  if (!seg.afterPunct || seg.kind !== 'main' || seg.start < 2) return false;
  const first = v.tokens[seg.start];
  if (first.pos !== 'DET' || v.tokens[seg.start - 1].text !== ',' || v.mentionAt[seg.start - 2] < 0)
    return false;
  if (seg.end >= v.tokens.length || v.tokens[seg.end - 1].text !== ',') return false;
  for (let j = seg.start; j < seg.end; j++)
    if (v.tokens[j].pos === 'VERB' || v.tokens[j].pos === 'AUX') return false;
  return true;
}

/** "the Greek side of Cyprus": for an actor in an of-complement, the actor heading the noun phrase, or -1. */
function ofHead(v: SentenceView, k: number): number {
  let p = v.mentions[k].token_start - 1;
  // "supporters of a sacked governor": a participle modifying the actor is part of its noun phrase
  while (
    p >= 0 &&
    (v.tokens[p].pos === 'DET' ||
      v.tokens[p].pos === 'ADJ' ||
      (v.tokens[p].pos === 'VERB' && v.tokens[p].lower.endsWith('ed')))
  )
    p--;
  if (p < 1 || v.tokens[p].lower !== 'of') return -1;
  for (let j = p - 1, steps = 0; j >= 0 && steps < 5; j--, steps++) {
    if (v.mentionAt[j] >= 0) return validSubject(v, v.mentionAt[j]) ? v.mentionAt[j] : -1;
    const pos = v.tokens[j].pos;
    if (pos !== 'NOUN' && pos !== 'ADJ' && pos !== 'DET' && pos !== 'NUM') return -1;
  }
  return -1;
}
