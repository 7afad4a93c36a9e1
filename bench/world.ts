// A synthetic world for scale tests: about 200 states with Zipf-like activity, latent blocs that
// cooperate inside and quarrel across, every CAMEO code of our table, dates over five years.
// Deterministic: the same seed gives the same events. Used to write GDELT and ICEWS files and to
// fill stores of millions of events.
import { readFileSync } from 'node:fs';
import { dataPath } from '../src/paths.ts';

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits one CSV line (double quotes, doubled quotes inside). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = csvFields(lines[0]);
  return lines.slice(1).map((line) => {
    const f = csvFields(line);
    return Object.fromEntries(header.map((h, i) => [h, f[i] ?? '']));
  });
}

export interface Country {
  readonly iso3: string;
  readonly name: string;
  readonly fips: string;
  readonly bloc: number;
}

export interface CameoCode {
  readonly code: string;
  readonly name: string;
  readonly root: string;
  readonly goldstein: number;
  readonly quad: number;
  readonly plover: string;
}

export const SECTORS = [
  'GOV',
  'GOV',
  'GOV',
  'GOV',
  'MIL',
  'MIL',
  'BUS',
  'MED',
  'OPP',
  'CVL',
  'JUD',
  'LEG',
  'COP',
];
export const SECTOR_NAMES: Record<string, string> = {
  GOV: 'Government',
  MIL: 'Military',
  BUS: 'Business',
  MED: 'Media',
  OPP: 'Dissident',
  CVL: 'Social',
  JUD: 'Judicial',
  LEG: 'Legislative / Parliamentary',
  COP: 'Police',
};

// the busiest states first (they get the highest Zipf weights), with the latent bloc of each
const PROMINENT: [string, number][] = [
  ['USA', 0],
  ['CHN', 1],
  ['RUS', 1],
  ['GBR', 0],
  ['IRN', 1],
  ['ISR', 0],
  ['UKR', 0],
  ['FRA', 0],
  ['DEU', 0],
  ['IND', 2],
  ['TUR', 2],
  ['JPN', 0],
  ['PAK', 2],
  ['SAU', 3],
  ['KOR', 0],
  ['PRK', 1],
  ['SYR', 1],
  ['EGY', 3],
  ['BRA', 2],
  ['QAT', 3],
  ['POL', 0],
  ['BLR', 1],
  ['ARE', 3],
  ['AFG', 4],
  ['IRQ', 3],
];

export const DAY0 = Date.UTC(2021, 0, 1);
/** Five years of days: 2021-01-01 .. 2025-12-31. */
export const DAYS = 1826;
const DAY_MS = 86_400_000;
const DATES: string[] = Array.from({ length: DAYS }, (_, d) =>
  new Date(DAY0 + d * DAY_MS).toISOString().slice(0, 10),
);

export function dayString(day: number): string {
  return DATES[day];
}

export interface World {
  readonly countries: Country[];
  readonly codes: CameoCode[];
  readonly byQuad: CameoCode[][];
  /** Cumulative Zipf weights over `countries`. */
  readonly cumulative: Float64Array;
}

let cached: World | null = null;

/** The world: 200 states (prominent ones first), their FIPS codes, and the CAMEO table. */
export function loadWorld(): World {
  if (cached) return cached;
  const fipsOf = new Map(readCsv(dataPath('geo', 'fips-iso3.csv')).map((r) => [r.iso3, r.fips]));
  const all = readCsv(dataPath('geo', 'countries.csv')).filter((r) => r.kind === 'country');
  const byIso = new Map(all.map((r) => [r.iso3, r]));
  const rng = mulberry32(7);
  const rest = all
    .map((r) => r.iso3)
    .filter((c) => !PROMINENT.some(([p]) => p === c))
    .map((c) => ({ c, k: rng() }))
    .sort((x, y) => x.k - y.k)
    .map((x) => x.c);
  const ordered: [string, number][] = [
    ...PROMINENT.filter(([c]) => byIso.has(c)),
    ...rest.map((c): [string, number] => [c, Math.floor(rng() * 5)]),
  ].slice(0, 200);
  const countries = ordered.map(([iso3, bloc]) => ({
    iso3,
    bloc,
    name: byIso.get(iso3)!.name,
    fips: fipsOf.get(iso3) ?? '',
  }));
  const codes: CameoCode[] = readCsv(dataPath('cameo', 'codes.csv'))
    .filter((r) => r.code.length >= 3)
    .map((r) => ({
      code: r.code,
      name: r.name,
      root: r.root,
      goldstein: Number(r.goldstein),
      quad: Number(r.quad_class),
      plover: r.plover,
    }));
  const byQuad: CameoCode[][] = [[], [], [], []];
  for (const c of codes) if (c.quad >= 1 && c.quad <= 4) byQuad[c.quad - 1].push(c);
  const cumulative = new Float64Array(countries.length);
  let sum = 0;
  for (let i = 0; i < countries.length; i++) {
    sum += 1 / (i + 1);
    cumulative[i] = sum;
  }
  for (let i = 0; i < countries.length; i++) cumulative[i] /= sum;
  cached = { countries, codes, byQuad, cumulative };
  return cached;
}

function zipfIndex(world: World, u: number): number {
  const c = world.cumulative;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface SyntheticEvent {
  readonly source: Country;
  readonly target: Country;
  readonly sourceSector: string;
  readonly targetSector: string;
  readonly code: CameoCode;
  /** Days since 2021-01-01. */
  readonly day: number;
}

/** One event: Zipf-distributed states, cooperative mostly within a bloc, a code of that quad class. */
export function sampleEvent(world: World, rng: Rng): SyntheticEvent {
  const s = zipfIndex(world, rng());
  let t = zipfIndex(world, rng());
  while (t === s) t = zipfIndex(world, rng());
  const source = world.countries[s];
  const target = world.countries[t];
  const cooperative = rng() < (source.bloc === target.bloc ? 0.8 : 0.42);
  const quad = cooperative ? (rng() < 0.7 ? 1 : 2) : rng() < 0.65 ? 3 : 4;
  const pool = world.byQuad[quad - 1];
  return {
    source,
    target,
    sourceSector: SECTORS[Math.floor(rng() * SECTORS.length)],
    targetSector: SECTORS[Math.floor(rng() * SECTORS.length)],
    code: pool[Math.floor(rng() * pool.length)],
    day: Math.floor(rng() * DAYS),
  };
}
