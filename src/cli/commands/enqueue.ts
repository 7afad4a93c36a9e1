// `blocwatch enqueue <inputs...> --db postgres://...`: read articles with the ingest readers and
// add them to the work queue; `blocwatch worker` processes run the extraction.
import type { Command } from 'commander';
import { BlocwatchError } from '../../errors.ts';
// DEFAULT_MAX_BYTES from the readers' module, not ingest/index.ts (which loads the extraction pipeline)
import { DEFAULT_MAX_BYTES } from '../../ingest/sources.ts';
import { addDbOption, err, out, parseBytes, parseDateOption, withWritableStore } from '../shared.ts';

interface EnqueueCliOptions {
  db: string;
  date?: string;
  maxBytes: number;
  progress: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('enqueue')
    .description(
      'Read articles (the formats ingest reads) and add them to the work queue for `blocwatch worker`',
    )
    .argument('<inputs...>', 'files, folders (recursive), http(s) URLs, or - for stdin')
    .option('--date <YYYY-MM-DD>', 'publication date for inputs that carry none', parseDateOption)
    .option('--max-bytes <size>', 'size limit per file, URL or JSONL line', parseBytes, DEFAULT_MAX_BYTES)
    .option('--no-progress', 'no progress lines on stderr')
    .option('--json', 'print the summary as JSON');
  addDbOption(cmd);
  cmd.action(async (inputs: string[], options: EnqueueCliOptions) => {
    const { enqueueInputs, formatEnqueueSummary } = await import('../../queue/index.ts');
    const started = performance.now();
    let last = started;
    const summary = await withWritableStore(options.db, (store) =>
      enqueueInputs(store, inputs, {
        ...(options.date ? { date: options.date } : {}),
        maxBytes: options.maxBytes,
        onProgress: (p) => {
          const now = performance.now();
          if (!options.progress || now - last < 2000) return;
          last = now;
          err(
            `enqueue: ${p.read} read, ${p.enqueued} enqueued, ${p.duplicates} duplicates, ${p.rejected} rejected`,
          );
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (options.json)
      await out(`${JSON.stringify({ ok: true, ...summary, seconds: Number(seconds.toFixed(3)) })}\n`);
    else await out(`${formatEnqueueSummary(summary)}\n`);
    if (summary.read === 0 && summary.rejected > 0) {
      const first = summary.rejections[0];
      const more = summary.rejected > 1 ? ` (and ${summary.rejected - 1} more rejected)` : '';
      throw new BlocwatchError(first.code, `${first.input}: ${first.reason}${more}`);
    }
  });
}
