// `blocwatch stats`: what the store holds.
import type { Command } from 'commander';
import type { StoreStats } from '../../store/index.ts';
import { addDbOption, formatTable, out, withStore } from '../shared.ts';

export function formatStats(s: StoreStats, location: string): string {
  const rows: [string, string | number][] = [
    ['store', `${location} (${s.dialect}, schema ${s.schema_version})`],
    ['documents', `${s.documents} (${s.near_duplicates} near-duplicates)`],
    ['events', `${s.events} (${s.events_counted} counted, excluding near-duplicates)`],
    ['  1 verbal cooperation', s.events_by_quad['1']],
    ['  2 material cooperation', s.events_by_quad['2']],
    ['  3 verbal conflict', s.events_by_quad['3']],
    ['  4 material conflict', s.events_by_quad['4']],
    ...Object.entries(s.events_by_origin).map(([k, v]): [string, number] => [`  from ${k}`, v]),
    ['event dates', s.first_date ? `${s.first_date} .. ${s.last_date}` : '-'],
    ['countries and groups', s.countries],
    ['claims', s.claims],
    ['quotes', s.quotes],
    ['unknown actor mentions', s.unknown_mentions],
    ['ingest runs', s.ingest_runs],
    ['rejected inputs', s.rejected_inputs],
  ];
  return formatTable(['', ''], rows).split('\n').slice(2).join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('stats')
    .description('Counts of what the store holds')
    .option('--json', 'print as JSON');
  addDbOption(cmd);
  cmd.action(async (options: { db: string; json?: boolean }) => {
    await withStore(options.db, async (store) => {
      const s = await store.stats();
      if (options.json) await out(`${JSON.stringify({ ok: true, ...s })}\n`);
      else await out(`${formatStats(s, store.location)}\n`);
    });
  });
}
