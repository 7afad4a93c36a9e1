// `blocwatch dyad A B`: the dyad's series of counts, Goldstein and cooperation index per period.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DyadSeries } from '../../analysis/index.ts';
import { PERIODS, type Period } from '../../analysis/scope.ts';
import { BlocwatchError } from '../../errors.ts';
import type { EventOrigin } from '../../store/schema.ts';
import { addDbOption, collect, err, formatTable, out, truncate, usageError, withStore } from '../shared.ts';

export function parseOrigins(values: string[] | undefined): string[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
}

function fmt(v: number | null, digits = 2): string {
  return v === null ? '-' : v.toFixed(digits);
}

export function formatDyad(s: DyadSeries): string {
  const arrow = s.directed ? '->' : '<->';
  const t = s.totals;
  const lines = [
    `${s.a} ${arrow} ${s.b}, ${s.from ?? '?'} .. ${s.to ?? '?'} by ${s.period}${s.origins ? ` (origins ${s.origins.join(', ')})` : ''}`,
    `total: ${t.events} events, cooperation index ${fmt(t.cooperation_index)} ± ${fmt(t.cooperation_se)}, ` +
      `Goldstein mean ${fmt(t.goldstein_mean)}; ${s.a}->${s.b} ${t.a_to_b.events} (index ${fmt(t.a_to_b.cooperation_index)})` +
      (s.directed ? '' : `, ${s.b}->${s.a} ${t.b_to_a.events} (index ${fmt(t.b_to_a.cooperation_index)})`),
    '',
  ];
  const rows = s.periods
    .filter((p) => p.events > 0)
    .map((p) => [
      p.key,
      p.events,
      p.by_quad['1'],
      p.by_quad['2'],
      p.by_quad['3'],
      p.by_quad['4'],
      fmt(p.goldstein_mean),
      fmt(p.cooperation_index),
      p.evidence[0]
        ? truncate(
            `${p.evidence[0].code} ${p.evidence[0].source_code}->${p.evidence[0].target_code} ${p.evidence[0].evidence_text || p.evidence[0].source_url || p.evidence[0].id}`,
            60,
          )
        : '',
    ]);
  lines.push(
    formatTable(['period', 'events', 'q1', 'q2', 'q3', 'q4', 'gold', 'index', 'top evidence'], rows),
  );
  return lines.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('dyad')
    .description('Event counts, Goldstein and cooperation index of a pair of actors per period')
    .argument('<a>', 'first actor: country or group code (IRN) or actor-code prefix (IRNGOV)')
    .argument('<b>', 'second actor')
    .option('--from <date>', 'first day (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--period <period>', `bucket: ${PERIODS.join(', ')}`, 'month')
    .option('--origin <origin>', 'only events of this origin (blocwatch, gdelt, icews); repeatable', collect)
    .option('--directed', 'only events from A to B')
    .option('--evidence <n>', 'evidence events per period', '3')
    .option('--plot <file.svg>', 'also write an SVG chart')
    .option('--json', 'print as JSON');
  addDbOption(cmd);
  cmd.action(
    async (
      a: string,
      b: string,
      options: {
        db: string;
        from?: string;
        to?: string;
        period: string;
        origin?: string[];
        directed?: boolean;
        evidence: string;
        plot?: string;
        json?: boolean;
      },
    ) => {
      if (!(PERIODS as readonly string[]).includes(options.period))
        throw usageError(`invalid --period "${options.period}": expected ${PERIODS.join(', ')}`);
      const evidence = Number(options.evidence);
      if (!Number.isInteger(evidence) || evidence < 0) throw usageError('--evidence expects an integer ≥ 0');
      if (options.plot && !/\.svg$/i.test(options.plot))
        throw usageError(`--plot writes SVG: give a file name ending in .svg, found "${options.plot}"`);
      const { dyadChartSvg, dyadSeries } = await import('../../analysis/index.ts');
      await withStore(options.db, async (store) => {
        const series = await dyadSeries(store.db, {
          a,
          b,
          from: options.from,
          to: options.to,
          period: options.period as Period,
          origins: parseOrigins(options.origin) as EventOrigin[] | undefined,
          directed: options.directed,
          evidence,
        });
        if (options.plot) {
          try {
            writeFileSync(options.plot, dyadChartSvg(series));
          } catch (error) {
            throw new BlocwatchError(
              'BW_ERR_INTERNAL',
              `cannot write ${options.plot}: ${(error as Error).message}`,
            );
          }
          err(`wrote ${options.plot}`);
        }
        if (options.json) await out(`${JSON.stringify({ ok: true, ...series })}\n`);
        else await out(`${formatDyad(series)}\n`);
      });
    },
  );
}
