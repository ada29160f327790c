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

export interface StrengthPosterior {
  /** Σ successes / Σ trials, the prior's mean. */
  overallRate: number;
  /** Candidate prior strengths (α + β, pseudo-trials), log-spaced. */
  strengths: number[];
  /** Their posterior probabilities, summing to 1. */
  weights: number[];
}

// Candidate strengths, log-spaced from nearly no pull to a million pseudo-trials (cells all alike).
const STRENGTH_GRID = Array.from({ length: 61 }, (_, i) => 10 ** (i / 10));

/**
 * The posterior of the beta-binomial prior's strength s across cells, the mean μ fixed at the overall rate
 * (with no successes, or only, (Σ successes + ½) / (Σ trials + 1), to stay inside (0, 1)). The hyperprior is half-normal on
 * the cells' standard deviation τ = √(μ(1 − μ)/(s + 1)) with scale `relativeScale`·μ — the weakly informative
 * group-level prior of Gelman (2006) — on a grid of 61 strengths. Unlike shrinkRates' single best strength,
 * often infinite when one cell of many differs, this keeps the chance that cells differ: cell means are
 * averages over it. With no trials the weights are the hyperprior's.
 */
export function strengthPosterior(cells: Count[], relativeScale = 0.25): StrengthPosterior {
  const successes = cells.reduce((sum, c) => sum + c.successes, 0);
  const trials = cells.reduce((sum, c) => sum + c.trials, 0);
  const overallRate =
    successes > 0 && successes < trials ? successes / trials : (successes + 0.5) / (trials + 1);
  const scale = relativeScale * overallRate;
  const logs = STRENGTH_GRID.map((s) => {
    const tau = Math.sqrt((overallRate * (1 - overallRate)) / (s + 1));
    // Half-normal density of τ, times |dτ/d log s| = τ·s / (2(s + 1)): the grid is uniform in log s.
    const logPrior = -0.5 * (tau / scale) ** 2 + Math.log((tau * s) / (s + 1));
    return logPrior + logLikelihood(cells, overallRate, s);
  });
  const top = Math.max(...logs);
  const raw = logs.map((l) => Math.exp(l - top));
  const total = raw.reduce((a, b) => a + b, 0);
  return { overallRate, strengths: STRENGTH_GRID, weights: raw.map((w) => w / total) };
}
