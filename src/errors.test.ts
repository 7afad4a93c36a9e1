import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BlocwatchError, describeError } from './errors.ts';

// docs/reference/errors.md is generated from ERRORS and checked for drift in src/cli/reference.test.ts.

test('a BlocwatchError carries its code, exit code and HTTP status', () => {
  const error = new BlocwatchError('BW_ERR_INPUT_NOT_FOUND', 'no such file: x.txt');
  assert.equal(error.exitCode, 1);
  assert.equal(error.httpStatus, 404);
  assert.equal(describeError(new Error('first line\nsecond line')), 'first line');
});
