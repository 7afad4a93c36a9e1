// Tests against third-party reference data in ../shared: the CAMEO country table, the PETRARCH-2
// unit-test expectations about actors, and the seed article.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Mention } from '../types.ts';
import { resolveActors } from './index.ts';
import { analyze, SHARED, testKb } from './test-helpers.ts';

test('countries.csv: at least 95% of CAMEO country names resolve to the right code', () => {
  const kb = testKb();
  // CAMEO codes that differ from ISO alpha-3 are declared in countries.json (`cameo`)
  const equivalent = new Map<string, string>();
  for (const c of kb.countries.values()) if (c.cameo) equivalent.set(c.cameo, c.code);
  const rows = readFileSync(join(SHARED, 'data/cameo-reference/countries.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  let ok = 0;
  let synOk = 0;
  let synAll = 0;
  const misses: string[] = [];
  const resolve1 = (name: string): string => {
    const ms = resolveActors(analyze(name, '2025-06-01'), kb).filter(
      (m) => m.actors.length > 0 && m.kind !== 'unknown',
    );
    return ms.length > 0 ? ms[0].actors[0].country : '';
  };
  for (const row of rows) {
    const [code, name, , synonyms] = row.split(',');
    const want = equivalent.get(code) ?? code;
    const got = resolve1(name);
    if (got === want) ok++;
    else misses.push(`${name}=${code} got ${got || 'nothing'}`);
    for (const syn of (synonyms ?? '').split('|').slice(0, 6)) {
      if (!syn) continue;
      // the CSV writes names in capitals; write them as a news text would
      const text = syn
        .toLowerCase()
        .replace(/(^|[\s-])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase());
      synAll++;
      if (resolve1(text) === want) synOk++;
    }
  }
  const pct = (100 * ok) / rows.length;
  process.stdout.write(
    `# countries.csv names: ${ok}/${rows.length} = ${pct.toFixed(1)}% resolve to the right code\n`,
  );
  process.stdout.write(
    `# countries.csv first synonyms (informational): ${synOk}/${synAll} = ${((100 * synOk) / synAll).toFixed(1)}%\n`,
  );
  process.stdout.write(`# misses: ${misses.join('; ')}\n`);
  assert.ok(pct >= 95, `only ${pct.toFixed(1)}%: ${misses.join('; ')}`);
});

interface Extra {
  id: string;
  kind: string;
  date: string;
  text: string;
  phrase?: string;
  expected_codes?: string[];
  expected?: { source: string; target: string }[];
}

const extras: Extra[] = readFileSync(join(SHARED, 'data/petrarch2-validation/unit-tests-extra.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));

test('unit-tests-extra.jsonl has the 16 expectations', () => assert.equal(extras.length, 16));

for (const x of extras) {
  test(`petrarch2 expectation ${x.id}`, () => {
    const ms = resolveActors(analyze(x.text, x.date), testKb());
    const actorCodes = (m: Mention) => m.actors.map((a) => a.code);
    if (x.kind === 'actor_phrase') {
      const codes = ms
        .filter((m) => !m.location && m.kind !== 'unknown')
        .flatMap(actorCodes)
        .sort();
      assert.deepEqual(codes, [...(x.expected_codes ?? [])].sort());
    } else if (x.kind === 'pronoun_resolution') {
      const m = ms.find((k) => k.text === x.phrase);
      assert.ok(m, `no mention for ${x.phrase}`);
      assert.deepEqual(actorCodes(m), x.expected_codes);
    } else {
      // full sentences: the expected source and target actors are among the mentions
      const codes = new Set(ms.flatMap(actorCodes));
      for (const e of x.expected ?? []) {
        assert.ok(codes.has(e.source), `source ${e.source} missing in ${[...codes]}`);
        assert.ok(codes.has(e.target), `target ${e.target} missing in ${[...codes]}`);
      }
    }
  });
}

test('seed article: every mention of the key actors resolves correctly', () => {
  const text = readFileSync(join(SHARED, 'seed/iran-russia-bloc.txt'), 'utf8');
  const ms = resolveActors(analyze(text, '2025-12-18'), testKb());
  const want: Record<string, (m: Mention) => boolean> = {
    araghchi: (m) => m.actors[0]?.code === 'IRNGOV' && m.actors[0]?.entity_id === 'abbas-araghchi',
    lavrov: (m) => m.actors[0]?.code === 'RUSGOV' && m.actors[0]?.entity_id === 'sergei-lavrov',
    mardasov: (m) => m.actors[0]?.code === 'RUSELI' && m.actors[0]?.entity_id === 'anton-mardasov',
    iran: (m) => m.actors[0]?.code === 'IRN',
    russia: (m) => m.actors[0]?.code === 'RUS',
    tehran: (m) => (m.location ? m.actors[0]?.code === 'IRN' : m.actors[0]?.code === 'IRNGOV'),
    moscow: (m) => (m.location ? m.actors[0]?.code === 'RUS' : m.actors[0]?.code === 'RUSGOV'),
    israeli: (m) => m.actors[0]?.code === 'ISRGOV',
  };
  const checked = new Map<string, number>();
  // every occurrence of each word in the text must be inside a mention that satisfies the check
  for (const [word, ok] of Object.entries(want)) {
    const re = new RegExp(`\\b${word}\\b`, 'gi');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = m.index;
      const mention = ms.find((x) => x.start <= at && at < x.end);
      assert.ok(mention, `no mention covers ${word} at ${at}`);
      assert.ok(
        ok(mention),
        `${word} at ${at}: ${mention.text} -> ${mention.actors.map((a) => a.code).join(',')}`,
      );
      checked.set(word, (checked.get(word) ?? 0) + 1);
    }
  }
  // "the two countries", "both countries", "the two nations", "both nations": the Iran-Russia pair
  const pairRe = /\b(the two|both) (countries|nations)\b/gi;
  let pairs = 0;
  for (let m = pairRe.exec(text); m; m = pairRe.exec(text)) {
    const mention = ms.find((x) => x.start === m?.index);
    assert.ok(mention, `no mention for ${m[0]} at ${m.index}`);
    assert.deepEqual(mention.actors.map((a) => a.code).sort(), ['IRN', 'RUS'], `${m[0]} at ${m.index}`);
    pairs++;
  }
  assert.ok(pairs >= 5, `only ${pairs} pair references`);
  assert.ok(
    (checked.get('araghchi') ?? 0) >= 4 &&
      (checked.get('lavrov') ?? 0) >= 4 &&
      (checked.get('moscow') ?? 0) >= 5,
  );
  // the dateline and "a visit to Moscow" are locations, "Moscow and Tehran are building" actors
  assert.ok(ms.some((x) => x.text === 'TEHRAN' && x.location));
  assert.ok(ms.some((x) => x.text === 'Moscow' && x.location && x.actors[0].code === 'RUS'));
  // pronouns: "he met Lavrov" is Araghchi; "He added that they" is Lavrov and the pair
  const heMet = ms.find((x) => x.kind === 'reference' && text.slice(x.start, x.start + 11) === 'he met Lavr');
  assert.equal(heMet?.actors[0].entity_id, 'abbas-araghchi');
  const they = ms.find((x) => x.text === 'they');
  assert.deepEqual(they?.actors.map((a) => a.code).sort(), ['IRN', 'RUS']);
});
