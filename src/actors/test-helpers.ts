// Shared by the actors tests: one NLP instance, one knowledge base (built-in data + the test-only
// fixture folder), and a function that analyses a text as a document published on a date.
import { fileURLToPath } from 'node:url';
import { analyzeDocument, createNlp } from '../nlp/index.ts';
import type { AnalyzedDocument } from '../types.ts';
import { type KnowledgeBase, loadKnowledgeBase } from './index.ts';

export const FIXTURE_KB = fileURLToPath(new URL('./fixtures/kb', import.meta.url));
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

let nlp: ReturnType<typeof createNlp> | null = null;
let kb: KnowledgeBase | null = null;

export function testKb(): KnowledgeBase {
  kb ??= loadKnowledgeBase({ kbDirs: [FIXTURE_KB] });
  return kb;
}

export function analyze(text: string, date: string): AnalyzedDocument {
  nlp ??= createNlp();
  return analyzeDocument(
    { id: 'test', published_at: date, text, lang: 'en', content_hash: '', simhash: '', format: 'text' },
    nlp,
  );
}
