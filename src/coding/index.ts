// PLACEHOLDER until the coding stage lands: the signatures below are the contract.
import type { AnalyzedDocument, CodedEvent, Mention } from '../types.ts';

export const CODER_VERSION = '0.0.0';

export interface Coder {
  readonly version: string;
}

export function loadCoder(): Coder {
  return { version: CODER_VERSION };
}

export function codeEvents(
  _doc: AnalyzedDocument,
  _mentions: readonly Mention[],
  _coder: Coder,
): CodedEvent[] {
  return [];
}
