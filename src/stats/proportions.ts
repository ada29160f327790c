import { normalQuantile, normalSurvival } from './normal.js';

/** Successes out of trials: opens (or clicks) out of delivered sends. */
export interface Count {
  successes: number;
  trials: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval for a binomial proportion at confidence 1 − alpha; null with no trials, where the
 * proportion is undefined. Exact arithmetic of the textbook formula (relative error about 1e-15), clamped to
 * [0, 1] so that 0 and n successes give bounds of exactly 0 and 1.
 */
export function wilsonInterval({ successes, trials }: Count, alpha = 0.05): Interval | null {
  if (trials === 0) return null;
  const z = -normalQuantile(alpha / 2);
  const z2 = z * z;
  const center = (successes + z2 / 2) / (trials + z2);
  const half = (z / (trials + z2)) * Math.sqrt((successes * (trials - successes)) / trials + z2 / 4);
  return {
    lower: successes === 0 ? 0 : Math.max(0, center - half),
    upper: successes === trials ? 1 : Math.min(1, center + half),
  };
}

export interface ZTest {
  z: number;
  pValue: number;
}

/**
 * The pooled two-proportion z-test of `variant` against `control`, two-sided; z is positive when the variant's
 * proportion is higher. Null when it is undefined: no trials on a side, or a pooled proportion of 0 or 1 (no
 * variation, so no standard error). The p-value is 2·(1 − Φ(|z|)) from the tail itself, right below 1e-300.
 */
export function twoProportionZTest(control: Count, variant: Count): ZTest | null {
  if (control.trials === 0 || variant.trials === 0) return null;
  const pooled = (control.successes + variant.successes) / (control.trials + variant.trials);
  if (pooled === 0 || pooled === 1) return null;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / control.trials + 1 / variant.trials));
  const z = (variant.successes / variant.trials - control.successes / control.trials) / se;
  return { z, pValue: Math.min(1, 2 * normalSurvival(Math.abs(z))) };
}

export interface Difference extends Interval {
  estimate: number;
}

/**
 * The difference of two independent proportions, a − b, with Newcombe's hybrid score interval (his method 10,
 * built from the two Wilson intervals): well behaved near 0 and 1 and with small counts, where the Wald interval
 * is not. Null when either side has no trials.
 */
export function newcombeDifference(a: Count, b: Count, alpha = 0.05): Difference | null {
  const ciA = wilsonInterval(a, alpha);
  const ciB = wilsonInterval(b, alpha);
  if (!ciA || !ciB) return null;
  const pA = a.successes / a.trials;
  const pB = b.successes / b.trials;
  const estimate = pA - pB;
  return {
    estimate,
    lower: estimate - Math.sqrt((pA - ciA.lower) ** 2 + (ciB.upper - pB) ** 2),
    upper: estimate + Math.sqrt((ciA.upper - pA) ** 2 + (pB - ciB.lower) ** 2),
  };
}
