// Who says what: speech verbs ("Lavrov said", "said the minister", "he noted"), sources ("according
// to the central bank"), and their speakers resolved through the actors stage's mentions. Pronouns
// ("he said") take the document's most recent speaker; an unnamed descriptor ("a Russian foreign
// policy expert has suggested") takes the name of the person introduced in the next sentences.
import type { ActorRef, Mention, Sentence } from '../types.ts';
import type { ClaimsRules } from './rules.ts';

export interface Speaker {
  name: string;
  actor: ActorRef | null;
  role: string | null;
  /** Country of a descriptor ("a Russian expert" -> RUS), when no actor says it. */
  country: string | null;
  /** How the speaker was found: 'mention' | 'name' | 'descriptor' | 'pronoun' | 'source'. */
  how: string;
  /** Token range of the speaker in its sentence. */
  a: number;
  b: number;
  /** The kind of the mention the speaker was read from, if any. */
  kind?: Mention['kind'];
}

export interface Attribution {
  readonly sentence: number;
  /** The speech verb or source phrase, token range. */
  readonly cueA: number;
  readonly cueB: number;
  /** What is said: token range in the sentence. */
  readonly compA: number;
  readonly compB: number;
  /** A parenthetical cue inside the statement ("X, he noted, Y"): tokens [gapA, gapB) are not said. */
  readonly gapA?: number;
  readonly gapB?: number;
  speaker: Speaker;
  /** 'verb' ("X said"), 'source' ("according to X"). */
  readonly kind: 'verb' | 'source';
}

/** A sentence prepared for the claims rules: lower-cased tokens, lemmas, mentions by position. */
export interface PreparedSentence {
  readonly s: Sentence;
  readonly lowers: string[];
  readonly lemmas: string[];
  readonly mentions: readonly Mention[];
  /** Token index -> the mention covering it. */
  readonly mentionAt: (Mention | undefined)[];
  /** Does any token start with a digit or spell a number? (cheap gate for the numeric rules) */
  readonly hasNumber: boolean;
}

const PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i']);
const SKIP_BEFORE_VERB = new Set(['ADV', 'AUX', 'PART']);
const NP_POS = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'PART']);
const STOP_AFTER_VERB = new Set(['that', ':', ',', 'on', 'in', 'at', 'during', 'after', 'before', 'also']);

export function prepare(s: Sentence, mentions: readonly Mention[]): PreparedSentence {
  const n = s.tokens.length;
  const lowers = new Array<string>(n);
  const lemmas = new Array<string>(n);
  let hasNumber = false;
  for (let i = 0; i < n; i++) {
    const t = s.tokens[i];
    lowers[i] = t.lower;
    const lemma = t.lemma;
    const c = lemma.charCodeAt(0);
    lemmas[i] = c >= 65 && c <= 90 ? lemma.toLowerCase() : lemma;
    if (!hasNumber) {
      const d = t.lower.charCodeAt(0);
      hasNumber = (d >= 48 && d <= 57) || t.pos === 'NUM';
    }
  }
  const mentionAt = new Array<Mention | undefined>(n);
  for (const m of mentions) for (let i = m.token_start; i < m.token_end && i < n; i++) mentionAt[i] = m;
  return { s, lowers, lemmas, mentions, mentionAt, hasNumber };
}

export function roleOf(actor: ActorRef | null, rules: ClaimsRules): string | null {
  if (!actor) return null;
  if (actor.role) {
    const r = actor.role.toLowerCase();
    for (const word of r.split(/[_\s-]+/)) {
      const hit = rules.roleNouns.match([word], null, 0);
      if (hit) return hit.value;
    }
  }
  for (let k = 0; k + 3 <= actor.sector.length; k += 3) {
    const role = rules.sectorRoles.get(actor.sector.slice(k, k + 3));
    if (role) return role;
  }
  if (actor.code && !actor.sector) return 'official'; // a state or organisation speaking as such
  return null;
}

/** The role named by nouns in tokens [a, b) ("foreign policy expert" -> analyst). */
function roleInSpan(p: PreparedSentence, a: number, b: number, rules: ClaimsRules): string | null {
  let role: string | null = null;
  for (let i = a; i < b; i++) {
    const hit = rules.roleNouns.match(p.lowers, p.lemmas, i);
    if (hit && i + hit.length <= b) {
      role = hit.value; // the head noun comes last: keep the last match
      i += hit.length - 1;
    }
  }
  return role;
}

function countryInSpan(p: PreparedSentence, a: number, b: number): string | null {
  for (let i = a; i < b; i++) {
    const m = p.mentionAt[i];
    if (m && m.actors.length > 0) return m.actors[0].country || m.actors[0].code.slice(0, 3);
  }
  return null;
}

function speakerFromMention(m: Mention, p: PreparedSentence, rules: ClaimsRules, how = 'mention'): Speaker {
  const actor = m.actors.length === 1 ? m.actors[0] : null;
  const isPerson = m.kind === 'person' || m.kind === 'unknown' || m.kind === 'reference';
  const name = actor && isPerson && actor.name ? actor.name : m.text;
  let role = roleOf(actor, rules);
  if (!role) role = roleInSpan(p, m.token_start, m.token_end, rules);
  return {
    name,
    actor,
    role,
    country: actor ? actor.country || actor.code.slice(0, 3) : null,
    how,
    a: m.token_start,
    b: m.token_end,
    kind: m.kind,
  };
}

/**
 * The noun phrase ending at token j (inclusive): a mention, a pronoun, a run of proper nouns (a name
 * the knowledge base does not know), or a descriptor with a role noun ("a Russian foreign policy expert").
 */
function speakerEndingAt(p: PreparedSentence, j: number, rules: ClaimsRules): Speaker | null {
  if (j < 0) return null;
  const t = p.s.tokens[j];
  const m = p.mentionAt[j];
  if (PRONOUNS.has(p.lowers[j])) {
    return { name: t.text, actor: null, role: null, country: null, how: 'pronoun', a: j, b: j + 1 };
  }
  // walk left over the noun phrase
  let a = j;
  while (a > 0 && NP_POS.has(p.s.tokens[a - 1].pos) && p.lowers[a - 1] !== 'that') a--;
  if (m && (m.kind === 'person' || m.kind === 'unknown' || m.token_start <= a || t.pos === 'PROPN')) {
    // a person's title before the name belongs to the same speaker ("Foreign Minister Abbas Araghchi")
    const sp = speakerFromMention(m, p, rules);
    if (!sp.role) sp.role = roleInSpan(p, a, m.token_end, rules);
    if (!sp.country) sp.country = countryInSpan(p, a, m.token_end);
    sp.a = Math.min(sp.a, a);
    return sp;
  }
  if (t.pos === 'PROPN') {
    let s = j;
    while (s > 0 && p.s.tokens[s - 1].pos === 'PROPN' && !p.mentionAt[s - 1]) s--;
    const name = p.s.text.slice(p.s.tokens[s].start - p.s.start, t.end - p.s.start);
    return {
      name,
      actor: null,
      role: roleInSpan(p, a, j + 1, rules),
      country: countryInSpan(p, a, s),
      how: 'name',
      a,
      b: j + 1,
    };
  }
  if (t.pos === 'NOUN') {
    const role = roleInSpan(p, a, j + 1, rules);
    const agent = m ?? p.mentionAt[a];
    if (!role && !agent) return null;
    const name = p.s.text.slice(p.s.tokens[a].start - p.s.start, t.end - p.s.start);
    const actor = agent && agent.actors.length === 1 ? agent.actors[0] : null;
    return {
      name,
      actor,
      role: role ?? roleOf(actor, rules),
      country: actor ? actor.country || actor.code.slice(0, 3) : countryInSpan(p, a, j + 1),
      how: 'descriptor',
      a,
      b: j + 1,
    };
  }
  return null;
}

/** The noun phrase starting at token j ("said Lavrov", "according to the central bank"). */
function speakerStartingAt(p: PreparedSentence, j: number, rules: ClaimsRules): Speaker | null {
  const n = p.lowers.length;
  if (j >= n) return null;
  if (PRONOUNS.has(p.lowers[j])) return speakerEndingAt(p, j, rules);
  let e = j;
  while (e < n && NP_POS.has(p.s.tokens[e].pos) && p.lowers[e] !== "'s") e++;
  // extend through a mention that starts inside the phrase
  for (let k = j; k < e; k++) {
    const m = p.mentionAt[k];
    if (m && m.token_end > e) e = m.token_end;
  }
  if (e === j) return null;
  return speakerEndingAt(p, e - 1, rules);
}

/** Is there a verb at or after token k? */
function hasVerbFrom(p: PreparedSentence, k: number): boolean {
  for (let i = k; i < p.lowers.length; i++) {
    const pos = p.s.tokens[i].pos;
    if (pos === 'VERB' || pos === 'AUX') return true;
  }
  return false;
}

const THAT_NP_START = new Set(['NOUN', 'PROPN', 'PRON', 'DET', 'ADJ', 'NUM']);

/**
 * The tagger often reads "that" as a determiner after a time phrase ("said on Tuesday that inflation
 * rose"): it is still the complementizer when a noun phrase follows and a finite verb comes after it,
 * since "that inflation" could not be the object of "said" with "rose" left without a subject.
 */
function isComplementizerThat(p: PreparedSentence, i: number): boolean {
  const next = p.s.tokens[i + 1];
  if (!next || !THAT_NP_START.has(next.pos)) return false;
  for (let k = i + 2; k < p.lowers.length && k < i + 10; k++) {
    const pos = p.s.tokens[k].pos;
    if (pos === 'VERB' || pos === 'AUX') return true;
    if (pos === 'PUNCT') return false;
  }
  return false;
}

/** "that" (or ":") within a few tokens after the speech verb, before any other verb; else -1. */
function complementizerAfter(p: PreparedSentence, k: number): number {
  for (let i = k; i < p.lowers.length && i < k + 12; i++) {
    const l = p.lowers[i];
    if (l === 'that' && (p.s.tokens[i].pos === 'SCONJ' || isComplementizerThat(p, i))) return i;
    if (l === ':') return i;
    const pos = p.s.tokens[i].pos;
    if (pos === 'VERB' || pos === 'AUX' || l === '.') return -1;
  }
  return -1;
}

/** Skips a comma-delimited apposition or participle phrase before token j: "Lavrov, speaking at X, said". */
function skipAppositionLeft(p: PreparedSentence, j: number): number {
  if (p.lowers[j] !== ',') return j;
  for (let k = j - 1; k > 0; k--) {
    if (p.lowers[k] === ',') {
      const first = p.s.tokens[k + 1];
      if (first.pos === 'VERB' || first.pos === 'DET' || p.lowers[k + 1] === 'who' || first.pos === 'ADP')
        return k - 1;
      return j;
    }
    if (p.lowers[k] === '.' || p.lowers[k] === '"' || p.lowers[k] === '“' || p.lowers[k] === '”') return j;
  }
  return j;
}

function trimSpan(p: PreparedSentence, a: number, b: number): [number, number] {
  const junk = (i: number) => {
    const l = p.lowers[i];
    return l === ',' || l === 'that' || l === ':' || l === '"' || l === '“' || l === '”' || l === '.';
  };
  while (a < b && junk(a)) a++;
  while (b > a && junk(b - 1)) b--;
  return [a, b];
}

/** Every attribution cue in one sentence, with its speaker as found locally (pronouns unresolved). */
export function findAttributions(p: PreparedSentence, rules: ClaimsRules): Attribution[] {
  const out: Attribution[] = [];
  const n = p.lowers.length;
  const toks = p.s.tokens;
  for (let i = 0; i < n; i++) {
    // "according to X"
    const src = rules.sources.match(p.lowers, null, i);
    if (src) {
      const speaker = speakerStartingAt(p, i + src.length, rules);
      if (speaker) {
        speaker.how = speaker.how === 'pronoun' ? 'pronoun' : 'source';
        // the statement is the rest of the sentence on the other side of the source phrase
        const [ca, cb] =
          i <= 1 ? trimSpan(p, speaker.b, n) : trimSpan(p, 0, p.lowers[i - 1] === ',' ? i - 1 : i);
        out.push({
          sentence: p.s.index,
          cueA: i,
          cueB: i + src.length,
          compA: ca,
          compB: cb,
          speaker,
          kind: 'source',
        });
        i = speaker.b - 1;
        continue;
      }
    }
    if (toks[i].pos !== 'VERB' && toks[i].pos !== 'AUX') continue;
    const sv = rules.speechVerbs.match(p.lowers, p.lemmas, i);
    if (!sv) continue;
    // not an infinitive or a participle modifier ("to say", "the said agreement")
    if (i > 0 && (p.lowers[i - 1] === 'to' || toks[i - 1].pos === 'DET')) continue;
    if (p.lowers[i].endsWith('ing')) continue;
    const verbEnd = i + sv.length;
    // subject on the left, skipping adverbs/auxiliaries and an apposition
    let j = i - 1;
    while (j >= 0 && SKIP_BEFORE_VERB.has(toks[j].pos) && p.lowers[j] !== "'s") j--;
    j = skipAppositionLeft(p, j);
    let speaker = speakerEndingAt(p, j, rules);
    let compA: number;
    let compB: number;
    let gapA: number | undefined;
    let gapB: number | undefined;
    if (!speaker && j >= 0 && (p.lowers[j] === 'and' || p.lowers[j] === 'but') && out.length > 0) {
      // "X emphasized ... and said ...": the same subject
      speaker = { ...out[out.length - 1].speaker };
      [compA, compB] = trimSpan(p, verbEnd, n);
    } else if (speaker) {
      const after = verbEnd < n ? p.lowers[verbEnd] : '';
      const before = speaker.a > 0 ? p.lowers[speaker.a - 1] : '';
      if (before === ',' && after === ',' && verbEnd + 1 < n - 1) {
        // parenthetical: "Economic considerations, he noted, have taken precedence"
        [compA, compB] = trimSpan(p, 0, n);
        gapA = speaker.a - 1;
        gapB = verbEnd + 1;
      } else if (speaker.a > 1 && !hasVerbFrom(p, verbEnd)) {
        // "..., he said." / "..., officials said on Thursday." -> the statement precedes
        [compA, compB] = trimSpan(p, 0, speaker.a);
      } else {
        // "said on Tuesday that ...", "told reporters that ...": the statement starts after "that"
        const that = complementizerAfter(p, verbEnd);
        if (that < 0 && rules.strictVerbs.has(p.lemmas[i])) continue;
        let k = that >= 0 ? that + 1 : verbEnd;
        if (that < 0 && p.lemmas[i] === 'tell') {
          while (k < n && NP_POS.has(toks[k].pos)) k++;
        }
        [compA, compB] = trimSpan(p, k, n);
        // a bare object ("denied any losses") is no statement: it needs a verb or some length
        if (!hasVerbFrom(p, compA) && compB - compA < 6) continue;
      }
    } else {
      // inversion: ", said Lavrov", "” said the minister"
      const before = i > 0 ? p.lowers[i - 1] : '';
      if (before !== ',' && before !== '"' && before !== '”' && before !== '’') continue;
      if (verbEnd < n && STOP_AFTER_VERB.has(p.lowers[verbEnd])) continue;
      speaker = speakerStartingAt(p, verbEnd, rules);
      if (!speaker) continue;
      [compA, compB] = trimSpan(p, 0, i);
    }
    if (compB <= compA) continue;
    out.push({
      sentence: p.s.index,
      cueA: i,
      cueB: verbEnd,
      compA,
      compB,
      gapA,
      gapB,
      speaker,
      kind: 'verb',
    });
  }
  return out;
}

/** Resolves descriptors and pronouns across the document, in reading order. */
export function resolveSpeakers(
  attributions: readonly Attribution[][],
  prepared?: readonly PreparedSentence[],
  rules?: ClaimsRules,
): void {
  const named: { sentence: number; speaker: Speaker }[] = [];
  for (let s = 0; s < attributions.length; s++)
    for (const at of attributions[s])
      if (at.speaker.how === 'mention' || at.speaker.how === 'name' || at.speaker.how === 'source')
        named.push({ sentence: s, speaker: at.speaker });
  // descriptor -> the person named within the next two sentences ("A Russian expert ... Anton Mardasov, ...")
  for (let s = 0; s < attributions.length; s++) {
    for (const at of attributions[s]) {
      const sp = at.speaker;
      if (sp.how !== 'descriptor' || !sp.role || !/^(a|an)\b/i.test(sp.name)) continue;
      const person = named.find(
        (x) =>
          x.sentence > s &&
          x.sentence <= s + 2 &&
          x.speaker.name.includes(' ') &&
          (x.speaker.how === 'name' ||
            (x.speaker.actor !== null && x.speaker.actor.entity_id !== undefined)) &&
          (!x.speaker.role || x.speaker.role === sp.role) &&
          (!x.speaker.country || !sp.country || x.speaker.country === sp.country),
      );
      if (!person) continue;
      // the person inherits what the descriptor says about them, and the descriptor their name
      if (!person.speaker.role) person.speaker.role = sp.role;
      if (!person.speaker.country) person.speaker.country = sp.country;
      at.speaker = { ...person.speaker, a: sp.a, b: sp.b };
    }
  }
  // later mentions of the same name (a surname alone) share what was learnt about the person
  for (const x of named) {
    if (x.speaker.role && x.speaker.country) continue;
    const full = named.find((y) => y.speaker !== x.speaker && y.speaker.name.endsWith(` ${x.speaker.name}`));
    if (full) {
      x.speaker.name = full.speaker.name;
      x.speaker.role ??= full.speaker.role;
      x.speaker.country ??= full.speaker.country;
      x.speaker.actor ??= full.speaker.actor;
    }
  }
  // pronouns: the most recent speaker ("he"/"she": the most recent one who is a person), else the
  // most recent person mentioned before
  let last: Speaker | null = null;
  let lastIndividual: Speaker | null = null;
  for (let s = 0; s < attributions.length; s++) {
    for (const at of attributions[s]) {
      if (at.speaker.how === 'pronoun') {
        const sp = at.speaker;
        const singular = SINGULAR_PRONOUNS.has(sp.name.toLowerCase());
        const antecedent = singular ? lastIndividual : last;
        if (antecedent) at.speaker = { ...antecedent, a: sp.a, b: sp.b };
        else if (prepared) {
          const m = lastPersonBefore(prepared, s, sp.a);
          if (m)
            at.speaker = {
              ...speakerFromMention(m, prepared[s], rules!),
              how: 'antecedent',
              a: sp.a,
              b: sp.b,
            };
        }
      } else {
        last = at.speaker;
        if (!prepared || !rules || isIndividual(at.speaker, prepared[s], rules)) lastIndividual = at.speaker;
      }
    }
  }
}

const SINGULAR_PRONOUNS = new Set(['he', 'she']);

/** Is the speaker one person: a named person, or a descriptor headed by "minister", "analyst", …? */
function isIndividual(sp: Speaker, p: PreparedSentence | undefined, rules: ClaimsRules): boolean {
  if (sp.how === 'name' || sp.kind === 'person') return true;
  if (sp.kind === 'state' || sp.kind === 'igo' || sp.kind === 'group') return false;
  if (!p) return false;
  // the head of the noun phrase is its last word or two ("the prime minister", "a Russian expert")
  for (let t = Math.max(sp.a, sp.b - 2); t < sp.b; t++) {
    const m = rules.individuals.match(p.lowers, null, t);
    if (m && t + m.length === sp.b) return true;
  }
  return false;
}

function lastPersonBefore(prepared: readonly PreparedSentence[], s: number, token: number): Mention | null {
  for (let k = s; k >= 0 && k >= s - 3; k--) {
    const ms = prepared[k].mentions;
    for (let i = ms.length - 1; i >= 0; i--) {
      const m = ms[i];
      if (m.kind === 'person' && m.actors.length === 1 && (k < s || m.token_end <= token)) return m;
    }
  }
  return null;
}

/** A stable ActorRef for a speaker: the actor's own, or one built from the descriptor. */
export function speakerActor(sp: Speaker): ActorRef | null {
  if (sp.actor?.code) {
    if (!sp.actor.role && sp.role) return { ...sp.actor, role: sp.role };
    return sp.actor;
  }
  if (!sp.country) return null;
  const sector =
    sp.role === 'analyst' ? 'ELI' : sp.role === 'media' ? 'MED' : sp.role === 'official' ? 'GOV' : '';
  return {
    code: `${sp.country}${sector}`,
    name: sp.name,
    country: sp.country,
    sector,
    ...(sp.role ? { role: sp.role } : {}),
  };
}
