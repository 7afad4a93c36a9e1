// `blocwatch queue status` and `blocwatch queue retry`: the work queue's state, and a way to put
// parked jobs back once their cause is fixed.
import type { Command } from 'commander';
import type { QueueStatus } from '../../queue/index.ts';
import {
  addDbOption,
  formatTable,
  out,
  parsePositiveInt,
  truncate,
  usageError,
  withStore,
} from '../shared.ts';

export function formatQueueStatus(s: QueueStatus, location: string): string {
  const c = s.counts;
  const lines = [
    `queue ${location}`,
    `queued ${c.queued}${s.retrying ? ` (${s.retrying} waiting to retry)` : ''}, running ${c.running}` +
      `${s.expired_leases ? ` (${s.expired_leases} with expired leases)` : ''}, done ${c.done}, parked ${c.parked}`,
    `active workers ${s.active_workers}${s.oldest_queued_at ? `, oldest queued job from ${s.oldest_queued_at}` : ''}`,
  ];
  if (s.parked.length > 0) {
    lines.push('', 'parked jobs (newest first; `blocwatch queue retry` puts them back):');
    lines.push(
      formatTable(
        ['job', 'document', 'attempts', 'error'],
        s.parked.map((p) => [p.id, truncate(p.doc_id, 30), p.attempts, truncate(p.last_error ?? '', 100)]),
      ),
    );
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  const queue = program.command('queue').description('Inspect and manage the work queue');
  const status = queue
    .command('status')
    .description('Jobs per status, active workers, and parked jobs with their errors')
    .option('--parked <n>', 'parked jobs listed', parsePositiveInt, 20)
    .option('--json', 'print as JSON');
  addDbOption(status);
  status.action(async (options: { db: string; parked: number; json?: boolean }) => {
    const { queueStatus } = await import('../../queue/index.ts');
    await withStore(options.db, async (store) => {
      const s = await queueStatus(store, options.parked);
      if (options.json) await out(`${JSON.stringify({ ok: true, ...s })}\n`);
      else await out(`${formatQueueStatus(s, store.location)}\n`);
    });
  });
  const retry = queue
    .command('retry')
    .description('Queue parked jobs again with a fresh attempt count')
    .argument('[job-ids...]', 'parked job ids (see `queue status`)')
    .option('--all', 'every parked job')
    .option('--json', 'print as JSON');
  addDbOption(retry);
  retry.action(async (ids: string[], options: { db: string; all?: boolean; json?: boolean }) => {
    if (ids.length === 0 && !options.all) throw usageError('name the parked job ids to retry, or pass --all');
    if (ids.length > 0 && options.all) throw usageError('pass job ids or --all, not both');
    const numbers = ids.map((id) => {
      if (!/^\d+$/.test(id)) throw usageError(`invalid job id "${id}": expected a number`);
      return Number(id);
    });
    const { retryParked } = await import('../../queue/index.ts');
    const n = await withStore(options.db, (store) => retryParked(store, numbers));
    if (options.json) await out(`${JSON.stringify({ ok: true, requeued: n })}\n`);
    else await out(`requeued ${n} parked job${n === 1 ? '' : 's'}\n`);
  });
}
