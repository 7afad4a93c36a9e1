// The machine's own ceiling for two threads: the same fixed work on one worker thread, then on two at
// once. On a machine with two idle, independent cores both finish in the time one took (x2.00). Where
// the two "cores" share a physical core or its caches (virtual CPUs often do), each thread runs
// slower when the other runs too, and no program gets more than this speed-up. The extraction's
// two-thread figure is read against it.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { BenchRow } from './types.ts';

/**
 * Two loads: integer arithmetic on a small array that stays in the L1 cache, and reads scattered
 * over 64 MiB (what a language pipeline's hash maps and object graphs look like to the memory system).
 */
const LOAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { kind, rounds } = workerData;
// the memory is allocated and touched before the timed loop: page faults are not what is measured
const a = new Int32Array(kind === 'compute' ? 1024 : 16 * 1024 * 1024).fill(1);
parentPort.postMessage('ready');
parentPort.once('message', () => {
  const t0 = performance.now();
  let acc = 0;
  if (kind === 'compute') {
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < a.length; i++) { a[i] = (a[i] * 1103515245 + 12345 + i) | 0; acc ^= a[i]; }
  } else {
    let j = 1;
    for (let r = 0; r < rounds; r++)
      for (let i = 0; i < 65536; i++) { j = (j * 1103515245 + 12345) & (a.length - 1); a[j] += i; acc ^= a[j]; }
  }
  parentPort.postMessage({ ms: performance.now() - t0, acc });
});
`;

/** Runs the load on `count` threads started together; the time of the slowest, in ms. */
async function runWorkers(count: number, kind: string, rounds: number): Promise<number> {
  const workers = Array.from(
    { length: count },
    () => new Worker(LOAD, { eval: true, workerData: { kind, rounds } }),
  );
  try {
    await Promise.all(workers.map((w) => once(w, 'message')));
    const done = workers.map((w) => once(w, 'message') as Promise<[{ ms: number }]>);
    for (const w of workers) w.postMessage('go');
    const times = await Promise.all(done);
    return Math.max(...times.map(([r]) => r.ms));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Best of `repeats` of: 2 × (time of one thread alone) / (time of two at once). */
async function speedup(kind: string, rounds: number, repeats: number): Promise<number> {
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const one = await runWorkers(1, kind, rounds);
    const two = await runWorkers(2, kind, rounds);
    best = Math.max(best, (2 * one) / two);
  }
  return best;
}

export async function machineRows(section: string, quick: boolean): Promise<BenchRow[]> {
  const repeats = quick ? 2 : 3;
  const compute = await speedup('compute', quick ? 200_000 : 400_000, repeats);
  const memory = await speedup('memory', quick ? 300 : 600, repeats);
  return [
    {
      section,
      name: 'machine: 2 threads vs 1, pure arithmetic',
      value: compute,
      unit: 'x (the same work on two threads at once; 2.00 = two independent idle cores)',
    },
    {
      section,
      name: 'machine: 2 threads vs 1, scattered memory reads',
      value: memory,
      unit: 'x (the ceiling for a memory-bound program such as the extraction)',
    },
  ];
}
