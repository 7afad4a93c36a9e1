// Regenerates the reference pages built from code: docs/reference/cli.md (from every command's
// --help) and docs/reference/errors.md (from src/errors.ts). `npm run docs`; a test fails on drift.
import { writeFileSync } from 'node:fs';
import { cliReference, errorsReference } from '../src/cli/reference.ts';
import { PACKAGE_ROOT } from '../src/paths.ts';

writeFileSync(`${PACKAGE_ROOT}/docs/reference/cli.md`, await cliReference());
writeFileSync(`${PACKAGE_ROOT}/docs/reference/errors.md`, errorsReference());
console.log('wrote docs/reference/cli.md and docs/reference/errors.md');
