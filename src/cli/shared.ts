// Helpers shared by CLI commands: the --db option, opening the store, option parsers that turn
// bad values into usage errors (exit 2), stdout writing with back-pressure, and plain tables.
import { type Command, InvalidArgumentError } from 'commander';
import { BlocwatchError, describeError } from '../errors.ts';
import { toIsoDate } from '../ingest/dates.ts';
import { DEFAULT_DB, openStore, type Store } from '../store/index.ts';

/** The default database: $BLOCWATCH_DB or ./blocwatch.db. */
export function defaultDb(): string {
  return process.env.BLOCWATCH_DB || DEFAULT_DB;
}

export function addDbOption(cmd: Command): Command {
  return cmd.option('--db <path|url>', 'SQLite file or postgres:// URL (env BLOCWATCH_DB)', defaultDb());
}

/**
 * Open the store, run `fn`, close the store whatever happens. For commands that only read: a
 * SQLite file that does not exist is an error, not a new empty database.
 */
export function withStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  return usingStore(db, false, fn);
}

/**
 * Page cache of a writing command's SQLite connection: at 1.5 GB of store, storing 6,000 articles took
 * 40 s with 256 MiB against 49 s with the default 16 MiB (docs/performance.md, finding 20).
 */
const WRITER_PAGE_CACHE_MIB = 256;
/**
 * Write-ahead log pages between checkpoints for a writing command (40 MB of 4 KiB pages, SQLite's
 * default is 1,000): ingest of 20,000 generated articles 18.9-19.1 s -> 17.3-18.1 s (finding 25).
 */
const WRITER_WAL_CHECKPOINT_PAGES = 10_000;

/** The same for commands that write: a new SQLite file is created. */
export function withWritableStore<T>(db: string, fn: (store: Store) => Promise<T>): Promise<T> {
  return usingStore(db, true, fn);
}

async function usingStore<T>(db: string, create: boolean, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(
    db,
    create
      ? { create, pageCacheMiB: WRITER_PAGE_CACHE_MIB, walCheckpointPages: WRITER_WAL_CHECKPOINT_PAGES }
      : { create },
  );
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The items of a store listing; a failing query becomes a one-line error naming what was read. */
export async function readOrFail<T>(what: string, read: () => Promise<{ items: T[] }>): Promise<T[]> {
  try {
    return (await read()).items;
  } catch (error) {
    throw new BlocwatchError('BW_ERR_DB_QUERY', `cannot read ${what}: ${describeError(error)}`);
  }
}

export function usageError(message: string): BlocwatchError {
  return new BlocwatchError('BW_ERR_USAGE', message);
}

/** commander argParser: a calendar date YYYY-MM-DD. */
export function parseDateOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || toIsoDate(value) === null)
    throw new InvalidArgumentError('expected a date YYYY-MM-DD.');
  return value;
}

/** commander argParser: a positive integer. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** commander argParser: a byte size such as 20000000, 20MB, 512KB. */
export function parseBytes(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a size such as 20MB or 5000000.');
  const unit = (m[2] ?? 'b').toLowerCase();
  const factor = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
  const n = Math.floor(Number(m[1]) * factor);
  if (n < 1) throw new InvalidArgumentError('expected a size of at least one byte.');
  return n;
}

/** commander argParser for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

let stdoutBroken = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // a closed pipe (`| head`) ends output quietly
  if (error.code === 'EPIPE') stdoutBroken = true;
  else throw error;
});

/** Write to stdout, waiting when the pipe is full. */
export async function out(text: string | Uint8Array): Promise<void> {
  if (stdoutBroken) return;
  if (!process.stdout.write(text)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        process.stdout.off('drain', done);
        process.stdout.off('error', done);
        resolve();
      };
      process.stdout.once('drain', done);
      process.stdout.once('error', done);
    });
  }
}

export function err(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A plain aligned text table. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function truncate(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
