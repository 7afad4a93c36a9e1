// Several processes opening the same new SQLite file at once (two CLI commands started together on a
// fresh store) must all succeed and leave one migrated schema.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore, SCHEMA_VERSION } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bw-concurrent-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const STORE_MODULE = fileURLToPath(new URL('./index.ts', import.meta.url));

function openInChild(script: string, file: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += String(c);
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('four processes opening one new SQLite store at once all succeed', { timeout: 120_000 }, async () => {
  const script = join(dir, 'open.mts');
  writeFileSync(
    script,
    `import { openStore } from ${JSON.stringify(STORE_MODULE)};\n` +
      'const store = await openStore(process.argv[2]);\nawait store.stats();\nawait store.close();\n',
  );
  for (let round = 0; round < 3; round++) {
    const file = join(dir, `fresh-${round}.db`);
    const results = await Promise.all([0, 1, 2, 3].map(() => openInChild(script, file)));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const store = await openStore(file);
    try {
      assert.equal((await store.stats()).schema_version, SCHEMA_VERSION);
    } finally {
      await store.close();
    }
  }
});
