// Load: a real `blocwatch serve` child process on 127.0.0.1 over the generated 1M-event store (its
// per-client rate limit off: the load comes from one client), hit
// by autocannon (its CLI, as another child process) route by route for a bounded time: sustained
// requests/s, p50/p99 latency and errors (which must be 0).
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { PACKAGE_ROOT } from '../src/paths.ts';
import { generatedStore } from './store-gen.ts';
import type { BenchRow, BenchSection } from './types.ts';
import { compiledCli, failed, lastJson, runNode, unavailable } from './util.ts';

const SECTION = 'load';

/** The mix: what the overview, dyad, state and reader pages ask for. */
const LOAD_ROUTES: [string, string][] = [
  ['stats', '/api/stats'],
  ['top dyads', '/api/dyads?min_events=3&limit=6'],
  ['latest events', '/api/events?limit=8'],
  ['events of a state', '/api/events?actor=IRN&limit=20'],
  ['dyad page', '/api/dyads/IRN/RUS?period=month&limit=100'],
  ['alignment of a state', '/api/alignment?a=IRN&limit=50'],
  ['document reader', '/api/documents/doc-0'],
  ['health', '/healthz'],
];

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

/** The compiled server, as an installed package runs it (not tsx, nor a dist/ that may be stale). */
async function startServer(db: string): Promise<Server> {
  const cli = await compiledCli();
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [cli, 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1', '--rate-limit', 'off'],
      {
        cwd: PACKAGE_ROOT,
        env: { ...process.env, BLOCWATCH_TOKEN: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`serve did not print its URL within 180 s: ${stderr.trim().split('\n').pop() ?? ''}`));
    }, 180_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout);
      if (m) {
        clearTimeout(timer);
        done({ url: m[0].replace(/\/$/, ''), child });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((done) => {
    if (server.child.exitCode !== null) return done();
    const kill = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    server.child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    server.child.kill('SIGTERM');
  });
}

/** Waits until the server answers /healthz within a second (requests of an earlier run drained). */
async function waitIdle(url: string, limitMs = 300_000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    const t0 = performance.now();
    const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(limitMs) }).catch(() => null);
    if (r) await r.arrayBuffer();
    if (r?.ok && performance.now() - t0 < 1000) return true;
  }
  return false;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

export const loadSection: BenchSection = {
  name: 'load',
  async run(ctx) {
    let autocannon: string;
    try {
      autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
    } catch {
      return [unavailable(SECTION, 'autocannon', 'the autocannon package is not installed')];
    }
    const store = await generatedStore(1_000_000, (l) => process.stderr.write(`${l}\n`));
    const seconds = ctx.quick ? 5 : 10;
    const connections = 8;
    let server: Server;
    try {
      server = await startServer(store.file);
    } catch (error) {
      return [failed(SECTION, 'blocwatch serve', error)];
    }
    const rows: BenchRow[] = [];
    try {
      for (const [name, path] of LOAD_ROUTES) {
        if (!(await waitIdle(server.url))) {
          rows.push(
            failed(
              SECTION,
              `${name} (${path})`,
              'the server stayed busy with earlier requests for 5 minutes',
            ),
          );
          continue;
        }
        // one request first, so that a broken route is reported as such and caches are warm
        const probe = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(120_000) }).catch(
          (e: Error) => e,
        );
        if (probe instanceof Error || probe.status !== 200) {
          rows.push(
            failed(
              SECTION,
              `${name} (${path})`,
              probe instanceof Error ? probe.message : `HTTP ${probe.status}`,
            ),
          );
          continue;
        }
        await probe.arrayBuffer();
        const r = await runNode(
          [autocannon, '-j', '-c', String(connections), '-d', String(seconds), `${server.url}${path}`],
          {
            timeoutMs: (seconds + 60) * 1000,
          },
        );
        const res = lastJson(r.stdout) as unknown as AutocannonResult | null;
        if (!res) {
          rows.push(
            failed(SECTION, `${name} (${path})`, `autocannon printed no result: ${r.stderr.slice(-200)}`),
          );
          continue;
        }
        const errors = res.errors + res.timeouts + res.non2xx;
        if (res.requests.total === 0) {
          // every request took longer than the run: the route cannot take this load at all
          rows.push({
            section: SECTION,
            name: `${name}: GET ${path.split('?')[0]}`,
            value: 0,
            unit: `req/s: no request completed within ${seconds} s at ${connections} connections (${errors} errors)`,
            target: '0 errors',
            ok: false,
          });
          continue;
        }
        rows.push({
          section: SECTION,
          name: `${name}: GET ${path.split('?')[0]}`,
          value: res.requests.average,
          unit: `req/s over ${res.duration.toFixed(0)} s, ${connections} connections; p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms; ${errors} errors of ${res.requests.total.toLocaleString('en-US')}`,
          target: '0 errors',
          ok: errors === 0 && res.requests.total > 0,
        });
      }
    } finally {
      await stopServer(server);
    }
    return rows;
  },
};
