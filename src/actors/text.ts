// Token keys shared by the compiler and the resolver: lower case, curly apostrophes straightened,
// diacritics removed. Knowledge-base phrases are split the way the tokenizer splits text.

export function keyOf(lower: string): string {
  let ascii = true;
  for (let i = 0; i < lower.length; i++) {
    if (lower.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  if (ascii) return lower;
  return lower
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Split a phrase into surface tokens: whitespace, then hyphens, pluses and brackets as tokens. */
export function splitPhrase(phrase: string): string[] {
  const out: string[] = [];
  for (const word of phrase.trim().split(/\s+/)) {
    if (word === '') continue;
    for (const part of word.split(/([-+()"])/)) {
      if (part === '') continue;
      // the tokenizer splits a possessive off: "People's Republic" is People + 's + Republic
      const m = part.length > 2 ? /^(.+)(['\u2019]s)$/.exec(part) : null;
      if (m) out.push(m[1], "'s");
      else out.push(part);
    }
  }
  return out;
}

/** Surface variants of a phrase: as written, hyphen-joined words kept whole, hyphens as spaces. */
export function phraseVariants(phrase: string): string[][] {
  const variants = [splitPhrase(phrase)];
  if (phrase.includes('-')) {
    variants.push(phrase.trim().split(/\s+/));
    variants.push(splitPhrase(phrase.replace(/-/g, ' ')));
  }
  if (/\bSt\.? /.test(phrase)) variants.push(splitPhrase(phrase.replace(/\bSt\.? /, 'Saint ')));
  return variants;
}

/** An alias written in capitals (UN, U.S., NATO) must match case-sensitively. */
export function isAcronym(surface: string): boolean {
  return /^[A-Z0-9.+&-]{2,7}$/.test(surface) && /[A-Z].*[A-Z]|^[A-Z][0-9]/.test(surface);
}

/**
 * A token written as a name: it starts with a capital, or carries one inside ("iSrael", "eBay"), which a
 * common word never does, so a typing slip in a name still reads as the name.
 */
export function writtenAsName(s: string): boolean {
  if (startsUpper(s)) return true;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

export function startsUpper(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && s[0] !== s[0].toLowerCase());
}
