// Bytes to text: UTF-8 (the norm), UTF-16 with a byte-order mark, a charset declared by HTML or
// XML, or Windows-1252 for legacy Latin text; binary data and undecodable bytes are rejected.
import { reject } from './reject.ts';

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf8Loose = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Share of U+FFFD in a loose UTF-8 decoding above which text is refused. */
const MAX_REPLACEMENT_RATIO = 0.001;
/** Share of C0 control characters (other than tab, newline, carriage return, form feed) above which text is refused. */
const MAX_CONTROL_RATIO = 0.01;

function declaredCharset(head: string): string | null {
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1].toLowerCase();
  const xml = /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1].toLowerCase();
  return null;
}

function controlRatio(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) n++;
  }
  return n / text.length;
}

function countReplacement(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/**
 * UTF-16 without a byte-order mark, recognised by its zero bytes: in mostly-Latin UTF-16 text
 * nearly every other byte is zero (the odd ones in little-endian, the even ones in big-endian),
 * while binary data has zeros on both. Looks at the first 4 KB; null when it is not UTF-16.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= 0.9 * pairs && evenZero === 0) return 'utf-16le';
  if (evenZero >= 0.9 * pairs && oddZero === 0) return 'utf-16be';
  return null;
}

/** Decode a whole input to text, or reject it with a one-line reason. */
export function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');
  }
  if (bytes.indexOf(0) >= 0) {
    const utf16 = utf16WithoutBom(bytes);
    if (utf16) return decodeUtf16(bytes, utf16);
    reject('binary file (contains NUL bytes)');
  }
  let text: string | null = null;
  try {
    text = utf8Fatal.decode(bytes);
  } catch {
    text = null;
  }
  if (text === null) {
    const loose = utf8Loose.decode(bytes);
    const charset = declaredCharset(loose.slice(0, 4096));
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      try {
        text = new TextDecoder(charset).decode(bytes);
      } catch {
        reject(`unsupported character encoding "${charset}"`);
      }
    } else {
      const bad = countReplacement(loose);
      if (bad / Math.max(1, loose.length) <= MAX_REPLACEMENT_RATIO) {
        text = loose;
      } else {
        // legacy single-byte Latin text decodes cleanly as Windows-1252; random bytes do not.
        // Files of mixed encodings (UTF-8 pasted next to Latin-1) keep their valid UTF-8
        // sequences; the bytes that are not UTF-8 are read as Windows-1252 and judged alone
        const { text: mixed, fallback } = decodeMixed(bytes);
        if (controlRatio(fallback) > MAX_CONTROL_RATIO || /[^\x00-\x7f]{8}/.test(fallback))
          reject(
            `not readable text: ${((100 * bad) / Math.max(1, loose.length)).toFixed(1)}% of characters are invalid UTF-8`,
          );
        text = mixed;
      }
    }
  }
  if (controlRatio(text) > MAX_CONTROL_RATIO) reject('binary file (too many control characters)');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  const text = new TextDecoder(encoding).decode(bytes);
  // decoded UTF-16 may still be binary data (or UTF-16 of the wrong byte order)
  if (text.indexOf('\u0000') >= 0 || controlRatio(text) > MAX_CONTROL_RATIO)
    reject('binary file (too many control characters)');
  if (countReplacement(text) / Math.max(1, text.length) > MAX_REPLACEMENT_RATIO)
    reject(`not readable text: invalid ${encoding.toUpperCase()}`);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const windows1252 = new TextDecoder('windows-1252');
const WINDOWS_1252 = windows1252.decode(Uint8Array.from({ length: 256 }, (_, i) => i));

/** Length of the valid UTF-8 sequence of two or more bytes at i, or 0. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) =>
    i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Valid UTF-8 sequences as UTF-8, every other byte as Windows-1252. `fallback` is the text with
 * each UTF-8 sequence replaced by a space: what the Windows-1252 reading alone must make sense of.
 */
function decodeMixed(bytes: Uint8Array): { text: string; fallback: string } {
  const text: string[] = [];
  const fallback: string[] = [];
  let ascii = 0;
  const flushAscii = (end: number) => {
    if (end > ascii) {
      const run = windows1252.decode(bytes.subarray(ascii, end));
      text.push(run);
      fallback.push(run);
    }
  };
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    flushAscii(i);
    const n = utf8SequenceAt(bytes, i);
    if (n > 0) {
      text.push(utf8Loose.decode(bytes.subarray(i, i + n)));
      fallback.push(' ');
      i += n;
    } else {
      text.push(WINDOWS_1252[bytes[i]]);
      fallback.push(WINDOWS_1252[bytes[i]]);
      i++;
    }
    ascii = i;
  }
  flushAscii(bytes.length);
  return { text: text.join(''), fallback: fallback.join('') };
}
