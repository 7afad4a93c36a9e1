// Claims and quotes on hand-written sentences: table-driven numeric cases (claims.cases.jsonl) with
// no actors, then hand-built mentions for actors, speakers, relation claims and quotes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDocument, createNlp } from '../nlp/index.ts';
import { dataPath } from '../paths.ts';
import type { ActorRef, AnalyzedDocument, Document, Mention, MentionKind } from '../types.ts';
import { extractClaimsAndQuotes, loadClaimsRules } from './index.ts';

const nlp = createNlp();
const rules = loadClaimsRules();

function analyze(text: string, published = '2025-12-18'): AnalyzedDocument {
  const doc: Document = {
    id: 'd1',
    published_at: published,
    source: 'Test Wire',
    text,
    lang: 'en',
    content_hash: '',
    simhash: '',
    format: 'text',
  };
  return analyzeDocument(doc, nlp);
}

interface FakeActor {
  code: string;
  kind: MentionKind;
  name?: string;
  role?: string;
  entity_id?: string;
}

/** Hand-built mentions: every occurrence of each surface form (a token sequence) becomes a mention. */
function mentionsFor(a: AnalyzedDocument, table: Record<string, FakeActor>): Mention[] {
  const out: Mention[] = [];
  for (const s of a.sentences) {
    for (let i = 0; i < s.tokens.length; i++) {
      for (const [surface, fake] of Object.entries(table)) {
        const words = surface.split(' ');
        if (words.every((w, k) => s.tokens[i + k]?.text === w)) {
          const actor: ActorRef = {
            code: fake.code,
            name: fake.name ?? surface,
            country: fake.code.slice(0, 3),
            sector: fake.code.slice(3),
            ...(fake.role ? { role: fake.role } : {}),
            ...(fake.entity_id ? { entity_id: fake.entity_id } : {}),
          };
          out.push({
            sentence_index: s.index,
            start: s.tokens[i].start,
            end: s.tokens[i + words.length - 1].end,
            token_start: i,
            token_end: i + words.length,
            text: surface,
            kind: fake.kind,
            actors: [actor],
            rule: 'test',
          });
        }
      }
    }
  }
  return out.sort((x, y) => x.start - y.start);
}

interface ClaimCase {
  id: string;
  text: string;
  published?: string;
  claims: Record<string, unknown>[];
}

const cases: ClaimCase[] = readFileSync(new URL('./claims.cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));

test('the claims cases file holds at least 50 cases with unique ids', () => {
  assert.ok(cases.length >= 50);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
});

for (const c of cases) {
  test(`claim case ${c.id}`, () => {
    const { claims } = extractClaimsAndQuotes(analyze(c.text, c.published), [], [], rules);
    const numeric = claims.filter((x) => x.claim_type === 'numeric');
    const brief = numeric.map(
      (x) => `${x.metric} ${x.value} ${x.unit} ${x.direction} ${x.period_start}..${x.period_end}`,
    );
    assert.equal(numeric.length, c.claims.length, `found ${JSON.stringify(brief)}`);
    c.claims.forEach((want, i) => {
      for (const [k, v] of Object.entries(want))
        assert.deepEqual(
          (numeric[i] as unknown as Record<string, unknown>)[k],
          v,
          `${k} of #${i}: ${brief[i]}`,
        );
      // every numeric claim has a speaker (here the outlet) and a period
      assert.ok(numeric[i].speaker);
      assert.ok(numeric[i].period_start && numeric[i].period_end);
    });
  });
}

const SEEDLIKE: Record<string, FakeActor> = {
  Russia: { code: 'RUS', kind: 'state' },
  Iran: { code: 'IRN', kind: 'state' },
  Ethiopia: { code: 'ETH', kind: 'state' },
  Somalia: { code: 'SOM', kind: 'state' },
  Moscow: { code: 'RUS', kind: 'state' },
  Tehran: { code: 'IRN', kind: 'state' },
  Lavrov: {
    code: 'RUSGOV',
    kind: 'person',
    name: 'Sergei Lavrov',
    role: 'foreign_minister',
    entity_id: 'lavrov',
  },
  Araghchi: {
    code: 'IRNGOV',
    kind: 'person',
    name: 'Abbas Araghchi',
    role: 'foreign_minister',
    entity_id: 'araghchi',
  },
  'the central bank': { code: 'IRNGOV', kind: 'agent', name: 'central bank' },
};

test('actors of a numeric claim: "trade between Russia and Iran" and the speaker is not an actor', () => {
  const a = analyze('Lavrov said trade between Russia and Iran rose 15 percent in 2025.');
  const { claims } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.equal(claims.length, 1);
  assert.deepEqual(claims[0].actors, ['RUS', 'IRN']);
  assert.equal(claims[0].speaker, 'Sergei Lavrov');
  assert.equal(claims[0].speaker_actor?.code, 'RUSGOV');
  assert.equal(claims[0].value, 15);
});

test('actors of a numeric claim: "Ethiopia\'s exports to Somalia"', () => {
  const a = analyze(
    "Ethiopia's exports to Somalia fell 20 percent last year, according to the central bank.",
  );
  const { claims, quotes } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.equal(claims.length, 1);
  assert.deepEqual(claims[0].actors, ['ETH', 'SOM']);
  assert.equal(claims[0].value, -20);
  assert.equal(claims[0].speaker, 'the central bank');
  assert.equal(claims[0].period_start, '2024-01-01');
  assert.equal(quotes.length, 1);
  assert.equal(quotes[0].direct, false);
  assert.equal(quotes[0].speaker_role, 'official');
});

test('direct quote with the speaker after it, across a sentence boundary, straight quotes', () => {
  const a = analyze(
    'Lavrov spoke to reporters in Moscow. "We will not give in to pressure. Our trade keeps growing," he said.',
  );
  const { quotes } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  const direct = quotes.filter((q) => q.direct);
  assert.equal(direct.length, 1);
  assert.equal(direct[0].speaker, 'Sergei Lavrov');
  assert.equal(direct[0].speaker_role, 'official');
  assert.match(direct[0].text, /^We will not give in to pressure\. Our trade keeps growing/);
});

test('direct quote with curly quotes and the speaker named after it', () => {
  const a = analyze('“We will coordinate with everyone who rejects this kind of pressure,” Araghchi said.');
  const { quotes } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.equal(quotes.length, 1);
  assert.equal(quotes[0].direct, true);
  assert.equal(quotes[0].speaker, 'Abbas Araghchi');
  assert.equal(quotes[0].speaker_actor?.code, 'IRNGOV');
});

test('direct quote with the speaker before it', () => {
  const a = analyze('Araghchi said: "The sanctions are illegal and they will fail."');
  const { quotes } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.equal(quotes.length, 1);
  assert.equal(quotes[0].direct, true);
  assert.equal(quotes[0].speaker, 'Abbas Araghchi');
});

test('a term in scare quotes is not a quote', () => {
  const a = analyze('Rwanda agreed to lift its "defensive measures" within 90 days.');
  assert.equal(extractClaimsAndQuotes(a, [], [], rules).quotes.length, 0);
});

test('indirect speech: "X stressed that", pronoun resolved to the previous speaker, inverted "said X"', () => {
  const a = analyze(
    'Araghchi stressed that Iran and Russia share common positions. He added that talks would continue. ' +
      'The sanctions are illegal, said Lavrov.',
  );
  const { quotes } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.deepEqual(
    quotes.map((q) => [q.speaker, q.direct]),
    [
      ['Abbas Araghchi', false],
      ['Abbas Araghchi', false],
      ['Sergei Lavrov', false],
    ],
  );
  assert.equal(quotes[0].text, 'Iran and Russia share common positions');
  assert.equal(quotes[2].text, 'The sanctions are illegal');
});

test('indirect speech after a time phrase: "said on Tuesday that", "said last week that"', () => {
  const a = analyze(
    'Araghchi said on Tuesday that the oil deal would be signed soon. ' +
      'Lavrov told reporters last week that trade keeps growing.',
  );
  const { quotes } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.deepEqual(
    quotes.map((q) => [q.speaker, q.text]),
    [
      ['Abbas Araghchi', 'the oil deal would be signed soon'],
      ['Sergei Lavrov', 'trade keeps growing'],
    ],
  );
});

test("the period comes from the claim's clause, not from the date of the statement", () => {
  const a = analyze(
    'Lavrov said on Tuesday that 8 percent more trade with Iran was recorded in the first half of 2025.',
  );
  const { claims } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.equal(claims.length, 1);
  assert.equal(claims[0].period_start, '2025-01-01');
  assert.equal(claims[0].period_end, '2025-06-30');
});

test('"he said" refers back to a person, not to an institution quoted in between', () => {
  const a = analyze(
    'Araghchi met reporters in Tehran. Exports to Russia fell 20 percent last year, according to the central bank. ' +
      '"We will find other buyers," he said.',
  );
  const { quotes } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  const direct = quotes.filter((q) => q.direct);
  assert.equal(direct.length, 1);
  assert.equal(direct[0].speaker, 'Abbas Araghchi');
});

test('relation claim: an unnamed analyst named in the next sentence, negated alliance vs asserted bloc', () => {
  const a = analyze(
    'A Russian political analyst has argued that Iran and Russia are becoming an informal bloc. ' +
      'Ivan Petrovsky, writing in a weekly, said the two states coordinate closely. ' +
      '"This is not an alliance, but Moscow and Tehran act as one bloc," he said.',
  );
  const ms = mentionsFor(a, { ...SEEDLIKE, Russian: { code: 'RUS', kind: 'state' } });
  const { claims } = extractClaimsAndQuotes(a, ms, [], rules);
  const rel = claims.filter((c) => c.claim_type === 'relation');
  assert.ok(rel.length >= 2);
  assert.equal(rel[0].relation, 'bloc');
  assert.equal(rel[0].stance, 'positive');
  assert.deepEqual([...rel[0].actors].sort(), ['IRN', 'RUS']);
  assert.equal(rel[0].speaker, 'Ivan Petrovsky');
  assert.equal(rel[0].speaker_actor?.country, 'RUS');
  assert.equal(rel[0].speaker_actor?.role, 'analyst');
  const last = rel[rel.length - 1];
  assert.equal(last.relation, 'bloc');
  assert.equal(last.speaker, 'Ivan Petrovsky');
});

test('relation claim needs an attribution and two parties', () => {
  const a = analyze('Iran and Russia are becoming an informal bloc.');
  assert.equal(extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules).claims.length, 0);
  const b = analyze('Lavrov said Russia rejects any bloc.');
  assert.equal(extractClaimsAndQuotes(b, mentionsFor(b, SEEDLIKE), [], rules).claims.length, 0);
});

test('a rivalry is a negative stance', () => {
  const a = analyze('Analysts said the rivalry between Iran and Russia is growing.');
  const { claims } = extractClaimsAndQuotes(a, mentionsFor(a, SEEDLIKE), [], rules);
  assert.equal(claims[0].relation, 'rivalry');
  assert.equal(claims[0].stance, 'negative');
  assert.equal(claims[0].speaker_actor, null);
});

test('invalid vocabulary files fail with file:line field: expected X, found Y', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bw-claims-'));
  for (const f of ['metrics.json', 'units.json', 'directions.json', 'speech.json', 'relations.json'])
    writeFileSync(join(dir, f), readFileSync(dataPath('claims', f)));
  writeFileSync(
    join(dir, 'metrics.json'),
    '[\n{"metric":"trade","kind":"amount","terms":["trade"]},\n{"metric":"Bad Name","kind":"amount","terms":["x"]}\n]\n',
  );
  assert.throws(
    () => loadClaimsRules({ dir }),
    /data\/claims\/metrics\.json:3 metric: expected lower-case letters and _, found "Bad Name"/,
  );
  writeFileSync(join(dir, 'metrics.json'), '[\n{"metric":"trade","kind":"amounts","terms":["trade"]}\n]\n');
  assert.throws(
    () => loadClaimsRules({ dir }),
    /metrics\.json:2 kind: expected one of amount, rate, count, found "amounts"/,
  );
  writeFileSync(join(dir, 'metrics.json'), '[\n{"metric":"trade","kind":"amount","terms":[]}\n]\n');
  assert.throws(
    () => loadClaimsRules({ dir }),
    /metrics\.json:2 terms: expected a non-empty array of strings/,
  );
});
