// Registering the CLI's commands must stay cheap: a command module imports the pipeline, the
// server, the queue, the analyses and the importers inside its action, never at the top, so that
// `blocwatch <cmd> --help` (and every other command) does not load them. A child process imports the
// command modules with a module-resolution hook that records every module loaded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// eval.ts and actors.ts still import the pipeline at the top (their owners make them lazy); once
// they do, empty this set.
const PENDING = new Set(['actors.ts']);
const HEAVY = [
  /\/src\/pipeline\.ts$/,
  /\/src\/parallel\.ts$/,
  /\/src\/(server|queue|nlp|claims|actors)\//,
  /\/src\/analysis\/(?!scope\.ts$)/,
  /\/src\/ingest\/(importers\/|index\.ts$|run\.ts$)/,
  /\/node_modules\/(wink-nlp|wink-eng-lite-web-model|chrono-node|fastify|graphology)\//,
];

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.BW_LOAD_TRACE, result.url + '\\n');
  return result;
}`;
const REGISTER = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

test('command modules load no heavy module when registered', () => {
  const modules = readdirSync(here)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && !PENDING.has(f))
    .sort();
  assert.ok(modules.includes('stats.ts') && modules.includes('serve.ts'), 'the command modules are found');
  const dir = mkdtempSync(join(tmpdir(), 'bw-startup-'));
  try {
    const trace = join(dir, 'trace.txt');
    const script = `const { Command } = await import('commander');
const program = new Command();
for (const m of ${JSON.stringify(modules)}) (await import(${JSON.stringify(here)} + m)).register(program);
if (program.commands.length < ${modules.length}) throw new Error('a module registered no command');`;
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(REGISTER)}`,
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { env: { ...process.env, BW_LOAD_TRACE: trace }, encoding: 'utf8' },
    );
    assert.equal(child.status, 0, child.stderr);
    const loaded = [...new Set(readFileSync(trace, 'utf8').split('\n').filter(Boolean))];
    assert.ok(
      loaded.some((u) => u.endsWith('/src/cli/commands/stats.ts')),
      'the trace records the modules',
    );
    const heavy = loaded.filter((u) => HEAVY.some((re) => re.test(u)));
    assert.deepEqual(heavy, [], `heavy modules loaded at registration:\n${heavy.join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
