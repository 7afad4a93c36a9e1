// End to end on the seed article (published 2025-12-18) through the real pipeline, and over the demo
// corpus: every numeric claim has a speaker or a source and a period.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../paths.ts';
import { createExtractor } from '../pipeline.ts';
import type { Document, Extraction } from '../types.ts';

const SEED = resolve(PACKAGE_ROOT, '..', 'shared', 'seed', 'iran-russia-bloc.txt');
const DEMO = resolve(PACKAGE_ROOT, 'data', 'demo', 'articles');

function doc(id: string, text: string, published: string, source?: string): Document {
  return {
    id,
    published_at: published,
    source,
    text,
    lang: 'en',
    content_hash: id,
    simhash: '0',
    format: 'text',
  };
}

let extractor: ReturnType<typeof createExtractor> | null = null;
function extract(d: Document): Extraction {
  extractor ??= createExtractor();
  return extractor.extract(d);
}

const seedText = existsSync(SEED) ? readFileSync(SEED, 'utf8') : null;
const seedSkip = seedText ? false : `seed article not found at ${SEED}`;
let seedResult: Extraction | null = null;
function seed(): Extraction {
  seedResult ??= extract(doc('seed', seedText!, '2025-12-18'));
  return seedResult;
}
function sentenceOf(r: Extraction, pattern: RegExp): number {
  const s = r.sentences.find((x) => pattern.test(x.text));
  assert.ok(s, `no sentence matches ${pattern}`);
  return s.index;
}

test('seed: the trade claim (RUS, IRN, +15 %, 2025-01-01..2025-10-31, Lavrov)', { skip: seedSkip }, () => {
  const trade = seed().claims.filter((c) => c.claim_type === 'numeric' && c.metric === 'trade');
  assert.equal(trade.length, 1);
  const c = trade[0];
  assert.equal(c.value, 15);
  assert.equal(c.unit, 'percent');
  assert.equal(c.direction, 'up');
  assert.deepEqual([...c.actors].sort(), ['IRN', 'RUS']);
  assert.equal(c.period_start, '2025-01-01');
  assert.equal(c.period_end, '2025-10-31');
  assert.match(c.speaker ?? '', /Lavrov/);
  assert.equal(c.speaker_actor?.code.slice(0, 3), 'RUS');
});

test('seed: the bloc claim is attributed to Mardasov, a Russian analyst', { skip: seedSkip }, () => {
  const bloc = seed().claims.filter((c) => c.claim_type === 'relation' && c.relation === 'bloc');
  assert.ok(bloc.length >= 1, 'no bloc claim');
  const first = bloc[0];
  assert.match(first.speaker ?? '', /Mardasov/);
  assert.equal(first.speaker_actor?.country, 'RUS');
  assert.equal(first.speaker_actor?.role, 'analyst');
  assert.equal(first.stance, 'positive');
  assert.deepEqual([...first.actors].sort(), ['IRN', 'RUS']);
});

test('seed: statements of Araghchi and Lavrov have their speakers', { skip: seedSkip }, () => {
  const r = seed();
  const by = (name: RegExp) => r.quotes.filter((q) => name.test(q.speaker ?? ''));
  const araghchi = by(/Araghchi/);
  const lavrov = by(/Lavrov/);
  assert.ok(araghchi.length >= 3, `Araghchi: ${araghchi.length}`);
  assert.ok(lavrov.length >= 3, `Lavrov: ${lavrov.length}`);
  for (const q of [...araghchi, ...lavrov]) assert.equal(q.speaker_role, 'official');
  assert.equal(araghchi[0].speaker_actor?.code.slice(0, 3), 'IRN');
  assert.equal(lavrov[0].speaker_actor?.code.slice(0, 3), 'RUS');
  // "He announced that ... February 2026" follows Araghchi's statement: the pronoun is his
  const commission = sentenceOf(r, /Joint Economic Commission/);
  assert.ok(araghchi.some((q) => q.sentence_index === commission));
  // "Lavrov stated that Moscow and Tehran aim to normalize ..."
  const nuclear = sentenceOf(r, /normalize the situation/);
  assert.ok(lavrov.some((q) => q.sentence_index === nuclear && /^Moscow and Tehran aim/.test(q.text)));
});

test('seed: the visit is dated 2025-12-16 and February 2026 has month precision', { skip: seedSkip }, () => {
  const r = seed();
  const visit = r.sentences[sentenceOf(r, /official visit to Moscow/)];
  assert.ok(
    visit.dates.some((d) => d.date === '2025-12-16' && d.end_date === '2025-12-16' && d.precision === 'day'),
  );
  const commission = r.sentences[sentenceOf(r, /Joint Economic Commission/)];
  const feb = commission.dates.find((d) => d.text === 'February 2026');
  assert.ok(feb);
  assert.equal(feb.date, '2026-02-01');
  assert.equal(feb.end_date, '2026-02-28');
  assert.equal(feb.precision, 'month');
});

function demoDocuments(): Document[] {
  const docs: Document[] = [];
  for (const f of readdirSync(DEMO).sort()) {
    if (!f.endsWith('.txt')) continue;
    const raw = readFileSync(resolve(DEMO, f), 'utf8');
    const cut = raw.indexOf('\n\n');
    const head = raw.slice(0, cut);
    const field = (k: string) => new RegExp(`^${k}: (.*)$`, 'm').exec(head)?.[1];
    docs.push(doc(f, raw.slice(cut + 2), field('Date') ?? '2025-01-01', field('Source')));
  }
  return docs;
}

const demoSkip = existsSync(DEMO)
  ? false
  : `demo corpus not found at ${DEMO} (data/demo is written by the demo-corpus engineer)`;

test('demo corpus: every numeric claim has a speaker or a source, a period and a metric', {
  skip: demoSkip,
}, () => {
  let numeric = 0;
  for (const d of demoDocuments()) {
    for (const c of extract(d).claims) {
      if (c.claim_type !== 'numeric') continue;
      numeric++;
      const where = `${d.id} sentence ${c.sentence_index}: ${c.evidence.text.slice(0, 80)}`;
      assert.ok(c.speaker || c.speaker_actor, `no speaker or source: ${where}`);
      assert.ok(c.period_start && c.period_end && c.period_start <= c.period_end, `no period: ${where}`);
      assert.ok(c.metric && c.unit && typeof c.value === 'number', `incomplete: ${where}`);
    }
  }
  assert.ok(numeric >= 10, `only ${numeric} numeric claims in the demo corpus`);
});

test('demo corpus: the seed retelling keeps the trade claim with its period', { skip: demoSkip }, () => {
  const d = demoDocuments().find((x) => /informal-strategic-bloc/.test(x.id));
  if (!d) return;
  const trade = extract(d).claims.find((c) => c.metric === 'trade' && c.unit === 'percent');
  assert.ok(trade);
  assert.equal(trade.value, 15);
  assert.equal(trade.period_start, '2025-01-01');
  assert.equal(trade.period_end, '2025-10-31');
});
