// Profiling helpers.
//
//   node --cpu-prof --cpu-prof-dir=bench/out/prof --import tsx bench/profile.ts extract [ARTICLES]
//     runs the extract pipeline over generated articles (one thread) so that the profile shows
//     where a sentence's time goes;
//   node --import tsx bench/profile.ts summary FILE.cpuprofile [TOP]
//     prints the functions with the most self time and the project functions with the most total
//     time (self + callees), with their file:line.
import { readFileSync } from 'node:fs';
import { createExtractor } from '../src/pipeline.ts';
import { generatedDocuments } from './pipeline.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(n: ProfileNode): string {
  const path = n.callFrame.url.replace(/^file:\/\//, '');
  const nm = path.indexOf('/node_modules/');
  const url = nm >= 0 ? path.slice(nm + 1) : path.replace(/^.*?\/(src|bench)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
}

export function summarize(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // self time per function (merged over call sites)
  const selfByFn = new Map<string, number>();
  for (const [id, t] of self) {
    const key = where(byId.get(id)!);
    selfByFn.set(key, (selfByFn.get(key) ?? 0) + t);
  }
  // inclusive time per project function (a function counted once per stack)
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      if (!n.callFrame.url.includes('/src/')) continue;
      const key = where(n);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + t);
    }
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const lines = [`total ${(total / 1e6).toFixed(2)} s sampled`, '', 'self time:'];
  for (const [k, t] of [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(t)}  ${k}`);
  lines.push('', 'total time, project functions:');
  for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`${pct(t)}  ${k}`);
  return lines.join('\n');
}

const [command, arg, extra] = process.argv.slice(2);
if (process.argv[1]?.endsWith('profile.ts')) {
  if (command === 'extract') {
    const docs = generatedDocuments(Number(arg ?? 1000));
    const extractor = createExtractor();
    const t0 = performance.now();
    let sentences = 0;
    for (const d of docs) sentences += extractor.extract(d).sentences.length;
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(
      `${docs.length} articles in ${s.toFixed(2)} s (${(docs.length / s).toFixed(0)} articles/s)\n`,
    );
    if (sentences === 0) process.stderr.write('(extractions carry no sentences)\n');
  } else if (command === 'summary' && arg) {
    console.log(summarize(JSON.parse(readFileSync(arg, 'utf8')) as CpuProfile, Number(extra ?? 25)));
  } else {
    process.stderr.write('usage: bench/profile.ts extract [ARTICLES] | summary FILE.cpuprofile [TOP]\n');
    process.exitCode = 2;
  }
}
