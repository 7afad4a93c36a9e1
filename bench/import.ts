// Importers: GDELT 2.0 and ICEWS files generated from the synthetic world, imported by the real
// CLI (`blocwatch import gdelt|icews FILE --db …`) into SQLite (and GDELT into PostgreSQL).
import { once } from 'node:events';
import { createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import { pgAvailable, pgTarget } from './pg.ts';
import type { BenchRow, BenchSection } from './types.ts';
import {
  compiledCli,
  failed,
  lastJson,
  lastLine,
  MiB,
  outPath,
  removeSqlite,
  runNode,
  unavailable,
} from './util.ts';
import { dayString, loadWorld, mulberry32, SECTOR_NAMES, type SyntheticEvent, sampleEvent } from './world.ts';

const SECTION = 'import';
const GEN_VERSION = 1;

function compact(day: number): string {
  return dayString(day).replaceAll('-', '');
}

function gdeltActor(e: SyntheticEvent, side: 'source' | 'target'): string[] {
  const c = side === 'source' ? e.source : e.target;
  const sector = side === 'source' ? e.sourceSector : e.targetSector;
  // Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type1..3
  return [`${c.iso3}${sector}`, c.name.toUpperCase(), c.iso3, '', '', '', '', sector, '', ''];
}

function gdeltGeo(e: SyntheticEvent, rng: () => number): string[] {
  const c = rng() < 0.5 ? e.source : e.target;
  if (!c.fips) return ['0', '', '', '', '', '', '', ''];
  const lat = (rng() * 120 - 60).toFixed(4);
  const lon = (rng() * 340 - 170).toFixed(4);
  // Type, FullName, CountryCode (FIPS), ADM1Code, ADM2Code, Lat, Long, FeatureID
  return ['1', c.name, c.fips, c.fips, '', lat, lon, c.fips];
}

/** One GDELT 2.0 event row (61 tab-separated columns). */
export function gdeltRow(id: number, e: SyntheticEvent, rng: () => number): string {
  const date = compact(e.day);
  const fraction = (
    Number(date.slice(0, 4)) +
    (Number(date.slice(4, 6)) * 30 + Number(date.slice(6, 8))) / 365
  ).toFixed(4);
  const mentions = 1 + Math.floor(rng() * 20);
  const geo = gdeltGeo(e, rng);
  const fields = [
    String(1_000_000_000 + id),
    date,
    date.slice(0, 6),
    date.slice(0, 4),
    fraction,
    ...gdeltActor(e, 'source'),
    ...gdeltActor(e, 'target'),
    rng() < 0.4 ? '1' : '0',
    e.code.code,
    e.code.code.slice(0, 3),
    e.code.root,
    String(e.code.quad),
    e.code.goldstein.toFixed(1),
    String(mentions),
    String(1 + Math.floor(mentions / 3)),
    String(mentions),
    (rng() * 20 - 10).toFixed(6),
    ...geo,
    ...geo,
    ...geo,
    `${date}${String(Math.floor(rng() * 24)).padStart(2, '0')}1500`,
    `https://news.example.org/${date}/story-${id}`,
  ];
  return fields.join('\t');
}

const ICEWS_HEADER = [
  'Event ID',
  'Event Date',
  'Source Name',
  'Source Sectors',
  'Source Country',
  'Event Text',
  'CAMEO Code',
  'Intensity',
  'Target Name',
  'Target Sectors',
  'Target Country',
  'Story ID',
  'Sentence Number',
  'Publisher',
  'City',
  'District',
  'Province',
  'Country',
  'Latitude',
  'Longitude',
].join('\t');

/** One ICEWS row (20 tab-separated columns). */
export function icewsRow(id: number, e: SyntheticEvent, rng: () => number): string {
  const sName = SECTOR_NAMES[e.sourceSector] ?? 'Government';
  const tName = SECTOR_NAMES[e.targetSector] ?? 'Government';
  return [
    String(40_000_000 + id),
    dayString(e.day),
    `${sName} (${e.source.name})`,
    `${sName},Government`,
    e.source.name,
    e.code.name,
    e.code.code,
    e.code.goldstein.toFixed(1),
    `${tName} (${e.target.name})`,
    tName,
    e.target.name,
    String(50_000_000 + Math.floor(id / 4)),
    String(1 + (id % 4)),
    'Generated Wire',
    'NA',
    'NA',
    'NA',
    e.source.name,
    (rng() * 120 - 60).toFixed(4),
    (rng() * 340 - 170).toFixed(4),
  ].join('\t');
}

/** Writes `rows` generated lines to FILE once (kept across runs; regenerated when incomplete). */
async function generateFile(
  file: string,
  rows: number,
  seed: number,
  header: string | null,
  row: (id: number, e: SyntheticEvent, rng: () => number) => string,
): Promise<void> {
  if (existsSync(file)) return;
  const world = loadWorld();
  const rng = mulberry32(seed);
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  let chunk: string[] = header ? [header] : [];
  for (let i = 0; i < rows; i++) {
    chunk.push(row(i, sampleEvent(world, rng), rng));
    if (chunk.length >= 5000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  renameSync(partial, file);
}

async function importRun(
  kind: 'gdelt' | 'icews',
  label: string,
  file: string,
  db: string,
  rows: number,
): Promise<BenchRow[]> {
  const name = `${kind} → ${label}`;
  const r = await runNode([await compiledCli(), 'import', kind, file, '--db', db, '--json'], {
    timeoutMs: 30 * 60_000,
  });
  const summary = lastJson(r.stdout);
  if (r.code !== 0 || !summary) return [failed(SECTION, name, lastLine(r.stderr) || `exit ${r.code}`)];
  const read = Number(summary.read);
  const stored = Number(summary.stored);
  const seconds = Number(summary.seconds);
  const rate = read / seconds;
  const ok = read === rows && stored === rows;
  const rows_: BenchRow[] = [
    {
      section: SECTION,
      name: `${name}, import rate`,
      value: rate,
      unit: `rows/s (${read.toLocaleString('en-US')} rows, ${stored.toLocaleString('en-US')} stored; ${(read / r.seconds).toFixed(0)}/s incl. start-up; ${(read / r.cpuSeconds).toFixed(0)} per CPU-second)`,
      ...(kind === 'gdelt' && label === 'SQLite' ? { target: '>= 100,000', ok: rate >= 100_000 && ok } : {}),
    },
    { section: SECTION, name: `${name}, peak RSS`, value: r.peakRss / MiB, unit: 'MiB' },
  ];
  if (!ok)
    rows_.push(failed(SECTION, `${name}, row count`, `read ${read}, stored ${stored}, expected ${rows}`));
  return rows_;
}

export const importSection: BenchSection = {
  name: 'import',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const mod = await import('../src/ingest/importers/index.ts').catch((e: Error) => e);
    if (mod instanceof Error)
      return [unavailable(SECTION, 'importers', `src/ingest/importers (${mod.message})`)];
    const gdeltRows = ctx.quick ? 50_000 : 500_000;
    const icewsRows = ctx.quick ? 20_000 : 200_000;
    const gdeltFile = outPath(`gdelt2-${gdeltRows}-v${GEN_VERSION}.tsv`);
    const icewsFile = outPath(`icews-${icewsRows}-v${GEN_VERSION}.tab`);
    await generateFile(gdeltFile, gdeltRows, 11, null, gdeltRow);
    await generateFile(icewsFile, icewsRows, 13, ICEWS_HEADER, icewsRow);
    rows.push({
      section: SECTION,
      name: 'generated inputs',
      value: gdeltRows,
      unit: `GDELT 2.0 rows (${(statSync(gdeltFile).size / MiB).toFixed(0)} MiB), ${icewsRows.toLocaleString('en-US')} ICEWS rows`,
    });

    const db = outPath('import.db');
    for (const [kind, file, n] of [
      ['gdelt', gdeltFile, gdeltRows],
      ['icews', icewsFile, icewsRows],
    ] as const) {
      removeSqlite(db);
      try {
        rows.push(...(await importRun(kind, 'SQLite', file, db, n)));
      } catch (error) {
        rows.push(failed(SECTION, `${kind} → SQLite`, error));
      }
    }
    removeSqlite(db);

    const pg = await pgAvailable();
    if (pg !== true) rows.push(unavailable(SECTION, 'gdelt → PostgreSQL', pg));
    else {
      const target = await pgTarget('bench_import');
      try {
        rows.push(...(await importRun('gdelt', 'PostgreSQL', gdeltFile, target.url, gdeltRows)));
      } catch (error) {
        rows.push(failed(SECTION, 'gdelt → PostgreSQL', error));
      } finally {
        await target.drop();
      }
    }
    return rows;
  },
};
