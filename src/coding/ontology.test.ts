// The ontology and the pattern dictionary as data: complete, consistent, validated on load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlocwatchError } from '../errors.ts';
import { loadOntology, parseOntology, quadClassOfRoot } from './ontology.ts';
import { loadPatterns, parseDomestic, parsePatterns, parseRefusal } from './patterns.ts';

const ontology = loadOntology();

test('every CAMEO code is in the table, with 20 roots', () => {
  assert.equal(ontology.codes.size, 312);
  const roots = [...ontology.codes.values()].filter((c) => c.level === 0).map((c) => c.code);
  assert.equal(roots.length, 20);
  assert.equal(ontology.get('042')?.name, 'Make a visit');
  assert.equal(ontology.get('043')?.plover, 'CONSULT');
});

test('codes 101-108 carry the CAMEO manual names, not the GDELT lookup labels', () => {
  assert.equal(ontology.get('105')?.name, 'Demand that target yields');
  assert.equal(ontology.get('106')?.name, 'Demand meeting, negotiation');
  assert.equal(ontology.get('108')?.name, 'Demand mediation');
});

test('quad classes follow our stated convention: 01-05, 06-08, 09-13, 14-20', () => {
  for (const c of ontology.codes.values()) assert.equal(c.quadClass, quadClassOfRoot(c.root), c.code);
  assert.deepEqual(
    ['01', '05', '06', '08', '09', '13', '14', '20'].map(quadClassOfRoot),
    [1, 1, 2, 2, 3, 3, 4, 4],
  );
});

test('Goldstein scores lie in [-10, 10] and every non-statement code has a PLOVER type', () => {
  for (const c of ontology.codes.values()) {
    assert.ok(c.goldstein >= -10 && c.goldstein <= 10, c.code);
    if (c.root !== '01') assert.notEqual(c.plover, '', c.code);
  }
});

test('a bad ontology row is reported with file, line and field', () => {
  const header = 'code,name,root,level,goldstein,quad_class,plover,plover_mode,plover_context,plover_from';
  assert.throws(
    () => parseOntology(`${header}\n042,Make a visit,04,1,1.9,3,CONSULT,visit,,table\n`, 'codes.csv'),
    (e: unknown) =>
      e instanceof BlocwatchError && e.message === 'codes.csv:2 quad_class: expected 1, found 3',
  );
});

test('the pattern dictionary covers all 20 roots and at least 150 distinct codes, nouns included', () => {
  const set = loadPatterns(ontology);
  const codes = new Set(set.patterns.map((p) => p.code));
  const roots = new Set([...codes].map((c) => c.slice(0, 2)));
  assert.equal(roots.size, 20);
  assert.ok(codes.size >= 150, `${codes.size} codes`);
  const nouns = set.patterns.filter((p) => p.pos === 'noun').map((p) => p.id);
  for (const id of ['visit-n', 'talks-n', 'sanctions-n', 'strike-n', 'agreement-n'])
    assert.ok(nouns.includes(id), id);
  assert.ok(set.byTrigger.get('visit')?.some((p) => p.converse === '043'));
});

test('a bad pattern line is reported with file, line and field', () => {
  const ids = new Set<string>();
  assert.throws(
    () => parsePatterns('{"id":"x","code":"999","phrase":"visit"}\n', 'p.jsonl', ontology, ids),
    (e: unknown) =>
      e instanceof BlocwatchError && e.message.startsWith('p.jsonl:1 code: expected a CAMEO code'),
  );
  assert.throws(
    () => parsePatterns('{"id":"y","code":"042","phrase":"visit","role":"x"}\n', 'p.jsonl', ontology, ids),
    (e: unknown) => e instanceof BlocwatchError && e.message.startsWith('p.jsonl:1 role: expected one of'),
  );
});

test('a by_sector entry needs a CAMEO code and three-letter sector lists', () => {
  const ids = new Set<string>();
  const line = (bySector: string, id: string) =>
    `{"id":"${id}","code":"190","phrase":"clash","by_sector":${bySector}}\n`;
  const [ok] = parsePatterns(
    line('[{"source":["CVL"],"target":["COP"],"code":"145"}]', 'a'),
    'p.jsonl',
    ontology,
    ids,
  );
  assert.equal(ok.bySector[0].code, '145');
  assert.ok(ok.bySector[0].source?.has('CVL') && ok.bySector[0].target?.has('COP'));
  for (const [bad, message] of [
    ['[{"source":["CVL"],"code":"999"}]', 'p.jsonl:1 by_sector[0].code: expected a CAMEO code'],
    ['[{"source":["civilians"],"code":"145"}]', 'p.jsonl:1 by_sector[0].source: expected a non-empty array'],
    ['[{"code":"145"}]', 'p.jsonl:1 by_sector[0]: expected a source or target sector list'],
    ['{"source":["CVL"]}', 'p.jsonl:1 by_sector: expected an array'],
  ] as const)
    assert.throws(
      () => parsePatterns(line(bad, `b${ids.size}`), 'p.jsonl', ontology, ids),
      (e: unknown) => e instanceof BlocwatchError && e.message.startsWith(message),
      bad,
    );
});

test('the refusal table maps cooperative codes to rejections and rejects anything else', () => {
  const set = loadPatterns(ontology);
  assert.equal(set.refusal.get('07'), '121');
  assert.throws(
    () => parseRefusal('{"refusal":{"07":"190"}}', 'r.json', ontology),
    (e: unknown) =>
      e instanceof BlocwatchError &&
      e.message.startsWith('r.json:1 refusal.07: expected a CAMEO rejection code'),
  );
});

test('the domestic table holds sector codes and CAMEO code prefixes and rejects anything else', () => {
  const set = loadPatterns(ontology);
  assert.ok(set.domestic.stateSectors.has('COP'));
  assert.ok(set.domestic.homeActs.includes('17'));
  const file = (over: Record<string, unknown>): string =>
    JSON.stringify({
      state_sectors: ['GOV'],
      group_sectors: ['CVL'],
      placed_acts: ['17'],
      home_acts: ['17'],
      population_acts: ['1723'],
      ...over,
    });
  assert.equal(parseDomestic(file({}), 'd.json', ontology).populationActs[0], '1723');
  assert.throws(
    () => parseDomestic(file({ home_acts: ['17', '999'] }), 'd.json', ontology),
    (e: unknown) =>
      e instanceof BlocwatchError && e.message.startsWith('d.json:1 home_acts: expected CAMEO code prefixes'),
  );
  assert.throws(
    () => parseDomestic(file({ group_sectors: 'CVL' }), 'd.json', ontology),
    (e: unknown) =>
      e instanceof BlocwatchError && e.message.startsWith('d.json:1 group_sectors: expected an array'),
  );
});
