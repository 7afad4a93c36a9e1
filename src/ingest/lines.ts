// Split a byte stream into lines without ever holding more than one line (capped) in memory.
// A line longer than the cap is reported as too long and skipped, not buffered.

export interface Line {
  /** 1-based line number. */
  readonly number: number;
  /** The line's bytes without the newline, or null when it was longer than the cap. */
  readonly bytes: Buffer | null;
  /** The line's length in bytes (also when too long). */
  readonly length: number;
}

export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = false;
  let number = 0;
  const take = (piece: Buffer) => {
    if (overflow) {
      partBytes += piece.length;
      return;
    }
    if (partBytes + piece.length > maxLineBytes) {
      overflow = true;
      parts = [];
    } else {
      parts.push(piece);
    }
    partBytes += piece.length;
  };
  const finish = (): Line => {
    number++;
    let bytes: Buffer | null = null;
    if (!overflow) {
      bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    }
    const line = { number, bytes, length: partBytes };
    parts = [];
    partBytes = 0;
    overflow = false;
    return line;
  };
  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let start = 0;
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      take(buf.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    if (start < buf.length) take(Buffer.from(buf.subarray(start)));
  }
  if (partBytes > 0 || parts.length > 0) yield finish();
}
