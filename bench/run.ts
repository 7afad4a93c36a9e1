// The benchmark suite: `npm run bench [-- --quick] [-- --json FILE] [-- --only NAME,...]`.
// Prints one table of figures with their targets; never part of `npm test`.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { SECTIONS } from './sections.ts';
import type { BenchContext, BenchRow } from './types.ts';

function parseArgs(argv: string[]): { quick: boolean; json: string | null; only: string[] | null } {
  let quick = false;
  let json: string | null = null;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--json') json = argv[++i] ?? 'bench/out/bench.json';
    else if (a === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
  }
  return { quick, json, only };
}

function format(value: number): string {
  if (Number.isNaN(value)) return '-';
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const machine = `${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const ctx: BenchContext = { quick: args.quick, machine, cache: new Map() };
  const rows: BenchRow[] = [];
  const loadAtStart = loadavg()[0];
  process.stderr.write(`blocwatch bench on ${machine}${args.quick ? ' (quick)' : ''}\n`);
  for (const section of SECTIONS) {
    if (args.only && !args.only.includes(section.name)) continue;
    process.stderr.write(`- ${section.name} ...\n`);
    const started = performance.now();
    try {
      const sectionRows = await section.run(ctx);
      rows.push(...sectionRows);
      for (const r of sectionRows) process.stderr.write(`    ${r.name}: ${format(r.value)} ${r.unit}\n`);
    } catch (error) {
      rows.push({
        section: section.name,
        name: `${section.name} failed`,
        value: Number.NaN,
        unit: String(error),
      });
      process.stderr.write(`    failed: ${(error as Error).stack ?? error}\n`);
    }
    process.stderr.write(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }

  const header = ['section', 'measure', 'value', 'unit', 'target', 'ok'];
  const table = rows.map((r) => [
    r.section,
    r.name,
    format(r.value),
    r.unit,
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  // how busy the machine was: on a shared machine every figure is low and noisy
  const load = `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`;
  console.log(`Machine: ${machine}; ${load}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));

  if (args.json) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    writeFileSync(
      args.json,
      `${JSON.stringify({ version: pkg.version, machine, load, quick: args.quick, at: new Date().toISOString(), rows }, null, 2)}\n`,
    );
    process.stderr.write(`wrote ${args.json}\n`);
  }
}

await main();
