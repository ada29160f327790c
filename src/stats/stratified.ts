import { normalQuantile } from './normal.js';
import type { Count, Difference } from './proportions.js';

export interface Stratum {
  treated: Count;
  control: Count;
}

/**
 * The Mantel–Haenszel risk difference, treated − control, over strata (campaigns), with Sato's (1989) variance,
 * which holds both with many sparse strata and with few large ones, and its Wald interval at 1 − alpha. Each
 * stratum weighs n₁n₀/(n₁+n₀): a campaign counts by how well it compares the two, and a difference in the mix
 * of campaigns between the arms cannot pose as an effect. With one stratum it is the plain difference with the
 * Wald interval. Strata missing an arm are left out; null when none is left.
 */
export function mantelHaenszelDifference(strata: Stratum[], alpha = 0.05): Difference | null {
  let weights = 0;
  let numerator = 0;
  let sumP = 0;
  let sumQ = 0;
  for (const { treated, control } of strata) {
    const n1 = treated.trials;
    const n0 = control.trials;
    if (n1 === 0 || n0 === 0) continue;
    const a = treated.successes;
    const c = control.successes;
    const total = n1 + n0;
    weights += (n1 * n0) / total;
    numerator += (a * n0 - c * n1) / total;
    sumP += (n1 * n1 * c - n0 * n0 * a + (n1 * n0 * (n0 - n1)) / 2) / (total * total);
    sumQ += (a * (n0 - c) + c * (n1 - a)) / (2 * total);
  }
  if (weights === 0) return null;
  const estimate = numerator / weights;
  const se = Math.sqrt(Math.max(0, estimate * sumP + sumQ)) / weights;
  const z = -normalQuantile(alpha / 2);
  return { estimate, lower: estimate - z * se, upper: estimate + z * se };
}
