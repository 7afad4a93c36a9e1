// The `blocwatch` command line: one file per command in ./commands, errors turned into one line.
import { Command, CommanderError } from 'commander';
import { BlocwatchError, describeError } from '../errors.ts';
import { loadCommands } from './commands/index.ts';

/**
 * The program with its commands: all of them, or only `command` when it names one (what
 * `blocwatch <command> …` needs; the others' modules are not loaded).
 */
export async function buildProgram(command?: string): Promise<Command> {
  const program = new Command();
  program
    .name('blocwatch')
    .description('Turn the news into CAMEO-coded event data and see who is aligning with whom.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of await loadCommands(command)) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(argv[0]);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version "errors" are normal exits; anything else is a usage error
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof BlocwatchError) {
      process.stderr.write(`blocwatch: ${error.message} [${error.code}]\n`);
      return error.exitCode;
    }
    process.stderr.write(`blocwatch: unexpected error: ${describeError(error)} [BW_ERR_INTERNAL]\n`);
    if (process.env.BLOCWATCH_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}
