import { normalCdf, normalQuantile } from './normal.js';

export interface PowerPlan {
  baseline: number;
  target: number;
  /** Two-sided significance level of one comparison. */
  alpha: number;
  power: number;
}

/** Cohen's h, the arcsine-transformed difference of two proportions: 2·asin√target − 2·asin√baseline. */
export const cohensH = (baseline: number, target: number) =>
  2 * Math.asin(Math.sqrt(target)) - 2 * Math.asin(Math.sqrt(baseline));

const BISECTIONS = 200;

/**
 * Sends per variant for a two-sided test on Cohen's h with equal groups, as standard power software computes it
 * (statsmodels' NormalIndPower, G*Power): the n solving Φ(|h|√(n/2) − z) + Φ(−|h|√(n/2) − z) = power, where
 * z = Φ⁻¹(1 − α/2) and both rejection tails count. A real number, to full double precision; round it up.
 */
export function sampleSizeCohensH({ baseline, target, alpha, power }: PowerPlan): number {
  const h = Math.abs(cohensH(baseline, target));
  const t = standardizedDistance(alpha, power);
  return (2 * t * t) / (h * h);
}

/**
 * The smallest rate above `baseline` a two-sided test on Cohen's h detects with `perVariant` sends in each of
 * two groups: the inverse of sampleSizeCohensH, h = t·√(2/n), target = sin²(asin√baseline + h/2). Null when no
 * rate up to 1 is detectable.
 */
export function detectableRate({
  baseline,
  perVariant,
  alpha,
  power,
}: Omit<PowerPlan, 'target'> & { perVariant: number }): number | null {
  if (!(perVariant > 0)) return null;
  const h = standardizedDistance(alpha, power) * Math.sqrt(2 / perVariant);
  const angle = Math.asin(Math.sqrt(baseline)) + h / 2;
  return angle >= Math.PI / 2 ? null : Math.sin(angle) ** 2;
}

/** The t = |h|·√(n/2) at which a two-sided z-test at `alpha` reaches `power`, both tails counted. */
function standardizedDistance(alpha: number, power: number): number {
  const z = -normalQuantile(alpha / 2);
  const powerAt = (t: number) => normalCdf(t - z) + normalCdf(-t - z);
  // powerAt rises from α at t = 0; at z + |Φ⁻¹(power)| + 1 the first term alone is above any power < 1.
  let low = 0;
  let high = z + Math.abs(normalQuantile(power)) + 1;
  for (let i = 0; i < BISECTIONS && high - low > Number.EPSILON * high; i++) {
    const mid = (low + high) / 2;
    if (powerAt(mid) < power) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Sends per variant by the pooled-normal (Fleiss, no continuity correction) formula:
 * n = (z_{α/2}·√(2·p̄·q̄) + z_β·√(p₁q₁ + p₂q₂))² / (p₁ − p₂)². A real number; round it up.
 */
export function sampleSizePooledNormal({ baseline, target, alpha, power }: PowerPlan): number {
  const zAlpha = -normalQuantile(alpha / 2);
  const zBeta = normalQuantile(power);
  const mean = (baseline + target) / 2;
  const spread =
    zAlpha * Math.sqrt(2 * mean * (1 - mean)) +
    zBeta * Math.sqrt(baseline * (1 - baseline) + target * (1 - target));
  return spread ** 2 / (baseline - target) ** 2;
}
