// Test helper: small hand-made extractions with events, claims, quotes and mentions, so store
// tests do not depend on the extraction stages.
import { makeDocument } from '../ingest/document.ts';
import type { ActorRef, Claim, CodedEvent, Document, Extraction, Mention, Quote } from '../types.ts';

export const IRN: ActorRef = {
  code: 'IRNGOV',
  name: 'Iran',
  country: 'IRN',
  sector: 'GOV',
  entity_id: 'Q794',
};
export const RUS: ActorRef = { code: 'RUSGOV', name: 'Russia', country: 'RUS', sector: 'GOV' };
export const ISR: ActorRef = { code: 'ISR', name: 'Israel', country: 'ISR', sector: '' };

export function fakeDocument(n: number, text?: string, date = '2025-12-18'): Document {
  return makeDocument({
    id: `doc-${n}`,
    title: `Story ${n}`,
    published_at: date,
    source: 'Test Wire',
    text:
      text ??
      `Story number ${n}. The foreign ministers of Iran and Russia met in Moscow on Tuesday for talks ${n}.`,
    format: 'jsonl',
  });
}

export function fakeEvent(doc: Document, i: number, over: Partial<CodedEvent> = {}): CodedEvent {
  return {
    kind: 'event',
    id: `${doc.id}-e${i}`,
    doc_id: doc.id,
    sentence_index: 1,
    source: IRN,
    target: RUS,
    code: '042',
    root: '04',
    quad_class: 1,
    goldstein: 1.9,
    plover: 'CONSULT',
    modality: 'asserted',
    attributed_to: null,
    date: doc.published_at,
    date_precision: 'day',
    published_at: doc.published_at,
    location: { name: 'Moscow', country: 'RUS', lat: 55.75, lon: 37.62 },
    evidence: { text: 'The foreign ministers of Iran and Russia met in Moscow', start: 0, end: 54 },
    rule: 'test.meet',
    confidence: 0.9,
    coder_version: 'test',
    ...over,
  };
}

export function fakeExtraction(doc: Document, events = 2): Extraction {
  const evs = Array.from({ length: events }, (_, i) =>
    fakeEvent(doc, i, i % 2 ? { target: null, code: '010', root: '01' } : {}),
  );
  const claim: Claim = {
    kind: 'claim',
    id: `${doc.id}-c0`,
    doc_id: doc.id,
    sentence_index: 2,
    claim_type: 'numeric',
    metric: 'trade',
    value: 15,
    unit: 'percent',
    original_value: '15',
    original_unit: 'percent',
    actors: ['RUS', 'IRN'],
    direction: 'up',
    period_start: '2025-01-01',
    period_end: '2025-10-31',
    relation: null,
    stance: null,
    speaker: 'Lavrov',
    speaker_actor: RUS,
    evidence: { text: 'trade rose 15 percent', start: 10, end: 31 },
    rule: 'test.claim',
  };
  const quote: Quote = {
    kind: 'quote',
    id: `${doc.id}-q0`,
    doc_id: doc.id,
    sentence_index: 3,
    speaker: 'Araghchi',
    speaker_actor: IRN,
    speaker_role: 'official',
    text: 'we will coordinate',
    direct: true,
    evidence: { text: '"we will coordinate," he said', start: 40, end: 69 },
    rule: 'test.quote',
  };
  const unknown: Mention = {
    sentence_index: 0,
    start: 0,
    end: 5,
    token_start: 0,
    token_end: 1,
    text: 'Story',
    kind: 'unknown',
    actors: [],
    rule: 'test.unknown',
  };
  return { doc, sentences: [], mentions: [unknown, unknown], events: evs, claims: [claim], quotes: [quote] };
}
