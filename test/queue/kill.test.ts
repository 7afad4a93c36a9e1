// The exactly-once test: real `blocwatch worker` processes share one queue, one of them is killed
// with SIGKILL in the middle of its work, and the final store must equal a sequential
// `blocwatch ingest` of the same documents (same documents, events, claims, quotes, no duplicates).
// Runs on PostgreSQL (4 workers, 5,000 documents by default; BLOCWATCH_QUEUE_KILL_DOCS overrides)
// and on SQLite (2 workers, fewer documents), where PRAGMA integrity_check must then say ok.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { enqueueInputs } from '../../src/queue/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { TEST_PG_URL } from '../../src/store/test-stores.ts';
import { type Child, firstDifference, runCli, sleep, snapshot, startCli, writeCorpus } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'blocwatch-queue-kill-'));
const schemas: string[] = [];

function pgLocation(): string {
  const schema = `bw_test_qkill_${randomBytes(5).toString('hex')}`;
  schemas.push(schema);
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
});

async function jobCounts(store: Store): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('jobs')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Ids of the running jobs held by the worker process with this pid (worker ids are host:pid:random). */
async function heldBy(store: Store, pid: number): Promise<number[]> {
  const rows = await store.db
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', 'running')
    .where('worker_id', 'like', `%:${pid}:%`)
    .execute();
  return rows.map((r) => Number(r.id));
}

interface KillRun {
  readonly documents: number;
  readonly workers: number;
  readonly location: () => string;
}

async function killTest({
  documents,
  workers,
  location,
}: KillRun): Promise<{ queueDb: string; refDb: string }> {
  const corpus = writeCorpus(dir, documents);
  const queueDb = location();
  const refDb = location();

  // the reference: one sequential ingest process, run alongside the workers
  const reference = startCli(['ingest', corpus, '--db', refDb, '--no-progress', '--json']);

  const store = await openStore(queueDb);
  const procs: Child[] = [reference];
  try {
    const enq = await enqueueInputs(store, [corpus]);
    assert.equal(enq.enqueued, documents);
    assert.equal(enq.rejected, 0);

    // a short lease so the killed worker's jobs come back soon; enough attempts that a worker
    // starved of CPU on a busy machine (its lease lapsing) never gets a job parked
    const workerArgs = [
      'worker',
      '--once',
      '--db',
      queueDb,
      '--batch',
      '10',
      '--lease',
      '5s',
      '--max-attempts',
      '10',
      '--poll',
      '250ms',
      '--no-progress',
      '--json',
    ];
    const workerProcs: Child[] = [];
    for (let i = 0; i < workers; i++) workerProcs.push(startCli(workerArgs));
    procs.push(...workerProcs);

    // kill one worker once a fifth of the jobs are done, while it holds jobs: freeze it first
    // (SIGSTOP) so the jobs it holds cannot change between looking and killing
    const victim = workerProcs[0];
    const victimPid = victim.proc.pid as number;
    let held: number[] = [];
    for (;;) {
      const counts = await jobCounts(store);
      if ((counts.done ?? 0) >= documents / 5 && (await heldBy(store, victimPid)).length > 0) {
        victim.proc.kill('SIGSTOP');
        await sleep(200);
        held = await heldBy(store, victimPid);
        if (held.length > 0) {
          victim.proc.kill('SIGKILL');
          break;
        }
        victim.proc.kill('SIGCONT');
      }
      const exited = await Promise.race([victim.exited, sleep(50).then(() => null)]);
      assert.equal(exited, null, `the victim worker ended before it could be killed:\n${victim.stderr()}`);
    }
    assert.equal(await victim.exited, 'SIGKILL');

    // a restarted worker joins the survivors
    const restarted = startCli(workerArgs);
    procs.push(restarted);
    for (const p of [...workerProcs.slice(1), restarted]) {
      const code = await p.exited;
      assert.equal(code, 0, `worker failed (${code}):\n${p.stderr()}`);
      const summary = JSON.parse(p.stdout().trim().split('\n').pop() as string);
      assert.equal(summary.ok, true);
    }

    const refCode = await reference.exited;
    assert.equal(refCode, 0, `reference ingest failed:\n${reference.stderr()}`);
    const refSummary = JSON.parse(reference.stdout().trim().split('\n').pop() as string);
    assert.equal(refSummary.read, documents);

    // every job done exactly once; what the killed worker held was claimed again
    assert.deepEqual(await jobCounts(store), { done: documents });
    const reclaimed = await store.db
      .selectFrom('jobs')
      .select('id')
      .where('id', 'in', held)
      .where('attempts', '>=', 2)
      .execute();
    assert.ok(
      reclaimed.length > 0,
      `none of the ${held.length} jobs the killed worker held was claimed again`,
    );

    const ref = await openStore(refDb);
    try {
      const a = await snapshot(store);
      const b = await snapshot(ref);
      assert.equal(a.documents.length, documents);
      assert.ok(a.events.length > documents, 'the corpus produces events');
      const diff = firstDifference(a, b);
      assert.equal(diff, null, `queue run and sequential ingest differ: ${diff}`);
      const dup = await store.db
        .selectFrom('documents')
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.count<number>('content_hash').distinct().as('h'),
        ])
        .executeTakeFirstOrThrow();
      assert.equal(Number(dup.n), Number(dup.h), 'no document stored twice');
      assert.equal((await store.stats()).events, (await ref.stats()).events);
    } finally {
      await ref.close();
    }
  } finally {
    // on failure, leave no process behind
    for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    await store.close();
  }
  return { queueDb, refDb };
}

test('PostgreSQL: 4 worker processes, one killed with SIGKILL, equal a sequential ingest', {
  timeout: 1_800_000,
}, async () => {
  const documents = Number(process.env.BLOCWATCH_QUEUE_KILL_DOCS || 5000);
  await killTest({ documents, workers: 4, location: pgLocation });
});

test('SQLite: 2 worker processes, one killed with SIGKILL, equal a sequential ingest; integrity check ok', {
  timeout: 600_000,
}, async () => {
  let n = 0;
  const { queueDb, refDb } = await killTest({
    documents: Number(process.env.BLOCWATCH_QUEUE_KILL_DOCS_SQLITE || 600),
    workers: 2,
    location: () => join(dir, `kill-${++n}.db`),
  });
  for (const file of [queueDb, refDb]) {
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }], `${file} integrity`);
      assert.deepEqual(db.pragma('foreign_key_check'), []);
    } finally {
      db.close();
    }
  }
  // the CLI agrees: the queue is empty and nothing is parked
  const status = await runCli(['queue', 'status', '--db', queueDb, '--json']);
  assert.equal(status.code, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.equal(s.counts.done, Number(process.env.BLOCWATCH_QUEUE_KILL_DOCS_SQLITE || 600));
  assert.equal(s.counts.parked, 0);
});
