// Test helpers: build Mention arrays by hand from a surface -> actor-code map, so the coder's table-driven
// cases do not depend on the actors stage. Used only by tests.
import { analyzeDocument, createNlp, type Nlp } from '../nlp/index.ts';
import type { AnalyzedDocument, Document, Mention, MentionKind } from '../types.ts';

let nlp: Nlp | null = null;

export function testNlp(): Nlp {
  if (!nlp) nlp = createNlp();
  return nlp;
}

export function makeDoc(text: string, date = '2025-12-18', id = 'test'): Document {
  return { id, published_at: date, text, lang: 'en', content_hash: '', simhash: '', format: 'text' };
}

export function analyze(text: string, date = '2025-12-18', id = 'test'): AnalyzedDocument {
  return analyzeDocument(makeDoc(text, date, id), testNlp());
}

/**
 * Mentions for every occurrence of each surface string (longest first, whole words).
 * A value is an actor code (`IRNGOV`), several joined by `+` (`IRN+RUS` for "the two countries"),
 * optionally followed by `@kind` (`RUS@state`).
 */
export function mentionsFromSpec(doc: AnalyzedDocument, spec: Readonly<Record<string, string>>): Mention[] {
  const out: Mention[] = [];
  const taken: [number, number][] = [];
  const surfaces = Object.keys(spec).sort((a, b) => b.length - a.length);
  const text = doc.doc.text;
  for (const surface of surfaces) {
    const [codes, kindRaw] = spec[surface].split('@');
    let from = 0;
    for (;;) {
      const at = text.indexOf(surface, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + surface.length;
      const before = at > 0 ? text[at - 1] : ' ';
      const after = end < text.length ? text[end] : ' ';
      if (/[A-Za-z0-9]/.test(before) || /[A-Za-z0-9]/.test(after)) continue;
      if (taken.some(([a, b]) => at < b && end > a)) continue;
      const sentence = doc.sentences.find((s) => s.start <= at && end <= s.end);
      if (!sentence) continue;
      const ts = sentence.tokens.findIndex((t) => t.start >= at);
      let te = ts;
      while (te < sentence.tokens.length && sentence.tokens[te].end <= end) te++;
      if (ts < 0 || te === ts) continue;
      taken.push([at, end]);
      const actors = codes.split('+').map((code) => ({
        code,
        name: surface,
        country: code.slice(0, 3),
        sector: code.slice(3),
      }));
      // "@place": a state named as the place of an act ("in Cairo")
      const place = kindRaw === 'place';
      const kind = place
        ? 'state'
        : ((kindRaw as MentionKind | undefined) ?? (actors.length > 1 ? 'reference' : 'state'));
      out.push({
        sentence_index: sentence.index,
        start: at,
        end,
        token_start: ts,
        token_end: te,
        text: surface,
        kind,
        actors,
        rule: 'test',
        ...(place ? { location: true } : {}),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
