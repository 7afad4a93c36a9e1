// ICEWS event importer: tab-separated files with a header row, as in the public yearly releases.
// Country names become ISO alpha-3 codes through data/geo/countries.csv; ICEWS sectors become our
// sector codes through data/import/icews-sectors.csv; Intensity becomes the Goldstein value; quad
// class and PLOVER type come from the CAMEO table in data/cameo/codes.csv.
import { BlocwatchError } from '../../errors.ts';
import type { ImportOptions, ImportSummary } from './gdelt.ts';
import { readLines } from './lines.ts';
import {
  cameoLookup,
  loadCameoTable,
  loadCountryTable,
  loadIcewsSectors,
  normalizeName,
} from './reference.ts';
import { createEventWriter, type EventRow, type ImportTarget } from './writer.ts';

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
        let index: Map<string, number> | null = null;
        let lineNo = 0;
        for await (const line of readLines(file, options)) {
          lineNo++;
          if (line === '') continue;
          const fields = line.split('\t');
          if (!index) {
            index = new Map(fields.map((f, i) => [f.replace(/^\uFEFF/, '').trim(), i]));
            for (const column of REQUIRED)
              if (!index.has(column))
                throw new BlocwatchError(
                  'BW_ERR_IMPORT',
                  `${file}:1 header: expected an ICEWS column "${column}", found ${fields.slice(0, 5).join(', ')}…`,
                );
            continue;
          }
          const ix = index;
          const get = (name: string): string => {
            const v = fields[ix.get(name) ?? -1] ?? '';
            return v === 'NA' ? '' : v;
          };
          const id = get('Event ID');
          const date = get('Event Date');
          const code = get('CAMEO Code');
          if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
            reject(`${file}:${lineNo}`, `Event Date: expected YYYY-MM-DD, found ${JSON.stringify(date)}`);
            continue;
          }
          if (!/^\d{2,4}$/.test(code)) {
            reject(`${file}:${lineNo}`, `CAMEO Code: expected 2-4 digits, found ${JSON.stringify(code)}`);
            continue;
          }
          const entry = cameoLookup(cameo, code);
          if (!entry) {
            reject(`${file}:${lineNo}`, `CAMEO Code: ${code} is not in data/cameo/codes.csv`);
            continue;
          }
          const intensity = Number(get('Intensity'));
          const srcSectors = get('Source Sectors').split(',');
          const tgtSectors = get('Target Sectors').split(',');
          const srcSector = sectors.codeFor(srcSectors);
          const tgtSector = sectors.codeFor(tgtSectors);
          // an international organisation has no country in ICEWS: its actor code starts with IGO
          const srcCountry = countryOf(get('Source Country')) || (srcSector === 'IGO' ? 'IGO' : '');
          const tgtCountry = countryOf(get('Target Country')) || (tgtSector === 'IGO' ? 'IGO' : '');
          const lat = Number(get('Latitude'));
          const lon = Number(get('Longitude'));
          const hasGeo = get('Latitude') !== '' && Number.isFinite(lat) && Number.isFinite(lon);
          const sentence = Number(get('Sentence Number'));
          const place = [get('City'), get('Province'), get('Country')].filter((x) => x !== '').join(', ');
          const row: EventRow = {
            id: `icews:${id}`,
            doc_id: null,
            sentence_index: Number.isInteger(sentence) ? sentence : null,
            origin: 'icews',
            source_code: srcCountry === srcSector ? srcCountry : srcCountry + srcSector,
            source_name: get('Source Name'),
            source_country: srcCountry,
            source_sector: srcSector === 'IGO' && srcCountry === 'IGO' ? '' : srcSector,
            source_entity: null,
            target_code: tgtCountry === tgtSector ? tgtCountry : tgtCountry + tgtSector,
            target_name: get('Target Name'),
            target_country: tgtCountry,
            target_sector: tgtSector === 'IGO' && tgtCountry === 'IGO' ? '' : tgtSector,
            target_entity: null,
            code,
            root: entry.root,
            quad_class: entry.quadClass,
            goldstein: Number.isFinite(intensity) && get('Intensity') !== '' ? intensity : entry.goldstein,
            plover: entry.plover,
            modality: 'asserted',
            attributed_to_code: null,
            attributed_to_name: null,
            date,
            date_precision: 'day',
            published_at: date,
            location_name: place || null,
            location_country: countryOf(get('Country')) || null,
            lat: hasGeo ? lat : null,
            lon: hasGeo ? lon : null,
            evidence_text: get('Event Text'),
            evidence_start: null,
            evidence_end: null,
            rule: 'icews',
            confidence: 1,
            coder_version: 'icews',
            is_duplicate: 0,
            source_url: null,
          };
          if (!/^\d+$/.test(id)) {
            reject(`${file}:${lineNo}`, `Event ID: expected digits, found ${JSON.stringify(id)}`);
            continue;
          }
          await writer.add(row);
          if (options.onProgress && ++read % 100000 === 0) options.onProgress(read);
        }
        if (!index)
          throw new BlocwatchError('BW_ERR_IMPORT', `${file}: empty file, expected an ICEWS header`);
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
