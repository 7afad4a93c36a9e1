import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { buildProgram } from '../main.ts';
import { COMMANDS, loadCommands } from './index.ts';

test('each entry of COMMANDS loads the module that registers the command of that name, alone', async () => {
  for (const [name] of COMMANDS) {
    const program = new Command();
    for (const register of await loadCommands(name)) register(program);
    assert.deepEqual(
      program.commands.map((c) => c.name()),
      [name],
      name,
    );
  }
});

test('the whole program has every command, in the order of COMMANDS', async () => {
  const all = await buildProgram();
  assert.deepEqual(
    all.commands.map((c) => c.name()),
    COMMANDS.map(([name]) => name),
  );
  // an argument that names no command (an option, a typo, `help`) gets them all
  for (const first of ['--help', 'imprt', 'help', undefined])
    assert.equal((await buildProgram(first)).commands.length, COMMANDS.length, String(first));
  const one = await buildProgram('import');
  assert.deepEqual(
    one.commands.map((c) => c.name()),
    ['import'],
  );
});
