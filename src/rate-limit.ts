// Per-client request limits of the API: the setting's format ("600/1m", "off"), its default and
// its environment variable. Kept free of server imports so that `blocwatch serve --help` stays light.
import { BlocwatchError } from './errors.ts';

export interface RateLimit {
  /** Requests one client (IP address) may make per window. */
  readonly max: number;
  readonly windowMs: number;
}

/** Generous for the dashboard (a view makes a few requests), tight for a scraper. */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 600, windowMs: 60_000 };
export const DEFAULT_RATE_LIMIT_TEXT = '600/1m';
export const RATE_LIMIT_ENV = 'BLOCWATCH_RATE_LIMIT';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** "600/1m", "100/10s", "5000/h" → a limit; "off" (or 0) → null. */
export function parseRateLimit(value: string): RateLimit | null {
  const text = value.trim().toLowerCase();
  if (text === 'off' || text === '0') return null;
  const m = /^(\d+)\s*\/\s*(\d+)?\s*(ms|s|min|m|h)$/.exec(text);
  const max = m ? Number(m[1]) : Number.NaN;
  const windowMs = m ? Number(m[2] ?? 1) * UNITS[m[3]] : Number.NaN;
  if (!m || !Number.isSafeInteger(max) || max < 1 || !(windowMs >= 1000) || windowMs > 86_400_000)
    throw new BlocwatchError(
      'BW_ERR_USAGE',
      `invalid rate limit "${value.slice(0, 40)}": expected requests/window such as 600/1m, 100/10s or off (window 1s..24h)`,
    );
  return { max, windowMs };
}

export function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** The limit a server starts with: the option, else the environment variable, else the default. */
export function resolveRateLimit(option: string | undefined, env = process.env): RateLimit | null {
  const text = option ?? (env[RATE_LIMIT_ENV] || undefined);
  return text === undefined ? DEFAULT_RATE_LIMIT : parseRateLimit(text);
}
