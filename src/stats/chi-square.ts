import type { Count } from './proportions.js';
import { regularizedGamma } from './special.js';

/** P(X ≥ x) for X ~ χ²(dof): the regularized upper incomplete gamma Q(dof/2, x/2), about 1e-14 relative. */
export function chiSquareSurvival(x: number, dof: number): number {
  return regularizedGamma(dof / 2, x / 2).upper;
}

export interface ChiSquareTest {
  statistic: number;
  dof: number;
  pValue: number;
}

const test = (statistic: number, dof: number): ChiSquareTest => ({
  statistic,
  dof,
  pValue: chiSquareSurvival(statistic, dof),
});

/**
 * Pearson's chi-square test of independence over the k × {success, failure} table, without continuity
 * correction. Null when undefined: fewer than two rows, a row without trials, or no successes (or no failures)
 * at all, where expected counts are zero.
 */
export function chiSquareIndependence(rows: Count[]): ChiSquareTest | null {
  const successes = rows.reduce((sum, r) => sum + r.successes, 0);
  const trials = rows.reduce((sum, r) => sum + r.trials, 0);
  if (rows.length < 2 || rows.some((r) => r.trials === 0) || successes === 0 || successes === trials)
    return null;
  const pooled = successes / trials;
  // Both cells of a row deviate by the same amount, so their two terms combine into one.
  const statistic = rows.reduce(
    (sum, r) => sum + (r.successes - r.trials * pooled) ** 2 / (r.trials * pooled * (1 - pooled)),
    0,
  );
  return test(statistic, rows.length - 1);
}

/**
 * The sample-ratio-mismatch check: chi-square goodness of fit of the observed counts against the intended split
 * (any positive weights, one per count). Null when nothing was observed.
 */
export function sampleRatioTest(observed: number[], split: number[]): ChiSquareTest | null {
  const total = observed.reduce((sum, o) => sum + o, 0);
  const weight = split.reduce((sum, w) => sum + w, 0);
  if (total === 0) return null;
  const statistic = observed.reduce((sum, o, i) => {
    const expected = (total * (split[i] ?? 0)) / weight;
    return sum + (o - expected) ** 2 / expected;
  }, 0);
  return test(statistic, observed.length - 1);
}
