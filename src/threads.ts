// Starting a worker thread on a module of this package, from the TypeScript sources (tests,
// benchmarks, a checkout without dist/) as well as from the compiled dist/.
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` (without extension) beside `callerUrl` (the caller's
 * `import.meta.url`): its `.js` file when the caller was compiled, else its `.ts` file, after
 * registering tsx's loader inside the thread.
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const isSource = callerUrl.endsWith('.ts');
  const url = new URL(`${name}${isSource ? '.ts' : '.js'}`, callerUrl);
  if (!isSource) return new Worker(url, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
