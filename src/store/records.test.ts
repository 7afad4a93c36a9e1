import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dyadKey } from './records.ts';

test('dyad keys: countries by their code, organisations by their own code without the sector', () => {
  const cases: [Parameters<typeof dyadKey>[0], string][] = [
    [{ code: 'IRNGOV', name: 'Iran', country: 'IRN', sector: 'GOV' }, 'IRN'],
    [{ code: 'WST', name: 'the West', country: 'WST', sector: '' }, 'WST'],
    [{ code: 'IGOUNO', name: 'United Nations', country: 'IGO', sector: '' }, 'IGOUNO'],
    [{ code: 'IGOEUREECGOV', name: 'EU ministers', country: 'IGO', sector: 'GOV' }, 'IGOEUREEC'],
    [{ code: 'IGOWSTNAT', name: 'NATO', country: 'IGO', sector: '' }, 'IGOWSTNAT'],
    [{ code: '---REB', name: 'rebels', country: '---', sector: 'REB' }, '---'],
  ];
  for (const [actor, key] of cases) assert.equal(dyadKey(actor), key, actor.code);
});
