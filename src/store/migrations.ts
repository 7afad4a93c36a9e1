// Versioned schema migrations, in code, for SQLite and PostgreSQL. Each migration is written once
// and picks column types per dialect where they differ (floating point, auto-increment ids).
// Never edit a released migration: add a new one with the next number.
import type { Kysely, Migration, MigrationProvider } from 'kysely';

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

/** All migrations by name; names sort in the order they run. */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial': m0001(dialect),
    '0002_jobs': m0002(dialect),
    '0003_events_cover': m0003(dialect),
    '0005_documents_near': m0005(dialect),
  };
}

/** The newest migration's name: the current schema version. */
export const SCHEMA_VERSION = '0005_documents_near';

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
