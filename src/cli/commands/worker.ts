// `blocwatch worker --db postgres://...`: take documents from the work queue, extract and store
// them. Run as many as you like, on as many machines as reach the database.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { WorkerProgress } from '../../queue/index.ts';
import { addDbOption, collect, err, out, parsePositiveInt, withWritableStore } from '../shared.ts';

interface WorkerCliOptions {
  db: string;
  batch: number;
  workers: number;
  once?: boolean;
  lease: number;
  maxAttempts: number;
  poll: number;
  retryDelay: number;
  kb?: string[];
  kbPetrarch?: string[];
  progress: boolean;
  json?: boolean;
}

// The queue module (which holds parseDuration) loads the extraction pipeline, so it is imported
// only when a command that parses durations runs: a preSubcommand hook loads it before commander
// parses that command's options, and other commands (and `blocwatch --help`) never load it.
let queueDuration: ((value: string) => number | null) | undefined;

/** Load the queue's duration parser; durationOption and delayOption need it. */
export async function loadDurationParser(): Promise<void> {
  queueDuration ??= (await import('../../queue/index.ts')).parseDuration;
}

/** Load the duration parser before `program`'s subcommand `name` parses its options. */
export function loadDurationParserBefore(program: Command, name: string): void {
  program.hook('preSubcommand', async (_program, sub) => {
    if (sub.name() === name) await loadDurationParser();
  });
}

function parseDuration(value: string): number | null {
  if (!queueDuration) throw new Error('duration parser not loaded: await loadDurationParser() first');
  return queueDuration(value);
}

/** commander argParser: a duration such as 500ms, 60s, 15m, 1h (a bare number is seconds). */
export function durationOption(value: string): number {
  const ms = parseDuration(value);
  if (ms === null || ms < 1) throw new InvalidArgumentError('expected a duration such as 30s, 15m or 1h.');
  return ms;
}

/** commander argParser: a duration that may be zero. */
export function delayOption(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError('expected a duration such as 0s, 5s or 1m.');
  return ms;
}

export function formatWorkerSummary(s: WorkerProgress): string {
  return (
    `worker ${s.workerId}: ${s.done} jobs done (${s.stored} stored, ${s.already_stored} already stored), ` +
    `${s.events} events, ${s.failed} failures, ${s.parked} parked, ${s.lost} lost to other workers`
  );
}

/**
 * Stop gracefully on the first SIGTERM/SIGINT (finish the batch in hand), at once on the second.
 * Returns a function that removes the handlers.
 */
export function abortOnSignals(controller: AbortController, what: string): () => void {
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      err(`${what}: second ${signal}, stopping now`);
      process.exit(130);
    }
    err(`${what}: ${signal}: finishing the current batch, then stopping (again to stop at once)`);
    controller.abort();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('worker')
    .description('Extract and store documents from the work queue (run any number, anywhere)')
    .option('--batch <n>', 'jobs claimed at a time', parsePositiveInt, 20)
    .option(
      '--workers <n>',
      'extraction threads in this process, this thread one of them',
      parsePositiveInt,
      1,
    )
    .option('--once', 'stop when no job is queued or running instead of polling for more')
    .addOption(
      new Option('--lease <duration>', 'lease on claimed jobs, renewed while working')
        .argParser(durationOption)
        .default(60_000, '60s'),
    )
    .option('--max-attempts <n>', 'claims before a failing job is parked', parsePositiveInt, 3)
    .addOption(
      new Option('--poll <duration>', 'wait between polls of an empty queue')
        .argParser(durationOption)
        .default(2000, '2s'),
    )
    .addOption(
      new Option('--retry-delay <duration>', 'delay before a failed job is retried, times its attempts')
        .argParser(delayOption)
        .default(5000, '5s'),
    )
    .option('--kb <dir>', 'extra knowledge-base folder (repeatable)', collect)
    .option('--kb-petrarch <file>', 'PETRARCH/TABARI actor or agent dictionary (repeatable)', collect)
    .option('--no-progress', 'no progress lines on stderr')
    .option('--json', 'print the summary as JSON');
  addDbOption(cmd);
  loadDurationParserBefore(program, 'worker');
  cmd.action(async (options: WorkerCliOptions) => {
    const { runWorker } = await import('../../queue/index.ts');
    const controller = new AbortController();
    const removeHandlers = abortOnSignals(controller, 'worker');
    let last = 0;
    try {
      const summary = await withWritableStore(options.db, (store) =>
        runWorker(store, {
          batch: options.batch,
          threads: options.workers,
          once: Boolean(options.once),
          leaseMs: options.lease,
          maxAttempts: options.maxAttempts,
          pollMs: options.poll,
          retryDelayMs: options.retryDelay,
          signal: controller.signal,
          extractorOptions: {
            ...(options.kb ? { kbDirs: options.kb } : {}),
            ...(options.kbPetrarch ? { petrarchFiles: options.kbPetrarch } : {}),
          },
          log: (line) => err(`worker: ${line}`),
          onBatch: (p) => {
            const now = performance.now();
            if (!options.progress || now - last < 2000) return;
            last = now;
            err(`worker: ${p.done} done, ${p.events} events, ${p.failed} failures, ${p.parked} parked`);
          },
        }),
      );
      if (options.json) await out(`${JSON.stringify({ ok: true, ...summary })}\n`);
      else await out(`${formatWorkerSummary(summary)}\n`);
    } finally {
      removeHandlers();
    }
  });
}
