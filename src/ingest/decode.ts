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

/** Decode a whole input to text, or reject it with a one-line reason. */
export function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  }
  if (bytes.indexOf(0) >= 0) reject('binary file (contains NUL bytes)');
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
        // legacy single-byte Latin text decodes cleanly as Windows-1252; random bytes do not
        const latin = new TextDecoder('windows-1252').decode(bytes);
        if (controlRatio(latin) > MAX_CONTROL_RATIO || /[^\x00-\x7f]{8}/.test(latin))
          reject(
            `not readable text: ${((100 * bad) / Math.max(1, loose.length)).toFixed(1)}% of characters are invalid UTF-8`,
          );
        text = latin;
      }
    }
  }
  if (controlRatio(text) > MAX_CONTROL_RATIO) reject('binary file (too many control characters)');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
