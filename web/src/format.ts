// Number and label formatting shared by the views.

export const QUAD_LABELS = [
  'Verbal cooperation',
  'Material cooperation',
  'Verbal conflict',
  'Material conflict',
];
export const QUAD_SHORT = ['verbal coop.', 'material coop.', 'verbal conflict', 'material conflict'];
export const QUAD_COLORS = ['#5fa8d3', '#1b6ca8', '#f4a259', '#c8553d'];

export function fmtInt(n: number): string {
  return n.toLocaleString('en-GB');
}

export function fmtScore(n: number): string {
  const s = n.toFixed(2);
  return n > 0 ? `+${s}` : s;
}

/** Diverging colour for a score in [-1, 1]: red (conflict) through pale grey to green (cooperation). */
export function scoreColor(score: number): string {
  const t = Math.max(-1, Math.min(1, score));
  const mix = (a: number[], b: number[], f: number) => a.map((x, i) => Math.round(x + (b[i] - x) * f));
  const neutral = [236, 236, 232];
  const coop = [26, 137, 96];
  const conflict = [200, 64, 52];
  const [r, g, b] = t >= 0 ? mix(neutral, coop, t) : mix(neutral, conflict, -t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Distinct colours for blocs (colour-blind aware, Okabe–Ito order). */
export const BLOC_COLORS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#8c6d31',
  '#7f3c8d',
];

export function blocColor(index: number | undefined): string {
  if (index === undefined || index < 0) return '#9a9a9a';
  return BLOC_COLORS[index % BLOC_COLORS.length];
}

/** A claim value for reading: 25000000000 -> "25 bn". */
export function fmtValue(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e12) return `${+(value / 1e12).toFixed(2)} tn`;
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(2)} m`;
  return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}
