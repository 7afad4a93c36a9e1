// The CAMEO ontology, loaded from data/cameo/codes.csv: code, name, root, Goldstein score, quad class
// and PLOVER event type. Validated on load; every other module asks this one about codes.
import { readFileSync } from 'node:fs';
import { BlocwatchError } from '../errors.ts';
import { dataPath } from '../paths.ts';

export type QuadClass = 1 | 2 | 3 | 4;

export interface CameoCode {
  readonly code: string;
  readonly name: string;
  readonly root: string;
  /** 0 for a root code (`04`), 1 for three digits (`042`), 2 for four digits (`0421`). */
  readonly level: number;
  readonly goldstein: number;
  readonly quadClass: QuadClass;
  /** PLOVER event type ('' for CAMEO 01 statements, which PLOVER does not code). */
  readonly plover: string;
  readonly ploverMode: string;
  readonly ploverContext: string;
}

export interface Ontology {
  readonly codes: ReadonlyMap<string, CameoCode>;
  get(code: string): CameoCode | undefined;
}

const HEADER = [
  'code',
  'name',
  'root',
  'level',
  'goldstein',
  'quad_class',
  'plover',
  'plover_mode',
  'plover_context',
  'plover_from',
];

/** Split one CSV line (double-quoted fields may hold commas and doubled quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** The quad class of a root code, by our stated convention (docs/coder.md). */
export function quadClassOfRoot(root: string): QuadClass {
  const n = Number(root);
  if (n <= 5) return 1;
  if (n <= 8) return 2;
  if (n <= 13) return 3;
  return 4;
}

export function parseOntology(text: string, file = 'data/cameo/codes.csv'): Ontology {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (header.join(',') !== HEADER.join(',')) {
    throw new BlocwatchError(
      'BW_ERR_KB_INVALID',
      `${file}:1 header: expected ${HEADER.join(',')}, found ${header.join(',')}`,
    );
  }
  const codes = new Map<string, CameoCode>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const f = splitCsvLine(line);
    const where = `${file}:${i + 1}`;
    const bad = (field: string, expected: string, found: string): never => {
      throw new BlocwatchError(
        'BW_ERR_KB_INVALID',
        `${where} ${field}: expected ${expected}, found ${found}`,
      );
    };
    if (f.length !== HEADER.length) bad('line', `${HEADER.length} fields`, `${f.length}`);
    const [code, name, root, level, goldstein, quad, plover, mode, context] = f;
    if (!/^\d{2,4}$/.test(code)) bad('code', '2 to 4 digits', JSON.stringify(code));
    if (root !== code.slice(0, 2)) bad('root', code.slice(0, 2), root);
    const g = Number(goldstein);
    if (goldstein === '' || !Number.isFinite(g) || g < -10 || g > 10)
      bad('goldstein', 'a number in [-10, 10]', goldstein);
    const q = Number(quad);
    if (q !== quadClassOfRoot(root)) bad('quad_class', String(quadClassOfRoot(root)), quad);
    if (codes.has(code)) bad('code', 'a code not seen before', code);
    codes.set(code, {
      code,
      name,
      root,
      level: Number(level),
      goldstein: g,
      quadClass: q as QuadClass,
      plover,
      ploverMode: mode,
      ploverContext: context,
    });
  }
  return { codes, get: (code: string) => codes.get(code) };
}

export function loadOntology(path = dataPath('cameo', 'codes.csv')): Ontology {
  return parseOntology(readFileSync(path, 'utf8'), 'data/cameo/codes.csv');
}
