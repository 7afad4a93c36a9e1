// serve.ts repeats the server's default port and host (so `--help` need not load the server):
// they must stay equal to the server's own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as server from '../../server/start.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './serve.ts';

test('serve defaults equal the server defaults', () => {
  assert.equal(DEFAULT_PORT, server.DEFAULT_PORT);
  assert.equal(DEFAULT_HOST, server.DEFAULT_HOST);
});
