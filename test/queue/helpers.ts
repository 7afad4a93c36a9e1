// Helpers for the queue tests: run the real CLI as a child process, write a generated corpus, and
// take a comparable snapshot of everything a store holds.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateArticles } from '../../bench/corpus.ts';
import { PACKAGE_ROOT } from '../../src/paths.ts';
import type { Store } from '../../src/store/index.ts';

export const CLI = join(PACKAGE_ROOT, 'bin', 'blocwatch.js');

export interface Child {
  readonly proc: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Exit code, or the signal's name when killed. */
  readonly exited: Promise<number | string>;
}

/** Start `blocwatch ...args` as a real process. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, [CLI, ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  const exited = new Promise<number | string>((resolve) => {
    proc.on('close', (code, signal) => resolve(signal ?? code ?? -1));
  });
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Run `blocwatch ...args` to the end. */
export async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = startCli(args, env);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

/** Write `count` generated articles as JSONL; returns the path. */
export function writeCorpus(dir: string, count: number, seed = 42): string {
  const path = join(dir, `corpus-${count}-${seed}.jsonl`);
  const lines: string[] = [];
  for (const a of generateArticles(count, seed)) lines.push(JSON.stringify(a));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Columns that legitimately differ between two runs over the same inputs. */
const RUN_SPECIFIC: Record<string, readonly string[]> = { documents: ['ingested_at', 'run_id'] };

export const RESULT_TABLES = ['documents', 'events', 'claims', 'quotes', 'unknown_mentions'] as const;

function canonical(row: Record<string, unknown>, drop: readonly string[]): string {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row).sort()) {
    if (drop.includes(key)) continue;
    const v = row[key];
    // SQLite and PostgreSQL agree on these once numbers are numbers
    out[key] = typeof v === 'bigint' ? Number(v) : v;
  }
  return JSON.stringify(out);
}

/** Every result row of the store as canonical JSON lines, sorted, per table. */
export async function snapshot(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of RESULT_TABLES) {
    // biome-ignore lint/suspicious/noExplicitAny: generic dump over several tables
    const rows = (await (store.db as any).selectFrom(table).selectAll().execute()) as Record<
      string,
      unknown
    >[];
    out[table] = rows.map((r) => canonical(r, RUN_SPECIFIC[table] ?? [])).sort();
  }
  return out;
}

/** The first difference between two snapshots, or null when they are equal. */
export function firstDifference(a: Record<string, string[]>, b: Record<string, string[]>): string | null {
  for (const table of RESULT_TABLES) {
    const x = a[table] ?? [];
    const y = b[table] ?? [];
    if (x.length !== y.length) return `${table}: ${x.length} rows vs ${y.length} rows`;
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) return `${table} row ${i}:\n  ${x[i].slice(0, 600)}\nvs\n  ${y[i].slice(0, 600)}`;
    }
  }
  return null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
