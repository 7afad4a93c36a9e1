// API security: a bearer token compared in constant time for writes (read-only when none is
// configured), a URL length limit, CORS only when configured, security headers on every response,
// and per-client rate limits.
import { createHash, timingSafeEqual } from 'node:crypto';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BlocwatchError } from '../errors.ts';
import { formatWindow, type RateLimit } from '../rate-limit.ts';
import { sendError } from './errors.ts';

/** Longest accepted URL (path + query string), in bytes. */
export const MAX_URL_BYTES = 4096;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time comparison of a presented token with the configured one. */
export function tokenMatches(presented: string, expected: string): boolean {
  // Hashing first gives equal-length buffers, so neither length nor content leaks through timing.
  return timingSafeEqual(digest(presented), digest(expected));
}

/** A preHandler for write routes: 403 when the server is read-only, 401 without the right token. */
export function requireToken(token: string | undefined) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!token) {
      throw new BlocwatchError(
        'BW_ERR_READ_ONLY',
        'the server is read-only: start it with --token or BLOCWATCH_TOKEN to allow writes',
      );
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !tokenMatches(match[1], token)) {
      throw new BlocwatchError(
        'BW_ERR_UNAUTHORIZED',
        'a valid "Authorization: Bearer <token>" header is required',
      );
    }
  };
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // uPlot and sigma set inline style attributes on the elements they create
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export interface SecurityOptions {
  /** Allowed cross-origin caller (exact origin such as "https://example.org"), or "*". Off when unset. */
  readonly corsOrigin?: string;
}

export function installSecurity(app: FastifyInstance, options: SecurityOptions): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (Buffer.byteLength(request.url, 'utf8') > MAX_URL_BYTES) {
      return sendError(reply, 'BW_ERR_INPUT_TOO_LARGE', `the request URL exceeds ${MAX_URL_BYTES} bytes`);
    }
    const origin = request.headers.origin;
    if (options.corsOrigin && origin && request.url.startsWith('/api/')) {
      if (options.corsOrigin === '*' || options.corsOrigin === origin) {
        reply.header('Access-Control-Allow-Origin', options.corsOrigin === '*' ? '*' : origin);
        reply.header('Vary', 'Origin');
        if (request.method === 'OPTIONS') {
          reply.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
          reply.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
          reply.header('Access-Control-Max-Age', '600');
          return reply.code(204).send();
        }
      }
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    // swagger-ui sets its own CSP for /docs; everything else gets the strict one
    if (!request.url.startsWith('/docs')) reply.header('Content-Security-Policy', CSP);
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}

/**
 * Limit each client (by IP address; behind a reverse proxy, `request.ip` is the proxy unless
 * fastify's trustProxy is set) to `limit.max` requests per window. Must be registered before the
 * routes: the plugin attaches its hook to routes as they are added. Over the limit: 429 in the
 * API's error shape with a Retry-After header (seconds).
 */
export async function installRateLimit(app: FastifyInstance, limit: RateLimit): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.windowMs,
    errorResponseBuilder: (_request, context) =>
      new BlocwatchError(
        'BW_ERR_RATE_LIMITED',
        `too many requests: at most ${limit.max} per ${formatWindow(limit.windowMs)} from one client; retry in ${context.after}`,
      ),
  });
}
