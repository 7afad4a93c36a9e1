import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../paths.ts';
import { cliReference, errorsReference } from './reference.ts';

test('docs/reference/cli.md is the current --help of every command (run `npm run docs`)', async () => {
  const onDisk = readFileSync(`${PACKAGE_ROOT}/docs/reference/cli.md`, 'utf8');
  assert.equal(onDisk, await cliReference());
});

test('docs/reference/errors.md is the current error catalogue (run `npm run docs`)', () => {
  const onDisk = readFileSync(`${PACKAGE_ROOT}/docs/reference/errors.md`, 'utf8');
  assert.equal(onDisk, errorsReference());
});

test('every command has a description', async () => {
  const text = await cliReference();
  const sections = text.split('\n## ').slice(1);
  assert.ok(sections.length >= 15, `only ${sections.length} commands documented`);
  for (const s of sections) assert.match(s, /```text\nUsage: /, s.split('\n')[0]);
});
