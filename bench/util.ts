// Shared helpers of the benchmark sections: timing, child processes with peak memory, output files.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.ts';
import type { BenchRow } from './types.ts';

/** Generated inputs and stores live here (gitignored). */
export const OUT_DIR = resolve(PACKAGE_ROOT, 'bench', 'out');
export const CLI = resolve(PACKAGE_ROOT, 'bin', 'blocwatch.js');

let compiled: Promise<string> | null = null;

/**
 * The CLI as an installed package runs it: compiled by `tsc` (the `prepare` build), not through
 * tsx, whose start-up costs each thread about 0.2 s of CPU (the main thread and every worker). The
 * sources are compiled once per bench run into bench/out/dist (a dist/ beside bin/ may be stale,
 * and tests run the sources); returns the script to pass to node in place of CLI.
 */
export function compiledCli(): Promise<string> {
  compiled ??= (async () => {
    const dist = outPath('dist');
    rmSync(dist, { recursive: true, force: true });
    const tsc = resolve(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await runNode([tsc, '-p', 'tsconfig.build.json', '--outDir', dist]);
    if (r.code !== 0)
      throw new Error(`compiling the CLI failed: ${lastLine(r.stdout) || lastLine(r.stderr)}`);
    const runner = outPath('blocwatch-compiled.js');
    writeFileSync(
      runner,
      "const { runCli } = await import('./dist/cli/main.js');\nprocess.exitCode = await runCli(process.argv.slice(2));\n",
    );
    return runner;
  })();
  return compiled;
}

export function outPath(...parts: string[]): string {
  mkdirSync(OUT_DIR, { recursive: true });
  return resolve(OUT_DIR, ...parts);
}

/** Removes a SQLite file with its WAL and shared-memory companions. */
export function removeSqlite(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

/** A row saying a measurement could not be made because a module is not there (yet). */
export function unavailable(section: string, name: string, why: string): BenchRow {
  return { section, name, value: Number.NaN, unit: `not available yet: ${why}` };
}

/** A row for a measurement that failed (the table keeps going). */
export function failed(section: string, name: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return { section, name, value: Number.NaN, unit: `failed: ${message.split('\n')[0].slice(0, 160)}` };
}

/** Imports a module of the project, or returns the reason it cannot be loaded. */
export async function tryImport<T>(load: () => Promise<T>): Promise<T | string> {
  try {
    return await load();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code === 'ERR_MODULE_NOT_FOUND'
      ? `module not found (${e.message.split('\n')[0]})`
      : String(e.message ?? e);
  }
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface Timings {
  /** Wall-clock milliseconds of each run. */
  readonly wall: number[];
  /** CPU milliseconds (user + system, whole process) of each run. */
  readonly cpu: number[];
}

/** Runs `fn` once to warm up, then `runs` times; returns wall and CPU durations in milliseconds. */
export async function timeRuns(fn: () => Promise<unknown>, runs: number): Promise<Timings> {
  await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock seconds from spawn to exit. */
  readonly seconds: number;
  /** Peak resident set size of the process in bytes (0 when it could not be read). */
  readonly peakRss: number;
  /** User + system CPU seconds of the process (NaN without /usr/bin/time). */
  readonly cpuSeconds: number;
}

const TIME_BIN = '/usr/bin/time';

/** Peak RSS from /proc/<pid>/status (VmHWM), in bytes; 0 when unreadable. */
function readHwm(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `node args…` as a child process and measures its wall time and peak RSS: through
 * `/usr/bin/time` when installed (exact peak, read at exit), else by sampling VmHWM every 50 ms.
 */
export function runNode(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; discardStdout?: boolean } = {},
): Promise<ChildResult> {
  const useTime = existsSync(TIME_BIN);
  const rssFile = outPath(`.rss-${process.pid}-${Date.now()}`);
  const command = useTime ? TIME_BIN : process.execPath;
  const argv = useTime ? ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...args] : [...args];
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(command, argv, {
      cwd: options.cwd ?? PACKAGE_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', options.discardStdout ? 'ignore' : 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-20_000);
    });
    let sampled = 0;
    // without /usr/bin/time the child is node itself; with it, node is time's only child
    const sampler = setInterval(() => {
      if (!child.pid) return;
      let pid = child.pid;
      if (useTime) {
        try {
          const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
          if (kids) pid = Number(kids.split(/\s+/)[0]);
        } catch {
          return;
        }
      }
      sampled = Math.max(sampled, readHwm(pid));
    }, 50);
    const timer = options.timeoutMs
      ? setTimeout(() => {
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : null;
    child.on('error', (e) => {
      clearInterval(sampler);
      if (timer) clearTimeout(timer);
      fail(e);
    });
    child.on('close', (code) => {
      clearInterval(sampler);
      if (timer) clearTimeout(timer);
      const seconds = (performance.now() - t0) / 1000;
      let peakRss = sampled;
      let cpuSeconds = Number.NaN;
      if (useTime && existsSync(rssFile)) {
        // the last line is "maxrss_kb user_s system_s" (a line before it may say the command failed)
        const [kb, user, system] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '')
          .split(' ')
          .map(Number);
        if (Number.isFinite(kb) && kb > 0) peakRss = Math.max(peakRss, kb * 1024);
        if (Number.isFinite(user) && Number.isFinite(system)) cpuSeconds = user + system;
        rmSync(rssFile, { force: true });
      }
      done({ code, stdout, stderr, seconds, peakRss, cpuSeconds });
    });
  });
}

/** The last JSON object printed on stdout by a CLI command run with --json. */
export function lastJson(stdout: string): Record<string, unknown> | null {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      // keep looking
    }
  }
  return null;
}

/** The last non-empty line of a child's stderr (its one-line error message). */
export function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  // a crash prints a stack and ends with "Node.js vX": report its error line instead
  const errorLine = [...lines].reverse().find((l) => /^(\w*Error\b|Error \[|blocwatch:)/.test(l.trim()));
  return (errorLine ?? lines[lines.length - 1] ?? '').trim().slice(0, 200);
}

export const MiB = 2 ** 20;
