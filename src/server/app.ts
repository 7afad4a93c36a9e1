// The HTTP API and dashboard as a fastify instance: build it here, test it with inject(), listen
// elsewhere (start.ts). One plugin per resource in ./routes, JSON Schemas on every route, OpenAPI
// generated from them and browsable at /docs (served from local files).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../paths.ts';
import type { RateLimit } from '../rate-limit.ts';
import { installErrorHandlers, sendError } from './errors.ts';
import { installResponseCache } from './response-cache.ts';
import actorRoutes from './routes/actors.ts';
import analysisRoutes from './routes/analysis.ts';
import claimsRoutes from './routes/claims.ts';
import documentRoutes, { type Ingestor } from './routes/documents.ts';
import dyadRoutes from './routes/dyads.ts';
import eventsRoutes from './routes/events.ts';
import quotesRoutes from './routes/quotes.ts';
import statsRoutes from './routes/stats.ts';
import { SHARED_SCHEMAS } from './schemas.ts';
import { installRateLimit, installSecurity } from './security.ts';
import type { ServerStore } from './store.ts';

export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;
export const DEFAULT_WEB_ROOT = join(PACKAGE_ROOT, 'dist', 'web');

export interface AppOptions {
  readonly store: ServerStore;
  /** Bearer token for writes; without one the API is read-only. */
  readonly token?: string;
  /** Origin allowed to call the API from another site ("*" for any); CORS is off when unset. */
  readonly corsOrigin?: string;
  /** Built dashboard (vite output); defaults to dist/web. */
  readonly webRoot?: string;
  /** Runs posted documents through the pipeline and the store (POST /api/documents). */
  readonly ingest?: Ingestor;
  /** Largest accepted request body in bytes. */
  readonly bodyLimit?: number;
  /** Log requests (pino) — off by default. */
  readonly logger?: boolean;
  /** Keep GET /api/* responses until the store changes (default true). */
  readonly cache?: boolean;
  /** Per-client request limit; none when unset (`blocwatch serve` sets the default). */
  readonly rateLimit?: RateLimit | null;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    routerOptions: { maxParamLength: 300 },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
  });
  installErrorHandlers(app);
  installSecurity(app, { corsOrigin: options.corsOrigin });
  if (options.rateLimit) await installRateLimit(app, options.rateLimit);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  if (options.cache !== false) installResponseCache(app, options.store);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'blocwatch API',
        description:
          'CAMEO-coded events, claims and quotes extracted from the news, and the alignments computed from them. Every error is `{ok:false, error:{code, message}}`.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });

  const store = options.store;
  await app.register(eventsRoutes, { store });
  await app.register(dyadRoutes, { store });
  await app.register(claimsRoutes, { store });
  await app.register(quotesRoutes, { store });
  await app.register(documentRoutes, { store, token: options.token, ingest: options.ingest });
  await app.register(actorRoutes, { store });
  await app.register(statsRoutes, { store });
  await app.register(analysisRoutes, { store });

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'], wildcard: false });
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          'blocwatch API is running; the dashboard is not built (run `npm run build`). API docs: /docs\n',
        ),
    );
  }
  // /api/* never falls through to the dashboard
  app.all('/api/*', { schema: { hide: true } }, async (request, reply) =>
    sendError(
      reply,
      'BW_ERR_NOT_FOUND',
      `no route ${request.method} ${request.url.split('?')[0].slice(0, 200)}`,
    ),
  );
  return app;
}
