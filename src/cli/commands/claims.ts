// `blocwatch claims`: stored numeric and relation claims, filtered by metric, actor, speaker and
// period, as a table or JSON ({"ok","claims"}, the records `blocwatch extract` writes).
import { type Command, InvalidArgumentError } from 'commander';
import { listClaims } from '../../store/listing.ts';
import {
  addDbOption,
  formatTable,
  out,
  parseDateOption,
  parsePositiveInt,
  readOrFail,
  truncate,
  withStore,
} from '../shared.ts';

interface ClaimsCliOptions {
  db: string;
  metric?: string;
  actor?: string;
  speaker?: string;
  type?: 'numeric' | 'relation';
  from?: string;
  to?: string;
  doc?: string;
  includeDuplicates?: boolean;
  limit: number;
  json?: boolean;
}

export function parseActorCode(value: string): string {
  const v = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{3,}$/.test(v)) throw new InvalidArgumentError('expected an actor code such as IRN.');
  return v;
}

function parseMetric(value: string): string {
  if (!/^[a-z_]{1,40}$/.test(value))
    throw new InvalidArgumentError('expected a metric such as trade or killed.');
  return value;
}

function parseType(value: string): string {
  if (value !== 'numeric' && value !== 'relation')
    throw new InvalidArgumentError('expected numeric or relation.');
  return value;
}

function formatValue(value: number | null, unit: string | null): string {
  if (value === null) return '-';
  const abs = Math.abs(value);
  const text =
    abs >= 1e12
      ? `${(value / 1e12).toPrecision(3)}T`
      : abs >= 1e9
        ? `${(value / 1e9).toPrecision(3)}B`
        : abs >= 1e6
          ? `${(value / 1e6).toPrecision(3)}M`
          : String(value);
  const sign = unit === 'percent' && value > 0 ? '+' : '';
  return `${sign}${text} ${unit === 'percent' ? '%' : (unit ?? '')}`.trim();
}

export function register(program: Command): void {
  const cmd = program
    .command('claims')
    .description(
      'List stored claims (numbers with metric, unit, period and speaker; attributed relation claims)',
    )
    .option(
      '--metric <name>',
      'metric: trade, exports, imports, investment, killed, troops, ...',
      parseMetric,
    )
    .option('--actor <code>', 'claims concerning this country or group (IRN)', parseActorCode)
    .option('--speaker <text>', 'speaker name contains this text (case-insensitive)')
    .option('--type <t>', 'numeric or relation', parseType)
    .option(
      '--from <YYYY-MM-DD>',
      'claims whose period (or publication) ends on or after this date',
      parseDateOption,
    )
    .option(
      '--to <YYYY-MM-DD>',
      'claims whose period (or publication) starts on or before this date',
      parseDateOption,
    )
    .option('--doc <id>', 'claims of one document')
    .option('--include-duplicates', 'include claims of near-duplicate documents')
    .option('--limit <n>', 'at most this many claims', parsePositiveInt, 100)
    .option('--json', 'print {"ok","claims"} as JSON');
  addDbOption(cmd);
  cmd.action(async (o: ClaimsCliOptions) => {
    await withStore(o.db, async (store) => {
      const claims = await readOrFail('claims', () =>
        listClaims(
          store.db,
          {
            actors: o.actor ? [o.actor] : [],
            metric: o.metric,
            type: o.type,
            docId: o.doc,
            from: o.from,
            to: o.to,
            speaker: o.speaker,
            includeDuplicates: o.includeDuplicates,
          },
          { limit: o.limit },
        ),
      );
      if (o.json) {
        await out(`${JSON.stringify({ ok: true, claims })}\n`);
        return;
      }
      if (claims.length === 0) {
        await out('no claims match\n');
        return;
      }
      const table = claims.map((c) => [
        c.claim_type === 'relation' ? `${c.relation} (${c.stance})` : c.metric,
        c.claim_type === 'relation' ? '-' : formatValue(c.value, c.unit),
        c.actors.join(',') || '-',
        c.period_start
          ? c.period_start === c.period_end
            ? c.period_start
            : `${c.period_start}..${c.period_end}`
          : '-',
        truncate(c.speaker ?? '-', 24),
        truncate(c.evidence.text, 60),
      ]);
      await out(`${formatTable(['metric', 'value', 'actors', 'period', 'speaker', 'evidence'], table)}\n`);
    });
  });
}
