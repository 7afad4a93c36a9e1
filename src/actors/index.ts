// PLACEHOLDER until the actors stage lands: the signatures below are the contract.
import type { AnalyzedDocument, Mention } from '../types.ts';

export interface ActorsOptions {
  /** Extra knowledge-base folders in the same format as data/kb (`--kb DIR`). */
  readonly kbDirs?: readonly string[];
  /** PETRARCH/TABARI actor or agent dictionaries (`--kb-petrarch FILE`). */
  readonly petrarchFiles?: readonly string[];
}

export interface KnowledgeBase {
  readonly version: string;
}

export function loadKnowledgeBase(_options: ActorsOptions = {}): KnowledgeBase {
  return { version: 'placeholder' };
}

export function resolveActors(_doc: AnalyzedDocument, _kb: KnowledgeBase): Mention[] {
  return [];
}
