// `blocwatch export`: stored events, claims and quotes as JSONL or CSV, or the country dyad graph
// as GEXF for Gephi. Output goes to stdout or --out FILE, streamed.

import { createWriteStream, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { sql } from 'kysely';
import { csvCell } from '../../csv.ts';
import { BlocwatchError } from '../../errors.ts';
import type { DocumentRow, EventFilters, Store } from '../../store/index.ts';
import { addDbOption, out, withStore } from '../shared.ts';
import { addEventFilterOptions, type EventFilterCliOptions, filtersFromOptions } from './events.ts';

type Format = 'jsonl' | 'csv' | 'gexf';
type What = 'events' | 'claims' | 'quotes' | 'documents' | 'all';

interface ExportCliOptions extends EventFilterCliOptions {
  db: string;
  format: Format;
  what?: What;
  out?: string;
}

const EVENT_COLUMNS = [
  'id',
  'doc_id',
  'sentence_index',
  'origin',
  'source',
  'source_name',
  'source_country',
  'source_sector',
  'source_entity',
  'target',
  'target_name',
  'target_country',
  'target_sector',
  'target_entity',
  'code',
  'root',
  'quad_class',
  'goldstein',
  'plover',
  'modality',
  'attributed_to',
  'attributed_to_name',
  'date',
  'date_precision',
  'published_at',
  'location.name',
  'location.country',
  'location.lat',
  'location.lon',
  'evidence.text',
  'evidence.start',
  'evidence.end',
  'rule',
  'confidence',
  'coder_version',
  'is_duplicate',
  'source_url',
];
const CLAIM_COLUMNS = [
  'id',
  'doc_id',
  'sentence_index',
  'claim_type',
  'metric',
  'value',
  'unit',
  'original_value',
  'original_unit',
  'actors',
  'direction',
  'period_start',
  'period_end',
  'relation',
  'stance',
  'speaker',
  'speaker_actor',
  'published_at',
  'evidence.text',
  'evidence.start',
  'evidence.end',
  'rule',
  'is_duplicate',
];
const QUOTE_COLUMNS = [
  'id',
  'doc_id',
  'sentence_index',
  'speaker',
  'speaker_actor',
  'speaker_role',
  'text',
  'direct',
  'published_at',
  'evidence.text',
  'evidence.start',
  'evidence.end',
  'rule',
  'is_duplicate',
];

function pick(record: Record<string, unknown>, column: string): unknown {
  const dot = column.indexOf('.');
  if (dot < 0) return record[column];
  const inner = record[column.slice(0, dot)] as Record<string, unknown> | null | undefined;
  return inner ? inner[column.slice(dot + 1)] : null;
}

export function csvRow(record: object, columns: readonly string[]): string {
  return columns.map((c) => csvCell(pick(record as Record<string, unknown>, c))).join(',');
}

function xml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** Directed country dyads: event counts by quad class and Goldstein totals (near-duplicates excluded). */
export async function dyadEdges(store: Store, filters: EventFilters) {
  const rows = await store.db
    .selectFrom('events')
    .select((eb) => [
      'source_country',
      'target_country',
      eb.fn.countAll<number>().as('events'),
      eb.fn.sum<number>('goldstein').as('goldstein_sum'),
      sql<number>`sum(case when quad_class = 1 then 1 else 0 end)`.as('q1'),
      sql<number>`sum(case when quad_class = 2 then 1 else 0 end)`.as('q2'),
      sql<number>`sum(case when quad_class = 3 then 1 else 0 end)`.as('q3'),
      sql<number>`sum(case when quad_class = 4 then 1 else 0 end)`.as('q4'),
    ])
    .where('source_country', '!=', '')
    .where('target_country', '!=', '')
    .where((eb) =>
      eb.and([
        ...(filters.includeDuplicates ? [] : [eb('is_duplicate', '=', 0)]),
        ...(filters.from ? [eb('date', '>=', filters.from)] : []),
        ...(filters.to ? [eb('date', '<=', filters.to)] : []),
        ...(filters.origin ? [eb('origin', '=', filters.origin as 'blocwatch')] : []),
        ...(filters.country
          ? [eb.or([eb('source_country', '=', filters.country), eb('target_country', '=', filters.country)])]
          : []),
      ]),
    )
    .groupBy(['source_country', 'target_country'])
    .orderBy('source_country')
    .orderBy('target_country')
    .execute();
  return rows.map((r) => ({
    source: r.source_country,
    target: r.target_country,
    events: Number(r.events),
    goldstein_sum: Number(r.goldstein_sum),
    q1: Number(r.q1),
    q2: Number(r.q2),
    q3: Number(r.q3),
    q4: Number(r.q4),
  }));
}

export function gexf(edges: Awaited<ReturnType<typeof dyadEdges>>): string {
  const nodes = [...new Set(edges.flatMap((e) => [e.source, e.target]))].sort();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    '  <meta><creator>blocwatch</creator><description>Country dyads: directed event counts and Goldstein totals</description></meta>',
    '  <graph mode="static" defaultedgetype="directed">',
    '    <attributes class="edge">',
    '      <attribute id="events" title="events" type="integer"/>',
    '      <attribute id="goldstein_sum" title="goldstein_sum" type="double"/>',
    '      <attribute id="goldstein_mean" title="goldstein_mean" type="double"/>',
    '      <attribute id="q1" title="verbal_cooperation" type="integer"/>',
    '      <attribute id="q2" title="material_cooperation" type="integer"/>',
    '      <attribute id="q3" title="verbal_conflict" type="integer"/>',
    '      <attribute id="q4" title="material_conflict" type="integer"/>',
    '    </attributes>',
    '    <nodes>',
    ...nodes.map((n) => `      <node id="${xml(n)}" label="${xml(n)}"/>`),
    '    </nodes>',
    '    <edges>',
    ...edges.map((e, i) => {
      const mean = e.events > 0 ? e.goldstein_sum / e.events : 0;
      return [
        `      <edge id="${i}" source="${xml(e.source)}" target="${xml(e.target)}" weight="${e.events}">`,
        '        <attvalues>',
        `          <attvalue for="events" value="${e.events}"/>`,
        `          <attvalue for="goldstein_sum" value="${e.goldstein_sum.toFixed(2)}"/>`,
        `          <attvalue for="goldstein_mean" value="${mean.toFixed(3)}"/>`,
        `          <attvalue for="q1" value="${e.q1}"/>`,
        `          <attvalue for="q2" value="${e.q2}"/>`,
        `          <attvalue for="q3" value="${e.q3}"/>`,
        `          <attvalue for="q4" value="${e.q4}"/>`,
        '        </attvalues>',
        '      </edge>',
      ].join('\n');
    }),
    '    </edges>',
    '  </graph>',
    '</gexf>',
  ];
  return `${lines.join('\n')}\n`;
}

/** A stored document as a JSONL record of a full dump: every column but the derived SimHash bands. */
export function documentRecord(d: DocumentRow) {
  return {
    kind: 'document' as const,
    id: d.id,
    url: d.url,
    title: d.title,
    published_at: d.published_at,
    source: d.source,
    text: d.text,
    lang: d.lang,
    content_hash: d.content_hash,
    simhash: d.simhash,
    format: d.format,
    duplicate_of: d.duplicate_of,
    ingested_at: d.ingested_at,
    run_id: d.run_id,
    coder_version: d.coder_version,
  };
}

/** Every unknown actor mention, ordered by (doc_id, start, end), read in pages. */
async function* iterateUnknownMentions(store: Store, batch = 1000) {
  let after: { doc_id: string; start: number; end: number } | null = null;
  for (;;) {
    let q = store.db
      .selectFrom('unknown_mentions')
      .selectAll()
      .orderBy('doc_id')
      .orderBy('start')
      .orderBy('end')
      .limit(batch);
    if (after !== null) {
      const a = after;
      q = q.where((eb) =>
        eb.or([
          eb('doc_id', '>', a.doc_id),
          eb.and([
            eb('doc_id', '=', a.doc_id),
            eb.or([eb('start', '>', a.start), eb.and([eb('start', '=', a.start), eb('end', '>', a.end)])]),
          ]),
        ]),
      );
    }
    const rows = await q.execute();
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { doc_id: last.doc_id, start: Number(last.start), end: Number(last.end) };
  }
}

/**
 * The full dump read back by `blocwatch import blocwatch`: documents (with text) first, then
 * events (imported ones included), claims, quotes and unknown mentions, near-duplicates included.
 */
export async function writeFullDump(store: Store, write: (text: string) => Promise<void>): Promise<void> {
  for await (const d of store.iterateDocuments()) await write(`${JSON.stringify(documentRecord(d))}\n`);
  for await (const e of store.iterateEvents({ includeDuplicates: true }))
    await write(`${JSON.stringify(e)}\n`);
  for await (const c of store.iterateClaims()) await write(`${JSON.stringify(c)}\n`);
  for await (const q of store.iterateQuotes()) await write(`${JSON.stringify(q)}\n`);
  for await (const m of iterateUnknownMentions(store))
    await write(
      `${JSON.stringify({ kind: 'unknown_mention', doc_id: m.doc_id, sentence_index: Number(m.sentence_index), start: Number(m.start), end: Number(m.end), text: m.text })}\n`,
    );
}

function parseFormat(value: string): Format {
  if (value !== 'jsonl' && value !== 'csv' && value !== 'gexf')
    throw new InvalidArgumentError('expected jsonl, csv or gexf.');
  return value;
}

function parseWhat(value: string): What {
  if (!['events', 'claims', 'quotes', 'documents', 'all'].includes(value))
    throw new InvalidArgumentError('expected events, claims, quotes, documents or all.');
  return value as What;
}

export function register(program: Command): void {
  const cmd = program
    .command('export')
    .description(
      'Export stored events, claims and quotes (JSONL, CSV) or the country dyad graph (GEXF, for Gephi)',
    )
    .option('--format <format>', 'jsonl | csv | gexf', parseFormat, 'jsonl')
    .option(
      '--what <kind>',
      'events | claims | quotes | documents | all (all = a full JSONL dump for `blocwatch import blocwatch`: documents with text, events, claims, quotes and unknown mentions, near-duplicates included; jsonl default: events, claims and quotes; csv default: events)',
      parseWhat,
    )
    .option('--out <file>', 'write to a file instead of stdout');
  addEventFilterOptions(cmd);
  addDbOption(cmd);
  cmd.action(async (options: ExportCliOptions) => {
    // no --what with jsonl: events, claims and quotes (the analysis records), as before
    const what: What | 'records' = options.what ?? (options.format === 'jsonl' ? 'records' : 'events');
    if (options.format !== 'jsonl' && (what === 'all' || what === 'documents'))
      throw new BlocwatchError(
        'BW_ERR_USAGE',
        `--what ${what} is written as JSONL only: pass --format jsonl (CSV holds events, claims or quotes)`,
      );
    const filters = filtersFromOptions(options);
    if (what === 'all') {
      const narrowing = Object.keys(filters).filter((k) => k !== 'includeDuplicates');
      if (narrowing.length > 0)
        throw new BlocwatchError(
          'BW_ERR_USAGE',
          `--what all is a complete dump and takes no event filters (found --${narrowing[0]}); use --what events to filter`,
        );
    }
    let file: WriteStream | null = null;
    const write = async (text: string) => {
      if (!file) return out(text);
      if (!file.write(text)) await new Promise<void>((resolve) => file!.once('drain', () => resolve()));
    };
    if (options.out) {
      const stream = createWriteStream(options.out);
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (e) =>
          reject(
            new BlocwatchError('BW_ERR_USAGE', `cannot write ${options.out}: ${e.message.split('\n')[0]}`),
          ),
        );
      });
      file = stream;
    }
    try {
      await withStore(options.db, async (store) => {
        if (options.format === 'gexf') {
          await write(gexf(await dyadEdges(store, filters)));
          return;
        }
        if (what === 'all') {
          await writeFullDump(store, write);
          return;
        }
        if (what === 'documents') {
          for await (const d of store.iterateDocuments())
            await write(`${JSON.stringify(documentRecord(d))}\n`);
          return;
        }
        const csv = options.format === 'csv';
        if (what === 'events' || what === 'records') {
          if (csv) await write(`${EVENT_COLUMNS.join(',')}\n`);
          for await (const e of store.iterateEvents(filters))
            await write(`${csv ? csvRow(e, EVENT_COLUMNS) : JSON.stringify(e)}\n`);
        }
        if (what === 'claims' || what === 'records') {
          if (csv) await write(`${CLAIM_COLUMNS.join(',')}\n`);
          for await (const c of store.iterateClaims()) {
            if (!filters.includeDuplicates && c.is_duplicate) continue;
            await write(`${csv ? csvRow(c, CLAIM_COLUMNS) : JSON.stringify(c)}\n`);
          }
        }
        if (what === 'quotes' || what === 'records') {
          if (csv) await write(`${QUOTE_COLUMNS.join(',')}\n`);
          for await (const q of store.iterateQuotes()) {
            if (!filters.includeDuplicates && q.is_duplicate) continue;
            await write(`${csv ? csvRow(q, QUOTE_COLUMNS) : JSON.stringify(q)}\n`);
          }
        }
      });
    } finally {
      if (file) await new Promise<void>((resolve) => file!.end(() => resolve()));
    }
  });
}
