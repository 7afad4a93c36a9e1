// `blocwatch serve`: the REST API, its docs at /docs and the dashboard, on one port.
import type { Command } from 'commander';
import { BlocwatchError } from '../../errors.ts';
import { DEFAULT_RATE_LIMIT_TEXT, parseRateLimit, RATE_LIMIT_ENV } from '../../rate-limit.ts';
import { addDbOption, parseBytes } from '../shared.ts';

// The server's defaults, repeated here so that registering the command (and `--help`) does not load
// the server and the extraction pipeline; serve.test.ts fails if they drift from src/server/start.ts.
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new BlocwatchError('BW_ERR_USAGE', `--port must be an integer 0..65535, found '${value}'`);
  return port;
}

export function register(program: Command): void {
  const cmd = program
    .command('serve')
    .description('Serve the REST API (docs at /docs) and the dashboard')
    .option('--port <n>', 'port to listen on (0 picks a free one)', String(DEFAULT_PORT))
    .option('--host <addr>', 'address to bind', DEFAULT_HOST)
    .option(
      '--token <token>',
      'bearer token that allows POST /api/documents (env BLOCWATCH_TOKEN); read-only without',
    )
    .option('--cors <origin>', 'allow cross-origin API calls from this origin (or *); off by default')
    .option(
      '--rate-limit <n/window>',
      `requests per client IP and window, e.g. 600/1m or 100/10s, or off (env ${RATE_LIMIT_ENV}; default ${DEFAULT_RATE_LIMIT_TEXT})`,
    )
    .option('--body-limit <size>', 'largest accepted request body (default 8MB)', parseBytes)
    .option('--log', 'log every request to stderr');
  addDbOption(cmd);
  cmd.action(
    async (opts: {
      port: string;
      host: string;
      db: string;
      token?: string;
      cors?: string;
      rateLimit?: string;
      bodyLimit?: number;
      log?: boolean;
    }) => {
      const port = parsePort(opts.port);
      if (opts.rateLimit !== undefined) parseRateLimit(opts.rateLimit);
      const { startServer } = await import('../../server/start.ts');
      const server = await startServer({
        db: opts.db,
        port,
        host: opts.host,
        token: opts.token,
        corsOrigin: opts.cors,
        rateLimit: opts.rateLimit,
        bodyLimit: opts.bodyLimit,
        logger: Boolean(opts.log),
      });
      process.stderr.write(
        `blocwatch: serving ${opts.db} (${server.readOnly ? 'read-only' : 'writes need the bearer token'})\n`,
      );
      process.stdout.write(`${server.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close().finally(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    },
  );
}
