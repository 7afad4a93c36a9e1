// Property tests of export escaping: CSV cells (the CLI's and the API's) read back by an RFC 4180
// parser give the original strings, and a full JSONL dump of records holding arbitrary text,
// imported into an empty store, gives the same rows (SQLite and PostgreSQL).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { csvRow, writeFullDump } from '../../src/cli/commands/export.ts';
import { csvCell, csvCellText } from '../../src/csv.ts';
import { importBlocwatch } from '../../src/ingest/importers/blocwatch.ts';
import { fakeDocument, fakeExtraction } from '../../src/store/fixtures.ts';
import { testBackends } from '../../src/store/test-stores.ts';
import type { Extraction } from '../../src/types.ts';
import { tableDump } from '../safety/dump.ts';
import { runs } from './arbitraries.ts';

/** Characters that break CSV and JSON lines, and well-formed Unicode around them. */
const cellChar = fc.oneof(
  fc.constantFrom(
    ',',
    '"',
    '""',
    "'",
    '\n',
    '\r',
    '\r\n',
    '\t',
    ';',
    '=',
    '+',
    '-',
    '@',
    '\\',
    '\u2028',
    '\u2029',
    '\ufeff',
    ' ',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
/** Text the store can hold: well-formed Unicode without NUL (PostgreSQL refuses NUL in text). */
const storable = fc.string({ unit: cellChar, maxLength: 60 }).map((s) => s.replace(/\u0000/g, ''));

/**
 * A strict RFC 4180 reader of a whole file, as a spreadsheet or pandas reads it: records end at
 * LF, CRLF or CR outside quotes; an unquoted field may hold no quote, CR or LF.
 */
function parseCsvFile(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < n && !',\r\n'.includes(text[i])) throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < n && !',\r\n'.includes(text[i])) {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (i >= n) {
      rows.push(row);
      return rows;
    }
    const c = text[i++];
    if (c === ',') continue;
    if (c === '\r' && text[i] === '\n') i++;
    rows.push(row);
    row = [];
    if (i >= n) return rows;
  }
}

const table = fc
  .integer({ min: 1, max: 5 })
  .chain((width) =>
    fc.array(fc.array(storable, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 5 }),
  );

describe('CSV', () => {
  test('CLI export: rows of arbitrary strings read back as the same table, formula-looking text with a leading apostrophe', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const columns = rows[0].map((_, i) => `c${i}`);
        const file = `${rows.map((cells) => csvRow(Object.fromEntries(cells.map((c, i) => [`c${i}`, c])), columns)).join('\n')}\n`;
        // a one-column row holding '' is an empty line, which readers skip: compare the others
        const expected = rows.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => r.map(csvCellText));
        const back = parseCsvFile(file).filter((r) => !(r.length === 1 && r[0] === ''));
        assert.deepEqual(back, expected);
      }),
      { numRuns: runs(500) },
    );
  });

  test('CLI export: a spreadsheet formula in the text is neutralised, as in the API export', () => {
    const row = csvRow({ evidence: { text: '=HYPERLINK("http://x","click")' }, value: -40 }, [
      'evidence.text',
      'value',
    ]);
    assert.equal(row, `"'=HYPERLINK(""http://x"",""click"")",-40`);
  });

  test('CLI export: nested columns, numbers and nulls', () => {
    fc.assert(
      fc.property(storable, fc.integer(), fc.double({ noNaN: true }), (text, start, confidence) => {
        const record = { evidence: { text, start }, confidence, missing: null };
        const [cells] = parseCsvFile(
          csvRow(record, ['evidence.text', 'evidence.start', 'confidence', 'missing']),
        );
        assert.deepEqual(cells, [csvCellText(text), String(start), String(confidence), '']);
      }),
      { numRuns: runs(300) },
    );
  });

  test('API export: cells read back as their text; formula-looking text gets a leading apostrophe', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const file = rows.map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
        const expected = rows
          .map((cells) => cells.map((s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)))
          .filter((r) => !(r.length === 1 && r[0] === ''));
        const back = parseCsvFile(file).filter((r) => !(r.length === 1 && r[0] === ''));
        assert.deepEqual(back, expected);
        // a spreadsheet never sees a formula
        for (const r of back) for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
      }),
      { numRuns: runs(500) },
    );
  });
});

/** An extraction whose every free-text field holds generated text. */
function extractionWith(n: number, t: string[]): Extraction {
  const doc = {
    ...fakeDocument(n, `${t[0]} Story ${n} text.`),
    title: t[1] || undefined,
    source: t[2] || undefined,
    url: t[3] ? `https://example.org/${encodeURIComponent(t[3])}` : undefined,
  };
  const x = fakeExtraction(doc, 2);
  return {
    ...x,
    events: x.events.map((e, i) => ({
      ...e,
      source: { ...e.source, name: t[4] },
      evidence: { text: t[5] || 'x', start: i, end: i + 1 },
      rule: `rule ${t[6]}`,
      location: e.location ? { ...e.location, name: t[7] } : null,
      attributed_to: i === 0 ? { code: 'RUSGOV', name: t[8], country: 'RUS', sector: 'GOV' } : null,
    })),
    claims: x.claims.map((c) => ({
      ...c,
      metric: `m${t[9]}`,
      unit: t[10],
      speaker: t[11] || null,
      evidence: { text: t[12] || 'y', start: 3, end: 9 },
    })),
    quotes: x.quotes.map((q) => ({
      ...q,
      speaker: t[13] || null,
      text: t[14] || 'z',
      evidence: { text: t[15] || 'q', start: 1, end: 2 },
    })),
    mentions: [{ ...x.mentions[0], text: t[16] || 'w' }],
  };
}

for (const backend of testBackends()) {
  describe(`JSONL dump and import on ${backend.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-prop-export-'));
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await backend.cleanup();
    });
    test('records holding arbitrary text come back row for row', { timeout: 300_000 }, async () => {
      let k = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(storable, { minLength: 17, maxLength: 17 }), async (texts) => {
          const source = await backend.open();
          const target = await backend.open();
          try {
            const x = extractionWith(++k, texts);
            assert.equal((await source.storeExtraction(x)).status, 'stored');
            const lines: string[] = [];
            await writeFullDump(source, async (s) => {
              lines.push(s);
            });
            // one record per line: no raw line break inside any record
            for (const l of lines) assert.equal(l.indexOf('\n'), l.length - 1);
            const file = join(dir, `dump-${backend.name}-${k}.jsonl`);
            writeFileSync(file, lines.join(''));
            const summary = await importBlocwatch(target, [file]);
            assert.equal(summary.rejected, 0, JSON.stringify(summary));
            assert.deepEqual(await tableDump(target), await tableDump(source));
          } finally {
            await source.close();
            await target.close();
          }
        }),
        { numRuns: runs(backend.name === 'sqlite' ? 25 : 8) },
      );
    });
  });
}
