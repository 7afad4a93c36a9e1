// The relation matrix is kept between calls while the SQLite store does not change: every write
// (on the store's own connection or by another process, insert, update or delete) must give the
// next call a matrix that equals plain SQL over the events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { loadRelations, pairKey } from './relations.ts';
import { ev, insertEvents, sqliteStore, type TestStore } from './test-support.ts';

let t: TestStore;
before(async () => {
  t = await sqliteStore();
  await insertEvents(t.store, [
    ev('AAA', 'BBB', '2024-01-05', '042', 1, 1.9, { id: 'm1' }),
    ev('BBB', 'AAA', '2024-02-05', '173', 4, -5, { id: 'm2' }),
    ev('AAA', 'CCC', '2024-03-05', '057', 1, 8, { id: 'm3' }),
  ]);
});
after(() => t.cleanup());

async function plainEvents(a: string, b: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from events
    where is_duplicate = 0 and modality in ('asserted', 'reported')
      and ((source_country = ${a} and target_country = ${b}) or (source_country = ${b} and target_country = ${a}))`.execute(
    t.store.db,
  );
  return Number(r.rows[0]!.n);
}

async function memoEvents(a: string, b: string): Promise<number> {
  const rel = (await loadRelations(t.store.db, {})).relations.get(pairKey(a, b));
  return rel ? rel.abEvents + rel.baEvents : 0;
}

test('an unchanged store answers from the kept matrix', async () => {
  const first = await loadRelations(t.store.db, {});
  assert.equal(await loadRelations(t.store.db, {}), first);
  assert.equal(await memoEvents('AAA', 'BBB'), 2);
});

test('writes on the same connection and on another one are seen by the next call', async () => {
  await insertEvents(t.store, [ev('AAA', 'BBB', '2024-04-05', '061', 2, 6.4, { id: 'm4' })]);
  assert.equal(await memoEvents('AAA', 'BBB'), await plainEvents('AAA', 'BBB'));
  assert.equal(await memoEvents('AAA', 'BBB'), 3);

  const other = new SqliteDatabase(t.store.location);
  try {
    other.exec(`create temp table copy as select * from events where id = 'm3';
      update copy set id = 'm5';
      insert into events select * from copy;`);
    assert.equal(await memoEvents('AAA', 'CCC'), 2);
    other.exec(`update events set target_country = 'BBB', target_code = 'BBB' where id = 'm5'`);
    assert.equal(await memoEvents('AAA', 'CCC'), 1);
    assert.equal(await memoEvents('AAA', 'BBB'), await plainEvents('AAA', 'BBB'));
    assert.equal(await memoEvents('AAA', 'BBB'), 4);
  } finally {
    other.close();
  }

  await t.store.db.deleteFrom('events').where('id', 'in', ['m1', 'm4']).execute();
  assert.equal(await memoEvents('AAA', 'BBB'), await plainEvents('AAA', 'BBB'));
  assert.equal(await memoEvents('AAA', 'BBB'), 2);
  await t.store.db.updateTable('events').set({ modality: 'planned' }).where('id', '=', 'm2').execute();
  assert.equal(await memoEvents('AAA', 'BBB'), 1);
});
