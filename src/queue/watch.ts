// Watch feeds: poll every feed URL or path listed in a text file and enqueue the items not seen
// before. "Seen" is the queue's own rule (the same text is never queued or stored twice), so a
// restarted watcher adds nothing it added before.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BlocwatchError, describeError } from '../errors.ts';
import type { ReadOptions } from '../ingest/index.ts';
import type { Store } from '../store/index.ts';
import { type EnqueueSummary, enqueueInputs } from './enqueue.ts';

/**
 * The feeds of a feeds file: one URL or path per line; blank lines and lines starting with `#`
 * are ignored, as is anything after whitespace on a line (a label).
 */
export async function readFeedsFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BlocwatchError(
      code === 'ENOENT' ? 'BW_ERR_INPUT_NOT_FOUND' : 'BW_ERR_INPUT_REJECTED',
      `${path}: cannot read the feeds file: ${code === 'ENOENT' ? 'no such file' : describeError(error)}`,
    );
  }
  const feeds: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    feeds.push(t.split(/\s+/)[0]);
  }
  if (feeds.length === 0)
    throw new BlocwatchError('BW_ERR_USAGE', `${path}: no feeds listed (one URL or path per line)`);
  return feeds;
}

export interface WatchOptions extends Omit<ReadOptions, 'onInputDone'> {
  /** Time between the starts of two rounds. */
  readonly everyMs: number;
  /** One round only. */
  readonly once?: boolean;
  readonly signal?: AbortSignal;
  /** Called after each round. */
  readonly onRound?: (round: number, summary: EnqueueSummary) => void;
}

/**
 * Poll the feeds listed in `feedsFile` (re-read each round, so feeds can be added while it runs)
 * until the signal aborts. Each rejection is recorded once per watcher, not once per round.
 */
export async function watchFeeds(store: Store, feedsFile: string, options: WatchOptions): Promise<number> {
  const recorded = new Set<string>();
  let round = 0;
  while (!options.signal?.aborted) {
    const started = Date.now();
    const feeds = await readFeedsFile(feedsFile);
    round++;
    const summary = await enqueueInputs(store, feeds, {
      ...options,
      shouldRecord: (r) => {
        const key = `${r.input}\t${r.reason}`;
        if (recorded.has(key)) return false;
        recorded.add(key);
        return true;
      },
    });
    options.onRound?.(round, summary);
    if (options.once) break;
    const wait = Math.max(0, options.everyMs - (Date.now() - started));
    await sleep(wait, undefined, { signal: options.signal }).catch(() => {});
  }
  return round;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as `500ms`, `60s`, `15m`, `1h`, `1d`, or a number of seconds, in milliseconds (0 allowed). */
export function parseDuration(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(value.trim());
  if (!m) return null;
  const ms = Math.round(Number(m[1]) * UNITS[(m[2] ?? 's').toLowerCase()]);
  return Number.isSafeInteger(ms) ? ms : null;
}
