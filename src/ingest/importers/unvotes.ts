// UN General Assembly roll-call votes (Voeten's data as packaged for R: votes, roll calls and
// issues; CSV, plain or gzip). Country codes are ISO alpha-2 in the votes file and become alpha-3
// through data/geo/countries.csv; Namibia is the string "NA" and stays Namibia. Re-importing a
// roll call replaces its rows.
import type { Insertable, Kysely } from 'kysely';
import { BlocwatchError, describeError } from '../../errors.ts';
import type { Database, UnRollCallsTable, UnVotesTable } from '../../store/schema.ts';
import { csvRecords } from './csv.ts';
import type { ImportOptions } from './gdelt.ts';
import { readLines } from './lines.ts';
import { loadCountryTable, normalizeName } from './reference.ts';
import type { ImportTarget } from './writer.ts';

export interface UnVotesImportOptions extends ImportOptions {
  readonly rollCalls?: string;
  readonly issues?: string;
}

export interface UnVotesSummary {
  readonly votes: number;
  readonly rollCalls: number;
  readonly rejected: number;
  readonly rejections: string[];
  readonly seconds: number;
}

const VOTE_CODES: Record<string, number> = {
  yes: 1,
  y: 1,
  '1': 1,
  abstain: 2,
  a: 2,
  '2': 2,
  no: 3,
  n: 3,
  '3': 3,
};
const BATCH = 2000;

function headerIndex(file: string, header: string[], required: string[]): Map<string, number> {
  const index = new Map(
    header.map((h, i) => [
      h
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase(),
      i,
    ]),
  );
  for (const column of required)
    if (!index.has(column))
      throw new BlocwatchError(
        'BW_ERR_IMPORT',
        `${file}:1 header: expected a column "${column}", found ${header.join(',')}`,
      );
  return index;
}

async function readIssues(file: string, options: ImportOptions): Promise<Map<number, string[]>> {
  const issues = new Map<number, string[]>();
  let index: Map<string, number> | null = null;
  for await (const [, fields] of csvRecords(readLines(file, options))) {
    if (!index) {
      index = headerIndex(file, fields, ['rcid', 'short_name']);
      continue;
    }
    const rcid = Number(fields[index.get('rcid')!]);
    const code = (fields[index.get('short_name')!] ?? '').trim();
    if (!Number.isInteger(rcid) || code === '') continue;
    const list = issues.get(rcid) ?? [];
    if (!list.includes(code)) list.push(code);
    issues.set(rcid, list);
  }
  return issues;
}

async function run(db: Kysely<Database>, what: string, work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    if (error instanceof BlocwatchError) throw error;
    throw new BlocwatchError('BW_ERR_DB_QUERY', `storing ${what} failed: ${describeError(error)}`, {
      cause: error,
    });
  }
  return db;
}

export async function importUnVotes(
  target: ImportTarget,
  votesFiles: readonly string[],
  options: UnVotesImportOptions = {},
): Promise<UnVotesSummary> {
  const started = performance.now();
  const countries = loadCountryTable();
  const rejections: string[] = [];
  let rejected = 0;
  const reject = (where: string, reason: string) => {
    rejected++;
    if (rejections.length < 20) rejections.push(`${where} ${reason}`);
  };
  let rollCalls = 0;
  let votes = 0;
  await target.db.transaction().execute(async (trx) => {
    if (options.rollCalls) {
      const issues = options.issues ? await readIssues(options.issues, options) : new Map<number, string[]>();
      const file = options.rollCalls;
      let index: Map<string, number> | null = null;
      let batch: Insertable<UnRollCallsTable>[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const rows = batch;
        batch = [];
        await run(trx, 'roll calls', async () => {
          await trx
            .deleteFrom('un_roll_calls')
            .where(
              'rcid',
              'in',
              rows.map((r) => r.rcid),
            )
            .execute();
          await trx.insertInto('un_roll_calls').values(rows).execute();
        });
        rollCalls += rows.length;
      };
      for await (const [lineNo, fields] of csvRecords(readLines(file, options))) {
        if (!index) {
          index = headerIndex(file, fields, ['rcid', 'session', 'date']);
          continue;
        }
        const ix = index;
        const get = (name: string) => (ix.has(name) ? (fields[ix.get(name)!] ?? '') : '');
        const rcid = Number(get('rcid'));
        const session = Number(get('session'));
        const date = get('date');
        if (!Number.isInteger(rcid)) {
          reject(`${file}:${lineNo}`, `rcid: expected an integer, found ${JSON.stringify(get('rcid'))}`);
          continue;
        }
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
          reject(`${file}:${lineNo}`, `date: expected YYYY-MM-DD, found ${JSON.stringify(date)}`);
          continue;
        }
        const ownIssues = get('issues');
        batch.push({
          rcid,
          session: Number.isInteger(session) ? session : 0,
          date,
          importantvote: get('importantvote') === '1' ? 1 : 0,
          unres: get('unres') || null,
          short: get('short') || null,
          descr: get('descr') || null,
          issues: (issues.get(rcid) ?? (ownIssues ? ownIssues.split(/[,;|]/) : [])).join(','),
        });
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    }
    for (const file of votesFiles) {
      let index: Map<string, number> | null = null;
      let batch: Insertable<UnVotesTable>[] = [];
      const cleared = new Set<number>();
      const flush = async () => {
        if (batch.length === 0) return;
        const rows = batch;
        batch = [];
        const fresh = [...new Set(rows.map((r) => r.rcid))].filter((r) => !cleared.has(r));
        for (const r of fresh) cleared.add(r);
        await run(trx, 'votes', async () => {
          if (fresh.length > 0) await trx.deleteFrom('un_votes').where('rcid', 'in', fresh).execute();
          for (let i = 0; i < rows.length; i += 1000)
            await trx
              .insertInto('un_votes')
              .values(rows.slice(i, i + 1000))
              .execute();
        });
        votes += rows.length;
      };
      const unknown = new Set<string>();
      for await (const [lineNo, fields] of csvRecords(readLines(file, options))) {
        if (!index) {
          index = headerIndex(file, fields, ['rcid', 'vote']);
          if (!index.has('country_code') && !index.has('country'))
            throw new BlocwatchError('BW_ERR_IMPORT', `${file}:1 header: expected country_code or country`);
          continue;
        }
        const ix = index;
        const get = (name: string) => (ix.has(name) ? (fields[ix.get(name)!] ?? '').trim() : '');
        const rcid = Number(get('rcid'));
        if (!Number.isInteger(rcid)) {
          reject(`${file}:${lineNo}`, `rcid: expected an integer, found ${JSON.stringify(get('rcid'))}`);
          continue;
        }
        const vote = VOTE_CODES[get('vote').toLowerCase()];
        if (vote === undefined) continue; // absent or not a member: not a vote
        const cc = get('country_code');
        const name = get('country');
        const iso3 =
          (cc.length === 2
            ? countries.byIso2.get(cc)
            : cc.length === 3 && countries.codes.has(cc)
              ? cc
              : undefined) ?? countries.byName.get(normalizeName(name));
        if (!iso3) {
          if (!unknown.has(cc + name)) reject(`${file}:${lineNo}`, `country: unknown code ${cc} (${name})`);
          else rejected++;
          unknown.add(cc + name);
          continue;
        }
        batch.push({ rcid, country: iso3, vote });
        if (batch.length >= BATCH * 5) await flush();
      }
      await flush();
    }
  });
  return { votes, rollCalls, rejected, rejections, seconds: (performance.now() - started) / 1000 };
}
