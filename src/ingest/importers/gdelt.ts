// GDELT event importer: the 1.0 daily export (57 or 58 tab-separated columns), the 2.0 export
// (61 columns) and comma-separated re-exports with a header row (`NA` for missing values).
// CAMEO codes stay strings ("042"); Actor*CountryCode is CAMEO (ISO alpha-3 style) and becomes
// source_country/target_country, while *Geo_CountryCode is FIPS 10-4 and is mapped to ISO alpha-3
// through data/geo/fips-iso3.csv for location_country.
import { BlocwatchError } from '../../errors.ts';
import { csvRecords } from './csv.ts';
import { type ReadLinesOptions, readLines } from './lines.ts';
import {
  type CameoEntry,
  cameoLookup,
  loadCameoTable,
  loadCountryTable,
  loadFipsTable,
} from './reference.ts';
import { createEventWriter, type EventRow, type ImportTarget } from './writer.ts';

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

type Layout = { version: string; index: Map<string, number>; separator: string; na: boolean };

function layoutFromNames(names: readonly string[], version: string, separator: string, na: boolean): Layout {
  return { version, index: new Map(names.map((n, i) => [n, i])), separator, na };
}

const L10 = layoutFromNames(GDELT_LAYOUTS['1.0'], '1.0', '\t', false);
const L20 = layoutFromNames(GDELT_LAYOUTS['2.0'], '2.0', '\t', false);

function isoDate(yyyymmdd: string): string | null {
  if (!/^\d{8}/.test(yyyymmdd)) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

export interface ImportSummary {
  readonly files: number;
  readonly read: number;
  readonly stored: number;
  readonly rejected: number;
  /** The first few rejection reasons, as `file:line reason`. */
  readonly rejections: string[];
  readonly seconds: number;
}

export interface ImportOptions extends ReadLinesOptions {
  /** Called with a running count every 100,000 rows. */
  readonly onProgress?: (rows: number) => void;
}

type Converter = (fields: string[], layout: Layout) => EventRow | string;

function makeConverter(): Converter {
  const cameo = loadCameoTable();
  const fips = loadFipsTable();
  const countries = loadCountryTable();
  const countryOf = (code: string, countryCode: string): string => {
    if (countryCode) return countryCode;
    const first = code.slice(0, 3);
    return countries.codes.has(first) ? first : '';
  };
  return (fields, layout) => {
    const ix = layout.index;
    const get = (name: string): string => {
      const i = ix.get(name);
      if (i === undefined) return '';
      const v = fields[i] ?? '';
      return layout.na && v === 'NA' ? '' : v;
    };
    const num = (name: string): number | null => {
      const v = get(name);
      if (v === '') return null;
      const n = Number(v);
      return Number.isFinite(n) ? n : null;
    };
    const id = get('GLOBALEVENTID');
    if (!/^\d+$/.test(id)) return `GLOBALEVENTID: expected digits, found ${JSON.stringify(id)}`;
    const date = isoDate(get('SQLDATE'));
    if (!date) return `SQLDATE: expected YYYYMMDD, found ${JSON.stringify(get('SQLDATE'))}`;
    const code = get('EventCode');
    if (!/^\d{2,4}$/.test(code)) return `EventCode: expected a CAMEO code, found ${JSON.stringify(code)}`;
    const entry: CameoEntry | undefined = cameoLookup(cameo, code);
    const quad = num('QuadClass') ?? entry?.quadClass ?? null;
    if (quad === null || quad < 1 || quad > 4) return `QuadClass: expected 1..4, found ${get('QuadClass')}`;
    const goldstein = num('GoldsteinScale') ?? entry?.goldstein ?? 0;
    const a1 = get('Actor1Code');
    const a2 = get('Actor2Code');
    const c1 = countryOf(a1, get('Actor1CountryCode'));
    const c2 = countryOf(a2, get('Actor2CountryCode'));
    const geoType = get('ActionGeo_Type');
    const hasGeo = geoType !== '' && geoType !== '0';
    const geoCountry = get('ActionGeo_CountryCode');
    const added = get('DATEADDED');
    const url = get('SOURCEURL');
    return {
      id: `gdelt:${id}`,
      doc_id: null,
      sentence_index: null,
      origin: 'gdelt',
      source_code: a1,
      source_name: get('Actor1Name'),
      source_country: c1,
      source_sector: get('Actor1Type1Code'),
      source_entity: null,
      target_code: a2,
      target_name: get('Actor2Name'),
      target_country: c2,
      target_sector: get('Actor2Type1Code'),
      target_entity: null,
      code,
      root: get('EventRootCode') || code.slice(0, 2),
      quad_class: quad,
      goldstein,
      plover: entry?.plover ?? '',
      modality: 'asserted',
      attributed_to_code: null,
      attributed_to_name: null,
      date,
      date_precision: 'day',
      published_at: isoDate(added) ?? date,
      location_name: hasGeo ? get('ActionGeo_FullName') || null : null,
      location_country: hasGeo && geoCountry ? (fips.get(geoCountry) ?? null) : null,
      lat: hasGeo ? num('ActionGeo_Lat') : null,
      lon: hasGeo ? num('ActionGeo_Long') : null,
      evidence_text: '',
      evidence_start: null,
      evidence_end: null,
      rule: `gdelt-${layout.version}`,
      confidence: 1,
      coder_version: `gdelt-${layout.version}`,
      is_duplicate: 0,
      source_url: url || null,
    };
  };
}

function nativeLayout(columns: number): Layout | null {
  if (columns === 57 || columns === 58) return L10;
  if (columns === 61) return L20;
  return null;
}

/** Imports GDELT event files (plain, .gz or .zip) into the events table. */
export async function importGdelt(
  target: ImportTarget,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const convert = makeConverter();
  const rejections: string[] = [];
  let rejected = 0;
  let read = 0;
  let accepted = 0;
  let stored = 0;
  const reject = (where: string, reason: string) => {
    rejected++;
    if (rejections.length < 20) rejections.push(`${where} ${reason}`);
  };
  for (const file of files) {
    const result = await (async () => {
      const writer = createEventWriter(target);
      try {
        const lines = readLines(file, options);
        const first = await lines.next();
        if (first.done) return writer.finish();
        const head = first.value.replace(/^\uFEFF/, '');
        const isCsvHeader = /^"?GLOBALEVENTID"?,/i.test(head);
        if (isCsvHeader) {
          const names = csvFields(head);
          const layout = layoutFromNames(names, names.length === 61 ? '2.0' : '1.0', ',', true);
          for (const required of ['GLOBALEVENTID', 'SQLDATE', 'EventCode'])
            if (!layout.index.has(required))
              throw new BlocwatchError('BW_ERR_IMPORT', `${file}:1 header: expected a column ${required}`);
          for await (const [lineNo, fields] of csvRecords(lines)) {
            const row = convert(fields, layout);
            if (typeof row === 'string') reject(`${file}:${lineNo + 1}`, row);
            else await writer.add(row);
            if (options.onProgress && (++read & 0x1ffff) === 0) options.onProgress(read);
          }
        } else {
          let lineNo = 0;
          const handle = async (line: string) => {
            lineNo++;
            if (line === '') return;
            const fields = line.split('\t');
            const layout = nativeLayout(fields.length);
            if (!layout) {
              reject(
                `${file}:${lineNo}`,
                `expected 57, 58 or 61 tab-separated columns, found ${fields.length}`,
              );
              return;
            }
            const row = convert(fields, layout);
            if (typeof row === 'string') reject(`${file}:${lineNo}`, row);
            else await writer.add(row);
            if (options.onProgress && (++read & 0x1ffff) === 0) options.onProgress(read);
          };
          await handle(head);
          for await (const line of lines) await handle(line);
        }
        return await writer.finish();
      } catch (error) {
        writer.abort();
        throw error;
      }
    })();
    stored += result.stored;
    accepted += result.read;
  }
  return {
    files: files.length,
    read: accepted + rejected,
    stored,
    rejected,
    rejections,
    seconds: (performance.now() - started) / 1000,
  };
}

function csvFields(line: string): string[] {
  return line.split(',').map((f) => f.replace(/^"|"$/g, '').trim());
}
