// End-to-end ingest: generated articles in a JSONL file, through the real CLI
// (`blocwatch ingest FILE --db … --workers 2`) into SQLite and PostgreSQL, measuring articles/s and
// the process's peak RSS. In full mode also the streaming check: 1 GB of JSONL under 1 GB RSS.
import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { generateArticles } from './corpus.ts';
import { pgAvailable, pgTarget } from './pg.ts';
import type { BenchRow, BenchSection } from './types.ts';
import {
  compiledCli,
  failed,
  lastJson,
  lastLine,
  MiB,
  outPath,
  removeSqlite,
  runNode,
  unavailable,
} from './util.ts';

const SECTION = 'ingest';
const GB = 2 ** 30;

/** Writes generated articles to FILE until `count` articles or `bytes` bytes; kept across runs. */
async function corpusFile(
  file: string,
  limit: { count?: number; bytes?: number },
  seed: number,
): Promise<number> {
  const partial = `${file}.partial`;
  if (existsSync(file)) return statSync(file).size;
  const out = createWriteStream(partial);
  let bytes = 0;
  let chunk: string[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = `${chunk.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    chunk = [];
    if (!out.write(text)) await once(out, 'drain');
  };
  for (const a of generateArticles(limit.count ?? Number.MAX_SAFE_INTEGER, seed)) {
    chunk.push(JSON.stringify(a));
    if (chunk.length >= 2000) {
      await flush();
      if (limit.bytes && bytes >= limit.bytes) break;
    }
  }
  await flush();
  out.end();
  await once(out, 'finish');
  renameSync(partial, file);
  return bytes;
}

async function ingestRun(
  label: string,
  file: string,
  db: string,
  articles: number,
  workers: number,
): Promise<BenchRow[]> {
  const name = `ingest → ${label}`;
  const r = await runNode(
    [
      await compiledCli(),
      'ingest',
      file,
      '--db',
      db,
      '--workers',
      String(workers),
      '--json',
      '--no-progress',
    ],
    { timeoutMs: 3 * 3600_000 },
  );
  const s = lastJson(r.stdout);
  if (r.code !== 0 || !s) return [failed(SECTION, name, lastLine(r.stderr) || `exit ${r.code}`)];
  const read = Number(s.read);
  const seconds = Number(s.seconds);
  const rate = read / r.seconds;
  const rows: BenchRow[] = [
    {
      section: SECTION,
      name: `${name}, ${workers} workers`,
      value: rate,
      unit: `articles/s end to end (${read.toLocaleString('en-US')} read, ${Number(s.stored).toLocaleString('en-US')} stored, ${Number(s.events).toLocaleString('en-US')} events in ${r.seconds.toFixed(1)} s; ${(read / seconds).toFixed(0)}/s after start-up; ${(read / r.cpuSeconds).toFixed(0)} per CPU-second)`,
      target: '>= 1,000',
      ok: rate >= 1000 && read === articles,
    },
    {
      section: SECTION,
      name: `${name}, peak RSS`,
      value: r.peakRss / MiB,
      unit: 'MiB',
      target: '< 1,024',
      ok: r.peakRss > 0 && r.peakRss < GB,
    },
  ];
  if (read !== articles)
    rows.push(failed(SECTION, `${name}, article count`, `read ${read}, expected ${articles}`));
  return rows;
}

/**
 * The `extract` command end to end, start-up and reading included, on 1 thread and on `workers`:
 * what a user sees (the pipeline section's rows are warm, without start-up).
 */
async function extractRuns(file: string, articles: number, workers: number): Promise<BenchRow[]> {
  const runs: { threads: number; seconds: number; cpu: number }[] = [];
  for (const threads of [1, workers]) {
    const r = await runNode([await compiledCli(), 'extract', file, '--workers', String(threads)], {
      timeoutMs: 3 * 3600_000,
      discardStdout: true,
    });
    if (r.code !== 0)
      return [failed(SECTION, `extract command, ${threads} threads`, lastLine(r.stderr) || `exit ${r.code}`)];
    runs.push({ threads, seconds: r.seconds, cpu: r.cpuSeconds });
  }
  const [one, many] = runs as [(typeof runs)[0], (typeof runs)[0]];
  return [
    {
      section: SECTION,
      name: 'extract command, 1 thread',
      value: articles / one.seconds,
      unit: `articles/s end to end, start-up included (${one.seconds.toFixed(1)} s, ${one.cpu.toFixed(1)} CPU-s)`,
    },
    {
      section: SECTION,
      name: `extract command, ${many.threads} threads`,
      value: articles / many.seconds,
      unit: `articles/s end to end, start-up included (${many.seconds.toFixed(1)} s, ${many.cpu.toFixed(1)} CPU-s; x${(one.seconds / many.seconds).toFixed(2)} the 1-thread run)`,
    },
  ];
}

export const ingestSection: BenchSection = {
  name: 'ingest',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const articles = ctx.quick ? 5000 : 100_000;
    const workers = Math.max(2, Math.min(cpus().length, 2));
    const file = outPath(`articles-${articles}.jsonl`);
    const bytes = await corpusFile(file, { count: articles }, 42);
    rows.push({
      section: SECTION,
      name: 'corpus',
      value: articles,
      unit: `generated articles (${(bytes / MiB).toFixed(0)} MiB of JSONL)`,
    });

    rows.push(...(await extractRuns(file, articles, workers)));

    const db = outPath('ingest.db');
    removeSqlite(db);
    try {
      rows.push(...(await ingestRun('SQLite', file, db, articles, workers)));
    } catch (error) {
      rows.push(failed(SECTION, 'ingest → SQLite', error));
    } finally {
      removeSqlite(db);
    }

    const pg = await pgAvailable();
    if (pg !== true) rows.push(unavailable(SECTION, 'ingest → PostgreSQL', pg));
    else {
      const target = await pgTarget('bench_ingest');
      try {
        rows.push(...(await ingestRun('PostgreSQL', file, target.url, articles, workers)));
      } catch (error) {
        rows.push(failed(SECTION, 'ingest → PostgreSQL', error));
      } finally {
        await target.drop();
      }
    }

    // Streaming: a 1 GB JSONL file (BLOCWATCH_BENCH_STREAM_MB overrides the size), full mode only.
    if (!ctx.quick) {
      const mb = Number(process.env.BLOCWATCH_BENCH_STREAM_MB ?? 1024);
      const big = outPath(`articles-${mb}MB.jsonl`);
      const size = await corpusFile(big, { bytes: mb * MiB }, 4242);
      const bigDb = outPath('ingest-stream.db');
      removeSqlite(bigDb);
      try {
        const r = await runNode(
          [
            await compiledCli(),
            'ingest',
            big,
            '--db',
            bigDb,
            '--workers',
            String(workers),
            '--json',
            '--no-progress',
          ],
          { timeoutMs: 6 * 3600_000 },
        );
        const s = lastJson(r.stdout);
        if (r.code !== 0 || !s)
          rows.push(failed(SECTION, 'streaming', lastLine(r.stderr) || `exit ${r.code}`));
        else
          rows.push({
            section: SECTION,
            name: `streaming ${(size / MiB).toFixed(0)} MiB of JSONL, peak RSS`,
            value: r.peakRss / MiB,
            unit: `MiB (${Number(s.read).toLocaleString('en-US')} articles in ${r.seconds.toFixed(0)} s)`,
            target: '< 1,024',
            ok: r.peakRss > 0 && r.peakRss < GB,
          });
      } catch (error) {
        rows.push(failed(SECTION, 'streaming', error));
      } finally {
        removeSqlite(bigDb);
      }
    }
    return rows;
  },
};
