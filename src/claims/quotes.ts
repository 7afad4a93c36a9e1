// Direct quotes: text between quotation marks (curly or straight) with the attribution next to it,
// after (`"...," he said.`, also when the quote holds several sentences) or before (`Lavrov said: "..."`).
import type { Attribution, PreparedSentence } from './attribution.ts';
import type { ClaimsRules } from './rules.ts';

export interface DirectQuote {
  /** Offsets of the opening and closing quotation marks in the document text. */
  readonly openAt: number;
  readonly closeAt: number;
  readonly text: string;
  /** Position (in the sentences array) of the sentence holding the attribution. */
  readonly sentence: number;
  readonly attribution: Attribution | null;
  readonly side: 'after' | 'before' | 'none';
  readonly evidenceStart: number;
  readonly evidenceEnd: number;
}

/** Fewer words than this between quotation marks is a term in scare quotes, not a quote. */
const MIN_WORDS = 4;

function quoteSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let open = -1;
  let straightOpen = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x201c) open = i;
    else if (c === 0x201d && open >= 0) {
      spans.push([open, i]);
      open = -1;
    } else if (c === 0x22) {
      if (straightOpen < 0) straightOpen = i;
      else {
        spans.push([straightOpen, i]);
        straightOpen = -1;
      }
    } else if (c === 10 && i + 1 < text.length && text.charCodeAt(i + 1) === 10) {
      // a paragraph break closes nothing: drop unbalanced marks
      open = -1;
      straightOpen = -1;
    }
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

function sentenceAt(prepared: readonly PreparedSentence[], offset: number): number {
  let lo = 0;
  let hi = prepared.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (prepared[mid].s.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export function findDirectQuotes(
  text: string,
  prepared: readonly PreparedSentence[],
  attributions: readonly Attribution[][],
  _rules: ClaimsRules,
): DirectQuote[] {
  if (prepared.length === 0) return [];
  const out: DirectQuote[] = [];
  for (const [openAt, closeAt] of quoteSpans(text)) {
    const inner = text
      .slice(openAt + 1, closeAt)
      .trim()
      .replace(/[,]$/, '');
    if (inner.split(/\s+/).length < MIN_WORDS) continue;
    // after: an attribution cue right after the closing mark, in the sentence that holds it
    const k = sentenceAt(prepared, closeAt);
    let found: DirectQuote | null = null;
    if (k >= 0) {
      const p = prepared[k];
      for (const at of attributions[k]) {
        const cueStart = p.s.tokens[at.cueA].start;
        const spStart = p.s.tokens[Math.min(at.speaker.a, at.cueA)].start;
        if (spStart > closeAt && spStart - closeAt <= 4 && at.kind === 'verb') {
          found = {
            openAt,
            closeAt,
            text: inner,
            sentence: k,
            attribution: at,
            side: 'after',
            evidenceStart: Math.min(openAt, p.s.start),
            evidenceEnd: Math.max(p.s.end, cueStart),
          };
          break;
        }
      }
    }
    // before: "Lavrov said: "..."" in the sentence holding the opening mark
    if (!found) {
      const j = sentenceAt(prepared, openAt);
      if (j >= 0) {
        const p = prepared[j];
        for (const at of attributions[j]) {
          const cueEnd = p.s.tokens[at.cueB - 1].end;
          const spEnd = p.s.tokens[Math.max(at.speaker.b, at.cueB) - 1].end;
          const gap = text.slice(Math.max(cueEnd, spEnd), openAt);
          if (spEnd <= openAt && /^[\s,:]*$/.test(gap)) {
            found = {
              openAt,
              closeAt,
              text: inner,
              sentence: j,
              attribution: at,
              side: 'before',
              evidenceStart: p.s.start,
              evidenceEnd: Math.max(closeAt + 1, p.s.end),
            };
            break;
          }
        }
      }
    }
    out.push(
      found ?? {
        openAt,
        closeAt,
        text: inner,
        sentence: Math.max(0, sentenceAt(prepared, openAt)),
        attribution: null,
        side: 'none',
        evidenceStart: openAt,
        evidenceEnd: closeAt + 1,
      },
    );
  }
  return out;
}
