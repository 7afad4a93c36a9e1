// Small calendar arithmetic on ISO dates (UTC, no time of day). Pure functions, no Date objects in
// the hot paths except where a weekday is needed.
import type { IsoDate } from '../types.ts';

export interface Ymd {
  readonly y: number;
  readonly m: number; // 1..12
  readonly d: number; // 1..31
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function iso(y: number, m: number, d: number): IsoDate {
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function parseIso(date: IsoDate): Ymd {
  return { y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) };
}

export function isValidYmd(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Days since 1970-01-01. */
export function toDayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function fromDayNumber(n: number): IsoDate {
  const t = new Date(n * 86_400_000);
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const p = parseIso(date);
  return fromDayNumber(toDayNumber(p.y, p.m, p.d) + days);
}

/** Adds whole months, clamping the day to the target month's length. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const p = parseIso(date);
  const total = p.y * 12 + (p.m - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return iso(y, m, Math.min(p.d, daysInMonth(y, m)));
}

/** 0 = Monday .. 6 = Sunday. */
export function weekdayOf(date: IsoDate): number {
  const p = parseIso(date);
  // 1970-01-01 was a Thursday (3)
  return (((toDayNumber(p.y, p.m, p.d) + 3) % 7) + 7) % 7;
}

export function monthEnd(y: number, m: number): IsoDate {
  return iso(y, m, daysInMonth(y, m));
}

/** Compares two ISO dates as strings (they sort lexicographically). */
export function cmpIso(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
