// `blocwatch eval <gold.jsonl>`: score the coder (the real pipeline) against a gold file.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type EvalReport, LEVELS, type Level, type Scores, scorerRecord } from '../../coding/eval.ts';
import { BlocwatchError } from '../../errors.ts';

interface EvalOptions {
  readonly verbose?: boolean;
  readonly json?: boolean;
  readonly level?: string;
  readonly writePred?: string;
  readonly kb?: string[];
}

function fmt(s: Scores | undefined): string {
  if (!s) return 'n/a';
  return `P=${s.precision.toFixed(3)} R=${s.recall.toFixed(3)} F1=${s.f1.toFixed(3)} (tp=${s.tp} fp=${s.fp} fn=${s.fn}, ${s.cases} cases)`;
}

export function formatReport(r: EvalReport, levels: readonly Level[], verbose: boolean): string {
  const out: string[] = [`${r.file}: ${r.cases} cases (country level)`];
  for (const level of levels) if (r.levels[level]) out.push(`  ${level.padEnd(5)} ${fmt(r.levels[level])}`);
  if (r.no_event) {
    out.push(
      `  no-event sentences: ${r.no_event.sentences}, with a false event: ${r.no_event.with_false_events} ` +
        `(rate ${r.no_event.rate}), false events: ${r.no_event.false_events}`,
    );
  }
  if (r.examples) {
    out.push(
      `  examples: root among coded events ${r.examples.root_hits}/${r.examples.cases} (${r.examples.root_rate}), ` +
        `exact code ${r.examples.code_hits}/${r.examples.cases} (${r.examples.code_rate})`,
    );
  }
  const cats = Object.keys(r.categories).sort();
  if (cats.length > 1) {
    out.push('  per category:');
    for (const c of cats) {
      const parts = levels
        .filter((l) => r.categories[c][l])
        .map((l) => `${l} F1=${r.categories[c][l]?.f1.toFixed(3)}`);
      out.push(`    ${c.padEnd(12)} ${parts.join('  ')} (${r.categories[c][levels[0]]?.cases ?? '?'} cases)`);
    }
  }
  if (verbose) {
    for (const l of r.lines) {
      if (!levels.includes(l.level)) continue;
      const dyad = `${l.source || '---'}>${l.target || '---'}`;
      out.push(
        `${l.kind} [${l.level}] ${l.case_id} ${dyad} ${l.code}${l.rule ? ` rule=${l.rule}` : ''} | ${l.text}`,
      );
    }
  }
  return out.join('\n');
}

function parseLevels(value: string | undefined): Level[] {
  if (!value) return [...LEVELS];
  const levels = value.split(',').map((s) => s.trim());
  for (const l of levels)
    if (!LEVELS.includes(l as Level))
      throw new BlocwatchError(
        'BW_ERR_USAGE',
        `--level: expected ${LEVELS.join(', ')} (comma-separated), found ${l}`,
      );
  return levels as Level[];
}

export function register(program: Command): void {
  program
    .command('eval')
    .description(
      'Score the event coder against a gold file (precision, recall, F1 at code, root and pair level)',
    )
    .argument(
      '<gold>',
      'gold JSONL: {"id","date","text","expected":[{"source","target","code"}]} and compatible formats',
    )
    .option('--verbose', 'list every miss and false positive with its rule id')
    .option('--json', 'print the report as JSON')
    .option('--level <levels>', `levels to report, comma-separated (${LEVELS.join(',')})`)
    .option(
      '--write-pred <file>',
      'also write the coded events as JSONL (for ../shared/tools/score_events.py)',
    )
    .option('--kb <dir...>', 'extra knowledge-base folders')
    .action(async (gold: string, opts: EvalOptions) => {
      const levels = parseLevels(opts.level);
      // the pipeline loads only when a command needs it
      const { evaluateFile } = await import('../../coding/evaluate.ts');
      const { report, events } = evaluateFile(gold, { levels, kbDirs: opts.kb });
      if (opts.writePred) {
        const lines: string[] = [];
        for (const list of events.values()) for (const e of list) lines.push(JSON.stringify(scorerRecord(e)));
        writeFileSync(opts.writePred, lines.length > 0 ? `${lines.join('\n')}\n` : '');
      }
      if (opts.json) {
        const shown = opts.verbose ? report : { ...report, lines: undefined };
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      } else process.stdout.write(`${formatReport(report, levels, opts.verbose === true)}\n`);
    });
}
