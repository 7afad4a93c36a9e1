// The extraction pipeline: Document -> nlp -> actors -> coding -> claims.
// Each stage is a pure function of its input plus read-only reference data loaded once here.

import { type ActorsOptions, type KnowledgeBase, loadKnowledgeBase, resolveActors } from './actors/index.ts';
import { type ClaimsRules, extractClaimsAndQuotes, loadClaimsRules } from './claims/index.ts';
import { type Coder, codeEvents, loadCoder } from './coding/index.ts';
import { analyzeDocument, createNlp, type Nlp } from './nlp/index.ts';
import type { Document, Extraction } from './types.ts';

export interface ExtractorOptions extends ActorsOptions {
  /** Skip claims and quotes (faster; used by benchmarks to measure their cost). */
  readonly skipClaims?: boolean;
}

export interface Extractor {
  readonly nlp: Nlp;
  readonly kb: KnowledgeBase;
  readonly coder: Coder;
  readonly claimsRules: ClaimsRules;
  extract(doc: Document): Extraction;
}

export function createExtractor(options: ExtractorOptions = {}): Extractor {
  const nlp = createNlp();
  const kb = loadKnowledgeBase(options);
  const coder = loadCoder();
  const claimsRules = loadClaimsRules();
  return {
    nlp,
    kb,
    coder,
    claimsRules,
    extract(doc: Document): Extraction {
      const analyzed = analyzeDocument(doc, nlp);
      const mentions = resolveActors(analyzed, kb);
      const events = codeEvents(analyzed, mentions, coder);
      const { claims, quotes } = options.skipClaims
        ? { claims: [], quotes: [] }
        : extractClaimsAndQuotes(analyzed, mentions, events, claimsRules);
      return { doc, sentences: analyzed.sentences, mentions, events, claims, quotes };
    },
  };
}
