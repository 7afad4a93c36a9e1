// `blocwatch blocs`: communities of aligned actors per window, with membership changes.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { AnalysisOrigin, BlocsResult, BlocWindow } from '../../analysis/index.ts';
import { BlocwatchError } from '../../errors.ts';
import { addDbOption, collect, err, out, truncate, usageError, withStore } from '../shared.ts';
import { parseOrigins } from './dyad.ts';

export function formatBlocs(r: BlocsResult): string {
  const lines: string[] = [];
  for (const w of r.windows) {
    lines.push(
      `${w.from} .. ${w.to}: ${w.blocs.length} blocs, signed modularity ${w.modularity ?? '-'}, ${w.nodes} actors, ` +
        `${w.edges.cooperative} cooperative / ${w.edges.conflictual} conflictual links`,
    );
    for (const b of w.blocs) {
      const changes = [
        b.joined.length ? `joined: ${b.joined.join(' ')}` : '',
        b.left.length ? `left: ${b.left.join(' ')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      lines.push(`  ${b.id} (${b.members.length}, cohesion ${b.cohesion ?? '-'}): ${b.members.join(' ')}`);
      if (changes) lines.push(`     ${changes}`);
      for (const e of b.evidence) {
        if (e.pair) lines.push(`     strong link ${e.pair.a}-${e.pair.b} ${e.pair.weight} (n=${e.pair.n})`);
        if (e.event)
          lines.push(
            `       e.g. ${e.event.date} ${e.event.code} ${e.event.source_code}->${e.event.target_code} ${truncate(e.event.evidence_text || e.event.source_url || e.event.id, 70)}`,
          );
      }
    }
    if (w.unaligned.length) lines.push(`  unaligned: ${w.unaligned.join(' ')}`);
  }
  if (r.windows.length === 0) lines.push('no data in range');
  return lines.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('blocs')
    .description('Blocs of aligned actors per window (Louvain on the alignment graph, signed modularity)')
    .option('--from <date>', 'first day (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--window <window>', 'month, quarter, year, or all (one window over the whole range)', 'year')
    .option(
      '--origin <origin>',
      'blocwatch, gdelt, icews, or unvotes for UN General Assembly votes; repeatable',
      collect,
    )
    .option('--seed <n>', 'random seed of the community detection', '42')
    .option('--plot <file.svg>', 'also write an SVG picture of the blocs per window')
    .option('--highlight <codes>', 'comma-separated members to name in the picture (default: the first ones)')
    .option('--json', 'print as JSON');
  addDbOption(cmd);
  cmd.action(
    async (options: {
      db: string;
      from?: string;
      to?: string;
      window: string;
      origin?: string[];
      seed: string;
      plot?: string;
      highlight?: string;
      json?: boolean;
    }) => {
      if (options.plot && !/\.svg$/i.test(options.plot))
        throw usageError(`--plot writes SVG: give a file name ending in .svg, found "${options.plot}"`);
      const seed = Number(options.seed);
      if (!Number.isInteger(seed)) throw usageError('--seed expects an integer');
      const { blocs, blocsChartSvg, BLOC_WINDOWS } = await import('../../analysis/index.ts');
      if (!(BLOC_WINDOWS as readonly string[]).includes(options.window))
        throw usageError(`invalid --window "${options.window}": expected ${BLOC_WINDOWS.join(', ')}`);
      await withStore(options.db, async (store) => {
        const result = await blocs(store.db, {
          from: options.from,
          to: options.to,
          window: options.window as BlocWindow,
          origins: parseOrigins(options.origin) as AnalysisOrigin[] | undefined,
          seed,
        });
        if (options.plot) {
          const highlight = options.highlight?.split(',').map((c) => c.trim().toUpperCase());
          try {
            writeFileSync(options.plot, blocsChartSvg(result, { highlight }));
          } catch (error) {
            throw new BlocwatchError(
              'BW_ERR_INTERNAL',
              `cannot write ${options.plot}: ${(error as Error).message}`,
            );
          }
          err(`wrote ${options.plot}`);
        }
        if (options.json) await out(`${JSON.stringify({ ok: true, ...result })}\n`);
        else await out(`${formatBlocs(result)}\n`);
      });
    },
  );
}
