// Table-driven resolver tests: every line of resolver.cases.jsonl is a text, a publication date and
// the mentions expected in it (by their exact text), with codes, kinds, roles, entity ids and
// location flags; `absent` lists texts that must not be mentions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Mention } from '../types.ts';
import { resolveActors } from './index.ts';
import { analyze, testKb } from './test-helpers.ts';

interface Expect {
  text: string;
  code?: string;
  codes?: string[];
  kind?: string;
  entity_id?: string;
  role?: string;
  location?: boolean;
}

interface Case {
  id: string;
  date: string;
  text: string;
  expect: Expect[];
  absent?: string[];
  absent_location?: string[];
  absent_entity?: string[];
  not_entity?: string[];
}

const cases: Case[] = readFileSync(new URL('./resolver.cases.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));

function show(ms: readonly Mention[]): string {
  return ms
    .map(
      (m) =>
        `${JSON.stringify(m.text)}:${m.kind}:${m.actors.map((a) => a.code).join('+')}${m.location ? ':loc' : ''}`,
    )
    .join(' ');
}

test('the cases file has at least 300 cases with unique ids', () => {
  assert.ok(cases.length >= 300, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
});

for (const c of cases) {
  test(`resolver case ${c.id}`, () => {
    const kb = testKb();
    const ms = resolveActors(analyze(c.text, c.date), kb);
    for (const e of c.expect) {
      const m = ms.find((x) => x.text === e.text);
      assert.ok(m, `no mention ${JSON.stringify(e.text)} in: ${show(ms)}`);
      if (e.code !== undefined) assert.equal(m.actors[0]?.code ?? '', e.code, `${e.text}: ${show(ms)}`);
      if (e.codes)
        assert.deepEqual(m.actors.map((a) => a.code).sort(), [...e.codes].sort(), `${e.text}: ${show(ms)}`);
      if (e.kind) assert.equal(m.kind, e.kind, `${e.text}: ${show(ms)}`);
      if (e.entity_id) assert.equal(m.actors[0]?.entity_id, e.entity_id, `${e.text}: ${show(ms)}`);
      if (e.role) assert.equal(m.actors[0]?.role, e.role, `${e.text}: ${show(ms)}`);
      assert.equal(m.location === true, e.location === true, `${e.text} location flag: ${show(ms)}`);
      for (const a of m.actors)
        assert.equal(a.country, a.code.slice(0, 3), 'country is the first three letters of code');
    }
    for (const t of c.absent ?? [])
      assert.ok(!ms.some((x) => x.text === t), `${JSON.stringify(t)} must not be a mention: ${show(ms)}`);
    for (const t of c.absent_location ?? [])
      assert.ok(!ms.some((x) => x.text === t && x.location), `${t} must not be a location`);
    for (const id of [...(c.absent_entity ?? []), ...(c.not_entity ?? [])]) {
      assert.ok(
        !ms.some((x) => x.actors.some((a) => a.entity_id === id)),
        `${id} must not be resolved: ${show(ms)}`,
      );
    }
  });
}
