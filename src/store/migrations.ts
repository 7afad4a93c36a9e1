// Versioned schema migrations, in code, for SQLite and PostgreSQL. Each migration is written once
// and picks column types per dialect where they differ (floating point, auto-increment ids).
// Never edit a released migration: add a new one with the next number.
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before and across schema versions
type AnyDb = Kysely<any>;

function types(dialect: DialectName) {
  return {
    real: dialect === 'postgres' ? ('double precision' as const) : ('real' as const),
  };
}

function m0001(dialect: DialectName): Migration {
  const t = types(dialect);
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text')
        .addColumn('title', 'text')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull().unique())
        .addColumn('simhash', 'text', (c) => c.notNull())
        .addColumn('simhash_b0', 'integer', (c) => c.notNull())
        .addColumn('simhash_b1', 'integer', (c) => c.notNull())
        .addColumn('simhash_b2', 'integer', (c) => c.notNull())
        .addColumn('simhash_b3', 'integer', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('duplicate_of', 'text')
        .addColumn('ingested_at', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('coder_version', 'text', (c) => c.notNull())
        .execute();
      for (const b of ['simhash_b0', 'simhash_b1', 'simhash_b2', 'simhash_b3']) {
        await db.schema.createIndex(`documents_${b}`).on('documents').column(b).execute();
      }
      await db.schema.createIndex('documents_published_at').on('documents').column('published_at').execute();
      await db.schema.createIndex('documents_duplicate_of').on('documents').column('duplicate_of').execute();

      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('doc_id', 'text')
        .addColumn('sentence_index', 'integer')
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('source_code', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('source_country', 'text', (c) => c.notNull())
        .addColumn('source_sector', 'text', (c) => c.notNull())
        .addColumn('source_entity', 'text')
        .addColumn('target_code', 'text', (c) => c.notNull())
        .addColumn('target_name', 'text', (c) => c.notNull())
        .addColumn('target_country', 'text', (c) => c.notNull())
        .addColumn('target_sector', 'text', (c) => c.notNull())
        .addColumn('target_entity', 'text')
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('root', 'text', (c) => c.notNull())
        .addColumn('quad_class', 'integer', (c) => c.notNull())
        .addColumn('goldstein', t.real, (c) => c.notNull())
        .addColumn('plover', 'text', (c) => c.notNull())
        .addColumn('modality', 'text', (c) => c.notNull())
        .addColumn('attributed_to_code', 'text')
        .addColumn('attributed_to_name', 'text')
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('date_precision', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('location_name', 'text')
        .addColumn('location_country', 'text')
        .addColumn('lat', t.real)
        .addColumn('lon', t.real)
        .addColumn('evidence_text', 'text', (c) => c.notNull())
        .addColumn('evidence_start', 'integer')
        .addColumn('evidence_end', 'integer')
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('confidence', t.real, (c) => c.notNull())
        .addColumn('coder_version', 'text', (c) => c.notNull())
        .addColumn('is_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('source_url', 'text')
        .execute();
      await db.schema
        .createIndex('events_dyad_date')
        .on('events')
        .columns(['source_country', 'target_country', 'date'])
        .execute();
      await db.schema.createIndex('events_date').on('events').column('date').execute();
      await db.schema.createIndex('events_code').on('events').column('code').execute();
      await db.schema.createIndex('events_root').on('events').columns(['root', 'date']).execute();
      await db.schema.createIndex('events_doc').on('events').column('doc_id').execute();
      await db.schema.createIndex('events_origin').on('events').columns(['origin', 'date']).execute();
      await db.schema
        .createIndex('events_target_country')
        .on('events')
        .columns(['target_country', 'date'])
        .execute();

      await db.schema
        .createTable('claims')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('doc_id', 'text', (c) => c.notNull())
        .addColumn('sentence_index', 'integer', (c) => c.notNull())
        .addColumn('claim_type', 'text', (c) => c.notNull())
        .addColumn('metric', 'text', (c) => c.notNull())
        .addColumn('value', t.real)
        .addColumn('unit', 'text')
        .addColumn('original_value', 'text')
        .addColumn('original_unit', 'text')
        .addColumn('actors', 'text', (c) => c.notNull())
        .addColumn('direction', 'text')
        .addColumn('period_start', 'text')
        .addColumn('period_end', 'text')
        .addColumn('relation', 'text')
        .addColumn('stance', 'text')
        .addColumn('speaker', 'text')
        .addColumn('speaker_code', 'text')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('evidence_text', 'text', (c) => c.notNull())
        .addColumn('evidence_start', 'integer', (c) => c.notNull())
        .addColumn('evidence_end', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('is_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('claims_doc').on('claims').column('doc_id').execute();
      await db.schema.createIndex('claims_metric').on('claims').columns(['metric', 'published_at']).execute();

      await db.schema
        .createTable('quotes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('doc_id', 'text', (c) => c.notNull())
        .addColumn('sentence_index', 'integer', (c) => c.notNull())
        .addColumn('speaker', 'text')
        .addColumn('speaker_code', 'text')
        .addColumn('speaker_role', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('direct', 'integer', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('evidence_text', 'text', (c) => c.notNull())
        .addColumn('evidence_start', 'integer', (c) => c.notNull())
        .addColumn('evidence_end', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('is_duplicate', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('quotes_doc').on('quotes').column('doc_id').execute();
      await db.schema.createIndex('quotes_speaker').on('quotes').column('speaker_code').execute();

      await db.schema
        .createTable('unknown_mentions')
        .addColumn('doc_id', 'text', (c) => c.notNull())
        .addColumn('sentence_index', 'integer', (c) => c.notNull())
        .addColumn('start', 'integer', (c) => c.notNull())
        .addColumn('end', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('unknown_mentions_pk', ['doc_id', 'start', 'end'])
        .execute();
      await db.schema.createIndex('unknown_mentions_text').on('unknown_mentions').column('text').execute();

      await db.schema
        .createTable('ingest_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('inputs', 'text', (c) => c.notNull())
        .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('stored', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('near_duplicates', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      let rejected = db.schema.createTable('rejected_inputs');
      rejected =
        dialect === 'postgres'
          ? rejected.addColumn('id', 'serial', (c) => c.primaryKey())
          : rejected.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
      await rejected
        .addColumn('run_id', 'text')
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rejected_inputs_run').on('rejected_inputs').column('run_id').execute();

      await db.schema
        .createTable('un_roll_calls')
        .addColumn('rcid', 'integer', (c) => c.primaryKey())
        .addColumn('session', 'integer', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('importantvote', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unres', 'text')
        .addColumn('short', 'text')
        .addColumn('descr', 'text')
        .addColumn('issues', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('un_roll_calls_date').on('un_roll_calls').column('date').execute();
      await db.schema
        .createTable('un_votes')
        .addColumn('rcid', 'integer', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('vote', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('un_votes_pk', ['rcid', 'country'])
        .execute();
      await db.schema.createIndex('un_votes_country').on('un_votes').columns(['country', 'rcid']).execute();
    },
    async down(db: AnyDb) {
      for (const table of [
        'un_votes',
        'un_roll_calls',
        'rejected_inputs',
        'ingest_runs',
        'unknown_mentions',
        'quotes',
        'claims',
        'events',
        'documents',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}

// The work queue (src/queue): one row per document to extract, claimed by workers under a lease.
function m0002(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      let jobs = db.schema.createTable('jobs');
      jobs =
        dialect === 'postgres'
          ? jobs.addColumn('id', 'serial', (c) => c.primaryKey())
          : jobs.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
      await jobs
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('document'))
        .addColumn('doc_id', 'text', (c) => c.notNull().unique())
        .addColumn('content_hash', 'text', (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('simhash', 'text', (c) => c.notNull())
        .addColumn('simhash_b0', 'integer', (c) => c.notNull())
        .addColumn('simhash_b1', 'integer', (c) => c.notNull())
        .addColumn('simhash_b2', 'integer', (c) => c.notNull())
        .addColumn('simhash_b3', 'integer', (c) => c.notNull())
        .addColumn('duplicate_of', 'text')
        .addColumn('run_id', 'text')
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('queued'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lease_until', 'bigint')
        .addColumn('worker_id', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jobs_status').on('jobs').columns(['status', 'id']).execute();
      await db.schema.createIndex('jobs_lease').on('jobs').columns(['status', 'lease_until']).execute();
      for (const b of ['simhash_b0', 'simhash_b1', 'simhash_b2', 'simhash_b3']) {
        await db.schema.createIndex(`jobs_${b}`).on('jobs').column(b).execute();
      }
      await db.schema.createIndex('jobs_published_at').on('jobs').column('published_at').execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('jobs').ifExists().execute();
    },
  };
}

// Covering indexes for the analysis (src/analysis): the relation matrix of a date range and the
// dyad series read every column they need from the index alone. They replace events_date and
// events_dyad_date, which are their prefixes.
const EVENTS_COVER_TAIL = ['quad_class', 'goldstein', 'modality', 'is_duplicate', 'origin'];

function m0003(_dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createIndex('events_date_cover')
        .ifNotExists()
        .on('events')
        .columns(['date', 'source_country', 'target_country', ...EVENTS_COVER_TAIL])
        .execute();
      await db.schema
        .createIndex('events_dyad_cover')
        .ifNotExists()
        .on('events')
        .columns(['source_country', 'target_country', 'date', ...EVENTS_COVER_TAIL])
        .execute();
      await db.schema.dropIndex('events_date').ifExists().execute();
      await db.schema.dropIndex('events_dyad_date').ifExists().execute();
    },
    async down(db: AnyDb) {
      await db.schema.createIndex('events_date').ifNotExists().on('events').column('date').execute();
      await db.schema
        .createIndex('events_dyad_date')
        .ifNotExists()
        .on('events')
        .columns(['source_country', 'target_country', 'date'])
        .execute();
      await db.schema.dropIndex('events_date_cover').ifExists().execute();
      await db.schema.dropIndex('events_dyad_cover').ifExists().execute();
    },
  };
}

// Aggregates for the read side (src/analysis, src/server), kept exact under every write:
//  - event_dyad_months: per directed country pair × month × origin, the counted events (not a
//    near-duplicate, modality asserted or reported, no unknown `---` side) by quad class, with the
//    Goldstein sums the cooperation index needs and the largest |goldstein| (an upper bound after
//    deletions: readers only use it to guess which events may be evidence, and check the guess);
//  - event_dyad_totals: the same per directed pair × origin over all dates (the month cells summed);
//  - event_actor_counts: events per actor (code, country, sector, name) and side;
//  - event_class_counts: events per quad class, modality, origin and duplicate flag.
// SQLite: inserts cost nothing (the import path stays as fast as it was): rows above a rowid
// watermark are not yet aggregated; readers fold them in (refreshAggregates, src/store/aggregates.ts).
// Deletions and updates of aggregated rows go through triggers that recount the touched cells.
// PostgreSQL: statement-level triggers with transition tables keep the tables current in the
// writing transaction (one grouped upsert per INSERT statement, however many rows it has).

/** The events every analysis counts (src/analysis/scope.ts countedEvents), for a row alias `r`. */
export function countedSql(r: string): string {
  return `${r}.is_duplicate = 0 AND ${r}.modality IN ('asserted', 'reported') AND ${r}.source_country <> '---' AND ${r}.target_country <> '---'`;
}

/** The summed value columns of event_dyad_months and event_dyad_totals. */
export const DYAD_VALUE_COLUMNS = [
  'n_coop',
  'n_conflict',
  'n1',
  'n2',
  'n3',
  'n4',
  'gsum',
  'coop_abs',
  'coop_sq',
  'conflict_abs',
  'conflict_sq',
  'gmax',
] as const;
// in the order of the primary key: a pair's months are together, and summing per pair streams
export const DYAD_KEY_COLUMNS = ['source_country', 'target_country', 'month', 'origin'] as const;
const DYAD_SELECT_ORDER = ['month', 'source_country', 'target_country', 'origin'] as const;
/** The columns of event_dyad_months in the order dyadCellsSelect returns them. */
export const DYAD_COLUMNS = [...DYAD_SELECT_ORDER, ...DYAD_VALUE_COLUMNS] as const;

/**
 * SELECT of event_dyad_months rows from the events of `from` (alias r) matching `where`; with
 * `months` false, of event_dyad_totals rows (no month column: all dates).
 */
export function dyadCellsSelect(from: string, where: string, months = true): string {
  const coop = 'r.quad_class <= 2';
  const month = months ? 'substr(r.date, 1, 7) AS month, ' : '';
  const groupMonth = months ? 'substr(r.date, 1, 7), ' : '';
  return `SELECT ${month}r.source_country AS source_country, r.target_country AS target_country, r.origin AS origin,
  sum(CASE WHEN ${coop} THEN 1 ELSE 0 END) AS n_coop, sum(CASE WHEN ${coop} THEN 0 ELSE 1 END) AS n_conflict,
  sum(CASE WHEN r.quad_class = 1 THEN 1 ELSE 0 END) AS n1, sum(CASE WHEN r.quad_class = 2 THEN 1 ELSE 0 END) AS n2,
  sum(CASE WHEN r.quad_class = 3 THEN 1 ELSE 0 END) AS n3, sum(CASE WHEN r.quad_class = 4 THEN 1 ELSE 0 END) AS n4,
  sum(r.goldstein) AS gsum,
  sum(CASE WHEN ${coop} THEN abs(r.goldstein) ELSE 0 END) AS coop_abs, sum(CASE WHEN ${coop} THEN r.goldstein * r.goldstein ELSE 0 END) AS coop_sq,
  sum(CASE WHEN ${coop} THEN 0 ELSE abs(r.goldstein) END) AS conflict_abs, sum(CASE WHEN ${coop} THEN 0 ELSE r.goldstein * r.goldstein END) AS conflict_sq,
  max(abs(r.goldstein)) AS gmax
FROM ${from} r WHERE ${countedSql('r')} AND (${where})
GROUP BY ${groupMonth}r.source_country, r.target_country, r.origin`;
}

/** The columns of event_dyad_totals in the order dyadCellsSelect(…, false) returns them. */
export const TOTALS_COLUMNS = DYAD_COLUMNS.filter((c) => c !== 'month');

/** Upsert adding grouped pair totals (dialect: SQLite max(), PostgreSQL greatest()). */
export function dyadTotalsAdd(dialect: DialectName, select: string): string {
  const t = 'event_dyad_totals';
  const sets = DYAD_VALUE_COLUMNS.map((c) =>
    c === 'gmax'
      ? `gmax = ${dialect === 'postgres' ? 'greatest' : 'max'}(${t}.gmax, excluded.gmax)`
      : `${c} = ${t}.${c} + excluded.${c}`,
  ).join(', ');
  return `INSERT INTO ${t} (${TOTALS_COLUMNS.join(', ')}) SELECT * FROM (${select}) AS totals WHERE true
ON CONFLICT (source_country, target_country, origin) DO UPDATE SET ${sets}`;
}

/** Pair totals recomputed from the month cells, for the pairs the condition on `m` selects. */
function totalsFromMonths(where: string): string {
  const sums = DYAD_VALUE_COLUMNS.map((c) => (c === 'gmax' ? 'max(m.gmax)' : `sum(m.${c})`)).join(', ');
  return `INSERT INTO event_dyad_totals (${TOTALS_COLUMNS.join(', ')})
SELECT m.source_country, m.target_country, m.origin, ${sums} FROM event_dyad_months m WHERE ${where}
GROUP BY m.source_country, m.target_country, m.origin`;
}

/** Upsert adding grouped dyad cells (dialect: SQLite max(), PostgreSQL greatest()). */
export function dyadCellsAdd(dialect: DialectName, select: string): string {
  const t = 'event_dyad_months';
  const sets = DYAD_VALUE_COLUMNS.map((c) =>
    c === 'gmax'
      ? `gmax = ${dialect === 'postgres' ? 'greatest' : 'max'}(${t}.gmax, excluded.gmax)`
      : `${c} = ${t}.${c} + excluded.${c}`,
  ).join(', ');
  return `INSERT INTO ${t} (${DYAD_COLUMNS.join(', ')}) SELECT * FROM (${select}) AS cells WHERE true
ON CONFLICT (${DYAD_KEY_COLUMNS.join(', ')}) DO UPDATE SET ${sets}`;
}

/** SELECT of event_actor_counts rows (both sides) from the events of `from` matching `where`. */
export function actorCountsSelect(from: string, where: string): string {
  const side = (s: 'source' | 'target') =>
    `SELECT '${s}' AS side, r.${s}_code AS code, r.${s}_country AS country, r.${s}_sector AS sector, r.${s}_name AS actor_name, r.is_duplicate AS is_duplicate, count(*) AS n
FROM ${from} r WHERE ${where} GROUP BY r.${s}_code, r.${s}_country, r.${s}_sector, r.${s}_name, r.is_duplicate`;
  return `${side('source')} UNION ALL ${side('target')}`;
}

export function actorCountsAdd(select: string): string {
  return `INSERT INTO event_actor_counts (side, code, country, sector, actor_name, is_duplicate, n)
SELECT * FROM (${select}) AS counts WHERE true
ON CONFLICT (side, code, country, sector, actor_name, is_duplicate) DO UPDATE SET n = event_actor_counts.n + excluded.n`;
}

export function classCountsSelect(from: string, where: string): string {
  return `SELECT r.quad_class AS quad_class, r.modality AS modality, r.origin AS origin, r.is_duplicate AS is_duplicate, count(*) AS n
FROM ${from} r WHERE ${where} GROUP BY r.quad_class, r.modality, r.origin, r.is_duplicate`;
}

export function classCountsAdd(select: string): string {
  return `INSERT INTO event_class_counts (quad_class, modality, origin, is_duplicate, n)
SELECT * FROM (${select}) AS counts WHERE true
ON CONFLICT (quad_class, modality, origin, is_duplicate) DO UPDATE SET n = event_class_counts.n + excluded.n`;
}

/** SQLite: events at or below this rowid are in the aggregate tables. */
export const WATERMARK_SQL = 'SELECT watermark FROM event_aggregates_state WHERE id = 1';

function sqliteAggregateTriggers(): string[] {
  // Recount one dyad cell from the aggregated events (rowid <= watermark): exact, no drift of
  // floating-point sums, and the cell's gmax is exact again.
  const recount = (r: 'old' | 'new') => [
    `DELETE FROM event_dyad_months WHERE month = substr(${r}.date, 1, 7) AND source_country = ${r}.source_country AND target_country = ${r}.target_country AND origin = ${r}.origin`,
    `INSERT INTO event_dyad_months (${DYAD_COLUMNS.join(', ')}) ${dyadCellsSelect(
      'events',
      `r.source_country = ${r}.source_country AND r.target_country = ${r}.target_country AND r.origin = ${r}.origin
       AND r.date >= substr(${r}.date, 1, 7) || '-00' AND r.date < substr(${r}.date, 1, 7) || '-99'
       AND r.rowid <= (${WATERMARK_SQL})`,
    )}`,
    `DELETE FROM event_dyad_totals WHERE source_country = ${r}.source_country AND target_country = ${r}.target_country AND origin = ${r}.origin`,
    totalsFromMonths(
      `m.source_country = ${r}.source_country AND m.target_country = ${r}.target_country AND m.origin = ${r}.origin`,
    ),
  ];
  const counts = (r: 'old' | 'new', sign: '+' | '-') => {
    const out: string[] = [];
    for (const side of ['source', 'target'] as const) {
      const key = `side = '${side}' AND code = ${r}.${side}_code AND country = ${r}.${side}_country AND sector = ${r}.${side}_sector AND actor_name = ${r}.${side}_name AND is_duplicate = ${r}.is_duplicate`;
      if (sign === '-') {
        out.push(`UPDATE event_actor_counts SET n = n - 1 WHERE ${key}`);
        out.push(`DELETE FROM event_actor_counts WHERE ${key} AND n <= 0`);
      } else {
        out.push(
          `INSERT INTO event_actor_counts (side, code, country, sector, actor_name, is_duplicate, n) VALUES ('${side}', ${r}.${side}_code, ${r}.${side}_country, ${r}.${side}_sector, ${r}.${side}_name, ${r}.is_duplicate, 1)
           ON CONFLICT (side, code, country, sector, actor_name, is_duplicate) DO UPDATE SET n = n + 1`,
        );
      }
    }
    const key = `quad_class = ${r}.quad_class AND modality = ${r}.modality AND origin = ${r}.origin AND is_duplicate = ${r}.is_duplicate`;
    if (sign === '-') {
      out.push(`UPDATE event_class_counts SET n = n - 1 WHERE ${key}`);
      out.push(`DELETE FROM event_class_counts WHERE ${key} AND n <= 0`);
    } else {
      out.push(
        `INSERT INTO event_class_counts (quad_class, modality, origin, is_duplicate, n) VALUES (${r}.quad_class, ${r}.modality, ${r}.origin, ${r}.is_duplicate, 1)
         ON CONFLICT (quad_class, modality, origin, is_duplicate) DO UPDATE SET n = n + 1`,
      );
    }
    return out;
  };
  const body = (stmts: string[]) => `BEGIN\n${stmts.map((x) => `  ${x};`).join('\n')}\nEND`;
  return [
    `CREATE TRIGGER events_aggregates_delete AFTER DELETE ON events
     WHEN old.rowid <= (${WATERMARK_SQL})
     ${body([
       ...recount('old'),
       ...counts('old', '-'),
       // rowids above the highest remaining one are reused by the next insert: lower the
       // watermark so that those new rows count as not yet aggregated
       'UPDATE event_aggregates_state SET watermark = min(watermark, coalesce((SELECT max(rowid) FROM events), 0)) WHERE id = 1',
     ])}`,
    `CREATE TRIGGER events_aggregates_update AFTER UPDATE ON events
     WHEN old.rowid <= (${WATERMARK_SQL})
     ${body([...recount('old'), ...recount('new'), ...counts('old', '-'), ...counts('new', '+')])}`,
  ];
}

function postgresAggregateTriggers(): string[] {
  const affectedCells = (rel: string) =>
    `SELECT DISTINCT substr(o.date, 1, 7) AS month, o.source_country, o.target_country, o.origin FROM ${rel} o WHERE ${countedSql('o')}`;
  const recount = (rels: string[]) => {
    const cells = rels.map(affectedCells).join(' UNION ');
    const pairs = `SELECT DISTINCT source_country, target_country, origin FROM (${cells}) AS c`;
    return [
      `DELETE FROM event_dyad_months d USING (${cells}) c WHERE d.month = c.month AND d.source_country = c.source_country AND d.target_country = c.target_country AND d.origin = c.origin`,
      `INSERT INTO event_dyad_months (${DYAD_COLUMNS.join(', ')}) ${dyadCellsSelect(
        `(SELECT e.* FROM events e JOIN (${cells}) c ON e.source_country = c.source_country AND e.target_country = c.target_country AND e.origin = c.origin AND e.date >= c.month || '-00' AND e.date < c.month || '-99')`,
        'true',
      )}`,
      `DELETE FROM event_dyad_totals d USING (${pairs}) p WHERE d.source_country = p.source_country AND d.target_country = p.target_country AND d.origin = p.origin`,
      totalsFromMonths(`(m.source_country, m.target_country, m.origin) IN (${pairs})`),
    ];
  };
  const subtract = (rel: string) => [
    `UPDATE event_actor_counts t SET n = t.n - d.n FROM (${actorCountsSelect(rel, 'true')}) d
     WHERE t.side = d.side AND t.code = d.code AND t.country = d.country AND t.sector = d.sector AND t.actor_name = d.actor_name AND t.is_duplicate = d.is_duplicate`,
    'DELETE FROM event_actor_counts WHERE n <= 0',
    `UPDATE event_class_counts t SET n = t.n - d.n FROM (${classCountsSelect(rel, 'true')}) d
     WHERE t.quad_class = d.quad_class AND t.modality = d.modality AND t.origin = d.origin AND t.is_duplicate = d.is_duplicate`,
    'DELETE FROM event_class_counts WHERE n <= 0',
  ];
  const add = (rel: string) => [
    actorCountsAdd(actorCountsSelect(rel, 'true')),
    classCountsAdd(classCountsSelect(rel, 'true')),
  ];
  const fn = (name: string, stmts: string[]) =>
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
${stmts.map((x) => `  ${x};`).join('\n')}
  RETURN NULL;
END
$fn$`;
  return [
    fn('events_aggregates_insert', [
      // sorted, so that concurrent writers lock the same cells in the same order
      dyadCellsAdd('postgres', `${dyadCellsSelect('new_rows', 'true')} ORDER BY 1, 2, 3, 4`),
      dyadTotalsAdd('postgres', `${dyadCellsSelect('new_rows', 'true', false)} ORDER BY 1, 2, 3`),
      ...add('new_rows'),
    ]),
    fn('events_aggregates_delete', [...recount(['old_rows']), ...subtract('old_rows')]),
    fn('events_aggregates_update', [
      ...recount(['old_rows', 'new_rows']),
      ...subtract('old_rows'),
      ...add('new_rows'),
    ]),
    `CREATE TRIGGER events_aggregates_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION events_aggregates_insert()`,
    `CREATE TRIGGER events_aggregates_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows
     FOR EACH STATEMENT EXECUTE FUNCTION events_aggregates_delete()`,
    `CREATE TRIGGER events_aggregates_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION events_aggregates_update()`,
  ];
}

function m0004(dialect: DialectName): Migration {
  const pg = dialect === 'postgres';
  const real = pg ? 'double precision' : 'real';
  const clustered = pg ? '' : ' WITHOUT ROWID';
  return {
    async up(db: AnyDb) {
      const run = (statement: string) => sql.raw(statement).execute(db);
      await run(`CREATE TABLE event_dyad_months (
        month text NOT NULL, source_country text NOT NULL, target_country text NOT NULL, origin text NOT NULL,
        n_coop integer NOT NULL, n_conflict integer NOT NULL,
        n1 integer NOT NULL, n2 integer NOT NULL, n3 integer NOT NULL, n4 integer NOT NULL,
        gsum ${real} NOT NULL, coop_abs ${real} NOT NULL, coop_sq ${real} NOT NULL,
        conflict_abs ${real} NOT NULL, conflict_sq ${real} NOT NULL, gmax ${real} NOT NULL,
        PRIMARY KEY (source_country, target_country, month, origin))${clustered}`);
      // the cells of a range of months (a window of blocs or trends) without reading the others
      await run(
        `CREATE INDEX event_dyad_months_month ON event_dyad_months (month, ${DYAD_COLUMNS.filter((c) => c !== 'month').join(', ')})`,
      );
      await run(`CREATE TABLE event_dyad_totals (
        source_country text NOT NULL, target_country text NOT NULL, origin text NOT NULL,
        n_coop integer NOT NULL, n_conflict integer NOT NULL,
        n1 integer NOT NULL, n2 integer NOT NULL, n3 integer NOT NULL, n4 integer NOT NULL,
        gsum ${real} NOT NULL, coop_abs ${real} NOT NULL, coop_sq ${real} NOT NULL,
        conflict_abs ${real} NOT NULL, conflict_sq ${real} NOT NULL, gmax ${real} NOT NULL,
        PRIMARY KEY (source_country, target_country, origin))${clustered}`);
      await run(`CREATE TABLE event_actor_counts (
        side text NOT NULL, code text NOT NULL, country text NOT NULL, sector text NOT NULL,
        actor_name text NOT NULL, is_duplicate integer NOT NULL, n integer NOT NULL,
        PRIMARY KEY (side, code, country, sector, actor_name, is_duplicate))${clustered}`);
      await run(`CREATE TABLE event_class_counts (
        quad_class integer NOT NULL, modality text NOT NULL, origin text NOT NULL,
        is_duplicate integer NOT NULL, n integer NOT NULL,
        PRIMARY KEY (quad_class, modality, origin, is_duplicate))${clustered}`);
      // the events already stored
      const all = 'true';
      if (pg) {
        await run(
          `INSERT INTO event_dyad_months (${DYAD_COLUMNS.join(', ')}) ${dyadCellsSelect('events', all)}`,
        );
        await run(totalsFromMonths('true'));
        await run(actorCountsAdd(actorCountsSelect('events', all)));
        await run(classCountsAdd(classCountsSelect('events', all)));
        for (const statement of postgresAggregateTriggers()) await run(statement);
      } else {
        await run(
          'CREATE TABLE event_aggregates_state (id integer PRIMARY KEY CHECK (id = 1), watermark integer NOT NULL)',
        );
        await run(
          'INSERT INTO event_aggregates_state (id, watermark) VALUES (1, coalesce((SELECT max(rowid) FROM events), 0))',
        );
        const upTo = `r.rowid <= (${WATERMARK_SQL})`;
        await run(
          `INSERT INTO event_dyad_months (${DYAD_COLUMNS.join(', ')}) ${dyadCellsSelect('events', upTo)}`,
        );
        await run(totalsFromMonths('true'));
        await run(actorCountsAdd(actorCountsSelect('events', upTo)));
        await run(classCountsAdd(classCountsSelect('events', upTo)));
        for (const statement of sqliteAggregateTriggers()) await run(statement);
      }
    },
    async down(db: AnyDb) {
      const run = (statement: string) => sql.raw(statement).execute(db);
      for (const t of ['insert', 'delete', 'update'])
        await run(`DROP TRIGGER IF EXISTS events_aggregates_${t}${pg ? ' ON events' : ''}`);
      if (pg)
        for (const t of ['insert', 'delete', 'update'])
          await run(`DROP FUNCTION IF EXISTS events_aggregates_${t}()`);
      for (const t of [
        'event_dyad_months',
        'event_dyad_totals',
        'event_actor_counts',
        'event_class_counts',
        'event_aggregates_state',
      ])
        await run(`DROP TABLE IF EXISTS ${t}`);
    },
  };
}

// Near-duplicate lookup (src/store/batch.ts): every document published within a few days of a new
// one is a candidate, hundreds per lookup in a large store. With (published_at, simhash) the
// window is read from the index alone, and only the rare close hashes fetch their row. It replaces
// documents_published_at, its prefix.
function m0005(_dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createIndex('documents_published_simhash')
        .ifNotExists()
        .on('documents')
        .columns(['published_at', 'simhash'])
        .execute();
      await db.schema.dropIndex('documents_published_at').ifExists().execute();
    },
    async down(db: AnyDb) {
      await db.schema
        .createIndex('documents_published_at')
        .ifNotExists()
        .on('documents')
        .column('published_at')
        .execute();
      await db.schema.dropIndex('documents_published_simhash').ifExists().execute();
    },
  };
}

// Read paths that walked the events table (src/analysis/dyad.ts, src/analysis/followups.ts):
//  - events_dyad_cover gains `confidence`, `id` and `root`: a dyad series ranks its evidence events
//    by |goldstein|, confidence and id, and a busy pair has thousands of events tied at the largest
//    |goldstein|; with these columns in the index the ranking reads no table row, and only the
//    winners are fetched (USA–CHN at 10M events: about 14,000 table rows before). Follow-through
//    matches a planned event to later events of its dyad with a compatible root: the root is
//    checked in the index too (a seek in events_root per event of the window before);
//  - events_published_at: follow-through's default `as_of` is the latest published_at (a scan of
//    every event before);
//  - events_planned: the planned events, a few percent of a store, without reading the others
//    (partial index: imported events, never planned, cost nothing to index).
const DYAD_COVER_0003 = ['source_country', 'target_country', 'date', ...EVENTS_COVER_TAIL];

function m0006(_dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema.dropIndex('events_dyad_cover').ifExists().execute();
      await db.schema
        .createIndex('events_dyad_cover')
        .on('events')
        .columns([...DYAD_COVER_0003, 'confidence', 'id', 'root'])
        .execute();
      await db.schema
        .createIndex('events_published_at')
        .ifNotExists()
        .on('events')
        .column('published_at')
        .execute();
      await sql`CREATE INDEX IF NOT EXISTS events_planned ON events (date, id) WHERE modality = 'planned'`.execute(
        db,
      );
    },
    async down(db: AnyDb) {
      await db.schema.dropIndex('events_planned').ifExists().execute();
      await db.schema.dropIndex('events_published_at').ifExists().execute();
      await db.schema.dropIndex('events_dyad_cover').ifExists().execute();
      await db.schema.createIndex('events_dyad_cover').on('events').columns(DYAD_COVER_0003).execute();
    },
  };
}

// Near-duplicate lookup, second step (src/store/batch.ts): only originals (`duplicate_of IS NULL`)
// are candidates, so a cluster of copies (syndicated or templated text) answers a lookup with one
// row, its original, instead of every member. Partial indexes hold the originals only, one per
// SimHash band (each band is looked up on its own: as one OR query SQLite chose the duplicate_of
// index and scanned the table), and the publication window over originals only. Each holds the
// hash, so that far hashes are dropped from the index alone, and duplicate_of (always null, a
// byte): SQLite reads a partial index as covering only when it has the columns of its WHERE.
// documents_duplicate_of becomes partial too (`IS NOT NULL`, the near-duplicates only): as a full
// index SQLite took it for `duplicate_of IS NULL` (an equality) over the window's date range. The whole-store band indexes had
// no other reader and are dropped (four fewer B-trees to update per document).
const SIMHASH_BANDS = ['simhash_b0', 'simhash_b1', 'simhash_b2', 'simhash_b3'] as const;

function m0007(_dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      for (const b of SIMHASH_BANDS) {
        await sql`CREATE INDEX IF NOT EXISTS ${sql.id(`documents_original_${b}`)} ON documents (${sql.id(b)}, simhash, duplicate_of) WHERE duplicate_of IS NULL`.execute(
          db,
        );
      }
      await sql`CREATE INDEX IF NOT EXISTS documents_original_published ON documents (published_at, simhash, duplicate_of) WHERE duplicate_of IS NULL`.execute(
        db,
      );
      for (const b of SIMHASH_BANDS) await db.schema.dropIndex(`documents_${b}`).ifExists().execute();
      await db.schema.dropIndex('documents_duplicate_of').ifExists().execute();
      await sql`CREATE INDEX IF NOT EXISTS documents_duplicates ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL`.execute(
        db,
      );
    },
    async down(db: AnyDb) {
      await db.schema.dropIndex('documents_duplicates').ifExists().execute();
      await db.schema
        .createIndex('documents_duplicate_of')
        .ifNotExists()
        .on('documents')
        .column('duplicate_of')
        .execute();
      for (const b of SIMHASH_BANDS) {
        await db.schema.createIndex(`documents_${b}`).ifNotExists().on('documents').column(b).execute();
      }
      await db.schema.dropIndex('documents_original_published').ifExists().execute();
      for (const b of SIMHASH_BANDS)
        await db.schema.dropIndex(`documents_original_${b}`).ifExists().execute();
    },
  };
}

/**
 * 0008: where a bulk ingest records the indexes it dropped for the load (see bulk.ts), so that an
 * interrupted load's indexes are re-created by whoever opens the store next. Only SQLite loads in
 * bulk; the table exists on both so that the schemas stay the same.
 */
function m0008(_dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      await db.schema
        .createTable('deferred_indexes')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('sql', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: AnyDb) {
      await db.schema.dropTable('deferred_indexes').ifExists().execute();
    },
  };
}

/** All migrations by name; names sort in the order they run. */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': m0001(dialect),
    '0002_jobs': m0002(dialect),
    '0003_events_cover': m0003(dialect),
    '0004_event_aggregates': m0004(dialect),
    '0005_documents_near': m0005(dialect),
    '0006_events_read_indexes': m0006(dialect),
    '0007_documents_near_originals': m0007(dialect),
    '0008_deferred_indexes': m0008(dialect),
  };
}

/** The newest migration's name: the current schema version. */
export const SCHEMA_VERSION = '0008_deferred_indexes';

export class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Used by tests: true when the table exists in the current schema. */
export async function tableExists(db: AnyDb, table: string): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === table);
}
