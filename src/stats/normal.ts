import { regularizedGamma } from './special.js';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Φ(z), the standard normal distribution function, as ½·erfc(−z/√2) = ½·Q(½, z²/2): the tail is computed
 * directly, never as 1 − something, so Φ(−38) ≈ 3e-316 keeps about 1e-14 relative accuracy.
 */
export function normalCdf(z: number): number {
  const { lower, upper } = regularizedGamma(0.5, (z * z) / 2);
  return z < 0 ? 0.5 * upper : 0.5 + 0.5 * lower;
}

/** 1 − Φ(z), the upper tail, with the same relative accuracy as normalCdf(−z). */
export const normalSurvival = (z: number): number => normalCdf(-z);

// Acklam's rational approximation (relative error below 1.15e-9), refined below by one Halley step.
const CENTRAL_NUM = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const CENTRAL_DEN = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  1,
];
const TAIL_NUM = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const TAIL_DEN = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416, 1];
const TAIL_BELOW = 0.02425;

const polynomial = (coefficients: number[], x: number) => coefficients.reduce((sum, c) => sum * x + c, 0);

/** Acklam's starting value for p ≤ ½. */
function roughLowerQuantile(p: number): number {
  if (p < TAIL_BELOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return polynomial(TAIL_NUM, q) / polynomial(TAIL_DEN, q);
  }
  const q = p - 0.5;
  return (polynomial(CENTRAL_NUM, q * q) * q) / polynomial(CENTRAL_DEN, q * q);
}

/** The quantile for p ≤ ½: one Halley step on Φ(x) = p triples the digits, to about 1e-15 relative. */
function lowerQuantile(p: number): number {
  const x = roughLowerQuantile(p);
  // (Φ(x) − p) / φ(x), written as a relative error times p/φ(x) so it cannot overflow in the far tail.
  const u = ((normalCdf(x) - p) / p) * Math.exp(Math.log(p) + (x * x) / 2 + LN_SQRT_2PI);
  return x - u / (1 + (x * u) / 2);
}

/** Φ⁻¹(p) for 0 < p < 1, about 1e-15 relative for p ≥ 1e-300 (and for 1 − p where p is given near 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  return p <= 0.5 ? lowerQuantile(p) : -lowerQuantile(1 - p);
}
