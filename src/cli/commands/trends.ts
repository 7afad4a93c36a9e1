// `blocwatch trends`: pairs whose cooperation rose or collapsed significantly in the latest window.
import type { Command } from 'commander';
import type { TrendsResult } from '../../analysis/index.ts';
import type { EventOrigin } from '../../store/schema.ts';
import { addDbOption, collect, formatTable, out, usageError, withStore } from '../shared.ts';
import { parseOrigins } from './dyad.ts';

export function formatTrends(r: TrendsResult): string {
  if (r.windows.length === 0) return 'no events';
  const first = r.windows[0]!;
  const last = r.windows[r.windows.length - 1]!;
  const lines = [
    `${first.from} .. ${r.windows[r.windows.length - 2]!.to} compared with ${last.from} .. ${last.to} (${r.tested} pairs with enough events)`,
  ];
  for (const [title, list] of [
    ['rising', r.rising],
    ['collapsing', r.collapsing],
  ] as const) {
    lines.push('', `${title}:`);
    if (list.length === 0) {
      lines.push('  (none significant)');
      continue;
    }
    lines.push(
      formatTable(
        ['pair', 'before', 'after', 'coop share', 'z', 'q', 'since'],
        list.map((t) => [
          `${t.a}-${t.b}`,
          `${t.earlier.cooperative}/${t.earlier.events}`,
          `${t.later.cooperative}/${t.later.events}`,
          `${t.earlier.cooperative_share.toFixed(2)} -> ${t.later.cooperative_share.toFixed(2)}`,
          t.z.toFixed(2),
          t.q.toPrecision(2),
          t.since,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('trends')
    .description(
      'Pairs whose cooperation rises or collapses significantly (two-proportion z-test, FDR-adjusted)',
    )
    .option('--from <date>', 'first day read (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'last day (default: the latest event)')
    .option('--window <window>', 'month, quarter or year', 'month')
    .option('--windows <n>', 'windows read; the last is compared with the others', '6')
    .option('--min-events <n>', 'events each side needs', '10')
    .option('--alpha <q>', 'false discovery rate', '0.05')
    .option('--actor <code>', 'only pairs involving this country')
    .option('--origin <origin>', 'only events of this origin; repeatable', collect)
    .option('--json', 'print as JSON');
  addDbOption(cmd);
  cmd.action(
    async (options: {
      db: string;
      from?: string;
      to?: string;
      window: string;
      windows: string;
      minEvents: string;
      alpha: string;
      actor?: string;
      origin?: string[];
      json?: boolean;
    }) => {
      if (!['month', 'quarter', 'year'].includes(options.window))
        throw usageError(`invalid --window "${options.window}": expected month, quarter or year`);
      const windows = Number(options.windows);
      const minEvents = Number(options.minEvents);
      const alpha = Number(options.alpha);
      if (!Number.isInteger(windows) || windows < 2) throw usageError('--windows expects an integer ≥ 2');
      if (!Number.isInteger(minEvents) || minEvents < 1)
        throw usageError('--min-events expects an integer ≥ 1');
      if (!(alpha > 0 && alpha < 1)) throw usageError('--alpha expects a number between 0 and 1');
      const { trends } = await import('../../analysis/index.ts');
      await withStore(options.db, async (store) => {
        const result = await trends(store.db, {
          from: options.from,
          to: options.to,
          window: options.window as 'month' | 'quarter' | 'year',
          windows,
          minEvents,
          alpha,
          actor: options.actor,
          origins: parseOrigins(options.origin) as EventOrigin[] | undefined,
        });
        if (options.json) await out(`${JSON.stringify({ ok: true, ...result })}\n`);
        else await out(`${formatTrends(result)}\n`);
      });
    },
  );
}
