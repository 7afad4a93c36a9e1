// The claims vocabulary: data/claims/*.json (metrics, units, directions, speech cues, relations),
// validated on load (`file:line field: expected X, found Y`) and compiled once into phrase matchers
// keyed by their first word. The formats are described in data/claims/README.md.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlocwatchError } from '../errors.ts';
import { dataPath } from '../paths.ts';

/** A multi-word phrase matcher: first word -> candidate phrases, longest first. */
export class PhraseMap<V> {
  private readonly byFirst = new Map<string, { words: string[]; value: V }[]>();
  maxWords = 0;

  add(phrase: string, value: V): void {
    const words = splitPhrase(phrase);
    if (words.length === 0) return;
    this.maxWords = Math.max(this.maxWords, words.length);
    const list = this.byFirst.get(words[0]) ?? [];
    list.push({ words, value });
    list.sort((a, b) => b.words.length - a.words.length);
    this.byFirst.set(words[0], list);
  }

  has(word: string): boolean {
    return this.byFirst.has(word);
  }

  /**
   * The longest phrase starting at token i, matched on lower-cased text (or the lemma for the
   * first and last word). Returns [value, tokens used] or null.
   */
  match(
    lowers: readonly string[],
    lemmas: readonly string[] | null,
    i: number,
  ): { value: V; length: number } | null {
    let list = this.byFirst.get(lowers[i]);
    if (!list && lemmas) list = this.byFirst.get(lemmas[i]);
    if (!list) return null;
    for (const cand of list) {
      const w = cand.words;
      if (i + w.length > lowers.length) continue;
      let ok = true;
      for (let k = 1; k < w.length && ok; k++) {
        const t = lowers[i + k];
        ok = t === w[k] || (lemmas !== null && k === w.length - 1 && lemmas[i + k] === w[k]);
      }
      if (ok) return { value: cand.value, length: w.length };
    }
    return null;
  }
}

/** Splits a phrase the way the tokenizer splits text: words, and "%", "$" or "-" on their own. */
export function splitPhrase(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .replace(/([%$€£¥₹₽₺₴₪₩₦₸-])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean);
}

export interface MetricDef {
  readonly metric: string;
  readonly kind: 'amount' | 'rate' | 'count';
  /** Default unit for counts ("30 killed" counts people). */
  readonly unit: string | null;
}

export type UnitDef =
  | { readonly kind: 'percent'; readonly unit: string }
  | { readonly kind: 'multiplier'; readonly value: number }
  | { readonly kind: 'currency'; readonly unit: string }
  | { readonly kind: 'count'; readonly unit: string }
  | { readonly kind: 'rate_suffix'; readonly unit: string };

export interface RelationDef {
  readonly relation: string;
  readonly stance: 'positive' | 'negative' | 'neutral';
}

export interface ClaimsRules {
  readonly version: string;
  readonly metrics: PhraseMap<MetricDef>;
  /** Units after a number: percent, multipliers, currency words, count nouns, "per day". */
  readonly units: PhraseMap<UnitDef>;
  /** Currency signs and codes before a number: "$", "US$", "€", "USD". */
  readonly currencySymbols: ReadonlyMap<string, string>;
  readonly directions: PhraseMap<'up' | 'down' | 'flat'>;
  readonly speechVerbs: PhraseMap<true>;
  /** Lemmas of speech verbs that are also ordinary verbs ("add", "note"): a statement only after "that". */
  readonly strictVerbs: ReadonlySet<string>;
  readonly sources: PhraseMap<true>;
  readonly roleNouns: PhraseMap<string>;
  readonly sectorRoles: ReadonlyMap<string, string>;
  /** Role nouns naming one person ("minister", "analyst"): what "he" or "she" can refer back to. */
  readonly individuals: PhraseMap<true>;
  readonly relations: PhraseMap<RelationDef>;
}

type Json = Record<string, unknown>;

interface Located {
  readonly value: unknown;
  readonly line: number;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

class Source {
  readonly text: string;
  constructor(
    readonly file: string,
    readonly label: string,
  ) {
    if (!existsSync(file)) throw new BlocwatchError('BW_ERR_KB_INVALID', `${label}: file missing`);
    this.text = readFileSync(file, 'utf8');
  }

  parse(): unknown {
    try {
      return JSON.parse(this.text);
    } catch (error) {
      const m = /position (\d+)/.exec(String((error as Error).message));
      const line = m ? lineOf(this.text, Number(m[1])) : 1;
      throw this.fail(line, 'json', 'valid JSON', 'a syntax error');
    }
  }

  /** The elements of a top-level array (or of `key` in a top-level object), each with its line. */
  elements(value: unknown, key?: string): Located[] {
    if (!Array.isArray(value)) throw this.fail(1, key ?? 'file', 'an array', value);
    // every element starts on its own line in our files: find the line of the n-th '{' or '"' at depth 1
    const start = key ? this.text.indexOf(`"${key}"`) : 0;
    const lines: number[] = [];
    let depth = 0;
    let inString = false;
    let line = lineOf(this.text, Math.max(0, start));
    for (let i = Math.max(0, start); i < this.text.length && lines.length < value.length; i++) {
      const c = this.text[i];
      if (c === '\n') line++;
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '[' || c === '{') {
        if (depth === 1 && c === '{') lines.push(line);
        depth++;
      } else if (c === ']' || c === '}') depth--;
      else if (c === '"') {
        if (depth === 1) lines.push(line);
        inString = true;
      }
    }
    return value.map((v, i) => ({ value: v, line: lines[i] ?? 1 }));
  }

  fail(line: number, field: string, expected: string, found: unknown): BlocwatchError {
    return new BlocwatchError(
      'BW_ERR_KB_INVALID',
      `${this.label}:${line} ${field}: expected ${expected}, found ${describe(found)}`,
    );
  }

  object(el: Located): Json {
    const v = el.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw this.fail(el.line, 'record', 'an object', v);
    return v as Json;
  }

  string(el: Located, obj: Json, field: string, allowed?: readonly string[]): string {
    const v = obj[field];
    if (typeof v !== 'string' || v.trim() === '' || (allowed && !allowed.includes(v)))
      throw this.fail(el.line, field, allowed ? `one of ${allowed.join(', ')}` : 'a non-empty string', v);
    return v;
  }

  strings(el: Located, obj: Json, field: string, optional = false): string[] {
    const v = obj[field];
    if (v === undefined && optional) return [];
    if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || x.trim() === ''))
      throw this.fail(el.line, field, 'a non-empty array of strings', v);
    return v as string[];
  }
}

export interface LoadClaimsOptions {
  /** Folder holding the five files; defaults to the package's data/claims. */
  readonly dir?: string;
}

export function loadClaimsRules(options: LoadClaimsOptions = {}): ClaimsRules {
  const dir = options.dir ?? dataPath('claims');
  const open = (name: string) => new Source(join(dir, name), `data/claims/${name}`);

  const metrics = new PhraseMap<MetricDef>();
  {
    const src = open('metrics.json');
    for (const el of src.elements(src.parse())) {
      const o = src.object(el);
      const metric = src.string(el, o, 'metric');
      if (!/^[a-z_]+$/.test(metric)) throw src.fail(el.line, 'metric', 'lower-case letters and _', metric);
      const kind = src.string(el, o, 'kind', ['amount', 'rate', 'count']) as MetricDef['kind'];
      const unit = o.unit === undefined ? null : src.string(el, o, 'unit');
      const def: MetricDef = { metric, kind, unit };
      for (const t of src.strings(el, o, 'terms')) metrics.add(t, def);
    }
  }

  const units = new PhraseMap<UnitDef>();
  const currencySymbols = new Map<string, string>();
  {
    const src = open('units.json');
    for (const el of src.elements(src.parse())) {
      const o = src.object(el);
      const kind = src.string(el, o, 'kind', ['percent', 'multiplier', 'currency', 'count', 'rate_suffix']);
      let def: UnitDef;
      if (kind === 'multiplier') {
        const value = o.value;
        if (typeof value !== 'number' || !(value > 1))
          throw src.fail(el.line, 'value', 'a number above 1', value);
        def = { kind, value };
      } else {
        const unit = src.string(el, o, 'unit');
        def = { kind, unit } as UnitDef;
        if (kind === 'currency') {
          if (!/^[A-Z]{3}$/.test(unit)) throw src.fail(el.line, 'unit', 'an ISO 4217 code', unit);
          for (const s of src.strings(el, o, 'symbols')) currencySymbols.set(s.toLowerCase(), unit);
        }
      }
      for (const w of src.strings(el, o, 'words')) units.add(w, def);
    }
  }

  const directions = new PhraseMap<'up' | 'down' | 'flat'>();
  {
    const src = open('directions.json');
    for (const el of src.elements(src.parse())) {
      const o = src.object(el);
      const d = src.string(el, o, 'direction', ['up', 'down', 'flat']) as 'up' | 'down' | 'flat';
      for (const w of src.strings(el, o, 'words')) directions.add(w, d);
    }
  }

  const speechVerbs = new PhraseMap<true>();
  const strictVerbs = new Set<string>();
  const sources = new PhraseMap<true>();
  const roleNouns = new PhraseMap<string>();
  const sectorRoles = new Map<string, string>();
  const individuals = new PhraseMap<true>();
  {
    const src = open('speech.json');
    const root = src.parse();
    const top: Located = { value: root, line: 1 };
    const o = src.object(top);
    for (const v of src.strings(top, o, 'verbs')) speechVerbs.add(v, true);
    for (const v of src.strings(top, o, 'verbs_needing_that')) strictVerbs.add(v);
    for (const s of src.strings(top, o, 'sources')) sources.add(s, true);
    for (const w of src.strings(top, o, 'individuals')) individuals.add(w, true);
    for (const el of src.elements(o.roles, 'roles')) {
      const r = src.object(el);
      const role = src.string(el, r, 'role', ['official', 'analyst', 'media', 'other']);
      for (const w of src.strings(el, r, 'words')) roleNouns.add(w, role);
    }
    const sr = o.sector_roles;
    if (sr === null || typeof sr !== 'object' || Array.isArray(sr))
      throw src.fail(1, 'sector_roles', 'an object of sector code -> role', sr);
    for (const [k, v] of Object.entries(sr as Json)) {
      if (typeof v !== 'string') throw src.fail(1, `sector_roles.${k}`, 'a role string', v);
      sectorRoles.set(k, v);
    }
  }

  const relations = new PhraseMap<RelationDef>();
  {
    const src = open('relations.json');
    for (const el of src.elements(src.parse())) {
      const o = src.object(el);
      const relation = src.string(el, o, 'relation');
      const stance = src.string(el, o, 'stance', [
        'positive',
        'negative',
        'neutral',
      ]) as RelationDef['stance'];
      for (const t of src.strings(el, o, 'terms')) relations.add(t, { relation, stance });
    }
  }

  return {
    version: 'claims-1',
    metrics,
    units,
    currencySymbols,
    directions,
    speechVerbs,
    strictVerbs,
    sources,
    roleNouns,
    sectorRoles,
    individuals,
    relations,
  };
}
