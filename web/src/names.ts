// Country names and codes for display: ISO alpha-3 -> English name, ISO numeric -> alpha-3 (map).
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';

countries.registerLocale(en);

const GROUPS: Record<string, string> = {
  WST: 'the West',
  EUR: 'Europe',
  AFR: 'Africa',
  ASA: 'Asia',
  MEA: 'Middle East',
  IGO: 'International organisation',
};

/** A readable name for a country/group code (first three letters of an actor code); ISO names first,
 * then group names, then the names the events used. */
export function countryName(code: string | null | undefined, fallback?: Record<string, string>): string {
  if (!code) return '—';
  const c = code.slice(0, 3).toUpperCase();
  return isoName(c) ?? GROUPS[c] ?? fallback?.[c] ?? c;
}

/** The short English name ("UK", "Russia"); "Korea, Republic of" style names get their common form. */
function isoName(alpha3: string): string | undefined {
  const alias = countries.getName(alpha3, 'en', { select: 'alias' });
  if (!alias?.includes(',')) return alias;
  if (alias.endsWith(', Republic of')) {
    const official = countries.getName(alpha3, 'en', { select: 'official' });
    return official && !official.includes(',') ? official : alias.replace(/, Republic of$/, '');
  }
  return alias;
}

/** ISO numeric id (as world-atlas uses it, e.g. "364") to alpha-3 ("IRN"). */
export function numericToAlpha3(id: string | number | undefined): string | undefined {
  if (id === undefined) return undefined;
  return countries.numericToAlpha3(String(id).padStart(3, '0'));
}
