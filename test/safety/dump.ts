// Test helper: every row of the tables that hold data (documents, events, claims, quotes, unknown
// mentions), ordered by key, and a snapshot of them (row counts and a sha256 of the rows) to check
// that an operation changed nothing already stored.
import { createHash } from 'node:crypto';
import type { Store } from '../../src/store/index.ts';

export async function tableDump(store: Store) {
  const db = store.db;
  return {
    documents: await db.selectFrom('documents').selectAll().orderBy('id').execute(),
    events: await db.selectFrom('events').selectAll().orderBy('id').execute(),
    claims: await db.selectFrom('claims').selectAll().orderBy('id').execute(),
    quotes: await db.selectFrom('quotes').selectAll().orderBy('id').execute(),
    unknown_mentions: await db
      .selectFrom('unknown_mentions')
      .selectAll()
      .orderBy('doc_id')
      .orderBy('start')
      .orderBy('end')
      .execute(),
  };
}

export interface Snapshot {
  readonly counts: Record<string, number>;
  readonly hash: string;
}

export async function snapshot(store: Store): Promise<Snapshot> {
  const dump = await tableDump(store);
  const counts: Record<string, number> = {};
  const h = createHash('sha256');
  for (const [table, rows] of Object.entries(dump)) {
    counts[table] = rows.length;
    h.update(`${table}\n`);
    for (const row of rows) h.update(`${JSON.stringify(row)}\n`);
  }
  return { counts, hash: h.digest('hex') };
}
