// The pattern dictionary: data/patterns/*.jsonl, one pattern per line, compiled once into a Map from
// trigger lemma to the patterns it starts. The format is documented in docs/coder.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlocwatchError } from '../errors.ts';
import { dataPath } from '../paths.ts';
import type { Ontology } from './ontology.ts';

export type TriggerPos = 'verb' | 'noun';

/** How the source and target are found around a pattern. */
export interface Pattern {
  readonly id: string;
  readonly code: string;
  readonly pos: TriggerPos;
  /** Lemma alternatives per position; position 0 is the trigger. */
  readonly phrase: readonly (readonly string[])[];
  /** Where the target may be: 'obj' (direct object) and/or preposition lemmas ('to', 'on', 'with', 'between'). */
  readonly target: readonly string[];
  /** A joint event: conjoined sources ("A and B agreed") or "between A and B" code every ordered pair. */
  readonly sym: boolean;
  /** Also code the reverse direction when source and target are found ("talks with Y"). */
  readonly reciprocal: boolean;
  /** The code of the converse event, target -> source ("visit" 042 -> host 043). */
  readonly converse: string | null;
  /** The grammatical source is the target and the prepositional actor the source ("received aid from Y"). */
  readonly swap: boolean;
  /** The noun's agent ("crimes by X", "X's aggression") is the target; the speaker or subject is the source. */
  readonly agentIsTarget: boolean;
  /** Only code the event when a target is found (default); `false` allows a source-only event. */
  readonly needsTarget: boolean;
  readonly confidence: number;
  /**
   * Codes that depend on who acts on whom, first match wins: a clash of protesters is a riot (145), police
   * clashing with them is repression (175), armed forces clashing with each other is fighting (190).
   */
  readonly bySector: readonly SectorCode[];
  /** File and line, for error messages and `--verbose`. */
  readonly where: string;
}

/** One `by_sector` entry: the code when the source's and target's sectors are in these sets (absent: any). */
export interface SectorCode {
  readonly source: ReadonlySet<string> | null;
  readonly target: ReadonlySet<string> | null;
  readonly code: string;
}

/** "wants to help" -> intent code: data/patterns/intent.json. */
export interface IntentRules {
  readonly cooperativeGovernors: ReadonlySet<string>;
  readonly hostileGovernors: ReadonlySet<string>;
  readonly cooperative: ReadonlyMap<string, string>;
  readonly hostile: ReadonlyMap<string, string>;
  /** Categories whose intent only a governing verb states ("threatened to protest"): "will protest" is the act. */
  readonly governedOnly: ReadonlySet<string>;
}

/**
 * Where a target group of unknown country ("police dispersed demonstrators") is placed, as CAMEO codes
 * domestic events: data/patterns/domestic.json. Act lists hold CAMEO code prefixes (root, three or four digits).
 */
export interface DomesticRules {
  /** Sectors of a state's own institutions (police, government, courts, legislature), which act at home. */
  readonly stateSectors: ReadonlySet<string>;
  /** Sectors of groups that may be placed (protesters, opposition, students, rebels ...). */
  readonly groupSectors: ReadonlySet<string>;
  /** Acts whose group target takes the country of the place named in the act's clause. */
  readonly placedActs: readonly string[];
  /** Acts whose group target, with no place named, takes the country of a state institution acting on it. */
  readonly homeActs: readonly string[];
  /** Acts on a population ("imposed a curfew"): with no target, a state institution does them to its own country. */
  readonly populationActs: readonly string[];
}

export interface PatternSet {
  readonly patterns: readonly Pattern[];
  /** Trigger lemma -> patterns starting with it, longest phrase first. */
  readonly byTrigger: ReadonlyMap<string, readonly Pattern[]>;
  readonly intent: IntentRules;
  /** "will not provide aid" -> rejection code: data/patterns/refusal.json (code prefix -> code). */
  readonly refusal: ReadonlyMap<string, string>;
  readonly domestic: DomesticRules;
}

/** A three-letter sector code ("GOV", "CVL"). */
const SECTOR = /^[A-Z]{3}$/;

const EMPTY_DOMESTIC: DomesticRules = {
  stateSectors: new Set(),
  groupSectors: new Set(),
  placedActs: [],
  homeActs: [],
  populationActs: [],
};

/** Parses one JSON object of a data file; `bad` throws BW_ERR_KB_INVALID naming the place and field. */
function jsonObject(
  text: string,
  where: string,
  unit: 'file' | 'line',
): { raw: Record<string, unknown>; bad: (field: string, expected: string, found: unknown) => never } {
  const bad = (field: string, expected: string, found: unknown): never => {
    throw new BlocwatchError(
      'BW_ERR_KB_INVALID',
      `${where} ${field}: expected ${expected}, found ${JSON.stringify(found)}`,
    );
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return bad(unit, 'a JSON object', text.slice(0, unit === 'file' ? 30 : 40));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad(unit, 'a JSON object', raw);
  return { raw: raw as Record<string, unknown>, bad };
}

/** data/patterns/domestic.json: sector lists and CAMEO code prefixes (see DomesticRules). */
export function parseDomestic(text: string, file: string, ontology: Ontology): DomesticRules {
  const { raw, bad } = jsonObject(text, `${file}:1`, 'file');
  const list = (field: string, what: string, ok: (x: string) => boolean): string[] => {
    const v = raw[field];
    if (!Array.isArray(v)) return bad(field, `an array of ${what}`, v);
    for (const x of v) if (typeof x !== 'string' || !ok(x)) bad(field, what, x);
    return v as string[];
  };
  const sector = (x: string): boolean => SECTOR.test(x);
  const code = (x: string): boolean => ontology.get(x) !== undefined;
  return {
    stateSectors: new Set(list('state_sectors', 'three-letter sector codes', sector)),
    groupSectors: new Set(list('group_sectors', 'three-letter sector codes', sector)),
    placedActs: list('placed_acts', 'CAMEO code prefixes', code),
    homeActs: list('home_acts', 'CAMEO code prefixes', code),
    populationActs: list('population_acts', 'CAMEO code prefixes', code),
  };
}

/** data/patterns/refusal.json: `{"refusal": {code prefix: rejection code}}`. */
export function parseRefusal(text: string, file: string, ontology: Ontology): Map<string, string> {
  const { raw, bad } = jsonObject(text, `${file}:1`, 'file');
  const v = raw.refusal;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return bad('refusal', 'an object code -> code', v);
  const out = new Map<string, string>();
  for (const [from, to] of Object.entries(v as Record<string, unknown>)) {
    if (!ontology.get(from)) bad(`refusal.${from}`, 'a CAMEO code as key', from);
    if (typeof to !== 'string' || !ontology.get(to) || !to.startsWith('12'))
      bad(`refusal.${from}`, 'a CAMEO rejection code (12...)', to);
    out.set(from, to as string);
  }
  return out;
}

const EMPTY_INTENT: IntentRules = {
  cooperativeGovernors: new Set(),
  hostileGovernors: new Set(),
  cooperative: new Map(),
  hostile: new Map(),
  governedOnly: new Set(),
};

export function parseIntent(text: string, file: string, ontology: Ontology): IntentRules {
  const { raw, bad } = jsonObject(text, `${file}:1`, 'file');
  const words = (field: string): Set<string> => {
    const v = raw[field];
    if (!Array.isArray(v) || v.some((w) => typeof w !== 'string')) bad(field, 'an array of lemmas', v);
    return new Set(v as string[]);
  };
  const map = (field: string): Map<string, string> => {
    const v = raw[field];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(field, 'an object code -> code', v);
    const out = new Map<string, string>();
    for (const [from, to] of Object.entries(v as Record<string, unknown>)) {
      if (!ontology.get(from)) bad(`${field}.${from}`, 'a CAMEO code as key', from);
      if (typeof to !== 'string' || !ontology.get(to)) bad(`${field}.${from}`, 'a CAMEO code', to);
      out.set(from, to as string);
    }
    return out;
  };
  const codes = (field: string): Set<string> => {
    if (raw[field] === undefined) return new Set();
    const v = words(field);
    for (const c of v) if (!ontology.get(c)) bad(`${field}.${c}`, 'a CAMEO code', c);
    return v;
  };
  return {
    cooperativeGovernors: words('cooperative_governors'),
    hostileGovernors: words('hostile_governors'),
    cooperative: map('cooperative'),
    hostile: map('hostile'),
    governedOnly: codes('governed_only'),
  };
}

const KEYS = new Set([
  'id',
  'code',
  'pos',
  'phrase',
  'target',
  'sym',
  'reciprocal',
  'converse',
  'swap',
  'agent_is_target',
  'needs_target',
  'confidence',
  'by_sector',
  'note',
]);

function parseBySector(
  v: unknown,
  ontology: Ontology,
  bad: (field: string, expected: string, found: unknown) => never,
): SectorCode[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return bad('by_sector', 'an array of {source?, target?, code}', v);
  return v.map((e: unknown, i) => {
    const field = `by_sector[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return bad(field, 'an object', e);
    const o = e as Record<string, unknown>;
    for (const key of Object.keys(o))
      if (key !== 'source' && key !== 'target' && key !== 'code')
        bad(`${field}.${key}`, 'source, target or code', key);
    const sectors = (side: 'source' | 'target'): Set<string> | null => {
      const list = o[side];
      if (list === undefined) return null;
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        list.some((x) => typeof x !== 'string' || !SECTOR.test(x))
      )
        return bad(`${field}.${side}`, 'a non-empty array of three-letter sector codes', list);
      return new Set(list as string[]);
    };
    if (typeof o.code !== 'string' || !ontology.get(o.code)) bad(`${field}.code`, 'a CAMEO code', o.code);
    const source = sectors('source');
    const target = sectors('target');
    if (source === null && target === null) bad(field, 'a source or target sector list', e);
    return { source, target, code: o.code as string };
  });
}

export function parsePatterns(text: string, file: string, ontology: Ontology, ids: Set<string>): Pattern[] {
  const out: Pattern[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('//')) continue;
    const where = `${file}:${i + 1}`;
    const { raw, bad } = jsonObject(line, where, 'line');
    for (const key of Object.keys(raw)) if (!KEYS.has(key)) bad(key, `one of ${[...KEYS].join(', ')}`, key);
    const id = raw.id;
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(id))
      bad('id', 'a lower-case identifier', id);
    if (ids.has(id as string)) bad('id', 'a unique id', id);
    ids.add(id as string);
    const code = raw.code;
    if (typeof code !== 'string' || !ontology.get(code))
      bad('code', 'a CAMEO code in data/cameo/codes.csv', code);
    const pos = raw.pos ?? 'verb';
    if (pos !== 'verb' && pos !== 'noun') bad('pos', '"verb" or "noun"', pos);
    const phraseText = raw.phrase;
    if (typeof phraseText !== 'string' || phraseText.trim() === '')
      bad('phrase', 'lemmas separated by spaces', phraseText);
    const phrase = (phraseText as string)
      .trim()
      .toLowerCase()
      .split(/\s+/)
      .map((alts) => alts.split('|').filter((a) => a !== ''));
    if (phrase.some((alts) => alts.length === 0)) bad('phrase', 'no empty alternative', phraseText);
    const target = raw.target ?? (pos === 'verb' ? ['obj'] : []);
    if (!Array.isArray(target) || target.some((t) => typeof t !== 'string'))
      bad('target', 'an array of "obj" or preposition lemmas', target);
    const converse = raw.converse ?? null;
    if (converse !== null && (typeof converse !== 'string' || !ontology.get(converse)))
      bad('converse', 'a CAMEO code', converse);
    const confidence = raw.confidence ?? 0.8;
    if (typeof confidence !== 'number' || confidence <= 0 || confidence > 1)
      bad('confidence', 'a number in (0, 1]', confidence);
    for (const flag of ['sym', 'reciprocal', 'swap', 'agent_is_target', 'needs_target']) {
      if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean') bad(flag, 'true or false', raw[flag]);
    }
    out.push({
      id: id as string,
      code: code as string,
      pos: pos as TriggerPos,
      phrase,
      target: target as string[],
      sym: raw.sym === true,
      reciprocal: raw.reciprocal === true,
      converse: converse as string | null,
      swap: raw.swap === true,
      agentIsTarget: raw.agent_is_target === true,
      needsTarget: raw.needs_target !== false,
      confidence: confidence as number,
      bySector: parseBySector(raw.by_sector, ontology, bad),
      where,
    });
  }
  return out;
}

export function compilePatterns(
  patterns: readonly Pattern[],
  intent: IntentRules = EMPTY_INTENT,
  refusal: ReadonlyMap<string, string> = new Map(),
  domestic: DomesticRules = EMPTY_DOMESTIC,
): PatternSet {
  const byTrigger = new Map<string, Pattern[]>();
  for (const p of patterns) {
    for (const lemma of p.phrase[0]) {
      const list = byTrigger.get(lemma);
      if (list) list.push(p);
      else byTrigger.set(lemma, [p]);
    }
  }
  // longest phrase first; among equals, a specific code before a generic one ("send humanitarian aid" 073
  // before "send aid" 070), then file order
  const generic = (p: Pattern): number =>
    p.code.length === 2 || (p.code.length === 3 && p.code.endsWith('0')) ? 1 : 0;
  for (const list of byTrigger.values())
    list.sort((a, b) => b.phrase.length - a.phrase.length || generic(a) - generic(b));
  return { patterns, byTrigger, intent, refusal, domestic };
}

/** Every `*.jsonl` under the folder except the `*.cases.jsonl` test tables. */
export function loadPatterns(ontology: Ontology, dir = dataPath('patterns')): PatternSet {
  const ids = new Set<string>();
  const all: Pattern[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') && !f.endsWith('.cases.jsonl'))
    .sort();
  for (const f of files)
    all.push(...parsePatterns(readFileSync(join(dir, f), 'utf8'), `data/patterns/${f}`, ontology, ids));
  // a rule file the folder does not have gives empty rules
  const ruleFile = <T>(
    name: string,
    parse: (text: string, file: string, ontology: Ontology) => T,
    empty: T,
  ): T => {
    const file = join(dir, name);
    return existsSync(file) ? parse(readFileSync(file, 'utf8'), `data/patterns/${name}`, ontology) : empty;
  };
  return compilePatterns(
    all,
    ruleFile('intent.json', parseIntent, EMPTY_INTENT),
    ruleFile('refusal.json', parseRefusal, new Map<string, string>()),
    ruleFile('domestic.json', parseDomestic, EMPTY_DOMESTIC),
  );
}
