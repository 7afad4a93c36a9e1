// A small hand-written database for the API and browser tests: a handful of articles with events,
// claims, quotes and unknown names inserted directly through the store (no pipeline involved), so
// the tests do not depend on the coder's current accuracy. Every sentence here is our own.
import { contentHash, simhash } from '../../src/ingest/hash.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import type { ActorRef, Claim, CodedEvent, Document, Mention, Modality, Quote } from '../../src/types.ts';

const NAMES: Record<string, string> = {
  IRN: 'Iran',
  RUS: 'Russia',
  CHN: 'China',
  USA: 'United States',
  ISR: 'Israel',
  FRA: 'France',
  TUR: 'Turkey',
};

function actor(code: string, name?: string): ActorRef {
  const country = code.slice(0, 3);
  return { code, name: name ?? NAMES[country] ?? country, country, sector: code.slice(3) };
}

interface EventSpec {
  sentence: string;
  source: string;
  target: string | null;
  code: string;
  quad: 1 | 2 | 3 | 4;
  goldstein: number;
  modality?: Modality;
  date?: string;
  precision?: 'day' | 'month';
  rule?: string;
  sourceName?: string;
}

interface DocSpec {
  id: string;
  title: string;
  published_at: string;
  source?: string;
  url?: string;
  sentences: string[];
  events: EventSpec[];
  claims?: (Partial<Claim> & { sentence: string; metric: string })[];
  quotes?: { sentence: string; quote: string; speaker: string; speaker_code?: string; role?: string }[];
  unknown?: string[];
}

export const FIXTURE_DOCS: DocSpec[] = [
  {
    id: 'doc-iran-russia-trade',
    title: 'Iran and Russia widen their trade pact',
    published_at: '2025-03-10',
    source: 'Fixture Wire',
    url: 'https://news.example/iran-russia-trade',
    sentences: [
      'Iran and Russia signed a broader trade agreement in Moscow on Monday.',
      'Iranian Foreign Minister Abbas Araghchi visited Moscow for talks with his Russian counterpart.',
      'Officials said trade between the two countries rose 15 percent in 2024.',
      '"Our partnership has become strategic," Araghchi told reporters after the meeting.',
      'The delegation also met representatives of Zarvand Logistics.',
    ],
    events: [
      {
        sentence: 'Iran and Russia signed',
        source: 'IRN',
        target: 'RUS',
        code: '057',
        quad: 1,
        goldstein: 8,
        rule: 'p.sign_agreement',
      },
      {
        sentence: 'Iranian Foreign Minister Abbas Araghchi visited Moscow',
        source: 'IRNGOV',
        target: 'RUS',
        code: '042',
        quad: 1,
        goldstein: 1.9,
        rule: 'p.visit',
        sourceName: 'Abbas Araghchi',
      },
    ],
    claims: [
      {
        sentence: 'Officials said trade',
        metric: 'trade',
        claim_type: 'numeric',
        value: 15,
        unit: 'percent',
        original_value: '15',
        original_unit: 'percent',
        actors: ['IRN', 'RUS'],
        direction: 'up',
        period_start: '2024-01-01',
        period_end: '2024-12-31',
        rule: 'c.percent_change',
      },
    ],
    quotes: [
      {
        sentence: '"Our partnership',
        quote: 'Our partnership has become strategic,',
        speaker: 'Abbas Araghchi',
        speaker_code: 'IRNGOV',
        role: 'official',
      },
    ],
    unknown: ['Zarvand Logistics'],
  },
  {
    id: 'doc-putin-plans-tehran',
    title: 'Kremlin announces a September trip to Tehran',
    published_at: '2025-06-02',
    source: 'Fixture Wire',
    sentences: [
      'Russian President Vladimir Putin will visit Tehran in September, the Kremlin said on Monday.',
      'China and Russia pledged to deepen military cooperation during talks in Beijing.',
      'Iran and China agreed to expand energy cooperation.',
    ],
    events: [
      {
        sentence: 'Russian President Vladimir Putin will visit Tehran',
        source: 'RUSGOV',
        target: 'IRN',
        code: '042',
        quad: 1,
        goldstein: 1.9,
        modality: 'planned',
        date: '2025-09-01',
        precision: 'month',
        rule: 'p.visit',
        sourceName: 'Vladimir Putin',
      },
      {
        sentence: 'China and Russia pledged',
        source: 'CHN',
        target: 'RUS',
        code: '030',
        quad: 1,
        goldstein: 4,
        rule: 'p.intend_cooperate',
      },
      {
        sentence: 'Iran and China agreed',
        source: 'IRN',
        target: 'CHN',
        code: '061',
        quad: 2,
        goldstein: 6.4,
        rule: 'p.cooperate_economic',
      },
    ],
  },
  {
    id: 'doc-israel-iran-strikes',
    title: 'Israel and Iran trade threats after strikes',
    published_at: '2025-06-20',
    source: 'Fixture Post',
    sentences: [
      'Israeli aircraft struck targets inside Iran overnight.',
      'Iran threatened to retaliate against Israel.',
      'The United States imposed new sanctions on Iran.',
      'Washington and Israel reaffirmed their security partnership.',
    ],
    events: [
      {
        sentence: 'Israeli aircraft struck',
        source: 'ISRMIL',
        target: 'IRN',
        code: '195',
        quad: 4,
        goldstein: -10,
        rule: 'p.airstrike',
      },
      {
        sentence: 'Iran threatened',
        source: 'IRN',
        target: 'ISR',
        code: '138',
        quad: 3,
        goldstein: -7,
        rule: 'p.threaten',
      },
      {
        sentence: 'The United States imposed',
        source: 'USA',
        target: 'IRN',
        code: '163',
        quad: 4,
        goldstein: -8,
        rule: 'p.sanction',
      },
      {
        sentence: 'Washington and Israel reaffirmed',
        source: 'USA',
        target: 'ISR',
        code: '051',
        quad: 1,
        goldstein: 3.4,
        rule: 'p.praise',
      },
    ],
  },
  {
    id: 'doc-putin-in-tehran',
    title: 'Putin arrives in Tehran',
    published_at: '2025-09-16',
    source: 'Fixture Wire',
    sentences: [
      'Vladimir Putin arrived in Tehran on Tuesday for talks with Iranian President Masoud Pezeshkian.',
      'The two leaders signed an agreement on energy and transport.',
      'Turkey criticised the United States over its sanctions policy.',
    ],
    events: [
      {
        sentence: 'Vladimir Putin arrived in Tehran',
        source: 'RUSGOV',
        target: 'IRN',
        code: '042',
        quad: 1,
        goldstein: 1.9,
        rule: 'p.visit',
        sourceName: 'Vladimir Putin',
      },
      {
        sentence: 'The two leaders signed',
        source: 'RUS',
        target: 'IRN',
        code: '057',
        quad: 1,
        goldstein: 8,
        rule: 'p.sign_agreement',
      },
      {
        sentence: 'Turkey criticised',
        source: 'TUR',
        target: 'USA',
        code: '111',
        quad: 3,
        goldstein: -2,
        rule: 'p.criticize',
      },
    ],
  },
  {
    id: 'doc-script-tag',
    title: '<script>window.__bwPwned = 1</script> Escaping check',
    published_at: '2025-10-01',
    source: '<b>Fixture</b> Hostile',
    sentences: [
      'France criticised Iran <script>window.__bwPwned = 1</script> over its nuclear programme.',
      'Plain text with <img src=x onerror="window.__bwPwned = 2"> inside it.',
    ],
    events: [
      {
        sentence: 'France criticised Iran',
        source: 'FRA',
        target: 'IRN',
        code: '111',
        quad: 3,
        goldstein: -2,
        rule: 'p.criticize',
      },
    ],
  },
];

function locate(text: string, needle: string): { start: number; end: number; index: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`fixture: '${needle}' not in text`);
  return { start: at, end: at + needle.length, index: -1 };
}

export function fixtureExtractions() {
  return FIXTURE_DOCS.map((spec) => {
    const text = spec.sentences.join(' ');
    const sentenceStarts: number[] = [];
    let pos = 0;
    for (const s of spec.sentences) {
      sentenceStarts.push(pos);
      pos += s.length + 1;
    }
    const sentenceOf = (needle: string) => {
      const { start } = locate(text, needle);
      let i = 0;
      while (i + 1 < sentenceStarts.length && sentenceStarts[i + 1] <= start) i++;
      const s = spec.sentences[i];
      return { index: i, start: sentenceStarts[i], end: sentenceStarts[i] + s.length, text: s };
    };
    const doc: Document = {
      id: spec.id,
      url: spec.url,
      title: spec.title,
      published_at: spec.published_at,
      source: spec.source,
      text,
      lang: 'en',
      content_hash: contentHash(text),
      simhash: simhash(text),
      format: 'text',
    };
    const events: CodedEvent[] = spec.events.map((e, n) => {
      const s = sentenceOf(e.sentence);
      return {
        kind: 'event',
        id: `${spec.id}-e${n}`,
        doc_id: spec.id,
        sentence_index: s.index,
        source: actor(e.source, e.sourceName),
        target: e.target ? actor(e.target) : null,
        code: e.code,
        root: e.code.slice(0, 2),
        quad_class: e.quad,
        goldstein: e.goldstein,
        plover: e.quad <= 2 ? 'COOPERATE' : 'ACCUSE',
        modality: e.modality ?? 'asserted',
        attributed_to: null,
        date: e.date ?? spec.published_at,
        date_precision: e.precision ?? 'day',
        published_at: spec.published_at,
        location: null,
        evidence: { text: s.text, start: s.start, end: s.end },
        rule: e.rule ?? 'p.fixture',
        confidence: 0.9,
        coder_version: 'fixture-1',
      };
    });
    const claims: Claim[] = (spec.claims ?? []).map((c, n) => {
      const s = sentenceOf(c.sentence);
      return {
        kind: 'claim',
        id: `${spec.id}-c${n}`,
        doc_id: spec.id,
        sentence_index: s.index,
        claim_type: c.claim_type ?? 'numeric',
        metric: c.metric,
        value: c.value ?? null,
        unit: c.unit ?? null,
        original_value: c.original_value ?? null,
        original_unit: c.original_unit ?? null,
        actors: c.actors ?? [],
        direction: c.direction ?? null,
        period_start: c.period_start ?? null,
        period_end: c.period_end ?? null,
        relation: null,
        stance: null,
        speaker: null,
        speaker_actor: null,
        evidence: { text: s.text, start: s.start, end: s.end },
        rule: c.rule ?? 'c.fixture',
      };
    });
    const quotes: Quote[] = (spec.quotes ?? []).map((q, n) => {
      const s = sentenceOf(q.sentence);
      const at = locate(text, q.quote);
      return {
        kind: 'quote',
        id: `${spec.id}-q${n}`,
        doc_id: spec.id,
        sentence_index: s.index,
        speaker: q.speaker,
        speaker_actor: q.speaker_code ? actor(q.speaker_code, q.speaker) : null,
        speaker_role: q.role ?? null,
        text: q.quote,
        direct: true,
        evidence: { text: q.quote, start: at.start, end: at.end },
        rule: 'q.said_after',
      };
    });
    const mentions: Mention[] = (spec.unknown ?? []).map((u) => {
      const at = locate(text, u);
      return {
        sentence_index: sentenceOf(u).index,
        start: at.start,
        end: at.end,
        token_start: 0,
        token_end: 1,
        text: u,
        kind: 'unknown',
        actors: [],
        rule: 'unknown.propn_run',
      };
    });
    return { doc, sentences: [], mentions, events, claims, quotes };
  });
}

/** Open (and migrate) a store at `location` and fill it with the fixture articles. */
export async function buildFixtureStore(location: string): Promise<Store> {
  const store = await openStore(location);
  for (const x of fixtureExtractions()) await store.storeExtraction(x);
  return store;
}
