// The coding stage: CAMEO events with direction, modality, date and evidence. The ontology
// (data/cameo/codes.csv) and the pattern dictionary (data/patterns/*.jsonl) are loaded once.
import type { AnalyzedDocument, CodedEvent, Mention } from '../types.ts';
import { type CoderData, type CoderOptions, codeSentence } from './coder.ts';
import { loadOntology, type Ontology } from './ontology.ts';
import { loadPatterns, type PatternSet } from './patterns.ts';

export const CODER_VERSION = '1.0.0';

export interface Coder extends CoderData {
  readonly version: string;
  readonly ontology: Ontology;
  readonly patterns: PatternSet;
}

export interface LoadCoderOptions extends CoderOptions {
  /** Folder of pattern files (default data/patterns). */
  readonly patternsDir?: string;
}

export function loadCoder(options: LoadCoderOptions = {}): Coder {
  const ontology = loadOntology();
  const patterns = loadPatterns(ontology, options.patternsDir);
  return { version: CODER_VERSION, ontology, patterns, options };
}

function inTokenOrder(ms: readonly Mention[]): boolean {
  for (let k = 1; k < ms.length; k++) if (ms[k].token_start < ms[k - 1].token_start) return false;
  return true;
}

export function codeEvents(doc: AnalyzedDocument, mentions: readonly Mention[], coder: Coder): CodedEvent[] {
  const bySentence = new Map<number, Mention[]>();
  for (const m of mentions) {
    if (m.actors.length === 0 || m.kind === 'unknown') continue;
    const list = bySentence.get(m.sentence_index);
    if (list) list.push(m);
    else bySentence.set(m.sentence_index, [m]);
  }
  const out: CodedEvent[] = [];
  for (const sentence of doc.sentences) {
    const ms = bySentence.get(sentence.index);
    if (!ms) continue;
    // the resolver emits a sentence's mentions in order but for a few late ones; sorting copies
    if (!inTokenOrder(ms)) ms.sort((a, b) => a.token_start - b.token_start);
    for (const e of codeSentence(doc, sentence, ms, coder)) out.push(e);
  }
  return out;
}

export type { CameoCode, Ontology } from './ontology.ts';
export { loadOntology } from './ontology.ts';
export type { Pattern, PatternSet } from './patterns.ts';
