import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BlocwatchError, describeError, ERRORS } from './errors.ts';
import { PACKAGE_ROOT } from './paths.ts';

const doc = readFileSync(`${PACKAGE_ROOT}/docs/reference/errors.md`, 'utf8');

test('every error code is documented in docs/reference/errors.md, with its exit code and HTTP status', () => {
  for (const [code, info] of Object.entries(ERRORS)) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` `));
    assert.ok(row, `${code} is missing from docs/reference/errors.md`);
    const cells = row.split('|').map((c) => c.trim());
    assert.equal(cells[2], String(info.exit), `${code}: exit code`);
    assert.equal(cells[3], String(info.http), `${code}: HTTP status`);
  }
});

test('docs/reference/errors.md lists no code that the catalogue lacks', () => {
  const documented = [...doc.matchAll(/^\| `(BW_ERR_[A-Z_]+)` /gm)].map((m) => m[1]);
  assert.ok(documented.length > 0);
  for (const code of documented) assert.ok(code in ERRORS, `${code} is documented but not in src/errors.ts`);
});

test('a BlocwatchError carries its code, exit code and HTTP status', () => {
  const error = new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', 'no such file: x.txt');
  assert.equal(error.exitCode, 1);
  assert.equal(error.httpStatus, 404);
  assert.equal(describeError(new Error('first line\nsecond line')), 'first line');
});
