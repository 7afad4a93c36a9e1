// Publication dates from metadata: ISO dates and timestamps, RFC 822 dates (feeds, HTTP) and
// common written forms, normalised to YYYY-MM-DD. The date as written is kept (no time-zone shift).
import type { IsoDate } from '../types.ts';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const MIN_YEAR = 1800;

function valid(y: number, m: number, d: number): IsoDate | null {
  const maxYear = new Date().getUTCFullYear() + 1;
  if (y < MIN_YEAR || y > maxYear || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function month(name: string): number | undefined {
  return MONTHS[name.slice(0, 4).toLowerCase()] ?? MONTHS[name.slice(0, 3).toLowerCase()];
}

/**
 * A publication date as `YYYY-MM-DD`, or null when the value is not a plausible calendar date
 * (years before 1800 or after next year are refused).
 */
export function toIsoDate(value: unknown): IsoDate | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return valid(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value !== 'string') return null;
  const s = value.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])/.exec(s);
  if (m) return valid(+m[1], +m[2], +m[3]);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return valid(+m[1], +m[2], +m[3]);
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\b/.exec(s);
  if (m) return valid(+m[1], +m[2], +m[3]);
  // "Thu, 18 Dec 2025 10:00:00 +0000", "18 December 2025"
  m = /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(s);
  if (m) {
    const mo = month(m[2]);
    return mo ? valid(+m[3], mo, +m[1]) : null;
  }
  // "December 18, 2025", "Dec. 18 2025", "Thursday, December 18, 2025"
  m = /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(s);
  if (m) {
    const mo = month(m[1]);
    return mo ? valid(+m[3], mo, +m[2]) : null;
  }
  return null;
}
