// `blocwatch followups`: did the announced meetings and visits happen?
import type { Command } from 'commander';
import type { FollowupsResult } from '../../analysis/index.ts';
import type { EventOrigin } from '../../store/schema.ts';
import { addDbOption, collect, formatTable, out, truncate, usageError, withStore } from '../shared.ts';
import { parseOrigins } from './dyad.ts';

export function formatFollowups(r: FollowupsResult): string {
  const lines = [
    `as of ${r.as_of ?? '-'}: ${r.counts.held} held, ${r.counts.pending} pending, ${r.counts.overdue} overdue`,
    '',
  ];
  lines.push(
    formatTable(
      ['status', 'planned', 'pair', 'code', 'window', 'evidence'],
      r.items.map((i) => [
        i.status,
        `${i.planned.date} (${i.planned.date_precision})`,
        `${i.planned.source_code}->${i.planned.target_code}`,
        i.planned.code,
        `${i.window.from}..${i.window.to}`,
        i.match
          ? truncate(`${i.match.date} ${i.match.code} ${i.match.id}: ${i.match.evidence_text}`, 70)
          : truncate(i.planned.evidence_text, 70),
      ]),
    ),
  );
  return lines.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('followups')
    .description('Planned events matched to later events: held, pending or overdue')
    .option('--from <date>', 'planned dates from (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'planned dates up to')
    .option('--as-of <date>', 'judge pending/overdue at this date (default: the latest data)')
    .option('--actor <code>', 'only planned events involving this country')
    .option('--status <status>', 'only held, pending or overdue')
    .option('--origin <origin>', 'only events of this origin; repeatable', collect)
    .option('--json', 'print as JSON');
  addDbOption(cmd);
  cmd.action(
    async (options: {
      db: string;
      from?: string;
      to?: string;
      asOf?: string;
      actor?: string;
      status?: string;
      origin?: string[];
      json?: boolean;
    }) => {
      if (options.status && !['held', 'pending', 'overdue'].includes(options.status))
        throw usageError(`invalid --status "${options.status}": expected held, pending or overdue`);
      const { followups } = await import('../../analysis/index.ts');
      await withStore(options.db, async (store) => {
        const result = await followups(store.db, {
          from: options.from,
          to: options.to,
          asOf: options.asOf,
          actor: options.actor,
          status: options.status as 'held' | 'pending' | 'overdue' | undefined,
          origins: parseOrigins(options.origin) as EventOrigin[] | undefined,
        });
        if (options.json) await out(`${JSON.stringify({ ok: true, ...result })}\n`);
        else await out(`${formatFollowups(result)}\n`);
      });
    },
  );
}
