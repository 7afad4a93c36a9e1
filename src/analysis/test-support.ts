// Test helpers for the analysis tests: stores on SQLite (temporary file) and PostgreSQL (own
// schema, dropped afterwards), and a compact way to write events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { EventRow } from '../ingest/importers/writer.ts';
import { openStore, type Store } from '../store/index.ts';

export const TEST_PG = process.env.BLOCWATCH_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  readonly store: Store;
  cleanup(): Promise<void>;
}

export async function sqliteStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'bw-analysis-'));
  const store = await openStore(join(dir, 'test.db'));
  return {
    store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL store in a fresh schema, or null when no server answers. */
export async function postgresStore(): Promise<TestStore | null> {
  const schema = `bw_analysis_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const probe = new pg.Client({ connectionString: TEST_PG, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
  } catch {
    return null;
  } finally {
    await probe.end().catch(() => {});
  }
  const store = await openStore(TEST_PG, { schema });
  return {
    store,
    async cleanup() {
      await store.close();
      const client = new pg.Client({ connectionString: TEST_PG });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

let counter = 0;

/** An event row with defaults; `src` and `tgt` are country codes. */
export function ev(
  src: string,
  tgt: string,
  date: string,
  code: string,
  quad: number,
  goldstein: number,
  extra: Partial<EventRow> = {},
): EventRow {
  counter++;
  return {
    id: `test:${counter}`,
    doc_id: null,
    sentence_index: null,
    origin: 'blocwatch',
    source_code: `${src}GOV`,
    source_name: src,
    source_country: src,
    source_sector: 'GOV',
    source_entity: null,
    target_code: `${tgt}GOV`,
    target_name: tgt,
    target_country: tgt,
    target_sector: 'GOV',
    target_entity: null,
    code,
    root: code.slice(0, 2),
    quad_class: quad,
    goldstein,
    plover: '',
    modality: 'asserted',
    attributed_to_code: null,
    attributed_to_name: null,
    date,
    date_precision: 'day',
    published_at: date,
    location_name: null,
    location_country: null,
    lat: null,
    lon: null,
    evidence_text: `${src} ${code} ${tgt}`,
    evidence_start: null,
    evidence_end: null,
    rule: 'test',
    confidence: 1,
    coder_version: 'test',
    is_duplicate: 0,
    source_url: null,
    ...extra,
  };
}

export async function insertEvents(store: Store, rows: readonly EventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200)
    await store.db
      .insertInto('events')
      .values(rows.slice(i, i + 200))
      .execute();
}
