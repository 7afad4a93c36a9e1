// Reference tables the importers need, loaded from data/ and validated with file:line messages:
// countries (ISO alpha-3, alpha-2, names, aliases), FIPS 10-4 geography codes, the CAMEO code
// table (quad class, Goldstein, PLOVER) and the ICEWS sector mapping.
import { readFileSync } from 'node:fs';
import { BlocwatchError } from '../../errors.ts';
import { dataPath } from '../../paths.ts';
import { parseCsvRecord } from './csv.ts';

interface CsvTable {
  readonly file: string;
  readonly rows: { line: number; get: (column: string) => string }[];
}

function readCsvTable(file: string, required: readonly string[]): CsvTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BlocwatchError('BW_ERR_KB_INVALID', `${file}: cannot read the file`);
  }
  const lines = text.split(/\r?\n/);
  const header = parseCsvRecord(lines[0] ?? '');
  const index = new Map(header.map((h, i) => [h.trim(), i]));
  for (const column of required)
    if (!index.has(column))
      throw new BlocwatchError(
        'BW_ERR_KB_INVALID',
        `${file}:1 header: expected a column "${column}", found ${header.join(',')}`,
      );
  const rows: CsvTable['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.trim() === '' || line.startsWith('#')) continue;
    const fields = parseCsvRecord(line);
    if (fields.length !== header.length)
      throw new BlocwatchError(
        'BW_ERR_KB_INVALID',
        `${file}:${i + 1} row: expected ${header.length} fields, found ${fields.length}`,
      );
    rows.push({ line: i + 1, get: (column) => (fields[index.get(column) ?? -1] ?? '').trim() });
  }
  return { file, rows };
}

function invalid(file: string, line: number, field: string, expected: string, found: string): BlocwatchError {
  return new BlocwatchError(
    'BW_ERR_KB_INVALID',
    `${file}:${line} ${field}: expected ${expected}, found ${JSON.stringify(found)}`,
  );
}

/** Lower-case, no accents, no punctuation, single spaces, no leading "the". */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

export interface CountryTable {
  /** ISO 3166 alpha-2 (and historical two-letter codes) → alpha-3. */
  readonly byIso2: ReadonlyMap<string, string>;
  /** Normalised name or alias → alpha-3. */
  readonly byName: ReadonlyMap<string, string>;
  /** Every alpha-3 code and group code in the table. */
  readonly codes: ReadonlySet<string>;
  readonly names: ReadonlyMap<string, string>;
}

let countryCache: CountryTable | null = null;

/** data/geo/countries.csv: `iso3,iso2,kind,name,aliases` (aliases `|`-separated). */
export function loadCountryTable(file = dataPath('geo', 'countries.csv')): CountryTable {
  if (countryCache && file === dataPath('geo', 'countries.csv')) return countryCache;
  const table = readCsvTable(file, ['iso3', 'iso2', 'kind', 'name', 'aliases']);
  const byIso2 = new Map<string, string>();
  const byName = new Map<string, string>();
  const codes = new Set<string>();
  const names = new Map<string, string>();
  for (const row of table.rows) {
    const iso3 = row.get('iso3');
    const iso2 = row.get('iso2');
    const kind = row.get('kind');
    if (!/^[A-Z]{3}$/.test(iso3)) throw invalid(file, row.line, 'iso3', 'three capital letters', iso3);
    if (iso2 !== '' && !/^[A-Z]{2}$/.test(iso2))
      throw invalid(file, row.line, 'iso2', 'two capital letters or empty', iso2);
    if (!['country', 'historical', 'group'].includes(kind))
      throw invalid(file, row.line, 'kind', 'country, historical or group', kind);
    if (codes.has(iso3)) throw invalid(file, row.line, 'iso3', 'a code not listed before', iso3);
    codes.add(iso3);
    names.set(iso3, row.get('name'));
    if (iso2) byIso2.set(iso2, iso3);
    for (const name of [row.get('name'), ...row.get('aliases').split('|')]) {
      const key = normalizeName(name);
      if (!key) continue;
      const previous = byName.get(key);
      if (previous && previous !== iso3)
        throw invalid(file, row.line, 'aliases', `a name not already used by ${previous}`, name);
      byName.set(key, iso3);
    }
  }
  const result = { byIso2, byName, codes, names };
  if (file === dataPath('geo', 'countries.csv')) countryCache = result;
  return result;
}

/** data/geo/fips-iso3.csv: FIPS 10-4 country codes (GDELT geography) → ISO alpha-3. */
export function loadFipsTable(file = dataPath('geo', 'fips-iso3.csv')): ReadonlyMap<string, string> {
  const table = readCsvTable(file, ['fips', 'iso3']);
  const map = new Map<string, string>();
  for (const row of table.rows) {
    const fips = row.get('fips');
    const iso3 = row.get('iso3');
    if (!/^[A-Z]{2}$/.test(fips)) throw invalid(file, row.line, 'fips', 'two capital letters', fips);
    if (!/^[A-Z]{3}$/.test(iso3)) throw invalid(file, row.line, 'iso3', 'three capital letters', iso3);
    if (map.has(fips)) throw invalid(file, row.line, 'fips', 'a code not listed before', fips);
    map.set(fips, iso3);
  }
  return map;
}

export interface CameoEntry {
  readonly code: string;
  readonly root: string;
  readonly quadClass: number;
  readonly goldstein: number;
  readonly plover: string;
}

/** The CAMEO table of data/cameo/codes.csv (code, root, goldstein, quad_class, plover). */
export function loadCameoTable(file = dataPath('cameo', 'codes.csv')): ReadonlyMap<string, CameoEntry> {
  const table = readCsvTable(file, ['code', 'root', 'goldstein', 'quad_class']);
  const map = new Map<string, CameoEntry>();
  for (const row of table.rows) {
    const code = row.get('code');
    if (!/^\d{2,4}$/.test(code)) throw invalid(file, row.line, 'code', 'a CAMEO code of 2-4 digits', code);
    const quadClass = Number(row.get('quad_class'));
    if (![1, 2, 3, 4].includes(quadClass))
      throw invalid(file, row.line, 'quad_class', '1, 2, 3 or 4', row.get('quad_class'));
    const goldstein = Number(row.get('goldstein'));
    if (!Number.isFinite(goldstein))
      throw invalid(file, row.line, 'goldstein', 'a number', row.get('goldstein'));
    map.set(code, {
      code,
      root: row.get('root') || code.slice(0, 2),
      quadClass,
      goldstein,
      plover: row.get('plover'),
    });
  }
  return map;
}

/** Looks a code up, falling back to its 3-digit parent and its root ("0874" → "087" → "08"). */
export function cameoLookup(table: ReadonlyMap<string, CameoEntry>, code: string): CameoEntry | undefined {
  return table.get(code) ?? table.get(code.slice(0, 3)) ?? table.get(code.slice(0, 2));
}

export interface SectorMap {
  /** The best sector code for a list of ICEWS sector names ('' when none maps). */
  codeFor(sectors: readonly string[]): string;
}

/** data/import/icews-sectors.csv: `icews_sector,code,priority` (lowest priority number wins). */
export function loadIcewsSectors(file = dataPath('import', 'icews-sectors.csv')): SectorMap {
  const table = readCsvTable(file, ['icews_sector', 'code', 'priority']);
  const map = new Map<string, { code: string; priority: number }>();
  for (const row of table.rows) {
    const code = row.get('code');
    const priority = Number(row.get('priority'));
    if (!/^[A-Z]{3}$/.test(code)) throw invalid(file, row.line, 'code', 'a three-letter sector code', code);
    if (!Number.isInteger(priority))
      throw invalid(file, row.line, 'priority', 'an integer', row.get('priority'));
    map.set(row.get('icews_sector').toLowerCase(), { code, priority });
  }
  return {
    codeFor(sectors) {
      let best: { code: string; priority: number } | undefined;
      for (const s of sectors) {
        const hit = map.get(s.trim().toLowerCase());
        if (hit && (!best || hit.priority < best.priority)) best = hit;
      }
      return best?.code ?? '';
    },
  };
}
