// `blocwatch ingest <path|url|->...`: read articles, extract events, claims and quotes, store them.
import cliProgress from 'cli-progress';
import { type Command, Option } from 'commander';
import { BlocwatchError } from '../../errors.ts';
import type { IngestSummary } from '../../ingest/index.ts';
// DEFAULT_MAX_BYTES from the readers' module, not ingest/index.ts (which loads the extraction pipeline)
import { DEFAULT_MAX_BYTES } from '../../ingest/sources.ts';
import {
  addDbOption,
  collect,
  err,
  out,
  parseBytes,
  parseDateOption,
  parsePositiveInt,
  withWritableStore,
} from '../shared.ts';

interface IngestCliOptions {
  db: string;
  date?: string;
  workers?: number;
  kb?: string[];
  kbPetrarch?: string[];
  json?: boolean;
  maxBytes: number;
  progress: boolean;
  bulk: 'auto' | 'yes' | 'no';
}

export function formatSummary(s: IngestSummary, seconds: number): string {
  const lines = [
    `read ${s.read}, stored ${s.stored}, duplicates ${s.duplicates}, near-duplicates ${s.near_duplicates}, rejected ${s.rejected}`,
    `events ${s.events}, claims ${s.claims}, quotes ${s.quotes} in ${seconds.toFixed(1)} s`,
  ];
  for (const r of s.rejections) lines.push(`rejected ${r.input}: ${r.reason}`);
  if (s.rejected > s.rejections.length)
    lines.push(
      `(${s.rejected - s.rejections.length} more rejections recorded in rejected_inputs, run ${s.runId})`,
    );
  return lines.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('ingest')
    .description(
      'Read articles (text, Markdown, HTML, JSONL, RSS/Atom; files, folders, URLs or - for stdin), extract and store them',
    )
    .argument('<inputs...>', 'files, folders (recursive), http(s) URLs, or - for stdin')
    .option('--date <YYYY-MM-DD>', 'publication date for inputs that carry none', parseDateOption)
    .option(
      '--workers <n>',
      'extraction threads (default: the cores available), this thread one of them (it also stores)',
      parsePositiveInt,
    )
    .option('--kb <dir>', 'extra knowledge-base folder (repeatable)', collect)
    .option('--kb-petrarch <file>', 'PETRARCH/TABARI actor or agent dictionary (repeatable)', collect)
    .option('--max-bytes <size>', 'size limit per file, URL or JSONL line', parseBytes, DEFAULT_MAX_BYTES)
    .option('--no-progress', 'no progress output on stderr')
    .addOption(
      new Option(
        '--bulk <when>',
        'SQLite: drop the read indexes for the load and re-create them at its end (auto: a large load into a small store)',
      )
        .choices(['auto', 'yes', 'no'])
        .default('auto'),
    )
    .option('--json', 'print the summary as JSON');
  addDbOption(cmd);
  cmd.action(async (inputs: string[], options: IngestCliOptions) => {
    const { createExtractor } = await import('../../pipeline.ts');
    const { countInputFiles, ingestInputs, isBulkLoad } = await import('../../ingest/index.ts');
    const { defaultWorkerCount } = await import('../../parallel.ts');
    // loaded on the first new document: a run of duplicates or rejections never loads the models
    const extractorOptions = {
      ...(options.kb ? { kbDirs: options.kb } : {}),
      ...(options.kbPetrarch ? { petrarchFiles: options.kbPetrarch } : {}),
    };
    const extractor = () => createExtractor(extractorOptions);
    const workers = options.workers ?? defaultWorkerCount();
    const started = performance.now();
    const summary = await withWritableStore(options.db, async (store) => {
      const tty = Boolean(process.stderr.isTTY) && options.progress;
      let bar: cliProgress.SingleBar | null = null;
      let lastLine = performance.now();
      if (tty) {
        const total = await countInputFiles(inputs);
        bar = new cliProgress.SingleBar(
          {
            format:
              'ingest [{bar}] {value}/{total} files | {read} read, {stored} stored, {rejected} rejected',
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { read: 0, stored: 0, rejected: 0 });
      }
      try {
        return await ingestInputs(store, extractor, inputs, {
          workers,
          bulk: options.bulk === 'auto' ? await isBulkLoad(store, inputs) : options.bulk === 'yes',
          extractorOptions,
          ...(options.date ? { date: options.date } : {}),
          maxBytes: options.maxBytes,
          onProgress: (p) => {
            if (bar) {
              bar.update(p.inputsDone, { read: p.read, stored: p.stored, rejected: p.rejected });
            } else if (options.progress) {
              const now = performance.now();
              if (now - lastLine >= 2000) {
                lastLine = now;
                err(
                  `ingest: ${p.inputsDone} inputs, ${p.read} read, ${p.stored} stored, ${p.duplicates} duplicates, ${p.rejected} rejected`,
                );
              }
            }
          },
        });
      } finally {
        bar?.stop();
      }
    });
    const seconds = (performance.now() - started) / 1000;
    if (options.json)
      await out(`${JSON.stringify({ ok: true, ...summary, seconds: Number(seconds.toFixed(3)) })}\n`);
    else await out(`${formatSummary(summary, seconds)}\n`);
    if (summary.read === 0 && summary.rejected > 0) {
      const first = summary.rejections[0];
      const more = summary.rejected > 1 ? ` (and ${summary.rejected - 1} more rejected)` : '';
      throw new BlocwatchError(first.code, `${first.input}: ${first.reason}${more}`);
    }
  });
}
