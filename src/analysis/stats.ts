// Small statistics: the cooperation index, Cohen's kappa, Signorino–Ritter S, the normal
// distribution, a two-proportion z-test, Benjamini–Hochberg and a seeded random generator.

/** Weighted sums of one set of events: n, Σw, Σw² with w = 1 + |goldstein|. */
export interface Tally {
  n: number;
  w: number;
  w2: number;
}

export function emptyTally(): Tally {
  return { n: 0, w: 0, w2: 0 };
}

/** Adds aggregated rows: count, Σ|g| and Σg² give Σ(1+|g|) and Σ(1+|g|)². */
export function addToTally(t: Tally, count: number, sumAbs: number, sumSq: number): void {
  t.n += count;
  t.w += count + sumAbs;
  t.w2 += count + 2 * sumAbs + sumSq;
}

export function mergeTally(into: Tally, from: Tally): void {
  into.n += from.n;
  into.w += from.w;
  into.w2 += from.w2;
}

/**
 * Cooperation index in [-1, 1]: (C − K) / (C + K), where C and K are the sums of event weights
 * w = 1 + |goldstein| over cooperative (quad class 1-2) and conflictual (3-4) events. Its standard
 * error treats events as independent draws of s = ±1 with weights w:
 * SE = sqrt(Σ w²(s − I)²) / Σw.
 */
export function cooperationIndex(coop: Tally, conflict: Tally): { index: number | null; se: number | null } {
  const total = coop.w + conflict.w;
  if (total <= 0) return { index: null, se: null };
  const index = (coop.w - conflict.w) / total;
  const variance = coop.w2 * (1 - index) ** 2 + conflict.w2 * (1 + index) ** 2;
  return { index, se: Math.sqrt(variance) / total };
}

export interface Agreement {
  /** Items both rated. */
  readonly n: number;
  /** Share of identical ratings. */
  readonly agreement: number;
  /** Cohen's kappa, or null when undefined (both constant in the same category gives 1). */
  readonly kappa: number | null;
}

/** Cohen's kappa of two paired categorical vectors (categories as small integers). */
export function cohensKappa(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  categories: readonly number[],
): Agreement {
  const n = a.length;
  if (n === 0) return { n: 0, agreement: 0, kappa: null };
  const ca = new Map<number, number>();
  const cb = new Map<number, number>();
  let same = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) same++;
    ca.set(x, (ca.get(x) ?? 0) + 1);
    cb.set(y, (cb.get(y) ?? 0) + 1);
  }
  const po = same / n;
  let pe = 0;
  for (const k of categories) pe += ((ca.get(k) ?? 0) / n) * ((cb.get(k) ?? 0) / n);
  const kappa = pe >= 1 - 1e-12 ? (po >= 1 - 1e-12 ? 1 : null) : (po - pe) / (1 - pe);
  return { n, agreement: po, kappa };
}

/**
 * Signorino–Ritter S: 1 − 2·Σ|a − b| / (n·d), d being the largest possible distance of one item
 * (for stances in [-1, 1], d = 2; for UN votes coded 1 yes, 2 abstain, 3 no, d = 2).
 */
export function signorinoRitterS(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  maxDistance: number,
): number | null {
  const n = a.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(a[i]! - b[i]!);
  return 1 - (2 * sum) / (n * maxDistance);
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 via erf). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Two-proportion z-test of p1 = x1/n1 against p2 = x2/n2 with the pooled variance.
 * Returns z (positive when p2 > p1) and the two-sided p-value.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { z: number; p: number } {
  if (n1 === 0 || n2 === 0) return { z: 0, p: 1 };
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return { z: 0, p: 1 };
  const z = (x2 / n2 - x1 / n1) / se;
  return { z, p: 2 * (1 - normalCdf(Math.abs(z))) };
}

/** Benjamini–Hochberg adjusted p-values (q-values), same order as the input. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let min = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [p, i] = order[r]!;
    min = Math.min(min, (p * m) / (r + 1));
    q[i] = min;
  }
  return q;
}

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

export function standardDeviation(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  let s = 0;
  for (const v of values) s += (v - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}

export function round(value: number | null, digits = 4): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
