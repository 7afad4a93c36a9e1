// Property tests of actor resolution and of the whole extraction pipeline (nlp → actors → coding →
// claims) on arbitrary Unicode text and on news-shaped text built from our own vocabulary: nothing
// throws, and every offset lies inside the document, with the document's substring there equal to
// the mention, evidence or quote text it claims to be.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { resolveActors } from '../../src/actors/index.ts';
import { makeDocument } from '../../src/ingest/document.ts';
import { analyzeDocument } from '../../src/nlp/index.ts';
import { createExtractor } from '../../src/pipeline.ts';
import type { Document, Evidence, Extraction, Mention } from '../../src/types.ts';
import { hostileText, isoDate, newsText, runs, unicodeText } from './arbitraries.ts';

const extractor = createExtractor();

function documentOf(text: string, published: string): Document | null {
  try {
    return makeDocument({ published_at: published, text, format: 'text' });
  } catch {
    return null; // nothing left after cleaning: rejected before extraction
  }
}

function assertSpan(doc: Document, what: string, start: number, end: number, text: string) {
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${what}: offsets ${start}-${end}`);
  assert.ok(
    start >= 0 && start <= end && end <= doc.text.length,
    `${what}: ${start}-${end} outside 0-${doc.text.length}`,
  );
  assert.equal(doc.text.slice(start, end), text, `${what}: the document's text at ${start}-${end}`);
}

function assertEvidence(doc: Document, what: string, e: Evidence) {
  // -1 marks an offset that is unknown (imported records); extraction always knows it
  assertSpan(doc, `${what} evidence`, e.start, e.end, e.text);
  assert.ok(e.text.length > 0, `${what}: empty evidence`);
}

function assertMentions(doc: Document, sentences: Extraction['sentences'], mentions: readonly Mention[]) {
  for (const m of mentions) {
    assertSpan(doc, `mention "${m.text}"`, m.start, m.end, m.text);
    const s = sentences[m.sentence_index];
    assert.ok(s, `mention "${m.text}": no sentence ${m.sentence_index}`);
    assert.ok(m.start >= s.start && m.end <= s.end, `mention "${m.text}" outside its sentence`);
    assert.ok(m.token_start >= 0 && m.token_start <= m.token_end && m.token_end <= s.tokens.length);
    for (const a of m.actors) assert.equal(typeof a.code, 'string');
  }
}

function assertExtraction(x: Extraction) {
  const doc = x.doc;
  assertMentions(doc, x.sentences, x.mentions);
  for (const e of x.events) {
    assertEvidence(doc, `event ${e.id}`, e.evidence);
    assert.equal(e.doc_id, doc.id);
    assert.ok(x.sentences[e.sentence_index], `event ${e.id}: sentence ${e.sentence_index}`);
    assert.match(e.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(e.code, /^\d{2,4}$/);
    assert.ok(e.quad_class >= 1 && e.quad_class <= 4);
    assert.ok(Number.isFinite(e.goldstein) && Math.abs(e.goldstein) <= 10);
    assert.ok(e.confidence >= 0 && e.confidence <= 1);
  }
  for (const c of x.claims) {
    assertEvidence(doc, `claim ${c.id}`, c.evidence);
    if (c.value !== null) assert.ok(Number.isFinite(c.value), `claim ${c.id}: value ${c.value}`);
  }
  for (const q of x.quotes) {
    assertEvidence(doc, `quote ${q.id}`, q.evidence);
    // the quoted words are inside the evidence sentence
    assert.ok(q.text.length > 0);
  }
  const ids = [...x.events, ...x.claims, ...x.quotes].map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate record ids');
}

describe('actor resolution', () => {
  test('news-shaped and arbitrary text: mentions point at their own text', () => {
    fc.assert(
      fc.property(fc.oneof(newsText, hostileText(400), unicodeText(300)), isoDate, (text, published) => {
        const doc = documentOf(text, published);
        if (!doc) return;
        const analyzed = analyzeDocument(doc, extractor.nlp);
        assertMentions(doc, analyzed.sentences, resolveActors(analyzed, extractor.kb));
      }),
      { numRuns: runs(200) },
    );
  });
});

describe('the whole pipeline', () => {
  test('news-shaped text: every event, claim, quote and mention offset matches its text', () => {
    let events = 0;
    let claims = 0;
    let quotes = 0;
    fc.assert(
      fc.property(newsText, isoDate, (text, published) => {
        const doc = documentOf(text, published);
        if (!doc) return;
        const x = extractor.extract(doc);
        events += x.events.length;
        claims += x.claims.length;
        quotes += x.quotes.length;
        assertExtraction(x);
      }),
      { numRuns: runs(250) },
    );
    // the generator must reach the coder, or the property says nothing about events
    assert.ok(events > 20, `only ${events} events in 250 documents`);
    assert.ok(quotes + claims > 0, 'no claim or quote was ever extracted');
  });

  test('arbitrary Unicode (lone surrogates, controls, emoji, RTL) never throws', () => {
    const mixed = fc
      .array(fc.oneof(newsText, hostileText(120), unicodeText(120)), { minLength: 1, maxLength: 5 })
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(mixed, isoDate, (text, published) => {
        const doc = documentOf(text, published);
        if (doc) assertExtraction(extractor.extract(doc));
      }),
      { numRuns: runs(200) },
    );
  });
});
