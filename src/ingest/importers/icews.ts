// ICEWS event importer: tab-separated files with a header row, as in the public yearly releases.
// Country names become ISO alpha-3 codes through data/geo/countries.csv; ICEWS sectors become our
// sector codes through data/import/icews-sectors.csv; Intensity becomes the Goldstein value; quad
// class and PLOVER type come from the CAMEO table in data/cameo/codes.csv.
import { existsSync, statSync } from 'node:fs';
import { BlocwatchError } from '../../errors.ts';
import type { ImportOptions, ImportSummary } from './gdelt.ts';
import { expandedSizeEstimate, readLineBatches } from './lines.ts';
import {
  cameoLookup,
  loadCameoTable,
  loadCountryTable,
  loadIcewsSectors,
  normalizeName,
} from './reference.ts';
import { createEventWriter, type EventColumn, type ImportTarget, type WriterTotals } from './writer.ts';

const REQUIRED = [
  'Event ID',
  'Event Date',
  'Source Name',
  'Source Sectors',
  'Source Country',
  'CAMEO Code',
  'Intensity',
  'Target Name',
  'Target Sectors',
  'Target Country',
];

/** The fields the importer reads, by position in FIELDS. */
const FIELDS = [
  'Event ID',
  'Event Date',
  'Source Name',
  'Source Sectors',
  'Source Country',
  'Event Text',
  'CAMEO Code',
  'Intensity',
  'Target Name',
  'Target Sectors',
  'Target Country',
  'Sentence Number',
  'City',
  'Province',
  'Country',
  'Latitude',
  'Longitude',
] as const;
const F = Object.fromEntries(FIELDS.map((n, i) => [n, i])) as Record<(typeof FIELDS)[number], number>;

/** Columns written per row, in this order; the others are constants or NULL. */
const COLUMNS = [
  'id',
  'sentence_index',
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
  'evidence_text',
] as const satisfies readonly EventColumn[];
const CONSTANTS = {
  origin: 'icews',
  modality: 'asserted',
  date_precision: 'day',
  rule: 'icews',
  confidence: 1,
  coder_version: 'icews',
  is_duplicate: 0,
} as const;

/** Average bytes of an ICEWS line, to estimate the rows of a file from its size. */
const ICEWS_BYTES_PER_ROW = 250;

function isIsoDay(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export async function importIcews(
  target: ImportTarget,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = performance.now();
  const cameo = loadCameoTable();
  const countries = loadCountryTable();
  const sectors = loadIcewsSectors();
  const countryCache = new Map<string, string>();
  const countryOf = (name: string): string => {
    if (name === '' || name === 'NA') return '';
    let code = countryCache.get(name);
    if (code === undefined) {
      code = countries.byName.get(normalizeName(name)) ?? '';
      countryCache.set(name, code);
    }
    return code;
  };
  const sectorCache = new Map<string, string>();
  const sectorOf = (list: string): string => {
    let code = sectorCache.get(list);
    if (code === undefined) {
      code = sectors.codeFor(list.split(','));
      sectorCache.set(list, code);
    }
    return code;
  };
  /** Writes the COLUMNS values of one row into `out`, or returns why the row is rejected. */
  const convertRow = (get: (field: number) => string, out: unknown[]): string | null => {
    const id = get(F['Event ID']);
    const date = get(F['Event Date']);
    const code = get(F['CAMEO Code']);
    if (!isIsoDay(date)) return `Event Date: expected YYYY-MM-DD, found ${JSON.stringify(date)}`;
    if (code.length < 2 || code.length > 4 || !allDigits(code))
      return `CAMEO Code: expected 2-4 digits, found ${JSON.stringify(code)}`;
    const entry = cameoLookup(cameo, code);
    if (!entry) return `CAMEO Code: ${code} is not in data/cameo/codes.csv`;
    if (!allDigits(id)) return `Event ID: expected digits, found ${JSON.stringify(id)}`;
    const intensityText = get(F.Intensity);
    const intensity = Number(intensityText);
    const srcSector = sectorOf(get(F['Source Sectors']));
    const tgtSector = sectorOf(get(F['Target Sectors']));
    // an international organisation has no country in ICEWS: its actor code starts with IGO
    const srcCountry = countryOf(get(F['Source Country'])) || (srcSector === 'IGO' ? 'IGO' : '');
    const tgtCountry = countryOf(get(F['Target Country'])) || (tgtSector === 'IGO' ? 'IGO' : '');
    const latText = get(F.Latitude);
    const lat = Number(latText);
    const lon = Number(get(F.Longitude));
    const hasGeo = latText !== '' && Number.isFinite(lat) && Number.isFinite(lon);
    const sentence = Number(get(F['Sentence Number']));
    const city = get(F.City);
    const province = get(F.Province);
    const country = get(F.Country);
    let place = city;
    if (province !== '') place = place === '' ? province : `${place}, ${province}`;
    if (country !== '') place = place === '' ? country : `${place}, ${country}`;
    out[0] = `icews:${id}`;
    out[1] = Number.isInteger(sentence) ? sentence : null;
    out[2] = srcCountry === srcSector ? srcCountry : srcCountry + srcSector;
    out[3] = get(F['Source Name']);
    out[4] = srcCountry;
    out[5] = srcSector === 'IGO' && srcCountry === 'IGO' ? '' : srcSector;
    out[6] = tgtCountry === tgtSector ? tgtCountry : tgtCountry + tgtSector;
    out[7] = get(F['Target Name']);
    out[8] = tgtCountry;
    out[9] = tgtSector === 'IGO' && tgtCountry === 'IGO' ? '' : tgtSector;
    out[10] = code;
    out[11] = entry.root;
    out[12] = entry.quadClass;
    out[13] = Number.isFinite(intensity) && intensityText !== '' ? intensity : entry.goldstein;
    out[14] = entry.plover;
    out[15] = date;
    out[16] = date;
    out[17] = place || null;
    out[18] = countryOf(country) || null;
    out[19] = hasGeo ? lat : null;
    out[20] = hasGeo ? lon : null;
    out[21] = get(F['Event Text']);
    return null;
  };
  const rejections: string[] = [];
  let rejected = 0;
  let read = 0;
  const reject = (where: string, reason: string) => {
    rejected++;
    if (rejections.length < 20) rejections.push(`${where} ${reason}`);
  };
  let expectedRows = 0;
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile())
      throw new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', `${file}: no such file`);
    expectedRows += expandedSizeEstimate(file) / ICEWS_BYTES_PER_ROW;
  }
  const writer = createEventWriter(
    target,
    { columns: COLUMNS, constants: CONSTANTS },
    { expectedRows, indexMode: options.indexMode },
  );
  const out: unknown[] = new Array(COLUMNS.length);
  const progress = options.onProgress;
  let totals: WriterTotals;
  try {
    for (const file of files) {
      let col: Int16Array | null = null;
      let lineNo = 0;
      for await (const batch of readLineBatches(file, options)) {
        for (const line of batch) {
          lineNo++;
          if (line === '') continue;
          const fields = line.split('\t');
          if (!col) {
            const index = new Map(fields.map((f, i) => [f.replace(/^\uFEFF/, '').trim(), i]));
            for (const column of REQUIRED)
              if (!index.has(column))
                throw new BlocwatchError(
                  'BW_ERR_IMPORT',
                  `${file}:1 header: expected an ICEWS column "${column}", found ${fields.slice(0, 5).join(', ')}…`,
                );
            col = Int16Array.from(FIELDS, (name) => index.get(name) ?? -1);
            continue;
          }
          const c = col;
          const get = (k: number): string => {
            const i = c[k]!;
            const v = i < 0 ? '' : (fields[i] ?? '');
            return v === 'NA' ? '' : v;
          };
          const why = convertRow(get, out);
          if (why !== null) reject(`${file}:${lineNo}`, why);
          else {
            const p = writer.add(out);
            if (p) await p;
          }
          if (progress && (++read & 0x1ffff) === 0) progress(read);
        }
      }
      if (!col) throw new BlocwatchError('BW_ERR_IMPORT', `${file}: empty file, expected an ICEWS header`);
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
