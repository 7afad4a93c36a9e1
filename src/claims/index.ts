// PLACEHOLDER until the claims stage lands: the signatures below are the contract.
import type { AnalyzedDocument, Claim, CodedEvent, Mention, Quote } from '../types.ts';

export interface ClaimsRules {
  readonly version: string;
}

export function loadClaimsRules(): ClaimsRules {
  return { version: 'placeholder' };
}

export function extractClaimsAndQuotes(
  _doc: AnalyzedDocument,
  _mentions: readonly Mention[],
  _events: readonly CodedEvent[],
  _rules: ClaimsRules,
): { claims: Claim[]; quotes: Quote[] } {
  return { claims: [], quotes: [] };
}
