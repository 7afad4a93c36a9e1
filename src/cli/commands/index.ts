// Every CLI command, one module each. A command module exports `register(program)`.
// The modules are loaded on demand: `blocwatch <name> …` loads the module of that command alone
// (see `runCli`), so that a command does not pay for loading the others (the pipeline, the
// server…) before it starts; the help and the reference pages load them all.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

type CommandModule = () => Promise<{ register: RegisterCommand }>;

/** The top-level command each module registers, in the order of the help. */
export const COMMANDS: readonly (readonly [name: string, load: CommandModule])[] = [
  ['actors', () => import('./actors.ts')],
  ['ingest', () => import('./ingest.ts')],
  ['extract', () => import('./extract.ts')],
  ['events', () => import('./events.ts')],
  ['stats', () => import('./stats.ts')],
  ['export', () => import('./export.ts')],
  ['recode', () => import('./recode.ts')],
  ['demo', () => import('./demo.ts')],
  ['eval', () => import('./eval.ts')],
  ['serve', () => import('./serve.ts')],
  ['import', () => import('./import.ts')],
  ['dyad', () => import('./dyad.ts')],
  ['align', () => import('./align.ts')],
  ['blocs', () => import('./blocs.ts')],
  ['trends', () => import('./trends.ts')],
  ['followups', () => import('./followups.ts')],
  ['enqueue', () => import('./enqueue.ts')],
  ['worker', () => import('./worker.ts')],
  ['watch', () => import('./watch.ts')],
  ['queue', () => import('./queue.ts')],
  ['claims', () => import('./claims.ts')],
  ['quotes', () => import('./quotes.ts')],
];

/**
 * The register functions of the commands named (all of them when `name` is not a command's
 * name), in the order of COMMANDS.
 */
export async function loadCommands(name?: string): Promise<RegisterCommand[]> {
  const one = COMMANDS.find(([n]) => n === name);
  const modules = await Promise.all((one ? [one] : COMMANDS).map(([, load]) => load()));
  return modules.map((m) => m.register);
}
