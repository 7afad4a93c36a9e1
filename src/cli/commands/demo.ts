// `blocwatch demo` (what `npm start` runs): ingest the shipped demo corpus into ./blocwatch.db
// (idempotent), print a readable summary, then start the dashboard when the server module exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { sql } from 'kysely';
import { BlocwatchError } from '../../errors.ts';
import { dataPath } from '../../paths.ts';
import { openStore, type Store, type StoreStats } from '../../store/index.ts';
import { addDbOption, err, out, truncate } from '../shared.ts';

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port 0..65535.');
  return n;
}

export interface DyadSummary {
  /** Country or group codes, alphabetical. */
  readonly a: string;
  readonly b: string;
  readonly events: number;
  readonly goldstein_sum: number;
  /** The event that best shows the dyad's direction (highest or lowest Goldstein). */
  readonly evidence: {
    readonly event_id: string;
    readonly date: string;
    readonly source: string;
    readonly target: string | null;
    readonly code: string;
    readonly text: string;
  } | null;
}

export interface DemoSummary {
  readonly stats: StoreStats;
  readonly cooperative: readonly DyadSummary[];
  readonly hostile: readonly DyadSummary[];
}

// negated and hypothetical events are not things that happened
const COUNTED_MODALITIES = ['asserted', 'reported', 'planned'];

/** Documents, events by quad class, and the most cooperative and most hostile country dyads with evidence. */
export async function summarize(store: Store, top = 5): Promise<DemoSummary> {
  const stats = await store.stats();
  const a = sql<string>`case when source_country < target_country then source_country else target_country end`;
  const b = sql<string>`case when source_country < target_country then target_country else source_country end`;
  const rows = await store.db
    .selectFrom('events')
    .select((eb) => [
      a.as('a'),
      b.as('b'),
      eb.fn.countAll<number>().as('events'),
      eb.fn.sum<number>('goldstein').as('goldstein_sum'),
    ])
    .where('is_duplicate', '=', 0)
    .where('source_country', '!=', '')
    .where('target_country', '!=', '')
    .whereRef('source_country', '!=', 'target_country')
    .where('modality', 'in', COUNTED_MODALITIES)
    .groupBy([a, b])
    .execute();
  const dyads = rows.map((r) => ({
    a: r.a,
    b: r.b,
    events: Number(r.events),
    goldstein_sum: Number(r.goldstein_sum),
  }));
  const withEvidence = async (d: (typeof dyads)[number], direction: 'desc' | 'asc'): Promise<DyadSummary> => {
    const e = await store.db
      .selectFrom('events')
      .select(['id', 'date', 'source_code', 'target_code', 'code', 'evidence_text'])
      .where('is_duplicate', '=', 0)
      .where('modality', 'in', COUNTED_MODALITIES)
      .where((eb) =>
        eb.or([
          eb.and([eb('source_country', '=', d.a), eb('target_country', '=', d.b)]),
          eb.and([eb('source_country', '=', d.b), eb('target_country', '=', d.a)]),
        ]),
      )
      // what happened before what someone says happened: an allegation is weaker evidence
      .orderBy(sql`case when modality = 'asserted' then 0 else 1 end`)
      .orderBy('goldstein', direction)
      .orderBy('confidence', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return {
      ...d,
      evidence: e
        ? {
            event_id: e.id,
            date: e.date,
            source: e.source_code,
            target: e.target_code || null,
            code: e.code,
            text: e.evidence_text,
          }
        : null,
    };
  };
  const byScore = (x: { goldstein_sum: number; a: string; b: string }, y: typeof x) =>
    y.goldstein_sum - x.goldstein_sum || (x.a + x.b < y.a + y.b ? -1 : 1);
  const cooperative = dyads
    .filter((d) => d.goldstein_sum > 0)
    .sort(byScore)
    .slice(0, top);
  const hostile = dyads
    .filter((d) => d.goldstein_sum < 0)
    .sort((x, y) => -byScore(x, y))
    .slice(0, top);
  return {
    stats,
    cooperative: await Promise.all(cooperative.map((d) => withEvidence(d, 'desc'))),
    hostile: await Promise.all(hostile.map((d) => withEvidence(d, 'asc'))),
  };
}

function formatDyads(title: string, dyads: readonly DyadSummary[]): string[] {
  const lines = [title];
  if (dyads.length === 0) lines.push('  (none yet)');
  for (const d of dyads) {
    const sign = d.goldstein_sum > 0 ? '+' : '';
    lines.push(
      `  ${d.a}-${d.b}  ${sign}${d.goldstein_sum.toFixed(1)} Goldstein over ${d.events} event${d.events === 1 ? '' : 's'}`,
    );
    if (d.evidence)
      lines.push(
        `    ${d.evidence.date} ${d.evidence.source} -> ${d.evidence.target ?? '-'} (${d.evidence.code}): "${truncate(d.evidence.text, 160)}"`,
      );
  }
  return lines;
}

export function formatSummary(s: DemoSummary, location: string): string {
  const q = s.stats.events_by_quad;
  return [
    `${s.stats.documents} documents (${s.stats.near_duplicates} near-duplicates, kept but not counted) in ${location}`,
    `${s.stats.events_counted} events counted: ${q['1']} verbal cooperation, ${q['2']} material cooperation, ${q['3']} verbal conflict, ${q['4']} material conflict`,
    `${s.stats.claims} claims, ${s.stats.quotes} quotes, ${s.stats.unknown_mentions} unknown actor mentions`,
    '',
    ...formatDyads('Most cooperative dyads', s.cooperative),
    '',
    ...formatDyads('Most hostile dyads', s.hostile),
  ].join('\n');
}

/** The corpus's inputs: those its manifest.json lists, else the whole folder. */
export function demoInputs(corpus: string): string[] {
  const manifest = join(corpus, 'manifest.json');
  if (existsSync(manifest)) {
    try {
      const inputs = (JSON.parse(readFileSync(manifest, 'utf8')) as { inputs?: unknown }).inputs;
      if (Array.isArray(inputs) && inputs.every((i) => typeof i === 'string') && inputs.length > 0)
        return inputs.map((i) => join(corpus, i));
    } catch {
      // an unreadable manifest: fall back to the folder
    }
  }
  return [corpus];
}

interface DemoCliOptions {
  db: string;
  serve: boolean;
  port?: number;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('demo')
    .description(
      'Ingest the demo corpus (data/demo) and show what blocwatch found; then start the dashboard when available',
    )
    .option('--no-serve', 'do not start the dashboard')
    .option('--port <n>', 'dashboard port (default 8080)', parsePort)
    .option('--json', 'print the summary as JSON');
  addDbOption(cmd);
  cmd.action(async (options: DemoCliOptions) => {
    const corpus = dataPath('demo');
    if (!existsSync(corpus))
      throw new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', `the demo corpus is missing: ${corpus}`);
    const store = await openStore(options.db);
    let keepOpen = false;
    try {
      err(`blocwatch demo: ingesting ${corpus} into ${store.location} ...`);
      const { createExtractor } = await import('../../pipeline.ts');
      const { ingestInputs } = await import('../../ingest/index.ts');
      const ingest = await ingestInputs(store, () => createExtractor(), demoInputs(corpus));
      err(
        `blocwatch demo: ${ingest.stored} new documents stored, ${ingest.duplicates} duplicates skipped, ${ingest.rejected} rejected`,
      );
      for (const r of ingest.rejections) err(`  rejected ${r.input}: ${r.reason}`);
      const summary = await summarize(store);
      if (options.json) await out(`${JSON.stringify({ ok: true, ...summary })}\n`);
      else await out(`${formatSummary(summary, store.location)}\n`);
      if (options.serve) {
        // the dashboard hook: the server shares the open store; Ctrl-C stops both
        const { startServer } = await import('../../server/start.ts');
        const server = await startServer({
          store,
          db: options.db,
          ...(options.port !== undefined ? { port: options.port } : {}),
        });
        keepOpen = true;
        await out(`\nDashboard: ${server.url}  (Ctrl-C to stop)\n`);
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            server
              .close()
              .catch(() => {})
              .then(() => store.close())
              .finally(resolve);
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
      }
    } finally {
      if (!keepOpen) await store.close();
    }
  });
}
