// `blocwatch events`: list stored events with filters, as a table or JSON (the API's shape).
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { EventFilters } from '../../store/index.ts';
import {
  addDbOption,
  formatTable,
  out,
  parseDateOption,
  parsePositiveInt,
  truncate,
  withStore,
} from '../shared.ts';

export interface EventFilterCliOptions {
  actor?: string;
  pair?: [string, string];
  country?: string;
  source?: string;
  target?: string;
  code?: string;
  root?: string;
  quad?: number;
  modality?: string;
  origin?: string;
  from?: string;
  to?: string;
  doc?: string;
  includeDuplicates?: boolean;
}

const ACTOR = /^[A-Z0-9]{3,}$/;

function parseActor(value: string): string {
  const v = value.trim().toUpperCase();
  if (!ACTOR.test(v)) throw new InvalidArgumentError('expected an actor code such as IRN or IRNGOV.');
  return v;
}

function parsePair(value: string): [string, string] {
  const parts = value.split(',').map((p) => p.trim().toUpperCase());
  if (parts.length !== 2 || !parts.every((p) => ACTOR.test(p)))
    throw new InvalidArgumentError('expected two actor codes A,B such as IRN,RUS.');
  return [parts[0], parts[1]];
}

function parseCode(value: string): string {
  if (!/^\d{2,4}$/.test(value)) throw new InvalidArgumentError('expected a CAMEO code such as 042.');
  return value;
}

function parseQuad(value: string): number {
  if (!/^[1-4]$/.test(value)) throw new InvalidArgumentError('expected a quad class 1-4.');
  return Number(value);
}

const MODALITIES = ['asserted', 'negated', 'hypothetical', 'planned', 'reported'];

function parseModality(value: string): string {
  if (!MODALITIES.includes(value))
    throw new InvalidArgumentError(`expected one of ${MODALITIES.join(', ')}.`);
  return value;
}

function parseOrigin(value: string): string {
  if (!['blocwatch', 'gdelt', 'icews'].includes(value))
    throw new InvalidArgumentError('expected blocwatch, gdelt or icews.');
  return value;
}

/** The event filter options shared by `events` and `export`. */
export function addEventFilterOptions(cmd: Command): Command {
  return cmd
    .option('--actor <code>', 'actor code prefix on either side (IRN, IRNGOV)', parseActor)
    .option('--pair <A,B>', 'events between two actors, either direction', parsePair)
    .option('--country <code>', 'country or group code on either side', parseActor)
    .option('--source <code>', 'source actor code prefix', parseActor)
    .option('--target <code>', 'target actor code prefix', parseActor)
    .option('--code <cameo>', 'CAMEO event code (042)', parseCode)
    .option('--root <cameo>', 'CAMEO root code (04)', parseCode)
    .option(
      '--quad <n>',
      'quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict',
      parseQuad,
    )
    .option('--modality <m>', MODALITIES.join('|'), parseModality)
    .option('--origin <o>', 'blocwatch|gdelt|icews', parseOrigin)
    .option('--from <YYYY-MM-DD>', 'events on or after this date', parseDateOption)
    .option('--to <YYYY-MM-DD>', 'events on or before this date', parseDateOption)
    .option('--doc <id>', 'events of one document')
    .option('--include-duplicates', 'include events of near-duplicate documents');
}

export function filtersFromOptions(o: EventFilterCliOptions): EventFilters {
  return {
    ...(o.actor ? { actor: o.actor } : {}),
    ...(o.pair ? { pair: o.pair } : {}),
    ...(o.country ? { country: o.country } : {}),
    ...(o.source ? { source: o.source } : {}),
    ...(o.target ? { target: o.target } : {}),
    ...(o.code ? { code: o.code } : {}),
    ...(o.root ? { root: o.root } : {}),
    ...(o.quad !== undefined ? { quad: o.quad } : {}),
    ...(o.modality ? { modality: o.modality } : {}),
    ...(o.origin ? { origin: o.origin } : {}),
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    ...(o.doc ? { docId: o.doc } : {}),
    ...(o.includeDuplicates ? { includeDuplicates: true } : {}),
  };
}

interface EventsCliOptions extends EventFilterCliOptions {
  db: string;
  limit: number;
  cursor?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('events')
    .description('List stored events, newest first, with filters')
    .option('--limit <n>', 'at most this many events', parsePositiveInt, 50)
    .option('--cursor <cursor>', 'continue after a previous page (next_cursor)')
    .option('--json', 'print {"ok","events","next_cursor"} as JSON');
  addEventFilterOptions(cmd);
  addDbOption(cmd);
  cmd.action(async (options: EventsCliOptions) => {
    await withStore(options.db, async (store) => {
      const page = await store.listEvents(filtersFromOptions(options), {
        limit: options.limit,
        cursor: options.cursor ?? null,
      });
      if (options.json) {
        await out(`${JSON.stringify({ ok: true, events: page.items, next_cursor: page.next_cursor })}\n`);
        return;
      }
      if (page.items.length === 0) {
        await out('no events match\n');
        return;
      }
      const rows = page.items.map((e) => [
        e.date,
        e.source,
        e.target ?? '-',
        e.code,
        e.quad_class,
        e.goldstein.toFixed(1),
        e.modality,
        truncate(e.evidence.text, 70),
      ]);
      await out(
        `${formatTable(['date', 'source', 'target', 'code', 'quad', 'gold', 'modality', 'evidence'], rows)}\n`,
      );
      if (page.next_cursor) await out(`more: --cursor ${page.next_cursor}\n`);
    });
  });
}
