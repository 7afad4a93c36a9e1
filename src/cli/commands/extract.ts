// `blocwatch extract <file|->`: stateless extraction, one JSON record per line (events, claims,
// quotes), no database.
import type { Command } from 'commander';
// DEFAULT_MAX_BYTES from the readers' module, not ingest/index.ts (which loads the extraction pipeline)
import { DEFAULT_MAX_BYTES } from '../../ingest/sources.ts';
import type { Document } from '../../types.ts';
import { collect, err, out, parseBytes, parseDateOption, parsePositiveInt } from '../shared.ts';

interface ExtractCliOptions {
  date?: string;
  kb?: string[];
  kbPetrarch?: string[];
  maxBytes: number;
  claims: boolean;
  workers?: number;
}

export function register(program: Command): void {
  program
    .command('extract')
    .description(
      'Extract events, claims and quotes from documents without storing them: one JSON record per line',
    )
    .argument(
      '<inputs...>',
      'JSONL of {"id","date","text","title"?} records, an article file, a folder, a URL, or - for stdin',
    )
    .option(
      '--date <YYYY-MM-DD>',
      'publication date for inputs that carry none (required for bare text)',
      parseDateOption,
    )
    .option(
      '--workers <n>',
      'extraction threads (default: the cores available), this thread one of them; the output is the same for any number',
      parsePositiveInt,
    )
    .option('--kb <dir>', 'extra knowledge-base folder (repeatable)', collect)
    .option('--kb-petrarch <file>', 'PETRARCH/TABARI actor or agent dictionary (repeatable)', collect)
    .option('--max-bytes <size>', 'size limit per file, URL or JSONL line', parseBytes, DEFAULT_MAX_BYTES)
    .option('--no-claims', 'skip claims and quotes')
    .action(async (inputs: string[], options: ExtractCliOptions) => {
      const { readInputs } = await import('../../ingest/index.ts');
      const { defaultWorkerCount, extractJsonl } = await import('../../parallel.ts');
      const extractorOptions = {
        ...(options.kb ? { kbDirs: options.kb } : {}),
        ...(options.kbPetrarch ? { petrarchFiles: options.kbPetrarch } : {}),
        skipClaims: !options.claims,
      };
      let documents = 0;
      let rejected = 0;
      async function* readable(): AsyncGenerator<Document> {
        for await (const item of readInputs(inputs, {
          ...(options.date ? { date: options.date } : {}),
          maxBytes: options.maxBytes,
          skipSimhash: true,
        })) {
          if (item.kind === 'rejected') {
            rejected++;
            err(`blocwatch: ${item.input}: ${item.reason} [${item.code}]`);
            continue;
          }
          documents++;
          yield item.doc;
        }
      }
      // the models load only once a first document is read, so a rejected input fails fast
      const docs = readable();
      const first = await docs.next();
      if (!first.done) {
        async function* all(): AsyncGenerator<Document> {
          yield first.value as Document;
          yield* docs;
        }
        const workers = options.workers ?? defaultWorkerCount();
        // each thread prints the records of the documents it extracts: this thread only writes them
        for await (const outcome of extractJsonl(all(), { workers, extractor: extractorOptions })) {
          if (!outcome.ok) {
            // one document the pipeline cannot read does not stop the others
            rejected++;
            err(`blocwatch: ${outcome.doc.id}: not extracted: ${outcome.reason} [BW_ERR_INPUT_REJECTED]`);
            continue;
          }
          if (outcome.jsonl.byteLength > 0) await out(outcome.jsonl);
        }
      }
      // every rejection was reported on its own line; fail when nothing could be read
      if (documents === 0 && rejected > 0) process.exitCode = 1;
    });
}
