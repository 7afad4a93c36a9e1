// CSV output shared by `blocwatch export` and the API's `format=csv`: RFC 4180 quoting, lists joined
// by ';', and text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) prefixed
// with an apostrophe so that opening an export never executes it.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell. Numbers are written as they are; only text can start a formula. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = Array.isArray(value) ? value.join(';') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** What a cell holding `text` reads back as from a CSV reader (for tests and round trips). */
export function csvCellText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
