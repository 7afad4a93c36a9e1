// Content identity for documents: a sha256 over normalised text (exact duplicates) and a 64-bit
// SimHash over word 3-shingles (near-duplicates). The SimHash uses 64-bit FNV-1a computed in two
// 32-bit halves, so no BigInt work happens per shingle.
import { createHash } from 'node:crypto';

/**
 * The text the content hash is computed over: Unicode NFC, lower case, every run of whitespace
 * collapsed to one space, trimmed. Two inputs that differ only in spacing or case are the same article.
 */
export function normalizeForHash(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** sha256 hex of the normalised text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normalizeForHash(text), 'utf8').digest('hex');
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower-cased word tokens (letters and digits), the units SimHash shingles are built from. */
export function hashWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

// FNV-1a 64-bit: offset basis 0xcbf29ce484222325, prime 0x100000001b3 (= 2^40 + 0x1b3).
// The state is kept as four 16-bit limbs so each multiplication stays exact in doubles; it lives
// in a small typed array between calls, so that a SimHash shingle is hashed word by word without
// building its string (and no object is made per character).
const OFFSET_BASIS = [0x2325, 0x8422, 0x9ce4, 0xcbf2] as const;

function fnvStart(state: Uint32Array): void {
  state.set(OFFSET_BASIS);
}

/** Hashes the UTF-16 code units of `s` into `state`; a code unit above 0xff counts as two bytes. */
function fnvAppend(state: Uint32Array, s: string): void {
  let h0 = state[0]!;
  let h1 = state[1]!;
  let h2 = state[2]!;
  let h3 = state[3]!;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let bytes = c > 0xff ? 2 : 1;
    let byte = c > 0xff ? c >>> 8 : c;
    for (;;) {
      h0 ^= byte;
      // multiply by 0x100000001b3 modulo 2^64: x * 0x1b3 + (x << 40), carrying between limbs
      let t0 = h0 * 0x1b3;
      let t1 = h1 * 0x1b3;
      let t2 = h2 * 0x1b3 + (h0 << 8);
      let t3 = h3 * 0x1b3 + (h1 << 8);
      t1 += t0 >>> 16;
      t0 &= 0xffff;
      t2 += t1 >>> 16;
      t1 &= 0xffff;
      t3 += t2 >>> 16;
      t2 &= 0xffff;
      t3 &= 0xffff;
      h0 = t0;
      h1 = t1;
      h2 = t2;
      h3 = t3;
      if (--bytes === 0) break;
      byte = c & 0xff;
    }
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
}

/** The low and high 32 bits of the state. */
function fnvLow(state: Uint32Array): number {
  return ((state[1]! << 16) | state[0]!) >>> 0;
}
function fnvHigh(state: Uint32Array): number {
  return ((state[3]! << 16) | state[2]!) >>> 0;
}

/** 64-bit FNV-1a of a string (UTF-16 code units above 0xff hashed as two bytes), 16 hex digits. */
export function fnv1a64Hex(s: string): string {
  const state = new Uint32Array(4);
  fnvStart(state);
  fnvAppend(state, s);
  return fnvHigh(state).toString(16).padStart(8, '0') + fnvLow(state).toString(16).padStart(8, '0');
}

const scratch = new Uint32Array(4);

/**
 * 64-bit SimHash of a text over word 3-shingles (fewer words: the words themselves), as 16 hex
 * digits. Each shingle (its words joined by one space) votes +1/-1 per bit; a bit is set where the
 * sum is positive, that is where more than half of the shingles have it.
 */
export function simhash(text: string): string {
  const words = hashWords(text);
  const ones = new Int32Array(64);
  const short = words.length < 3;
  const n = short ? words.length : words.length - 2;
  for (let i = 0; i < n; i++) {
    fnvStart(scratch);
    fnvAppend(scratch, words[i]!);
    if (!short) {
      fnvAppend(scratch, ' ');
      fnvAppend(scratch, words[i + 1]!);
      fnvAppend(scratch, ' ');
      fnvAppend(scratch, words[i + 2]!);
    }
    const lo = fnvLow(scratch);
    const hi = fnvHigh(scratch);
    for (let b = 0; b < 32; b++) {
      ones[b]! += (lo >>> b) & 1;
      ones[b + 32]! += (hi >>> b) & 1;
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if (2 * ones[b]! > n) lo |= 1 << b;
    if (2 * ones[b + 32]! > n) hi |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

export function popcount32(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Number of differing bits between two 16-hex-digit SimHashes. */
export function hammingDistance(a: string, b: string): number {
  const ahi = Number.parseInt(a.slice(0, 8), 16);
  const alo = Number.parseInt(a.slice(8, 16), 16);
  const bhi = Number.parseInt(b.slice(0, 8), 16);
  const blo = Number.parseInt(b.slice(8, 16), 16);
  return popcount32(ahi ^ bhi) + popcount32(alo ^ blo);
}

/** The four 16-bit bands of a SimHash, most significant first, as integers 0..65535. */
export function simhashBands(hash: string): [number, number, number, number] {
  return [
    Number.parseInt(hash.slice(0, 4), 16),
    Number.parseInt(hash.slice(4, 8), 16),
    Number.parseInt(hash.slice(8, 12), 16),
    Number.parseInt(hash.slice(12, 16), 16),
  ];
}

/** Documents whose SimHashes differ in at most this many bits are near-duplicates, whatever their dates. */
export const NEAR_DUPLICATE_BITS = 3;

/**
 * Edited copies of a story (another outlet's lightly reworded version) land 8-14 bits apart on
 * articles of a few hundred words, while unrelated articles are 20-35 apart. Within a few days of
 * publication a wider threshold links them; across the whole store only the indexed 3-bit one is used.
 */
export const NEAR_DUPLICATE_WINDOW_BITS = 14;
export const NEAR_DUPLICATE_WINDOW_DAYS = 2;
