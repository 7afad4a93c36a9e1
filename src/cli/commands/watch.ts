// `blocwatch watch <feeds file> --every 15m --db postgres://...`: poll RSS/Atom feeds (or any input
// ingest reads) and enqueue new items for `blocwatch worker`.
import { type Command, Option } from 'commander';
// DEFAULT_MAX_BYTES from the readers' module, not ingest/index.ts (which loads the extraction pipeline)
import { DEFAULT_MAX_BYTES } from '../../ingest/sources.ts';
import { addDbOption, err, out, parseBytes, parseDateOption, withWritableStore } from '../shared.ts';
import { abortOnSignals, durationOption, loadDurationParserBefore } from './worker.ts';

interface WatchCliOptions {
  db: string;
  every: number;
  once?: boolean;
  date?: string;
  maxBytes: number;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('watch')
    .description('Poll the feeds listed in a file (one URL or path per line) and enqueue new items')
    .argument('<feeds-file>', 'text file: one feed URL or path per line, # comments')
    .addOption(
      new Option('--every <duration>', 'time between polling rounds')
        .argParser(durationOption)
        .default(15 * 60_000, '15m'),
    )
    .option('--once', 'one round, then exit')
    .option('--date <YYYY-MM-DD>', 'publication date for items that carry none', parseDateOption)
    .option('--max-bytes <size>', 'size limit per feed', parseBytes, DEFAULT_MAX_BYTES)
    .option('--json', 'one JSON summary line per round on stdout');
  addDbOption(cmd);
  loadDurationParserBefore(program, 'watch');
  cmd.action(async (feedsFile: string, options: WatchCliOptions) => {
    const { watchFeeds } = await import('../../queue/index.ts');
    const controller = new AbortController();
    const removeHandlers = abortOnSignals(controller, 'watch');
    try {
      await withWritableStore(options.db, (store) =>
        watchFeeds(store, feedsFile, {
          everyMs: options.every,
          once: Boolean(options.once),
          signal: controller.signal,
          maxBytes: options.maxBytes,
          ...(options.date ? { date: options.date } : {}),
          onRound: (round, s) => {
            const at = new Date().toISOString().slice(0, 19).replace('T', ' ');
            if (options.json) {
              void out(`${JSON.stringify({ ok: true, round, at, ...s })}\n`);
              return;
            }
            void out(
              `${at} round ${round}: read ${s.read}, enqueued ${s.enqueued}, duplicates ${s.duplicates}, ` +
                `near-duplicates ${s.near_duplicates}, rejected ${s.rejected}\n`,
            );
            for (const r of s.rejections.slice(0, 10)) err(`watch: rejected ${r.input}: ${r.reason}`);
          },
        }),
      );
    } finally {
      removeHandlers();
    }
  });
}
