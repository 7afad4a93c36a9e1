#!/usr/bin/env node
// Runs the compiled CLI; falls back to the TypeScript sources (via tsx) in a checkout without dist/.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let entry = compiled.href;
if (!existsSync(compiled)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../src/cli/main.ts', import.meta.url).href;
}
const { runCli } = await import(entry);
process.exitCode = await runCli(process.argv.slice(2));
