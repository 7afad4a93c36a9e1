// A small RFC 4180 CSV reader: quoted fields, doubled quotes, fields spanning lines. Values are
// returned exactly as written: no "NA" detection (Namibia's ISO code is the string "NA").

/** Splits one complete CSV record into fields. */
export function parseCsvRecord(record: string, separator = ','): string[] {
  const out: string[] = [];
  const n = record.length;
  let i = 0;
  for (;;) {
    if (i < n && record.charCodeAt(i) === 34) {
      // quoted field
      let value = '';
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) {
          value += record.slice(i);
          i = n;
          break;
        }
        value += record.slice(i, q);
        if (record.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // skip anything up to the separator
      const sep = record.indexOf(separator, i);
      out.push(value);
      if (sep < 0) break;
      i = sep + 1;
    } else {
      const sep = record.indexOf(separator, i);
      if (sep < 0) {
        out.push(record.slice(i));
        break;
      }
      out.push(record.slice(i, sep));
      i = sep + 1;
    }
  }
  return out;
}

function quoteCount(line: string): number {
  let count = 0;
  let at = line.indexOf('"');
  while (at >= 0) {
    count++;
    at = line.indexOf('"', at + 1);
  }
  return count;
}

/**
 * Groups lines into complete CSV records (a quoted field may contain newlines) and yields
 * `[lineNumber, fields]`, lineNumber being the 1-based line where the record starts.
 */
export async function* csvRecords(
  lines: AsyncIterable<string>,
  separator = ',',
): AsyncGenerator<[number, string[]]> {
  let lineNo = 0;
  let pending: string | null = null;
  let pendingStart = 0;
  let pendingQuotes = 0;
  for await (const line of lines) {
    lineNo++;
    if (pending !== null) {
      pending += `\n${line}`;
      pendingQuotes += quoteCount(line);
      if (pendingQuotes % 2 === 0) {
        yield [pendingStart, parseCsvRecord(pending, separator)];
        pending = null;
      }
      continue;
    }
    const quotes = line.includes('"') ? quoteCount(line) : 0;
    if (quotes % 2 === 1) {
      pending = line;
      pendingStart = lineNo;
      pendingQuotes = quotes;
      continue;
    }
    if (line.length === 0) continue;
    yield [lineNo, quotes === 0 ? line.split(separator) : parseCsvRecord(line, separator)];
  }
  if (pending !== null) yield [pendingStart, parseCsvRecord(pending, separator)];
}
