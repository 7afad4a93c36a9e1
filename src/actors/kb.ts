// The actor knowledge base: data files under data/kb (and --kb folders, and PETRARCH dictionaries),
// validated on load and compiled once into a token n-gram index (first token key -> phrases).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BlocwatchError } from '../errors.ts';
import { dataPath, PACKAGE_ROOT } from '../paths.ts';
import { readPetrarchDictionary } from './petrarch.ts';
import { Check, readRecords, type SourcedRecord } from './records.ts';
import { isAcronym, keyOf, phraseVariants, startsUpper } from './text.ts';

export interface CountryInfo {
  readonly code: string;
  readonly name: string;
  readonly status: string;
  readonly cameo?: string;
}

export interface Period {
  readonly code: string;
  readonly start: string | null;
  readonly end: string | null;
}

export interface OrgInfo {
  readonly code: string;
  readonly name: string;
  readonly kind: 'igo' | 'group';
  readonly periods: readonly Period[];
}

export interface RoleInfo {
  readonly role: string;
  readonly sector: string;
  readonly rank: number;
  /** Person roles this word stands for (itself, or a family such as every minister). */
  readonly covers: ReadonlySet<string>;
  /** A family of offices with many holders ("a minister of state"): never resolved to one office holder. */
  readonly generic?: boolean;
}

export interface PersonRole {
  readonly role: string;
  readonly country: string;
  readonly sector: string;
  readonly start: string;
  readonly end: string | null;
  readonly title?: string;
}

export interface PersonInfo {
  readonly id: string;
  readonly name: string;
  readonly gender: 'm' | 'f' | '';
  readonly nationality: string;
  readonly roles: readonly PersonRole[];
}

/** A dictionary actor with date-restricted codes (PETRARCH/TABARI). */
export interface FixedActor {
  readonly name: string;
  readonly periods: readonly Period[];
  /** Code used outside every dated period, if the dictionary gives one. */
  readonly fallback: string | null;
}

export type Entry =
  | { readonly t: 'country'; readonly c: CountryInfo; readonly form: 'name' | 'adjective' | 'demonym' }
  | { readonly t: 'capital'; readonly c: CountryInfo; readonly name: string }
  | { readonly t: 'seat'; readonly c: CountryInfo; readonly name: string; readonly sector: string }
  | { readonly t: 'place'; readonly c: CountryInfo; readonly name: string }
  | { readonly t: 'org'; readonly o: OrgInfo }
  | { readonly t: 'person'; readonly p: PersonInfo; readonly weak: boolean }
  | { readonly t: 'noun'; readonly sector: string; readonly bare: boolean }
  | { readonly t: 'role'; readonly r: RoleInfo }
  | {
      readonly t: 'reference';
      readonly target: 'countries' | 'governments' | 'persons';
      readonly covers: ReadonlySet<string>;
    }
  | { readonly t: 'counterpart' }
  | { readonly t: 'honorific' }
  | { readonly t: 'stop' }
  | { readonly t: 'actor'; readonly a: FixedActor };

export interface Phrase {
  readonly keys: readonly string[];
  /** Token positions whose text must start with a capital (or match exactly when `exact`). */
  readonly caps: readonly number[];
  readonly exact: readonly string[] | null;
  readonly entries: Entry[];
}

export interface PronounInfo {
  readonly gender: 'm' | 'f' | '';
  /** `speaker`: "it" after a preposition, standing for the state or organisation that reports ("X said Y fired at it"). */
  readonly case: 'subject' | 'object' | 'reflexive' | 'plural' | 'speaker';
}

export interface KnowledgeBase {
  readonly version: string;
  /** First token key -> phrases starting with it, longest first. */
  readonly index: ReadonlyMap<string, readonly Phrase[]>;
  readonly countries: ReadonlyMap<string, CountryInfo>;
  readonly orgs: ReadonlyMap<string, OrgInfo>;
  readonly people: ReadonlyMap<string, PersonInfo>;
  readonly roles: ReadonlyMap<string, RoleInfo>;
  /** `${country}|${role}` -> people who held that office. */
  readonly offices: ReadonlyMap<string, readonly PersonInfo[]>;
  readonly pronouns: ReadonlyMap<string, PronounInfo>;
  readonly locatives: ReadonlySet<string>;
  /** Words before a title that make it a deputy's ("vice", "deputy") or a past holder's ("former"). */
  readonly titleModifiers: ReadonlyMap<string, 'deputy' | 'former'>;
  /** Last words of an organisation's name ("Association", "Council"): "<Country> ... Association" is that country's. */
  readonly orgHeads: ReadonlySet<string>;
  /** Sectors often stationed abroad (troops): "troops in Syria" says where they are, not whose they are. */
  readonly stationedAbroad: ReadonlySet<string>;
  readonly countryLocatives: ReadonlySet<string>;
  /** "Iranian-backed militias": after a country and a hyphen, the country backs the group, it is not it. */
  readonly sponsorWords: ReadonlySet<string>;
  readonly sectors: ReadonlySet<string>;
  /** Last word of a person's name or multi-word alias -> people ("President Reagan" is matched by rule). */
  readonly surnames: ReadonlyMap<string, readonly PersonInfo[]>;
  readonly stats: {
    readonly phrases: number;
    readonly countries: number;
    readonly orgs: number;
    readonly people: number;
  };
}

export interface ActorsOptions {
  /** Extra knowledge-base folders in the same format as data/kb (`--kb DIR`). */
  readonly kbDirs?: readonly string[];
  /** PETRARCH/TABARI actor or agent dictionaries (`--kb-petrarch FILE`). */
  readonly petrarchFiles?: readonly string[];
  /** Leave out the built-in data/kb (tests of user folders alone). */
  readonly noBuiltin?: boolean;
}

const CODE3 = /^[A-Z]{3}$/;
const ACTOR_CODE = /^[A-Z0-9+]{2,15}$/;
const SECTOR = /^[A-Z]{3}([A-Z]{3})*$/;
const ID = /^[a-z0-9][a-z0-9._-]*$/;

// ---------------------------------------------------------------- raw (validated) records

interface RawCountry {
  code: string;
  name: string;
  status: string;
  cameo?: string;
  names: string[];
  adjectives: string[];
  demonyms: string[];
  capitals: string[];
  seats: { name: string; sector: string }[];
  places: string[];
}

interface RawOrg {
  code: string;
  name: string;
  kind: 'igo' | 'group';
  names: string[];
  abbreviations: string[];
  altCodes: string[];
  periods: Period[];
}

interface RawPerson {
  id: string;
  name: string;
  aliases: string[];
  gender: 'm' | 'f' | '';
  nationality: string;
  ambiguous: boolean;
  roles: PersonRole[];
  rec: SourcedRecord;
}

interface SectorRecords {
  sectors: Set<string>;
  nouns: { words: string[]; sector: string; bare: boolean }[];
  roles: { words: string[]; info: RoleInfo }[];
  references: { words: string[]; target: 'countries' | 'governments' | 'persons'; covers: Set<string> }[];
  counterparts: string[];
  honorifics: string[];
  stops: string[];
  pronouns: Map<string, PronounInfo>;
  locatives: Set<string>;
  countryLocatives: Set<string>;
  sponsorWords: Set<string>;
  titleModifiers: Map<string, 'deputy' | 'former'>;
  orgHeads: Set<string>;
  stationedAbroad: Set<string>;
}

function rel(path: string): string {
  const r = relative(PACKAGE_ROOT, path);
  return r.startsWith('..') ? path : r;
}

function validateCountry(rec: SourcedRecord): RawCountry {
  const ck = new Check(rec);
  const o = ck.object(rec.value);
  const seats: { name: string; sector: string }[] = [];
  const rawSeats = o.seats;
  if (rawSeats !== undefined) {
    if (!Array.isArray(rawSeats)) ck.fail('seats', 'an array of {name, sector}', rawSeats);
    (rawSeats as unknown[]).forEach((s, i) => {
      const so = ck.object(s, `seats[${i}]`);
      const sc = new Check(rec, `seats[${i}].`);
      seats.push({
        name: sc.string(so, 'name'),
        sector: sc.string(so, 'sector', SECTOR, 'a sector code such as GOV'),
      });
    });
  }
  const status =
    ck.optString(o, 'status', /^(state|territory|historical)$/, 'state, territory or historical') ?? 'state';
  return {
    code: ck.string(o, 'code', CODE3, 'a three-letter upper-case code'),
    name: ck.string(o, 'name'),
    status,
    cameo: ck.optString(o, 'cameo', CODE3, 'a three-letter upper-case code'),
    names: ck.strings(o, 'names'),
    adjectives: ck.strings(o, 'adjectives'),
    demonyms: ck.strings(o, 'demonyms'),
    capitals: ck.strings(o, 'capitals'),
    seats,
    places: ck.strings(o, 'places'),
  };
}

function validatePeriods(ck: Check, rec: SourcedRecord, value: unknown): Period[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) ck.fail('periods', 'an array of {code, start, end}', value);
  return value.map((p, i) => {
    const po = ck.object(p, `periods[${i}]`);
    const pc = new Check(rec, `periods[${i}].`);
    return {
      code: pc.string(po, 'code', ACTOR_CODE, 'an actor code'),
      start: pc.date(po, 'start', true),
      end: pc.date(po, 'end', true, 'end'),
    };
  });
}

function validateOrg(rec: SourcedRecord): RawOrg {
  const ck = new Check(rec);
  const o = ck.object(rec.value);
  const kind = ck.string(o, 'kind', /^(igo|group)$/, '"igo" or "group"') as 'igo' | 'group';
  return {
    code: ck.string(o, 'code', ACTOR_CODE, 'an actor code such as IGOUNO or WST'),
    name: ck.string(o, 'name'),
    kind,
    names: ck.strings(o, 'names'),
    abbreviations: ck.strings(o, 'abbreviations'),
    altCodes: ck.strings(o, 'alt_codes'),
    periods: validatePeriods(ck, rec, o.periods),
  };
}

export function validatePerson(rec: SourcedRecord, roleNames: ReadonlySet<string> | null): RawPerson {
  const ck = new Check(rec);
  const o = ck.object(rec.value);
  const gender =
    o.gender === undefined || o.gender === null ? '' : ck.string(o, 'gender', /^[mf]$/, '"m" or "f"');
  const amb = o.ambiguous_surname;
  if (amb !== undefined && typeof amb !== 'boolean') ck.fail('ambiguous_surname', 'true or false', amb);
  if (!Array.isArray(o.roles)) ck.fail('roles', 'an array of roles', o.roles);
  const roles = (o.roles as unknown[]).map((r, i) => {
    const ro = ck.object(r, `roles[${i}]`);
    const rc = new Check(rec, `roles[${i}].`);
    const role = rc.string(ro, 'role', /^[a-z_]+$/, 'a role name');
    if (roleNames && !roleNames.has(role)) rc.fail('role', `one of ${[...roleNames].join(', ')}`, role);
    const start = rc.date(ro, 'start', false) as string;
    const end = rc.date(ro, 'end', true, 'end');
    if (end !== null && end < start) rc.fail('end', `a date on or after start ${start}`, end);
    const sector =
      ro.sector === undefined || ro.sector === ''
        ? ''
        : rc.string(ro, 'sector', SECTOR, 'a sector code such as GOV');
    return {
      role,
      country: rc.string(ro, 'country', ACTOR_CODE, 'an ISO alpha-3 or IGO code'),
      sector,
      start,
      end,
      title: rc.optString(ro, 'title'),
    };
  });
  return {
    id: ck.string(o, 'id', ID, 'a lower-case id such as sergei-lavrov'),
    name: ck.string(o, 'name'),
    aliases: ck.strings(o, 'aliases'),
    gender: gender as 'm' | 'f' | '',
    nationality: ck.string(o, 'nationality', CODE3, 'an ISO alpha-3 code'),
    ambiguous: amb === true,
    roles,
    rec,
  };
}

function validateSectors(records: SourcedRecord[], into: SectorRecords): void {
  for (const rec of records) {
    const ck = new Check(rec);
    const o = ck.object(rec.value);
    const kind = ck.string(
      o,
      'kind',
      /^(sector|noun|role|reference|counterpart|honorific|stop|pronoun|locative|locative_country|title_modifier|org_head|sponsor)$/,
      'a record kind (sector, noun, role, reference, counterpart, honorific, stop, pronoun, locative, locative_country, title_modifier, org_head, sponsor)',
    );
    if (kind === 'sector') {
      const code = ck.string(o, 'code', /^[A-Z]{3}$/, 'a three-letter sector code');
      into.sectors.add(code);
      if (o.stationed_abroad === true) into.stationedAbroad.add(code);
      continue;
    }
    const words = ck.strings(o, 'words', false);
    if (kind === 'noun') {
      const sector = ck.string(o, 'sector', SECTOR, 'a sector code such as GOV');
      if (into.sectors.size > 0 && !into.sectors.has(sector.slice(0, 3)))
        ck.fail('sector', 'a sector declared with kind "sector"', sector);
      const bare = o.bare === undefined ? true : o.bare === true;
      into.nouns.push({ words, sector, bare });
    } else if (kind === 'role') {
      const role = ck.string(o, 'role', /^[a-z_]+$/, 'a role name');
      const sector = o.sector === '' ? '' : ck.string(o, 'sector', SECTOR, 'a sector code such as GOV');
      const rank = typeof o.rank === 'number' ? o.rank : 50;
      const covers = new Set(ck.strings(o, 'covers'));
      if (covers.size === 0) covers.add(role);
      const info: RoleInfo =
        o.generic === true ? { role, sector, rank, covers, generic: true } : { role, sector, rank, covers };
      into.roles.push({ words, info });
    } else if (kind === 'reference') {
      const target = ck.string(
        o,
        'target',
        /^(countries|governments|persons)$/,
        'countries, governments or persons',
      ) as 'countries' | 'governments' | 'persons';
      into.references.push({ words, target, covers: new Set(ck.strings(o, 'covers')) });
    } else if (kind === 'counterpart') into.counterparts.push(...words);
    else if (kind === 'honorific') into.honorifics.push(...words);
    else if (kind === 'stop') into.stops.push(...words);
    else if (kind === 'pronoun') {
      const gender = (o.gender ?? '') as string;
      if (!/^[mf]?$/.test(gender)) ck.fail('gender', '"m", "f" or ""', gender);
      const pcase = ck.string(
        o,
        'case',
        /^(subject|object|reflexive|plural|speaker)$/,
        'subject, object, reflexive, plural or speaker',
      ) as PronounInfo['case'];
      for (const w of words)
        into.pronouns.set(w.toLowerCase(), { gender: gender as 'm' | 'f' | '', case: pcase });
    } else if (kind === 'title_modifier') {
      const effect = ck.string(o, 'effect', /^(deputy|former)$/, '"deputy" or "former"') as
        | 'deputy'
        | 'former';
      for (const w of words) into.titleModifiers.set(w.toLowerCase(), effect);
    } else if (kind === 'org_head') for (const w of words) into.orgHeads.add(w.toLowerCase());
    else if (kind === 'sponsor') for (const w of words) into.sponsorWords.add(w.toLowerCase());
    else if (kind === 'locative') for (const w of words) into.locatives.add(w.toLowerCase());
    else for (const w of words) into.countryLocatives.add(w.toLowerCase());
  }
}

// ---------------------------------------------------------------- files of a folder

interface KbFiles {
  countries: string[];
  orgs: string[];
  sectors: string[];
  people: string[];
}

function listKbFiles(dir: string): KbFiles {
  const files: KbFiles = { countries: [], orgs: [], sectors: [], people: [] };
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', `knowledge-base folder not found: ${dir}`);
  const isData = (f: string) => /\.(json|jsonl)$/.test(f);
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (f === 'people' && statSync(p).isDirectory()) {
      for (const g of readdirSync(p).sort()) if (isData(g)) files.people.push(join(p, g));
      continue;
    }
    if (!isData(f)) continue;
    if (f.startsWith('countries')) files.countries.push(p);
    else if (f.startsWith('organisations') || f.startsWith('organizations')) files.orgs.push(p);
    else if (f.startsWith('sectors')) files.sectors.push(p);
    else if (f.startsWith('people')) files.people.push(p);
  }
  return files;
}

// ---------------------------------------------------------------- compile

class Compiler {
  readonly index = new Map<string, Phrase[]>();
  private readonly byText = new Map<string, Phrase>();
  phraseCount = 0;

  add(surface: string, entry: Entry, caseMode: 'proper' | 'free' | 'upper-first' = 'proper'): void {
    const exactAll = caseMode === 'proper' && isAcronym(surface);
    for (const toks of phraseVariants(surface)) {
      if (toks.length === 0) continue;
      const keys = toks.map((t) => keyOf(t.toLowerCase()));
      const exact = exactAll ? toks : null;
      const caps: number[] = [];
      if (!exact) {
        if (caseMode === 'proper') {
          for (let i = 0; i < toks.length; i++) if (startsUpper(toks[i])) caps.push(i);
        } else if (caseMode === 'upper-first') caps.push(0);
      }
      // one phrase per (keys, case requirement): "State Department" (a seat, capitalised) and
      // "state department" (a sector noun, any case) are two phrases; finish() lets the stricter
      // one carry the looser one's entries too
      const id = `${exact ? 'X' : caps.join(',')}|${keys.join(' ')}`;
      let phrase = this.byText.get(id);
      if (!phrase) {
        phrase = { keys, caps, exact, entries: [] };
        this.byText.set(id, phrase);
        const list = this.index.get(keys[0]);
        if (list) list.push(phrase);
        else this.index.set(keys[0], [phrase]);
        this.phraseCount++;
      }
      if (!phrase.entries.some((e) => sameEntry(e, entry))) phrase.entries.push(entry);
    }
  }

  finish(): void {
    for (const list of this.index.values()) {
      // longest first; among equal keys the strictest case requirement first
      list.sort((a, b) => b.keys.length - a.keys.length || strictness(b) - strictness(a));
      for (let i = 0; i < list.length; i++) {
        const strict = list[i];
        for (let j = i + 1; j < list.length && list[j].keys.length === strict.keys.length; j++) {
          const loose = list[j];
          if (loose.exact || !sameKeys(strict.keys, loose.keys) || !implies(strict, loose)) continue;
          for (const e of loose.entries)
            if (!strict.entries.some((x) => sameEntry(x, e))) strict.entries.push(e);
        }
      }
    }
  }
}

function strictness(p: Phrase): number {
  return p.exact ? 1000 : p.caps.length;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

/** Whether every text matching `strict` also matches `loose` (its capitals are required by `strict`). */
function implies(strict: Phrase, loose: Phrase): boolean {
  for (const c of loose.caps) {
    if (strict.exact ? !startsUpper(strict.exact[c]) : !strict.caps.includes(c)) return false;
  }
  return true;
}

function sameEntry(a: Entry, b: Entry): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'person' && b.t === 'person') return a.p.id === b.p.id;
  if (a.t === 'country' && b.t === 'country') return a.c.code === b.c.code && a.form === b.form;
  if (a.t === 'org' && b.t === 'org') return a.o.code === b.o.code;
  return a === b;
}

/** Regular English plural of a noun phrase's last word (for sector nouns written in the singular). */
function plural(phrase: string): string | null {
  if (/[^a-z]s$|ss$|sh$|ch$|x$/.test(phrase)) return `${phrase}es`;
  if (/[^aeiou]y$/.test(phrase)) return `${phrase.slice(0, -1)}ies`;
  if (/s$/.test(phrase)) return null;
  return `${phrase}s`;
}

function inPeriod(p: { start: string | null; end: string | null }, date: string): boolean {
  return (p.start === null || p.start <= date) && (p.end === null || date <= p.end);
}

export function codeAt(periods: readonly Period[], fallback: string | null, date: string): string | null {
  let best: Period | null = null;
  for (const p of periods) if (inPeriod(p, date) && (!best || (p.start ?? '') > (best.start ?? ''))) best = p;
  return best ? best.code : fallback;
}

export function loadKnowledgeBase(options: ActorsOptions = {}): KnowledgeBase {
  const dirs: string[] = [];
  if (!options.noBuiltin) dirs.push(dataPath('kb'));
  for (const d of options.kbDirs ?? []) dirs.push(d);

  const countryRecs = new Map<string, RawCountry>();
  const orgRecs = new Map<string, RawOrg>();
  const personRecs = new Map<string, RawPerson>();
  const sec: SectorRecords = {
    sectors: new Set(),
    nouns: [],
    roles: [],
    references: [],
    counterparts: [],
    honorifics: [],
    stops: [],
    pronouns: new Map(),
    locatives: new Set(),
    titleModifiers: new Map(),
    orgHeads: new Set(),
    stationedAbroad: new Set(),
    countryLocatives: new Set(),
    sponsorWords: new Set(),
  };
  const peopleFiles: string[] = [];
  for (const dir of dirs) {
    const files = listKbFiles(dir);
    for (const f of files.sectors) validateSectors(readRecords(f, rel(f)), sec);
    for (const f of files.countries) {
      for (const rec of readRecords(f, rel(f))) {
        const c = validateCountry(rec);
        const prev = countryRecs.get(c.code);
        countryRecs.set(c.code, prev ? mergeCountry(prev, c) : c);
      }
    }
    for (const f of files.orgs) {
      for (const rec of readRecords(f, rel(f))) {
        const o = validateOrg(rec);
        const prev = orgRecs.get(o.code);
        orgRecs.set(
          o.code,
          prev
            ? {
                ...o,
                names: [...prev.names, ...o.names],
                abbreviations: [...prev.abbreviations, ...o.abbreviations],
                altCodes: [...prev.altCodes, ...o.altCodes],
                periods: o.periods.length ? o.periods : prev.periods,
              }
            : o,
        );
      }
    }
    peopleFiles.push(...files.people);
  }
  const roleNames = new Set<string>();
  for (const r of sec.roles) roleNames.add(r.info.role);
  for (const f of peopleFiles) {
    for (const rec of readRecords(f, rel(f))) {
      const p = validatePerson(rec, null);
      personRecs.set(p.id, p); // a later file (a user's --kb) replaces a built-in person with the same id
    }
  }

  // code tables: country codes (and CAMEO alternatives), organisation codes (and alternatives)
  const countries = new Map<string, CountryInfo>();
  const codeAlias = new Map<string, string>();
  for (const c of countryRecs.values()) {
    const info: CountryInfo = { code: c.code, name: c.name, status: c.status, cameo: c.cameo };
    countries.set(c.code, info);
    if (c.cameo) codeAlias.set(c.cameo, c.code);
  }
  const orgs = new Map<string, OrgInfo>();
  for (const o of orgRecs.values()) {
    const info: OrgInfo = { code: o.code, name: o.name, kind: o.kind, periods: o.periods };
    orgs.set(o.code, info);
    for (const a of o.altCodes) codeAlias.set(a, o.code);
  }
  const normCode = (code: string): string => codeAlias.get(code) ?? code;

  const roles = new Map<string, RoleInfo>();
  for (const r of sec.roles) if (!roles.has(r.info.role)) roles.set(r.info.role, r.info);

  const people = new Map<string, PersonInfo>();
  const offices = new Map<string, PersonInfo[]>();
  for (const raw of personRecs.values()) {
    const info: PersonInfo = {
      id: raw.id,
      name: raw.name,
      gender: raw.gender,
      nationality: normCode(raw.nationality),
      roles: raw.roles.map((r) => ({
        ...r,
        country: normCode(r.country),
        sector: r.sector || roles.get(r.role)?.sector || '',
      })),
    };
    people.set(info.id, info);
    for (const r of info.roles) {
      const key = `${r.country}|${r.role}`;
      const list = offices.get(key);
      if (list) {
        if (!list.includes(info)) list.push(info);
      } else offices.set(key, [info]);
    }
  }

  const comp = new Compiler();
  for (const c of countryRecs.values()) {
    const info = countries.get(c.code) as CountryInfo;
    for (const n of [c.name, ...c.names]) comp.add(n, { t: 'country', c: info, form: 'name' });
    for (const n of c.adjectives) comp.add(n, { t: 'country', c: info, form: 'adjective' });
    for (const n of c.demonyms) comp.add(n, { t: 'country', c: info, form: 'demonym' });
    for (const n of c.capitals) comp.add(n, { t: 'capital', c: info, name: n });
    for (const s of c.seats) comp.add(s.name, { t: 'seat', c: info, name: s.name, sector: s.sector });
    for (const n of c.places) comp.add(n, { t: 'place', c: info, name: n });
  }
  for (const o of orgRecs.values()) {
    const info = orgs.get(o.code) as OrgInfo;
    for (const n of [o.name, ...o.names, ...o.abbreviations]) comp.add(n, { t: 'org', o: info });
  }
  // "President Xi" as an alias would hide the longer "Xi Jinping": titles are matched by rule instead
  const titleWords = new Set<string>();
  for (const r of sec.roles) for (const w of r.words) titleWords.add(keyOf(w.toLowerCase()));
  for (const w of sec.honorifics) titleWords.add(keyOf(w.toLowerCase()));
  const startsWithTitle = (n: string): boolean => {
    const words = n.trim().split(/\s+/);
    for (let k = Math.min(words.length - 1, 4); k >= 1; k--)
      if (titleWords.has(keyOf(words.slice(0, k).join(' ').toLowerCase()))) return true;
    return false;
  };
  const surnames = new Map<string, PersonInfo[]>();
  for (const raw of personRecs.values()) {
    const info = people.get(raw.id) as PersonInfo;
    for (const n of [raw.name, ...raw.aliases]) {
      const words = n.trim().split(/\s+/);
      if (words.length < 2) continue;
      const last = keyOf(words[words.length - 1].toLowerCase());
      const list = surnames.get(last);
      if (!list) surnames.set(last, [info]);
      else if (!list.includes(info)) list.push(info);
    }
    const names = new Set([raw.name, ...raw.aliases].filter((n) => n === raw.name || !startsWithTitle(n)));
    for (const n of names) {
      const single = !/\s/.test(n.trim());
      comp.add(n, { t: 'person', p: info, weak: single && raw.ambiguous });
    }
  }
  for (const n of sec.nouns) {
    for (const w of n.words) {
      comp.add(w, { t: 'noun', sector: n.sector, bare: n.bare }, 'free');
      const pl = plural(w.toLowerCase());
      if (pl && !/\s(of|for)\s/.test(w)) comp.add(pl, { t: 'noun', sector: n.sector, bare: n.bare }, 'free');
    }
  }
  for (const r of sec.roles) for (const w of r.words) comp.add(w, { t: 'role', r: r.info }, 'free');
  for (const r of sec.references)
    for (const w of r.words) comp.add(w, { t: 'reference', target: r.target, covers: r.covers }, 'free');
  const counterpart: Entry = { t: 'counterpart' };
  for (const w of sec.counterparts) comp.add(w, counterpart, 'free');
  const honorific: Entry = { t: 'honorific' };
  for (const w of sec.honorifics) comp.add(w, honorific, 'free');
  const stop: Entry = { t: 'stop' };
  for (const w of sec.stops) comp.add(w, stop, 'free');

  for (const f of options.petrarchFiles ?? []) {
    const dict = readPetrarchDictionary(f);
    for (const a of dict.actors) {
      const fixed: FixedActor = {
        name: a.name,
        periods: a.periods.map((p) => ({ ...p, code: normPetrarchCode(p.code, normCode) })),
        fallback: a.fallback ? normPetrarchCode(a.fallback, normCode) : null,
      };
      for (const phrase of a.phrases) comp.add(phrase, { t: 'actor', a: fixed }, 'upper-first');
    }
    for (const g of dict.agents) {
      const entry: Entry = { t: 'noun', sector: g.sector, bare: true };
      for (const phrase of g.phrases) {
        comp.add(phrase, entry, 'free');
        const pl = plural(phrase.toLowerCase());
        if (pl) comp.add(pl, entry, 'free');
      }
    }
  }
  comp.finish();

  return {
    version: `kb-${countries.size}c-${orgs.size}o-${people.size}p`,
    index: comp.index,
    countries,
    orgs,
    people,
    roles,
    offices,
    pronouns: sec.pronouns,
    locatives: sec.locatives,
    titleModifiers: sec.titleModifiers,
    orgHeads: sec.orgHeads,
    stationedAbroad: sec.stationedAbroad,
    countryLocatives: sec.countryLocatives,
    sponsorWords: sec.sponsorWords,
    sectors: sec.sectors,
    surnames,
    stats: { phrases: comp.phraseCount, countries: countries.size, orgs: orgs.size, people: people.size },
  };
}

function normPetrarchCode(code: string, normCode: (c: string) => string): string {
  if (code.length >= 3 && CODE3.test(code.slice(0, 3))) return normCode(code.slice(0, 3)) + code.slice(3);
  return code;
}

function mergeCountry(a: RawCountry, b: RawCountry): RawCountry {
  return {
    ...b,
    cameo: b.cameo ?? a.cameo,
    names: [...a.names, ...b.names],
    adjectives: [...a.adjectives, ...b.adjectives],
    demonyms: [...a.demonyms, ...b.demonyms],
    capitals: [...a.capitals, ...b.capitals],
    seats: [...a.seats, ...b.seats],
    places: [...a.places, ...b.places],
  };
}
