// Reader for PETRARCH/TABARI actor and agent dictionaries, so users can bring existing ones
// (`--kb-petrarch FILE`). Syntax: `NAME_` phrases (underscore = space), `+SYNONYM` lines,
// `[CODE]` / `[CODE date-range]` codes (same line or indented lines below), `#` and `<!-- -->`
// comments, `!SET! = A, B` substitution sets, agent codes `[~GOV]` (or `[NGO~]`), `{PLURAL}`.
// Dates are YYMMDD (pivot 1930) or YYYYMMDD; `<date` ends a period, `>date` starts one.
import { readFileSync } from 'node:fs';
import { BlocwatchError } from '../errors.ts';
import type { Period } from './kb.ts';

export interface PetrarchActor {
  readonly name: string;
  readonly phrases: string[];
  readonly periods: Period[];
  readonly fallback: string | null;
  readonly line: number;
}

export interface PetrarchAgent {
  readonly phrases: string[];
  readonly sector: string;
  readonly line: number;
}

export interface PetrarchDictionary {
  readonly file: string;
  readonly actors: PetrarchActor[];
  readonly agents: PetrarchAgent[];
  /** Tolerated defects (e.g. a malformed date), as `file:line message`. */
  readonly warnings: string[];
}

function isoDate(raw: string): string | null {
  let d = raw.replace(/\s/g, '');
  if (d.length === 10) d = d.slice(2);
  if (d.length === 9) d = d.slice(0, 8);
  if (d.length === 7) d = d.slice(0, 6);
  let y: number;
  let rest: string;
  if (d.length === 6) {
    const yy = Number(d.slice(0, 2));
    y = yy < 30 ? 2000 + yy : 1900 + yy;
    rest = d.slice(2);
  } else if (d.length === 8) {
    y = Number(d.slice(0, 4));
    rest = d.slice(4);
  } else return null;
  const m = Number(rest.slice(0, 2));
  const day = Number(rest.slice(2, 4));
  if (!(m >= 1 && m <= 12 && day >= 1 && day <= 31)) return null;
  return `${String(y).padStart(4, '0')}-${rest.slice(0, 2)}-${rest.slice(2, 4)}`;
}

/** `ISR`, `SWEGOV >730915`, `AFGGOV 331108-730717`, `HOB < 950601`, `~GOV`. */
function parseCode(body: string): {
  code: string;
  start: string | null;
  end: string | null;
  dated: boolean;
  bad: boolean;
} {
  const m = /^\s*(\S+)\s*(.*)$/.exec(body) ?? ['', '', ''];
  const code = m[1].toUpperCase();
  const range = m[2].trim();
  if (range === '') return { code, start: null, end: null, dated: false, bad: false };
  let start: string | null = null;
  let end: string | null = null;
  let bad = false;
  if (range.startsWith('<')) {
    end = isoDate(range.slice(1));
    bad = end === null;
  } else if (range.startsWith('>')) {
    start = isoDate(range.slice(1));
    bad = start === null;
  } else if (/^\d+$/.test(range)) {
    // a single date without < or > opens a period (seen in the Phoenix files)
    start = isoDate(range);
    bad = start === null;
  } else {
    const parts = range.split('-');
    if (parts.length !== 2) bad = true;
    else {
      start = isoDate(parts[0]);
      end = isoDate(parts[1]);
      bad = start === null || end === null;
    }
  }
  return { code, start, end, dated: true, bad };
}

function phraseText(raw: string): string {
  return raw.replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
}

export function parsePetrarchDictionary(text: string, file: string): PetrarchDictionary {
  const actors: PetrarchActor[] = [];
  const agents: PetrarchAgent[] = [];
  const warnings: string[] = [];
  const sets = new Map<string, string[]>();
  let current: { name: string; phrases: string[]; codes: string[]; line: number } | null = null;
  const lines = text.split(/\r?\n/);

  const expand = (phrase: string): string[] => {
    const m = /!([A-Z]+)!/.exec(phrase);
    if (!m) return [phrase];
    const alts = sets.get(m[1]);
    if (!alts)
      throw new BlocwatchError(
        'BW_ERR_KB_INVALID',
        `${file}: substitution set !${m[1]}!: expected a definition before use, found none`,
      );
    return alts.flatMap((a) => expand(phrase.replace(m[0], a)));
  };

  const flush = () => {
    if (!current) return;
    const entry = current;
    current = null;
    if (entry.codes.length === 0) return; // an entry without a code is a discard/placeholder
    const agentCodes = entry.codes.filter((c) => c.includes('~'));
    if (agentCodes.length > 0) {
      const sector = agentCodes[0].replace(/~/g, '').replace(/\s/g, '').toUpperCase();
      if (sector === '') return;
      agents.push({ phrases: entry.phrases.flatMap(expand), sector, line: entry.line });
      return;
    }
    const periods: Period[] = [];
    let fallback: string | null = null;
    for (const body of entry.codes) {
      const c = parseCode(body);
      if (c.bad) {
        warnings.push(
          `${file}:${entry.line} code: expected a date range, found ${JSON.stringify(body)} (ignored)`,
        );
        continue;
      }
      if (c.code === '---' || c.code === '+++') continue;
      if (!/^[A-Z0-9]{2,15}$/.test(c.code)) {
        warnings.push(
          `${file}:${entry.line} code: expected an actor code, found ${JSON.stringify(c.code)} (ignored)`,
        );
        continue;
      }
      if (c.dated) periods.push({ code: c.code, start: c.start, end: c.end });
      else if (fallback === null) fallback = c.code;
    }
    if (periods.length === 0 && fallback === null) return;
    actors.push({
      name: entry.name,
      phrases: entry.phrases.flatMap(expand),
      periods,
      fallback,
      line: entry.line,
    });
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('<') || trimmed.startsWith('#')) continue;
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    const setDef = /^!([A-Z]+)!\s*=\s*(.+)$/.exec(line.trim());
    if (setDef) {
      sets.set(
        setDef[1],
        setDef[2]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      continue;
    }
    const codes: string[] = [];
    const withoutCodes = line.replace(/\[([^\]]*)\]/g, (_m, body: string) => {
      codes.push(body);
      return ' ';
    });
    let rest = withoutCodes;
    if (/[[\]]/.test(rest)) {
      warnings.push(
        `${file}:${i + 1} code: expected [CODE] with both brackets, found ${JSON.stringify(trimmed.slice(0, 40))} (stray bracket dropped)`,
      );
      rest = rest.replace(/[[\]]/g, ' ');
    }
    const plurals: string[] = [];
    const head = rest.replace(/\{([^}]*)\}/g, (_m, body: string) => {
      plurals.push(
        ...body
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      return ' ';
    });
    const phrase = phraseText(head);
    const indented = /^\s/.test(line);
    if (phrase === '') {
      if (codes.length === 0) continue;
      if (!current)
        throw new BlocwatchError(
          'BW_ERR_KB_INVALID',
          `${file}:${i + 1} code: expected an entry above this code line, found none`,
        );
      current.codes.push(...codes);
      continue;
    }
    if (phrase.startsWith('+')) {
      if (!current)
        throw new BlocwatchError(
          'BW_ERR_KB_INVALID',
          `${file}:${i + 1} synonym: expected an entry above this +synonym, found none`,
        );
      for (const p of phrase.slice(1).split(/\s*\+\s*/)) if (p.trim()) current.phrases.push(p.trim());
      current.codes.push(...codes);
      continue;
    }
    if (indented && current && codes.length === 0) {
      current.phrases.push(phrase);
      continue;
    }
    flush();
    current = { name: phrase, phrases: [phrase, ...plurals.map(phraseText)], codes, line: i + 1 };
  }
  flush();
  return { file, actors, agents, warnings };
}

export function readPetrarchDictionary(path: string): PetrarchDictionary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', `cannot read PETRARCH dictionary ${path}`);
  }
  return parsePetrarchDictionary(text, path);
}
