// `blocwatch align A [B]`: how aligned two actors are (events or UN votes), or A's closest and
// most distant partners.
import type { Command } from 'commander';
import type { AlignmentResult, AnalysisOrigin } from '../../analysis/index.ts';
import { addDbOption, collect, formatTable, out, withStore } from '../shared.ts';
import { parseOrigins } from './dyad.ts';

function f(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined ? '-' : v.toFixed(digits);
}

export function formatAlignment(r: AlignmentResult): string {
  const range = `${r.from ?? '…'} .. ${r.to ?? '…'}`;
  const lines: string[] = [];
  if (r.mode === 'unvotes') {
    if (r.pair) {
      const p = r.pair;
      lines.push(
        `${p.a} and ${p.b}, UN General Assembly votes ${range}: agreement ${f(p.agreement)}, kappa ${f(p.kappa)}, S ${f(p.s)} over ${p.n} roll calls`,
        '',
        formatTable(
          ['year', 'votes', 'agreement', 'kappa', 'S'],
          p.years.map((y) => [y.year, y.n, f(y.agreement), f(y.kappa), f(y.s)]),
        ),
      );
    } else {
      lines.push(
        `${r.a}'s UN vote alignment ${range} (most and least aligned by kappa)`,
        '',
        formatTable(
          ['partner', 'votes', 'agreement', 'kappa', 'S'],
          r.partners.map((p) => [p.b, p.n, f(p.agreement), f(p.kappa), f(p.s)]),
        ),
      );
    }
  } else if (r.pair) {
    const p = r.pair;
    lines.push(
      `${p.a} and ${p.b}, events ${range}${r.origins ? ` (origins ${r.origins.join(', ')})` : ''}`,
      `alignment ${f(p.alignment)} ± ${f(p.se)} from ${p.events} events`,
      `  direct: cooperation index ${f(p.direct.index)} ± ${f(p.direct.se)} (${p.direct.events} events)`,
      `  third parties: kappa ${f(p.third_party.kappa)} ± ${f(p.third_party.se)}, agreement ${f(p.third_party.agreement)}, S ${f(p.third_party.s)} over ${p.third_party.common} common partners`,
    );
    if (p.third_parties.length > 0)
      lines.push(
        '',
        formatTable(
          ['third party', `${p.a} index`, `${p.b} index`, 'stances'],
          p.third_parties.map((t) => [
            t.country,
            f(t.a_index),
            f(t.b_index),
            `${t.a_stance} / ${t.b_stance}`,
          ]),
        ),
      );
  } else {
    lines.push(
      `${r.a}'s alignment from events ${range} (most and least aligned)`,
      '',
      formatTable(
        ['partner', 'alignment', '±', 'direct', 'kappa', 'common', 'events'],
        r.partners.map((p) => [
          p.b,
          f(p.alignment),
          f(p.se),
          f(p.direct.index),
          f(p.third_party.kappa),
          p.third_party.common,
          p.events,
        ]),
      ),
    );
  }
  lines.push('', `formula: ${r.formula}`);
  return lines.join('\n');
}

export function register(program: Command): void {
  const cmd = program
    .command('align')
    .description(
      'Alignment of two actors (direct relations + behaviour toward third parties), or UN vote agreement',
    )
    .argument('<a>', 'country or group code')
    .argument('[b]', 'partner (omit to rank all partners)')
    .option('--from <date>', 'first day (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option(
      '--origin <origin>',
      'blocwatch, gdelt, icews, or unvotes for UN General Assembly votes; repeatable',
      collect,
    )
    .option('--limit <n>', 'partners listed at each end when B is omitted', '20')
    .option('--json', 'print as JSON');
  addDbOption(cmd);
  cmd.action(
    async (
      a: string,
      b: string | undefined,
      options: { db: string; from?: string; to?: string; origin?: string[]; limit: string; json?: boolean },
    ) => {
      const { alignment } = await import('../../analysis/index.ts');
      await withStore(options.db, async (store) => {
        const result = await alignment(store.db, {
          a,
          b,
          from: options.from,
          to: options.to,
          origins: parseOrigins(options.origin) as AnalysisOrigin[] | undefined,
          limit: Math.max(1, Number(options.limit) || 20),
        });
        if (options.json) await out(`${JSON.stringify({ ok: true, ...result })}\n`);
        else await out(`${formatAlignment(result)}\n`);
      });
    },
  );
}
