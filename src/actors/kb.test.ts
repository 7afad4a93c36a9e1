// The knowledge base: the shipped data files, validation messages, user folders (--kb) and
// PETRARCH/TABARI dictionaries (--kb-petrarch).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isBlocwatchError } from '../errors.ts';
import {
  loadKnowledgeBase,
  parsePetrarchDictionary,
  readPetrarchDictionary,
  resolveActors,
} from './index.ts';
import { parseRecords } from './records.ts';
import { analyze, SHARED, testKb } from './test-helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bw-kb-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'people'), { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

function loadError(options: Parameters<typeof loadKnowledgeBase>[0]): string {
  try {
    loadKnowledgeBase(options);
  } catch (error) {
    assert.ok(isBlocwatchError(error), String(error));
    assert.equal(error.code, 'BW_ERR_KB_INVALID');
    return error.message;
  }
  assert.fail('expected a BW_ERR_KB_INVALID error');
}

test('the shipped knowledge base has >= 240 states and territories and >= 80 organisations', () => {
  const kb = loadKnowledgeBase();
  assert.ok(kb.countries.size >= 240, `${kb.countries.size} countries`);
  const igos = [...kb.orgs.values()].filter((o) => o.kind === 'igo');
  assert.ok(igos.length >= 80, `${igos.length} organisations`);
  for (const o of igos) assert.ok(/^(IGO|NGO)/.test(o.code), o.code);
  assert.ok(kb.orgs.get('WST')?.kind === 'group');
  assert.ok(kb.people.size > 0);
});

test('every office in the people files names a known country or organisation code', () => {
  const kb = loadKnowledgeBase();
  const unknown = new Set<string>();
  for (const p of kb.people.values()) {
    if (!kb.countries.has(p.nationality)) unknown.add(`${p.id}: nationality ${p.nationality}`);
    for (const r of p.roles)
      if (!kb.countries.has(r.country) && !kb.orgs.has(r.country)) unknown.add(`${p.id}: ${r.country}`);
    for (const r of p.roles)
      assert.ok(kb.roles.has(r.role), `${p.id}: role ${r.role} is not in sectors.json`);
  }
  assert.deepEqual([...unknown], []);
});

test('JSON arrays and JSON Lines both give records with their line numbers', () => {
  const arr = parseRecords('[\n{"a":1},\n{"b":"x,]"},\n\n{"c":[1,2]}\n]\n', 'f.json');
  assert.deepEqual(
    arr.map((r) => r.line),
    [2, 3, 5],
  );
  const lines = parseRecords('{"a":1}\n\n// note\n{"b":2}\n', 'f.jsonl');
  assert.deepEqual(
    lines.map((r) => r.line),
    [1, 4],
  );
});

test('validation errors name the file, line and field: expected X, found Y', () => {
  const bad = folder('bad-country', {
    'countries.json': '[\n{"code":"IRN","name":"Iran"},\n{"code":"Iran","name":"Iran"}\n]\n',
  });
  assert.match(
    loadError({ noBuiltin: true, kbDirs: [bad] }),
    /countries\.json:3 code: expected a three-letter upper-case code, found "Iran"$/,
  );
  const badOrg = folder('bad-org', { 'organisations.json': '[{"code":"IGOXYZ","name":"X","kind":"club"}]' });
  assert.match(
    loadError({ noBuiltin: true, kbDirs: [badOrg] }),
    /organisations\.json:1 kind: expected "igo" or "group", found "club"/,
  );
  const badPerson = folder('bad-person', {});
  writeFileSync(
    join(badPerson, 'people', 'p.jsonl'),
    '{"id":"a-b","name":"A B","nationality":"IRN","roles":[]}\n{"id":"c-d","name":"C D","nationality":"IRN","roles":[{"role":"foreign_minister","country":"IRN","start":"2020-13-01","end":null}]}\n',
  );
  assert.match(
    loadError({ noBuiltin: true, kbDirs: [badPerson] }),
    /p\.jsonl:2 roles\[0\]\.start: expected a date YYYY-MM-DD \(or YYYY-MM, YYYY\), found "2020-13-01"/,
  );
  const badJson = folder('bad-json', {
    'sectors.json': '[\n{"kind":"noun",\n"words":["x"] "sector":"GOV"}\n]',
  });
  assert.match(
    loadError({ noBuiltin: true, kbDirs: [badJson] }),
    /sectors\.json:3 json: expected valid JSON/,
  );
  const badSector = folder('bad-sector', {
    'sectors.json': '[{"kind":"noun","words":"army","sector":"MIL"}]',
  });
  assert.match(
    loadError({ noBuiltin: true, kbDirs: [badSector] }),
    /sectors\.json:1 words: expected an array of strings, found "army"/,
  );
});

test('imprecise dates are widened: a YYYY-MM start is the 1st, a YYYY-MM end the last day', () => {
  const dir = folder('partial', {});
  writeFileSync(
    join(dir, 'people', 'p.jsonl'),
    '{"id":"x-y","name":"Xavi Yorn","nationality":"ESP","roles":[{"role":"foreign_minister","country":"ESP","sector":"GOV","start":"2020-04","end":"2021-02"}]}\n',
  );
  const kb = loadKnowledgeBase({ kbDirs: [dir] });
  const r = kb.people.get('x-y')?.roles[0];
  assert.equal(r?.start, '2020-04-01');
  assert.equal(r?.end, '2021-02-28');
});

test('a --kb folder adds names, organisations and people to the built-in base', () => {
  const dir = folder('user', {
    'countries.json': '[{"code":"IRN","name":"Iran","names":["Iran-e Bozorg"],"capitals":[]}]',
    'organisations.json':
      '[{"code":"IGOTST","name":"Test Pact","kind":"igo","names":["Pact of Testing"],"abbreviations":["TPX"]}]',
  });
  writeFileSync(
    join(dir, 'people', 'mine.jsonl'),
    '{"id":"zed-quill","name":"Zed Quill","aliases":["Quill"],"gender":"m","nationality":"NZL","roles":[{"role":"foreign_minister","country":"NZL","sector":"GOV","start":"2031-01-01","end":null}]}\n',
  );
  const kb = loadKnowledgeBase({ kbDirs: [dir] });
  const ms = resolveActors(
    analyze('Quill met the TPX envoy. Iran-e Bozorg objected. Tehran agreed.', '2031-05-01'),
    kb,
  );
  const codes = ms.map((m) => `${m.text}=${m.actors[0]?.code}`);
  assert.ok(codes.includes('Quill=NZLGOV'), codes.join(' '));
  assert.ok(codes.includes('the TPX envoy=IGOTSTGOV'), codes.join(' '));
  assert.ok(codes.includes('Iran-e Bozorg=IRN'), codes.join(' '));
  assert.ok(codes.includes('Tehran=IRNGOV'), 'built-in capitals survive a merge');
});

test('PETRARCH dictionaries: entries, synonyms, dated codes and agents', () => {
  const d = parsePetrarchDictionary(
    [
      '# a comment',
      '!PERSON! = MAN, MEN',
      'GONDOR_ [GON]',
      '+MINAS_TIRITH',
      'GOLLUM  # dated',
      '+SMEAGOL',
      '\t[HOB <950601]',
      '\t[HOBGOV 19950601-19990815]',
      '\t[HOBREB >990816]',
      'POLICE!PERSON! [~COP]',
      'FOREIGN_MINISTER {} [~GOVFRM]',
    ].join('\n'),
    'x.txt',
  );
  assert.deepEqual(
    d.actors.map((a) => a.name),
    ['GONDOR', 'GOLLUM'],
  );
  assert.deepEqual(d.actors[0].phrases, ['GONDOR', 'MINAS TIRITH']);
  assert.deepEqual(d.actors[1].periods, [
    { code: 'HOB', start: null, end: '1995-06-01' },
    { code: 'HOBGOV', start: '1995-06-01', end: '1999-08-15' },
    { code: 'HOBREB', start: '1999-08-16', end: null },
  ]);
  assert.deepEqual(d.agents[0], { phrases: ['POLICEMAN', 'POLICEMEN'], sector: 'COP', line: 10 });
  assert.equal(d.agents[1].sector, 'GOVFRM');
  assert.throws(
    () => parsePetrarchDictionary('+ORPHAN\n', 'y.txt'),
    /y\.txt:1 synonym: expected an entry above this \+synonym, found none/,
  );
});

test('PETRARCH: the real Phoenix and validation dictionaries load', () => {
  const dicts = [
    'Phoenix.Countries.actors.txt',
    'Phoenix.International.actors.txt',
    'Phoenix.MilNonState.actors.txt',
    'Phoenix.agents.txt',
  ].map((f) => readPetrarchDictionary(join(SHARED, 'data/cameo-reference/petrarch2-dictionaries', f)));
  assert.ok(dicts[0].actors.length > 18000);
  assert.ok(dicts[1].actors.length > 7000);
  assert.ok(dicts[2].actors.length > 1000);
  assert.ok(dicts[3].agents.length > 2000);
  const carl = dicts[0].actors.find((a) => a.name === 'CARL XVI GUSTAF');
  assert.equal(carl?.fallback, 'SWEELI');
});

test('PETRARCH: dictionary actors resolve by date and combine with dictionary agents', () => {
  const v = join(SHARED, 'data/petrarch2-validation');
  const kb = loadKnowledgeBase({
    noBuiltin: true,
    petrarchFiles: [join(v, 'PETR.Validate.actors.txt'), join(v, 'PETR.Validate.agents.txt')],
  });
  const at = (text: string, date: string) =>
    resolveActors(analyze(text, date), kb).map((m) => `${m.text}=${m.actors[0]?.code ?? ''}`);
  assert.deepEqual(at('Gollum attacked Gondor.', '1990-01-01'), ['Gollum=HOB', 'Gondor=GON']);
  assert.deepEqual(at('Smeagol attacked Gondor.', '1997-01-01'), ['Smeagol=HOBGOV', 'Gondor=GON']);
  assert.deepEqual(at('Gollum attacked Gondor.', '2001-01-01'), ['Gollum=HOBREB', 'Gondor=GON']);
  assert.ok(at('Interpol warned Mordor troops.', '2001-01-01').includes('Mordor troops=MORMIL'));
  // and the built-in base accepts Phoenix files next to it
  const both = loadKnowledgeBase({
    kbDirs: [],
    petrarchFiles: [
      join(SHARED, 'data/cameo-reference/petrarch2-dictionaries/Phoenix.MilNonState.actors.txt'),
    ],
  });
  const ms = resolveActors(analyze('The Angry Brigade claimed the bombing.', '2010-01-01'), both);
  assert.ok(
    ms.some((m) => m.actors[0]?.code === 'ITAREB'),
    ms.map((m) => m.text).join('|'),
  );
});

test('the test knowledge base resolves a fixture person over the same id in data/kb', () => {
  const kb = testKb();
  assert.equal(kb.people.get('anton-mardasov')?.nationality, 'RUS');
});
