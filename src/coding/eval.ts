// Scoring the coder against gold files: precision, recall and F1 at the levels full code, root code and
// source/target pair, with actor codes collapsed to their first three letters (country level). Matching
// follows ../shared/tools/score_events.py: negated and hypothetical events are not counted, `sym` accepts
// either direction, an `optional` event is neither required nor counted as false.
import { readFileSync } from 'node:fs';
import { BlocwatchError } from '../errors.ts';
import type { CodedEvent } from '../types.ts';

export type Level = 'code' | 'root' | 'pair';
export const LEVELS: readonly Level[] = ['code', 'root', 'pair'];

export interface GoldItem {
  readonly source: string;
  readonly target: string;
  /** Full codes a coder could defend ([] when the gold has none). */
  readonly codes: readonly string[];
  readonly roots: readonly string[];
  readonly sym: boolean;
}

export interface GoldCase {
  readonly id: string;
  readonly date: string;
  readonly text: string;
  readonly category: string | null;
  readonly expected: readonly GoldItem[];
  readonly optional: readonly GoldItem[];
  /** A sentence that expects no event at all. */
  readonly noEvents: boolean;
  /** CAMEO-manual style: one example code, no actors. */
  readonly exampleCode: string | null;
  /** False when the gold carries no CAMEO code for this case (code and root levels skip it). */
  readonly hasCodes: boolean;
}

/** Non-ISO country codes found in third-party gold files (see ../shared/data/plover-gsr/SOURCE.md). */
const ACTOR_ALIASES: Readonly<Record<string, string>> = { JAP: 'JPN', ITL: 'ITA', VTN: 'VNM' };

/** Country-level key of an actor code: first three letters; '' for none or unknown ('---'). */
export function countryKey(code: string | null | undefined): string {
  const c = (code ?? '').trim().toUpperCase().slice(0, 3);
  if (c === '' || c === '---') return '';
  return ACTOR_ALIASES[c] ?? c;
}

export function rootOf(code: string): string {
  const c = String(code ?? '').trim();
  return c.length >= 2 ? c.slice(0, 2) : c.padStart(2, '0');
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

function item(raw: Record<string, unknown>, fallbackCode: string | null): GoldItem {
  let codes: string[] = [];
  let roots: string[] = [];
  if (Array.isArray(raw.root)) roots = raw.root.map((r) => rootOf(str(r)));
  if (raw.code !== undefined && raw.code !== null && str(raw.code) !== '') codes = [str(raw.code)];
  else if (fallbackCode) codes = [fallbackCode];
  if (roots.length === 0) roots = codes.map(rootOf);
  const target = str(raw.target);
  return {
    source: countryKey(str(raw.source)),
    // PLOVER's misplaced context value in a target slot is treated as no target
    target: /^[A-Za-z-]{3}/.test(target) && target.toLowerCase() !== 'diplomatic' ? countryKey(target) : '',
    codes,
    roots,
    sym: raw.sym === true,
  };
}

/** Parse a gold file in any of the supported formats (PETRARCH2 cases, reference-scorer gold, PLOVER GSR, CAMEO manual). */
export function parseGold(text: string, file: string): GoldCase[] {
  const out: GoldCase[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new BlocwatchError(
        'BW_ERR_INPUT_REJECTED',
        `${file}:${i + 1} line: expected a JSON object, found ${line.slice(0, 30)}`,
      );
    }
    const id = str(raw.id);
    const textField = str(raw.text);
    if (id === '' || typeof raw.text !== 'string') {
      throw new BlocwatchError(
        'BW_ERR_INPUT_REJECTED',
        `${file}:${i + 1} id/text: expected strings, found ${JSON.stringify(raw.id)}/${typeof raw.text}`,
      );
    }
    const manualCode = str(raw.cameo_code_from_manual);
    const exampleCode = !Array.isArray(raw.expected) && raw.code !== undefined ? str(raw.code) : null;
    const expectedRaw = Array.isArray(raw.expected) ? (raw.expected as Record<string, unknown>[]) : [];
    const isPlover = raw.plover_event !== undefined;
    let expected = expectedRaw.map((e) => item(e, isPlover ? manualCode || null : null));
    // PLOVER's reciprocal events (SRC/TAR) are coded, as in CAMEO, as A->B and B->A
    if (isPlover && Array.isArray(raw.reciprocal_dyads) && raw.reciprocal_dyads.length > 0) {
      const code = manualCode || null;
      expected = (raw.reciprocal_dyads as Record<string, unknown>[]).map((d) => item({ ...d }, code));
    }
    const optional = (Array.isArray(raw.optional) ? (raw.optional as Record<string, unknown>[]) : []).map(
      (e) => item(e, null),
    );
    out.push({
      id,
      date: /^\d{4}-\d{2}-\d{2}$/.test(str(raw.date)) ? str(raw.date) : '2000-01-01',
      text: textField,
      category: raw.category === undefined || raw.category === null ? null : str(raw.category),
      expected,
      optional,
      noEvents: exampleCode === null && expected.length === 0,
      exampleCode,
      hasCodes: expected.every((e) => e.roots.length > 0),
    });
  }
  return out;
}

export function loadGold(path: string): GoldCase[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', `gold file not found: ${path}`);
  }
  return parseGold(text, path);
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores extends Counts {
  precision: number;
  recall: number;
  f1: number;
  cases: number;
}

export interface Line {
  readonly kind: 'FN' | 'FP';
  readonly level: Level;
  readonly case_id: string;
  readonly source: string;
  readonly target: string;
  readonly code: string;
  readonly rule: string | null;
  readonly text: string;
}

export interface EvalReport {
  readonly file: string;
  readonly cases: number;
  readonly levels: Partial<Record<Level, Scores>>;
  readonly categories: Record<string, Partial<Record<Level, Scores>>>;
  /** Sentences expecting no event: how many, how many got a false event, how many false events. */
  readonly no_event: {
    sentences: number;
    with_false_events: number;
    false_events: number;
    rate: number;
  } | null;
  /** CAMEO-manual style files: share of examples whose root (code) is among the coded events. */
  readonly examples: {
    cases: number;
    root_hits: number;
    code_hits: number;
    root_rate: number;
    code_rate: number;
  } | null;
  readonly lines: Line[];
}

interface Pred {
  readonly s: string;
  readonly t: string;
  readonly code: string;
  readonly rule: string;
}

function key(p: Pred, level: Level): string {
  const x = level === 'code' ? p.code : level === 'root' ? rootOf(p.code) : '';
  return `${p.s}|${p.t}|${x}`;
}

function matches(g: GoldItem, s: string, t: string, x: string, level: Level): boolean {
  if (level === 'code' && !g.codes.includes(x)) return false;
  if (level === 'root' && !g.roots.includes(x)) return false;
  if (s === g.source && t === g.target) return true;
  return g.sym && s === g.target && t === g.source;
}

/** Events that count: not negated, not hypothetical (as the reference scorer). */
export function countable(e: Pick<CodedEvent, 'modality'>): boolean {
  return e.modality !== 'negated' && e.modality !== 'hypothetical';
}

function toPreds(events: readonly CodedEvent[]): Pred[] {
  return events.filter(countable).map((e) => ({
    s: countryKey(e.source.code || e.source.country),
    t: countryKey(e.target ? e.target.code || e.target.country : ''),
    code: e.code,
    rule: e.rule,
  }));
}

function scoreCase(c: GoldCase, preds: readonly Pred[], level: Level, lines: Line[] | null): Counts {
  // one prediction per distinct triple, the first one kept (as the reference scorer)
  const uniq = new Map<string, Pred>();
  for (const p of preds) {
    const k = key(p, level);
    if (!uniq.has(k)) uniq.set(k, p);
  }
  const entries = [...uniq.entries()].map(([k, p]) => ({ parts: k.split('|'), p }));
  const used = new Set<number>();
  const counts: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const g of c.expected) {
    const hit = entries.findIndex((e) => matches(g, e.parts[0], e.parts[1], e.parts[2], level));
    if (hit < 0) {
      counts.fn++;
      lines?.push({
        kind: 'FN',
        level,
        case_id: c.id,
        source: g.source,
        target: g.target,
        code: level === 'code' ? g.codes.join('/') : level === 'root' ? g.roots.join('/') : '',
        rule: null,
        text: c.text,
      });
    } else {
      counts.tp++;
      entries.forEach((e, i) => {
        if (matches(g, e.parts[0], e.parts[1], e.parts[2], level)) used.add(i);
      });
    }
  }
  for (const g of c.optional)
    entries.forEach((e, i) => {
      if (matches(g, e.parts[0], e.parts[1], e.parts[2], level)) used.add(i);
    });
  entries.forEach((e, i) => {
    if (used.has(i)) return;
    counts.fp++;
    lines?.push({
      kind: 'FP',
      level,
      case_id: c.id,
      source: e.p.s,
      target: e.p.t,
      code: e.p.code,
      rule: e.p.rule,
      text: c.text,
    });
  });
  return counts;
}

function finish(c: Counts, cases: number): Scores {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return { ...c, precision: r3(precision), recall: r3(recall), f1: r3(f1), cases };
}

/** Score coded events (by case id) against gold cases. */
export function scoreEvents(
  file: string,
  gold: readonly GoldCase[],
  eventsById: ReadonlyMap<string, readonly CodedEvent[]>,
  levels: readonly Level[] = LEVELS,
  /** Each case's own events (by position), for the no-event count when ids repeat. */
  own?: readonly (readonly CodedEvent[])[],
): EvalReport {
  const lines: Line[] = [];
  const examples = gold.filter((c) => c.exampleCode !== null);
  const scored = gold.filter((c) => c.exampleCode === null);
  const out: Partial<Record<Level, Scores>> = {};
  const categories: Record<string, Partial<Record<Level, Scores>>> = {};
  for (const level of levels) {
    const subset =
      level === 'pair'
        ? scored
        : level === 'root'
          ? scored.filter((c) => c.hasCodes)
          : scored.filter((c) => c.hasCodes && c.expected.every((e) => e.codes.length > 0));
    if (subset.length === 0) continue;
    const total: Counts = { tp: 0, fp: 0, fn: 0 };
    const byCat = new Map<string, { c: Counts; n: number }>();
    for (const c of subset) {
      const counts = scoreCase(c, toPreds(eventsById.get(c.id) ?? []), level, lines);
      total.tp += counts.tp;
      total.fp += counts.fp;
      total.fn += counts.fn;
      if (c.category !== null) {
        let cat = byCat.get(c.category);
        if (!cat) {
          cat = { c: { tp: 0, fp: 0, fn: 0 }, n: 0 };
          byCat.set(c.category, cat);
        }
        cat.c.tp += counts.tp;
        cat.c.fp += counts.fp;
        cat.c.fn += counts.fn;
        cat.n++;
      }
    }
    out[level] = finish(total, subset.length);
    for (const [name, { c, n }] of byCat) {
      categories[name] ??= {};
      categories[name][level] = finish(c, n);
    }
  }
  let noEvent: EvalReport['no_event'] = null;
  const empties = scored.filter((c) => c.noEvents);
  if (empties.length > 0) {
    let withFalse = 0;
    let falseEvents = 0;
    for (const c of empties) {
      const mine = own ? own[gold.indexOf(c)] : eventsById.get(c.id);
      const n = scoreCase(c, toPreds(mine ?? []), 'root', null).fp;
      falseEvents += n;
      if (n > 0) withFalse++;
    }
    noEvent = {
      sentences: empties.length,
      with_false_events: withFalse,
      false_events: falseEvents,
      rate: Math.round((withFalse / empties.length) * 1000) / 1000,
    };
  }
  let ex: EvalReport['examples'] = null;
  if (examples.length > 0) {
    let rootHits = 0;
    let codeHits = 0;
    for (const c of examples) {
      const events = eventsById.get(c.id) ?? [];
      const code = c.exampleCode ?? '';
      if (events.some((e) => e.root === rootOf(code))) rootHits++;
      else
        lines.push({
          kind: 'FN',
          level: 'root',
          case_id: c.id,
          source: '',
          target: '',
          code,
          rule: events.map((e) => `${e.code}:${e.rule}`).join(',') || null,
          text: c.text,
        });
      if (events.some((e) => e.code === code)) codeHits++;
    }
    const r3 = (x: number): number => Math.round(x * 1000) / 1000;
    ex = {
      cases: examples.length,
      root_hits: rootHits,
      code_hits: codeHits,
      root_rate: r3(rootHits / examples.length),
      code_rate: r3(codeHits / examples.length),
    };
  }
  return { file, cases: gold.length, levels: out, categories, no_event: noEvent, examples: ex, lines };
}

/** An event as a JSONL record for the reference scorer. */
export function scorerRecord(e: CodedEvent): Record<string, unknown> {
  return {
    kind: 'event',
    doc_id: e.doc_id,
    source: countryKey(e.source.code || e.source.country),
    target: countryKey(e.target ? e.target.code || e.target.country : ''),
    code: e.code,
    modality: e.modality,
    date: e.date,
    rule: e.rule,
  };
}

/** A gold case in the reference scorer's format (roots listed, countries collapsed). */
export function scorerGold(c: GoldCase): Record<string, unknown> {
  const conv = (g: GoldItem): Record<string, unknown> => ({
    source: g.source,
    target: g.target,
    root: g.roots,
    ...(g.sym ? { sym: true } : {}),
  });
  return {
    id: c.id,
    date: c.date,
    text: c.text,
    expected: c.expected.map(conv),
    optional: c.optional.map(conv),
  };
}
