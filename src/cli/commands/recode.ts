// `blocwatch recode`: re-run extraction over stored documents (after the knowledge base or the
// patterns changed), replacing each document's events, claims and quotes in one transaction.
import type { Command } from 'commander';
import { CODER_VERSION } from '../../coding/index.ts';
import { describeError } from '../../errors.ts';
import type { DocumentRow } from '../../store/index.ts';
import type { Document, InputFormat } from '../../types.ts';
import { addDbOption, collect, err, out, withStore } from '../shared.ts';

interface RecodeCliOptions {
  db: string;
  kb?: string[];
  kbPetrarch?: string[];
  stale?: boolean;
  json?: boolean;
  progress: boolean;
}

/** A stored document row back as the pipeline's Document. */
export function rowToDocument(r: DocumentRow): Document {
  return {
    id: r.id,
    ...(r.url !== null ? { url: r.url } : {}),
    ...(r.title !== null ? { title: r.title } : {}),
    published_at: r.published_at,
    ...(r.source !== null ? { source: r.source } : {}),
    text: r.text,
    lang: r.lang,
    content_hash: r.content_hash,
    simhash: r.simhash,
    format: r.format as InputFormat,
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('recode')
    .description('Re-run extraction over stored documents, replacing their events, claims and quotes')
    .option('--stale', `only documents coded by another coder version than ${CODER_VERSION}`)
    .option('--kb <dir>', 'extra knowledge-base folder (repeatable)', collect)
    .option('--kb-petrarch <file>', 'PETRARCH/TABARI actor or agent dictionary (repeatable)', collect)
    .option('--no-progress', 'no progress lines on stderr')
    .option('--json', 'print the summary as JSON');
  addDbOption(cmd);
  cmd.action(async (options: RecodeCliOptions) => {
    const { createExtractor } = await import('../../pipeline.ts');
    const extractor = createExtractor({
      ...(options.kb ? { kbDirs: options.kb } : {}),
      ...(options.kbPetrarch ? { petrarchFiles: options.kbPetrarch } : {}),
    });
    const started = performance.now();
    const totals = { documents: 0, skipped: 0, failed: 0, events: 0, claims: 0, quotes: 0 };
    await withStore(options.db, async (store) => {
      const before = await store.countEvents({ includeDuplicates: true });
      let last = performance.now();
      for await (const row of store.iterateDocuments()) {
        if (options.stale && row.coder_version === CODER_VERSION) {
          totals.skipped++;
          continue;
        }
        try {
          const result = await store.replaceExtraction(extractor.extract(rowToDocument(row)));
          totals.documents++;
          totals.events += result.events;
          totals.claims += result.claims;
          totals.quotes += result.quotes;
        } catch (error) {
          totals.failed++;
          err(`blocwatch: recode ${row.id}: ${describeError(error)}`);
        }
        if (options.progress && performance.now() - last > 2000) {
          last = performance.now();
          err(`recode: ${totals.documents} documents, ${totals.events} events`);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const summary = {
        ...totals,
        events_before: before,
        coder_version: CODER_VERSION,
        seconds: Number(seconds.toFixed(3)),
      };
      if (options.json) await out(`${JSON.stringify({ ok: true, ...summary })}\n`);
      else
        await out(
          `recoded ${totals.documents} documents (${totals.skipped} up to date, ${totals.failed} failed) with coder ${CODER_VERSION}: ` +
            `events ${before} -> ${totals.events}, claims ${totals.claims}, quotes ${totals.quotes} in ${seconds.toFixed(1)} s\n`,
        );
      if (totals.failed > 0) process.exitCode = 1;
    });
  });
}
