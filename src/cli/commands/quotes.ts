// `blocwatch quotes`: stored direct quotes and attributed statements with their speakers.
import type { Command } from 'commander';
import type { Expression, SqlBool } from 'kysely';
import { BlocwatchError, describeError } from '../../errors.ts';
import { quoteRowToRecord } from '../../store/index.ts';
import {
  addDbOption,
  formatTable,
  out,
  parseDateOption,
  parsePositiveInt,
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
      let rows: Awaited<ReturnType<typeof query>>;
      const query = () =>
        store.db
          .selectFrom('quotes')
          .selectAll()
          .where((eb) => {
            const parts: Expression<SqlBool>[] = [];
            if (!o.includeDuplicates) parts.push(eb('is_duplicate', '=', 0));
            if (o.speaker)
              parts.push(
                eb(eb.fn('lower', ['speaker']), 'like', `%${o.speaker.toLowerCase().replace(/[%_]/g, '')}%`),
              );
            if (o.actor) parts.push(eb('speaker_code', 'like', `${o.actor}%`));
            if (o.role) parts.push(eb('speaker_role', '=', o.role));
            if (o.direct) parts.push(eb('direct', '=', 1));
            if (o.doc) parts.push(eb('doc_id', '=', o.doc));
            if (o.from) parts.push(eb('published_at', '>=', o.from));
            if (o.to) parts.push(eb('published_at', '<=', o.to));
            return eb.and(parts);
          })
          .orderBy('published_at', 'desc')
          .orderBy('id')
          .limit(o.limit)
          .execute();
      try {
        rows = await query();
      } catch (error) {
        throw new BlocwatchError('BW_ERR_DB_QUERY', `cannot read quotes: ${describeError(error)}`);
      }
      const quotes = rows.map(quoteRowToRecord);
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
