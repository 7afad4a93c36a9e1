// The claims stage: numeric claims (value, unit, metric, actors, direction, period, speaker),
// relation claims ("X and Y are forming a bloc", attributed), and quotes (direct and indirect) with
// their speakers. Pure function of the analysed document, its mentions and the claims vocabulary.
import type {
  ActorRef,
  AnalyzedDocument,
  Claim,
  CodedEvent,
  DateExpression,
  Evidence,
  Mention,
  Quote,
} from '../types.ts';
import {
  type Attribution,
  findAttributions,
  type PreparedSentence,
  prepare,
  resolveSpeakers,
  type Speaker,
  speakerActor,
} from './attribution.ts';
import { findNumbers, type NumberMatch } from './numbers.ts';
import { findDirectQuotes } from './quotes.ts';
import { type ClaimsRules, type LoadClaimsOptions, loadClaimsRules, type MetricDef } from './rules.ts';

export type { ClaimsRules, LoadClaimsOptions };
export { loadClaimsRules };

const NEGATIONS = new Set(['not', "n't", 'no', 'never', 'nor', 'neither']);
const CLAUSE_BREAKS = new Set([';', 'while', 'whereas', 'but']);
/** Units that count people and things (a count metric); other count units are physical amounts. */
const COUNTED_UNITS = new Set(['people', 'troops', 'units']);
/** How far (tokens) a metric may be from its number. */
const METRIC_WINDOW = 10;

interface SentenceSpeaker {
  readonly attribution: Attribution | null;
  readonly speaker: Speaker | null;
}

const NO_NUMBERS: NumberMatch[] = [];
const EMPTY = new Uint8Array(0);

/** Tokens inside the sentence's date expressions: their numbers are dates, not figures. */
function blockedByDates(p: PreparedSentence): Uint8Array {
  const s = p.s;
  const blocked = new Uint8Array(s.tokens.length);
  if (s.dates.length === 0) return blocked;
  for (let i = 0; i < s.tokens.length; i++) {
    const t = s.tokens[i];
    for (const d of s.dates)
      if (t.start >= d.start && t.end <= d.end) {
        blocked[i] = 1;
        break;
      }
  }
  return blocked;
}

function evidenceOf(p: PreparedSentence): Evidence {
  return { text: p.s.text, start: p.s.start, end: p.s.end };
}

/** The country or group code; an organisation keeps its full code ("IGOEU"), "IGO" alone says nothing. */
function countryOf(a: ActorRef): string {
  const c = a.country || a.code.slice(0, 3);
  return c === 'IGO' && a.code.length > 3 ? a.code : c;
}

/** Country codes of the mentions in tokens [a, b), skipping the speaker's tokens; in order, unique. */
function actorsIn(
  p: PreparedSentence,
  a: number,
  b: number,
  skip: Speaker | null,
  partiesOnly = false,
): string[] {
  const out: string[] = [];
  for (const m of p.mentions) {
    if (m.token_start < a || m.token_end > b) continue;
    // for relations, "Western sanctions" names a thing, not a party
    if (partiesOnly && m.token_end < p.lowers.length && p.s.tokens[m.token_end].pos === 'NOUN') {
      const last = p.s.tokens[m.token_end - 1];
      if (last.pos === 'PROPN' || last.pos === 'ADJ') {
        if (m.kind !== 'person' && m.token_end - m.token_start === 1) continue;
      }
    }
    if (skip && m.token_start >= skip.a && m.token_end <= skip.b) continue;
    for (const actor of m.actors) {
      const c = countryOf(actor);
      if (c && !out.includes(c)) out.push(c);
    }
  }
  return out;
}

/**
 * How far a clause reaches either side of a figure, in tokens. Real clauses are far shorter; the
 * bound keeps a sentence of thousands of tokens without a clause break (hostile or broken input)
 * from costing time quadratic in its length, since every figure scans its clause.
 */
const MAX_CLAUSE_REACH = 80;

/** The clause around token i: bounded by ';', "while", "but" and the attribution cue. */
function clauseAround(p: PreparedSentence, i: number, att: Attribution | null): [number, number] {
  let a = 0;
  let b = p.lowers.length;
  if (att) {
    if (i >= att.compA && i < att.compB) {
      a = att.compA;
      b = att.compB;
    }
  }
  a = Math.max(a, i - MAX_CLAUSE_REACH);
  b = Math.min(b, i + MAX_CLAUSE_REACH + 1);
  const isBreak = (k: number) =>
    CLAUSE_BREAKS.has(p.lowers[k]) ||
    (p.lowers[k] === ',' && (p.lowers[k + 1] === 'and' || p.lowers[k + 1] === 'but'));
  for (let k = i - 1; k >= a; k--)
    if (isBreak(k)) {
      a = k + 1;
      break;
    }
  for (let k = i + 1; k < b; k++)
    if (isBreak(k)) {
      b = k;
      break;
    }
  return [a, b];
}

/** The attribution that covers token i, else the sentence's first one. */
function attributionFor(atts: readonly Attribution[], i: number): Attribution | null {
  for (const at of atts) if (i >= at.compA && i < at.compB) return at;
  return atts[0] ?? null;
}

function findMetric(
  p: PreparedSentence,
  num: NumberMatch,
  rules: ClaimsRules,
  lo: number,
  hi: number,
  taken: Uint8Array,
): { def: MetricDef; a: number; b: number } | null {
  let best: { def: MetricDef; a: number; b: number; dist: number } | null = null;
  const countable = num.unitKind === null || (num.unitKind === 'count' && COUNTED_UNITS.has(num.unit ?? ''));
  const from = Math.max(lo, num.a - METRIC_WINDOW);
  const to = Math.min(hi, num.b + METRIC_WINDOW);
  for (let i = from; i < to; i++) {
    if (i >= num.a && i < num.b && num.unitKind !== 'count') continue;
    if (taken[i] && !(i >= num.a && i < num.b)) continue; // another figure's unit ("47 dollars")
    const m = rules.metrics.match(p.lowers, p.lemmas, i);
    if (!m) continue;
    const def = m.value;
    const isCount = def.kind === 'count';
    // an amount or rate is named by a noun: "contract" the verb is no contract
    if (!isCount && p.s.tokens[i].pos === 'VERB') continue;
    // counts of people and things go with count metrics (or bare numbers); amounts and rates with
    // percent, money or physical quantities (barrels, tonnes, cubic metres)
    if (isCount !== countable) {
      i += m.length - 1;
      continue;
    }
    if (num.unitKind === null && !isCount) continue;
    const dist = i >= num.b ? i - num.b + 1 : i < num.a ? num.a - (i + m.length) + 1 : 0;
    // a count metric verb ("killed") beats the unit noun itself ("troops") when both are there
    const score = dist + (isCount && i >= num.a && i < num.b ? 3 : 0);
    if (!best || score < best.dist) best = { def, a: i, b: i + m.length, dist: score };
    i += m.length - 1;
  }
  return best;
}

function findDirection(
  p: PreparedSentence,
  num: NumberMatch,
  rules: ClaimsRules,
  lo: number,
  hi: number,
): { dir: 'up' | 'down' | 'flat'; before: boolean } | null {
  // left: "rose 15 percent", "rose by some 15 percent", "up 15%", "rose from $3 billion to $5 billion"
  let startLeft = num.a - 1;
  if (startLeft > lo && (p.lowers[startLeft] === 'to' || p.lowers[startLeft - 1] === 'to')) {
    for (let k = startLeft - 1; k >= lo && k >= num.a - 10; k--)
      if (p.lowers[k] === 'from') {
        startLeft = k - 1;
        break;
      }
  }
  for (let i = startLeft, steps = 0; i >= lo && steps < 5; i--, steps++) {
    const l = p.lowers[i];
    if (l === ',' || l === '.' || p.s.tokens[i].pos === 'NUM') break;
    const d = rules.directions.match(p.lowers, p.lemmas, i);
    if (d) return { dir: d.value, before: true };
  }
  // right: "a 15 percent increase", "15% higher"
  for (let i = num.b, steps = 0; i < hi && steps < 3; i++, steps++) {
    if (p.lowers[i] === ',' || p.s.tokens[i].pos === 'NUM') break;
    const d = rules.directions.match(p.lowers, p.lemmas, i);
    if (d) return { dir: d.value, before: false };
  }
  return null;
}

function nearestDate(dates: readonly DateExpression[], start: number, end: number): DateExpression | null {
  let best: DateExpression | null = null;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const d of dates) {
    if (d.start < end && start < d.end) continue;
    const dist = d.start >= end ? d.start - end : start - d.end;
    if (dist < bestDist) {
      best = d;
      bestDist = dist;
    }
  }
  return best;
}

export function extractClaimsAndQuotes(
  doc: AnalyzedDocument,
  mentions: readonly Mention[],
  _events: readonly CodedEvent[],
  rules: ClaimsRules,
): { claims: Claim[]; quotes: Quote[] } {
  const docId = doc.doc.id;
  const sentences = doc.sentences;
  // mentions by sentence (they arrive in document order, but do not rely on it)
  const bySentence: Mention[][] = sentences.map(() => []);
  const position = new Map<number, number>();
  for (let k = 0; k < sentences.length; k++) position.set(sentences[k].index, k);
  for (const m of mentions) {
    const pos = position.get(m.sentence_index);
    if (pos !== undefined) bySentence[pos].push(m);
  }
  const prepared = sentences.map((s, k) => prepare(s, bySentence[k]));
  const attributions = prepared.map((p) => findAttributions(p, rules));
  // direct quotes may carry their own attribution across a sentence boundary
  const direct = findDirectQuotes(doc.doc.text, prepared, attributions, rules);
  resolveSpeakers(attributions, prepared, rules);

  const claims: Claim[] = [];
  const quotes: Quote[] = [];
  let lastPeriod: { start: string; end: string; sentence: number } | null = null;

  for (let k = 0; k < prepared.length; k++) {
    const p = prepared[k];
    const atts = attributions[k];
    const s = p.s;
    // a sentence inside a direct quote is spoken by the quote's speaker
    const quoted = direct.find((q) => q.attribution && s.start >= q.openAt && s.start < q.closeAt);
    const quotedSpeaker: SentenceSpeaker | null = quoted?.attribution
      ? { attribution: null, speaker: quoted.attribution.speaker }
      : null;

    // -------------------------------------------------------------- numeric claims
    const numbers = p.hasNumber ? findNumbers(s.tokens, p.lowers, blockedByDates(p), rules) : NO_NUMBERS;
    const taken = numbers.length > 0 ? new Uint8Array(s.tokens.length) : EMPTY;
    for (const nm of numbers) for (let i = nm.a; i < nm.b; i++) taken[i] = 1;
    for (let ni = 0; ni < numbers.length; ni++) {
      const num = numbers[ni];
      const att = attributionFor(atts, num.at);
      const [lo, hi] = clauseAround(p, num.at, att);
      // "from $3 billion to $5 billion": the claim is the second figure
      const next = numbers[ni + 1];
      if (
        num.a > 0 &&
        p.lowers[num.a - 1] === 'from' &&
        next &&
        (p.lowers[next.a - 1] === 'to' || (next.a > 1 && p.lowers[next.a - 2] === 'to'))
      )
        continue;
      // a bare number counting some other noun ("three countries", "twelve days") is no claim
      if (!num.unit && num.b < s.tokens.length) {
        const after = s.tokens[num.b];
        if (
          (after.pos === 'NOUN' || after.pos === 'PROPN') &&
          !rules.metrics.match(p.lowers, p.lemmas, num.b)
        )
          continue;
      }
      const metric = findMetric(p, num, rules, lo, hi, taken);
      if (!metric) continue;
      let unit = num.unit;
      if (!unit) {
        // a bare number is a count of what the metric counts ("killed 30")
        if (metric.def.kind !== 'count' || !metric.def.unit) continue;
        unit = metric.def.unit;
      }
      const dir = findDirection(p, num, rules, lo, hi);
      const prevWord = num.a > 0 ? p.lowers[num.a - 1] : '';
      const isLevel = prevWord === 'to' || prevWord === 'at' || prevWord === 'of' || prevWord === 'reached';
      let value = num.value;
      if (dir && dir.dir === 'down' && !isLevel && (num.unitKind === 'percent' || prevWord === 'by'))
        value = -value;
      // actors: the clause minus the speaker
      const speakerInfo: SentenceSpeaker =
        quotedSpeaker ??
        (att ? { attribution: att, speaker: att.speaker } : { attribution: null, speaker: null });
      const actors = actorsIn(p, lo, hi, speakerInfo.speaker);
      // period: the nearest date in the sentence, else the previous claim's (within two sentences)
      const from = s.tokens[num.a].start;
      const to = s.tokens[num.b - 1].end;
      // a date inside the claim's own clause beats one in the attribution ("said on Tuesday that …")
      const clauseStart = s.tokens[lo]?.start ?? from;
      const clauseEnd = s.tokens[hi - 1]?.end ?? to;
      const date =
        nearestDate(
          s.dates.filter((d) => d.start >= clauseStart && d.end <= clauseEnd),
          from,
          to,
        ) ?? nearestDate(s.dates, from, to);
      let periodStart: string | null = null;
      let periodEnd: string | null = null;
      let periodRule = 'period:sentence';
      if (date) {
        periodStart = date.date;
        periodEnd = date.end_date;
      } else if (lastPeriod && k - lastPeriod.sentence <= 2) {
        periodStart = lastPeriod.start;
        periodEnd = lastPeriod.end;
        periodRule = 'period:previous';
      } else {
        periodStart = doc.doc.published_at;
        periodEnd = doc.doc.published_at;
        periodRule = 'period:publication';
      }
      lastPeriod = { start: periodStart, end: periodEnd, sentence: k };
      const sp = speakerInfo.speaker;
      claims.push({
        kind: 'claim',
        id: `${docId}:c${claims.length + 1}`,
        doc_id: docId,
        sentence_index: s.index,
        claim_type: 'numeric',
        metric: metric.def.metric,
        value,
        unit,
        original_value: num.originalValue,
        original_unit: num.originalUnit,
        actors,
        direction: dir ? dir.dir : null,
        period_start: periodStart,
        period_end: periodEnd,
        relation: null,
        stance: null,
        speaker: sp ? sp.name : (doc.doc.source ?? null),
        speaker_actor: sp ? speakerActor(sp) : null,
        evidence: evidenceOf(p),
        rule: `numeric:${num.unitKind ?? 'count'}+${sp ? `speaker:${sp.how}` : 'speaker:outlet'}+${periodRule}`,
      });
    }

    // -------------------------------------------------------------- relation claims (attributed)
    const relSpeaker = quotedSpeaker ?? (atts[0] ? { attribution: atts[0], speaker: atts[0].speaker } : null);
    if (relSpeaker?.speaker) {
      let found: {
        relation: string;
        stance: 'positive' | 'negative' | 'neutral';
        negated: boolean;
        at: number;
      } | null = null;
      for (let i = 0; i < p.lowers.length; i++) {
        const r = rules.relations.match(p.lowers, p.lemmas, i);
        if (!r) continue;
        const pos = s.tokens[i].pos;
        if (pos === 'PROPN') continue;
        let negated = false;
        for (let j = Math.max(0, i - 4); j < i; j++) if (NEGATIONS.has(p.lowers[j])) negated = true;
        // the first asserted relation; a negated one only when nothing else is said
        if (!found || (found.negated && !negated))
          found = { relation: r.value.relation, stance: r.value.stance, negated, at: i };
        i += r.length - 1;
      }
      if (found) {
        const att = relSpeaker.attribution;
        const [lo, hi] = att ? [att.compA, att.compB] : [0, p.lowers.length];
        const actors = actorsIn(p, lo, hi, relSpeaker.speaker, true);
        if (actors.length >= 2) {
          let stance = found.stance;
          // a denied bloc is a negative claim; a denied (or feared) confrontation is no positive one
          if (found.negated) stance = stance === 'positive' ? 'negative' : 'neutral';
          const sp = relSpeaker.speaker;
          claims.push({
            kind: 'claim',
            id: `${docId}:c${claims.length + 1}`,
            doc_id: docId,
            sentence_index: s.index,
            claim_type: 'relation',
            metric: 'relation',
            value: null,
            unit: null,
            original_value: null,
            original_unit: null,
            actors,
            direction: null,
            period_start: null,
            period_end: null,
            relation: found.relation,
            stance,
            speaker: sp.name,
            speaker_actor: speakerActor(sp),
            evidence: evidenceOf(p),
            rule: `relation:${found.relation}+speaker:${sp.how}`,
          });
        }
      }
    }

    // -------------------------------------------------------------- indirect quotes
    for (const at of atts) {
      if (quoted) break; // the sentence is itself a direct quote
      const inQuote = direct.some((q) => q.attribution === at);
      if (inQuote) continue;
      const a = s.tokens[at.compA];
      const b = s.tokens[at.compB - 1];
      const sp = at.speaker;
      if (sp.how === 'pronoun') continue; // never resolved: no speaker to give
      const actor = speakerActor(sp);
      quotes.push({
        kind: 'quote',
        id: `${docId}:q${quotes.length + 1}`,
        doc_id: docId,
        sentence_index: s.index,
        speaker: sp.name,
        speaker_actor: actor,
        speaker_role: sp.role ?? (actor ? 'other' : null),
        text:
          at.gapA !== undefined && at.gapB !== undefined
            ? `${doc.doc.text.slice(a.start, s.tokens[at.gapA - 1].end)} ${doc.doc.text.slice(s.tokens[at.gapB].start, b.end)}`
            : doc.doc.text.slice(a.start, b.end),
        direct: false,
        evidence: evidenceOf(p),
        rule: `indirect:${at.kind}+speaker:${sp.how}`,
      });
    }
  }

  // -------------------------------------------------------------- direct quotes
  for (const q of direct) {
    const at = q.attribution;
    if (!at) continue;
    const sp = at.speaker;
    if (sp.how === 'pronoun') continue;
    const actor = speakerActor(sp);
    const s = sentences[q.sentence];
    quotes.push({
      kind: 'quote',
      id: `${docId}:q${quotes.length + 1}`,
      doc_id: docId,
      sentence_index: s.index,
      speaker: sp.name,
      speaker_actor: actor,
      speaker_role: sp.role ?? (actor ? 'other' : null),
      text: q.text,
      direct: true,
      evidence: {
        text: doc.doc.text.slice(q.evidenceStart, q.evidenceEnd),
        start: q.evidenceStart,
        end: q.evidenceEnd,
      },
      rule: `direct:${q.side}+speaker:${sp.how}`,
    });
  }
  return { claims, quotes };
}
