// Start the API and dashboard on a port: used by `blocwatch serve` and by `blocwatch demo`.
import type { FastifyInstance } from 'fastify';
import { BlocwatchError, describeError } from '../errors.ts';
import { createExtractor } from '../pipeline.ts';
import { resolveRateLimit } from '../rate-limit.ts';
import { DEFAULT_DB, openStore, type Store } from '../store/index.ts';
import { buildApp } from './app.ts';
import { createIngestor } from './ingest.ts';

export interface StartOptions {
  /** SQLite path or postgres:// URL (ignored when `store` is given). */
  readonly db?: string;
  /** An already open store (the server does not close it). */
  readonly store?: Store;
  readonly port?: number;
  readonly host?: string;
  /** Bearer token for writes; falls back to env BLOCWATCH_TOKEN; read-only without one. */
  readonly token?: string;
  readonly corsOrigin?: string;
  readonly webRoot?: string;
  readonly logger?: boolean;
  /** Per-client limit such as "600/1m", or "off"; falls back to env BLOCWATCH_RATE_LIMIT, then 600/1m. */
  readonly rateLimit?: string;
  /** Largest accepted request body in bytes (default 8 MiB). */
  readonly bodyLimit?: number;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly readOnly: boolean;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const rateLimit = resolveRateLimit(options.rateLimit);
  const ownStore = !options.store;
  const store = options.store ?? (await openStore(options.db ?? DEFAULT_DB));
  const token = options.token ?? (process.env.BLOCWATCH_TOKEN || undefined);
  const app = await buildApp({
    store,
    token,
    corsOrigin: options.corsOrigin,
    webRoot: options.webRoot,
    logger: options.logger,
    rateLimit,
    bodyLimit: options.bodyLimit,
    ingest: token ? createIngestor(store, () => createExtractor()) : undefined,
  });
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  try {
    await app.listen({ port, host });
  } catch (error) {
    await app.close().catch(() => {});
    if (ownStore) await store.close().catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${port} is already in use (try --port)` : describeError(error);
    throw new BlocwatchError('BW_ERR_USAGE', `cannot listen on ${host}:${port}: ${why}`);
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    app,
    url: `http://${shownHost}:${actualPort}/`,
    readOnly: !token,
    async close() {
      await app.close();
      if (ownStore) await store.close();
    },
  };
}
