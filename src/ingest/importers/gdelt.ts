// GDELT event importer: the 1.0 daily export (57 or 58 tab-separated columns), the 2.0 export
// (61 columns) and comma-separated re-exports with a header row (`NA` for missing values).
// CAMEO codes stay strings ("042"); Actor*CountryCode is CAMEO (ISO alpha-3 style) and becomes
// source_country/target_country, while *Geo_CountryCode is FIPS 10-4 and is mapped to ISO alpha-3
// through data/geo/fips-iso3.csv for location_country.
import { existsSync, statSync } from 'node:fs';
import { BlocwatchError } from '../../errors.ts';
import { csvRecords, parseCsvRecord } from './csv.ts';
import { expandedSizeEstimate, type ReadLinesOptions, readLineBatches } from './lines.ts';
import {
  type CameoEntry,
  cameoLookup,
  loadCameoTable,
  loadCountryTable,
  loadFipsTable,
} from './reference.ts';
import {
  createEventWriter,
  type EventColumn,
  type ImportTarget,
  type IndexMode,
  type WriterTotals,
} from './writer.ts';

const ACTOR = (n: 1 | 2) =>
  [
    'Code',
    'Name',
    'CountryCode',
    'KnownGroupCode',
    'EthnicCode',
    'Religion1Code',
    'Religion2Code',
    'Type1Code',
    'Type2Code',
    'Type3Code',
  ].map((c) => `Actor${n}${c}`);
const HEAD = ['GLOBALEVENTID', 'SQLDATE', 'MonthYear', 'Year', 'FractionDate', ...ACTOR(1), ...ACTOR(2)];
const EVENT = [
  'IsRootEvent',
  'EventCode',
  'EventBaseCode',
  'EventRootCode',
  'QuadClass',
  'GoldsteinScale',
  'NumMentions',
  'NumSources',
  'NumArticles',
  'AvgTone',
];
const GEO = (prefix: string, adm2: boolean) =>
  [
    'Type',
    'FullName',
    'CountryCode',
    'ADM1Code',
    ...(adm2 ? ['ADM2Code'] : []),
    'Lat',
    'Long',
    'FeatureID',
  ].map((c) => `${prefix}_${c}`);
const geoBlocks = (adm2: boolean) => [
  ...GEO('Actor1Geo', adm2),
  ...GEO('Actor2Geo', adm2),
  ...GEO('ActionGeo', adm2),
];

/** Column names of the native layouts, in file order. */
export const GDELT_LAYOUTS = {
  '1.0': [...HEAD, ...EVENT, ...geoBlocks(false), 'DATEADDED', 'SOURCEURL'],
  '2.0': [...HEAD, ...EVENT, ...geoBlocks(true), 'DATEADDED', 'SOURCEURL'],
} as const;

// The fields the importer keeps, as slots; a layout maps each slot to its column (-1: absent).
const SLOT_NAMES = [
  'GLOBALEVENTID',
  'SQLDATE',
  'Actor1Code',
  'Actor1Name',
  'Actor1CountryCode',
  'Actor1Type1Code',
  'Actor2Code',
  'Actor2Name',
  'Actor2CountryCode',
  'Actor2Type1Code',
  'EventCode',
  'EventRootCode',
  'QuadClass',
  'GoldsteinScale',
  'ActionGeo_Type',
  'ActionGeo_FullName',
  'ActionGeo_CountryCode',
  'ActionGeo_Lat',
  'ActionGeo_Long',
  'DATEADDED',
  'SOURCEURL',
] as const;
const S_ID = 0;
const S_DATE = 1;
const S_A1 = 2;
const S_A1NAME = 3;
const S_A1COUNTRY = 4;
const S_A1TYPE = 5;
const S_A2 = 6;
const S_A2NAME = 7;
const S_A2COUNTRY = 8;
const S_A2TYPE = 9;
const S_CODE = 10;
const S_ROOT = 11;
const S_QUAD = 12;
const S_GOLDSTEIN = 13;
const S_GEOTYPE = 14;
const S_GEONAME = 15;
const S_GEOCOUNTRY = 16;
const S_LAT = 17;
const S_LON = 18;
const S_ADDED = 19;
const S_URL = 20;
const SLOTS = SLOT_NAMES.length;

/** The layout versions, in the order of the writer's variants (VARIANTS). */
const VERSIONS = ['1.0', '2.0'] as const;

interface Layout {
  readonly version: (typeof VERSIONS)[number];
  /** Index of the version in VERSIONS: the set of constant columns its rows are written with. */
  readonly variant: number;
  /** Column of each slot, -1 when the layout has no such column. */
  readonly columns: Int16Array;
}

function layoutFromNames(names: readonly string[], version: Layout['version']): Layout {
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  return {
    version,
    variant: VERSIONS.indexOf(version),
    columns: Int16Array.from(SLOT_NAMES, (n) => index.get(n) ?? -1),
  };
}

const L10 = layoutFromNames(GDELT_LAYOUTS['1.0'], '1.0');
const L20 = layoutFromNames(GDELT_LAYOUTS['2.0'], '2.0');

function nativeLayout(columns: number): Layout | null {
  if (columns === 57 || columns === 58) return L10;
  if (columns === 61) return L20;
  return null;
}

/** Columns the importer writes per row, in this order; the others are constants or NULL. */
const COLUMNS = [
  'id',
  'source_code',
  'source_name',
  'source_country',
  'source_sector',
  'target_code',
  'target_name',
  'target_country',
  'target_sector',
  'code',
  'root',
  'quad_class',
  'goldstein',
  'plover',
  'date',
  'published_at',
  'location_name',
  'location_country',
  'lat',
  'lon',
  'source_url',
] as const satisfies readonly EventColumn[];
const CONSTANTS = {
  origin: 'gdelt',
  modality: 'asserted',
  date_precision: 'day',
  evidence_text: '',
  confidence: 1,
  is_duplicate: 0,
} as const;
/** `rule` and `coder_version` of each layout version, in the order of VERSIONS. */
const VARIANTS = VERSIONS.map((v) => ({ rule: `gdelt-${v}`, coder_version: `gdelt-${v}` }));

/** True when s is one or more ASCII digits. */
function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The first 8 characters of `YYYYMMDD…` as the number YYYYMMDD, or -1 when they are not digits. */
function dayNumber(yyyymmdd: string): number {
  if (yyyymmdd.length < 8) return -1;
  let n = 0;
  for (let i = 0; i < 8; i++) {
    const c = yyyymmdd.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/**
 * `YYYYMMDD…` → `YYYY-MM-DD`, or null. A file has a few hundred distinct days for 100,000s of rows:
 * one string per day, kept in `days`, instead of four per row.
 */
function isoDate(yyyymmdd: string, days: Map<number, string>): string | null {
  const n = dayNumber(yyyymmdd);
  if (n < 0) return null;
  let iso = days.get(n);
  if (iso === undefined) {
    iso = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
    days.set(n, iso);
  }
  return iso;
}

function numberOrNull(v: string): number | null {
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * Turns the slot values of one GDELT row into the values of COLUMNS (written into `out`), or
 * returns the reason for rejecting the row.
 */
export type GdeltConverter = (slots: readonly string[], out: unknown[]) => string | null;

export function makeGdeltConverter(): GdeltConverter {
  const cameo = loadCameoTable();
  const fips = loadFipsTable();
  const countries = loadCountryTable();
  const countryOf = (code: string, countryCode: string): string => {
    if (countryCode) return countryCode;
    const first = code.slice(0, 3);
    return countries.codes.has(first) ? first : '';
  };
  const entries = new Map<string, CameoEntry | null>();
  const days = new Map<number, string>();
  return (f, out) => {
    const id = f[S_ID]!;
    if (!allDigits(id)) return `GLOBALEVENTID: expected digits, found ${JSON.stringify(id)}`;
    const date = isoDate(f[S_DATE]!, days);
    if (!date) return `SQLDATE: expected YYYYMMDD, found ${JSON.stringify(f[S_DATE])}`;
    const code = f[S_CODE]!;
    if (code.length < 2 || code.length > 4 || !allDigits(code))
      return `EventCode: expected a CAMEO code, found ${JSON.stringify(code)}`;
    let entry = entries.get(code);
    if (entry === undefined) {
      entry = cameoLookup(cameo, code) ?? null;
      entries.set(code, entry);
    }
    const quad = numberOrNull(f[S_QUAD]!) ?? entry?.quadClass ?? null;
    if (quad === null || quad < 1 || quad > 4) return `QuadClass: expected 1..4, found ${f[S_QUAD]}`;
    const a1 = f[S_A1]!;
    const a2 = f[S_A2]!;
    const geoType = f[S_GEOTYPE]!;
    const hasGeo = geoType !== '' && geoType !== '0';
    const geoCountry = f[S_GEOCOUNTRY]!;
    const url = f[S_URL]!;
    out[0] = `gdelt:${id}`;
    out[1] = a1;
    out[2] = f[S_A1NAME];
    out[3] = countryOf(a1, f[S_A1COUNTRY]!);
    out[4] = f[S_A1TYPE];
    out[5] = a2;
    out[6] = f[S_A2NAME];
    out[7] = countryOf(a2, f[S_A2COUNTRY]!);
    out[8] = f[S_A2TYPE];
    out[9] = code;
    out[10] = f[S_ROOT] || code.slice(0, 2);
    out[11] = quad;
    out[12] = numberOrNull(f[S_GOLDSTEIN]!) ?? entry?.goldstein ?? 0;
    out[13] = entry?.plover ?? '';
    out[14] = date;
    out[15] = isoDate(f[S_ADDED]!, days) ?? date;
    out[16] = hasGeo ? f[S_GEONAME] || null : null;
    out[17] = hasGeo && geoCountry ? (fips.get(geoCountry) ?? null) : null;
    out[18] = hasGeo ? numberOrNull(f[S_LAT]!) : null;
    out[19] = hasGeo ? numberOrNull(f[S_LON]!) : null;
    out[20] = url || null;
    return null;
  };
}

/**
 * Splits a native (tab-separated) GDELT line once, keeping only the slot fields: finds the tab
 * positions, picks the layout by the column count and slices the kept fields into `slots`.
 * Returns the layout, or the number of columns found when it is not a GDELT layout.
 */
export function pickNativeFields(line: string, tabs: Int32Array, slots: string[]): Layout | number {
  let count = 0;
  let at = line.indexOf('\t');
  while (at >= 0 && count < tabs.length) {
    tabs[count++] = at;
    at = line.indexOf('\t', at + 1);
  }
  if (at >= 0) return count + 2; // more columns than any layout: report "at least"
  const layout = nativeLayout(count + 1);
  if (!layout) return count + 1;
  const columns = layout.columns;
  for (let s = 0; s < SLOTS; s++) {
    const c = columns[s]!;
    const from = c === 0 ? 0 : tabs[c - 1]! + 1;
    const to = c === count ? line.length : tabs[c]!;
    slots[s] = line.slice(from, to);
  }
  return layout;
}

/** Fills `slots` from the fields of a CSV re-export row (`NA` is missing). */
function pickCsvFields(fields: readonly string[], layout: Layout, slots: string[]): void {
  const columns = layout.columns;
  for (let s = 0; s < SLOTS; s++) {
    const c = columns[s]!;
    const v = c < 0 ? '' : (fields[c] ?? '');
    slots[s] = v === 'NA' ? '' : v;
  }
}

export interface ImportSummary {
  readonly files: number;
  readonly read: number;
  readonly stored: number;
  readonly rejected: number;
  /** The first few rejection reasons, as `file:line reason`. */
  readonly rejections: string[];
  readonly seconds: number;
  /** SQLite: the events indexes were dropped during the load and re-created (a bulk load). */
  readonly rebuiltIndexes?: boolean;
}

export interface ImportOptions extends ReadLinesOptions {
  /** Called with a running count every 131,072 rows. */
  readonly onProgress?: (rows: number) => void;
  /** SQLite: drop and re-create the events indexes around the load (default `auto`: for large imports). */
  readonly indexMode?: IndexMode;
}

/** Average bytes of a GDELT line, to estimate the rows of a file from its size. */
const GDELT_BYTES_PER_ROW = 300;

/** Imports GDELT event files (plain, .gz or .zip) into the events table. */
export async function importGdelt(
  target: ImportTarget,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  for (const file of files)
    if (!existsSync(file) || !statSync(file).isFile())
      throw new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', `${file}: no such file`);
  const convert = makeGdeltConverter();
  const rejections: string[] = [];
  let rejected = 0;
  let read = 0;
  const reject = (where: string, reason: string) => {
    rejected++;
    if (rejections.length < 20) rejections.push(`${where} ${reason}`);
  };
  let expectedRows = 0;
  for (const file of files) expectedRows += expandedSizeEstimate(file) / GDELT_BYTES_PER_ROW;
  const writer = createEventWriter(
    target,
    { columns: COLUMNS, constants: CONSTANTS, variants: VARIANTS },
    { expectedRows, indexMode: options.indexMode },
  );
  const slots: string[] = new Array(SLOTS).fill('');
  const tabs = new Int32Array(64);
  const out: unknown[] = new Array(COLUMNS.length);
  const progress = options.onProgress;
  let totals: WriterTotals;
  try {
    for (const file of files) {
      let lineNo = 0;
      const addNative = async (lines: readonly string[]) => {
        for (const line of lines) {
          lineNo++;
          if (line === '') continue;
          const layout = pickNativeFields(line, tabs, slots);
          if (typeof layout === 'number') {
            reject(`${file}:${lineNo}`, `expected 57, 58 or 61 tab-separated columns, found ${layout}`);
            continue;
          }
          const why = convert(slots, out);
          if (why !== null) reject(`${file}:${lineNo}`, why);
          else {
            const p = writer.add(out, layout.variant);
            if (p) await p;
          }
          if (progress && (++read & 0x1ffff) === 0) progress(read);
        }
      };
      const batches = readLineBatches(file, options);
      const first = await batches.next();
      if (first.done) continue;
      const head = first.value[0]!.replace(/^\uFEFF/, '');
      if (!/^"?GLOBALEVENTID"?,/i.test(head)) {
        first.value[0] = head;
        await addNative(first.value);
        for await (const batch of batches) await addNative(batch);
        continue;
      }
      // a CSV re-export: a header row, quoted fields (possibly spanning lines), NA for missing
      const names = csvFields(head);
      const layout = layoutFromNames(names, names.length === 61 ? '2.0' : '1.0');
      for (const required of ['GLOBALEVENTID', 'SQLDATE', 'EventCode'])
        if (!names.includes(required))
          throw new BlocwatchError('BW_ERR_IMPORT', `${file}:1 header: expected a column ${required}`);
      const rest = async function* () {
        yield* first.value.slice(1);
        for await (const batch of batches) yield* batch;
      };
      for await (const [no, fields] of csvRecords(rest())) {
        pickCsvFields(fields, layout, slots);
        const why = convert(slots, out);
        if (why !== null) reject(`${file}:${no + 1}`, why);
        else {
          const p = writer.add(out, layout.variant);
          if (p) await p;
        }
        if (progress && (++read & 0x1ffff) === 0) progress(read);
      }
    }
    totals = await writer.finish();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return {
    files: files.length,
    read: totals.read + rejected,
    stored: totals.stored,
    rejected,
    rejections,
    seconds: (performance.now() - started) / 1000,
    rebuiltIndexes: totals.rebuiltIndexes,
  };
}

function csvFields(line: string): string[] {
  return parseCsvRecord(line).map((f) => f.trim());
}
