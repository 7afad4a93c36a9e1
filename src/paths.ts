// Where the package's own files live, whether running from src/ (tsx) or dist/ (compiled).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('blocwatch: cannot find the package root (package.json beside data/)');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Absolute path of a file shipped under data/. */
export function dataPath(...parts: string[]): string {
  return resolve(PACKAGE_ROOT, 'data', ...parts);
}
