// PostgreSQL for the benchmarks: BLOCWATCH_BENCH_PG or the local test server; every run gets a
// schema of its own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.BLOCWATCH_BENCH_PG || 'postgres://postgres@127.0.0.1:5432/test';

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** True when the server answers; otherwise the reason, for a "not available" row. */
export async function pgAvailable(): Promise<true | string> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    return `no PostgreSQL at ${redacted(PG_URL)} (${(error as Error).message}); set BLOCWATCH_BENCH_PG`;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PgTarget {
  /** URL selecting the schema (`?schema=NAME`, understood by openStore and the CLI). */
  readonly url: string;
  readonly schema: string;
  drop(): Promise<void>;
}

/** A fresh schema name; the store creates it on open. */
export async function pgTarget(prefix: string): Promise<PgTarget> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const u = new URL(PG_URL);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      try {
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
