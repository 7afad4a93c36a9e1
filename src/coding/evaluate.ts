// Run the real extraction pipeline over a gold file and score the events it codes.
import { createExtractor, type Extractor, type ExtractorOptions } from '../pipeline.ts';
import type { CodedEvent, Document } from '../types.ts';
import { type EvalReport, type GoldCase, LEVELS, type Level, loadGold, scoreEvents } from './eval.ts';

export interface EvaluateOptions extends ExtractorOptions {
  readonly levels?: readonly Level[];
  /** Reuse an extractor (tests evaluate several files with one). */
  readonly extractor?: Extractor;
}

export function goldDocument(c: GoldCase): Document {
  return {
    id: c.id,
    published_at: c.date,
    text: c.text,
    lang: 'en',
    content_hash: '',
    simhash: '',
    format: 'jsonl',
  };
}

export interface Evaluation {
  readonly report: EvalReport;
  readonly gold: readonly GoldCase[];
  readonly events: ReadonlyMap<string, readonly CodedEvent[]>;
}

export function evaluateGold(
  file: string,
  gold: readonly GoldCase[],
  options: EvaluateOptions = {},
): Evaluation {
  const extractor = options.extractor ?? createExtractor({ ...options, skipClaims: true });
  // gold ids may repeat (several sentences of one story): like the reference scorer, every line of an id
  // is scored against the events of all its lines; the no-event count uses each line's own events
  const events = new Map<string, CodedEvent[]>();
  const own: (readonly CodedEvent[])[] = [];
  for (const c of gold) {
    const got = extractor.extract(goldDocument(c)).events;
    own.push(got);
    const list = events.get(c.id);
    if (list) list.push(...got);
    else events.set(c.id, [...got]);
  }
  const report = scoreEvents(file, gold, events, options.levels ?? LEVELS, own);
  return { report, gold, events };
}

export function evaluateFile(path: string, options: EvaluateOptions = {}): Evaluation {
  return evaluateGold(path, loadGold(path), options);
}
