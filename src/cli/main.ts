// The `blocwatch` command line: one file per command in ./commands, errors turned into one line.
import { Command, CommanderError } from 'commander';
import { BlocwatchError, describeError } from '../errors.ts';
import { COMMANDS } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('blocwatch')
    .description('Turn the news into CAMEO-coded event data and see who is aligning with whom.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of COMMANDS) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
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
