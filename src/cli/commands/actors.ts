// `blocwatch actors`: resolve a name or a sentence at a date, look a name up in the knowledge base,
// or (`--unknown`) list the proper names the resolver could not place, with counts.
import type { Command } from 'commander';
import { sql } from 'kysely';
import { type ActorsOptions, loadKnowledgeBase, lookupName, resolveActors } from '../../actors/index.ts';
import { analyzeDocument, createNlp } from '../../nlp/index.ts';
import type { Mention } from '../../types.ts';
import {
  addDbOption,
  collect,
  formatTable,
  out,
  parseDateOption,
  parsePositiveInt,
  usageError,
  withStore,
} from '../shared.ts';

interface KbCliOptions {
  kb?: string[];
  kbPetrarch?: string[];
}

function kbOptions(o: KbCliOptions): ActorsOptions {
  return { ...(o.kb ? { kbDirs: o.kb } : {}), ...(o.kbPetrarch ? { petrarchFiles: o.kbPetrarch } : {}) };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function addKbOptions(cmd: Command): Command {
  return cmd
    .option('--kb <dir>', 'extra knowledge-base folder (repeatable)', collect)
    .option('--kb-petrarch <file>', 'PETRARCH/TABARI actor or agent dictionary (repeatable)', collect);
}

/** Resolve `text` as if published on `date`, after the sentences of `context` (which only feed the memory). */
export function resolveText(
  text: string,
  date: string,
  context: string | undefined,
  options: ActorsOptions = {},
): Mention[] {
  const kb = loadKnowledgeBase(options);
  const nlp = createNlp();
  const prefix = context ? `${context.trim()}\n\n` : '';
  const doc = {
    id: 'cli',
    published_at: date,
    text: prefix + text,
    lang: 'en',
    content_hash: '',
    simhash: '',
    format: 'text' as const,
  };
  const analyzed = analyzeDocument(doc, nlp);
  const first = analyzed.sentences.findIndex((s) => s.end > prefix.length);
  const mentions = resolveActors(analyzed, kb, {
    firstSentence: first < 0 ? analyzed.sentences.length : first,
  });
  return mentions
    .filter((m) => m.start >= prefix.length)
    .map((m) => ({ ...m, start: m.start - prefix.length, end: m.end - prefix.length }));
}

function mentionRows(ms: readonly Mention[]): string[][] {
  return ms.map((m) => [
    m.text,
    m.location ? 'location' : m.kind,
    m.actors.map((a) => a.code || '?').join(', '),
    m.actors
      .map((a) =>
        [a.name, a.role ? `(${a.role})` : '', a.entity_id ? `[${a.entity_id}]` : '']
          .filter(Boolean)
          .join(' '),
      )
      .join('; '),
    m.rule,
  ]);
}

export function register(program: Command): void {
  const actors = program
    .command('actors')
    .description(
      'Resolve actors at a date, look names up in the knowledge base, list unresolved names (--unknown)',
    )
    .option('--unknown', 'list proper names the resolver could not place, most frequent first')
    .option('--limit <n>', 'with --unknown: how many names to list', parsePositiveInt, 50)
    .option('--json', 'print as JSON');
  addDbOption(actors);
  actors.action(async (options: { unknown?: boolean; limit: number; json?: boolean; db: string }) => {
    if (!options.unknown)
      throw usageError(
        'actors: give a subcommand (resolve, lookup) or --unknown; see blocwatch actors --help',
      );
    await withStore(options.db, async (store) => {
      const rows = await store.db
        .selectFrom('unknown_mentions')
        .select([
          'text',
          sql<number>`count(*)`.as('mentions'),
          sql<number>`count(distinct doc_id)`.as('documents'),
        ])
        .groupBy('text')
        .orderBy(sql`count(*)`, 'desc')
        .orderBy('text')
        .limit(options.limit)
        .execute();
      const names = rows.map((r) => ({
        text: r.text,
        mentions: Number(r.mentions),
        documents: Number(r.documents),
      }));
      if (options.json) await out(`${JSON.stringify({ ok: true, unknown: names })}\n`);
      else
        await out(
          `${formatTable(
            ['name', 'mentions', 'documents'],
            names.map((n) => [n.text, n.mentions, n.documents]),
          )}\n`,
        );
    });
  });

  const resolve = actors
    .command('resolve')
    .description('Resolve the actors in a name or sentence as of a date, optionally after some context text')
    .argument('<text...>', 'the name or sentence')
    .option(
      '--date <YYYY-MM-DD>',
      'publication date the office holders are taken at (default: today)',
      parseDateOption,
    )
    .option(
      '--context <text>',
      'earlier text of the same document (pronouns and "the minister" refer back into it)',
    )
    .option('--json', 'print as JSON');
  addKbOptions(resolve).action(
    async (
      words: string[],
      opts: KbCliOptions & { date?: string; context?: string; json?: boolean },
      cmd: Command,
    ) => {
      // --json may be parsed by the parent command too
      const o = { ...opts, json: Boolean(opts.json || cmd.optsWithGlobals().json) };
      const text = words.join(' ');
      const date = o.date ?? today();
      const mentions = resolveText(text, date, o.context, kbOptions(o));
      if (o.json) await out(`${JSON.stringify({ ok: true, date, text, mentions })}\n`);
      else if (mentions.length === 0) await out('no actors found\n');
      else await out(`${formatTable(['text', 'kind', 'code', 'actor', 'rule'], mentionRows(mentions))}\n`);
    },
  );

  const lookup = actors
    .command('lookup')
    .description('Show every knowledge-base entry a name maps to, with its code at a date')
    .argument('<name...>', 'a name, alias, adjective, capital or sector noun')
    .option(
      '--date <YYYY-MM-DD>',
      'date for office holders and dated codes (default: today)',
      parseDateOption,
    )
    .option('--json', 'print as JSON');
  addKbOptions(lookup).action(
    async (words: string[], opts: KbCliOptions & { date?: string; json?: boolean }, cmd: Command) => {
      const o = { ...opts, json: Boolean(opts.json || cmd.optsWithGlobals().json) };
      const name = words.join(' ');
      const date = o.date ?? today();
      const entries = lookupName(loadKnowledgeBase(kbOptions(o)), name, date);
      if (o.json) await out(`${JSON.stringify({ ok: true, name, date, entries })}\n`);
      else if (entries.length === 0) await out(`"${name}" is not in the knowledge base\n`);
      else {
        const rows = entries.map((e) => [
          e.type,
          e.code || '-',
          [e.name, e.role ? `(${e.role})` : '', e.entity_id ? `[${e.entity_id}]` : '']
            .filter(Boolean)
            .join(' '),
        ]);
        let text = formatTable(['entry', 'code', 'name'], rows);
        for (const e of entries)
          for (const r of e.roles ?? [])
            text += `\n  ${e.entity_id}: ${r.role} ${r.country} ${r.start} .. ${r.end ?? 'now'}`;
        await out(`${text}\n`);
      }
    },
  );
}
