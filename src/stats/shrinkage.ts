import type { Count } from './proportions.js';
import { logBeta } from './special.js';

export interface ShrunkRates {
  /** Σ successes / Σ trials: where every cell is pulled toward (0 with no trials at all). */
  overallRate: number;
  /**
   * The fitted prior's α + β, in pseudo-trials: how hard cells are pulled. Infinity when the cells vary no more
   * than binomial noise (or there is nothing to vary), so every cell gets the overall rate.
   */
  priorStrength: number;
  /** Each cell's posterior mean (successes + overall·strength) / (trials + strength), in the order given. */
  rates: number[];
}

// Strengths searched, in log space: from almost no pull to about a billion pseudo-trials.
const LOG_STRENGTH_RANGE = [Math.log(1e-3), Math.log(1e9)] as const;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const SEARCH_TOLERANCE = 1e-10;

/** The beta-binomial log marginal likelihood of the cells for a Beta(μs, (1 − μ)s) prior, up to a constant. */
function logLikelihood(cells: Count[], mean: number, strength: number): number {
  const a = mean * strength;
  const b = (1 - mean) * strength;
  const prior = logBeta(a, b);
  return cells.reduce((sum, c) => sum + logBeta(c.successes + a, c.trials - c.successes + b) - prior, 0);
}

/** The same, in the limit of infinite strength: the binomial likelihood at the overall rate. */
const binomialLogLikelihood = (cells: Count[], mean: number) =>
  cells.reduce(
    (sum, c) => sum + c.successes * Math.log(mean) + (c.trials - c.successes) * Math.log1p(-mean),
    0,
  );

/** Golden-section search for the maximum of a unimodal function on [low, high]. */
function maximize(fn: (x: number) => number, low: number, high: number): number {
  let [a, b] = [low, high];
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let [fc, fd] = [fn(c), fn(d)];
  while (b - a > SEARCH_TOLERANCE) {
    if (fc > fd) {
      [b, d, fd] = [d, c, fc];
      c = b - GOLDEN * (b - a);
      fc = fn(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + GOLDEN * (b - a);
      fd = fn(d);
    }
  }
  return (a + b) / 2;
}

/**
 * Empirical-Bayes beta-binomial shrinkage of many cells (e.g. weekday × hour) toward their overall rate, so a
 * cell with 3 opens of 5 does not outrank one with 300 of 600. The prior's mean is the overall rate; its strength
 * maximises the marginal likelihood (golden-section search in log space, about 1e-8 relative), or is infinite
 * when the binomial likelihood at the overall rate is at least as high.
 */
export function shrinkRates(cells: Count[]): ShrunkRates {
  const successes = cells.reduce((sum, c) => sum + c.successes, 0);
  const trials = cells.reduce((sum, c) => sum + c.trials, 0);
  const overallRate = trials === 0 ? 0 : successes / trials;
  const pooled = {
    overallRate,
    priorStrength: Number.POSITIVE_INFINITY,
    rates: cells.map(() => overallRate),
  };
  if (overallRate === 0 || overallRate === 1) return pooled;
  const logStrength = maximize((t) => logLikelihood(cells, overallRate, Math.exp(t)), ...LOG_STRENGTH_RANGE);
  const priorStrength = Math.exp(logStrength);
  if (binomialLogLikelihood(cells, overallRate) >= logLikelihood(cells, overallRate, priorStrength))
    return pooled;
  return {
    overallRate,
    priorStrength,
    rates: cells.map((c) => (c.successes + overallRate * priorStrength) / (c.trials + priorStrength)),
  };
}
