// Test helper: the store backends every store test runs against. SQLite on a temporary file and
// PostgreSQL (BLOCWATCH_TEST_PG, default postgres://postgres@127.0.0.1:5432/test) in a fresh
// random schema that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from './index.ts';

export const TEST_PG_URL = process.env.BLOCWATCH_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestBackend {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, empty store location (a new file or a new schema). */
  location(): string;
  /** Open a fresh, empty store. */
  open(): Promise<Store>;
  /** Remove every file and schema this backend created. */
  cleanup(): Promise<void>;
}

export function sqliteBackend(): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), 'blocwatch-test-'));
  let n = 0;
  return {
    name: 'sqlite',
    location: () => join(dir, `store-${++n}.db`),
    open() {
      return openStore(this.location());
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresBackend(): TestBackend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    location() {
      const schema = `bw_test_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      const url = new URL(TEST_PG_URL);
      url.searchParams.set('schema', schema);
      return url.toString();
    },
    open() {
      return openStore(this.location());
    },
    async cleanup() {
      if (schemas.length === 0) return;
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Both backends; every store test loops over them. */
export function testBackends(): TestBackend[] {
  return [sqliteBackend(), postgresBackend()];
}
