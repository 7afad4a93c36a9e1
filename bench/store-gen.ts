// Generated stores of millions of events for the query and load benchmarks. The schema comes from
// the store's own migrations (openStore); rows go in through better-sqlite3 prepared statements in
// large transactions, with the secondary indexes dropped during the load and re-created afterwards
// exactly as the migrations defined them. Stores are cached under bench/out/, keyed by size and
// generator version, so reruns start at once.
import { existsSync, writeFileSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '../src/store/index.ts';
import { outPath, removeSqlite } from './util.ts';
import { dayString, loadWorld, mulberry32, sampleEvent } from './world.ts';

/** Bump when the generated data changes: cached stores of another version are rebuilt. */
const VERSION = 2;

const EVENT_COLUMNS = [
  'id',
  'doc_id',
  'sentence_index',
  'origin',
  'source_code',
  'source_name',
  'source_country',
  'source_sector',
  'source_entity',
  'target_code',
  'target_name',
  'target_country',
  'target_sector',
  'target_entity',
  'code',
  'root',
  'quad_class',
  'goldstein',
  'plover',
  'modality',
  'attributed_to_code',
  'attributed_to_name',
  'date',
  'date_precision',
  'published_at',
  'location_name',
  'location_country',
  'lat',
  'lon',
  'evidence_text',
  'evidence_start',
  'evidence_end',
  'rule',
  'confidence',
  'coder_version',
  'is_duplicate',
  'source_url',
] as const;

const DOC_COLUMNS = [
  'id',
  'url',
  'title',
  'published_at',
  'source',
  'text',
  'lang',
  'content_hash',
  'simhash',
  'simhash_b0',
  'simhash_b1',
  'simhash_b2',
  'simhash_b3',
  'format',
  'duplicate_of',
  'ingested_at',
  'run_id',
  'coder_version',
] as const;

const CLAIM_COLUMNS = [
  'id',
  'doc_id',
  'sentence_index',
  'claim_type',
  'metric',
  'value',
  'unit',
  'original_value',
  'original_unit',
  'actors',
  'direction',
  'period_start',
  'period_end',
  'relation',
  'stance',
  'speaker',
  'speaker_code',
  'published_at',
  'evidence_text',
  'evidence_start',
  'evidence_end',
  'rule',
  'is_duplicate',
] as const;

const QUOTE_COLUMNS = [
  'id',
  'doc_id',
  'sentence_index',
  'speaker',
  'speaker_code',
  'speaker_role',
  'text',
  'direct',
  'published_at',
  'evidence_text',
  'evidence_start',
  'evidence_end',
  'rule',
  'is_duplicate',
] as const;

const UNKNOWN_COLUMNS = ['doc_id', 'sentence_index', 'start', 'end', 'text'] as const;

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES (${columns.map(() => '?').join(',')})`;
}

const MODALITIES: [string, number][] = [
  ['asserted', 0.8],
  ['reported', 0.1],
  ['planned', 0.05],
  ['negated', 0.03],
  ['hypothetical', 0.02],
];
const METRICS = ['trade', 'exports', 'imports', 'investment', 'aid', 'troops', 'killed', 'displaced'];
const UNKNOWN_NAMES = [
  'Kestrel Group',
  'Varnell Institute',
  'Orlan Holdings',
  'Mireth Council',
  'Tavor Front',
];
/** Events per generated document (origin blocwatch). */
const EVENTS_PER_DOC = 5;

function hex16(rng: () => number): string {
  return (
    Math.floor(rng() * 2 ** 32)
      .toString(16)
      .padStart(8, '0') +
    Math.floor(rng() * 2 ** 32)
      .toString(16)
      .padStart(8, '0')
  );
}

export interface GeneratedStore {
  readonly file: string;
  readonly events: number;
  readonly documents: number;
  /** Seconds spent generating (0 when cached). */
  readonly seconds: number;
}

/** A SQLite store with `events` generated events (cached). */
export async function generatedStore(
  events: number,
  log: (line: string) => void = () => {},
): Promise<GeneratedStore> {
  const label = events >= 1e6 && events % 1e6 === 0 ? `${events / 1e6}m` : String(events);
  const file = outPath(`store-${label}-v${VERSION}.db`);
  const marker = `${file}.ok`;
  const documents = Math.ceil((events * 0.2) / EVENTS_PER_DOC);
  if (existsSync(file) && existsSync(marker)) return { file, events, documents, seconds: 0 };
  const t0 = performance.now();
  removeSqlite(file);
  const store = await openStore(file);
  await store.close();

  const h = new SqliteDatabase(file);
  h.pragma('journal_mode = WAL');
  h.pragma('synchronous = OFF');
  h.pragma('cache_size = -262144');
  const tables = ['events', 'documents', 'claims', 'quotes', 'unknown_mentions'];
  const indexes = h
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const ix of indexes) h.exec(`DROP INDEX "${ix.name}"`);

  const insEvent = h.prepare(insertSql('events', EVENT_COLUMNS));
  const insDoc = h.prepare(insertSql('documents', DOC_COLUMNS));
  const insClaim = h.prepare(insertSql('claims', CLAIM_COLUMNS));
  const insQuote = h.prepare(insertSql('quotes', QUOTE_COLUMNS));
  const insUnknown = h.prepare(insertSql('unknown_mentions', UNKNOWN_COLUMNS));

  const world = loadWorld();
  const rng = mulberry32(20251125);
  const modality = (): string => {
    let u = rng();
    for (const [m, p] of MODALITIES) {
      if (u < p) return m;
      u -= p;
    }
    return 'asserted';
  };
  let docSeq = 0;
  let pendingDoc: { id: string; day: number; sentences: string[]; countries: string[] } | null = null;
  const flushDoc = () => {
    const d = pendingDoc;
    if (!d) return;
    pendingDoc = null;
    const text = d.sentences.join(' ');
    const published = dayString(Math.min(d.day + 1, 1825));
    const [b0, b1, b2, b3] = [0, 1, 2, 3].map(() => Math.floor(rng() * 65536));
    insDoc.run([
      d.id,
      `https://news.example.org/${d.id}`,
      `${d.countries[0]} and ${d.countries[1]} in the news`,
      published,
      'Generated Wire',
      text,
      'en',
      `hash-${d.id}`,
      hex16(rng),
      b0,
      b1,
      b2,
      b3,
      'jsonl',
      null,
      '2026-01-01T00:00:00.000Z',
      null,
      'bench',
    ]);
    const first = d.sentences[0];
    const value = Math.floor(rng() * 90) + 1;
    insClaim.run([
      `${d.id}:c0`,
      d.id,
      0,
      'numeric',
      METRICS[Math.floor(rng() * METRICS.length)],
      value,
      'percent',
      String(value),
      'percent',
      `${d.countries[0]},${d.countries[1]}`,
      rng() < 0.6 ? 'up' : 'down',
      `${dayString(d.day).slice(0, 4)}-01-01`,
      `${dayString(d.day).slice(0, 4)}-06-30`,
      null,
      null,
      'a spokesperson',
      `${d.countries[0]}GOV`,
      published,
      first,
      0,
      first.length,
      'bench-claim',
      0,
    ]);
    insQuote.run([
      `${d.id}:q0`,
      d.id,
      0,
      'a spokesperson',
      `${d.countries[0]}GOV`,
      'official',
      first,
      1,
      published,
      first,
      0,
      first.length,
      'bench-quote',
      0,
    ]);
    const unknown = UNKNOWN_NAMES[Math.floor(rng() * UNKNOWN_NAMES.length)];
    insUnknown.run([d.id, 0, 0, unknown.length, unknown]);
  };

  const BATCH = 50_000;
  const values: unknown[] = new Array(EVENT_COLUMNS.length);
  const fill = h.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const e = sampleEvent(world, rng);
      const u = rng();
      const origin = u < 0.2 ? 'blocwatch' : u < 0.9 ? 'gdelt' : 'icews';
      const date = dayString(e.day);
      const sourceCode = `${e.source.iso3}${e.sourceSector}`;
      const targetCode = `${e.target.iso3}${e.targetSector}`;
      let docId: string | null = null;
      let sentenceIndex: number | null = null;
      let evidence = '';
      let start: number | null = null;
      let end: number | null = null;
      if (origin === 'blocwatch') {
        if (!pendingDoc || pendingDoc.sentences.length >= EVENTS_PER_DOC) {
          flushDoc();
          pendingDoc = {
            id: `doc-${docSeq++}`,
            day: e.day,
            sentences: [],
            countries: [e.source.iso3, e.target.iso3],
          };
        }
        const doc = pendingDoc;
        evidence = `Officials of ${e.source.name} took this step: ${e.code.name.toLowerCase()}, involving ${e.target.name}.`;
        start = doc.sentences.reduce((n, s) => n + s.length + 1, 0);
        end = start + evidence.length;
        sentenceIndex = doc.sentences.length;
        doc.sentences.push(evidence);
        docId = doc.id;
      }
      values[0] = `${origin === 'blocwatch' ? 'bw' : origin}:${i}`;
      values[1] = docId;
      values[2] = sentenceIndex;
      values[3] = origin;
      values[4] = sourceCode;
      values[5] = `${e.source.name} ${e.sourceSector.toLowerCase()}`;
      values[6] = e.source.iso3;
      values[7] = e.sourceSector;
      values[8] = null;
      values[9] = targetCode;
      values[10] = `${e.target.name} ${e.targetSector.toLowerCase()}`;
      values[11] = e.target.iso3;
      values[12] = e.targetSector;
      values[13] = null;
      values[14] = e.code.code;
      values[15] = e.code.root;
      values[16] = e.code.quad;
      values[17] = e.code.goldstein;
      values[18] = e.code.plover;
      values[19] = origin === 'blocwatch' ? modality() : 'asserted';
      values[20] = null;
      values[21] = null;
      values[22] = date;
      values[23] = 'day';
      values[24] = dayString(Math.min(e.day + 1, 1825));
      values[25] = null;
      values[26] = null;
      values[27] = null;
      values[28] = null;
      values[29] = evidence;
      values[30] = start;
      values[31] = end;
      values[32] = origin === 'blocwatch' ? 'bench-pattern' : `${origin}-import`;
      values[33] = origin === 'blocwatch' ? 0.8 : 1;
      values[34] = 'bench';
      values[35] = 0;
      values[36] = origin === 'blocwatch' ? null : `https://news.example.org/${origin}/${i}`;
      insEvent.run(values);
    }
  });
  for (let i = 0; i < events; i += BATCH) {
    fill(i, Math.min(events, i + BATCH));
    if ((i / BATCH) % 20 === 19) log(`    generated ${(i + BATCH).toLocaleString('en-US')} events`);
  }
  h.transaction(() => flushDoc())();
  log(`    re-creating ${indexes.length} indexes`);
  for (const ix of indexes) h.exec(ix.sql);
  h.pragma('wal_checkpoint(TRUNCATE)');
  h.close();
  writeFileSync(marker, `${new Date().toISOString()} ${events} events\n`);
  return { file, events, documents: docSeq, seconds: (performance.now() - t0) / 1000 };
}
