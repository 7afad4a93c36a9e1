// `blocwatch quotes`: stored direct quotes and attributed statements with their speakers.
import type { Command } from 'commander';
import { listQuotes } from '../../store/listing.ts';
import {
  addDbOption,
  formatTable,
  out,
  parseDateOption,
  parsePositiveInt,
  readOrFail,
  truncate,
  withStore,
} from '../shared.ts';
import { parseActorCode } from './claims.ts';

interface QuotesCliOptions {
  db: string;
  speaker?: string;
  actor?: string;
  role?: string;
  direct?: boolean;
  from?: string;
  to?: string;
  doc?: string;
  includeDuplicates?: boolean;
  limit: number;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('quotes')
    .description('List stored quotes and attributed statements with their speakers')
    .option('--speaker <text>', 'speaker name contains this text (case-insensitive)')
    .option('--actor <code>', "speaker's actor code starts with this (RUS, RUSGOV)", parseActorCode)
    .option('--role <role>', 'official, analyst, media or other')
    .option('--direct', 'only direct quotes (text between quotation marks)')
    .option('--from <YYYY-MM-DD>', 'published on or after this date', parseDateOption)
    .option('--to <YYYY-MM-DD>', 'published on or before this date', parseDateOption)
    .option('--doc <id>', 'quotes of one document')
    .option('--include-duplicates', 'include quotes of near-duplicate documents')
    .option('--limit <n>', 'at most this many quotes', parsePositiveInt, 100)
    .option('--json', 'print {"ok","quotes"} as JSON');
  addDbOption(cmd);
  cmd.action(async (o: QuotesCliOptions) => {
    await withStore(o.db, async (store) => {
      const quotes = await readOrFail('quotes', () =>
        listQuotes(
          store.db,
          {
            speaker: o.speaker,
            speakerCode: o.actor,
            role: o.role,
            directOnly: o.direct,
            docId: o.doc,
            from: o.from,
            to: o.to,
            includeDuplicates: o.includeDuplicates,
          },
          { limit: o.limit },
        ),
      );
      if (o.json) {
        await out(`${JSON.stringify({ ok: true, quotes })}\n`);
        return;
      }
      if (quotes.length === 0) {
        await out('no quotes match\n');
        return;
      }
      const table = quotes.map((q) => [
        q.published_at,
        truncate(q.speaker ?? '-', 24),
        q.speaker_actor ?? '-',
        q.speaker_role ?? '-',
        q.direct ? 'direct' : 'reported',
        truncate(q.text, 70),
      ]);
      await out(`${formatTable(['date', 'speaker', 'actor', 'role', 'kind', 'text'], table)}\n`);
    });
  });
}
