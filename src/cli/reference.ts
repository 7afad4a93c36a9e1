// Reference pages generated from the code itself, so the docs cannot drift from the product.
import type { Command } from 'commander';
import { ERRORS } from '../errors.ts';
import { buildProgram } from './main.ts';

function helpOf(cmd: Command): string {
  return cmd.helpInformation({ error: false }).trimEnd();
}

function walk(cmd: Command, path: string[], out: string[]): void {
  for (const sub of cmd.commands) {
    const name = [...path, sub.name()];
    out.push(`## blocwatch ${name.join(' ')}\n\n\`\`\`text\n${helpOf(sub)}\n\`\`\`\n`);
    walk(sub, name, out);
  }
}

/** docs/reference/cli.md: every command's --help, as printed. */
export async function cliReference(): Promise<string> {
  const program = await buildProgram();
  program.configureHelp({ helpWidth: 100 });
  for (const c of program.commands) c.configureHelp({ helpWidth: 100 });
  const out = [
    '# CLI reference',
    '',
    'Generated from `--help` by `npm run docs`; a test fails when this page and the code differ.',
    'Exit codes: 0 ok, 1 failure, 2 usage error. Data goes to stdout, progress and logs to stderr.',
    '',
    `\`\`\`text\n${helpOf(program)}\n\`\`\`\n`,
  ];
  walk(program, [], out);
  return `${out.join('\n')}`;
}

/** docs/reference/errors.md: the error catalogue. */
export function errorsReference(): string {
  let s =
    '# Errors\n\nEvery failure a user can see carries one of these codes. The CLI prints `blocwatch: <message> [CODE]` on one line and exits with the exit code; the API answers with the HTTP status and `{"ok": false, "error": {"code", "message"}}`. Codes are never reused for another meaning.\n\n| code | exit | HTTP | meaning |\n|---|---|---|---|\n';
  for (const [code, info] of Object.entries(ERRORS))
    s += `| \`${code}\` | ${info.exit} | ${info.http} | ${info.summary} |\n`;
  return s;
}
