// Run the real CLI (`node bin/blocwatch.js ...`) as a child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/blocwatch.js', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `node bin/blocwatch.js` runs dist/ when it exists. A dist/ older than src/ would test stale code,
 * so then the CLI runs from the sources (through tsx) instead.
 */
function cliCommand(): string[] {
  const compiled = join(REPO, 'dist', 'cli', 'main.js');
  if (!existsSync(compiled) || statSync(compiled).mtimeMs >= newestMtime(join(REPO, 'src'))) return [BIN];
  const main = pathToFileURL(join(REPO, 'src', 'cli', 'main.ts')).href;
  return [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    `const { runCli } = await import(${JSON.stringify(main)}); process.exitCode = await runCli(process.argv.slice(1));`,
  ];
}

const COMMAND = cliCommand();

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function startCli(args: readonly string[], options: { input?: string } = {}): ChildProcess {
  const env = { ...process.env };
  delete env.BLOCWATCH_DEBUG;
  delete env.BLOCWATCH_DB;
  const child = spawn(process.execPath, [...COMMAND, ...args], {
    cwd: REPO,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  return child;
}

export function collectCli(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: readonly string[], options: { input?: string } = {}): Promise<CliResult> {
  return collectCli(startCli(args, options));
}

/** True when some line of the text looks like a JavaScript stack frame. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|\(node:)/m.test(text);
}
