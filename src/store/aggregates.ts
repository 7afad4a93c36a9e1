// Read side of the aggregate tables of migration 0004 (see src/store/migrations.ts): dyad cells
// per month, actor counts and class counts, exactly equal to what the same grouping over the
// events table gives. On SQLite the rows above the watermark (inserted since the last refresh)
// are folded in here: refreshAggregates moves them into the tables when it can take the write
// lock at once, and every reader adds whatever is still above the watermark, so answers never
// depend on a refresh having run. On PostgreSQL triggers keep the tables current.
import type SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import {
  actorCountsAdd,
  actorCountsSelect,
  classCountsAdd,
  classCountsSelect,
  countedSql,
  type DialectName,
  DYAD_COLUMNS,
  dyadCellsAdd,
  dyadCellsSelect,
  dyadTotalsAdd,
  TOTALS_COLUMNS,
  WATERMARK_SQL,
} from './migrations.ts';
import type { Database } from './schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: the aggregate tables are read with raw SQL
type AnyDb = Kysely<any>;

/** Which SQL dialect a kysely instance speaks (the analysis gets only the instance). */
export function dialectOf(db: Kysely<Database>): DialectName {
  const adapter = db.getExecutor().adapter;
  return adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

/** SQLite: the connection under each store's kysely instance (src/store/index.ts registers it). */
const sqliteHandles = new WeakMap<object, SqliteDatabase.Database>();

export function registerSqliteHandle(db: Kysely<Database>, handle: SqliteDatabase.Database): void {
  sqliteHandles.set(db, handle);
}

/**
 * The rows of a read query as arrays of column values, in the order the query selects them. The
 * all-pairs reads return tens of thousands of rows: on SQLite they go straight to better-sqlite3 in
 * raw mode on the store's own connection (kysely would build an object per row, and building them
 * and collecting them afterwards cost more than the query itself). PostgreSQL: through kysely, so
 * the selected columns need distinct names.
 */
export async function selectRows(db: Kysely<Database>, query: string): Promise<unknown[][]> {
  const handle = sqliteHandles.get(db);
  if (!handle) {
    const r = await sql<Record<string, unknown>>`${sql.raw(query)}`.execute(db);
    return r.rows.map((row) => Object.values(row));
  }
  // the statement may be shared with kysely (the store caches statements by SQL text): raw mode on
  // for this call only
  const statement = handle.prepare(query);
  statement.raw(true);
  try {
    return statement.all() as unknown[][];
  } finally {
    statement.raw(false);
  }
}

/** SQLite: the rowid up to which events are aggregated; null on PostgreSQL (always current). */
export interface AggregateState {
  readonly dialect: DialectName;
  readonly watermark: number | null;
  /** The highest events rowid (SQLite). */
  readonly high: number | null;
}

/** True when the store has the aggregate tables (migration 0004 or later). */
const hasTablesCache = new WeakMap<object, boolean>();

async function hasAggregates(db: Kysely<Database>): Promise<boolean> {
  const known = hasTablesCache.get(db);
  if (known !== undefined) return known;
  const dialect = dialectOf(db);
  const r =
    dialect === 'postgres'
      ? await sql<{
          n: number;
        }>`select count(*) as n from information_schema.tables where table_schema = current_schema() and table_name = 'event_dyad_months'`.execute(
          db,
        )
      : await sql<{
          n: number;
        }>`select count(*) as n from sqlite_master where type = 'table' and name = 'event_dyad_months'`.execute(
          db,
        );
  const present = Number(r.rows[0]?.n ?? 0) > 0;
  hasTablesCache.set(db, present);
  return present;
}

async function sqliteState(db: AnyDb): Promise<{ watermark: number; high: number }> {
  const r = await sql<{
    watermark: number;
    high: number | null;
  }>`select (${sql.raw(WATERMARK_SQL)}) as watermark, (select max(rowid) from events) as high`.execute(db);
  const row = r.rows[0];
  return { watermark: Number(row?.watermark ?? 0), high: Number(row?.high ?? 0) };
}

/**
 * SQLite: aggregate the events inserted since the last refresh, when the write lock is free right
 * now (a reader never waits for a writer); PostgreSQL: nothing to do. Returns the state readers
 * use to add what is still above the watermark.
 */
export async function refreshAggregates(db: Kysely<Database>): Promise<AggregateState> {
  const dialect = dialectOf(db);
  if (dialect === 'postgres') return { dialect, watermark: null, high: null };
  const before = await sqliteState(db);
  if (before.high <= before.watermark) return { dialect, watermark: before.watermark, high: before.high };
  try {
    await db.connection().execute(async (conn) => {
      await sql`pragma busy_timeout = 0`.execute(conn);
      try {
        await sql`begin immediate`.execute(conn);
      } finally {
        await sql`pragma busy_timeout = 10000`.execute(conn);
      }
      try {
        const { watermark, high } = await sqliteState(conn);
        if (high > watermark) {
          const range = `r.rowid > ${watermark} AND r.rowid <= ${high}`;
          await sql.raw(dyadCellsAdd('sqlite', dyadCellsSelect('events', range))).execute(conn);
          await sql.raw(dyadTotalsAdd('sqlite', dyadCellsSelect('events', range, false))).execute(conn);
          await sql.raw(actorCountsAdd(actorCountsSelect('events', range))).execute(conn);
          await sql.raw(classCountsAdd(classCountsSelect('events', range))).execute(conn);
          await sql`update event_aggregates_state set watermark = ${high} where id = 1`.execute(conn);
        }
        await sql`commit`.execute(conn);
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw error;
      }
    });
  } catch (error) {
    // busy (another process is writing) or read-only: readers fold the new rows in themselves
    if (!/SQLITE_(BUSY|READONLY)|busy|locked|readonly/i.test(String((error as Error).message ?? error)))
      throw error;
  }
  const after = await sqliteState(db);
  return { dialect, watermark: after.watermark, high: after.high };
}

/** Where the counted events' cells come from for a range of whole months. */
export interface CellQuery {
  /** First month (`YYYY-MM`), inclusive; none: from the start. */
  readonly fromMonth?: string;
  /** Last month (`YYYY-MM`), inclusive. */
  readonly toMonth?: string;
  readonly origins?: readonly string[];
  /** Only the directed pairs a→b and b→a (country codes). */
  readonly pair?: readonly [string, string];
  /** Only pairs with this country on one side. */
  readonly country?: string;
}

/** One relation from several SELECTs of the same columns. */
export function unionAll(selects: readonly string[]): string {
  if (selects.length === 1) return selects[0]!;
  return selects.map((p, i) => `SELECT * FROM (${p}) AS part${i}`).join(' UNION ALL ');
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function cellFilters(q: CellQuery, alias: string, month: string): string[] {
  const out: string[] = [];
  if (q.fromMonth) out.push(`${month} >= ${quote(q.fromMonth)}`);
  if (q.toMonth) out.push(`${month} <= ${quote(q.toMonth)}`);
  if (q.origins) out.push(`${alias}.origin IN (${q.origins.map(quote).join(', ')})`);
  if (q.pair) {
    const [a, b] = q.pair.map(quote);
    out.push(
      `((${alias}.source_country = ${a} AND ${alias}.target_country = ${b}) OR (${alias}.source_country = ${b} AND ${alias}.target_country = ${a}))`,
    );
  }
  if (q.country) {
    const c = quote(q.country);
    out.push(`(${alias}.source_country = ${c} OR ${alias}.target_country = ${c})`);
  }
  return out;
}

/**
 * The dyad cells (columns of event_dyad_months) of whole months, as a SQL relation: the table,
 * plus (SQLite) the events above the watermark grouped the same way. Null when the store has no
 * aggregate tables (a store opened without migrations).
 */
export async function dyadCells(db: Kysely<Database>, q: CellQuery): Promise<string | null> {
  if (!(await hasAggregates(db))) return null;
  const state = await refreshAggregates(db);
  const tableWhere = cellFilters(q, 'd', 'd.month');
  const parts = [
    `SELECT ${DYAD_COLUMNS.map((c) => `d.${c}`).join(', ')} FROM event_dyad_months d${
      tableWhere.length > 0 ? ` WHERE ${tableWhere.join(' AND ')}` : ''
    }`,
  ];
  if (state.watermark !== null && state.high !== null && state.high > state.watermark) {
    const raw = cellFilters(q, 'r', 'substr(r.date, 1, 7)');
    raw.push(`r.rowid > ${state.watermark}`);
    parts.push(dyadCellsSelect('events', raw.join(' AND ')));
  }
  return unionAll(parts);
}

/**
 * The dyad totals over all dates (columns of event_dyad_totals: the cells without a month), as a
 * SQL relation, like dyadCells.
 */
export async function dyadTotals(
  db: Kysely<Database>,
  q: Omit<CellQuery, 'fromMonth' | 'toMonth'>,
): Promise<string | null> {
  if (!(await hasAggregates(db))) return null;
  const state = await refreshAggregates(db);
  const tableWhere = cellFilters(q, 'd', '');
  const parts = [
    `SELECT ${TOTALS_COLUMNS.map((c) => `d.${c}`).join(', ')} FROM event_dyad_totals d${
      tableWhere.length > 0 ? ` WHERE ${tableWhere.join(' AND ')}` : ''
    }`,
  ];
  if (state.watermark !== null && state.high !== null && state.high > state.watermark) {
    const raw = cellFilters(q, 'r', '');
    raw.push(`r.rowid > ${state.watermark}`);
    parts.push(dyadCellsSelect('events', raw.join(' AND '), false));
  }
  return unionAll(parts);
}

/**
 * The same cells computed from the events table for a date range that is not made of whole
 * months (the partial months at the edges of a scope).
 */
export function rawDyadCells(
  q: Omit<CellQuery, 'fromMonth' | 'toMonth'> & { from?: string; to?: string },
): string {
  const where = cellFilters(q, 'r', 'substr(r.date, 1, 7)');
  if (q.from) where.push(`r.date >= ${quote(q.from)}`);
  if (q.to) where.push(`r.date <= ${quote(q.to)}`);
  if (where.length === 0) where.push('1 = 1');
  return dyadCellsSelect('events', where.join(' AND '));
}

/** Actor counts (event_actor_counts columns), current. Null without aggregate tables. */
export async function actorCounts(db: Kysely<Database>): Promise<string | null> {
  if (!(await hasAggregates(db))) return null;
  const state = await refreshAggregates(db);
  const table = 'SELECT side, code, country, sector, actor_name, is_duplicate, n FROM event_actor_counts';
  if (state.watermark === null || state.high === null || state.high <= state.watermark) return table;
  return unionAll([table, actorCountsSelect('events', `r.rowid > ${state.watermark}`)]);
}

/** Event counts by quad class, modality, origin and duplicate flag, current. */
export async function classCounts(db: Kysely<Database>): Promise<string | null> {
  if (!(await hasAggregates(db))) return null;
  const state = await refreshAggregates(db);
  const table = 'SELECT quad_class, modality, origin, is_duplicate, n FROM event_class_counts';
  if (state.watermark === null || state.high === null || state.high <= state.watermark) return table;
  return unionAll([table, classCountsSelect('events', `r.rowid > ${state.watermark}`)]);
}

export { countedSql };

/**
 * SQLite: a token that changes whenever the database may have changed: a commit by another
 * connection moves `data_version`, a write on this connection (in or out of a transaction, trigger
 * writes included) moves `total_changes()`. The aggregates are refreshed first, so that a refresh
 * does not change the token of the answer it serves. Null on PostgreSQL (no such counter: readers
 * there do not memoise).
 */
export async function storeVersion(db: Kysely<Database>): Promise<string | null> {
  if (dialectOf(db) !== 'sqlite') return null;
  if (await hasAggregates(db)) await refreshAggregates(db);
  const r = await sql<{
    v: number;
    c: number;
  }>`select (select data_version from pragma_data_version) as v, total_changes() as c`.execute(db);
  const row = r.rows[0];
  return row ? `${row.v}:${row.c}` : null;
}
