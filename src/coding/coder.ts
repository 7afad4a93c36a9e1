// codeEvents: for each sentence, find pattern triggers, their source and target actors from the clause
// structure, the modality, the date and the evidence; emit CodedEvents with provenance.
import type {
  ActorRef,
  AnalyzedDocument,
  CodedEvent,
  DateExpression,
  DatePrecision,
  Location,
  Mention,
  Modality,
  Sentence,
} from '../types.ts';
import {
  adjunctPassivePatient,
  buildView,
  byAgent,
  conjLeft,
  conjoinedVerb,
  conjRight,
  groupStart,
  isPassive,
  isReducedPassive,
  originAgent,
  type SentenceView,
  subjectOf,
  validSubject,
} from './clauses.ts';
import * as lexicon from './lexicon.ts';
import type { Ontology } from './ontology.ts';
import type { DomesticRules, IntentRules, Pattern, PatternSet } from './patterns.ts';

// module-local copies: hot loops read plain constants, not live import bindings
const CHAIN_VERBS = lexicon.CHAIN_VERBS;
const CLAUSE_PUNCT = lexicon.CLAUSE_PUNCT;
const EVENT_NOUN_PREPS = lexicon.EVENT_NOUN_PREPS;
const COMMITMENT_WORDS = lexicon.COMMITMENT_WORDS;
const CONDITIONALS = lexicon.CONDITIONALS;
const MEANS_VERBS = lexicon.MEANS_VERBS;
const DIRECTIVE_VERBS = lexicon.DIRECTIVE_VERBS;
const FUTURE_AUX = lexicon.FUTURE_AUX;
const HYPOTHETICAL_MODALS = lexicon.HYPOTHETICAL_MODALS;
const HYPOTHETICAL_SUBORDINATORS = lexicon.HYPOTHETICAL_SUBORDINATORS;
const HYPOTHETICAL_WORDS = lexicon.HYPOTHETICAL_WORDS;
const IMPLICATIVE_VERBS = lexicon.IMPLICATIVE_VERBS;
const LIGHT_VERBS = lexicon.LIGHT_VERBS;
const NEGATING_VERBS = lexicon.NEGATING_VERBS;
const NEGATORS = lexicon.NEGATORS;
const PLANNING_LEMMAS = lexicon.PLANNING_LEMMAS;
const RELATIVISERS = lexicon.RELATIVISERS;

export interface CoderOptions {
  /** Code events that have a source but no target actor (target null). Default true. */
  readonly targetless?: boolean;
}

export interface CoderData {
  readonly version: string;
  readonly ontology: Ontology;
  readonly patterns: PatternSet;
  readonly options: CoderOptions;
}

const MAX_GAP = 6;

export interface Match {
  readonly pattern: Pattern;
  readonly trigger: number;
  /** Token indices of the phrase (trigger first). */
  readonly tokens: readonly number[];
}

/**
 * Forms to look a token up by: its lemma, its lower-cased text and, for inflected forms the tagger's
 * lemmatiser missed ("staged" -> "stag", a sentence-initial "Clashes" taken for a name), the text with
 * its suffix stripped.
 */
export function formsOf(lemma: string, lower: string): string[] {
  const out = [lemma, lower];
  if (lower.endsWith('ed') && lower.length > 4) out.push(lower.slice(0, -1), lower.slice(0, -2));
  else if (lower.endsWith('en') && lower.length > 5) out.push(lower.slice(0, -1), lower.slice(0, -2));
  else if (lower.endsWith('ing') && lower.length > 5) out.push(lower.slice(0, -3), `${lower.slice(0, -3)}e`);
  else if (lower.endsWith('ies') && lower.length > 4) out.push(`${lower.slice(0, -3)}y`);
  else if (lower.endsWith('es') && lower.length > 4) out.push(lower.slice(0, -1), lower.slice(0, -2));
  else if (lower.endsWith('s') && lower.length > 3) out.push(lower.slice(0, -1));
  return out;
}

function formsAt(v: SentenceView, j: number): readonly string[] {
  let forms = v.forms[j];
  if (forms === undefined) {
    forms = formsOf(v.lemmas[j], v.tokens[j].lower);
    v.forms[j] = forms;
  }
  return forms;
}

function tokenMatches(v: SentenceView, j: number, alts: readonly string[]): boolean {
  for (const f of formsAt(v, j)) if (alts.includes(f)) return true;
  return false;
}

const VERB_AFTER_SUBJECT_NEXT = new Set(['DET', 'ADJ', 'PRON', 'NUM', 'PROPN']);
const NOMINAL_LEFT = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM']);

/** "Israeli tank shelling", "the shelling of": a gerund used as a noun. */
function nominalGerund(v: SentenceView, i: number): boolean {
  const t = v.tokens[i];
  if (t.pos !== 'VERB' || !t.lower.endsWith('ing') || i === 0) return false;
  const prev = v.tokens[i - 1];
  if (NOMINAL_LEFT.has(prev.pos) || v.mentionAt[i - 1] >= 0) return true;
  // "because of fighting between A and B", "days of shelling": after "of", a gerund with no object names
  // the act ("the process of returning the gorillas" has one: a verb)
  if (prev.lower !== 'of') return false;
  const next = i + 1 < v.tokens.length ? v.tokens[i + 1].pos : 'PUNCT';
  return next === 'ADP' || next === 'PUNCT' || next === 'CCONJ' || next === 'SCONJ';
}

/** "the exiled dissidents", "two detained journalists": a participle used as an adjective. */
function adjectivalParticiple(v: SentenceView, i: number): boolean {
  if (i === 0 || i + 1 >= v.tokens.length) return false;
  const prev = v.tokens[i - 1].pos;
  const next = v.tokens[i + 1].pos;
  if (next !== 'NOUN' && next !== 'PROPN') return false;
  // "met with exiled dissidents": no finite verb follows a preposition
  return (
    prev === 'DET' || prev === 'NUM' || prev === 'ADJ' || (prev === 'ADP' && v.tokens[i].lower.endsWith('ed'))
  );
}

function modifierParticiple(v: SentenceView, j: number): boolean {
  if (j + 1 >= v.tokens.length || !v.tokens[j].lower.endsWith('ed')) return false;
  const next = v.tokens[j + 1].pos;
  const prev = v.tokens[j - 1].pos;
  return (
    (next === 'NOUN' || next === 'ADJ' || next === 'PROPN') &&
    (prev === 'VERB' || prev === 'DET' || prev === 'ADJ' || prev === 'NUM' || prev === 'ADP')
  );
}

/** "Kenya was pressured by the US": a participle the tagger took for an adjective, in a passive with "by". */
function passiveAdjective(v: SentenceView, i: number): boolean {
  const t = v.tokens[i];
  if (t.pos !== 'ADJ' || !t.lower.endsWith('ed') || !isPassive(v, i)) return false;
  for (let j = i + 1; j < v.tokens.length && j <= i + 2; j++) {
    if (v.tokens[j].lower === 'by') return true;
    if (v.tokens[j].pos !== 'ADV') return false;
  }
  return false;
}

const OBJECT_START = new Set(['DET', 'PROPN', 'NUM', 'PRON']);
const VERB_PARTICLES = new Set(['up', 'down', 'off', 'out', 'back']);

/**
 * "Washington pressured Germany", "police rounded up migrants": a past tense the tagger took for an
 * adjective, standing where the finite verb must be: right after the subject actor (or pronoun) and
 * before an object (determiner, name, number, pronoun, actor) or a verb particle, or after any noun and
 * before "that".
 */
function finiteAdjective(v: SentenceView, i: number): boolean {
  const t = v.tokens[i];
  if (!t.lower.endsWith('ed') || i === 0 || i + 1 >= v.tokens.length) return false;
  const prev = v.tokens[i - 1];
  const next = v.tokens[i + 1];
  // "the report alleged that ...": between a noun and a complementiser the word is the finite verb
  if (next.lower === 'that' && next.pos === 'SCONJ' && (prev.pos === 'NOUN' || prev.pos === 'PROPN'))
    return true;
  if (v.mentionAt[i - 1] < 0 && prev.pos !== 'PRON') return false;
  return OBJECT_START.has(next.pos) || v.mentionAt[i + 1] >= 0 || VERB_PARTICLES.has(next.lower);
}

/**
 * "arms deliveries", "hunger strike": the trigger noun and the phrase's next word form a compound that ends
 * the noun group (not "the war crimes court").
 */
function compoundPhrase(v: SentenceView, i: number, p: Pattern): boolean {
  const n = v.tokens.length;
  // "swapped prisoners": a verb the tagger took for a noun
  if (p.phrase.length < 2 || i + 1 >= n || v.tokens[i].lower.endsWith('ed')) return false;
  const next = v.tokens[i + 1];
  if (next.pos !== 'NOUN' || v.mentionAt[i + 1] >= 0 || !tokenMatches(v, i + 1, p.phrase[1])) return false;
  return i + 2 >= n || v.tokens[i + 2].pos !== 'NOUN' || v.mentionAt[i + 2] >= 0;
}

function posOk(v: SentenceView, i: number, p: Pattern): boolean {
  const pos = v.tokens[i].pos;
  if (p.pos === 'verb') {
    // a word inside an actor mention ("Ukrainian forces", "the Defence Ministry") is never its verb
    if (v.mentionAt[i] >= 0) return false;
    if (pos === 'VERB') return !nominalGerund(v, i) && !adjectivalParticiple(v, i);
    // "would free 150 prisoners", "to free": after a modal or an infinitive marker the word is a verb
    if ((pos === 'ADJ' || pos === 'NOUN') && i > 0 && (afterModal(v, i) || afterPerfect(v, i))) return true;
    if (pos === 'ADJ') return passiveAdjective(v, i) || finiteAdjective(v, i);
    // a verb the tagger took for a noun right after its subject ("Iran and Russia share common views")
    if (pos !== 'NOUN' || i === 0 || i + 1 >= v.tokens.length || v.mentionAt[i - 1] < 0) return false;
    return VERB_AFTER_SUBJECT_NEXT.has(v.tokens[i + 1].pos) || VERB_PARTICLES.has(v.tokens[i + 1].lower);
  }
  // a noun modifying another noun is not the event ("the war crimes court", "aid workers")
  if (i + 1 < v.tokens.length && v.tokens[i + 1].pos === 'NOUN' && v.mentionAt[i + 1] < 0)
    return compoundPhrase(v, i, p);
  return pos === 'NOUN' || (pos === 'PROPN' && v.mentionAt[i] < 0) || nominalGerund(v, i);
}

function mentionHasCountry(v: SentenceView, k: number): boolean {
  for (const a of v.mentions[k].actors) if (a.code !== '' && !a.code.startsWith('---')) return true;
  return false;
}

/** "have retaken", "has besieged": a participle after the perfect auxiliary is the verb, whatever its tag. */
function afterPerfect(v: SentenceView, i: number): boolean {
  const w = v.tokens[i].lower;
  if (!w.endsWith('ed') && !w.endsWith('en')) return false;
  let j = i - 1;
  while (j > 0 && v.tokens[j].pos === 'ADV') j--;
  return v.tokens[j].pos === 'AUX' && v.lemmas[j] === 'have';
}

/**
 * "the militant group that has seized parts of Iraq", "the rebels, who have attacked convoys": a present
 * perfect in a relative clause describes its antecedent by what it has done over time; it is not an event
 * of the news, and has no date to code it with.
 */
function presentPerfectRelative(v: SentenceView, i: number): boolean {
  if (v.tokens[i].pos !== 'VERB' || v.segments[v.segOf[i]].kind !== 'rel') return false;
  for (let j = groupStart(v, i); j < i; j++) {
    const w = v.tokens[j].lower;
    if (v.tokens[j].pos === 'AUX' && (w === 'has' || w === 'have' || w === "'ve")) return true;
  }
  return false;
}

function afterModal(v: SentenceView, i: number): boolean {
  const prev = v.tokens[i - 1];
  const lower = prev.lower;
  if (prev.pos === 'PART' && lower === 'to') return true;
  return prev.pos === 'AUX' && (FUTURE_AUX.has(lower) || HYPOTHETICAL_MODALS.has(lower));
}

const PHRASE_PREPS = new Set([
  'with',
  'to',
  'on',
  'for',
  'against',
  'from',
  'in',
  'at',
  'into',
  'over',
  'about',
  'by',
  'of',
  'upon',
]);

const prepWords = new WeakMap<readonly string[], boolean>();
function isPrepWord(alts: readonly string[]): boolean {
  let r = prepWords.get(alts);
  if (r === undefined) {
    r = alts.every((w) => PHRASE_PREPS.has(w));
    prepWords.set(alts, r);
  }
  return r;
}

/**
 * "New sanctions were imposed on Y", "aid was sent to Y": in a passive the object noun of a two-word verb
 * phrase stands before the verb, heading its subject noun group.
 */
function passivePhraseNoun(v: SentenceView, i: number, p: Pattern): number {
  // cheap tests first: this runs for every two-word phrase that fails forwards
  if (p.pos !== 'verb' || p.phrase.length !== 2 || i === 0) return -1;
  const before = v.tokens[i - 1].pos;
  if (before !== 'AUX' && before !== 'ADV' && before !== 'PART' && before !== 'VERB') return -1;
  if (isPrepWord(p.phrase[1]) || !isPassive(v, i)) return -1;
  for (let j = groupStart(v, i) - 1; j >= 0 && j >= i - 8; j--) {
    const t = v.tokens[j];
    // (a capitalised first word may be tagged a proper noun: "Evidence against X was presented")
    if (
      (t.pos === 'NOUN' || (j === 0 && t.pos === 'PROPN')) &&
      v.mentionAt[j] < 0 &&
      tokenMatches(v, j, p.phrase[1])
    )
      return j;
    // the noun's own complement ("sanctions against Iran were imposed by X"; only with an agent, or the
    // noun is better coded on its own: "talks with Y being held in Abuja")
    if (v.mentionAt[j] >= 0) {
      if (!byFollows(v, i)) break;
      j = v.mentions[v.mentionAt[j]].token_start;
      continue;
    }
    if (t.pos === 'ADP' && p.target.includes(t.lower)) continue;
    if (t.pos !== 'ADJ' && t.pos !== 'DET' && t.pos !== 'NUM' && t.pos !== 'NOUN' && t.pos !== 'PROPN') break;
  }
  return -1;
}

/** "by" right after the verb at i (adverbs aside). */
function byFollows(v: SentenceView, i: number): boolean {
  let j = i + 1;
  while (j < v.tokens.length && v.tokens[j].pos === 'ADV') j++;
  return j < v.tokens.length && v.tokens[j].lower === 'by';
}

/** "sanctions against Iran were imposed": the actor in the fronted noun's complement, by an allowed preposition. */
function frontedTarget(v: SentenceView, m: Match): number[] {
  const noun = m.tokens[m.tokens.length - 1];
  for (let j = noun + 1; j < m.trigger; j++) {
    const k = v.mentionAt[j];
    if (k >= 0 && j > 0 && v.tokens[j - 1].pos === 'ADP' && m.pattern.target.includes(v.tokens[j - 1].lower))
      return conjRight(v, k);
  }
  return [];
}

/** Match the rest of a phrase after its trigger: each lemma within MAX_GAP tokens of the previous. */
function matchPhrase(v: SentenceView, i: number, p: Pattern): number[] | null {
  const out = [i];
  let cur = i;
  const n = v.tokens.length;
  for (let k = 1; k < p.phrase.length; k++) {
    let found = -1;
    let gap = 0;
    // a preposition of the phrase ("agree with", "call on") belongs to the trigger: no verb in between
    // ("agreed to resume talks with Y" is no "agree with")
    const prepWord = isPrepWord(p.phrase[k]);
    for (let j = cur + 1; j < n && gap <= MAX_GAP; j++) {
      // "seizing a woman and holding a man": a coordinated verb is no word of the phrase
      if (v.tokens[j].pos === 'CCONJ' && j + 1 < n && v.tokens[j + 1].pos === 'VERB') break;
      if (tokenMatches(v, j, p.phrase[k])) {
        found = j;
        break;
      }
      const t = v.tokens[j];
      // the hyphen of a compound modifier is no clause break ("called off a four-day strike")
      if (t.text === '-' && inCompound(v, j - 1) && j + 1 < n && v.tokens[j + 1].start === t.end) continue;
      if (t.pos === 'PUNCT' || CLAUSE_PUNCT.has(t.text) || (t.pos === 'VERB' && (gap > 1 || prepWord))) break;
      // an actor in the gap counts as one word ("engaged Filipino peacekeepers in a firefight")
      const mk = v.mentionAt[j];
      if (mk < 0 || v.mentions[mk].token_start === j) gap++;
    }
    if (found < 0) {
      const before = k === 1 ? passivePhraseNoun(v, i, p) : -1;
      if (before < 0) return null;
      out.push(before);
      return out;
    }
    out.push(found);
    cur = found;
  }
  return out;
}

/** Cheap prefilter: does any noun or verb of the sentence start a pattern? */
function mayTrigger(sentence: Sentence, patterns: PatternSet): boolean {
  const map = patterns.byTrigger;
  for (const t of sentence.tokens) {
    if (t.pos !== 'VERB' && t.pos !== 'NOUN' && t.pos !== 'PROPN' && t.pos !== 'ADJ') continue;
    if (t.pos === 'ADJ' && !t.lower.endsWith('ed')) continue;
    if (map.has(t.lower) || (t.lemma !== t.lower && map.has(t.lemma))) return true;
    if (t.lemma !== t.lower && t.lemma.charCodeAt(0) < 97 && map.has(t.lemma.toLowerCase())) return true;
    const w = t.lower;
    const n = w.length;
    if (n < 4) continue;
    const last = w.charCodeAt(n - 1);
    // only inflected forms (-s, -d, -g, -n) can hide a trigger from the lemmatiser
    if (last !== 115 && last !== 100 && last !== 103 && last !== 110) continue;
    if (n > 5 && w.endsWith('en') && (map.has(w.slice(0, -1)) || map.has(w.slice(0, -2)))) return true;
    if (n > 4 && w.endsWith('ed') && (map.has(w.slice(0, -1)) || map.has(w.slice(0, -2)))) return true;
    if (n > 5 && w.endsWith('ing') && (map.has(w.slice(0, -3)) || map.has(`${w.slice(0, -3)}e`))) return true;
    if (n > 3 && w.endsWith('s') && map.has(w.slice(0, -1))) return true;
    if (n > 4 && w.endsWith('es') && map.has(w.slice(0, -2))) return true;
    if (n > 4 && w.endsWith('ies') && map.has(`${w.slice(0, -3)}y`)) return true;
  }
  return false;
}

const NO_LISTS: readonly (readonly Pattern[])[] = [];

/** The pattern lists token i may trigger: its lemma's first, then its other forms ("staged" -> "stage"). */
function triggerLists(v: SentenceView, i: number, patterns: PatternSet): readonly (readonly Pattern[])[] {
  const first = patterns.byTrigger.get(v.lemmas[i]);
  const pos = v.tokens[i].pos;
  if (pos !== 'VERB' && pos !== 'NOUN' && pos !== 'PROPN' && pos !== 'ADJ') return first ? [first] : NO_LISTS;
  // (most tokens trigger nothing: no array for them; forms[0] is the lemma, looked up above)
  let lists: (readonly Pattern[])[] | null = first ? [first] : null;
  const forms = formsAt(v, i);
  for (let f = 1; f < forms.length; f++) {
    const l = patterns.byTrigger.get(forms[f]);
    if (l === undefined) continue;
    if (lists === null) lists = [l];
    else if (!lists.includes(l)) lists.push(l);
  }
  return lists ?? NO_LISTS;
}

/**
 * The shorter phrases that also match at a match's trigger, longest first: when the longest phrase finds
 * no target, a shorter one may ("called on Y to free the hostages" after "call for the release").
 */
export function shorterMatches(v: SentenceView, patterns: PatternSet, m: Match): Match[] {
  const out: Match[] = [];
  const len = m.pattern.phrase.length;
  for (const list of triggerLists(v, m.trigger, patterns))
    for (const p of list) {
      if (p.phrase.length >= len || !posOk(v, m.trigger, p)) continue;
      const toks = matchPhrase(v, m.trigger, p);
      if (toks) out.push({ pattern: p, trigger: m.trigger, tokens: toks });
    }
  return out.sort((a, b) => b.pattern.phrase.length - a.pattern.phrase.length);
}

export function findMatches(v: SentenceView, patterns: PatternSet): Match[] {
  const out: Match[] = [];
  const n = v.tokens.length;
  const consumed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (consumed[i]) continue;
    const lists = triggerLists(v, i, patterns);
    if (lists.length === 0) continue;
    // the second half of a hyphenated compound ("Israeli-occupied") is a modifier, not an event
    if (i > 0 && v.tokens[i - 1].text === '-' && v.tokens[i - 1].end === v.tokens[i].start) continue;
    let found: { p: Pattern; toks: number[] } | null = null;
    for (const list of lists) {
      for (const p of list) {
        if (!posOk(v, i, p)) continue;
        const toks = matchPhrase(v, i, p);
        // a noun already in an earlier event's phrase is not a compound of its own ("promised humanitarian aid")
        if (toks && !(p.pos === 'noun' && toks.length > 1 && consumed[toks[1]])) {
          found = { p, toks };
          break;
        }
      }
      if (found) break;
    }
    if (found) {
      const { p, toks } = found;
      // a passive's fronted object noun ("sanctions were imposed") is no event of its own
      if (toks[toks.length - 1] < i) {
        const noun = toks[toks.length - 1];
        for (let x = out.length - 1; x >= 0; x--) if (out[x].tokens.includes(noun)) out.splice(x, 1);
      }
      for (const t of toks) consumed[t] = 1;
      // the rest of the noun group after the phrase ("sent humanitarian aid") is part of it
      for (let j = toks[toks.length - 1] + 1; j < n && j <= toks[toks.length - 1] + 2; j++) {
        if (v.tokens[j].pos !== 'NOUN' || v.mentionAt[j] >= 0) break;
        consumed[j] = 1;
      }
      out.push({ pattern: p, trigger: i, tokens: toks });
    }
  }
  return out;
}

export interface Roles {
  sources: number[];
  targets: number[];
  /** "talks between A and B": a joint group. */
  between: number[];
  passive: boolean;
  /** The target was found inside a later phrase (lower confidence). */
  deep: boolean;
}

/**
 * The agent of an event noun with no possessive, adjective or "by" agent: the subject of the support
 * verb that governs it ("Iran held talks", "launched a strike"), or of the main clause when the noun sits
 * in a temporal phrase ("during a visit to Beirut"). Otherwise none: "the unrest in Iran" is nobody's act.
 */
function nounClauseAgent(v: SentenceView, i: number): number[] {
  const seg = v.segments[v.segOf[i]];
  let sawPrep: string | null = null;
  for (let j = i - 1; j >= seg.start && j >= i - 7; j--) {
    const t = v.tokens[j];
    if (v.mentionAt[j] >= 0) {
      // "held talks with X during a visit to Y": X is the object of the verb the temporal phrase hangs from
      if (sawPrep === null || !EVENT_NOUN_PREPS.has(sawPrep)) {
        // "arrived in Moscow for talks": a purpose after a place; after a direct object ("jailed Y for
        // protests", "thanked Y for its aid") the act is the object's
        if (sawPrep !== 'for') return [];
        if (validSubject(v, v.mentionAt[j])) return conjLeft(v, v.mentionAt[j]);
      }
      j = v.mentions[v.mentionAt[j]].token_start;
      continue;
    }
    if (t.pos === 'VERB' && !inCompound(v, j)) {
      if (sawPrep === null && LIGHT_VERBS.has(v.lemmas[j])) return subjectOf(v, j);
      // "civilians were killed in a bombing": a passive's subject suffered the act, it did not do it
      if (sawPrep !== null && EVENT_NOUN_PREPS.has(sawPrep)) return isPassive(v, j) ? [] : subjectOf(v, j);
      // "flew to Kabul for talks": the purpose of an intransitive verb's subject
      if (sawPrep === 'for' && !v.lemmas[j].endsWith('ing')) return subjectOf(v, j);
      return [];
    }
    // "an investigation of arms sales to Y": the event is the topic of another noun, nobody's act here
    if (sawPrep === null && t.lower === 'of' && j > 0 && lexicon.TOPIC_NOUNS.has(v.lemmas[j - 1])) return [];
    // "prisoners are on hunger strike", "the army is on the offensive": the subject is in the act
    if (t.pos === 'AUX' && v.lemmas[j] === 'be' && sawPrep === 'on') return subjectOf(v, j);
    // the preposition nearest the noun decides ("held talks with X during a visit": during)
    if (
      (t.pos === 'ADP' || t.pos === 'SCONJ') &&
      (sawPrep === null || (!EVENT_NOUN_PREPS.has(sawPrep) && sawPrep !== 'for'))
    )
      sawPrep = t.lower;
  }
  if (sawPrep !== null && EVENT_NOUN_PREPS.has(sawPrep)) {
    // "..., during a surprise visit to Beirut": the subject of the nearest verb before it
    // ("held talks with the visiting X during a visit to Y": the verb may be further back in the clause)
    for (let j = i - 1; j >= 0; j--)
      if (v.tokens[j].pos === 'VERB' && !inCompound(v, j)) return subjectOf(v, j);
  }
  return [];
}

/** The target of a match: scan right for an actor introduced as the pattern allows. */
const NOUN_COMPLEMENT_PREPS = new Set(['of', 'with', 'from']);
const DEEP_PREPS = new Set(['in', 'of', 'at']);
/** Particles of phrasal verbs ("beat up", "forced out", "called off"): right after the verb, not prepositions. */
const PARTICLES = new Set(['up', 'out', 'off', 'down', 'away', 'back']);
/** Prepositions that quantify a number after them ("up to 16", "more than 200", "at least 8", "about 300"). */
const QUANTIFIERS = new Set([
  'up',
  'to',
  'about',
  'around',
  'over',
  'under',
  'than',
  'at',
  'nearly',
  'almost',
]);

/** "up to 16 Russian advisers", "at least eight people": the preposition at j quantifies a number. */
function quantifierAt(v: SentenceView, j: number): boolean {
  if (!QUANTIFIERS.has(v.tokens[j].lower)) return false;
  for (let x = j + 1; x < v.tokens.length && x <= j + 2; x++) {
    const t = v.tokens[x];
    if (t.pos === 'NUM') return true;
    if (!(QUANTIFIERS.has(t.lower) || t.lower === 'least' || t.lower === 'most')) return false;
  }
  return false;
}

/** "Serbia's": a mention followed by a possessive ending. */
function possessive(v: SentenceView, k: number): boolean {
  const e = v.mentions[k].token_end;
  const t = e < v.tokens.length ? v.tokens[e].lower : '';
  return t === "'s" || t === '’s' || t === "'";
}

/** "flood-hit", "US-led", "war-torn": a word in a hyphenated compound modifier, not a clause's verb. */
function inCompound(v: SentenceView, j: number): boolean {
  const t = v.tokens[j];
  const next = j + 1 < v.tokens.length ? v.tokens[j + 1] : null;
  const prev = j > 0 ? v.tokens[j - 1] : null;
  return (
    (next !== null && next.text === '-' && next.start === t.end) ||
    (prev !== null && prev.text === '-' && prev.end === t.start)
  );
}

/**
 * A comma between bare nouns of a list closed by "and"/"or" ("artillery, mortar, and rocket fire"),
 * not one before another phrase ("killing 20 people, relief officials said").
 */
function listComma(v: SentenceView, j: number): boolean {
  const n = v.tokens.length;
  if (j === 0 || v.tokens[j - 1].pos !== 'NOUN') return false;
  for (let k = j + 1; k < n && k <= j + 8; k++) {
    const t = v.tokens[k];
    if (v.mentionAt[k] >= 0) return false;
    if (t.pos === 'CCONJ') return k + 1 < n && v.tokens[k + 1].pos === 'NOUN' && v.mentionAt[k + 1] < 0;
    if (t.pos !== 'NOUN' && t.text !== ',') return false;
  }
  return false;
}

/** "on Wednesday", "last month": the last token of a date expression starting at token j, or -1. */
function dateEnd(v: SentenceView, j: number): number {
  const dates = v.sentence.dates;
  if (dates.length === 0) return -1;
  const at = v.tokens[j].start;
  // the expression may or may not include its preposition ("on Wednesday")
  const next = v.tokens[j].pos === 'ADP' && j + 1 < v.tokens.length ? v.tokens[j + 1].start : -1;
  for (const d of dates) {
    if (d.start !== at && d.start !== next) continue;
    let e = j;
    while (e + 1 < v.tokens.length && v.tokens[e + 1].start < d.end) e++;
    return e;
  }
  return -1;
}

/** The index of the ")" closing a short parenthesis opened at j ("(UCF)", "(APEC)"), or -1. */
function parenthesisEnd(v: SentenceView, j: number): number {
  if (v.tokens[j].text !== '(') return -1;
  for (let x = j + 1; x < v.tokens.length && x <= j + 8; x++) if (v.tokens[x].text === ')') return x;
  return -1;
}

function findTarget(
  v: SentenceView,
  m: Match,
  triggers: ReadonlyMap<number, unknown> | ReadonlySet<number>,
): { targets: number[]; between: number[]; deep: boolean } {
  const p = m.pattern;
  const n = v.tokens.length;
  const inPhrase = new Set(m.tokens);
  let lastPrep: string | null = null;
  let seenNoun = false;
  let allowedSeen = false;
  let inf = false;
  const phraseEnd = m.tokens[m.tokens.length - 1];
  const phraseNoun = m.tokens.length > 1 && phraseEnd > m.trigger && v.tokens[phraseEnd].pos === 'NOUN';
  for (let j = m.trigger + 1; j < n; j++) {
    // "(UCF)", "(APEC)": a short parenthesis does not end the clause
    const close = parenthesisEnd(v, j);
    if (close > 0) {
      j = close;
      continue;
    }
    if (inPhrase.has(j)) {
      // a preposition inside the phrase ("travel to", "call on") introduces the target
      const pt = v.tokens[j];
      lastPrep = pt.pos === 'ADP' || (pt.pos === 'PART' && pt.lower === 'to') ? pt.lower : null;
      if (lastPrep !== null && p.target.includes(lastPrep)) allowedSeen = true;
      continue;
    }
    const t = v.tokens[j];
    const k = v.mentionAt[j];
    // "a government-held part of Y": a group of unknown country inside a hyphenated modifier is not the
    // object ("US-led forces", "rebel-held" with a country, are still whose forces and territory they are)
    if (k >= 0 && inCompound(v, v.mentions[k].token_end - 1) && !mentionHasCountry(v, k)) {
      j = v.mentions[k].token_end - 1;
      continue;
    }
    // "withdrew its troops from Y", "deployed their forces in Y": the phrase's own noun owned by the subject
    // is what the act moves, not whom it is done to
    if (
      k >= 0 &&
      phraseEnd >= v.mentions[k].token_start &&
      phraseEnd < v.mentions[k].token_end &&
      lexicon.SUBJECT_POSSESSIVES.has(v.tokens[v.mentions[k].token_start].lower)
    ) {
      j = v.mentions[k].token_end - 1;
      continue;
    }
    if (k >= 0) {
      // "shelled the regional capital Juba": a name right after its head noun stands in apposition to it
      const appositive = j > 0 && v.tokens[j - 1].pos === 'NOUN' && v.mentionAt[j - 1] < 0;
      let rel = lastPrep ?? (seenNoun && p.pos === 'verb' && !appositive ? 'obj-late' : 'obj');
      // "denounced as an ugly crime Serbia's crackdown": a possessor right after a noun opens a new noun
      // phrase, the verb's shifted object, whatever preposition came before the first one
      if (p.pos === 'verb' && lastPrep === 'as' && appositive && possessive(v, k)) rel = 'obj';
      // the actor inside the object's complement: "endorsed an agreement with the EU", "the policy of Israel"
      // (the phrase's own noun too, with "of": "called for the withdrawal of Syrian forces")
      if (
        (seenNoun || (lastPrep === 'of' && phraseNoun)) &&
        lastPrep !== null &&
        NOUN_COMPLEMENT_PREPS.has(lastPrep) &&
        p.target.includes('obj')
      )
        rel = 'obj';
      // the phrase's own last word heads the actor ("raided the offices of a Kurdish newspaper" with
      // "raid … newspaper"): that actor is the phrase's object
      const km = v.mentions[k];
      if (
        lastPrep !== null &&
        NOUN_COMPLEMENT_PREPS.has(lastPrep) &&
        phraseEnd >= km.token_start &&
        phraseEnd < km.token_end &&
        p.target.includes('obj')
      )
        rel = 'obj';
      if (rel === 'between' && p.target.includes('between'))
        return { targets: [], between: conjRight(v, k), deep: false };
      if (p.target.includes(rel)) return { targets: conjRight(v, k), between: [], deep: false };
      // "claimed responsibility for an attack ... in Kenya": an allowed preposition's object located in X
      if (allowedSeen && lastPrep !== null && DEEP_PREPS.has(lastPrep))
        return { targets: conjRight(v, k), between: [], deep: true };
      j = v.mentions[k].token_end - 1;
      continue;
    }
    // "forced out on Wednesday more than 1,000 refugees": a date is no preposition's object
    const dateTo = dateEnd(v, j);
    if (dateTo >= j) {
      j = dateTo;
      continue;
    }
    // inside the phrase's span ("promised to continue military aid to X") nothing ends the clause
    if (j < phraseEnd) {
      if (t.pos === 'ADP' || (t.pos === 'PART' && t.lower === 'to')) lastPrep = t.lower;
      continue;
    }
    // "launched artillery, mortar and rocket fire against Y": a comma inside a list of nouns goes on
    if (t.text === ',' && listComma(v, j)) continue;
    if (CLAUSE_PUNCT.has(t.text) || t.text === '.') break;
    // "threatened to resume attacks in Israel": with `inf`, the target may sit in an infinitive complement
    // (unless the infinitive is an event of its own: "threatened to strike Iran" is coded as intent)
    if (
      t.pos === 'VERB' &&
      p.target.includes('inf') &&
      !inf &&
      !triggers.has(j) &&
      v.tokens[j - 1].lower === 'to'
    ) {
      inf = true;
      lastPrep = null;
      seenNoun = false;
      continue;
    }
    // a participle modifying the object ("rejected proposed Israeli changes") does not end the clause
    if (t.pos === 'VERB' && !inPhrase.has(j) && !modifierParticiple(v, j) && !inCompound(v, j)) {
      // "responsibility for an attack targeting civilians at a mall in Kenya": a participle after the
      // object's noun qualifies it; only a place further on may still be reached (the deep rule)
      if (allowedSeen && t.lower.endsWith('ing') && v.tokens[j - 1].pos === 'NOUN') {
        lastPrep = null;
        continue;
      }
      break;
    }
    // "demanded that Israel ease restrictions": the complement's subject is the target
    if (t.lower === 'that' && t.pos === 'SCONJ' && p.target.includes('that') && lastPrep !== 'that') {
      lastPrep = 'that';
      allowedSeen = false;
      continue;
    }
    if (t.pos === 'SCONJ' || RELATIVISERS.has(t.lower)) break;
    if (t.pos === 'ADP' || (t.pos === 'PART' && t.lower === 'to')) {
      // "beat up Palestinian detainees", "kidnapped up to 16 advisers": a particle or quantifier
      if ((j === phraseEnd + 1 && PARTICLES.has(t.lower) && p.pos === 'verb') || quantifierAt(v, j)) continue;
      lastPrep = t.lower;
      if (p.target.includes(lastPrep) && lastPrep !== 'between') allowedSeen = true;
    } else if (t.pos === 'NOUN') seenNoun = true;
  }
  return { targets: [], between: [], deep: false };
}

/** Words that state what a protest is against ("to demand", "in protest of", "calling for"). */
const PROTEST_AIMS = new Set([
  'protest',
  'demand',
  'press',
  'denounce',
  'call',
  'oppose',
  'condemn',
  'urge',
  'against',
]);

/** The first actor after the protest's stated aim, in the rest of the sentence. */
function purposeTarget(v: SentenceView, from: number): number[] {
  const n = v.tokens.length;
  let aim = false;
  for (let j = from + 1; j < n; j++) {
    const k = v.mentionAt[j];
    if (k >= 0) {
      if (aim) return conjRight(v, k);
      j = v.mentions[k].token_end - 1;
      continue;
    }
    if (v.tokens[j].text === ';') break;
    if (PROTEST_AIMS.has(v.lemmas[j])) aim = true;
  }
  return [];
}

/** Possessive or adjectival actor right before a noun trigger ("Araghchi's visit", "Israeli strike"). */
function nounAgentLeft(v: SentenceView, i: number): number[] {
  let j = i - 1;
  let steps = 0;
  while (j >= 0 && steps < 4) {
    const k = v.mentionAt[j];
    if (k >= 0) return conjLeft(v, k);
    const t = v.tokens[j];
    if (t.lower === "'s" || t.lower === '’s' || t.lower === "'") {
      j--;
      continue;
    }
    // "US Predator attacks", "its long-threatened invasion": modifiers between the agent and the noun
    if (
      t.pos === 'ADJ' ||
      t.pos === 'NOUN' ||
      t.pos === 'PROPN' ||
      t.pos === 'ADV' ||
      t.pos === 'NUM' ||
      t.text === '-' ||
      inCompound(v, j)
    ) {
      j--;
      steps++;
      continue;
    }
    break;
  }
  return [];
}

/**
 * The reporter is the one the reported act was done to, named as such (not a sector placed by context,
 * as in "medics said"): its report of the act accuses whoever did it.
 */
function victimReport(
  v: SentenceView,
  reporter: { speaker: readonly number[]; verb: number },
  targets: readonly number[],
  attributed: ActorRef,
): boolean {
  const { speaker, verb } = reporter;
  if (speaker.some((k) => v.mentions[k].confidence !== undefined)) return false;
  // only a reporter named right before its verb: after a trailing "..., the military said" the nearest actor
  // to the left of "said" is often one of the report's own
  const last = speaker[speaker.length - 1];
  if (
    last === undefined ||
    v.mentions[last].token_end + 3 < groupStart(v, verb) ||
    v.mentions[last].token_end > verb
  )
    return false;
  const key = actorKey(attributed);
  return actorsOf(v, targets).some((a) => actorKey(a) === key);
}

/** Roots whose passive act without an agent comes from where it was launched ("fired at Y from Gaza"): assault, fight, mass violence. */
const ORIGIN_ROOTS = new Set(['18', '19', '20']);
/** Roots whose act is directed at the place where it happens when no target is named: protest, force posture, coercion, assault, fight, mass violence. */
const PLACE_TARGET_ROOTS = new Set(['14', '15', '17', '18', '19', '20']);
const PLACE_PREPS: readonly string[] = ['in', 'inside', 'into'];

/** The state named as the place of the act, right after it ("in Alaska", "in the east of the Gaza Strip"). */
function placeTarget(v: SentenceView, m: Match, matchAt: ReadonlyMap<number, Match>): number[] {
  const pseudo: Match = { ...m, pattern: { ...m.pattern, target: PLACE_PREPS } };
  const found = findTarget(v, pseudo, matchAt).targets;
  if (found.length === 0) return [];
  // "aid to Albanian rebels in Macedonia": a place after another actor is where that actor is
  for (let j = m.tokens[m.tokens.length - 1] + 1; j < v.mentions[found[0]].token_start; j++)
    if (v.mentionAt[j] >= 0) return [];
  return found.filter((k) => v.mentions[k].kind === 'state' || v.mentions[k].location === true);
}

/** Where an infinitive complement that is no event of its own may name the target ("agreed to set up a centre in Tokyo"). */
const CHAIN_TARGETS: readonly string[] = ['obj', 'to', 'on', 'against', 'with', 'for'];

/**
 * A verb chain ("refused to deploy troops in Iraq", "promised to rebuild schools in Gaza"): the governing
 * verb's target is the infinitive's. The infinitive's own pattern says where it is; an infinitive that is
 * coded as intent ("vowed to strike Iran") carries the target itself.
 */
function chainTarget(
  v: SentenceView,
  m: Match,
  matchAt: ReadonlyMap<number, Match>,
  intent: IntentRules | null,
): number[] {
  // a protest's purpose names what it is against ("blocked a road to show their anger at Y")
  // the verb the infinitive hangs from: the phrase's last verb ("agreed to cooperate to encourage Y": cooperate)
  const last = m.tokens[m.tokens.length - 1];
  const governor = v.tokens[last].pos === 'VERB' ? last : m.trigger;
  if (!CHAIN_VERBS.has(v.lemmas[governor]) && !m.pattern.code.startsWith('14')) return [];
  let j = last + 1;
  // the phrase may end with the "to" itself ("agree to")
  if (v.tokens[last].lower !== 'to') {
    while (j < v.tokens.length && v.tokens[j].pos === 'ADV') j++;
    if (j + 1 >= v.tokens.length || v.tokens[j].lower !== 'to' || v.tokens[j].pos !== 'PART') return [];
    j++;
  }
  while (j < v.tokens.length && v.tokens[j].pos === 'ADV') j++;
  if (j >= v.tokens.length || v.tokens[j].pos !== 'VERB') return [];
  const inner = matchAt.get(j);
  if (inner !== undefined) {
    if (inner.pattern.pos !== 'verb' || (intent !== null && intentOf(v, inner, intent) !== null)) return [];
    return findTarget(v, inner, matchAt).targets;
  }
  const pseudo: Match = { pattern: { ...m.pattern, target: CHAIN_TARGETS }, trigger: j, tokens: [j] };
  return findTarget(v, pseudo, matchAt).targets;
}

export function findRoles(
  v: SentenceView,
  m: Match,
  matchAt: ReadonlyMap<number, Match>,
  intent: IntentRules | null = null,
): Roles {
  const p = m.pattern;
  const i = m.trigger;
  let { targets, between, deep } = findTarget(v, m, matchAt);
  if (targets.length === 0 && between.length === 0 && p.pos === 'verb') {
    targets = chainTarget(v, m, matchAt, intent);
    if (targets.length > 0) deep = true;
  }
  if (targets.length === 0 && between.length === 0 && (p.code.startsWith('14') || p.code.startsWith('15'))) {
    // "staged rallies to demand reforms by President X", "began a hunger strike in protest of X's decision";
    // a show of force likewise ("mobilised reserves for a war against Y")
    const aim = purposeTarget(v, m.tokens[m.tokens.length - 1]);
    if (aim.length > 0) {
      targets = aim;
      deep = true;
    }
  }
  if (targets.length === 0 && between.length === 0 && PLACE_TARGET_ROOTS.has(p.code.slice(0, 2))) {
    // "shelling in the east of the Gaza Strip", "exercises in Alaska": force used, or shown, in a place
    // is directed at the place's state when no one else is named
    const place = placeTarget(v, m, matchAt);
    if (place.length > 0) {
      targets = place;
      deep = true;
    }
  }
  if (p.pos === 'noun') {
    let agent = nounAgentLeft(v, i);
    if (agent.length === 0) agent = byAgent(v, m.tokens[m.tokens.length - 1], 4, true);
    if (p.agentIsTarget) {
      const tgt = agent.length > 0 ? agent : targets;
      const src = speakerOrSubject(v, i).filter((k) => !tgt.includes(k));
      return { sources: src, targets: tgt, between: [], passive: false, deep };
    }
    if (agent.length === 0 && between.length === 0) agent = nounClauseAgent(v, i);
    return {
      sources: agent,
      targets: targets.filter((k) => !agent.includes(k)),
      between,
      passive: false,
      deep,
    };
  }
  // verbs
  const adjunctPatient = adjunctPassivePatient(v, i);
  if (adjunctPatient >= 0) {
    const agent = byAgent(v, m.tokens[m.tokens.length - 1]);
    return { sources: agent, targets: conjLeft(v, adjunctPatient), between, passive: true, deep };
  }
  // "spoke by telephone with", "stood by": a "by" of the phrase itself is no passive's agent
  const phraseBy = m.tokens.some((t) => v.tokens[t].lower === 'by');
  if (isPassive(v, i) || (!phraseBy && isReducedPassive(v, i))) {
    let agent = byAgent(v, Math.max(i, m.tokens[m.tokens.length - 1]));
    if (agent.length === 0 && ORIGIN_ROOTS.has(p.code.slice(0, 2)))
      agent = originAgent(v, Math.max(i, m.tokens[m.tokens.length - 1]));
    const reduced = !isPassive(v, i);
    let patient = reduced ? [] : subjectOf(v, i);
    // "a camp for Congolese refugees was attacked", "the convoy of the Kenyan envoy was ambushed": the actor
    // inside the subject's complement is who the act was done to
    if (!reduced && patient.length === 0) patient = subjectComplement(v, i);
    if (m.tokens[m.tokens.length - 1] < i) {
      const fronted = frontedTarget(v, m);
      if (fronted.length > 0) patient = fronted;
    }
    if (reduced) {
      const k = v.mentionAt[i - 1] >= 0 ? v.mentionAt[i - 1] : -1;
      if (k >= 0) patient = conjLeft(v, k);
    }
    const tgt = patient.length > 0 ? patient : targets.filter((k) => !agent.includes(k));
    return { sources: agent, targets: tgt, between, passive: true, deep };
  }
  const subject = subjectOf(v, i);
  return {
    sources: subject,
    targets: targets.filter((k) => !subject.includes(k)),
    between,
    passive: false,
    deep,
  };
}

const SUBJECT_COMPLEMENT_PREPS = new Set(['of', 'for']);

/** The actor in an of/for complement of the passive verb's subject ("a camp for Congolese refugees was ..."). */
function subjectComplement(v: SentenceView, i: number): number[] {
  const seg = v.segments[v.segOf[i]];
  for (let j = groupStart(v, i) - 1; j >= seg.start; j--) {
    const t = v.tokens[j];
    if (t.pos === 'VERB' || t.pos === 'AUX') return [];
    const k = v.mentionAt[j];
    if (k < 0) continue;
    let p = v.mentions[k].token_start - 1;
    while (p >= 0 && (v.tokens[p].pos === 'DET' || v.tokens[p].pos === 'ADJ' || v.tokens[p].pos === 'NUM'))
      p--;
    if (p > seg.start && SUBJECT_COMPLEMENT_PREPS.has(v.tokens[p].lower) && v.tokens[p - 1].pos === 'NOUN')
      return conjLeft(v, k);
    return [];
  }
  return [];
}

function speakerOrSubject(v: SentenceView, i: number): number[] {
  for (const [s, speaker] of v.speech) if (s < i && speaker.length > 0) return speaker;
  const subj = subjectOf(v, i);
  if (subj.length > 0) return subj;
  for (const [, speaker] of v.speech) if (speaker.length > 0) return speaker;
  return [];
}

function governorOf(v: SentenceView, i: number): number {
  let j = i - 1;
  while (j >= 0 && v.tokens[j].pos === 'ADV') j--;
  if (j < 1 || v.tokens[j].lower !== 'to') return -1;
  j--;
  while (j >= 0 && (v.tokens[j].pos === 'ADV' || v.tokens[j].lower === 'not')) j--;
  // a noun may govern too ("reached a consensus to exchange data", "an offer to host talks"): whether it
  // states intent is the intent table's word list
  return j >= 0 && (v.tokens[j].pos === 'VERB' || (v.tokens[j].pos === 'NOUN' && v.mentionAt[j] < 0))
    ? j
    : -1;
}

function lookupPrefix(map: ReadonlyMap<string, string>, code: string): string | null {
  return map.get(code) ?? map.get(code.slice(0, 3)) ?? map.get(code.slice(0, 2)) ?? null;
}

/** The intent code for an event code, when the governor (or none: a stated future) allows it. */
function intentCode(rules: IntentRules, code: string, governor: string | null): string | null {
  // which categories have an intent code is the data's choice: a root with no entry keeps its code
  if (governor === null && rules.governedOnly.has(code.slice(0, 2))) return null;
  const root = Number(code.slice(0, 2));
  if (root <= 8 && (governor === null || rules.cooperativeGovernors.has(governor)))
    return lookupPrefix(rules.cooperative, code);
  if (root >= 9 && (governor === null || rules.hostileGovernors.has(governor)))
    return lookupPrefix(rules.hostile, code);
  return null;
}

function intentOf(v: SentenceView, m: Match, rules: IntentRules): { code: string; governor: number } | null {
  if (m.pattern.pos !== 'verb') return null;
  const g = governorOf(v, m.trigger);
  if (g < 0) return null;
  const code = intentCode(rules, m.pattern.code, v.lemmas[g]);
  return code ? { code, governor: g } : null;
}

/** "will not", "would not", "won't" in the verb group of the trigger. */
function negatedFuture(v: SentenceView, i: number): boolean {
  let future = false;
  let not = false;
  for (let j = i - 1; j >= 0 && j >= i - 5; j--) {
    const t = v.tokens[j];
    if (FUTURE_AUX.has(t.lower) || t.lower === 'would') future = true;
    else if (t.lower === 'not' || t.lower === "n't" || t.lower === 'never') not = true;
    else if (t.pos !== 'AUX' && t.pos !== 'ADV' && t.pos !== 'PART') break;
  }
  return future && not;
}

/** "will", "would", "'ll" in the verb group of the trigger. */
function futureAux(v: SentenceView, i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    const t = v.tokens[j];
    if (FUTURE_AUX.has(t.lower) || t.lower === 'would') return true;
    if (t.pos !== 'AUX' && t.pos !== 'ADV' && t.pos !== 'PART') break;
  }
  return false;
}

/** "will", "would", "'ll" in the verb group of the trigger, or "is willing / ready to" before it. */
function statedFuture(v: SentenceView, i: number): boolean {
  if (futureAux(v, i)) return true;
  let j = i - 1;
  while (j >= 0 && v.tokens[j].pos === 'ADV') j--;
  if (j < 1 || v.tokens[j].lower !== 'to') return false;
  j--;
  while (j >= 0 && v.tokens[j].pos === 'ADV') j--;
  if (j < 1 || !COMMITMENT_WORDS.has(v.tokens[j].lower)) return false;
  // "is prepared to", not the verb "prepared to attend"
  j--;
  while (j >= 0 && v.tokens[j].pos === 'ADV') j--;
  return j >= 0 && v.lemmas[j] === 'be';
}

/** An if/unless clause after the clause of the trigger at i, which is not itself conditional. */
function conditionFollows(v: SentenceView, i: number): boolean {
  const own = v.segOf[i];
  if (CONDITIONALS.has(v.segments[own].opener)) return false;
  for (let s = own + 1; s < v.segments.length; s++) if (CONDITIONALS.has(v.segments[s].opener)) return true;
  return false;
}

/** The first actor that can be a subject in the if/unless clause after the trigger at i, or -1. */
function conditionSubject(v: SentenceView, i: number): number {
  for (let s = v.segOf[i] + 1; s < v.segments.length; s++) {
    const seg = v.segments[s];
    if (!CONDITIONALS.has(seg.opener)) continue;
    for (let j = seg.start; j < seg.end; j++) {
      const k = v.mentionAt[j];
      if (k >= 0 && validSubject(v, k)) return k;
    }
    return -1;
  }
  return -1;
}

/** "would" at j in the complement of a speech verb a few words before it ("said (that) it would"). */
function reportedFuture(v: SentenceView, j: number): boolean {
  for (const s of v.speech.keys()) {
    if (s >= j || s < j - 6 || v.tokens[s].lower === 'according') continue;
    let ok = true;
    for (let x = s + 1; x < j; x++) if (HYPOTHETICAL_SUBORDINATORS.has(v.tokens[x].lower)) ok = false;
    if (ok) return true;
  }
  return false;
}

/** Modality from the words governing the trigger. */
function modalityOf(v: SentenceView, m: Match, subjectEnd: number): Modality {
  const i = m.trigger;
  const seg = v.segments[v.segOf[i]];
  let negated = false;
  let hypothetical = false;
  let planned = false;
  const floor = Math.max(0, subjectEnd, i - 10);
  for (let j = i - 1; j >= floor; j--) {
    const t = v.tokens[j];
    const lower = t.lower;
    if (v.mentionAt[j] >= 0) break;
    if (NEGATORS.has(lower)) {
      if (!(j + 1 < v.tokens.length && v.tokens[j + 1].lower === 'only')) negated = true;
    } else if (NEGATING_VERBS.has(v.lemmas[j]) && t.pos === 'VERB') negated = true;
    else if (FUTURE_AUX.has(lower)) planned = true;
    // "X said it would send troops": the future of the past in reported speech, not a conjecture
    else if (lower === 'would' && reportedFuture(v, j)) planned = true;
    else if (HYPOTHETICAL_MODALS.has(lower) || HYPOTHETICAL_WORDS.has(lower)) hypothetical = true;
    else if (PLANNING_LEMMAS.has(v.lemmas[j]) || PLANNING_LEMMAS.has(lower)) planned = true;
    else if (lower === 'to' && j > 0 && v.lemmas[j - 1] === 'be' && j === i - 1) planned = true;
    else if (HYPOTHETICAL_SUBORDINATORS.has(lower)) hypothetical = true;
    if (j === seg.start) break;
  }
  // "will send troops to Mali and provide aid to Niger": a bare coordinated verb shares the first verb's
  // auxiliaries ("did not attack Y or shell Z" likewise)
  if (!negated && !hypothetical && !planned && v.tokens[i].pos === 'VERB') {
    const g = groupStart(v, i);
    if (g === i && g > 0 && v.tokens[g - 1].pos === 'CCONJ') {
      const pv = conjoinedVerb(v, i, g - 1);
      for (let j = pv - 1; pv >= 0 && j >= groupStart(v, pv); j--) {
        const lower = v.tokens[j].lower;
        if (NEGATORS.has(lower)) negated = true;
        else if (FUTURE_AUX.has(lower)) planned = true;
        else if (HYPOTHETICAL_MODALS.has(lower)) hypothetical = lower !== 'would' || !reportedFuture(v, j);
      }
    }
  }
  // "denied that it had deported X", "refuted claims that": the complement of a negating verb did not happen
  if (seg.kind === 'comp' && seg.opener === 'that' && seg.start > 0) {
    let g = seg.start - 1;
    while (g > 0 && v.tokens[g].pos === 'ADV') g--;
    if (v.tokens[g].pos === 'VERB' && NEGATING_VERBS.has(v.lemmas[g])) negated = true;
    // "demanded that the US cancel the sale": what is demanded has not happened
    else if (v.tokens[g].pos === 'VERB' && DIRECTIVE_VERBS.has(v.lemmas[g])) hypothetical = true;
  }
  // the clause's own opener, or the clause it hangs from ("if Iran attacks, ...")
  if (HYPOTHETICAL_SUBORDINATORS.has(seg.opener)) hypothetical = true;
  else if (
    seg.afterPunct &&
    v.segOf[i] > 0 &&
    HYPOTHETICAL_SUBORDINATORS.has(v.segments[v.segOf[i] - 1].opener)
  )
    hypothetical = false;
  if (m.pattern.pos === 'noun') {
    // "the meeting is scheduled for February", "talks are planned"
    for (let j = m.tokens[m.tokens.length - 1] + 1; j < v.tokens.length && j < i + 14; j++) {
      const t = v.tokens[j];
      if (t.text === '.' || t.text === ';') break;
      if (t.pos === 'VERB') {
        if (
          v.lemmas[j] === 'schedule' ||
          v.lemmas[j] === 'plan' ||
          v.lemmas[j] === 'set' ||
          v.lemmas[j] === 'expect'
        )
          planned = true;
        break;
      }
    }
  }
  // an infinitive is unrealised unless its governor plans it or implies it ("asked Y to help", "in order to")
  if (m.pattern.pos === 'verb' && !negated) {
    let j = i - 1;
    while (j >= 0 && v.tokens[j].pos === 'ADV') j--;
    if (j > 0 && v.tokens[j].lower === 'to' && v.tokens[j].pos === 'PART') {
      let g = j - 1;
      while (g >= 0 && (v.tokens[g].pos === 'ADV' || v.tokens[g].lower === 'not')) g--;
      const gl = g >= 0 ? v.lemmas[g] : '';
      if (g >= 0 && (PLANNING_LEMMAS.has(gl) || (gl === 'be' && v.tokens[g].pos === 'AUX'))) planned = true;
      else if (!(g >= 0 && (IMPLICATIVE_VERBS.has(gl) || meansPurpose(v, g)))) hypothetical = true;
    }
  }
  if (negated) return 'negated';
  if (hypothetical) return 'hypothetical';
  if (planned) return 'planned';
  return 'asserted';
}

/**
 * "police used tear gas to disperse the crowd", "opened fire to disperse": an infinitive of purpose after
 * the object of a verb that applies means of force (MEANS_VERBS) reports what was done with them.
 */
function meansPurpose(v: SentenceView, g: number): boolean {
  if (v.tokens[g].pos !== 'NOUN' || v.mentionAt[g] >= 0) return false;
  // the object's words may include a verb-tagged modifier ("used tear gas")
  for (let k = g - 1; k >= 0 && g - k <= 4; k--) {
    const pos = v.tokens[k].pos;
    if (pos === 'VERB' && MEANS_VERBS.has(v.lemmas[k])) return k === 0 || v.tokens[k - 1].lower !== 'to';
    if (pos !== 'NOUN' && pos !== 'ADJ' && pos !== 'DET' && pos !== 'VERB') return false;
  }
  return false;
}

/** The speaker reporting the event at i, if any: [speech verb, speaker mentions]. */
function reporterOf(
  v: SentenceView,
  i: number,
  sources: readonly number[],
): { verb: number; speaker: number[] } | null {
  let found: { verb: number; speaker: number[] } | null = null;
  for (const [s, speaker] of v.speech) {
    if (s === i) continue;
    if (s < i) {
      // "X said (that) Y did": the event's clause follows the speech verb
      // (or the subject search crossed back to the speaker: "X said it would ...")
      if (
        sources.length === 0 ||
        v.mentions[sources[0]].token_start > s ||
        speaker.length === 0 ||
        speaker.includes(sources[0])
      )
        found = { verb: s, speaker };
    } else if (
      (v.segOf[s] !== v.segOf[i] && v.segments[v.segOf[s]].kind !== 'rel') ||
      v.tokens[s].lower === 'according'
    ) {
      // "Y did Z, X said." (but in "killed a militant whom the army said fired rockets" the later speech
      // verb reports on the militant, not on the killing)
      if (found === null) found = { verb: s, speaker };
    }
  }
  return found;
}

/**
 * The date expression governing the trigger: the nearest that dates an action. `notAfter` (the
 * publication date, for events that already happened) rules out later dates: "agreed on Wednesday
 * to raise spending by 2035" or "the increase Trump had demanded ... by 2035" did not happen in 2035.
 */
function pickDate(
  sentence: Sentence,
  v: SentenceView,
  triggerStart: number,
  notAfter: string | null,
): DateExpression | null {
  const dates = sentence.dates;
  if (dates.length === 0) return null;
  let best: DateExpression | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const d of dates) {
    // "since March 2022", "its 1951 treaty": a bound or a modifier does not date the action
    if (d.relation !== undefined) continue;
    if (notAfter !== null && d.date > notAfter) continue;
    let score = d.start >= triggerStart ? d.start - triggerStart : (triggerStart - d.end) * 1.5;
    // a date right after a speech verb dates the statement, not the event
    for (const s of v.speech.keys()) {
      const tok = v.tokens[s];
      if (d.start >= tok.end && d.start - tok.end <= 4) score += 1000;
    }
    if (score < bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/**
 * The place named in the clause of the trigger at i. With `ownPredicate`, a place after another verb of
 * the clause is that verb's ("helped militants join a group in Lebanon"), not the trigger's; a participle
 * qualifying a noun ("refugees fleeing the war in Liberia") does not open a predicate of its own.
 */
function locationOf(v: SentenceView, i: number, used: Set<number>, ownPredicate = false): Location | null {
  const seg = v.segments[v.segOf[i]];
  for (let j = seg.start; j < seg.end; j++) {
    const k = v.mentionAt[j];
    if (ownPredicate && j > i && k < 0 && v.tokens[j].pos === 'VERB' && !/(ing|ed)$/.test(v.tokens[j].lower))
      return null;
    if (k < 0 || used.has(k)) continue;
    const m = v.mentions[k];
    const prev = m.token_start > 0 ? v.tokens[m.token_start - 1].lower : '';
    if (
      (m.location === true || prev === 'in' || prev === 'at') &&
      m.kind === 'state' &&
      m.actors.length === 1
    ) {
      return { name: m.text, country: m.actors[0].country };
    }
    j = m.token_end - 1;
  }
  return null;
}

/** FNV-1a 64-bit as 16 hex digits: stable event ids. */
export function stableId(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return hex32(h1) + hex32(h2);
}

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** `x.toString(16).padStart(8, '0')`: a number's toString with a radix goes through the runtime. */
function hex32(x: number): string {
  return BYTE_HEX[x >>> 24] + BYTE_HEX[(x >>> 16) & 255] + BYTE_HEX[(x >>> 8) & 255] + BYTE_HEX[x & 255];
}

/** Cooperative categories coded as joint acts when conjoined actors do them with no target ("A and B agreed to share"). */
const JOINT_ROOTS = new Set(['03', '04', '05', '06']);

const MODALITY_CONFIDENCE: Record<Modality, number> = {
  asserted: 1,
  reported: 0.9,
  planned: 0.85,
  hypothetical: 0.6,
  negated: 0.8,
};

/**
 * An actor known only by its sector ("the rebels", "lawmakers", "a court") is coded as CAMEO does when the
 * country is unknown: `---` + sector (`---REB`, `---LEG`, `---JUD`). We never guess whose rebels they are.
 */
function withUnknownCountry(a: ActorRef): ActorRef {
  return { ...a, code: `---${a.sector}`, country: '---' };
}

function actorsOf(v: SentenceView, ks: readonly number[], asTarget = false): ActorRef[] {
  const out: ActorRef[] = [];
  for (const k of ks)
    for (const a of v.mentions[k].actors) {
      // the actors stage gives a bare sector as code '' or '---SEC'
      if (a.code && !a.code.startsWith('---')) out.push(a);
      else if (a.sector && genericSector(v, k))
        out.push(placedSector(v, k, a, asTarget) ?? withUnknownCountry(a));
    }
  return out;
}

const PLACING_PREPS = new Set(['in', 'from', 'of']);

/**
 * A sector noun placed by the phrase after it: "a court in Guyana", "ministers from the Georgian
 * government", "opponents of Rwanda's Senate" are Guyana's, Georgia's, Rwanda's. As a target, only
 * "of"/"from" place it.
 */
function placedSector(v: SentenceView, k: number, a: ActorRef, asTarget: boolean): ActorRef | null {
  let j = v.mentions[k].token_end;
  if (j >= v.tokens.length || !PLACING_PREPS.has(v.tokens[j].lower)) return null;
  // "arrested journalists in Iran": after a verb, "in" says where they were, not whose they are
  if (asTarget && v.tokens[j].lower === 'in') return null;
  j++;
  // "in the Russian military", "of the northern West Bank": the mention may or may not include its determiner
  // and a hyphenated modifier ("from military-ruled Myanmar") too
  while (
    j < v.tokens.length &&
    v.mentionAt[j] < 0 &&
    (v.tokens[j].pos === 'DET' || v.tokens[j].pos === 'ADJ' || inCompound(v, j) || v.tokens[j].text === '-')
  )
    j++;
  const next = j < v.tokens.length ? v.mentionAt[j] : -1;
  if (next < 0 || v.mentions[next].token_start !== j) return null;
  const actors = v.mentions[next].actors;
  if (actors.length !== 1 || !actors[0].code || actors[0].country.length !== 3) return null;
  const country = actors[0].country;
  return { ...a, code: `${country}${a.sector}`, country };
}

/**
 * A sector noun standing for a group ("the rebels", "lawmakers", "police"), not a named person whose
 * country the knowledge base does not know ("President X", "Judge X"): such a person is somebody's official,
 * and `---` would be a wrong guess rather than an honest unknown.
 */
function genericSector(v: SentenceView, k: number): boolean {
  const m = v.mentions[k];
  if (m.kind === 'person') return false;
  const next = m.token_end < v.tokens.length ? v.mentionAt[m.token_end] : -1;
  if (next >= 0 && v.mentions[next].kind === 'unknown') return false;
  const t = m.token_end < v.tokens.length ? v.tokens[m.token_end] : null;
  return !(t !== null && t.pos === 'PROPN');
}

/** The first sector of an actor ("GOV" of "GOVMIL"). */
const sectorOf = (a: ActorRef): string => a.sector.slice(0, 3);

const hasPrefix = (prefixes: readonly string[], code: string): boolean =>
  prefixes.some((p) => code.startsWith(p));

/**
 * The target of source `a`'s act `code` when the clause names none of known country (data/patterns/domestic.json):
 * a group of unknown country `b` ("dispersed demonstrators") is placed where the act happens, or at home
 * when the state's own police, government, courts or legislature act on it; with no target (`b` null), a
 * population act of such an institution ("declared a curfew") falls on its own country. Null: no placing.
 */
function domesticTarget(
  rules: DomesticRules,
  a: ActorRef,
  b: ActorRef | null,
  code: string,
  placeOf: () => Location | null,
): ActorRef | null {
  if (!known(a) || a.country.length !== 3) return null;
  if (b === null ? !hasPrefix(rules.populationActs, code) : !rules.groupSectors.has(sectorOf(b))) return null;
  const place = placeOf();
  const here = place !== null && place.country.length === 3 ? place.country : null;
  const state = rules.stateSectors.has(sectorOf(a));
  if (b === null) {
    // a population act is done by a state at home: a place abroad is not its target
    const country = here === a.country || (here === null && state) ? a.country : null;
    return country === null ? null : { code: country, name: place?.name ?? country, country, sector: '' };
  }
  const country =
    here !== null && hasPrefix(rules.placedActs, code)
      ? here
      : state && hasPrefix(rules.homeActs, code)
        ? a.country
        : null;
  return country === null ? null : { ...b, code: `${country}${b.sector}`, country };
}

/** The pattern's `by_sector` code for this source and target, if one applies. */
function sectorCode(p: Pattern, a: ActorRef, b: ActorRef | null): string | null {
  for (const e of p.bySector) {
    if (e.source !== null && !e.source.has(sectorOf(a))) continue;
    if (e.target !== null && (b === null || !e.target.has(sectorOf(b)))) continue;
    return e.code;
  }
  return null;
}

/** An actor with a country or organisation code (not a bare sector such as "the rebels"). */
const known = (a: ActorRef | null): boolean => a !== null && a.code !== '' && !a.code.startsWith('---');
/** An actor the coder may code: a known one, or a bare sector as `---SEC`. */
const codable = (a: ActorRef | null): boolean => a !== null && a.code !== '';
const actorKey = (a: ActorRef): string => a.code || `---${a.sector}`;

export function codeSentence(
  doc: AnalyzedDocument,
  sentence: Sentence,
  mentions: readonly Mention[],
  coder: CoderData,
): CodedEvent[] {
  if (!mayTrigger(sentence, coder.patterns)) return [];
  const v = buildView(sentence, mentions);
  const matches = findMatches(v, coder.patterns);
  if (matches.length === 0) return [];
  const out: CodedEvent[] = [];
  // events whose target is the source's own population, placed for want of a named one
  const populace = new Set<CodedEvent>();
  const seen = new Set<string>();
  const triggers = new Map<number, Match>();
  for (const m of matches) triggers.set(m.trigger, m);
  const targetless = coder.options.targetless !== false;
  // "X claimed responsibility for the attack": the sentence's own claim pattern codes it
  const claimPattern = matches.some((m) => m.pattern.code === '015');
  for (let m of matches) {
    if (presentPerfectRelative(v, m.trigger)) continue;
    let roles = findRoles(v, m, triggers, coder.patterns.intent);
    // a longer phrase that needs a target and finds none gives way to a shorter one that finds it
    if (m.pattern.needsTarget && roles.targets.length === 0 && roles.between.length === 0) {
      for (const alt of shorterMatches(v, coder.patterns, m)) {
        const r = findRoles(v, alt, triggers, coder.patterns.intent);
        if (r.targets.length > 0 || r.between.length > 0) {
          m = alt;
          roles = r;
          break;
        }
      }
    }
    const p = m.pattern;
    let { sources, targets } = roles;
    if (p.swap) [sources, targets] = [targets, sources];
    const subjectEnd =
      sources.length > 0 && !roles.passive ? v.mentions[sources[sources.length - 1]].token_end : 0;
    const cutoff = subjectEnd > m.trigger ? 0 : subjectEnd;
    // "wants to help Israel", "vowed to strike": an expression of intent, coded with the intent code
    const intent = intentOf(v, m, coder.patterns.intent);
    let code = intent ? intent.code : p.code;
    const modalityMatch = intent ? { ...m, trigger: intent.governor, tokens: [intent.governor] } : m;
    let modality = modalityOf(
      v,
      modalityMatch,
      v.tokens[modalityMatch.trigger].pos === 'VERB'
        ? Math.min(cutoff, groupStart(v, modalityMatch.trigger))
        : cutoff,
    );
    let rule = intent ? `${p.id}:intent` : p.id;
    // "will not provide aid to Y", "would not sign the accord": a stated refusal (root 12), asserted
    if (modality === 'negated' && !intent && negatedFuture(v, m.trigger)) {
      const refusal = lookupPrefix(coder.patterns.refusal, code);
      if (refusal) {
        code = refusal;
        rule = `${p.id}:refusal`;
        modality = 'asserted';
      }
    }
    let attributed: ActorRef | null = null;
    let accuser: ActorRef | null = null;
    let claimsOwn = false;
    let alleged = false;
    const reporter = reporterOf(v, m.trigger, sources);
    let confidence = p.confidence;
    let self = false;
    if (reporter !== null) {
      const srcCodes = new Set(actorsOf(v, sources).map(actorKey));
      const speakers = actorsOf(v, reporter.speaker);
      self = speakers.length > 0 && speakers.every((a) => srcCodes.has(actorKey(a)));
      // "the US claimed that it had attacked Iraq": owning one's own violence is a claim of responsibility
      claimsOwn =
        self &&
        !claimPattern &&
        modality === 'asserted' &&
        Number(code.slice(0, 2)) >= 17 &&
        lexicon.CLAIMING_SPEECH.has(v.lemmas[reporter.verb]);
      if (!self) {
        attributed = speakers[0] ?? null;
        if (modality === 'asserted') {
          modality = 'reported';
          // "the US claimed that ISIL attacked Iraq": stating another's violence is an accusation; so is a
          // victim's own report of it ("Israel said a shell was fired at it from Gaza")
          if (Number(code.slice(0, 2)) >= 17 && known(attributed)) {
            alleged = lexicon.ACCUSING_SPEECH.has(v.lemmas[reporter.verb]);
            if (alleged || victimReport(v, reporter, targets, attributed)) accuser = attributed;
          }
        }
      }
    }
    // "Israel announced it would free prisoners", "Iraq announced it is prepared to impose martial law": the
    // speaker's own stated future is intent (or a threat); a material commitment (roots 05-08) is one
    // whoever reports it ("Finland will give Tanzania a grant", CAMEO's "future commitment"). Visits and
    // hostile acts stated by others keep their code, planned.
    const root = Number(p.code.slice(0, 2));
    if (
      !intent &&
      (self
        ? modality === 'planned' || modality === 'hypothetical'
        : modality === 'planned' && root >= 5 && root <= 8) &&
      statedFuture(v, m.trigger)
    ) {
      const selfIntent = intentCode(coder.patterns.intent, p.code, null);
      if (selfIntent) {
        code = selfIntent;
        rule = `${p.id}:intent`;
        modality = attributed === null ? 'asserted' : 'reported';
      }
    } else if (
      !intent &&
      root >= 9 &&
      (modality === 'planned' || modality === 'hypothetical') &&
      conditionFollows(v, m.trigger)
    ) {
      // "the EU may halt mediation if the fighting goes on", "will strike unless Y withdraws": a hostile
      // act made conditional is a threat (CAMEO 13), made now
      const threat = intentCode(coder.patterns.intent, p.code, null);
      if (threat) {
        code = threat;
        rule = `${p.id}:threat`;
        modality = attributed === null ? 'asserted' : 'reported';
      }
    }
    // "threatened to halt talks if the US deploys missiles": a threat naming no target is aimed at the
    // actor its condition names
    if (code.startsWith('13') && targets.length === 0 && roles.between.length === 0) {
      const k = conditionSubject(v, m.trigger);
      if (k >= 0 && !sources.includes(k)) targets = conjRight(v, k);
    }
    confidence *= MODALITY_CONFIDENCE[modality];
    if (roles.deep) confidence *= 0.8;
    const pairs: [ActorRef, ActorRef | null, string, string][] = [];
    const src = actorsOf(v, sources);
    const tgt = actorsOf(v, targets, true);
    const between = actorsOf(v, roles.between);
    if (between.length >= 2 && (p.sym || src.length === 0)) {
      // "talks between A and B": a joint act of the two
      for (const a of between) for (const b of between) if (a.code !== b.code) pairs.push([a, b, code, rule]);
    } else if (between.length >= 2) {
      // "offered to mediate between A and B": the source acts on both
      for (const a of src) for (const b of between) pairs.push([a, b, code, rule]);
    } else if (between.length === 1 && src.length > 0) {
      for (const a of src) {
        pairs.push([a, between[0], code, rule]);
        if (p.sym || p.reciprocal) pairs.push([between[0], a, code, rule]);
      }
    }
    if (between.length === 0 && tgt.length > 0) {
      // a place the act happened in ("students clashed in Tehran") does not act back
      const actsBack = p.reciprocal
        ? new Set(
            actorsOf(
              v,
              targets.filter((k) => !v.mentions[k].location),
              true,
            ).map(actorKey),
          )
        : null;
      for (const a of src)
        for (const b of tgt) {
          pairs.push([a, b, code, rule]);
          if (actsBack?.has(actorKey(b))) pairs.push([b, a, code, `${rule}:reciprocal`]);
          if (p.converse && !intent) pairs.push([b, a, p.converse, `${rule}:converse`]);
        }
    } else if (between.length === 0 && src.length >= 2 && (p.sym || JOINT_ROOTS.has(code.slice(0, 2)))) {
      for (const a of src) for (const b of src) if (a.code !== b.code) pairs.push([a, b, code, rule]);
    } else if (between.length === 0 && src.length > 0 && targetless && !p.needsTarget) {
      for (const a of src) pairs.push([a, null, code, rule]);
    }
    if (accuser) {
      const by = accuser;
      const accusations: typeof pairs = [];
      for (const a of src)
        if (known(a) && a.country !== by.country) accusations.push([by, a, '112', 'report-accuse']);
      // "the US claimed that ISIL attacked Iraq": an alleged act is evidence of the allegation, not of the act
      if (alleged && accusations.length > 0) pairs.length = 0;
      pairs.push(...accusations);
    }
    if (claimsOwn)
      for (const [a, b, c] of [...pairs]) if (c === code) pairs.push([a, b, '015', 'claim-responsibility']);
    if (pairs.length === 0) continue;
    const triggerTok = v.tokens[m.trigger];
    const happened = modality === 'asserted' || modality === 'reported';
    const date = pickDate(sentence, v, triggerTok.start, happened ? doc.doc.published_at : null);
    const used = new Set<number>([...sources, ...targets, ...roles.between]);
    let location = locationOf(v, m.trigger, used);
    // a visit's destination named as a place is also where it happened ("visit to Moscow")
    if (location === null && (p.code === '042' || p.code === '043' || p.code === '044')) {
      const place = [...targets, ...sources].map((k) => v.mentions[k]).find((x) => x.location === true);
      if (place && place.actors.length === 1)
        location = { name: place.text, country: place.actors[0].country };
    }
    // the place of the act itself, for placing a target of unknown country (not a place of a later verb);
    // looked up only when a pair needs it
    let placeOfAct: Location | null | undefined;
    const actPlace = (): Location | null => {
      if (placeOfAct === undefined) placeOfAct = locationOf(v, m.trigger, used, true);
      return placeOfAct;
    };
    for (const [a, named, pairCode, pairRule] of pairs) {
      // the accusation is the speaker's own act, asserted
      const own = pairRule === 'report-accuse';
      // a bare sector of unknown country may act ("the rebels attacked Y": ---REB -> Y); as a target it is
      // coded only where the act places it (domestic.json): elsewhere news names whose officers or
      // protesters they are nearby, and `---` is more often a wrong target than an honest unknown
      const b =
        named === null || !known(named)
          ? (domesticTarget(coder.patterns.domestic, a, named, pairCode, actPlace) ?? named)
          : named;
      if (!codable(a) || (b !== null && !known(b))) continue;
      // an act on oneself is no event ("Iran said Iran ..."), but an act that needs no target, done in a
      // place of the source's own, is a domestic one ("Iraqi Kurds demonstrated in Kirkuk": IRQ -> IRQ)
      if (b !== null && actorKey(a) === actorKey(b) && (p.needsTarget || b.country !== a.code)) continue;
      const bySector = pairCode === p.code ? sectorCode(p, a, b) : null;
      const code = bySector ?? pairCode;
      const rule = bySector ? `${pairRule}:sector` : pairRule;
      const key = `${actorKey(a)}|${b ? actorKey(b) : ''}|${code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const info = coder.ontology.get(code);
      if (!info) continue;
      const placedOnPopulace = named === null && b !== null;
      // a target placed by the rules of domestic.json is inferred, not named
      const inferred = b !== named ? 0.8 : 1;
      const date_precision: DatePrecision = date ? date.precision : 'day';
      out.push({
        kind: 'event',
        id: stableId(
          `${doc.doc.id}|${sentence.index}|${rule}|${actorKey(a)}|${b ? actorKey(b) : ''}|${code}`,
        ),
        doc_id: doc.doc.id,
        sentence_index: sentence.index,
        source: a,
        target: b,
        code,
        root: info.root,
        quad_class: info.quadClass,
        goldstein: info.goldstein,
        plover: info.plover,
        modality: own ? 'asserted' : modality,
        attributed_to: own ? null : attributed,
        date: date ? date.date : doc.doc.published_at,
        date_precision,
        published_at: doc.doc.published_at,
        location,
        evidence: { text: sentence.text, start: sentence.start, end: sentence.end },
        rule,
        confidence:
          Math.round(
            confidence *
              inferred *
              (b === null ? 0.7 : 1) *
              (known(a) && (b === null || known(b)) ? 1 : 0.7) *
              100,
          ) / 100,
        coder_version: coder.version,
      });
      if (placedOnPopulace) populace.add(out[out.length - 1]);
    }
  }
  if (populace.size === 0) return out;
  // "police used water cannon to disperse Somali protesters": the act has a named target, not the populace
  return out.filter(
    (e) =>
      !populace.has(e) ||
      !out.some(
        (o) =>
          o !== e &&
          !populace.has(o) &&
          o.target !== null &&
          actorKey(o.source) === actorKey(e.source) &&
          o.code === e.code,
      ),
  );
}

export { validSubject };
