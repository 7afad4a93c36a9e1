import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedModularity } from './blocs.ts';
import { dateBound, periodOf, periodsBetween } from './scope.ts';
import {
  addToTally,
  benjaminiHochberg,
  cohensKappa,
  cooperationIndex,
  emptyTally,
  normalCdf,
  seededRandom,
  signorinoRitterS,
  twoProportionTest,
} from './stats.ts';

test('cooperation index: weights 1 + |goldstein|, bounds and standard error', () => {
  const coop = emptyTally();
  const conflict = emptyTally();
  // two cooperative events with goldstein 3 (weight 4 each), one conflictual with -9 (weight 10)
  addToTally(coop, 2, 6, 18);
  addToTally(conflict, 1, 9, 81);
  const { index, se } = cooperationIndex(coop, conflict);
  assert.ok(Math.abs(index! - (8 - 10) / 18) < 1e-12);
  assert.ok(se! > 0 && se! < 1);
  assert.deepEqual(cooperationIndex(emptyTally(), emptyTally()), { index: null, se: null });
  const onlyCoop = emptyTally();
  addToTally(onlyCoop, 5, 0, 0);
  assert.equal(cooperationIndex(onlyCoop, emptyTally()).index, 1);
});

test("Cohen's kappa and Signorino-Ritter S on known tables", () => {
  // 2 x 2 table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → po 0.7, pe 0.5, kappa 0.4
  const a = [...Array(25).fill(1), ...Array(25).fill(0)];
  const b = [...Array(20).fill(1), ...Array(5).fill(0), ...Array(10).fill(1), ...Array(15).fill(0)];
  const k = cohensKappa(a, b, [0, 1]);
  assert.equal(k.agreement, 0.7);
  assert.ok(Math.abs(k.kappa! - 0.4) < 1e-12);
  assert.equal(cohensKappa([1, 1], [1, 1], [0, 1]).kappa, 1);
  assert.equal(signorinoRitterS([1, 2, 3], [1, 2, 3], 2), 1);
  assert.equal(signorinoRitterS([1, 1], [3, 3], 2), -1);
});

test('normal distribution, two-proportion test and Benjamini-Hochberg', () => {
  assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-3);
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-9);
  const small = twoProportionTest(2, 3, 0, 3);
  assert.ok(small.p > 0.05, 'three events against three cannot be significant');
  const large = twoProportionTest(90, 100, 20, 100);
  assert.ok(large.z < -9 && large.p < 1e-6);
  const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
  assert.deepEqual(
    q.map((x) => Math.round(x * 1000) / 1000),
    [0.04, 0.053, 0.053, 0.5],
  );
});

test('seeded random generator repeats', () => {
  const r1 = seededRandom(7);
  const r2 = seededRandom(7);
  for (let i = 0; i < 5; i++) assert.equal(r1(), r2());
});

test('signed modularity rewards splitting along the conflictual edges', () => {
  const g = {
    nodes: ['A', 'B', 'C', 'D'],
    edges: [
      { a: 'A', b: 'B', w: 1, n: 1, raw: 1 },
      { a: 'C', b: 'D', w: 1, n: 1, raw: 1 },
      { a: 'A', b: 'C', w: -1, n: 1, raw: -1 },
      { a: 'B', b: 'D', w: -1, n: 1, raw: -1 },
    ],
  };
  const split = signedModularity(g, new Map(Object.entries({ A: 1, B: 1, C: 2, D: 2 })))!;
  const together = signedModularity(g, new Map(Object.entries({ A: 1, B: 1, C: 1, D: 1 })))!;
  const wrong = signedModularity(g, new Map(Object.entries({ A: 1, C: 1, B: 2, D: 2 })))!;
  assert.ok(split > together && together > wrong, `${split} ${together} ${wrong}`);
  assert.ok(Math.abs(split - 0.5) < 1e-12);
});

test('date bounds and periods', () => {
  assert.equal(dateBound('2015', 'start'), '2015-01-01');
  assert.equal(dateBound('2019', 'end'), '2019-12-31');
  assert.equal(dateBound('2024-02', 'end'), '2024-02-29');
  assert.throws(() => dateBound('2015/01', 'start'), /invalid date/);
  assert.deepEqual(periodOf('2024-03-14', 'week'), {
    key: '2024-03-11',
    from: '2024-03-11',
    to: '2024-03-17',
  });
  assert.equal(periodOf('2024-08-01', 'quarter').key, '2024-Q3');
  assert.equal(periodsBetween('2023-11-15', '2024-02-01', 'month').length, 4);
});
