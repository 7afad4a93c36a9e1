// Reading knowledge-base files: a JSON array (one record per element) or JSON Lines, each record
// with the line it starts on, so validation errors can say `file:line field: expected X, found Y`.
import { readFileSync } from 'node:fs';
import { BlocwatchError } from '../errors.ts';

export interface SourcedRecord {
  readonly file: string;
  readonly line: number;
  readonly value: unknown;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function invalid(file: string, line: number, message: string): BlocwatchError {
  return new BlocwatchError('BW_ERR_KB_INVALID', `${file}:${line} ${message}`);
}

/** Start offsets of the top-level elements of a JSON array text (strings and nesting skipped). */
function elementStarts(text: string, open: number): number[] {
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = true;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
    if (depth === 0 && expectValue && c !== ']') {
      starts.push(i);
      expectValue = false;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) expectValue = true;
  }
  return starts;
}

/** Parse a JSON-array or JSONL text into records with their starting line numbers. */
export function parseRecords(text: string, file: string): SourcedRecord[] {
  const first = text.search(/\S/);
  if (first >= 0 && text[first] === '[') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const m = /position (\d+)/.exec(String((error as Error).message));
      const line = m ? lineAt(text, Number(m[1])) : 1;
      throw invalid(
        file,
        line,
        `json: expected valid JSON, found a syntax error (${(error as Error).message})`,
      );
    }
    const items = value as unknown[];
    const starts = elementStarts(text, first);
    let line = 1;
    let pos = 0;
    return items.map((item, i) => {
      const at = starts[i] ?? first;
      for (; pos < at; pos++) if (text.charCodeAt(pos) === 10) line++;
      return { file, line, value: item };
    });
  }
  const out: SourcedRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('//')) continue;
    try {
      out.push({ file, line: i + 1, value: JSON.parse(raw) });
    } catch {
      throw invalid(
        file,
        i + 1,
        `json: expected one JSON object per line, found ${JSON.stringify(raw.slice(0, 40))}`,
      );
    }
  }
  return out;
}

export function readRecords(path: string, label = path): SourcedRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', `cannot read knowledge-base file ${label}`);
  }
  return parseRecords(text, label);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Field checks for one record; every failure names the file, line and field. */
export class Check {
  constructor(
    private readonly rec: SourcedRecord,
    private readonly prefix = '',
  ) {}

  fail(field: string, expected: string, found: unknown): never {
    throw invalid(
      this.rec.file,
      this.rec.line,
      `${this.prefix}${field}: expected ${expected}, found ${describe(found)}`,
    );
  }

  object(value: unknown, field = 'record'): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      this.fail(field, 'an object', value);
    return value as Record<string, unknown>;
  }

  string(obj: Record<string, unknown>, field: string, pattern?: RegExp, what = 'a non-empty string'): string {
    const v = obj[field];
    if (typeof v !== 'string' || v.trim() === '' || (pattern && !pattern.test(v))) this.fail(field, what, v);
    return v;
  }

  optString(
    obj: Record<string, unknown>,
    field: string,
    pattern?: RegExp,
    what = 'a string',
  ): string | undefined {
    const v = obj[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || (pattern && !pattern.test(v))) this.fail(field, what, v);
    return v;
  }

  strings(obj: Record<string, unknown>, field: string, optional = true): string[] {
    const v = obj[field];
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) this.fail(field, 'an array of strings', v);
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'string' || v[i].trim() === '')
        this.fail(`${field}[${i}]`, 'a non-empty string', v[i]);
    }
    return v as string[];
  }

  /**
   * A date `YYYY-MM-DD`; `YYYY-MM` and `YYYY` are accepted for imprecise records and widened to the
   * first day (`edge` 'start') or the last day (`edge` 'end') of the month or year.
   */
  date(
    obj: Record<string, unknown>,
    field: string,
    nullable: boolean,
    edge: 'start' | 'end' = 'start',
  ): string | null {
    const v = obj[field];
    if ((v === null || v === undefined) && nullable) return null;
    const m = typeof v === 'string' ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v) : null;
    const month = m?.[2] ? Number(m[2]) : 0;
    const day = m?.[3] ? Number(m[3]) : 0;
    if (!m || (m[2] && (month < 1 || month > 12)) || (m[3] && (day < 1 || day > 31))) {
      this.fail(
        field,
        nullable ? 'a date YYYY-MM-DD (or YYYY-MM, YYYY) or null' : 'a date YYYY-MM-DD (or YYYY-MM, YYYY)',
        v,
      );
    }
    if (m[3]) return v as string;
    if (m[2]) {
      if (edge === 'start') return `${m[1]}-${m[2]}-01`;
      const last = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
      return `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}`;
    }
    return edge === 'start' ? `${m[1]}-01-01` : `${m[1]}-12-31`;
  }
}
