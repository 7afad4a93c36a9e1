// `blocwatch import gdelt|icews|unvotes FILES…`: bring external event data and UN votes into the store.
import { type Command, InvalidArgumentError } from 'commander';
import { addDbOption, err, out, parseBytes, usageError, withWritableStore } from '../shared.ts';

function parseRatio(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1) throw new InvalidArgumentError('expected a number of at least 1.');
  return n;
}

export function register(program: Command): void {
  const cmd = program
    .command('import')
    .description('Import GDELT or ICEWS event files, or UN General Assembly votes (plain, .gz or .zip)')
    .argument('<kind>', 'gdelt, icews, unvotes or blocwatch (a dump of `export --format jsonl --what all`)')
    .argument('<files...>', 'input files (for unvotes: the votes file(s))')
    .option('--roll-calls <file>', 'unvotes: the roll-call table (rcid, session, date, ...)')
    .option('--issues <file>', 'unvotes: the roll-call issue table (rcid, short_name)')
    .option('--max-expanded <size>', 'refuse archives that expand past this size', parseBytes)
    .option(
      '--max-ratio <n>',
      'refuse .gz/.zip files that expand more than n times their size (past 16MB; default 100)',
      parseRatio,
    )
    .option('--json', 'print the summary as JSON');
  addDbOption(cmd);
  cmd.action(
    async (
      kind: string,
      files: string[],
      options: {
        db: string;
        rollCalls?: string;
        issues?: string;
        maxExpanded?: number;
        maxRatio?: number;
        json?: boolean;
      },
    ) => {
      if (!['gdelt', 'icews', 'unvotes', 'blocwatch'].includes(kind))
        throw usageError(`unknown import kind "${kind}": expected gdelt, icews, unvotes or blocwatch`);
      if (kind !== 'unvotes' && (options.rollCalls || options.issues))
        throw usageError('--roll-calls and --issues belong to `import unvotes`');
      const common = {
        maxExpandedBytes: options.maxExpanded,
        maxExpansionRatio: options.maxRatio,
        onProgress: (n: number) => err(`  ${n} rows…`),
      };
      const { importGdelt, importIcews, importUnVotes } = await import('../../ingest/importers/index.ts');
      const { formatBlocwatchImport, importBlocwatch } = await import('../../ingest/importers/blocwatch.ts');
      await withWritableStore(options.db, async (store) => {
        if (kind === 'blocwatch') {
          // a full dump of `blocwatch export --format jsonl --what all`
          const s = await importBlocwatch(store, files, {
            maxExpandedBytes: options.maxExpanded,
            maxExpansionRatio: options.maxRatio,
          });
          for (const r of s.rejections) err(`rejected ${r}`);
          await out(
            options.json ? `${JSON.stringify({ ok: true, kind, ...s })}\n` : `${formatBlocwatchImport(s)}\n`,
          );
          return;
        }
        const summary =
          kind === 'gdelt'
            ? await importGdelt(store, files, common)
            : kind === 'icews'
              ? await importIcews(store, files, common)
              : await importUnVotes(store, files, {
                  ...common,
                  rollCalls: options.rollCalls,
                  issues: options.issues,
                });
        for (const r of summary.rejections) err(`rejected ${r}`);
        if (options.json) await out(`${JSON.stringify({ ok: true, kind, ...summary })}\n`);
        else if ('votes' in summary)
          await out(
            `imported ${summary.votes} votes and ${summary.rollCalls} roll calls (${summary.rejected} rejected) in ${summary.seconds.toFixed(1)} s\n`,
          );
        else
          await out(
            `read ${summary.read} rows from ${summary.files} file(s): ${summary.stored} new events stored, ` +
              `${summary.read - summary.stored - summary.rejected} already present, ${summary.rejected} rejected ` +
              `(${summary.seconds.toFixed(1)} s, ${Math.round(summary.read / Math.max(summary.seconds, 1e-9))} rows/s)\n`,
          );
      });
    },
  );
}
