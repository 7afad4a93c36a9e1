// Date expressions in a sentence, resolved against the publication date.
// PLACEHOLDER: the claims-and-time work replaces this with chrono-node plus our own parsers.
import type { DateExpression, IsoDate, Token, TypedSpan } from '../types.ts';

export interface DateContext {
  readonly publishedAt: IsoDate;
}

export function findDates(
  _sentenceText: string,
  _sentenceStart: number,
  _tokens: readonly Token[],
  _entities: readonly TypedSpan[],
  _context: DateContext,
): DateExpression[] {
  return [];
}
