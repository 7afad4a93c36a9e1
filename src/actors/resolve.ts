// The resolver: longest-match lookup of knowledge-base phrases over each sentence's tokens, then
// rules that combine matches (owner + sector noun + name), tell locations from acting capitals,
// and resolve anaphors (pronouns, "the minister", "his Russian counterpart", "the two countries")
// against what the document has named so far. Office holders are resolved at the publication date.
import type { ActorRef, AnalyzedDocument, Mention, MentionKind, Sentence, Token } from '../types.ts';
import {
  codeAt,
  type Entry,
  type KnowledgeBase,
  type OrgInfo,
  type PersonInfo,
  type Phrase,
  type RoleInfo,
} from './kb.ts';
import { isAcronym, keyOf, startsUpper, writtenAsName } from './text.ts';

interface Item {
  s: number;
  e: number;
  entries: readonly Entry[] | null;
  /** 'match' (knowledge base), 'pronoun', 'unknown' (proper-noun run), 'poss' ('s marker). */
  type: 'match' | 'pronoun' | 'unknown';
}

/** What a title before a name says: the office, the owner's country, and a "vice"/"former" modifier. */
interface TitleInfo {
  readonly role: RoleInfo | null;
  readonly country: string | null;
  readonly modifier: 'deputy' | 'former' | null;
}

interface PersonMemory {
  actor: ActorRef;
  gender: 'm' | 'f' | '';
  sentence: number;
  token: number;
}

interface PairMemory {
  a: string;
  b: string;
  count: number;
  last: number;
}

interface DocState {
  readonly date: string;
  readonly kb: KnowledgeBase;
  persons: PersonMemory[];
  /** Country codes in order of mention (most recent last). */
  countries: string[];
  pairs: Map<string, PairMemory>;
  explicit: { a: string; b: string; sentence: number; token: number } | null;
  plural: { actors: readonly ActorRef[]; sentence: number } | null;
  agents: ActorRef[];
  seenPeople: Set<string>;
  /** The most recent actor code seen for each country (Hamas -> PSEREB), for "both sides". */
  reps: Map<string, string>;
  /** The country of the document's dateline ("CAIRO -"), once seen. */
  dateline: string | null;
  /** Per country, how often the document has named it as a place or as the owner of an actor. */
  context: Map<string, number>;
}

const DETERMINERS = new Set(['the', 'this', 'that', 'these', 'those']);
const POSSESSIVE_PRONOUNS = new Set(['his', 'her', 'its', 'their']);
const GAP_POS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);
const COMPASS_WORDS = new Set([
  'west',
  'east',
  'north',
  'south',
  'western',
  'eastern',
  'northern',
  'southern',
]);
/** Adjectives naming a region of a place ("southern Lebanon", "central Baghdad"); "East" in "East Jerusalem" is part of the name. */
const REGION_WORDS = new Set([
  'western',
  'eastern',
  'northern',
  'southern',
  'northeastern',
  'northwestern',
  'southeastern',
  'southwestern',
  'central',
]);
const CLAUSE_BREAK = new Set([
  'that',
  'who',
  'which',
  'whom',
  ',',
  ';',
  'and',
  'but',
  'or',
  'because',
  'when',
  'while',
  'if',
  'after',
  'before',
  'said',
  'says',
]);
const LINK_WORDS = new Set(['from', 'of']);
/** Verbs whose object is moved away from a place: "withdraw troops from X" leaves X. */
const REMOVAL_VERBS = new Set(['withdraw', 'pull', 'remove', 'evacuate', 'recall', 'redeploy', 'repatriate']);
const REMOVAL_NOUNS = new Set([
  'withdrawal',
  'pullout',
  'pull-out',
  'evacuation',
  'redeployment',
  'repatriation',
]);
/** Parts of speech that may stand between a verb and its object's head noun ("70,000 invasion troops"). */
const MODIFIER_POS = new Set(['DET', 'NUM', 'ADJ', 'NOUN']);
const DASHES = new Set(['-', '–', '—', ':']);
const NON_OFFICE_SECTORS = new Set(['ELI', 'MED']);
/**
 * Sectors whose country is not taken from context: soldiers, refugees, experts, aid groups, reporters
 * and their like are as often foreign as local, so "troops" near "Kabul" stays `---MIL`.
 */
const NO_CONTEXT_SECTORS = new Set(['MIL', 'REF', 'ELI', 'NGO', 'HRI', 'MED']);
/** A word right before a sector noun that says it is not the local one: "foreign troops", "Western diplomats". */
const FOREIGN_WORDS = new Set([
  'foreign',
  'international',
  'western',
  'overseas',
  'allied',
  'coalition',
  'multinational',
  'peacekeeping',
  'visiting',
  'exiled',
  'expatriate',
]);
/** Words of travel: a person in a sentence that has one may be the visitor, so places there say nothing of whose. */
const TRAVEL_WORDS = new Set([
  'visit',
  'visits',
  'visited',
  'visiting',
  'arrive',
  'arrives',
  'arrived',
  'arriving',
  'arrival',
  'trip',
  'tour',
  'toured',
  'flew',
  'fly',
  'flies',
  'travel',
  'travels',
  'travelled',
  'traveled',
  'landed',
  'went',
  'heads',
  'headed',
  'returned',
  'welcomed',
  'hosted',
  'received',
  'met',
  'meets',
  'talks',
]);
/** Rules whose mention names a country as the owner of an actor (evidence of whose country a sentence is about). */
const OWNER_RULES = new Set([
  'owner-sector',
  'owner-role',
  'sector-of-owner',
  'possessive-owner',
  'title-name',
  'title-unknown-name',
  'description-office-holder',
  'description-known-person',
  'person-name',
  'owner-name',
  'capital-metonym',
  'seat-metonym',
  'country-organisation',
  'counterpart',
  'group',
]);
/**
 * A company's country ("Malaysia Airlines", "Chinese firms") says where it is registered, not where
 * the sentence happens or whose its other actors are: airlines and firms act abroad.
 */
function namesCompanyOnly(a: ActorRef): boolean {
  return a.sector === 'BUS';
}

/** Nouns that name a place before its name: "the city of Basra", "the capital Kabul" (a location, not an actor). */
const PLACE_NOUNS = new Set([
  'city',
  'town',
  'village',
  'province',
  'region',
  'capital',
  'port',
  'district',
  'county',
  'enclave',
  'suburb',
  'neighbourhood',
  'neighborhood',
  'island',
  'outskirts',
]);
/** Prepositions after which "it" may stand for the reporting state ("fired at it"); "on it" and "to it" are more often a thing. */
const SPEAKER_PRONOUN_PREPS = new Set(['at', 'against', 'toward', 'towards']);
/** Words of a trailing attribution: "..., police said", "..., according to the army". */
const REPORT_WORDS = new Set([
  'said',
  'says',
  'reported',
  'reports',
  'told',
  'according',
  'quoted',
  'announced',
]);
/** Confidence of a country taken from the sentence, and from the document, instead of the phrase. */
const CONTEXT_CONFIDENCE = { sentence: 0.7, document: 0.6 } as const;

/** A plural noun heads its phrase even before a word the tagger calls a noun ("Rebels abducted ..."). */
function isPluralKey(k: string): boolean {
  return k.length > 3 && k.endsWith('s') && !/(ss|us|is)$/.test(k);
}

function isPossessiveMarker(k: string): boolean {
  return k === "'s" || k === "'";
}

/** CAMEO's country code for "unknown country": a sector noun with no country ("the rebels" -> ---REB). */
export const UNKNOWN_COUNTRY = '---';

/** A country a mention can be remembered by (not an organisation, not unknown). */
function isRealCountry(c: string): boolean {
  return c !== '' && c !== 'IGO' && c !== UNKNOWN_COUNTRY;
}

function countryOf(code: string): string {
  return code.length >= 3 ? code.slice(0, 3) : code;
}

function ref(
  code: string,
  name: string,
  extra: { entity_id?: string; role?: string; sector?: string } = {},
): ActorRef {
  const country = code === '' ? '' : countryOf(code);
  const sector = extra.sector ?? (code.length > 3 ? code.slice(3) : '');
  const out: { -readonly [K in keyof ActorRef]: ActorRef[K] } = { code, name, country, sector };
  if (extra.entity_id) out.entity_id = extra.entity_id;
  if (extra.role) out.role = extra.role;
  return out;
}

/** The person's actor at a date: their highest-ranked office then, else their country's elite (ELI). */
export function personActor(p: PersonInfo, date: string, kb: KnowledgeBase): ActorRef {
  let best: PersonInfo['roles'][number] | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const r of p.roles) {
    if (r.start > date || (r.end !== null && date > r.end)) continue;
    const rank = kb.roles.get(r.role)?.rank ?? 50;
    if (rank < bestRank || (rank === bestRank && best && r.start > best.start)) {
      best = r;
      bestRank = rank;
    }
  }
  if (best) {
    // the head of an organisation acts as the organisation (IGOUNO, not IGOUNOGOV)
    if (kb.orgs.has(best.country))
      return ref(best.country, p.name, { entity_id: p.id, role: best.role, sector: '' });
    return ref(best.country + best.sector, p.name, { entity_id: p.id, role: best.role });
  }
  return ref(`${p.nationality}ELI`, p.name, { entity_id: p.id });
}

function orgActor(o: OrgInfo, date: string, sector = ''): ActorRef {
  const code = codeAt(o.periods, o.code, date) ?? o.code;
  return ref(code + (sector && !code.endsWith(sector) ? sector : ''), o.name, {
    sector: sector || (code.length > 3 && !code.startsWith('IGO') ? code.slice(3) : ''),
  });
}

function first<T extends Entry['t']>(
  entries: readonly Entry[] | null,
  t: T,
): Extract<Entry, { t: T }> | undefined {
  if (!entries) return undefined;
  for (const e of entries) if (e.t === t) return e as Extract<Entry, { t: T }>;
  return undefined;
}

/** Something that names a country, organisation or group (an "owner" of a sector noun). */
function ownerEntry(entries: readonly Entry[] | null): Entry | undefined {
  if (!entries) return undefined;
  for (const t of ['org', 'country', 'capital', 'seat', 'place', 'actor'] as const) {
    const e = first(entries, t);
    if (e) return e;
  }
  return undefined;
}

function sectorEntry(entries: readonly Entry[] | null): Entry | undefined {
  if (!entries) return undefined;
  return first(entries, 'role') ?? first(entries, 'counterpart') ?? first(entries, 'noun');
}

function ownerCode(e: Entry, date: string): { code: string; name: string; isOrg: boolean } | null {
  switch (e.t) {
    case 'country':
    case 'capital':
    case 'seat':
    case 'place':
      return { code: e.c.code, name: e.c.name, isOrg: false };
    case 'org':
      return { code: codeAt(e.o.periods, e.o.code, date) ?? e.o.code, name: e.o.name, isOrg: true };
    case 'actor': {
      const code = codeAt(e.a.periods, e.a.fallback, date);
      return code ? { code, name: e.a.name, isOrg: false } : null;
    }
    default:
      return null;
  }
}

/**
 * The phrases that can start at a token, narrowed by the next token's key: a first key like "the" or
 * "republic" opens dozens of phrases, and trying each one at every such token was the resolver's
 * hottest loop. Each narrowed list keeps the index's order (longest first), so the first phrase that
 * matches is the same one.
 */
interface PhraseStarts {
  /** The phrases of one token (all of them when the list is short). */
  readonly singles: readonly Phrase[];
  /** Second key -> the phrases with that second key, plus the one-token phrases, in index order. */
  readonly byNext: ReadonlyMap<string, readonly Phrase[]> | null;
}

type PhraseIndex = ReadonlyMap<string, PhraseStarts>;

/** Lists this short are scanned whole: narrowing them saves less than the extra lookup costs. */
const NARROW_FROM = 6;
const phraseIndexes = new WeakMap<KnowledgeBase['index'], PhraseIndex>();

function phraseIndex(kb: KnowledgeBase): PhraseIndex {
  let idx = phraseIndexes.get(kb.index);
  if (idx) return idx;
  const built = new Map<string, PhraseStarts>();
  for (const [first, list] of kb.index) {
    if (list.length < NARROW_FROM) {
      built.set(first, { singles: list, byNext: null });
      continue;
    }
    const byNext = new Map<string, Phrase[]>();
    for (const ph of list) if (ph.keys.length > 1 && !byNext.has(ph.keys[1])) byNext.set(ph.keys[1], []);
    const singles: Phrase[] = [];
    for (const ph of list) {
      if (ph.keys.length === 1) {
        singles.push(ph);
        for (const l of byNext.values()) l.push(ph);
      } else byNext.get(ph.keys[1])!.push(ph);
    }
    built.set(first, { singles, byNext });
  }
  idx = built;
  phraseIndexes.set(kb.index, idx);
  return idx;
}

/** The first phrase of the index that matches at token i, or null. */
function phraseAt(
  idx: PhraseIndex,
  tokens: readonly Token[],
  keys: readonly string[],
  glued: readonly boolean[],
  i: number,
): Phrase | null {
  const starts = idx.get(keys[i]);
  if (starts === undefined) return null;
  let list = starts.singles;
  if (starts.byNext !== null && i + 1 < keys.length) list = starts.byNext.get(keys[i + 1]) ?? list;
  return list.length === 0 ? null : matchAt(list, tokens, keys, glued, i);
}

function matchAt(
  phrases: readonly Phrase[],
  tokens: readonly Token[],
  keys: readonly string[],
  glued: readonly boolean[],
  i: number,
): Phrase | null {
  const n = keys.length;
  outer: for (const ph of phrases) {
    const len = ph.keys.length;
    if (i + len > n) continue;
    for (let j = 1; j < len; j++) if (keys[i + j] !== ph.keys[j]) continue outer;
    for (let j = 0; j < len - 1; j++) if (glued[i + j]) continue outer;
    if (ph.exact) {
      for (let j = 0; j < len; j++) {
        const t = tokens[i + j].text;
        if (t !== ph.exact[j] && !(glued[i + j] && t.startsWith(ph.exact[j]))) continue outer;
      }
    } else for (const c of ph.caps) if (!writtenAsName(tokens[i + c].text)) continue outer;
    return ph;
  }
  return null;
}

function tokenKeys(tokens: readonly Token[]): { keys: string[]; glued: boolean[] } {
  const keys = new Array<string>(tokens.length);
  const glued = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < tokens.length; i++) {
    let k = keyOf(tokens[i].lower);
    if (k.length > 2 && k.endsWith("'s")) {
      k = k.slice(0, -2);
      glued[i] = true;
    }
    keys[i] = k;
  }
  return { keys, glued };
}

/** A run of unknown proper nouns stops where a name the knowledge base knows begins (not at a sector noun: "Zorblat Industries"). */
function startsName(
  idx: PhraseIndex,
  tokens: readonly Token[],
  keys: readonly string[],
  glued: readonly boolean[],
  k: number,
): boolean {
  const ph = phraseAt(idx, tokens, keys, glued, k);
  if (!ph) return false;
  // a one-word title inside a capitalised run is part of the name: "Tom King", "Anna Bishop"
  const single = ph.keys.length === 1;
  for (const e of ph.entries)
    if (
      e.t !== 'noun' &&
      e.t !== 'stop' &&
      !(single && (e.t === 'role' || e.t === 'honorific' || e.t === 'counterpart'))
    )
      return true;
  return false;
}

/** Index of the first token from `from` on that starts at or after character `offset`. */
function tokenAtOrAfter(tokens: readonly Token[], offset: number, from: number): number {
  let j = from;
  while (j < tokens.length && tokens[j].start < offset) j++;
  return j;
}

function findItems(s: Sentence, kb: KnowledgeBase, keys: string[], glued: boolean[]): Item[] {
  const tokens = s.tokens;
  const items: Item[] = [];
  const n = tokens.length;
  const idx = phraseIndex(kb);
  // a capitalised word inside a date ("December", "Monday") starts no unknown name
  let dateEnd = -1;
  let ent = 0;
  const dates = s.dates;
  for (let i = 0; i < n; ) {
    while (ent < dates.length && dates[ent].end <= tokens[i].start) ent++;
    const ph = phraseAt(idx, tokens, keys, glued, i);
    if (ph) {
      // a longer name starting inside this match wins: "the West Bank" is not "the West" + "Bank"
      const end = i + ph.keys.length;
      let later = -1;
      for (let j = i + 1; j < end && later < 0; j++) {
        const pj = phraseAt(idx, tokens, keys, glued, j);
        if (pj && j + pj.keys.length > end) later = j;
      }
      if (later >= 0) {
        i = later;
        continue;
      }
      items.push({ s: i, e: end, entries: ph.entries, type: 'match' });
      i = end;
      continue;
    }
    const tok = tokens[i];
    if (kb.pronouns.has(keys[i])) {
      items.push({ s: i, e: i + 1, entries: null, type: 'pronoun' });
      i++;
      continue;
    }
    if (ent < dates.length && dates[ent].start <= tok.start)
      dateEnd = tokenAtOrAfter(tokens, dates[ent].end, i);
    if (tok.pos === 'PROPN' && startsUpper(tok.text) && i >= dateEnd) {
      let j = i + 1;
      while (j < n) {
        const t = tokens[j];
        if (t.pos === 'PROPN' && startsUpper(t.text) && !startsName(idx, tokens, keys, glued, j)) j++;
        else if (
          t.text === '-' &&
          j + 1 < n &&
          tokens[j + 1].pos === 'PROPN' &&
          startsUpper(tokens[j + 1].text) &&
          !startsName(idx, tokens, keys, glued, j + 1)
        )
          j += 2;
        else break;
      }
      // a capitalised common word opening the sentence ("Economic considerations ...") is not a name
      const opener = i === 0 && j === 1 && j < n && (tokens[1].pos === 'NOUN' || tokens[1].pos === 'ADJ');
      if (!opener) items.push({ s: i, e: j, entries: null, type: 'unknown' });
      i = j;
      continue;
    }
    i++;
  }
  return items;
}

/** The one country-or-IGO agent or person a mention describes, if it is one ("the Thai foreign minister"). */
function described(m: Mention | undefined, kb: KnowledgeBase): ActorRef | null {
  const a = m?.actors[0];
  if (!m || !a || m.actors.length !== 1 || m.location) return null;
  if (m.kind !== 'agent' && m.kind !== 'person') return null;
  if (!(a.role || a.sector) || !(kb.countries.has(a.country) || a.country === 'IGO')) return null;
  return a;
}

export interface ResolveOptions {
  /** Publication date override (`YYYY-MM-DD`); defaults to the document's. */
  readonly date?: string;
  /** Sentences before this index only feed the document memory (context), no mentions are returned. */
  readonly firstSentence?: number;
}

export function resolveActors(
  adoc: AnalyzedDocument,
  kb: KnowledgeBase,
  options: ResolveOptions = {},
): Mention[] {
  const st: DocState = {
    date: options.date ?? adoc.doc.published_at,
    kb,
    persons: [],
    countries: [],
    pairs: new Map(),
    explicit: null,
    plural: null,
    agents: [],
    seenPeople: new Set(),
    reps: new Map(),
    dateline: null,
    context: new Map(),
  };
  const out: Mention[] = [];
  const from = options.firstSentence ?? 0;
  for (const s of adoc.sentences) {
    const mentions = resolveSentence(s, st);
    if (s.index >= from) for (const m of mentions) out.push(m);
  }
  return out;
}

class SentenceResolver {
  readonly kb: KnowledgeBase;
  readonly date: string;
  readonly tokens: readonly Token[];
  readonly keys: string[];
  readonly glued: boolean[];
  readonly items: Item[];
  readonly mentions: Mention[] = [];
  readonly sentenceCountries: { code: string; token: number }[] = [];

  constructor(
    readonly s: Sentence,
    readonly st: DocState,
  ) {
    this.kb = st.kb;
    this.date = st.date;
    this.tokens = s.tokens;
    const { keys, glued } = tokenKeys(s.tokens);
    this.keys = keys;
    this.glued = glued;
    this.items = findItems(s, st.kb, keys, glued);
  }

  emit(
    a: number,
    b: number,
    kind: MentionKind,
    actors: readonly ActorRef[],
    rule: string,
    location = false,
  ): Mention {
    const { s, st, tokens, mentions, sentenceCountries } = this;
    const m: { -readonly [K in keyof Mention]: Mention[K] } = {
      sentence_index: s.index,
      start: tokens[a].start,
      end: tokens[b - 1].end,
      token_start: a,
      token_end: b,
      text: s.text.slice(tokens[a].start - s.start, tokens[b - 1].end - s.start),
      kind,
      actors,
      rule,
    };
    if (location) m.location = true;
    mentions.push(m);
    for (const act of actors) {
      if (isRealCountry(act.country) && kind !== 'reference') {
        sentenceCountries.push({ code: act.country, token: a });
        st.countries.push(act.country);
      }
      if (act.sector && kind === 'agent' && isRealCountry(act.country)) st.agents.push(act);
      if (isRealCountry(act.country) && !location && kind !== 'reference' && kind !== 'person')
        st.reps.set(act.country, act.sector === 'ELI' ? act.country : act.code);
    }
    return m;
  }

  remember(actor: ActorRef, gender: 'm' | 'f' | '', token: number) {
    const { s, st } = this;
    st.persons.push({ actor, gender, sentence: s.index, token });
    if (st.persons.length > 64) st.persons.splice(0, 32);
  }

  /** "TEHRAN –", "KABUL, Afghanistan", "SYDNEY :": a place in capitals opening the sentence, or any before a dash. */
  isDateline(it: Item): boolean {
    const t = this.tokens[it.s].text;
    if (t.length < 3 || t !== t.toUpperCase() || t === t.toLowerCase()) return false;
    if (it.s === 0) return true;
    return DASHES.has(this.tokens[it.e]?.text ?? '');
  }

  /** "the city of Basra", "the capital Kabul", "the northern town of Xyz": a place named as where. */
  afterPlaceNoun(i: number): boolean {
    const { keys } = this;
    const j = keys[i - 1] === 'of' ? i - 2 : i - 1;
    return j >= 0 && PLACE_NOUNS.has(keys[j]);
  }

  /**
   * "Israel said a shell was fired at it", "Kyiv says drones were launched against it": after a preposition
   * "it" stands for the state or organisation whose report the clause is. The index of that speaker's
   * mention (the nearest actor right before a reporting word, before the pronoun), or -1.
   */
  reportingSpeaker(i: number): number {
    const { keys, mentions } = this;
    if (i === 0 || !SPEAKER_PRONOUN_PREPS.has(keys[i - 1])) return -1;
    for (let k = mentions.length - 1; k >= 0; k--) {
      const m = mentions[k];
      if (m.actors.length !== 1 || m.location || m.kind === 'person' || m.kind === 'unknown') continue;
      if (m.kind !== 'state' && m.kind !== 'igo' && m.kind !== 'group') continue;
      for (let j = m.token_end; j < Math.min(m.token_end + 3, i); j++)
        if (REPORT_WORDS.has(keys[j])) return k;
    }
    return -1;
  }

  /**
   * "withdraw 70,000 troops from Iraq", "pulled its forces from Lebanon": after a verb that moves the
   * noun, "from X" is the place left, not whose the noun is ("soldiers from Nepal"). True when such a
   * verb governs the noun phrase starting at i (determiners, numbers, adjectives and a possessive
   * pronoun between).
   */
  movedBy(i: number): boolean {
    const { tokens, keys } = this;
    let j = i - 1;
    while (j >= 0 && (MODIFIER_POS.has(tokens[j].pos) || POSSESSIVE_PRONOUNS.has(keys[j]))) j--;
    if (j < 0) return false;
    if (tokens[j].pos === 'VERB') return REMOVAL_VERBS.has(tokens[j].lemma);
    // "the withdrawal of some invasion forces from Panama"
    return keys[j] === 'of' && j > 0 && REMOVAL_NOUNS.has(keys[j - 1]);
  }

  prevWord(i: number): string {
    const { keys } = this;
    let j = i - 1;
    let region = false;
    // "in southern Lebanon", "in the southeastern Serbia": a region of the place is still a place
    while (j >= 0 && (DETERMINERS.has(keys[j]) || REGION_WORDS.has(keys[j]))) {
      if (REGION_WORDS.has(keys[j])) region = true;
      j--;
    }
    const word = j >= 0 ? keys[j] : '';
    // "shot down over eastern Ukraine": before a region "over" says where; "rifts over Iraq" is a topic
    return region && word === 'over' ? 'in' : word;
  }

  definiteBefore(i: number): boolean {
    const { keys } = this;
    return i > 0 && (DETERMINERS.has(keys[i - 1]) || POSSESSIVE_PRONOUNS.has(keys[i - 1]));
  }

  /** Index after a possessive marker and up to three modifier tokens, if the next item is at that position. */
  gapTo(from: number, target: Item | undefined): boolean {
    const { tokens, keys } = this;
    if (!target) return false;
    let j = from;
    if (j < tokens.length && isPossessiveMarker(keys[j])) j++;
    let gap = 0;
    while (j < target.s && gap < 3 && GAP_POS.has(tokens[j].pos) && !isPossessiveMarker(keys[j])) {
      j++;
      gap++;
    }
    return j === target.s;
  }

  personFromItem(it: Item | undefined, titled: boolean): { p: PersonInfo } | null {
    const { st, kb, date } = this;
    if (it?.type !== 'match') return null;
    const candidates = (it.entries ?? []).filter(
      (e): e is Extract<Entry, { t: 'person' }> => e.t === 'person',
    );
    if (candidates.length === 0) return null;
    // prefer a person in office at the date, then one already named in the document
    let pick = candidates.find((c) => st.seenPeople.has(c.p.id)) ?? null;
    if (!pick) pick = candidates.find((c) => personActor(c.p, date, kb).sector !== 'ELI') ?? candidates[0];
    if (pick.weak && !titled && !st.seenPeople.has(pick.p.id)) return null;
    return { p: pick.p };
  }

  emitPerson(a: number, b: number, p: PersonInfo, rule: string, title?: TitleInfo): void {
    const { st, kb, date } = this;
    let actor = personActor(p, date, kb);
    // the text names a current office the knowledge base does not have at this date ("President X"
    // on a date outside X's recorded term, or an office not recorded): trust the text
    if (
      title?.role &&
      title.modifier !== 'former' &&
      actor.sector === 'ELI' &&
      !actor.role &&
      title.role.sector &&
      !NON_OFFICE_SECTORS.has(title.role.sector)
    ) {
      const role = title.role;
      let country = title.country;
      // ... but not after a recorded term of that office has ended: "President X" for a past
      // president is a courtesy title, and the knowledge base knows the term is over
      let ended = false;
      for (const r of p.roles) {
        if (!role.covers.has(r.role) || kb.orgs.has(r.country)) continue;
        if (r.end !== null && r.end < date) ended = true;
        country ??= r.country;
      }
      country ??= p.nationality;
      if (!ended && country && !kb.orgs.has(country))
        actor = ref(country + role.sector, p.name, { entity_id: p.id, role: role.role, sector: role.sector });
    }
    st.seenPeople.add(p.id);
    this.emit(a, b, 'person', [actor], rule);
    this.remember(actor, p.gender, a);
  }

  /** Office holder for a role of a country at the date (only for single, specific offices). */
  officeHolder(country: string, role: RoleInfo): PersonInfo | null {
    const { kb, date } = this;
    if (NON_OFFICE_SECTORS.has(role.sector) || role.covers.size !== 1 || role.generic) return null;
    const [r] = role.covers;
    const list = kb.offices.get(`${country}|${r}`);
    if (!list) return null;
    let best: PersonInfo | null = null;
    let bestStart = '';
    for (const p of list) {
      for (const pr of p.roles) {
        if (pr.role !== r || pr.country !== country || pr.start > date || (pr.end !== null && date > pr.end))
          continue;
        if (!best || pr.start > bestStart) {
          best = p;
          bestStart = pr.start;
        }
      }
    }
    return best;
  }

  /** A "vice"/"deputy" or "former" word among tokens [a, b) or right before a (after a determiner). */
  modifierIn(a: number, b: number): 'deputy' | 'former' | null {
    const { kb, keys } = this;
    let from = a;
    if (from > 0 && DETERMINERS.has(keys[from - 1])) from--;
    if (from > 0) from--;
    for (let j = from; j < b; j++) {
      const m = kb.titleModifiers.get(keys[j]);
      if (m) return m;
    }
    return null;
  }

  /** A deputy's title is a minister's office but not the office itself: "Vice Foreign Minister". */
  titleRole(role: RoleInfo, modifier: 'deputy' | 'former' | null): RoleInfo {
    if (modifier !== 'deputy' || role.sector !== 'GOV') return role;
    return this.kb.roles.get('other_minister') ?? role;
  }

  recentPerson(
    covers: ReadonlySet<string> | null,
    country: string | null,
    gender: 'm' | 'f' | '' = '',
  ): PersonMemory | null {
    const { st } = this;
    for (let k = st.persons.length - 1; k >= 0; k--) {
      const pm = st.persons[k];
      if (gender && pm.gender && pm.gender !== gender) continue;
      if (covers && !(pm.actor.role && covers.has(pm.actor.role))) continue;
      if (country && pm.actor.country !== country) continue;
      return pm;
    }
    return null;
  }

  lastPair(atToken: number): [string, string] | null {
    const { s, st, sentenceCountries } = this;
    if (
      st.explicit &&
      (st.explicit.sentence === s.index ? st.explicit.token < atToken : st.explicit.sentence >= s.index - 1)
    )
      return [st.explicit.a, st.explicit.b];
    // co-occurring countries earlier in this sentence
    const here: string[] = [];
    for (const c of sentenceCountries) if (c.token < atToken && !here.includes(c.code)) here.push(c.code);
    if (here.length === 2) return [here[0], here[1]];
    let best: PairMemory | null = null;
    for (const p of st.pairs.values())
      if (!best || p.count > best.count || (p.count === best.count && p.last > best.last)) best = p;
    return best ? [best.a, best.b] : null;
  }

  countryName(code: string): string {
    const { kb } = this;
    return kb.countries.get(code)?.name ?? kb.orgs.get(code)?.name ?? code;
  }

  /**
   * A title before a name the knowledge base knows only by surname ("President Reagan", "Chancellor
   * Kohl"): a person with that surname who held an office the title covers (in `country` if given), the
   * one in office at the date first, else the latest to leave it. A longer run must also share the
   * first name ("President Jeb Bush" is no Bush the knowledge base knows).
   */
  personBySurname(run: Item, role: RoleInfo | null, country: string | null): PersonInfo | null {
    const { kb, keys, date } = this;
    const list = kb.surnames.get(keys[run.e - 1]);
    if (!list) return null;
    let best: PersonInfo | null = null;
    let bestKey = '';
    for (const p of list) {
      if (run.e - run.s > 1) {
        const firsts = [p.name].map((n) => keyOf(n.split(/\s+/)[0].toLowerCase()));
        if (!firsts.includes(keys[run.s])) continue;
      }
      for (const r of p.roles) {
        if (role && !role.covers.has(r.role)) continue;
        if (country && r.country !== country) continue;
        if (r.start > date) continue;
        // in office now sorts first ('~'), then the most recent end
        const k = r.end === null || r.end >= date ? '~' : r.end;
        if (k > bestKey) {
          best = p;
          bestKey = k;
        }
      }
    }
    return best;
  }

  /**
   * Whose "its troops", "their leaders", "his government": for its/their the first actor named earlier
   * in the sentence, most often its subject ("Pakistan, a U.S. ally, urged its citizens"; a country,
   * organisation or group, not a place or person), for his/her the latest person of that gender in the
   * document. Null when that actor's country is not known.
   */
  possessiveOwner(i: number): { code: string; name: string; isOrg: boolean; start: number } | null {
    const { tokens, keys, mentions } = this;
    let j = i - 1;
    for (let gap = 0; j >= 0 && gap < 2 && tokens[j].pos === 'ADJ'; gap++) j--;
    if (j < 0 || !POSSESSIVE_PRONOUNS.has(keys[j])) return null;
    if (keys[j] === 'his' || keys[j] === 'her') {
      const pm = this.recentPerson(null, null, keys[j] === 'his' ? 'm' : 'f');
      if (!pm || !isRealCountry(pm.actor.country)) return null;
      return { code: pm.actor.country, name: pm.actor.name, isOrg: false, start: j };
    }
    for (const m of mentions) {
      if (m.location || m.kind === 'person' || m.kind === 'reference' || m.kind === 'unknown') continue;
      const a = m.actors[0];
      if (m.actors.length !== 1 || !a) return null;
      if (a.country === 'IGO') return { code: a.code, name: a.name, isOrg: true, start: j };
      if (!isRealCountry(a.country)) return null;
      return { code: a.country, name: a.name, isOrg: false, start: j };
    }
    return null;
  }

  /**
   * "US and Afghan security forces", "Russian, Chinese and Iranian warships": countries conjoined
   * before one sector noun share it; the noun is every one's, not only the last one's.
   */
  sharedHeadNoun(): void {
    const { mentions, keys } = this;
    for (let k = mentions.length - 2; k >= 0; k--) {
      const m = mentions[k];
      const next = mentions[k + 1];
      const joiner = keys[m.token_end];
      if (
        m.kind !== 'state' ||
        m.location ||
        m.actors.length !== 1 ||
        m.actors[0].sector !== '' ||
        (m.rule !== 'country-adjective' && !(m.rule === 'country' && isAcronym(m.text))) ||
        (joiner !== 'and' && joiner !== ',') ||
        next.token_start !== m.token_end + 1 ||
        next.kind !== 'agent' ||
        next.actors.length !== 1
      )
        continue;
      const b = next.actors[0];
      // the next one's own country comes first ("Afghan security forces"): its sector noun follows
      if (!b.sector || !isRealCountry(b.country) || b.country === m.actors[0].country) continue;
      const country = m.actors[0].country;
      const actor = ref(country + b.sector, m.text, { sector: b.sector });
      mentions[k] = { ...m, kind: 'agent', actors: [actor], rule: 'shared-head-noun' };
    }
  }

  /**
   * "ethnic Albanians demonstrated in Serbia", "ethnic Albanian guerrillas operating in Macedonia": after
   * "ethnic", a nationality names a people, not a state; the people is coded by the country the sentence
   * places events in (its first location), as CAMEO codes domestic groups, when there is one.
   */
  ethnicGroups(): void {
    const { mentions, keys } = this;
    let place = '';
    for (const m of mentions)
      if (m.location && m.actors.length === 1 && isRealCountry(m.actors[0].country)) {
        place = m.actors[0].country;
        break;
      }
    if (place === '') return;
    for (let k = 0; k < mentions.length; k++) {
      const m = mentions[k];
      if (m.location || m.kind === 'person' || m.actors.length !== 1 || keys[m.token_start - 1] !== 'ethnic')
        continue;
      const a = m.actors[0];
      if (a.country === place || !isRealCountry(a.country)) continue;
      const actor = ref(place + a.sector, a.name, { sector: a.sector });
      mentions[k] = { ...m, actors: [actor], rule: 'ethnic-group' };
    }
  }

  /**
   * A name and a description set side by side with a comma are one person: "Kenzo Xyz, the United
   * Nations relief coordinator" (an unknown name takes the description's actor) and "The US commander
   * in Iraq, General David Xyz," (a title of unknown country takes the description's country). Places
   * inside the description ("in Iraq") are skipped.
   */
  appositions(): void {
    const { mentions, keys, tokens, kb } = this;
    for (let k = 0; k < mentions.length; k++) {
      const m = mentions[k];
      // name, description
      if (m.kind === 'unknown' && m.rule === 'unknown-name' && m.token_end - m.token_start >= 2) {
        const n = mentions[k + 1];
        if (keys[m.token_end] !== ',' || !n) continue;
        let at = m.token_end + 1;
        if (/^(the|a|an)$/.test(keys[at] ?? '')) at++;
        for (let gap = 0; at < n.token_start && gap < 2 && tokens[at].pos === 'ADJ'; gap++) at++;
        const a = n.token_start === at || n.token_start === m.token_end + 1 ? described(n, kb) : null;
        if (a) {
          const actor = ref(a.code, m.text, { role: a.role, sector: a.sector });
          mentions[k] = { ...m, kind: 'person', actors: [actor], rule: 'apposition' };
          this.remember(actor, '', m.token_start);
        }
        continue;
      }
      const a0 = m.actors[0];
      // "the government of President Xyz": the person's country
      if (m.kind === 'agent' && a0?.country === UNKNOWN_COUNTRY && keys[m.token_end] === 'of') {
        const n = mentions[k + 1];
        const pa = n?.kind === 'person' ? n.actors[0] : undefined;
        if (n && pa && n.token_start <= m.token_end + 2 && kb.countries.has(pa.country)) {
          const actor = ref(pa.country + a0.sector, a0.name, { role: a0.role, sector: a0.sector });
          mentions[k] = { ...m, actors: [actor], rule: 'sector-of-person' };
        }
        continue;
      }
      // description, titled name
      if (m.kind !== 'person' || m.rule !== 'title-unknown-name' || a0?.country !== UNKNOWN_COUNTRY) continue;
      if (m.token_start === 0 || keys[m.token_start - 1] !== ',') continue;
      let j = m.token_start - 1;
      let prev = k - 1;
      while (prev >= 0 && mentions[prev].location && mentions[prev].token_end <= j) {
        const gap = tokens.slice(mentions[prev].token_end, j).every((t) => t.text === ',');
        if (!gap && mentions[prev].token_end !== j) break;
        j = mentions[prev].token_start;
        while (j > 0 && /^(in|at|of|the)$/.test(keys[j - 1])) j--;
        prev--;
      }
      const d = prev >= 0 && mentions[prev].token_end === j ? described(mentions[prev], kb) : null;
      if (!d) continue;
      const actor = ref(d.country === 'IGO' ? d.code : d.country + a0.sector, a0.name, {
        role: a0.role,
        sector: a0.sector,
      });
      mentions[k] = { ...m, actors: [actor], rule: 'apposition' };
      for (const pm of this.st.persons) if (pm.actor === a0) pm.actor = actor;
    }
  }

  /** The document's country so far: its dateline's, else the one named most (twice or more, more than any other). */
  dominantCountry(): string | null {
    const { st } = this;
    if (st.dateline) return st.dateline;
    let top = '';
    let topN = 0;
    let second = 0;
    for (const [c, n] of st.context) {
      if (n > topN) {
        second = topN;
        top = c;
        topN = n;
      } else if (n > second) second = n;
    }
    return topN >= 2 && topN > second ? top : null;
  }

  /** Places and owners named before a trailing attribution ("..., Thai military sources said"). */
  ownersBeforeAttribution(): Set<string> {
    const { keys, mentions } = this;
    let tail = keys.length;
    for (let j = keys.length - 1; j > 0 && tail === keys.length; j--)
      if (keys[j] === ',') for (let q = j + 1; q < keys.length; q++) if (REPORT_WORDS.has(keys[q])) tail = j;
    const out = new Set<string>();
    for (const m of mentions) {
      const a = m.actors[0];
      if (m.token_start >= tail || m.actors.length !== 1 || !a || m.kind === 'reference') continue;
      if (m.confidence !== undefined || !this.kb.countries.has(a.country)) continue;
      if (m.location || m.rule === 'place' || (OWNER_RULES.has(m.rule) && !namesCompanyOnly(a)))
        out.add(a.country);
    }
    return out;
  }

  /**
   * A sector noun or title whose country the phrase does not say ("police said", "President Xyz") takes
   * the country the context gives, with a confidence below 1:
   *  1. the sentence: the one country named in it as a place ("in Cairo", "in Sudan") or as the owner
   *     of another actor ("Egyptian police", "the Zambian people"); a bare country name ("against
   *     Russia") is not evidence, being as often the other party. A titled person in a sentence of
   *     travel or meeting ("arrived in Paris", "met the Egyptian minister") takes no country at all.
   *  2. else the document: its dateline's country, else the country it has named most (at least twice,
   *     more than any other) -- also when the sentence names several and that one is among them.
   * Soldiers, refugees, experts and aid groups, and nouns after "foreign", "Western", ..., are left alone.
   */
  inferContext(): void {
    const { st, mentions, keys } = this;
    // (created on first use: most sentences name no country)
    let owners: Set<string> | null = null;
    let places: Set<string> | null = null;
    for (const m of mentions) {
      const a = m.actors[0];
      if (m.actors.length !== 1 || !a || !this.kb.countries.has(a.country) || m.kind === 'reference')
        continue;
      if (m.rule === 'dateline') st.dateline ??= a.country;
      if (m.location || m.rule === 'place') {
        places ??= new Set();
        places.add(a.country);
      } else if (OWNER_RULES.has(m.rule) && !namesCompanyOnly(a)) {
        owners ??= new Set();
        owners.add(a.country);
      }
    }
    let mainOwners: Set<string> | null = null;
    // computed once, and only for a sentence that has an actor to place
    let travel: boolean | null = null;
    let dominant: string | null | undefined;
    let candidates: Set<string> | null = null;
    for (let k = 0; k < mentions.length; k++) {
      const m = mentions[k];
      const a = m.actors[0];
      if (m.actors.length !== 1 || !a || a.country !== UNKNOWN_COUNTRY || m.confidence !== undefined)
        continue;
      const person = m.kind === 'person' && m.rule === 'title-unknown-name';
      if (!person && !(m.kind === 'agent' && (m.rule === 'agent-bare' || m.rule === 'role-bare'))) continue;
      if (
        !a.sector ||
        NO_CONTEXT_SECTORS.has(a.sector) ||
        (person && a.sector !== 'GOV' && a.sector !== 'LEG')
      )
        continue;
      let foreign = false;
      for (let j = Math.max(0, m.token_start - 2); j <= m.token_start; j++)
        if (FOREIGN_WORDS.has(keys[j])) foreign = true;
      if (foreign) continue;
      // a leader in a sentence of travel or meeting may be the guest or the host: no guess
      if (person) {
        if (travel === null) {
          travel = false;
          for (const w of keys) if (TRAVEL_WORDS.has(w)) travel = true;
        }
        if (travel) continue;
      }
      if (dominant === undefined) dominant = this.dominantCountry();
      if (!candidates) {
        candidates = new Set(owners);
        if (places) for (const c of places) candidates.add(c);
      }
      // rebels are named by those they fight as often as by their own side: no evidence from the reporter
      if (a.sector === 'REB' && !mainOwners) mainOwners = this.ownersBeforeAttribution();
      const cands = a.sector === 'REB' && mainOwners ? mainOwners : candidates;
      let country: string | null = null;
      let confidence: number = CONTEXT_CONFIDENCE.sentence;
      if (cands.size === 1) [country] = cands;
      else if (dominant && (cands.size === 0 || cands.has(dominant))) {
        country = dominant;
        confidence = CONTEXT_CONFIDENCE.document;
      }
      if (!country) continue;
      const actor = ref(country + a.sector, a.name, {
        entity_id: a.entity_id,
        role: a.role,
        sector: a.sector,
      });
      mentions[k] = { ...m, actors: [actor], rule: person ? 'title-context' : 'agent-context', confidence };
      // pronouns and the document memory that took the unknown actor now take the inferred one
      for (let r = k + 1; r < mentions.length; r++)
        if (mentions[r].actors.includes(a))
          mentions[r] = { ...mentions[r], actors: mentions[r].actors.map((x) => (x === a ? actor : x)) };
      for (const pm of st.persons) if (pm.actor === a) pm.actor = actor;
      if (m.kind === 'agent') st.agents.push(actor);
    }
    if (owners) for (const c of owners) st.context.set(c, (st.context.get(c) ?? 0) + 1);
    if (places) for (const c of places) st.context.set(c, (st.context.get(c) ?? 0) + 1);
  }

  run(): Mention[] {
    const { s, st, kb, date, tokens, keys, glued, items, mentions } = this;
    for (let x = 0; x < items.length; x++) {
      const it = items[x];
      const next = items[x + 1];

      if (it.type === 'pronoun') {
        const info = kb.pronouns.get(keys[it.s]);
        if (!info) continue;
        if (info.case === 'speaker') {
          const k = this.reportingSpeaker(it.s);
          if (k >= 0) this.emit(it.s, it.e, 'reference', mentions[k].actors, 'pronoun-speaker');
          continue;
        }
        if (info.case === 'plural') {
          if (st.plural && st.plural.sentence >= s.index - 1)
            this.emit(it.s, it.e, 'reference', st.plural.actors, 'pronoun-plural');
          continue;
        }
        if (
          info.case === 'object' &&
          info.gender === 'f' &&
          it.s + 1 < tokens.length &&
          GAP_POS.has(tokens[it.s + 1].pos)
        )
          continue; // possessive "her"
        let pm: PersonMemory | null = null;
        if (info.case === 'reflexive') {
          for (let k = st.persons.length - 1; k >= 0 && !pm; k--) {
            const c = st.persons[k];
            if ((!info.gender || !c.gender || c.gender === info.gender) && c.sentence === s.index) pm = c;
          }
          if (!pm) pm = this.recentPerson(null, null, info.gender);
        } else if (info.case === 'object') {
          let skipped = false;
          for (let k = st.persons.length - 1; k >= 0 && !pm; k--) {
            const c = st.persons[k];
            if (info.gender && c.gender && c.gender !== info.gender) continue;
            if (!skipped && c.sentence === s.index) {
              let boundary = false;
              for (let j = c.token + 1; j < it.s && !boundary; j++)
                if (CLAUSE_BREAK.has(keys[j])) boundary = true;
              if (!boundary) {
                skipped = true;
                continue;
              }
            }
            pm = c;
          }
        } else pm = this.recentPerson(null, null, info.gender);
        if (pm) {
          this.emit(it.s, it.e, 'reference', [pm.actor], `pronoun-${info.case}`);
          this.remember(pm.actor, pm.gender, it.s);
        }
        continue;
      }

      if (it.type === 'unknown') {
        this.emit(it.s, it.e, 'unknown', [], 'unknown-name');
        continue;
      }

      // "Montenegro Municipality Association (AKK)": a capitalised abbreviation in brackets right
      // after a name abbreviates that name, whatever else the knowledge base knows by those letters
      if (
        it.e - it.s === 1 &&
        it.s > 0 &&
        keys[it.s - 1] === '(' &&
        keys[it.e] === ')' &&
        tokens[it.s].text === tokens[it.s].text.toUpperCase()
      ) {
        const prev = mentions[mentions.length - 1];
        if (prev && prev.token_end === it.s - 1 && !prev.location) {
          const actors = prev.kind === 'person' || prev.kind === 'reference' ? [] : prev.actors;
          this.emit(it.s, it.e, actors.length ? prev.kind : 'unknown', actors, 'abbreviation');
          continue;
        }
      }

      const E = it.entries;
      if (!E || first(E, 'stop')) continue;

      // references: "the two countries", "both sides", "the ministers"
      const refE = first(E, 'reference');
      if (refE) {
        let actors: ActorRef[] | null = null;
        if (refE.target === 'persons') {
          const picked: PersonMemory[] = [];
          for (let k = st.persons.length - 1; k >= 0 && picked.length < 2; k--) {
            const c = st.persons[k];
            if (
              refE.covers.size > 0 &&
              !(
                c.actor.role &&
                (refE.covers.has(c.actor.role) ||
                  [...refE.covers].some((r) => kb.roles.get(r)?.covers.has(c.actor.role as string)))
              )
            )
              continue;
            if (picked.some((q) => q.actor.code === c.actor.code && q.actor.name === c.actor.name)) continue;
            if (picked.length === 1 && picked[0].actor.country === c.actor.country) continue;
            picked.push(c);
          }
          if (picked.length === 2) actors = [picked[1].actor, picked[0].actor];
        }
        if (!actors) {
          const pair = this.lastPair(it.s);
          if (pair) {
            actors = pair.map((c) => {
              if (refE.target === 'countries') return ref(c, this.countryName(c));
              const rep = st.reps.get(c) ?? c;
              return ref(rep.length === 3 ? `${rep}GOV` : rep, this.countryName(c));
            });
          }
        }
        if (actors) {
          this.emit(it.s, it.e, 'reference', actors, `reference-${refE.target}`);
          st.plural = { actors, sentence: s.index };
        }
        continue;
      }

      const owner = ownerEntry(E);
      const sectorHere = sectorEntry(E);
      const personHere = this.personFromItem(it, false);

      // a person named outright
      if (personHere && !owner) {
        this.emitPerson(it.s, it.e, personHere.p, 'person-name');
        continue;
      }

      // owner (+ 's) (+ modifiers) + sector noun / role / counterpart (+ name)
      // an unknown capitalised word or two may sit inside the title: "Taiwan's Vice Foreign Minister"
      let title = next;
      let skip = 0;
      if (
        owner &&
        next?.type === 'unknown' &&
        next.e - next.s <= 2 &&
        this.gapTo(it.e, next) &&
        items[x + 2]?.type === 'match' &&
        items[x + 2].s === next.e &&
        sectorEntry(items[x + 2].entries) &&
        !ownerEntry(items[x + 2].entries)
      ) {
        title = items[x + 2];
        skip = 1;
      }
      if (
        owner &&
        title &&
        title.type === 'match' &&
        sectorEntry(title.entries) &&
        !ownerEntry(title.entries) &&
        (skip === 1 ||
          this.gapTo(it.e, title) ||
          // "Vietnamese-led forces": forces the owner leads
          (keys[it.e] === '-' && keys[it.e + 1] === 'led' && this.gapTo(it.e + 2, title)))
      ) {
        const next = title;
        const modifier = this.modifierIn(it.s, next.s);
        const oc = ownerCode(owner, date);
        const sec = sectorEntry(next.entries) as Entry;
        const after = items[x + 2 + skip];
        const start = this.definiteBefore(it.s) ? it.s - 1 : it.s;
        if (oc) {
          // a name right after the title: "Iranian Foreign Minister Abbas Araghchi"
          if (after && after.s === next.e && (sec.t === 'role' || sec.t === 'counterpart')) {
            const pf = this.personFromItem(after, true);
            if (pf) {
              const role = sec.t === 'role' ? this.titleRole(sec.r, modifier) : null;
              this.emitPerson(it.s, after.e, pf.p, 'title-name', {
                role,
                country: oc.isOrg ? null : oc.code,
                modifier,
              });
              x += 2 + skip;
              continue;
            }
            if (after.type === 'unknown') {
              const role = sec.t === 'role' ? this.titleRole(sec.r, modifier) : null;
              const known =
                sec.t === 'role' ? this.personBySurname(after, sec.r, oc.isOrg ? null : oc.code) : null;
              if (known) {
                this.emitPerson(it.s, after.e, known, 'title-name', {
                  role,
                  country: oc.isOrg ? null : oc.code,
                  modifier,
                });
                x += 2 + skip;
                continue;
              }
              const sector = role ? role.sector : 'GOV';
              const actor = ref(oc.code + (oc.isOrg ? '' : sector), tokensText(s, after.s, after.e), {
                role: role?.role,
                sector,
              });
              this.emit(it.s, after.e, 'person', [actor], 'title-unknown-name');
              this.remember(actor, '', it.s);
              x += 2 + skip;
              continue;
            }
          }
          if (sec.t === 'role' || sec.t === 'counterpart') {
            let role: RoleInfo | null = sec.t === 'role' ? this.titleRole(sec.r, modifier) : null;
            if (sec.t === 'counterpart') {
              const prev = this.recentPerson(null, null);
              role = prev?.actor.role ? (kb.roles.get(prev.actor.role) ?? null) : null;
            }
            const definite =
              this.definiteBefore(it.s) ||
              isPossessiveMarker(keys[it.e] ?? '') ||
              glued[it.e - 1] ||
              sec.t === 'counterpart';
            if (definite && role && !oc.isOrg && !modifier) {
              const known = this.recentPerson(role.covers, oc.code);
              if (known) {
                this.emit(start, next.e, 'person', [known.actor], 'description-known-person');
                this.remember(known.actor, known.gender, start);
                x += 1 + skip;
                continue;
              }
              const holder = this.officeHolder(oc.code, role);
              if (holder) {
                this.emitPerson(start, next.e, holder, 'description-office-holder');
                x += 1 + skip;
                continue;
              }
            }
            const sector = role ? role.sector : 'GOV';
            const actor = ref(
              oc.code + (sector && !oc.code.endsWith(sector) ? sector : ''),
              tokensText(s, it.s, next.e),
              { role: role?.role, sector },
            );
            this.emit(
              start,
              next.e,
              'agent',
              [actor],
              sec.t === 'counterpart' ? 'counterpart' : 'owner-role',
            );
            if (definite) this.remember(actor, '', start);
            x += 1 + skip;
            continue;
          }
          if (sec.t === 'noun') {
            // two sector nouns in a row name one group, the last one's: "Serbian military police" (COP);
            // a generic government noun keeps the first's: "US military officials" (MIL)
            let end = next.e;
            let sector = sec.sector;
            const more = items[x + 2 + skip];
            // ("Indian business leaders": a generic leader word after a sector noun is that sector's leaders)
            const after2 = more?.s === next.e && !ownerEntry(more.entries) ? more.entries : null;
            const role2 = first(after2, 'role');
            const noun2 =
              first(after2, 'noun') ??
              (role2 && role2.r.sector === 'GOV' && role2.r.covers.size > 1
                ? { t: 'noun' as const, sector: 'GOV', bare: true }
                : undefined);
            if (more && noun2) {
              end = more.e;
              if (noun2.sector !== 'GOV') sector = noun2.sector;
            }
            const actor = ref(oc.code + (oc.code.endsWith(sector) ? '' : sector), tokensText(s, it.s, end), {
              sector,
            });
            this.emit(start, end, 'agent', [actor], 'owner-sector');
            x += 1 + skip + (noun2 ? 1 : 0);
            continue;
          }
        }
      }

      // owner right before a name: "Russia's Lavrov", "Chinese Xi Jinping"
      if (owner && !personHere && next && next.type === 'match' && !ownerEntry(next.entries)) {
        const j = isPossessiveMarker(keys[it.e] ?? '') ? it.e + 1 : it.e;
        const pf = next.s === j ? this.personFromItem(next, false) : null;
        if (pf) {
          this.emitPerson(it.s, next.e, pf.p, 'owner-name');
          x++;
          continue;
        }
      }

      // sector noun / role / counterpart / honorific without an owner before it
      const honor = first(E, 'honorific');
      if (!owner && (sectorHere || honor)) {
        // title + name: "President Putin", "Mr Lavrov", "Foreign Minister Abbas Araghchi"
        if (
          next &&
          next.s === it.e &&
          (honor ||
            (sectorHere && sectorHere.t !== 'noun') ||
            (sectorHere?.t === 'noun' && startsUpper(tokens[it.s].text)))
        ) {
          const pf = this.personFromItem(next, true);
          if (pf) {
            const modifier = this.modifierIn(it.s, it.s);
            const role = sectorHere?.t === 'role' ? this.titleRole(sectorHere.r, modifier) : null;
            this.emitPerson(it.s, next.e, pf.p, 'title-name', { role, country: null, modifier });
            x++;
            continue;
          }
          // a lower-case title before a full name is a title too: "former president Carlos Xyz"
          if (
            next.type === 'unknown' &&
            (startsUpper(tokens[it.s].text) || (sectorHere?.t === 'role' && next.e - next.s >= 2))
          ) {
            const role = sectorHere?.t === 'role' ? sectorHere.r : null;
            if (role || honor) {
              const modifier = this.modifierIn(it.s, it.s);
              const known = this.personBySurname(next, role, null);
              if (known) {
                const title = role ? this.titleRole(role, modifier) : null;
                this.emitPerson(it.s, next.e, known, 'title-name', { role: title, country: null, modifier });
                x++;
                continue;
              }
              // "King Xyz of Morocco": the country after the name
              let end = next.e;
              let of: { code: string; isOrg: boolean } | null = null;
              const after = items[x + 2];
              if (role && keys[next.e] === 'of' && after?.type === 'match' && !sectorEntry(after.entries)) {
                const at = DETERMINERS.has(keys[next.e + 1] ?? '') ? next.e + 2 : next.e + 1;
                const oe = after.s === at ? ownerEntry(after.entries) : undefined;
                of = oe ? ownerCode(oe, date) : null;
                if (of) end = after.e;
              }
              const code = !role?.sector
                ? ''
                : of
                  ? of.code + (of.isOrg ? '' : role.sector)
                  : UNKNOWN_COUNTRY + role.sector;
              const actor = ref(code, tokensText(s, next.s, next.e), {
                role: role?.role,
                sector: role?.sector ?? '',
              });
              this.emit(
                it.s,
                end,
                honor && !role ? 'unknown' : 'person',
                honor && !role ? [] : [actor],
                'title-unknown-name',
              );
              if (role) this.remember(actor, '', it.s);
              x += of ? 2 : 1;
              continue;
            }
          }
        }
        if (!sectorHere) continue;
        // "its troops", "their leaders", "his government": the owner is whom the pronoun stands for
        // a singular noun before another noun modifies it: "its separatist province", "their court appearance"
        const nounModifier =
          sectorHere.t === 'noun' &&
          it.e < tokens.length &&
          tokens[it.e].pos === 'NOUN' &&
          !isPluralKey(keys[it.e - 1]);
        const poss = sectorHere.t === 'counterpart' || nounModifier ? null : this.possessiveOwner(it.s);
        if (poss) {
          const role = sectorHere.t === 'role' ? sectorHere.r : null;
          const sector = role ? role.sector : sectorHere.t === 'noun' ? sectorHere.sector : '';
          const holder = role && !poss.isOrg ? this.officeHolder(poss.code, role) : null;
          if (holder) {
            this.emitPerson(poss.start, it.e, holder, 'possessive-owner');
            continue;
          }
          if (sector || poss.isOrg) {
            const code =
              poss.isOrg && role ? poss.code : poss.code + (poss.code.endsWith(sector) ? '' : sector);
            const actor = ref(code, tokensText(s, it.s, it.e), { role: role?.role, sector });
            this.emit(poss.start, it.e, 'agent', [actor], 'possessive-owner');
            if (role) this.remember(actor, '', poss.start);
            continue;
          }
        }
        // "the militant group Hamas", "the rebel movement M23": the name says whose; the noun adds nothing
        if (sectorHere.t === 'noun' && next?.s === it.e && next.type === 'match') {
          const named = ownerEntry(next.entries);
          if (named && (named.t === 'org' || named.t === 'actor')) continue;
        }
        // "the Obama administration", "the Bush government": a leader's name before a government noun
        const prevM = mentions[mentions.length - 1];
        if (sectorHere.t === 'noun' && sectorHere.sector === 'GOV' && prevM?.token_end === it.s) {
          let country = '';
          const pa = prevM.actors[0];
          if (prevM.kind === 'person' && prevM.actors.length === 1 && kb.countries.has(pa.country))
            country = pa.country;
          else if (prevM.kind === 'unknown' && prevM.token_end - prevM.token_start === 1) {
            const run: Item = { s: prevM.token_start, e: prevM.token_end, entries: null, type: 'unknown' };
            country = this.personBySurname(run, null, null)?.nationality ?? '';
          }
          if (country) {
            mentions.pop();
            const from = this.definiteBefore(prevM.token_start) ? prevM.token_start - 1 : prevM.token_start;
            const actor = ref(`${country}GOV`, tokensText(s, prevM.token_start, it.e), { sector: 'GOV' });
            this.emit(from, it.e, 'agent', [actor], 'leader-government');
            continue;
          }
        }
        // "Bush administration officials": a sector noun right after an actor phrase of known country is
        // part of it (a generic government noun keeps that phrase's sector)
        const pa0 = prevM?.actors[0];
        if (
          sectorHere.t === 'noun' &&
          prevM?.token_end === it.s &&
          prevM.kind === 'agent' &&
          prevM.actors.length === 1 &&
          pa0 &&
          kb.countries.has(pa0.country)
        ) {
          const sector = sectorHere.sector === 'GOV' ? pa0.sector : sectorHere.sector;
          mentions.pop();
          const actor = ref(pa0.country + sector, tokensText(s, prevM.token_start, it.e), { sector });
          this.emit(prevM.token_start, it.e, 'agent', [actor], prevM.rule);
          continue;
        }
        // "the rebels from Syria", "the foreign minister of Iran", "rebels in the Ivory Coast"
        const linkTo = DETERMINERS.has(keys[it.e + 1] ?? '') ? it.e + 2 : it.e + 1;
        if (
          next &&
          (LINK_WORDS.has(keys[it.e] ?? '') ||
            (sectorHere.t === 'noun' &&
              keys[it.e] === 'in' &&
              !kb.stationedAbroad.has(sectorHere.sector.slice(0, 3)))) &&
          ownerEntry(next.entries) &&
          this.gapTo(linkTo, next) &&
          !sectorEntry(next.entries) &&
          !(keys[it.e] === 'from' && this.movedBy(it.s))
        ) {
          const oc = ownerCode(ownerEntry(next.entries) as Entry, date);
          if (oc) {
            const role = sectorHere.t === 'role' ? sectorHere.r : null;
            const sector = role ? role.sector : sectorHere.t === 'noun' ? sectorHere.sector : 'GOV';
            const start = this.definiteBefore(it.s) ? it.s - 1 : it.s;
            if (role && this.definiteBefore(it.s) && !oc.isOrg) {
              const holder = this.officeHolder(oc.code, role);
              if (holder) {
                this.emitPerson(start, next.e, holder, 'description-office-holder');
                x++;
                continue;
              }
            }
            const actor = ref(
              oc.code + (oc.code.endsWith(sector) ? '' : sector),
              tokensText(s, it.s, next.e),
              { role: role?.role, sector },
            );
            this.emit(start, next.e, 'agent', [actor], 'sector-of-owner');
            x++;
            continue;
          }
        }
        const definite = this.definiteBefore(it.s);
        const start = definite ? it.s - 1 : it.s;
        if (sectorHere.t === 'role' || sectorHere.t === 'counterpart') {
          let role: RoleInfo | null = sectorHere.t === 'role' ? sectorHere.r : null;
          let country: string | null = null;
          if (sectorHere.t === 'counterpart') {
            const prev = this.recentPerson(null, null);
            role = prev?.actor.role ? (kb.roles.get(prev.actor.role) ?? null) : null;
            const pair = this.lastPair(it.s);
            if (prev && pair) country = pair[0] === prev.actor.country ? pair[1] : pair[0];
          }
          if (definite || sectorHere.t === 'counterpart') {
            const known = role ? this.recentPerson(role.covers, country) : null;
            if (known && sectorHere.t !== 'counterpart') {
              this.emit(start, it.e, 'person', [known.actor], 'description-known-person');
              this.remember(known.actor, known.gender, start);
              continue;
            }
            const inferred = country ?? st.countries[st.countries.length - 1] ?? null;
            if (role && inferred && inferred.length === 3) {
              const holder = this.officeHolder(inferred, role);
              if (holder) {
                this.emitPerson(start, it.e, holder, 'description-office-holder');
                continue;
              }
            }
            if (role && country) {
              const actor = ref(country + role.sector, tokensText(s, it.s, it.e), {
                role: role.role,
                sector: role.sector,
              });
              this.emit(start, it.e, 'agent', [actor], 'counterpart');
              this.remember(actor, '', start);
              continue;
            }
          }
          if (role && !NON_OFFICE_SECTORS.has(role.sector) && role.sector) {
            const actor = ref(UNKNOWN_COUNTRY + role.sector, tokensText(s, it.s, it.e), {
              role: role.role,
              sector: role.sector,
            });
            this.emit(start, it.e, 'agent', [actor], 'role-bare');
          }
          continue;
        }
        const head = tokens[it.e - 1].pos;
        const modifier = it.e < tokens.length && tokens[it.e].pos === 'NOUN' && !isPluralKey(keys[it.e - 1]);
        if (
          sectorHere.t === 'noun' &&
          sectorHere.bare &&
          (head === 'NOUN' || head === 'PROPN') &&
          !modifier
        ) {
          // "the rebels" after "Syrian rebels": the same group
          if (definite) {
            let prior: ActorRef | null = null;
            for (let k = st.agents.length - 1; k >= 0 && !prior; k--)
              if (st.agents[k].sector === sectorHere.sector) prior = st.agents[k];
            if (prior) {
              this.emit(
                start,
                it.e,
                'agent',
                [ref(prior.code, tokensText(s, it.s, it.e), { sector: sectorHere.sector })],
                'definite-agent',
              );
              continue;
            }
          }
          this.emit(
            start,
            it.e,
            'agent',
            [
              ref(UNKNOWN_COUNTRY + sectorHere.sector, tokensText(s, it.s, it.e), {
                sector: sectorHere.sector,
              }),
            ],
            'agent-bare',
          );
        }
        continue;
      }

      if (!owner) continue;
      // "Syrian-backed Amal militia", "US-funded groups": the group is backed by the country, not the country
      if (owner.t === 'country' && keys[it.e] === '-' && kb.sponsorWords.has(keys[it.e + 1] ?? '')) continue;

      // a country (name or adjective) opening an unknown name that ends like an organisation's is
      // that country's organisation: "Montenegro Municipality Association", "Kenyan Tea Growers Association"
      if (
        owner.t === 'country' &&
        owner.form !== 'demonym' &&
        next?.type === 'unknown' &&
        next.s === it.e &&
        kb.orgHeads.has(keys[next.e - 1]) &&
        (it.s === 0 || tokens[it.s - 1].text !== '-')
      ) {
        const name = tokensText(s, it.s, next.e);
        this.emit(it.s, next.e, 'group', [ref(owner.c.code, name)], 'country-organisation');
        x++;
        continue;
      }

      // a country adjective before an unknown plural name is a people of that country: "Iraqi Kurds"
      // (a population, coded by the country it lives in)
      if (
        owner.t === 'country' &&
        owner.form === 'adjective' &&
        next?.type === 'unknown' &&
        next.s === it.e &&
        next.e - next.s === 1 &&
        tokens[next.s].pos === 'PROPN' &&
        isPluralKey(keys[next.s]) &&
        (it.s === 0 || tokens[it.s - 1].text !== '-')
      ) {
        this.emit(it.s, next.e, 'group', [ref(owner.c.code, tokensText(s, it.s, next.e))], 'country-people');
        x++;
        continue;
      }

      // a one-word country name opening a longer unknown name is part of it: "Chad Smith", "Jordan Peterson"
      if (
        owner.t === 'country' &&
        owner.form === 'name' &&
        it.e - it.s === 1 &&
        next?.type === 'unknown' &&
        next.s === it.e &&
        next.e - next.s <= 2 &&
        (it.s === 0 || tokens[it.s - 1].text !== '-')
      ) {
        this.emit(it.s, next.e, 'unknown', [], 'unknown-name');
        x++;
        continue;
      }

      // a country before one of its own seats is the seat: "the U.S. State Department", "Russia's Kremlin"
      if (
        owner.t === 'country' &&
        next?.type === 'match' &&
        (next.s === it.e || (isPossessiveMarker(keys[it.e] ?? '') && next.s === it.e + 1))
      ) {
        const seat = first(next.entries, 'seat');
        if (seat && seat.c.code === owner.c.code && !kb.locatives.has(this.prevWord(it.s))) {
          const start = this.definiteBefore(it.s) ? it.s - 1 : it.s;
          this.emit(start, next.e, 'state', [ref(seat.c.code + seat.sector, seat.c.name)], 'seat-metonym');
          x++;
          continue;
        }
      }

      // an owner standing alone
      switch (owner.t) {
        case 'country': {
          // "KABUL, Afghanistan -": the country of a dateline is a location too
          const prev = mentions[mentions.length - 1];
          const afterDateline =
            prev?.rule === 'dateline' && prev.token_end + 1 === it.s && keys[prev.token_end] === ',';
          if (owner.form === 'name' && (afterDateline || kb.countryLocatives.has(this.prevWord(it.s)))) {
            this.emit(it.s, it.e, 'state', [ref(owner.c.code, owner.c.name)], 'country-location', true);
          } else
            this.emit(
              it.s,
              it.e,
              'state',
              [ref(owner.c.code, owner.c.name)],
              owner.form === 'name'
                ? 'country'
                : owner.form === 'adjective'
                  ? 'country-adjective'
                  : 'demonym',
            );
          break;
        }
        case 'capital': {
          const dateline = this.isDateline(it);
          if (dateline || kb.locatives.has(this.prevWord(it.s)) || this.afterPlaceNoun(it.s))
            this.emit(
              it.s,
              it.e,
              'state',
              [ref(owner.c.code, owner.name)],
              dateline ? 'dateline' : 'capital-location',
              true,
            );
          else this.emit(it.s, it.e, 'state', [ref(`${owner.c.code}GOV`, owner.c.name)], 'capital-metonym');
          break;
        }
        case 'seat': {
          const pw = this.prevWord(it.s);
          if (kb.countryLocatives.has(pw) || pw === 'at')
            this.emit(it.s, it.e, 'state', [ref(owner.c.code, owner.name)], 'seat-location', true);
          else
            this.emit(
              this.definiteBefore(it.s) ? it.s - 1 : it.s,
              it.e,
              'state',
              [ref(owner.c.code + owner.sector, owner.c.name)],
              'seat-metonym',
            );
          break;
        }
        case 'place': {
          // "SAN JOSE, Calif. -", "AUSTIN, Texas (AP) -": the place after a dateline's comma says its country
          const prevM = mentions[mentions.length - 1];
          const datelineBefore =
            prevM?.token_start === 0 &&
            prevM.token_end + 1 === it.s &&
            keys[prevM.token_end] === ',' &&
            (prevM.rule === 'dateline' ||
              (prevM.kind === 'unknown' &&
                tokens[0].text === tokens[0].text.toUpperCase() &&
                (DASHES.has(keys[it.e] ?? '') || keys[it.e] === '(')));
          if (datelineBefore) {
            if (prevM.rule === 'dateline' && prevM.actors[0]?.country !== owner.c.code) {
              mentions[mentions.length - 1] = { ...prevM, actors: [ref(owner.c.code, prevM.text)] };
              if (st.dateline === prevM.actors[0]?.country) st.dateline = null;
            }
            this.emit(it.s, it.e, 'state', [ref(owner.c.code, owner.name)], 'dateline', true);
          } else if (this.isDateline(it))
            this.emit(it.s, it.e, 'state', [ref(owner.c.code, owner.name)], 'dateline', true);
          else if (kb.locatives.has(this.prevWord(it.s)) || this.afterPlaceNoun(it.s))
            this.emit(it.s, it.e, 'state', [ref(owner.c.code, owner.name)], 'place-location', true);
          else this.emit(it.s, it.e, 'state', [ref(owner.c.code, owner.name)], 'place');
          break;
        }
        case 'org':
          // "West Darfur", "West Africans": a compass word opening a longer proper name names a region
          if (it.e - it.s === 1 && COMPASS_WORDS.has(keys[it.s]) && tokens[it.e]?.pos === 'PROPN') break;
          this.emit(
            it.s,
            it.e,
            owner.o.kind === 'igo' ? 'igo' : 'group',
            [orgActor(owner.o, date)],
            owner.o.kind === 'igo' ? 'organisation' : 'group',
          );
          break;
        case 'actor': {
          const code = codeAt(owner.a.periods, owner.a.fallback, date);
          if (code) this.emit(it.s, it.e, 'state', [ref(code, owner.a.name)], 'dictionary-actor');
          break;
        }
      }
    }

    this.appositions();
    this.sharedHeadNoun();
    this.ethnicGroups();
    this.inferContext();

    // pairs: explicit coordination ("X and Y", "X-Y", "between X and Y") and co-occurrence counts
    const actorMentions: Mention[] = [];
    for (const m of mentions)
      if (
        m.confidence === undefined &&
        m.kind !== 'reference' &&
        m.kind !== 'unknown' &&
        m.actors.length === 1 &&
        isRealCountry(m.actors[0].country)
      )
        actorMentions.push(m);
    for (let k = 0; k + 1 < actorMentions.length; k++) {
      const a = actorMentions[k];
      const b = actorMentions[k + 1];
      if (a.actors[0].country === b.actors[0].country) continue;
      if (coordinated(tokens, a.token_end, b.token_start))
        st.explicit = {
          a: a.actors[0].country,
          b: b.actors[0].country,
          sentence: s.index,
          token: b.token_start,
        };
    }
    const distinct: string[] = [];
    for (const m of actorMentions)
      if (!distinct.includes(m.actors[0].country)) distinct.push(m.actors[0].country);
    for (let i = 0; i < distinct.length; i++) {
      for (let j = i + 1; j < distinct.length; j++) {
        const a = distinct[i];
        const b = distinct[j];
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        const p = st.pairs.get(key);
        if (p) {
          p.count++;
          p.last = s.index;
        } else st.pairs.set(key, { a, b, count: 1, last: s.index });
      }
    }
    return mentions;
  }
}

/** Whether the words between two actors join them: "and" among at most three words, or a lone dash. */
function coordinated(tokens: readonly Token[], from: number, to: number): boolean {
  const n = to - from;
  if (n > 3) return false;
  if (n === 1 && (tokens[from].lower === '-' || tokens[from].lower === '–')) return true;
  for (let i = from; i < to; i++) if (tokens[i].lower === 'and') return true;
  return false;
}

function resolveSentence(s: Sentence, st: DocState): Mention[] {
  return new SentenceResolver(s, st).run();
}

function tokensText(s: Sentence, a: number, b: number): string {
  return s.text.slice(s.tokens[a].start - s.start, s.tokens[b - 1].end - s.start);
}
